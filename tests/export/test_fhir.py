"""FHIR R4 bundles from hand-made results, validated with fhir.resources."""

from __future__ import annotations

import base64
import hashlib
from collections import Counter

import pytest
from export_builders import TEXT, empty_result, net_result

from oncofr.export.fhir import (
    ATC,
    CONDITION_RELATED,
    ICD10,
    ICDO3,
    LOINC,
    METASTASIS_TIMING,
    PROCEDURE_SYSTEM,
    SNOMED,
    SOURCE_MENTION,
    UCUM,
    to_fhir_bundle,
    validate_bundle,
)
from oncofr.models import Mention

pytest.importorskip("fhir.resources")


def resources(bundle, kind=None):
    found = [entry["resource"] for entry in bundle["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def by_code(bundle, code):
    return next(r for r in resources(bundle, "Observation")
                if code in {c["code"] for c in r["code"].get("coding", [])})


@pytest.mark.parametrize("result", [net_result(), net_result(with_text=False), empty_result()],
                         ids=["full", "textless", "empty"])
def test_bundles_validate(result):
    bundle = to_fhir_bundle(result)
    validate_bundle(bundle)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"


def test_resource_counts():
    counts = Counter(r["resourceType"] for r in resources(to_fhir_bundle(net_result())))
    assert counts == {"DocumentReference": 1, "Patient": 1, "Condition": 2,
                      "MedicationStatement": 2, "Procedure": 1, "AdverseEvent": 1,
                      "Observation": 11}


def test_empty_result_has_document_and_patient_only():
    bundle = to_fhir_bundle(empty_result())
    assert [r["resourceType"] for r in resources(bundle)] == ["DocumentReference", "Patient"]
    assert resources(bundle, "Patient")[0]["gender"] == "unknown"


def test_ids_are_deterministic_and_references_resolve():
    bundle = to_fhir_bundle(net_result())
    assert bundle == to_fhir_bundle(net_result())
    other = to_fhir_bundle(net_result(doc_id="cas/autre"))
    assert not {e["fullUrl"] for e in bundle["entry"]} & {e["fullUrl"] for e in other["entry"]}
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    assert all(e["fullUrl"] == f"urn:uuid:{e['resource']['id']}" for e in bundle["entry"])
    assert set(_references(bundle["entry"])) <= urls


def _references(value):
    if isinstance(value, dict):
        if "reference" in value:
            yield value["reference"]
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def test_patient_gender_and_age():
    bundle = to_fhir_bundle(net_result())
    patient = resources(bundle, "Patient")[0]
    assert patient["gender"] == "male" and patient["deceasedBoolean"] is False
    age = by_code(bundle, "30525-0")["valueQuantity"]
    assert age == {"value": 61, "unit": "a", "system": UCUM, "code": "a"}


def test_patient_id_is_an_identifier_shared_across_documents():
    first = to_fhir_bundle(net_result(), patient_id="P-42")
    second = to_fhir_bundle(net_result(doc_id="cas/suivi"), patient_id="P-42")
    patients = [resources(b, "Patient")[0] for b in (first, second)]
    assert patients[0]["id"] == patients[1]["id"]
    assert patients[0]["identifier"][0]["value"] == "P-42"


def test_primary_tumour_condition():
    primary, _ = resources(to_fhir_bundle(net_result()), "Condition")
    assert primary["code"]["coding"] == [
        {"system": ICDO3, "code": "8249/3", "display": "tumeur neuroendocrine G2"}]
    assert primary["bodySite"][0]["coding"] == [{"system": ICDO3, "code": "C17.2"}]
    assert primary["bodySite"][0]["text"] == "iléon"
    assert primary["stage"][0]["summary"]["text"] == "IV"
    assert primary["category"][0]["coding"][0]["code"] == "primary"


def test_cim10_coding_from_a_tumour_mention():
    result = net_result()
    result.mentions.append(Mention(id="m99", label="disorder", start=70, end=94,
                                   text="tumeur neuroendocrine G2", code="C17.2", system="cim10"))
    result.record.tumours[0].morphology.mentions.append("m99")
    bundle = to_fhir_bundle(result)
    validate_bundle(bundle)
    codings = resources(bundle, "Condition")[0]["code"]["coding"]
    assert [(c["system"], c["code"]) for c in codings] == [(ICDO3, "8249/3"), (ICD10, "C17.2")]


def test_metastasis_condition():
    bundle = to_fhir_bundle(net_result())
    primary, metastasis = resources(bundle, "Condition")
    assert {(c["system"], c["code"]) for c in metastasis["code"]["coding"]} == {
        (SNOMED, "128462008"), (ICDO3, "8000/6")}
    assert metastasis["bodySite"][0]["coding"][0] == {"system": ICDO3, "code": "C22.0"}
    assert [s["text"] for s in metastasis["bodySite"][1:]] == ["segment VII", "segment VIII"]
    related = [e for e in metastasis["extension"] if e["url"] == CONDITION_RELATED]
    assert related[0]["valueReference"]["reference"] == f"urn:uuid:{primary['id']}"
    size = by_code(bundle, "33728-7")["valueQuantity"]
    assert size == {"value": 38, "unit": "mm", "system": UCUM, "code": "mm"}
    timing = [e["valueCode"] for e in metastasis["extension"] if e["url"] == METASTASIS_TIMING]
    assert timing == ["synchronous"]
    uptake = by_code(bundle, "uptake-krenning")
    assert uptake["valueInteger"] == 4
    assert uptake["focus"][0]["reference"] == f"urn:uuid:{metastasis['id']}"


def test_tumour_observations():
    bundle = to_fhir_bundle(net_result())
    primary = resources(bundle, "Condition")[0]
    ki67 = by_code(bundle, "29593-1")
    assert ki67["code"]["coding"][0]["system"] == LOINC
    assert ki67["valueQuantity"] == {"value": 15.0, "unit": "%", "system": UCUM, "code": "%"}
    assert ki67["focus"][0]["reference"] == f"urn:uuid:{primary['id']}"
    assert by_code(bundle, "tumour-grade")["valueCodeableConcept"] == {"text": "G2"}
    stage = by_code(bundle, "stage-group")
    assert primary["stage"][0]["assessment"][0]["reference"] == f"urn:uuid:{stage['id']}"
    markers = [r for r in resources(bundle, "Observation")
               if r["code"]["coding"][0]["code"] == "ihc-marker"]
    assert [(m["code"]["text"], m["valueCodeableConcept"]["coding"][0]["code"])
            for m in markers] == [("chromogranine A", "10828004"), ("TTF1", "260385009")]


def test_lab_observation():
    lab = by_code(to_fhir_bundle(net_result()), "2823-3")
    assert lab["code"] == {"coding": [{"system": LOINC, "code": "2823-3"}], "text": "potassium"}
    assert lab["valueQuantity"] == {"value": 2.5, "unit": "mmol/L", "system": UCUM,
                                    "code": "mmol/L"}
    assert lab["interpretation"][0]["coding"][0]["code"] == "L"
    assert lab["effectiveDateTime"] == "2021-06-02"
    assert lab["category"][0]["coding"][0]["code"] == "laboratory"


def test_medication_statements():
    bundle = to_fhir_bundle(net_result())
    octreotide, everolimus = resources(bundle, "MedicationStatement")
    assert octreotide["medicationCodeableConcept"] == {
        "coding": [{"system": ATC, "code": "H01CB02"}], "text": "octréotide"}
    dosage = octreotide["dosage"][0]
    assert dosage["doseAndRate"][0]["doseQuantity"] == {"value": 30, "unit": "mg",
                                                        "system": UCUM, "code": "mg"}
    assert dosage["route"] == {"text": "im"}
    assert dosage["timing"]["code"]["text"] == "tous les 28 jours"
    assert octreotide["effectivePeriod"] == {"start": "2019-03"}
    assert everolimus["status"] == "stopped"
    assert everolimus["statusReason"][0]["text"] == "toxicity"
    assert everolimus["dosage"][0]["doseAndRate"][0]["doseQuantity"]["code"] == "mg/d"
    response = by_code(bundle, "best-response")
    assert response["valueCodeableConcept"]["coding"][0]["code"] == "SD"
    assert response["focus"][0]["reference"] == f"urn:uuid:{octreotide['id']}"


def test_procedure_and_adverse_event():
    bundle = to_fhir_bundle(net_result())
    procedure = resources(bundle, "Procedure")[0]
    assert procedure["code"]["coding"] == [{"system": PROCEDURE_SYSTEM,
                                            "code": "small_bowel_resection"}]
    assert procedure["performedDateTime"] == "2019-01-14"
    everolimus = resources(bundle, "MedicationStatement")[1]
    event = resources(bundle, "AdverseEvent")[0]
    assert event["event"]["text"] == "mucosite" and event["actuality"] == "actual"
    assert event["suspectEntity"][0]["instance"]["reference"] == f"urn:uuid:{everolimus['id']}"


def test_source_mentions_slice_the_text():
    spans = [e for r in resources(to_fhir_bundle(net_result())) for e in r.get("extension", [])
             if e["url"] == SOURCE_MENTION]
    assert len(spans) >= 10
    for span in spans:
        parts = {p["url"]: p.get("valueInteger", p.get("valueString")) for p in span["extension"]}
        assert TEXT[parts["start"]:parts["end"]] == parts["text"]


def test_document_reference_hash():
    document = resources(to_fhir_bundle(net_result()), "DocumentReference")[0]
    attachment = document["content"][0]["attachment"]
    digest = hashlib.sha1(TEXT.encode("utf-8")).digest()
    assert attachment["hash"] == base64.b64encode(digest).decode("ascii")
    assert attachment["size"] == len(TEXT.encode("utf-8"))
    assert document["identifier"][0]["value"] == "cas/tne-ileon"
