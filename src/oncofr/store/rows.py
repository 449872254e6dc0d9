"""One document's result (or error) as rows of the store tables.

Every engine writes these rows: the local writer into DuckDB or PostgreSQL, Spark into Parquet.
Lists and free-form values are JSON text; `ordinal` is the item's index in the result's list.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from oncofr.clean.text import fold
from oncofr.models import DocumentError, DocumentResult, Record, Tumour
from oncofr.values import as_number

Row = dict[str, Any]

TABLES = (
    "documents",
    "sections",
    "mentions",
    "patients",
    "tumours",
    "metastases",
    "treatments",
    "labs",
    "adverse_events",
    "events",
    "warnings",
)
DOCUMENT_KEY = {table: "id" if table == "documents" else "doc_id" for table in TABLES}


def document_rows(
    item: DocumentResult | DocumentError,
    *,
    content_hash: str | None,
    pipeline_version: str,
    processed_at: datetime,
) -> dict[str, list[Row]]:
    """The rows of every table for one document; an error has its `documents` row only."""
    document = {
        "id": item.id,
        "content_hash": content_hash,
        "pipeline_version": pipeline_version,
        "processed_at": processed_at,
    }
    if isinstance(item, DocumentError):
        document |= {"status": "error", "error": item.error, "hint": item.hint}
        document |= {"source": item.source, "format": None, "doc_type": None}
        document |= {"note_date": None, "result_schema": None, "result": None}
        return {"documents": [document]}
    meta = item.meta
    document |= {"status": "ok", "error": None, "hint": None, "source": meta.source}
    document |= {"format": meta.format, "doc_type": meta.type, "note_date": meta.note_date}
    document |= {"result_schema": item.schema_, "result": item.to_json()}
    doc_id, record = item.id, item.record
    return {
        "documents": [document],
        "sections": [
            {"doc_id": doc_id, "ordinal": index, "label": section.label, "title": section.title,
             "start_offset": section.start, "end_offset": section.end}
            for index, section in enumerate(item.sections)
        ],
        "mentions": [
            {"doc_id": doc_id, "mention_id": mention.id, "label": mention.label,
             "start_offset": mention.start, "end_offset": mention.end, "text": mention.text,
             "code": mention.code, "system": mention.system, "value": _json(mention.value),
             "negated": mention.negated, "hypothetical": mention.hypothetical,
             "historical": mention.historical, "family": mention.family,
             "section": mention.section, "attributes": _json(mention.attributes)}
            for mention in item.mentions
        ],
        "patients": [_patient(doc_id, record)],
        "tumours": [_tumour(doc_id, index, tumour) for index, tumour in enumerate(record.tumours)],
        "metastases": [
            {"doc_id": doc_id, "ordinal": index,
             "topography_code": metastasis.topography.code,
             "topography_label": metastasis.topography.label, "count": metastasis.count,
             "largest_size_mm": metastasis.largest_size_mm,
             "segments": _json(metastasis.segments), "date": metastasis.date,
             "timing": metastasis.timing.value if metastasis.timing else None,
             "uptake_scale": metastasis.uptake.scale if metastasis.uptake else None,
             "uptake_score": metastasis.uptake.value if metastasis.uptake else None,
             "mentions": _json(_union(
                 metastasis.topography.mentions, metastasis.mentions,
                 *(value.mentions for value in (metastasis.timing, metastasis.uptake) if value)))}
            for index, metastasis in enumerate(record.metastases)
        ],
        "treatments": [
            {"doc_id": doc_id, "ordinal": index, "type": treatment.type, "name": treatment.name,
             "name_folded": fold_name(treatment.name), "atc": treatment.atc,
             "dose_value": treatment.dose.value if treatment.dose else None,
             "dose_unit": treatment.dose.unit if treatment.dose else None,
             "frequency": treatment.frequency, "route": treatment.route,
             "start_date": treatment.start, "end_date": treatment.end, "line": treatment.line,
             "best_response": treatment.best_response, "stop_reason": treatment.stop_reason,
             "mentions": _json(treatment.mentions)}
            for index, treatment in enumerate(record.treatments)
        ],
        "labs": [
            {"doc_id": doc_id, "ordinal": index, "test": lab.test, "loinc": lab.loinc,
             "value": lab.value, "unit": lab.unit, "flag": lab.flag, "date": lab.date,
             "mentions": _json(lab.mentions)}
            for index, lab in enumerate(record.labs)
        ],
        "adverse_events": [
            {"doc_id": doc_id, "ordinal": index, "term": event.term, "grade": event.grade,
             "attributed_to": event.attributed_to, "mentions": _json(event.mentions)}
            for index, event in enumerate(record.adverse_events)
        ],
        "events": [
            {"doc_id": doc_id, "ordinal": index, "date": event.date, "kind": event.kind,
             "label": event.label, "mentions": _json(event.mentions)}
            for index, event in enumerate(record.events)
        ],
        "warnings": [
            {"doc_id": doc_id, "ordinal": index, "kind": warning.kind,
             "message": warning.message, "mentions": _json(warning.mentions)}
            for index, warning in enumerate(item.warnings)
        ],
    }


def fold_name(name: str) -> str:
    """A drug name as matched by queries: lower case, no accents, single spaces."""
    return " ".join(fold(name).split())


def _patient(doc_id: str, record: Record) -> Row:
    age, sex, outcome = record.patient.age, record.patient.sex, record.outcome
    return {
        "doc_id": doc_id,
        "age": as_number(age.value) if age else None,
        "sex": _text(sex.value) if sex else None,
        "vital_status": outcome.vital_status,
        "last_status": outcome.last_status,
        "last_follow_up": outcome.last_follow_up,
        "mentions": _json(
            _union(age.mentions if age else [], sex.mentions if sex else [], outcome.mentions)
        ),
    }


def _tumour(doc_id: str, index: int, tumour: Tumour) -> Row:
    parts = (tumour.topography, tumour.morphology, tumour.grade, tumour.ki67, tumour.stage)
    mentions = _union(*(part.mentions for part in parts if part), *(
        marker.mentions for marker in tumour.markers
    ))
    return {
        "doc_id": doc_id,
        "ordinal": index,
        "topography_code": tumour.topography.code if tumour.topography else None,
        "topography_label": tumour.topography.label if tumour.topography else None,
        "morphology_code": tumour.morphology.code if tumour.morphology else None,
        "morphology_label": tumour.morphology.label if tumour.morphology else None,
        "grade": _text(tumour.grade.value) if tumour.grade else None,
        "ki67": as_number(tumour.ki67.value) if tumour.ki67 else None,
        "stage": _text(tumour.stage.value) if tumour.stage else None,
        "markers": _json([marker.model_dump(mode="json") for marker in tumour.markers]),
        "mentions": _json(mentions),
    }


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _text(value: Any) -> str | None:
    """A free-form record value as text (JSON for non-strings)."""
    return value if value is None or isinstance(value, str) else _json(value)


    return None


def _union(*lists: list[str]) -> list[str]:
    """Mention ids of several lists, each once, in order."""
    return list(dict.fromkeys(mention for ids in lists for mention in ids))
