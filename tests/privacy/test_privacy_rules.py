"""Detection rules of `oncofr.privacy`: each kind, what is left alone, bounded time."""

from __future__ import annotations

import time

import pytest

from oncofr.clean.text import clean_text
from oncofr.privacy.dates import find_dates
from oncofr.privacy.rules import find_identifiers


def found(text: str) -> list[tuple[str, str]]:
    """(kind, text) of every identifier found, dates aside."""
    return sorted((f.kind, text[f.start:f.end]) for f in find_identifiers(text))


@pytest.mark.parametrize(("text", "names"), [
    ("Vu ce jour M. Dupont en consultation.", ["Dupont"]),
    ("Mme Marie Durand, 64 ans.", ["Durand", "Marie"]),
    ("Adressé par le Dr Martin pour avis.", ["Martin"]),
    ("Avis du Pr. Lefèvre demandé.", ["Lefèvre"]),
    ("Signé : Docteur Jean-Pierre Morel.", ["Jean-Pierre", "Morel"]),
    ("Monsieur X. a été informé.", ["X."]),
    ("Vue chez Mme D. ce matin.", ["D."]),
    ("Aide : Dr J.-P. Sarrazin.", ["J.-P.", "Sarrazin"]),
    ("Mme LEGRAND Odile, née VIGNAL.", ["LEGRAND", "Odile", "VIGNAL"]),
    ("Monsieur Yves Le Bihan est revu.", ["Bihan", "Yves"]),
    ("Mme de Villiers est revue.", ["Villiers"]),
])
def test_names_after_civilities_and_titles(text, names):
    assert found(text) == [("name", name) for name in sorted(names)]


@pytest.mark.parametrize("text", [
    "Madame, Monsieur,\nNous avons revu votre patiente.",
    "Discussion avec M. et Mme ce jour.",
    "Adressé par le Dr Martin du CHU de Lyon.",  # « du CHU » is not part of the name
    "Maladie de Hodgkin, syndrome de Lynch, score de Gleason 7.",
    "Monsieur le Professeur Garnier",  # « le Professeur » is not a name, Garnier is
])
def test_what_is_not_a_name(text):
    names = [value for kind, value in found(text) if kind == "name"]
    assert names in ([], ["Martin"], ["Garnier"])


def test_a_name_found_after_a_civility_is_found_everywhere_in_any_case():
    text = "Mme Agnès Brunet est revue. BRUNET Agnès va bien ; Brunet signe."
    assert found(text) == [("name", "Agnès")] * 2 + [("name", "BRUNET"), ("name", "Brunet"),
                                                     ("name", "Brunet")]


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("Tél : 01 23 45 67 89.", "phone", "01 23 45 67 89"),
    ("Portable +33 6 12 34 56 78 le soir.", "phone", "+33 6 12 34 56 78"),
    ("Appeler le 06.12.34.56.78 demain.", "phone", "06.12.34.56.78"),
    ("Joindre le 0478653210.", "phone", "0478653210"),
    ("Fixe +33 (0)4 72 11 00 25.", "phone", "+33 (0)4 72 11 00 25"),
    ("Écrire à jeanne.roy@exemple.fr.", "email", "jeanne.roy@exemple.fr"),
    ("Voir https://www.exemple.fr/dossier?id=12.", "url", "https://www.exemple.fr/dossier?id=12"),
    ("Site www.exemple-sante.fr, rubrique suivi.", "url", "www.exemple-sante.fr"),
    ("NIR : 1 84 12 75 123 456 78.", "nir", "1 84 12 75 123 456 78"),
    ("NIR : 2840375123456.", "nir", "2840375123456"),
    ("Né en Corse, NIR 1 84 12 2A 123 456 78.", "nir", "1 84 12 2A 123 456 78"),
    ("IPP : 8001234567", "identifier", "8001234567"),
    ("NDA 2014-00123.", "identifier", "2014-00123"),
    ("N° de dossier : A1234567.", "identifier", "A1234567"),
    ("NIP n° 55123, service 4.", "identifier", "55123"),
    ("Habite 12 rue des Lilas depuis 2010.", "address", "12 rue des Lilas"),
    ("Au 8 avenue du Général de Gaulle.", "address", "8 avenue du Général de Gaulle"),
    ("Au 5 bis rue de l'Église, seul.", "address", "5 bis rue de l'Église"),
    ("Domicile : 69003 Lyon.", "address", "69003 Lyon"),
    ("Adresse : 42100 Saint-Étienne Cedex.", "address", "42100 Saint-Étienne Cedex"),
])
def test_contacts_identifiers_and_addresses(text, kind, value):
    assert found(text) == [(kind, value)]


@pytest.mark.parametrize("text", [
    "Patiente de 64 ans, OMS 1, 58 kg, 1,62 m.",
    "CA 19-9 à 250 UI/mL, plaquettes 245 000/mm3, 20000 UI d'héparine.",
    "pT3N1M0, 12/15 ganglions, Ki-67 20 %, 3 cours de chimiothérapie.",
    "Oxaliplatine 85 mg/m2, 5-FU 2400 mg/m2 sur 46 h, tous les 14 jours.",
    "IPP inconnu.",
])
def test_clinical_numbers_are_not_identifiers(text):
    assert found(text) == []


@pytest.mark.parametrize("unit", [
    "a", " ", "1 ", "M. A", "Mme Durand ", "Mme De La ", "a@", "01.", "12/", "http://", "1 rue A",
    "en 2014 ", "IPP 1", "Aa-", "75000 Paris ", "1 84 12 ", "Le 3 mars ",
])
def test_a_pathological_megabyte_is_searched_in_bounded_time(unit):
    """Linear patterns take seconds (each unit a match at worst); a backtracking one, hours."""
    text = clean_text(unit * (1_000_000 // len(unit))).text
    began = time.perf_counter()
    find_identifiers(text)
    find_dates(text, 200)
    assert time.perf_counter() - began < 20
