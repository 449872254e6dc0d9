"""Drugs, regimens and posology: `recognize.drugs` and `recognize.posology`."""

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
            "recognize.labs",
            "recognize.drugs",
            "recognize.posology",
        )
    ]
)


def analyse(text: str) -> Document:
    """The document after the pipeline (mention ids as the linking attributes use them)."""
    document = Document(id="t", original=text)
    for _, component in PIPELINE.components:
        component(document)
    for mention in document.mentions:
        assert text[mention.start : mention.end] == mention.text
    return document


def of(document: Document, label: str) -> list[Mention]:
    return [m for m in document.mentions if m.label == label]


def drug_of(document: Document, mention: Mention) -> str:
    by_id = {m.id: m for m in document.mentions}
    return by_id[mention.attributes["drug"]].value


def test_dci_with_atc_dose_and_daily_frequency():
    document = analyse("Traitement par évérolimus 10 mg par jour.")
    (drug,) = of(document, "drug")
    assert (drug.text, drug.code, drug.system, drug.value) == (
        "évérolimus",
        "L01EG02",
        "atc",
        "évérolimus",
    )
    (dose,) = of(document, "dose")
    assert dose.text == "10 mg" and dose.value == {"value": 10, "unit": "mg"}
    assert dose.attributes["drug"] == drug.id
    (frequency,) = of(document, "frequency")
    assert frequency.text == "par jour" and frequency.value == "once per day"
    assert frequency.attributes == {"period": "P1D", "times": 1, "drug": drug.id}


def test_brand_and_missing_accents_with_formulation():
    document = analyse("Relais par Sandostatine LP 30 mg puis everolimus.")
    octreotide, everolimus = of(document, "drug")
    assert (
        octreotide.value == "octréotide"
        and octreotide.attributes["formulation"] == "sustained_release"
    )
    assert everolimus.text == "everolimus" and everolimus.value == "évérolimus"


def test_regimen_gives_one_mention_per_drug_on_its_span():
    document = analyse("Chimiothérapie par FOLFIRI-aflibercept puis FOLFOX.")
    drugs = of(document, "drug")
    assert [(m.text, m.value) for m in drugs] == [
        ("FOLFIRI", "5-fluorouracile"),
        ("FOLFIRI", "acide folinique"),
        ("FOLFIRI", "irinotécan"),
        ("aflibercept", "aflibercept"),
        ("FOLFOX", "5-fluorouracile"),
        ("FOLFOX", "acide folinique"),
        ("FOLFOX", "oxaliplatine"),
    ]
    assert {m.attributes.get("regimen") for m in drugs} == {"FOLFIRI", None, "FOLFOX"}


def test_short_acronym_needs_a_treatment_word():
    assert of(analyse("Nouvel EP au niveau pulmonaire et osseux."), "drug") == []
    drugs = of(analyse("Protocole EP pendant quatre cycles."), "drug")
    assert sorted(m.value for m in drugs) == ["cisplatine", "étoposide"]
    drugs = of(analyse("Deux cycles d'étoposide et de cisplatine (EP)."), "drug")
    assert [m.text for m in drugs] == ["étoposide", "cisplatine", "EP", "EP"]


@pytest.mark.parametrize(
    "text",
    [
        "Ce traitement de chimiothérapie est arrêté.",
        "Cure de facteur de croissance (GMS-CF).",
        "Chimiothérapie pour un cancer de stade IVA.",
        "Au 3e cycle, une nouvelle EP hépatique est notée.",
        "Au 3e cycle, progression de la maladie (EP).",
    ],
)
def test_short_acronym_as_written_and_standing_alone(text: str):
    assert of(analyse(text), "drug") == []


def test_abbreviation_only_as_written():
    assert [m.value for m in of(analyse("Reprise du 5-FU."), "drug")] == ["5-fluorouracile"]
    assert of(analyse("Le mtx est arrêté."), "drug") == []
    assert [m.value for m in of(analyse("Le MTX est arrêté."), "drug")] == ["méthotrexate"]


def test_receptor_or_analogue_of_a_hormone_is_not_a_drug():
    text = (
        "Expression des récepteurs de la somatostatine ; perfusion d'analogues de la somatostatine."
    )
    assert of(analyse(text), "drug") == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Ifosfamide 12,5 g/m2 en perfusion continue.", 12.5, "g/m2"),
        ("Carboplatine AUC 5 toutes les 3 semaines.", 5, "mg.min/mL"),
        ("Lutathera 7,4 GBq par cure.", 7.4, "GBq"),
        ("Interféron alfa 9 MUI trois fois par semaine.", 9, "M[iU]"),
        ("Bévacizumab 10 mg/kg tous les 15 jours.", 10, "mg/kg"),
    ],
)
def test_dose_units(text: str, value: float, unit: str):
    (dose,) = of(analyse(text), "dose")
    assert dose.value == {"value": value, "unit": unit}
    assert "drug" in dose.attributes


