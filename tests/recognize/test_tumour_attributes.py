"""Tumour attributes: `recognize.tumour_attributes` on invented French sentences."""

from __future__ import annotations

import pytest
from recognizer_runs import mention_finder

from oncofr.recognize.tumour_attributes import marker_lexicon

found = mention_finder("recognize.tumour_attributes")


def summary(text: str, label: str) -> list[tuple[str, object]]:
    return [(m.text, m.value) for m in found(text, label)]


# --- grade ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "written", "value", "system"), [
    ("Carcinoïde iléal de grade 2 au diagnostic.", "grade 2", "G2", "generic"),
    ("Adénocarcinome gastrique de grade II.", "grade II", "G2", "generic"),
    ("Adénocarcinome gastrique grade II selon l'OMS.", "grade II selon l'OMS", "G2", "who"),
    ("Tumeur neuroendocrine G3 du pancréas.", "G3", "G3", "generic"),
    ("Tumeur GX, non évaluable.", "GX", "GX", "generic"),
    ("Carcinome canalaire SBR III du sein droit.", "SBR III", "G3", "elston_ellis"),
    ("Carcinome lobulaire, grade histopronostique de Elston et Ellis 2.",
     "grade histopronostique de Elston et Ellis 2", "G2", "elston_ellis"),
    ("Carcinome rénal à cellules claires, grade de Fuhrman 3.", "grade de Fuhrman 3", "G3",
     "fuhrman"),
    ("Carcinome papillaire rénal grade 2 de Fuhrman.", "grade 2 de Fuhrman", "G2", "fuhrman"),
    ("Carcinome rénal ISUP 2 sur la pièce.", "ISUP 2", "G2", "isup"),
    ("Liposarcome grade FNCLCC 3 de la cuisse.", "grade FNCLCC 3", "G3", "fnclcc"),
    ("Gliome grade OMS 2 du lobe frontal.", "grade OMS 2", "G2", "who"),
])
def test_grades_and_their_systems(text, written, value, system):
    (grade,) = found(text, "grade")
    assert (grade.text, grade.value, grade.attributes["system"]) == (written, value, system)
    assert "target" not in grade.attributes


def test_gleason_scores_keep_their_patterns():
    first, second = found("Adénocarcinome prostatique score de Gleason 7 (4+3), à droite Gleason "
                          "3 + 3 = 6.", "grade")
    assert (first.text, first.value, first.attributes) == (
        "score de Gleason 7 (4+3)", "7", {"system": "gleason", "primary": 4, "secondary": 3})
    assert (second.text, second.value) == ("Gleason 3 + 3 = 6", "6")
    assert second.attributes["primary"] == 3


def test_grade_of_an_adverse_event_is_marked_as_such():
    text = ("Asthénie de grade 2 sous sunitinib, puis mucosite de grade 2-3 et neutropénie de "
            "grade 4. Éruption G2 et G3 thrombopénie.")
    grades = found(text, "grade")
    assert [(g.text, g.value) for g in grades] == [
        ("grade 2", "G2"), ("grade 2-3", "G2-3"), ("grade 4", "G4"), ("G2", "G2"), ("G3", "G3")]
    assert all(g.attributes["target"] == "adverse_event" for g in grades)


def test_grade_an_adverse_event_reached_is_marked_as_such():
    find = mention_finder("recognize.drugs", "recognize.procedures", "recognize.disorders",
                          "recognize.icdo3", "recognize.tumour_attributes")
    text = ("Adénocarcinome colique. Sous FOLFOX, une neutropénie progressive, atteignant le "
            "grade 3 à J8. Carcinome du rein, atteignant le grade 3 de Fuhrman.")
    assert [(g.text, g.attributes.get("target")) for g in find(text, "grade")] == [
        ("grade 3", "adverse_event"), ("grade 3 de Fuhrman", None)]


def test_grade_on_an_adverse_event_scale_is_an_adverse_event_grade():
    (grade,) = found("Fistule anastomotique classée grade 3 de Clavien-Dindo.", "grade")
    assert grade.attributes == {"system": "clavien_dindo", "target": "adverse_event"}


