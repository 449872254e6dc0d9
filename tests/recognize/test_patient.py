"""The index patient's age and sex: `recognize.age`, `recognize.sex` and `record.patient`."""

from __future__ import annotations

import pytest

from oncofr.ingest.sources import RawDocument
from oncofr.models import DocumentResult
from oncofr.pipeline import Pipeline

PIPELINE = Pipeline.from_config(
    [{"name": name} for name in ("clean.text", "segment.sections", "segment.sentences",
                                 "recognize.dates", "recognize.age", "recognize.sex",
                                 "qualify.context", "record.patient")]
)


def run(text: str) -> DocumentResult:
    result = PIPELINE.process(RawDocument(id="t", text=text))
    for mention in result.mentions:
        assert text[mention.start:mention.end] == mention.text
    return result


def ages(text: str) -> list[tuple[str, float]]:
    return [(m.text, m.value) for m in run(text).mentions if m.label == "age"]


def sexes(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in run(text).mentions if m.label == "sex"]


@pytest.mark.parametrize(("text", "expected"), [
    ("M. D., 54 ans, est adressé pour diarrhée.", [("54 ans", 54.0)]),
    ("Patiente âgée de 52 ans, sans antécédent.", [("52 ans", 52.0)]),
    ("Un nourrisson de 8 mois est hospitalisé.", [("8 mois", 0.67)]),
    ("Il s'agit d'un homme de 55 ans, enseignant.", [("55 ans", 55.0)]),
    ("Mme L.B de 34 ans consulte.", [("34 ans", 34.0)]),
    ("Une patiente tunisienne de 47 ans est admise.", [("47 ans", 47.0)]),
    ("Enfant âgé de 2 ans et 6 mois.", [("2 ans et 6 mois", 2.5)]),
])
def test_ages_of_the_index_patient_in_years(text, expected):
    assert ages(text) == expected


@pytest.mark.parametrize("text", [
    "Antécédents : son père décédé à 72 ans d'un cancer du côlon.",
    "Sa mère, âgée de 70 ans, est diabétique.",
    "Douleurs depuis 3 ans.",
    "Il y a 3 ans, colectomie droite.",
    "Traitement par octréotide pendant 2 ans.",
    "Un délai de 2 ans sépare les deux chirurgies.",
    "Femme enceinte de 7 mois.",
])
def test_relatives_durations_and_dates_are_not_ages(text):
    assert ages(text) == []


def test_an_age_in_a_family_history_section_is_a_relatives():
    assert ages("Antécédents familiaux\nCancer du sein chez une tante à 45 ans.\n") == []


def test_an_age_at_an_event_is_marked_and_comes_after_the_age_at_presentation():
    result = run("Diagnostiquée à 45 ans d'un cancer du sein, la patiente, âgée de 50 ans, "
                 "consulte.")
    at_event, present = [m for m in result.mentions if m.label == "age"]
    assert at_event.attributes == {"at_event": True} and present.attributes == {}
    assert result.record.patient.age.model_dump() == {"value": 50.0, "mentions": [present.id]}


@pytest.mark.parametrize(("text", "expected"), [
    ("Un homme consulte.", [("homme", "M")]),
    ("Une femme jeune consulte.", [("femme", "F")]),
    ("La patiente est vue.", [("patiente", "F")]),
    ("Mme Durand consulte.", [("Mme", "F")]),
    ("M. Martin consulte.", [("M.", "M")]),
    ("Madame Y.A consulte ; Monsieur Z est absent.", [("Madame", "F"), ("Monsieur", "M")]),
    ("Elle a été opérée en 2010.", [("opérée", "F")]),
    ("Elle est née le 3 mars 1955.", [("née le", "F")]),
    ("Ménopausée depuis 5 ans.", [("Ménopausée", "F")]),
    ("Antécédent d'hystérectomie ; ovaires sans anomalie.",
     [("hystérectomie", "F"), ("ovaires", "F")]),
    ("Biopsies prostatiques en 2019.", [("prostatiques", "M")]),
])
def test_sex_evidence_words_and_agreement(text, expected):
    assert sexes(text) == expected


@pytest.mark.parametrize("text", [
    "Sa femme est présente à la consultation.",
    "Ce cancer est plus fréquent chez la femme.",
    "Son père, opéré d'un cancer, est décédé.",
    "Tumeur classée T2N0M0.",
    "Sa mère, traitée pour un cancer de l'ovaire, est décédée.",
    "Un carcinome ovarien a été diagnostiqué chez sa fille.",
])
def test_relatives_generic_statements_and_stages_are_no_sex_evidence(text):
    assert sexes(text) == []


def test_record_takes_the_first_age_and_the_majority_sex():
    result = run("Le patient, un homme de 61 ans, est adressé. Mme X l'accompagne. Il est opéré.")
    patient = result.record.patient
    assert patient.age.value == 61.0
    assert patient.sex.value == "M"
    evidence = {m.id: m.text for m in result.mentions if m.label == "sex"}
    assert [evidence[i] for i in patient.sex.mentions] == ["patient", "homme", "adressé", "opéré"]


def test_sexed_words_decide_over_grammatical_gender():
    result = run("Le patient, 60 ans, est suivi. Ménopause à 50 ans. Il a été opéré d'un "
                 "carcinome de l'endomètre.")
    patient = result.record.patient
    assert patient.sex.value == "F"
    evidence = {m.id: m.text for m in result.mentions if m.label == "sex"}
    assert [evidence[i] for i in patient.sex.mentions] == ["Ménopause", "endomètre"]


def test_disagreeing_sexed_words_leave_the_majority_to_decide():
    result = run("La patiente est vue. Elle est opérée. Pas d'atteinte de la prostate ni de "
                 "l'ovaire.")
    assert result.record.patient.sex.value == "F"


def test_record_is_empty_without_evidence():
    patient = run("Tumeur neuroendocrine de l'iléon.").record.patient
    assert patient.age is None and patient.sex is None
