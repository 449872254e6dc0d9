"""Patient records: reduction of the contract's record and field-by-field scoring."""

from __future__ import annotations

import copy

from oncofr.evaluate.records import reduce_record, score_records
from oncofr.models import (
    AdverseEvent,
    Coded,
    DocumentResult,
    Lab,
    Metastasis,
    Outcome,
    Patient,
    Quantity,
    Record,
    Treatment,
    Tumour,
    Valued,
)

GOLD = {
    "doc_id": "cr1", "age": 61, "sex": "F",
    "tumours": [{"topography": "C18.7", "morphology": "8140/3", "grade": "G2", "ki67": None,
                 "stage": "IV"}],
    "metastases": ["C22.0", "C34.1"],
    "treatments": [
        {"type": "surgery", "name": "sigmoïdectomie", "dose": None, "best_response": None},
        {"type": "systemic", "name": "oxaliplatine", "dose": {"value": 85, "unit": "mg/m2"},
         "best_response": "PR"},
        {"type": "systemic", "name": "5-fluorouracile", "dose": None, "best_response": "PR"}],
    "labs": [{"test": "ace", "value": 12.5, "unit": "ng/mL"}],
    "adverse_events": ["neuropathie périphérique"],
    "vital_status": "alive",
    "notes": "cas inventé pour les tests",
}


def contract_result() -> dict:
    """The same patient as `GOLD`, as the pipeline would write it."""
    record = Record(
        patient=Patient(age=Valued(value=61, mentions=["m1"]), sex=Valued(value="F")),
        tumours=[Tumour(topography=Coded(code="C18.7", label="côlon sigmoïde"),
                        morphology=Coded(code="8140/3", label="adénocarcinome"),
                        grade=Valued(value="G2"), stage=Valued(value="IV"))],
        metastases=[Metastasis(topography=Coded(code=code))
                    for code in ("C22.0", "C34.1", "C22.0")],
        treatments=[Treatment(type="surgery", name="sigmoïdectomie"),
                    Treatment(type="systemic", name="oxaliplatine", atc="L01XA03",
                              dose=Quantity(value=85, unit="mg/m2"), best_response="PR"),
                    Treatment(type="systemic", name="5-fluorouracile", best_response="PR")],
        labs=[Lab(test="ace", value=12.5, unit="ng/mL", flag="high")],
        adverse_events=[AdverseEvent(term="neuropathie périphérique", grade="2")],
        outcome=Outcome(vital_status="alive"),
    )
    return DocumentResult(id="cr1", record=record).to_json_dict()


def test_reduce_record_follows_the_guidelines_form() -> None:
    reduced = reduce_record(contract_result())
    expected = {key: value for key, value in GOLD.items() if key != "notes"}
    assert reduced == expected


def test_reduce_an_empty_result() -> None:
    reduced = reduce_record({"id": "vide"})
    assert reduced["age"] is None and reduced["tumours"] == []
    assert reduced["vital_status"] == "unknown"


def test_perfect_record_scores_one() -> None:
    summary, errors = score_records([GOLD], {"cr1": reduce_record(contract_result())})
    assert summary["micro"]["f1"] == 1.0
    assert all(scores["accuracy"] == 1.0 for scores in summary["accuracy"].values())
    assert errors == []


def test_missing_prediction_is_all_misses() -> None:
    summary, errors = score_records([GOLD], {})
    fields = summary["fields"]
    assert fields["treatment names"]["fn"] == 3
    assert fields["treatment (name, dose)"]["fn"] == 1
    assert fields["best response (name, response)"]["fn"] == 2
    assert summary["micro"]["recall"] == 0.0
    assert summary["accuracy"]["vital_status"]["correct"] == 0
    assert {e.field for e in errors} >= {"age", "sex", "vital_status", "labs (test, value, unit)"}


def test_field_comparisons() -> None:
    pred = copy.deepcopy(GOLD)
    pred.update(age=61.4, metastases=["C22.1", "C34.1"],
                adverse_events=["Neuropathie Peripherique"],
                labs=[{"test": "ACE", "value": "12.50", "unit": "ng/ml"}])
    pred["treatments"][1] = {"type": "systemic", "name": "Oxaliplatine",
                             "dose": {"value": 85.0, "unit": "mg/m2"}, "best_response": "SD"}
    summary, errors = score_records([GOLD], {"cr1": pred})
    fields = summary["fields"]
    assert (fields["metastases (3 chars)"]["tp"], fields["metastases (3 chars)"]["fp"]) == (2, 0)
    assert (fields["metastases (4 chars)"]["tp"], fields["metastases (4 chars)"]["fp"],
            fields["metastases (4 chars)"]["fn"]) == (1, 1, 1)
    assert fields["adverse events"]["f1"] == 1.0
    assert fields["labs (test, value, unit)"]["f1"] == 1.0
    assert fields["treatment (name, dose)"]["f1"] == 1.0
    assert (fields["best response (name, response)"]["tp"],
            fields["best response (name, response)"]["fp"]) == (1, 1)
    assert summary["accuracy"]["age"]["accuracy"] == 1.0
    [metastases] = [e for e in errors if e.field == "metastases (4 chars)"]
    assert (metastases.missing, metastases.extra) == (["C220"], ["C221"])


def test_adverse_events_are_compared_as_ctcae_terms_when_the_table_knows_them() -> None:
    gold = {**GOLD, "adverse_events": ["mucosite", "élévation des transaminases",
                                       "prurit sine materia"]}
    pred = {**GOLD, "adverse_events": ["Mucite", "cytolyse hépatique", "Prurit sine materia",
                                       "neutropénie"]}
    summary, errors = score_records([gold], {"cr1": pred})
    events = summary["fields"]["adverse events"]
    assert (events["tp"], events["fp"], events["fn"]) == (3, 1, 0)
    [error] = [e for e in errors if e.field == "adverse events"]
    assert error.extra == ["Neutrophil count decreased"]


def test_age_tolerance_and_nulls() -> None:
    gold = [{**GOLD, "doc_id": "a", "age": 54}, {**GOLD, "doc_id": "b", "age": None},
            {**GOLD, "doc_id": "c", "age": 0.5}]
    pred = {"a": {**GOLD, "age": 54.6}, "b": {**GOLD, "age": None}, "c": {**GOLD, "age": 6 / 12}}
    summary, _ = score_records(gold, pred)
    assert summary["accuracy"]["age"] == {"correct": 2, "total": 3, "accuracy": 0.6667}