@pytest.mark.parametrize("text", [
    "Reflux vésico-urétéral de grade 3 à gauche.",
    "Dyspnée d'effort (grade 2) sans orthopnée.",
    "Captation hépatique de grade 3 de Krenning.",
    "Grossesse G2P1 sans particularité.",
])
def test_grades_that_are_not_tumour_grades_are_left_out(text):
    assert found(text, "grade") == []


# --- Ki-67 and mitoses ----------------------------------------------------------------------


def test_ki67_forms():
    text = ("Ki-67 à 15 %. KI67 de 8 %. Index Ki67 < 2 %. Ki-67 entre 3 et 20 %. "
            "Index de prolifération (Ki-67) estimé à 30%. MIB-1 : 40 %.")
    ki67 = found(text, "ki67")
    assert [(m.text, m.value) for m in ki67] == [
        ("Ki-67 à 15 %", 15), ("KI67 de 8 %", 8), ("Index Ki67 < 2 %", 2),
        ("Ki-67 entre 3 et 20 %", 20), ("Index de prolifération (Ki-67) estimé à 30%", 30),
        ("MIB-1 : 40 %", 40),
    ]
    assert ki67[2].attributes == {"comparator": "<"}
    assert ki67[3].attributes == {"low": 3, "high": 20}


def test_ki67_after_a_staining_mark():
    text = "Ki-67 +60%, RH négatifs. Ki67 +++ 85 %. Ki-67 positif dans 5 % des noyaux."
    assert [(m.text, m.value) for m in found(text, "ki67")] == [
        ("Ki-67 +60%", 60), ("Ki67 +++ 85 %", 85), ("Ki-67 positif dans 5 %", 5)]


def test_ki67_without_a_percentage_is_not_a_value():
    assert found("Le Ki-67 n'a pas été évalué sur la biopsie.", "ki67") == []


def test_mitotic_index_forms():
    text = ("Tumeur stromale avec 3 mitoses/10 HPF. Mélanome avec 2 mitoses pour 2 mm². "
            "Index mitotique de 5/10 champs.")
    mitoses = found(text, "mitotic_index")
    assert [(m.text, m.value) for m in mitoses] == [
        ("3 mitoses/10 HPF", 3), ("2 mitoses pour 2 mm²", 2), ("Index mitotique de 5/10 champs", 5)]
    assert [m.attributes for m in mitoses] == [
        {"per": 10, "unit": "HPF"}, {"per": 2, "unit": "mm2"}, {"per": 10, "unit": "HPF"}]


# --- stage ----------------------------------------------------------------------------------


def test_tnm_with_prefixes_from_eds_tnm():
    text = ("Lésion classée pT2N1M0, puis ypT1a après traitement ; bilan initial cT2N1aM0 et "
            "T3 N0 M1.")
    stages = found(text, "stage")
    assert [(m.text, m.value) for m in stages] == [
        ("pT2N1M0", "pT2N1M0"), ("ypT1a", "ypT1a"), ("cT2N1aM0", "cT2N1aM0"),
        ("T3 N0 M1", "T3N0M1")]
    assert stages[0].attributes == {"kind": "tnm", "prefix": "p", "t": "T2", "n": "N1", "m": "M0"}
    assert stages[1].attributes["prefix"] == "yp" and stages[1].attributes["t"] == "T1a"
    assert stages[2].attributes["n"] == "N1a"


def test_a_bare_prefixed_t_and_a_free_text_bracket_after_tnm():
    text = "Adénocarcinome colique (pT3), classé cT3 cN0 M0 (bilan scanographique)."
    assert summary(text, "stage") == [("pT3", "pT3"), ("cT3 cN0 M0", "cT3cN0M0")]


def test_stage_groups_are_uppercase_roman_numerals():
    text = "Stade IIIA au diagnostic, puis stade IIb, stade IV B et stade 4 selon le bilan."
    stages = found(text, "stage")
    assert [(m.text, m.value) for m in stages] == [
        ("Stade IIIA", "IIIA"), ("stade IIb", "IIB"), ("stade IV B", "IVB"), ("stade 4", "IV")]
    assert all(m.attributes["kind"] == "group" for m in stages)


