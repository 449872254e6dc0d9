"""Patient-record metrics: the predicted record reduced to the gold form, then field scores.

Set fields are scored with P/R/F1 (micro over documents; strings compared lower-cased without
accents, numbers as numbers, adverse events as CTCAE terms where OncoFR's table knows the
French term); age (within 0.5 year), sex and vital status with accuracy over all gold
documents, `null` matching `null`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from oncofr.evaluate.core import Counts, accuracy, fold, norm_code, set_counts
from oncofr.recognize.disorders import finding_lexicon
from oncofr.values import as_number

AGE_TOLERANCE = 0.5


def reduce_record(result: dict[str, Any]) -> dict[str, Any]:
    """`result.record` in the reduced form of `spec/record-guidelines.md`."""
    record = result.get("record") or {}
    patient = record.get("patient") or {}
    return {
        "doc_id": result["id"],
        "age": _value(patient.get("age")),
        "sex": _value(patient.get("sex")),
        "tumours": [
            {"topography": _code(t.get("topography")), "morphology": _code(t.get("morphology")),
             "grade": _value(t.get("grade")), "ki67": _value(t.get("ki67")),
             "stage": _value(t.get("stage"))}
            for t in record.get("tumours") or []
        ],
        "metastases": list(dict.fromkeys(
            code for m in record.get("metastases") or [] if (code := _code(m.get("topography"))))),
        "treatments": [
            {"type": t.get("type"), "name": t.get("name"), "dose": _dose(t.get("dose")),
             "best_response": t.get("best_response")}
            for t in record.get("treatments") or []
        ],
        "labs": [{"test": lab.get("test"), "value": lab.get("value"), "unit": lab.get("unit")}
                 for lab in record.get("labs") or []],
        "adverse_events": [event["term"] for event in record.get("adverse_events") or []],
        "vital_status": (record.get("outcome") or {}).get("vital_status") or "unknown",
    }


def _value(item: dict[str, Any] | None) -> Any:
    return (item or {}).get("value")


def _code(item: dict[str, Any] | None) -> str | None:
    return (item or {}).get("code")


def _dose(dose: dict[str, Any] | None) -> dict[str, Any] | None:
    if not dose or dose.get("value") is None:
        return None
    return {"value": dose["value"], "unit": dose.get("unit")}


def _text(value: Any) -> Any:
    """A value as compared: a rounded number, a folded string, or `None`."""
    number = as_number(value)
    if number is not None:
        return round(number, 4)
    return fold(str(value)) if value is not None else None


def _metastases(width: int) -> Callable[[dict[str, Any]], set[Any]]:
    return lambda r: {code.replace(".", "")[:width] for c in r.get("metastases") or []
                      if (code := norm_code(c))}


def _adverse_event(term: str) -> str:
    """An adverse event as compared: its CTCAE term when `adverse_events.tsv` has the French
    term (« mucosite » and « mucite » are both Mucositis oral), else the folded term."""
    finding = finding_lexicon().get(term)
    return finding.ctcae if finding is not None and finding.ctcae else fold(term)


def _tumour(key: str) -> Callable[[dict[str, Any]], set[Any]]:
    def values(record: dict[str, Any]) -> set[Any]:
        found = (t.get(key) for t in record.get("tumours") or [])
        if key in ("topography", "morphology"):
            return {code for v in found if (code := norm_code(v))}
        return {_text(v) for v in found if v is not None}
    return values


def _treatments(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in record.get("treatments") or [] if t.get("name")]


SET_FIELDS: dict[str, Callable[[dict[str, Any]], set[Any]]] = {
    "tumour topography": _tumour("topography"),
    "tumour morphology": _tumour("morphology"),
    "tumour grade": _tumour("grade"),
    "tumour ki67": _tumour("ki67"),
    "tumour stage": _tumour("stage"),
    "metastases (3 chars)": _metastases(3),
    "metastases (4 chars)": _metastases(4),
    "treatment names": lambda r: {fold(t["name"]) for t in _treatments(r)},
    "treatment (name, dose)": lambda r: {
        (fold(t["name"]), _text(t["dose"].get("value")), _text(t["dose"].get("unit")))
        for t in _treatments(r) if t.get("dose")},
    "best response (name, response)": lambda r: {
        (fold(t["name"]), t["best_response"]) for t in _treatments(r) if t.get("best_response")},
    "labs (test, value, unit)": lambda r: {
        (_text(lab.get("test")), _text(lab.get("value")), _text(lab.get("unit")))
        for lab in r.get("labs") or []},
    "adverse events": lambda r: {_adverse_event(term) for term in r.get("adverse_events") or []},
}


def _same_age(gold: Any, pred: Any) -> bool:
    g, p = as_number(gold), as_number(pred)
    if g is None or p is None:
        return g is None and p is None
    return abs(g - p) <= AGE_TOLERANCE


ACCURACY_FIELDS: dict[str, Callable[[Any, Any], bool]] = {
    "age": _same_age,
    "sex": lambda g, p: _text(g) == _text(p),
    "vital_status": lambda g, p: _text(g or "unknown") == _text(p or "unknown"),
}


@dataclass(frozen=True)
class RecordError:
    """A record field that differs: items `missing` from and `extra` in the prediction."""

    doc_id: str
    field: str
    missing: list[str]
    extra: list[str]


def score_records(
    gold: list[dict[str, Any]], pred: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], list[RecordError]]:
    """Scores of reduced predicted records (by doc id) against gold records."""
    fields = {name: Counts() for name in SET_FIELDS}
    right = dict.fromkeys(ACCURACY_FIELDS, 0)
    errors: list[RecordError] = []
    for record in gold:
        doc_id = record["doc_id"]
        predicted = pred.get(doc_id) or reduce_record({"id": doc_id})
        for name, values in SET_FIELDS.items():
            g, p = values(record), values(predicted)
            fields[name].add(set_counts(g, p))
            if g != p:
                errors.append(RecordError(doc_id, name, _show(g - p), _show(p - g)))
        for name, same in ACCURACY_FIELDS.items():
            expected, got = record.get(name), predicted.get(name)
            if same(expected, got):
                right[name] += 1
            else:
                errors.append(RecordError(doc_id, name, [str(expected)], [str(got)]))
    micro = Counts()
    for counts in fields.values():
        micro.add(counts)
    summary = {
        "fields": {name: {"gold": c.tp + c.fn, "pred": c.tp + c.fp, **c.to_dict()}
                   for name, c in fields.items()},
        "micro": {"gold": micro.tp + micro.fn, "pred": micro.tp + micro.fp, **micro.to_dict()},
        "accuracy": {name: accuracy(right[name], len(gold)) for name in ACCURACY_FIELDS},
    }
    return summary, errors


def _show(items: set[Any]) -> list[str]:
    return sorted(", ".join(map(str, i)) if isinstance(i, tuple) else str(i) for i in items)
