"""Flat tables of records for spreadsheets: one row per record item, one table per section.

Tables: `patients` (patient and outcome), `tumours`, `metastases`, `treatments`, `labs`,
`adverse_events`, `events`, `findings` (outcome statements of reviews and series), `cohorts`
(the summary of a case series) and `mentions`. Every row starts with `doc_id` and `n` (the item's
1-based position in its section). Nested values are spread over columns named by their path
(`topography_code`, `dose_value`); lists of values are joined with `|` (`segments`,
`*_mentions`); lists of objects (`markers`) and mapping values are JSON. Columns come from the
models, so they are the same whatever the data.
"""

from __future__ import annotations

import json
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from oncofr.models import (
    AdverseEvent,
    Cohort,
    DocumentResult,
    Event,
    Finding,
    Lab,
    Mention,
    Metastasis,
    Outcome,
    Patient,
    Treatment,
    Tumour,
)

RECORD_LISTS: dict[str, type[BaseModel]] = {
    "tumours": Tumour, "metastases": Metastasis, "treatments": Treatment, "labs": Lab,
    "adverse_events": AdverseEvent, "events": Event, "findings": Finding,
}
KEYS = ("doc_id", "n")


def flat_columns() -> dict[str, list[str]]:
    """The columns of every flat table."""
    columns = {"patients": [*KEYS, *_patient_row(None, None)]}
    columns |= {name: [*KEYS, *flatten(model, None)] for name, model in RECORD_LISTS.items()}
    return columns | {"cohorts": [*KEYS, *flatten(Cohort, None)],
                      "mentions": [*KEYS, *flatten(Mention, None)]}


def flat_rows(result: DocumentResult) -> dict[str, list[dict[str, Any]]]:
    """The rows of one result, by table."""
    record = result.record
    tables = {"patients": [_keyed(result, 1, _patient_row(record.patient, record.outcome))]}
    for name, model in RECORD_LISTS.items():
        tables[name] = [_keyed(result, n, flatten(model, item))
                        for n, item in enumerate(getattr(record, name), start=1)]
    tables["cohorts"] = [_keyed(result, 1, flatten(Cohort, record.cohort))] if record.cohort else []
    tables["mentions"] = [_keyed(result, n, flatten(Mention, mention))
                          for n, mention in enumerate(result.mentions, start=1)]
    return tables


def flatten(model: type[BaseModel], item: BaseModel | None, prefix: str = "") -> dict[str, Any]:
    """`item`'s fields as cells; a nested model's fields become `<field>_<subfield>` columns."""
    row: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        value = getattr(item, name) if item is not None else None
        nested = _nested_model(field.annotation)
        if nested is None:
            row[prefix + name] = cell(value)
        else:
            row |= flatten(nested, value, f"{prefix}{name}_")
    return row


def cell(value: Any) -> Any:
    """A CSV-friendly value: `|`-joined scalar lists, JSON for objects, `true`/`false`."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "|".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(to_jsonable_python(value), ensure_ascii=False)
    return value


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model class of a `Model` or `Model | None` field (not of a list of models)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        return next((a for a in get_args(annotation) if _nested_model(a)), None)
    return None


def _patient_row(patient: Patient | None, outcome: Outcome | None) -> dict[str, Any]:
    return flatten(Patient, patient) | flatten(Outcome, outcome, "outcome_")


def _keyed(result: DocumentResult, n: int, row: dict[str, Any]) -> dict[str, Any]:
    return {"doc_id": result.id, "n": n} | row