def test_stage_group_system_and_stages_that_are_not_cancer_stages():
    (figo,) = found("Cancer du col utérin stade IIB de la FIGO.", "stage")
    assert (figo.value, figo.attributes["system"]) == ("IIB", "figo")
    text = ("Maladie au stade terminal. Dyspnée stade III de la NYHA. Insuffisance rénale "
            "chronique stade 3. Il est à la phase IV de l'essai.")
    assert found(text, "stage") == []


# --- size -----------------------------------------------------------------------------------


def test_lesion_sizes_in_millimetres():
    text = ("Le scanner montre des lésions hépatiques, les plus grandes mesurant 4,3 et 3,6 cm. "
            "Masse abdominale d'environ 6 x 6 centimètres. Nodule de 12 mm. "
            "Tumeur du foie de 5 cm. Nodules de 0,5 à 1,5 cm.")
    sizes = found(text, "size")
    assert [(m.text, m.value) for m in sizes] == [
        ("4,3 et 3,6 cm", 43), ("6 x 6 centimètres", 60), ("12 mm", 12), ("5 cm", 50),
        ("0,5 à 1,5 cm", 15)]
    assert sizes[0].attributes == {"sizes": [43, 36]}
    assert sizes[1].attributes == {"dimensions": [60, 60]}
    assert sizes[4].attributes == {"low": 5, "high": 15}


@pytest.mark.parametrize("text", [
    "La rate mesure 11 cm de grand axe.",
    "Foie de 16 cm de flèche, homogène.",
    "Rein droit de 10,5 cm, sans lésion.",
    "Tumeur rectale située à 6 cm de la marge anale.",
    "Lésion réséquée avec une marge de 2 mm.",
    "Pression artérielle à 120 mmHg, volume de 30 cm3.",
])
def test_sizes_of_organs_distances_and_other_units_are_left_out(text):
    assert found(text, "size") == []


# --- biomarkers -----------------------------------------------------------------------------


def markers(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.value["name"], m.value["result"]) for m in found(text, "biomarker")]


def test_a_result_before_a_list_applies_to_each_marker():
    text = "Tumeur IHC+ pour la chromogranine, la synaptophysine et le CDX2, d'allure endocrine."
    assert markers(text) == [
        ("chromogranine", "chromogranine A", "positive"),
        ("synaptophysine", "synaptophysine", "positive"),
        ("CDX2", "CDX2", "positive"),
    ]
    text = "L'immunomarquage est positif pour la polyactine, la vimentine, le HMB45 et le Melan-A."
    assert [name for _, name, _ in markers(text)] == ["actine", "vimentine", "HMB45", "Melan-A"]


def test_a_result_with_its_extent_before_a_list_joined_by_et_de_la():
    text = "Positivité diffuse de la chromogranine A et de la synaptophysine ; CK7 négatif."
    assert markers(text) == [
        ("chromogranine A", "chromogranine A", "positive"),
        ("synaptophysine", "synaptophysine", "positive"),
        ("CK7 négatif", "CK7", "negative"),
    ]


def test_a_verb_after_the_markers_gives_their_result_and_a_test_alone_gives_none():
    text = ("L'expression de la chromogranine, de la synaptophysine et du CD56 est négative. "
            "Les tests KRAS, NRAS et BRAF sont négatifs. La translocation ALK s'est révélée "
            "positive. Une recherche de mutation EGFR a été demandée.")
    assert markers(text) == [
        ("chromogranine", "chromogranine A", "negative"),
        ("synaptophysine", "synaptophysine", "negative"),
        ("CD56", "CD56", "negative"),
        ("KRAS", "KRAS", "negative"), ("NRAS", "NRAS", "negative"), ("BRAF", "BRAF", "negative"),
        ("ALK", "ALK", "positive"),
    ]


