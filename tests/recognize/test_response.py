"""Response and outcome: `recognize.response` on invented French sentences."""

from __future__ import annotations

import pytest
from recognizer_runs import mention_finder

found = mention_finder("recognize.response")


def responses(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.code) for m in found(text, "response")]


def test_recist_categories_from_french_wording():
    text = ("Sous lanréotide, maladie stable à 6 mois puis stabilisation de la maladie. "
            "Progression radiologique en mai, puis nouvelle progression hépatique. "
            "Réponse partielle après 4 cures, réponse complète à 1 an, rémission complète "
            "prolongée. Disparition de la captation au contrôle. Réponse objective au scanner.")
    assert responses(text) == [
        ("maladie stable", "SD"), ("stabilisation de la maladie", "SD"),
        ("Progression radiologique", "PD"), ("progression", "PD"),
        ("Réponse partielle", "PR"), ("réponse complète", "CR"), ("rémission complète", "CR"),
        ("Disparition de la captation", "CR"), ("Réponse objective", "PR"),
    ]
    assert all(m.system == "recist" for m in found(text, "response"))


def test_stability_of_lesions_is_stable_disease_but_not_stability_of_the_gait():
    text = ("Stabilité de la lésion hépatique et des adénopathies. Stabilité de la démarche. "
            "Stabilité des microsatellites.")
    assert responses(text) == [("Stabilité de la lésion", "SD")]


def test_disease_stabilised_written_with_a_verb_is_stable():
    text = ("Le sunitinib a permis de stabiliser la maladie. Depuis, la maladie s'est stabilisée "
            "et la maladie reste stable.")
    assert responses(text) == [
        ("stabiliser la maladie", "SD"), ("maladie s'est stabilisée", "SD"),
        ("maladie reste stable", "SD"),
    ]


def test_an_almost_complete_response_is_partial():
    text = ("Réponse métabolique presque complète au TEP, puis réponse quasi-complète au "
            "scanner ; rémission quasi complète à 1 an.")
    assert responses(text) == [
        ("Réponse métabolique presque complète", "PR"), ("réponse quasi-complète", "PR"),
        ("rémission quasi complète", "PR"),
    ]


def test_a_partial_or_complete_regression_is_a_response():
    text = ("Régression partielle des lésions sous sorafénib, puis progression tumorale. "
            "Régression complète des métastases hépatiques après PRRT.")
    assert responses(text) == [
        ("Régression partielle des lésions", "PR"), ("progression tumorale", "PD"),
        ("Régression complète", "CR"),
    ]


@pytest.mark.parametrize(("text", "written", "code", "percent"), [
    ("Réduction des cibles hépatiques de moins de 10 % sous traitement.",
     "Réduction des cibles hépatiques de moins de 10 %", "SD", 10),
    ("Diminution de 45 % de la somme des lésions cibles.", "Diminution de 45 %", "PR", 45),
    ("Augmentation de la taille des lésions de 25 %.",
     "Augmentation de la taille des lésions de 25 %", "PD", 25),
])
def test_relative_changes_of_the_tumour_burden(text, written, code, percent):
    (response,) = found(text, "response")
    assert (response.text, response.code) == (written, code)
    assert response.attributes["percent"] == percent


@pytest.mark.parametrize("text", [
    "Disparition de la diarrhée sous traitement.",
    "La survie sans progression médiane est de 14 mois.",
    "Réduction de la dose de 50 % pour toxicité.",
    "Le taux de réponse objective est de 30 % dans cet essai.",
])
def test_wording_that_is_not_a_response(text):
    assert found(text, "response") == []


def test_outcome_cues():
    text = ("Le patient est décédé en mars. Décès à domicile. À 5 ans, la patiente est toujours en "
            "vie, vivante et sans récidive. Perdu de vue depuis 2019. En rémission complète.")
    outcomes = found(text, "outcome")
    assert [(m.text, m.value, m.attributes["status"]) for m in outcomes] == [
        ("est décédé", "dead", "dead"), ("Décès", "dead", "dead"),
        ("toujours en vie", "alive", "alive"), ("vivante", "alive", "alive"),
        ("sans récidive", "alive", "no_recurrence"),
        ("Perdu de vue", "unknown", "lost_to_follow_up"),
        ("En rémission complète", "alive", "remission"),
    ]


@pytest.mark.parametrize("text", [
    "Survie sans récidive de 24 mois.",
    "Patient vivant seul à domicile.",
    "Deux enfants vivants.",
    "Tableau de mort apparente du nourrisson.",
])
def test_wording_that_is_not_an_outcome(text):
    assert found(text, "outcome") == []
