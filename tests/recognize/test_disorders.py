"""Disorders, risk factors and adverse events: `recognize.disorders`."""

from __future__ import annotations

import pytest

from oncofr.document import Document
from oncofr.models import Mention
from oncofr.pipeline import Pipeline

PIPELINE = Pipeline.from_config(
    [
        {"name": name}
        for name in (
            "clean.text",
            "segment.sentences",
            "recognize.drugs",
            "recognize.procedures",
            "recognize.disorders",
        )
    ]
)


def findings(text: str, label: str) -> list[Mention]:
    result = PIPELINE.run(Document(id="t", original=text))
    for mention in result.mentions:
        assert text[mention.start : mention.end] == mention.text
    return [m for m in result.mentions if m.label == label]


def test_comorbidities_with_cim10():
    found = findings("Antécédents : HTA, diabète de type 2 et BPCO.", "disorder")
    assert [(m.text, m.code, m.system) for m in found] == [
        ("HTA", "I10", "cim10"),
        ("diabète de type 2", "E11.9", "cim10"),
        ("BPCO", "J44.9", "cim10"),
    ]
    assert found[0].value == "hypertension artérielle"


def test_short_forms_only_in_upper_case_and_no_plural_confusion():
    assert findings("Le patient hta ? Tous les examens sont normaux.", "disorder") == []


@pytest.mark.parametrize(
    ("text", "status", "pack_years"),
    [
        ("Ex-fumeur à 20 paquets-années.", "former", 20),
        ("Fumeuse active de 12,5 paquets/an.", "current", 12.5),
        ("Fumeur jusqu'en 2015 (30 PA).", "former", 30),
        ("Tabagisme non chiffré.", None, None),
        ("Ex-éthylique, fumeur actif (38 PA).", "current", 38),
    ],
)
def test_tobacco_status_and_pack_years(text: str, status: str | None, pack_years: float | None):
    (smoking,) = findings(text, "disorder")
    assert smoking.attributes.get("status") == status
    assert smoking.attributes.get("pack_years") == pack_years


def test_pack_years_from_a_duration_not_from_the_age():
    (smoking,) = findings(
        "Femme de 60 ans, ancienne fumeuse de 10 cigarettes/jour pendant 30 ans.", "disorder"
    )
    assert smoking.attributes == {"status": "former", "cigarettes_per_day": 10, "pack_years": 15}


def test_amount_smoked_without_a_tobacco_word():
    (smoking,) = findings("Il fumait 10 cigarettes par jour depuis 30 ans.", "disorder")
    assert smoking.text == "10 cigarettes par jour" and smoking.code == "Z72.0"
    assert smoking.attributes == {"cigarettes_per_day": 10, "pack_years": 15}


def test_adverse_events_with_grade_and_ctcae():
    found = findings(
        "Au 2e cycle : mucite de grade 2-3 et cystite hémorragique, puis neutropénie fébrile.",
        "adverse_event",
    )
    assert [(m.text, m.attributes.get("grade"), m.attributes["ctcae"]) for m in found] == [
        ("mucite", "2-3", "Mucositis oral"),
        ("cystite hémorragique", None, "Cystitis noninfective"),
        ("neutropénie fébrile", None, "Febrile neutropenia"),
    ]
    assert found[1].code == "N30.9" and found[1].system == "cim10"


def test_shared_term_is_an_adverse_event_only_with_evidence():
    assert findings("Antécédent de neutropénie chronique.", "adverse_event") == []
    assert [m.code for m in findings("Antécédent de neutropénie chronique.", "disorder")] == ["D70"]
    (event,) = findings("Neutropénie de grade 3 au cycle 2.", "adverse_event")
    assert event.attributes["grade"] == "3"
    (event,) = findings("Diarrhée secondaire à l'irinotécan.", "adverse_event")
    assert event.value == "diarrhée"
    assert findings("Diarrhée secondaire à une infection.", "adverse_event") == []
    assert findings("Antécédent d'HTA traitée par sunitinib.", "adverse_event") == []


def test_an_adjective_naming_the_treatment_as_cause_makes_an_adverse_event():
    found = findings("Rectite radique en 2019 ; psychose stéroïdienne à l'admission.",
                     "adverse_event")
    assert [(m.text, m.attributes["ctcae"]) for m in found] == [
        ("Rectite radique", "Proctitis"), ("psychose stéroïdienne", "Psychosis"),
    ]
    assert findings("Psychose chronique depuis 2010.", "adverse_event") == []
    assert findings("Douleur soulagée par les anti-inflammatoires non stéroïdiens.",
                    "adverse_event") == []
    (event,) = findings("Myopathie proximale aux corticoïdes.", "adverse_event")
    assert event.attributes["ctcae"].startswith("Musculoskeletal")


def test_grade_reached_further_on_and_ctcae_cue():
    found = findings(
        "Elle a eu une thrombopénie et une anémie croissantes, atteignant le grade 3 à J10.",
        "adverse_event",
    )
    assert [(m.text, m.attributes.get("grade")) for m in found] == [
        ("thrombopénie", "3"), ("anémie", "3")]
    (event,) = findings("Arthralgies diffuses (CTCAE v5.0).", "adverse_event")
    assert event.text == "Arthralgies" and "grade" not in event.attributes
    assert findings("Anémie connue, atteignant 9 g/dl.", "adverse_event") == []


def test_term_only_listed_as_adverse_event_is_a_disorder_without_evidence():
    (finding,) = findings("Frissons et mucite à l'admission.", "disorder")[1:]
    assert (finding.text, finding.code, finding.value) == ("mucite", "K12.3", "mucite")
