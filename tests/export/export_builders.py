"""A hand-made document result (invented text) shared by the export tests."""

from __future__ import annotations

from typing import Any

from oncofr.models import DocumentResult

TEXT = (
    "Consultation d'oncologie digestive.\n"
    "Patient de 61 ans, suivi pour une tumeur neuroendocrine G2 de l'iléon (Ki-67 à 15 %), "
    "stade IV d'emblée, avec métastases hépatiques synchrones des segments VII et VIII, la plus "
    "volumineuse mesurant 38 mm, Krenning 4. Chromogranine A positive, TTF1 négatif.\n"
    "Résection du grêle le 2019-01-14.\n"
    "Octréotide LP 30 mg IM tous les 28 jours à partir de 2019-03 : maladie stable.\n"
    "Relais par évérolimus 10 mg/j per os en 2021-05, arrêté pour mucosite de grade 2-3.\n"
    "Kaliémie à 2,5 mmol/L le 2021-06-02. Pas de métastase osseuse.\n"
    "Diabète de type 2 ancien. Son père a eu un cancer du côlon.\n"
)

# (id, label, surface, extra fields); offsets are found in TEXT.
MENTIONS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("m1", "sex", "Patient", {"value": "M"}),
    ("m2", "age", "61 ans", {"value": 61}),
    ("m3", "morphology", "tumeur neuroendocrine G2", {"code": "8249/3",
                                                      "system": "icdo3-morphology"}),
    ("m4", "topography", "iléon", {"code": "C17.2", "system": "icdo3-topography"}),
    ("m5", "ki67", "Ki-67 à 15 %", {"value": 15.0}),
    ("m6", "stage", "stade IV", {"value": "IV"}),
    ("m7", "morphology", "métastases", {"code": "8000/6", "system": "icdo3-morphology"}),
    ("m8", "topography", "hépatiques", {"code": "C22.0", "system": "icdo3-topography"}),
    ("m21", "metastasis_timing", "synchrones", {"value": "synchronous"}),
    ("m22", "uptake_score", "Krenning 4", {"value": 4, "attributes": {"scale": "krenning"}}),
    ("m9", "biomarker", "Chromogranine A positive", {"value": "positive"}),
    ("m10", "procedure", "Résection du grêle", {"code": "small_bowel_resection"}),
    ("m11", "date", "2019-01-14", {"value": "2019-01-14"}),
    ("m12", "drug", "Octréotide", {"code": "H01CB02", "system": "atc"}),
    ("m13", "dose", "30 mg", {"value": {"value": 30, "unit": "mg"}}),
    ("m14", "response", "maladie stable", {"value": "SD"}),
    ("m15", "drug", "évérolimus", {"code": "L01EG02", "system": "atc"}),
    ("m16", "adverse_event", "mucosite", {}),
    ("m17", "lab", "Kaliémie à 2,5 mmol/L", {
        "code": "2823-3", "system": "loinc",
        "value": {"test": "potassium", "value": 2.5, "unit": "mmol/L"}}),
    ("m18", "morphology", "métastase", {"code": "8000/6", "system": "icdo3-morphology",
                                        "negated": True}),
    ("m19", "disorder", "Diabète de type 2", {"code": "E11", "system": "cim10",
                                              "historical": True}),
    ("m20", "disorder", "cancer du côlon", {"code": "C18.9", "system": "cim10",
                                            "family": True}),
]

RECORD: dict[str, Any] = {
    "patient": {"age": {"value": 61, "mentions": ["m2"]},
                "sex": {"value": "M", "mentions": ["m1"]}},
    "tumours": [{
        "topography": {"code": "C17.2", "label": "iléon", "mentions": ["m4"]},
        "morphology": {"code": "8249/3", "label": "tumeur neuroendocrine G2",
                       "mentions": ["m3"]},
        "grade": {"value": "G2", "mentions": ["m3"]},
        "ki67": {"value": 15.0, "mentions": ["m5"]},
        "stage": {"value": "IV", "mentions": ["m6"]},
        "markers": [{"name": "chromogranine A", "result": "positive", "mentions": ["m9"]},
                    {"name": "TTF1", "result": "negative"}]}],
    "metastases": [{"topography": {"code": "C22.0", "label": "foie", "mentions": ["m8"]},
                    "largest_size_mm": 38, "segments": ["VII", "VIII"],
                    "timing": {"value": "synchronous", "mentions": ["m21"]},
                    "uptake": {"scale": "krenning", "value": 4, "mentions": ["m22"]},
                    "mentions": ["m7"]}],
    "treatments": [
        {"type": "surgery", "name": "résection du grêle", "start": "2019-01-14",
         "mentions": ["m10", "m11"]},
        {"type": "systemic", "name": "octréotide", "atc": "H01CB02",
         "dose": {"value": 30, "unit": "mg"}, "frequency": "tous les 28 jours", "route": "im",
         "start": "2019-03", "line": 1, "best_response": "SD", "mentions": ["m12", "m13"]},
        {"type": "systemic", "name": "évérolimus", "atc": "L01EG02",
         "dose": {"value": 10, "unit": "mg/j"}, "route": "oral", "start": "2021-05",
         "line": 2, "stop_reason": "toxicity", "mentions": ["m15"]}],
    "labs": [{"test": "potassium", "loinc": "2823-3", "value": 2.5, "unit": "mmol/L",
              "flag": "low", "date": "2021-06-02", "mentions": ["m17"]}],
    "adverse_events": [{"term": "mucosite", "grade": "2-3", "attributed_to": "évérolimus",
                        "mentions": ["m16"]}],
    "events": [{"date": "2019-01-14", "kind": "surgery", "label": "résection du grêle",
                "mentions": ["m10"]}],
    "outcome": {"vital_status": "alive", "last_status": "stable"},
}


def mention_dicts() -> list[dict[str, Any]]:
    """MENTIONS with their offsets, each surface searched after the previous one."""
    found, cursor = [], 0
    for mention_id, label, surface, extra in MENTIONS:
        start = TEXT.index(surface, cursor)
        cursor = start
        found.append({"id": mention_id, "label": label, "start": start,
                      "end": start + len(surface), "text": surface, **extra})
    return found


def net_result(with_text: bool = True, doc_id: str = "cas/tne-ileon") -> DocumentResult:
    """The ileal neuroendocrine tumour case as a document result."""
    return DocumentResult.model_validate({
        "id": doc_id,
        "meta": {"type": "clinical_note", "note_date": "2021-06-10", "source": "notes/tne.txt"},
        "text": TEXT if with_text else None,
        "mentions": mention_dicts(),
        "record": RECORD,
    })


def empty_result(doc_id: str = "vide") -> DocumentResult:
    """A result with nothing found."""
    return DocumentResult(id=doc_id)
