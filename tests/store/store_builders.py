"""Hand-made document results with known records, and generated note corpora, for the store
tests (invented texts)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from oncofr.ingest.sources import IngestOptions, RawDocument, iter_documents
from oncofr.models import DocumentResult, Record

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def patient_result(
    doc_id: str,
    *,
    age: float | None = None,
    sex: str | None = None,
    tumours: Sequence[dict[str, Any]] = (),
    metastases: Sequence[str] = (),
    treatments: Sequence[dict[str, Any]] = (),
) -> DocumentResult:
    """A result whose record has these facts; tumours are {topography, morphology, ki67}."""
    text = f"Compte rendu {doc_id}. Patient suivi."
    record: dict[str, Any] = {
        "patient": {
            "age": {"value": age, "mentions": ["m1"]} if age is not None else None,
            "sex": {"value": sex, "mentions": []} if sex else None,
        },
        "tumours": [
            {
                "topography": {"code": tumour.get("topography"), "label": "site"},
                "morphology": {"code": tumour.get("morphology"), "label": "type"},
                "ki67": {"value": tumour["ki67"]} if tumour.get("ki67") is not None else None,
            }
            for tumour in tumours
        ],
        "metastases": [{"topography": {"code": code, "label": "site"}} for code in metastases],
        "treatments": [{"type": "systemic", **treatment} for treatment in treatments],
    }
    return DocumentResult.model_validate(
        {
            "id": doc_id,
            "meta": {"type": "clinical_note", "note_date": "2024-03-01", "source": doc_id},
            "sections": [{"label": "history", "title": "Histoire", "start": 0, "end": len(text)}],
            "mentions": [
                {"id": "m1", "label": "age", "start": 0, "end": 7, "text": text[:7],
                 "value": age, "negated": False},
            ],
            "record": record,
            "warnings": [{"kind": "check", "message": "invented", "mentions": ["m1"]}],
        }
    )


def full_result(doc_id: str = "full") -> DocumentResult:
    """A result with at least one row for every store table."""
    result = cohort()[0]
    record = result.record.model_dump() | {
        "labs": [{"test": "potassium", "loinc": "2823-3", "value": 2.5, "unit": "mmol/L",
                  "flag": "low", "date": "2021-06-02", "mentions": ["m1"]}],
        "adverse_events": [{"term": "mucosite", "grade": "2", "attributed_to": "évérolimus"}],
        "events": [{"date": "2019-01-14", "kind": "surgery", "label": "résection"}],
        "metastases": [{"topography": {"code": "C22.0", "label": "foie"},
                        "timing": {"value": "synchronous", "mentions": ["m2"]},
                        "uptake": {"scale": "krenning", "value": 4, "mentions": ["m3"]}}],
    }
    return result.model_copy(update={"id": doc_id, "record": Record.model_validate(record)})


def cohort() -> list[DocumentResult]:
    """Five patients with known tumours, metastases, treatments and responses."""
    return [
        patient_result(
            "p1", age=55, sex="F",
            tumours=[{"topography": "C17.2", "morphology": "8240/3", "ki67": 2}],
            metastases=["C22.0"],
            treatments=[
                {"name": "évérolimus", "atc": "L01EG02", "best_response": "PD"},
                {"name": "lanréotide", "atc": "H01CB03", "best_response": "SD"},
            ],
        ),
        patient_result(
            "p2", age=64, sex="M",
            tumours=[{"topography": "C17.2", "morphology": "8249/3", "ki67": 15}],
            metastases=["C22.0"],
            treatments=[{"name": "Everolimus", "atc": "L01EG02", "best_response": "PR"}],
        ),
        patient_result(
            "p3", age=47, sex="F",
            tumours=[{"topography": "C50.9", "morphology": "8500/3", "ki67": 30}],
            metastases=["C22.0", "C34.9"],
            treatments=[{"name": "docétaxel", "best_response": "PD"}],
        ),
        patient_result(
            "p4", age=70, sex="F", tumours=[{"topography": "C17.2", "morphology": "8240/3"}]
        ),
        patient_result(
            "p5", age=50, sex="M",
            tumours=[
                {"topography": "C17.2", "morphology": "8240/3", "ki67": 1},
                {"topography": "C25.4", "morphology": "8249/3", "ki67": 20},
            ],
            metastases=["C22.0"],
        ),
    ]


def write_notes(path: Path, count: int) -> Path:
    """A JSONL corpus of `count` distinct notes made from the sample corpus."""
    base = [doc for doc in iter_documents([str(EXAMPLES)], IngestOptions())
            if isinstance(doc, RawDocument)]
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            note = {
                "id": f"note-{index:04d}",
                "text": f"{base[index % len(base)].text}\n\nNote de suivi n° {index}.",
                "note_date": f"2024-01-{index % 28 + 1:02d}",
            }
            handle.write(json.dumps(note, ensure_ascii=False) + "\n")
    return path