@pytest.mark.parametrize(
    "text", ["Sous cisplatine, perte de 8 kg.", "Sous cisplatine, albumine 30 g/L."]
)
def test_weights_and_concentrations_are_not_doses(text: str):
    assert of(analyse(text), "dose") == []


def test_dose_written_before_its_drug():
    document = analyse("Vincristine 2 mg + 1 500 mg/m2 de cyclophosphamide.")
    first, second = of(document, "dose")
    assert drug_of(document, first) == "vincristine"
    assert (
        second.value == {"value": 1500, "unit": "mg/m2"}
        and drug_of(document, second) == "cyclophosphamide"
    )


def test_dose_in_the_following_sentence():
    document = analyse("Introduction du sunitinib en mars. La posologie était de 37,5 mg/j.")
    (dose,) = of(document, "dose")
    assert drug_of(document, dose) == "sunitinib"
    (frequency,) = of(document, "frequency")
    assert frequency.text == "/j" and drug_of(document, frequency) == "sunitinib"


def test_relay_links_posology_to_the_new_drug():
    document = analyse(
        "Octréotide puis relais par lanréotide 120 mg tous les 28 jours en sous-cutané."
    )
    (dose,) = of(document, "dose")
    assert drug_of(document, dose) == "lanréotide"
    (frequency,) = of(document, "frequency")
    assert frequency.value == "every 28 days" and frequency.attributes["period"] == "P28D"
    assert drug_of(document, frequency) == "lanréotide"
    (route,) = of(document, "route")
    assert route.value == "subcutaneous" and drug_of(document, route) == "lanréotide"


def test_shared_dose_for_a_list():
    document = analyse("Cisplatine et étoposide à 100 mg/m2 chacun.")
    (dose,) = of(document, "dose")
    by_id = {m.id: m.value for m in document.mentions}
    assert [by_id[i] for i in dose.attributes["drugs"]] == ["cisplatine", "étoposide"]


def test_dose_reduction():
    document = analyse("Sous évérolimus, il a fallu réduire la dose de 50 % à 5 mg/jour.")
    (dose,) = of(document, "dose")
    assert dose.attributes["change"] == "reduction" and dose.attributes["change_percent"] == 50
    assert "change" not in of(analyse("Évérolimus 10 mg/jour."), "dose")[0].attributes


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        ("Filgrastim 3×/sem.", "3 times per week", "P1W"),
        ("Méthotrexate 1/j.", "once per day", "P1D"),
        ("Trastuzumab une fois par semaine.", "once per week", "P1W"),
        ("Sirolimus 4 mg toutes les 24 heures.", "every 24 hours", "PT24H"),
        ("Paclitaxel tous les quinze jours.", "every 15 days", "P15D"),
        ("Interféron les lundis, mercredis et vendredis.", "on monday, wednesday, friday", "P1W"),
        ("Capécitabine 1000 mg/m2/12 h.", "every 12 hours", "PT12H"),
    ],
)
def test_frequencies(text: str, value: str, period: str):
    (frequency,) = of(analyse(text), "frequency")
    assert frequency.value == value and frequency.attributes["period"] == period
    assert "drug" in frequency.attributes


def test_frequency_without_drug_is_left_out():
    assert of(analyse("Scanner de contrôle tous les 3 mois."), "frequency") == []


def test_routes_and_stage_iv():
    document = analyse(
        "Interféron sc 3 MUI. Cancer de stade IV traité par trastuzumab par voie intraveineuse."
    )
    assert [(m.text, m.value) for m in of(document, "route")] == [
        ("sc", "subcutaneous"),
        ("par voie intraveineuse", "intravenous"),
    ]


def test_lines():
    document = analyse("En 1ère ligne, gemcitabine. Deuxième ligne par sunitinib.")
    assert [m.value for m in of(document, "line")] == [1, 2]
    assert [m.attributes.get("line") for m in of(document, "drug")] == [1, 2]


def test_radiotherapy_dose_has_no_drug():
    document = analyse("Cisplatine hebdomadaire et radiothérapie de 50 Gy.")
    (dose,) = of(document, "dose")
    assert dose.value == {"value": 50, "unit": "Gy"} and "drug" not in dose.attributes