def test_results_written_after_the_marker():
    text = ("Tumeur stromale CKit négatif. Sein : RE+ RP+ HER2-, puis HER2 3+ sur la récidive. "
            "RH positifs. EGFR muté. KRAS sauvage.")
    assert markers(text) == [
        ("CKit négatif", "CD117 (c-KIT)", "negative"),
        ("RE+", "récepteurs aux œstrogènes", "positive"),
        ("RP+", "récepteurs à la progestérone", "positive"),
        ("HER2-", "HER2", "negative"),
        ("HER2 3+", "HER2", "positive"),
        ("RH positifs", "récepteurs hormonaux", "positive"),
        ("EGFR muté", "EGFR", "mutated"),
        ("KRAS sauvage", "KRAS", "wild_type"),
    ]
    her2_score = found(text, "biomarker")[4]
    assert her2_score.value["score"] == "3+" and her2_score.attributes == {"type": "receptor"}


def test_molecular_results_variants_percentages_and_status_words():
    text = "Présence d'une mutation KRAS. BRAF V600E. Tumeur MSI. Côlon MSS. PD-L1 à 50 %."
    biomarkers = found(text, "biomarker")
    assert [(m.text, m.value) for m in biomarkers] == [
        ("KRAS", {"name": "KRAS", "result": "mutated"}),
        ("BRAF V600E", {"name": "BRAF", "result": "mutated", "variant": "V600E"}),
        ("MSI", {"name": "MSI", "result": "positive"}),
        ("MSS", {"name": "MSI", "result": "negative"}),
        ("PD-L1 à 50 %", {"name": "PD-L1", "result": "positive", "percent": 50}),
    ]
    assert biomarkers[0].attributes == {"type": "molecular"}


def test_markers_without_result_and_abbreviations_in_another_case_are_left_out():
    text = ("Dosage de la chromogranine A à 550 U/ml. Recherche d'anticorps anti-CDX2 prévue. "
            "Re-intervention le lendemain. Vu par le Pr Martin.")
    assert markers(text) == []


with_icdo3 = mention_finder("recognize.icdo3", "recognize.tumour_attributes")


@pytest.mark.parametrize(("text", "marker", "tumour_words"), [
    ("Cellules fusiformes marquées par la desmine et la LAM, PS100 négative.", "LAM", []),
    ("Réarrangement de la kinase du lymphome anaplasique positif.",
     "kinase du lymphome anaplasique", []),
    ("Lymphome anaplasique à grandes cellules ALK positif.", "ALK",
     ["Lymphome anaplasique à grandes cellules ALK positif"]),
])
def test_a_disease_word_in_a_marker_name_is_no_tumour(text, marker, tumour_words):
    assert any(m.text.startswith(marker) for m in with_icdo3(text, "biomarker"))
    assert [m.text for m in with_icdo3(text, "morphology")] == tumour_words
    assert with_icdo3(text, "differentiation") == []


def test_an_abbreviation_without_a_marker_result_keeps_its_disease():
    text = "Une LAM est survenue trois ans après la chimiothérapie."
    assert [(m.text, m.code) for m in with_icdo3(text, "morphology")] == [("LAM", "9861/3")]
    assert with_icdo3(text, "biomarker") == []


def test_every_biomarker_term_is_found_by_the_lexicon():
    lexicon = marker_lexicon()
    assert lexicon.get("récepteurs aux œstrogènes").name == "récepteurs aux œstrogènes"
    assert lexicon.get("RE").forms == frozenset({"RE"})
    assert lexicon.get("synaptophysine").forms is None


# --- performance status ---------------------------------------------------------------------


def test_performance_status_scales():
    text = ("Patient OMS 1 à l'entrée, PS 0-1 ensuite, ECOG 2 en fin de ligne. "
            "Indice de Karnofsky à 70 %.")
    status = found(text, "performance_status")
    assert [(m.text, m.value, m.attributes["scale"]) for m in status] == [
        ("OMS 1", 1, "ecog"), ("PS 0-1", 1, "ecog"), ("ECOG 2", 2, "ecog"),
        ("Indice de Karnofsky à 70 %", 70, "karnofsky")]
    assert status[1].attributes == {"scale": "ecog", "low": 0, "high": 1}


def test_who_classifications_and_grades_are_not_performance_status():
    text = "Tumeur de la classification OMS 2019, gliome grade OMS 2, OMS 2004."
    assert found(text, "performance_status") == []
