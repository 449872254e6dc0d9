"""ICD-O-3 morphology, topography and differentiation mentions on invented French sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.pipeline import Pipeline
from oncofr.recognize.icdo3 import code_for, find_icdo3, topography_lexicon
from oncofr.resources import load_table

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FRACCO = SHARED / "data" / "fracco-dev"


def spans(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.label, text[f.start:f.end], f.code) for f in find_icdo3(text)]


def test_morphology_with_differentiation_and_site() -> None:
    assert spans("Tumeur neuroendocrine bien différenciée de l'iléon.") == [
        ("morphology", "Tumeur neuroendocrine", code_for("morphology", "tumeur neuroendocrine")),
        ("differentiation", "bien différenciée", "1"),
        ("topography", "iléon", "C17.2"),
    ]


@pytest.mark.parametrize(("text", "code"), [
    ("Carcinome rénal à cellules chromophobes.", "8317/3"),
    ("Tumeur à cellules de Merkel de la joue.", "8247/3"),
    ("Tumeur à cellules germinales non séminomateuse.", "9065/3"),
    ("Tumeurs des cellules germinales.", "9064/3"),
    ("Hépatoblastome embryonnaire.", "8970/3"),
    ("Tératome kystique de l'ovaire gauche.", "9080/0"),
])
def test_histologies_named_by_their_cells(text: str, code: str) -> None:
    morphology = [s for s in spans(text) if s[0] == "morphology"]
    assert len(morphology) == 1 and morphology[0][2] == code


def test_adenocarcinoma_grade_and_site_without_laterality() -> None:
    text = "Adénocarcinome moyennement différencié du côlon droit."
    found = find_icdo3(text)
    assert [(f.label, text[f.start:f.end], f.code) for f in found] == [
        ("morphology", "Adénocarcinome", "8140/3"),
        ("differentiation", "moyennement différencié", "2"),
        ("topography", "côlon", code_for("topography", "côlon droit")),
    ]
    assert found[-1].attributes["laterality"] == "right"


def test_ductal_carcinoma_of_the_left_breast() -> None:
    text = "Carcinome canalaire infiltrant du sein gauche, grade III."
    assert spans(text) == [
        ("morphology", "Carcinome canalaire infiltrant", "8500/3"),
        ("topography", "sein", "C50.9"),
        ("differentiation", "grade III", "3"),
    ]


def test_lesion_word_and_its_site_are_separate_spans() -> None:
    assert spans("Le scanner montre des lésions hépatiques.") == [
        ("morphology", "lésions", "8000/1"), ("topography", "hépatiques", "C22.0")]
    assert spans("Métastases Hépatiques et pulmonaires") == [
        ("morphology", "Métastases", "8000/6"), ("topography", "Hépatiques", "C22.0"),
        ("topography", "pulmonaires", "C34.9")]


def test_adenopathies_get_the_region_code_and_the_node_code() -> None:
    text = "Présence d'adénopathies médiastinales."
    found = find_icdo3(text)
    assert [(f.label, text[f.start:f.end], f.code) for f in found] == [
        ("morphology", "adénopathies", "8000/1"), ("topography", "médiastinales", "C38.3")]
    assert found[1].attributes["lymph_node"] == "C77.1"


def test_a_grade_written_into_the_histology_is_split_off() -> None:
    assert spans("Carcinome indifférencié.") == [
        ("morphology", "Carcinome", "8010/3"), ("differentiation", "indifférencié", "4")]
    assert spans("Carcinome neuroendocrine de haut grade.")[1][:2] == (
        "differentiation", "haut grade")


def test_a_split_histology_keeps_the_code_of_the_whole_term() -> None:
    text = "Chondrosarcome dédifférencié. Carcinome indifférencié."
    found = find_icdo3(text)
    assert [(f.label, text[f.start:f.end], f.code) for f in found] == [
        ("morphology", "Chondrosarcome", "9220/3"), ("differentiation", "dédifférencié", "4"),
        ("morphology", "Carcinome", "8010/3"), ("differentiation", "indifférencié", "4")]
    assert found[0].attributes["term_code"] == "9243/3"
    assert found[2].attributes["term_code"] == "8020/3"
    # a grade that adds nothing to the code leaves no whole-term code
    assert "term_code" not in find_icdo3("Adénocarcinome peu différencié.")[0].attributes


def test_a_site_written_into_the_histology_is_split_off() -> None:
    assert [s[:2] for s in spans("Carcinose péritonéale diffuse.")] == [
        ("morphology", "Carcinose"), ("topography", "péritonéale")]


def test_metastasis_of_a_named_histology_gives_two_mentions() -> None:
    assert [s[:2] for s in spans("Métastase d'adénocarcinome.")] == [
        ("morphology", "Métastase"), ("morphology", "adénocarcinome")]


def test_metastatic_joins_the_histology_with_behaviour_6() -> None:
    assert spans("Mélanome métastatique.") == [("morphology", "Mélanome métastatique", "8720/6")]
    # A site written inside the name: the mention covers it, the site stays inside it.
    assert spans("Une atteinte osseuse métastatique.") == [
        ("morphology", "atteinte osseuse métastatique", "8000/6"),
        ("topography", "osseuse", "C41.9")]


def test_stage_iv_and_m1_are_metastatic_disease() -> None:
    assert spans("Cancer du rein stade IV") == [
        ("morphology", "Cancer", "8000/3"), ("topography", "rein", "C64.9"),
        ("morphology", "stade IV", "8000/6")]


def test_generic_words_need_a_tumour_context() -> None:
    assert spans("Perte de masse musculaire.") == []
    assert spans("Effet de masse sur le ventricule.") == []
    assert spans("Une formation médicale continue.") == []
    assert spans("Une formation tissulaire du rein.") == [
        ("morphology", "formation tissulaire", "8000/1"), ("topography", "rein", "C64.9")]
    assert spans("Sans atteinte de l'état général ni progression de la dyspnée.") == []
    assert spans("Le bilan d'extension est négatif.") == []
    assert spans("Cas présenté au comité des tumeurs digestives.") == []


def test_a_kidney_lesion_is_a_lesion_but_acute_kidney_injury_is_not() -> None:
    assert spans("Au scanner, lésion rénale droite de 4 cm.") == [
        ("morphology", "lésion", "8000/1"), ("topography", "rénale", "C64.9")]
    assert spans("Lésions rénales aiguës après le cisplatine.") == []


def test_benign_tumour_is_coded_benign() -> None:
    assert spans("Tumeur bénigne.") == [("morphology", "Tumeur bénigne", "8000/0")]


def test_sites_are_kept_only_when_they_belong_to_a_lesion() -> None:
    assert spans("Scanner thoracique normal.") == []
    assert spans("Nodules pulmonaires et épanchement pleural.") == [
        ("morphology", "Nodules", "8000/1"), ("topography", "pulmonaires", "C34.9")]
    assert spans("Le cas a été discuté au sein du comité, masse rénale.") == [
        ("morphology", "masse", "8000/1"), ("topography", "rénale", "C64.9")]


def test_bound_prefix_joins_the_site() -> None:
    assert spans("Nodule sous-pleural.")[1][:2] == ("topography", "sous-pleural")


def test_a_prefix_of_location_inside_written_as_one_word_keeps_the_site_code() -> None:
    assert spans("Lésion intrabronchique.")[1] == ("topography", "intrabronchique", "C34.9")
    assert spans("Nodules endotrachéaux.")[1] == ("topography", "endotrachéaux", "C33.9")
    # nearness is not the organ: « périhépatique » is not coded as the liver
    assert all(code != "C22.0" for _, _, code in spans("Nodule périhépatique."))


@pytest.mark.parametrize(("text", "site", "code"), [
    # both sides of one organ: its overlapping lesion (.8)
    ("Lésions supra- et infratentorielles.", "supra- et infratentorielles", "C71.8"),
    ("Lésions sus- et sous-tentorielles.", "sus- et sous-tentorielles", "C71.8"),
    # two regions: ill-defined overlapping sites; two parts of the nervous system: C72.8
    ("Adénopathies sus- et sous-diaphragmatiques.", "sus- et sous-diaphragmatiques", "C76.8"),
    ("Adénopathies sus et sous diaphragmatiques.", "sus et sous diaphragmatiques", "C76.8"),
    ("Pas de lésion intra- ou extra-axiale.", "intra- ou extra-axiale", "C72.8"),
])
def test_a_prefix_coordinated_with_the_sites_own_is_one_place_over_both(
        text: str, site: str, code: str) -> None:
    assert ("topography", site, code) in spans(text)


def test_a_coordinated_prefix_keeps_the_lymph_node_code_of_both_regions() -> None:
    text = "Adénopathies sus- et sous-claviculaires."
    [_, site] = find_icdo3(text)
    assert (text[site.start:site.end], site.code) == ("sus- et sous-claviculaires", "C76.8")
    assert site.attributes["lymph_node"] == "C77.8"
    # a prefix that makes no site with the adjective's stem is left out
    assert spans("Adénopathies pré- et rétropéritonéales.")[1] == (
        "topography", "rétropéritonéales", "C48.0")


def test_a_side_of_the_diaphragm_is_the_thorax_or_the_abdomen() -> None:
    assert spans("Adénopathie sous-diaphragmatique.")[1] == (
        "topography", "sous-diaphragmatique", "C76.2")
    assert spans("Masse supradiaphragmatique.")[1] == ("topography", "supradiaphragmatique",
                                                      "C76.1")


def test_a_malignant_angiomyolipoma_is_a_malignant_pecoma() -> None:
    # the angiomyolipoma belongs to the PEComa family; malignant, it is coded as one
    assert spans("Angiomyolipome malin du rein.")[0] == (
        "morphology", "Angiomyolipome malin", "8714/3")
    assert spans("Angiomyolipome du rein.")[0] == ("morphology", "Angiomyolipome", "8860/0")


def test_liver_segments_are_liver_sites() -> None:
    text = "Lésion du segment VII du foie."
    [_, site] = find_icdo3(text)
    assert (text[site.start:site.end], site.code) == ("segment VII du foie", "C22.0")
    assert site.attributes["liver_segments"] == ["VII"]


def test_grades_of_other_things_are_not_differentiation() -> None:
    assert spans("Toxicité de grade 2 sous chimiothérapie.") == []
    assert spans("Mucite grade 3.") == []


def test_accents_and_case_do_not_matter() -> None:
    assert spans("ADENOCARCINOME BIEN DIFFERENCIE") == [
        ("morphology", "ADENOCARCINOME", "8140/3"), ("differentiation", "BIEN DIFFERENCIE", "1")]


def test_code_for_looks_up_a_span_text() -> None:
    assert code_for("topography", "foie") == "C22.0"
    assert code_for("morphology", "métastases multiples") == "8000/6"
    assert code_for("differentiation", "peu différencié") == "3"
    assert code_for("morphology", "rien") is None


def test_component_maps_mentions_to_original_offsets() -> None:
    pipeline = Pipeline.from_config([{"name": "clean.text"}, {"name": "segment.sentences"},
                                     {"name": "recognize.icdo3"}])
    original = "Diagnostic :\u00a0adénocarcinome\u00a0du côlon."
    document = Document(id="d", original=original)
    result = pipeline.run(document)
    assert [(m.label, m.text, m.code, m.system) for m in result.mentions] == [
        ("morphology", "adénocarcinome", "8140/3", "icdo3-morphology"),
        ("topography", "côlon", code_for("topography", "côlon"), "icdo3-topography"),
    ]
    assert all(original[m.start:m.end] == m.text for m in result.mentions)


@pytest.mark.skipif(not FRACCO.is_dir(), reason="../shared/data/fracco-dev is not present")
def test_fracco_sample_finds_most_morphology_spans() -> None:
    docs = [json.loads(line) for line in (FRACCO / "docs.jsonl").open(encoding="utf-8")][:40]
    ids = {doc["id"] for doc in docs}
    gold = set()
    for line in (FRACCO / "gold.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row["doc_id"] in ids and row["label"] == "morphologie":
            gold.add((row["doc_id"], row["start"], row["end"]))
    found = {(doc["id"], f.start, f.end) for doc in docs for f in find_icdo3(doc["text"])
             if f.label == "morphology"}
    assert len(gold & found) / len(gold) > 0.6


def attributes(text: str, label: str) -> list[dict]:
    return [f.attributes for f in find_icdo3(text) if f.label == label]


# Differentiation: grading conventions and wording


def test_high_grade_is_grade_4_and_low_grade_grade_1() -> None:
    assert spans("Carcinome urothélial de haut grade.")[-1] == (
        "differentiation", "haut grade", "4")
    assert spans("Tumeur neuroendocrine de bas grade.")[-1] == (
        "differentiation", "bas grade", "1")


def test_a_grade_after_de_is_split_off_and_the_histology_keeps_its_own_code() -> None:
    assert spans("Carcinome séreux de haut grade de l'ovaire.") == [
        ("morphology", "Carcinome séreux", code_for("morphology", "carcinome séreux")),
        ("differentiation", "haut grade", "4"),
        ("topography", "ovaire", "C56.9"),
    ]
    assert spans("TNE G2 de l'intestin grêle.")[:2] == [
        ("morphology", "TNE", code_for("morphology", "TNE")),
        ("differentiation", "G2", "2")]


def test_an_entity_named_by_its_differentiation_stays_whole() -> None:
    assert spans("Sarcome indifférencié de la cuisse.")[0] == (
        "morphology", "Sarcome indifférencié", "8805/3")
    assert [s[:2] for s in spans("Carcinome indifférencié.")] == [
        ("morphology", "Carcinome"), ("differentiation", "indifférencié")]


def test_the_grading_system_written_after_the_grade_is_part_of_the_span() -> None:
    text = ("Carcinome rénal à cellules claires, grade 3 de Fuhrman ; astrocytome de grade I "
            "de l'OMS.")
    assert [s for s in spans(text) if s[0] == "differentiation"] == [
        ("differentiation", "grade 3 de Fuhrman", "3"),
        ("differentiation", "grade I de l'OMS", "1")]
    assert spans("Carcinome canalaire, grade II selon Nottingham.")[-1][1] == (
        "grade II selon Nottingham")
    assert spans("Carcinome de haut grade histologique.")[-1] == (
        "differentiation", "haut grade histologique", "4")


def test_a_grade_of_another_scale_is_no_differentiation() -> None:
    for text in ("Lésions hépatiques, fixation de grade 3 selon Krenning.",
                 "Adénocarcinome colique, neutropénie grade 3 NCI-CTCAE.",
                 "Lymphome, réponse de grade 2 selon Deauville."):
        assert [s for s in spans(text) if s[0] == "differentiation"] == [], text


def test_a_range_of_grades_takes_the_higher_one() -> None:
    assert spans("Carcinome rénal, grade II-III de Fürhman.")[-1] == (
        "differentiation", "grade II-III de Fürhman", "3")


# Disease course and spread


def test_course_words_follow_the_annotation_convention_and_say_so() -> None:
    assert spans("Progression de la maladie.") == [
        ("morphology", "Progression de la maladie", "8000/1")]
    assert spans("Rechute l'année suivante.") == [("morphology", "Rechute", "8000/3")]
    assert spans("Carcinomatose péritonéale.") == [
        ("morphology", "Carcinomatose", "8010/9"), ("topography", "péritonéale", "C48.2")]
    for text in ("Progression de la maladie.", "Rechute.", "Carcinomatose péritonéale."):
        assert attributes(text, "morphology")[0]["course"] is True
    assert "course" not in attributes("Métastases hépatiques.", "morphology")[0]


def test_a_course_word_gives_way_to_the_disease_it_names() -> None:
    assert spans("Stabilité de la maladie néoplasique.") == [
        ("morphology", "maladie néoplasique", code_for("morphology", "maladie néoplasique"))]
    assert [s[1] for s in spans("Progression de la tumeur du rein.")] == ["tumeur", "rein"]
    # a recurrence is a lesion of its own
    assert [s[1] for s in spans("Récidive d'un mélanome.")] == ["Récidive", "mélanome"]


def test_a_course_word_reaches_its_site_past_a_locative() -> None:
    assert spans("Nouvelle progression au niveau du foie.") == [
        ("morphology", "progression", "8000/6"), ("topography", "foie", "C22.0")]
    assert [s[1] for s in spans("Progression au niveau de la fosse iliaque.")] == [
        "Progression", "fosse iliaque"]
    assert spans("Progression au niveau des chiffres tensionnels.") == []


def test_the_disease_word_names_the_tumour_only_with_its_site() -> None:
    assert spans("Réponse partielle de la maladie osseuse et ganglionnaire.") == [
        ("morphology", "maladie", "8000/9"), ("topography", "osseuse", "C41.9"),
        ("topography", "ganglionnaire", "C77.9")]
    assert attributes("La maladie pulmonaire reste stable.", "morphology")[0]["course"] is True
    assert [s[1] for s in spans("Persistance de la maladie dans l'omoplate.")] == [
        "maladie", "omoplate"]
    for text in ("Maladie stable après six cycles.",
                 "Pas de signe de la maladie. Nodule pulmonaire inchangé.",
                 "Maladie pulmonaire obstructive chronique.",
                 "Signes d'une maladie hépatique chronique à l'échographie.",
                 "Antécédents de maladie hépatique.",
                 "Maladie coeliaque connue."):
        assert not [s for s in spans(text) if s[1].lower() == "maladie"], text


def test_a_disease_named_after_a_person_is_one_mention() -> None:
    assert spans("Aspect évocateur d'une maladie de Hodgkin.") == [
        ("morphology", "maladie de Hodgkin", code_for("morphology", "maladie de Hodgkin"))]


# Sites written inside a name, and names that go on after their site


def test_a_site_inside_a_histology_name_is_a_nested_topography_span() -> None:
    assert spans("Carcinome rénal à cellules claires.") == [
        ("morphology", "Carcinome rénal à cellules claires", "8310/3"),
        ("topography", "rénal", "C64.9")]


def test_a_histology_that_goes_on_after_its_site_covers_it() -> None:
    assert spans("Carcinome pulmonaire à petites cellules.") == [
        ("morphology", "Carcinome pulmonaire à petites cellules", "8041/3"),
        ("topography", "pulmonaire", "C34.9")]
    assert spans("Cancer du poumon non à petites cellules.") == [
        ("morphology", "Cancer du poumon non à petites cellules", "8046/3"),
        ("topography", "poumon", "C34.9")]


def test_metastatic_or_primary_after_a_lesion_site_joins_the_lesion() -> None:
    assert spans("Lésions osseuses métastatiques.") == [
        ("morphology", "Lésions osseuses métastatiques", "8000/6"),
        ("topography", "osseuses", "C41.9")]
    assert spans("Une tumeur pulmonaire primitive.") == [
        ("morphology", "tumeur pulmonaire primitive", "8000/3"),
        ("topography", "pulmonaire", "C34.9")]
    # after a cancer the site is the primary's: « métastatique » is left out
    assert spans("Cancer du sein métastatique.") == [
        ("morphology", "Cancer", "8000/3"), ("topography", "sein", "C50.9")]


def test_primary_joins_the_tumour_word() -> None:
    assert spans("Un néoplasme primaire d'origine inconnue.")[0] == (
        "morphology", "néoplasme primaire", "8000/3")
    assert spans("Sans primitif connu.") == [("morphology", "primitif", "8000/3")]


# Sites: joined wording, lists, vocabulary


def test_sites_written_one_after_the_other_are_one_span() -> None:
    found = find_icdo3("Adénopathies ganglionnaires médiastinales.")
    assert [(f.label, f.code) for f in found] == [
        ("morphology", "8000/1"), ("topography", "C77.1")]
    assert spans("Lésion cérébrale frontale.")[-1] == (
        "topography", "cérébrale frontale", "C71.1")


def test_a_subsite_and_its_organ_are_one_span_with_the_subsite_code() -> None:
    assert [s for s in spans("Nodule dans le quadrant inférieur externe du sein gauche.")
            if s[0] == "topography"] == [
        ("topography", "quadrant inférieur externe du sein", "C50.5")]
    # two organs are two sites, even after « de »
    assert [s[1] for s in spans("Métastases du foie et du poumon.") if s[0] == "topography"] == [
        "foie", "poumon"]


def test_one_word_wordings_of_brain_regions_and_node_stations() -> None:
    assert spans("Lésion frontopariétale droite.")[-1] == (
        "topography", "frontopariétale", "C71.8")
    # a node station around the carina is the thorax, its nodes after a node word (as « hilaire »)
    assert spans("Adénopathies sous-carénales.")[-1] == ("topography", "sous-carénales", "C76.1")
    assert attributes("Adénopathies sous-carénales.", "topography") == [{"lymph_node": "C77.1"}]


@pytest.mark.parametrize(("text", "site", "code"), [
    ("Nodule de 8 mm dans le LM.", "LM", "C34.2"),
    ("Tumeur englobant les gros vaisseaux.", "gros vaisseaux", "C49.3"),
    ("Extension tumorale au sinus caverneux.", "sinus caverneux", "C49.0"),
    ("Masse dans le 5e espace intercostal.", "espace intercostal", "C76.1"),
    ("Infiltration du mésorectum.", "mésorectum", "C49.5"),
    ("Métastase épidurale en regard de D8.", "épidurale", "C72.9"),
    ("Métastase dans le canal rachidien.", "canal rachidien", "C70.1"),
    ("Paragangliome de la bifurcation carotidienne.", "bifurcation carotidienne", "C49.0"),
    ("Infiltration des structures vasculaires.", "structures vasculaires", "C49.9"),
    ("Tumeur du bassin rénal.", "bassin rénal", "C65.9"),
    ("Nodule sous-cutané de la région pectorale gauche.", "région pectorale", "C76.1"),
    ("Masse intravésiculaire de 2 cm.", "intravésiculaire", "C23.9"),
    ("Tumeur de la jonction œsophago-gastrique.", "jonction œsophago-gastrique", "C16.0"),
    ("Lésion de la jonction oesophagogastrique.", "jonction oesophagogastrique", "C16.0"),
    ("Carcinome basocellulaire de la région malaire gauche.", "région malaire", "C76.0"),
    ("Nodule cutané de la pommette.", "pommette", "C76.0"),
])
def test_wording_of_thoracic_pelvic_spinal_vascular_and_skull_base_places(
        text: str, site: str, code: str) -> None:
    assert ("topography", site, code) in spans(text)


@pytest.mark.parametrize(("text", "term", "code"), [
    ("Radiographie thoracique : aspect en lâcher de ballons.", "lâcher de ballons", "8000/6"),
    ("Patiente avec une maladie oligométastatique.", "maladie oligométastatique", "8000/6"),
    ("Épaississement nodulaire de la paroi gastrique.", "Épaississement nodulaire", "8000/1"),
    ("Antécédent de neurofibromatose de type 1.", "neurofibromatose de type 1", "9540/1"),
])
def test_wording_of_spread_patterns_nodular_thickening_and_neurofibromatosis(
        text: str, term: str, code: str) -> None:
    assert ("morphology", term, code) in spans(text)


def test_a_measurement_between_a_lesion_and_its_site_counts_as_one_word() -> None:
    text = "Deuxième nodule de 2,3 x 1,1 x 0,8 cm dans le thalamus gauche."
    assert ("topography", "thalamus", "C71.0") in spans(text)
    # without the measurement the site is as far as the reach allows, and no farther
    far = ("Une lésion mesurant environ deux centimètres sur trois et demi à la dernière "
           "évaluation dans le thalamus droit.")
    assert "thalamus" not in [s[1] for s in spans(far)]


@pytest.mark.parametrize("text", [
    "Nodule pulmonaire, confirmé par une biopsie du foie.",
    "Masse pancréatique au contact de la veine porte.",
    "Volumineuse masse rétropéritonéale comprimant la vessie.",
    "Tumeur médiastinale s'étendant vers la trachée.",
])
def test_a_site_after_a_procedure_or_a_neighbour_word_is_not_the_lesion_s(text: str) -> None:
    sites = [s[1] for s in spans(text) if s[0] == "topography"]
    assert not {"foie", "veine porte", "vessie", "trachée"} & set(sites), sites


def test_an_adverb_may_stand_between_a_lesion_and_its_adjective_site() -> None:
    assert ("topography", "hépatique", "C22.0") in spans(
        "Progression exclusivement hépatique sous traitement.")
    assert ("topography", "hépatiques", "C22.0") in spans(
        "Métastases principalement hépatiques.")


def test_disease_with_a_course_verb_reaches_the_sites_after_the_locative() -> None:
    found = spans("En 2020, la maladie a progressé aux niveaux hépatique, pleural et osseux.")
    assert [s[1:] for s in found if s[0] == "topography"] == [
        ("hépatique", "C22.0"), ("pleural", "C38.4"), ("osseux", "C41.9")]
    found = spans("La maladie a progressé dans le foie et les os.")
    assert [s[1] for s in found if s[0] == "topography"] == ["foie", "os"]
    # the verb alone, without a place, makes no tumour mention of « maladie »
    assert spans("La maladie a progressé selon les critères RECIST.") == []


@pytest.mark.parametrize(("text", "site", "code"), [
    ("Nodule du pôle inférieur du rein droit.", "rein", "C64.9"),
    ("Adénocarcinome du bas rectum.", "rectum", "C20.9"),
    ("Tumeur carcinoïde de l'iléon terminal.", "iléon", "C17.2"),
    # a position that narrows the code, or names the place, stays in the span
    ("Nodule du lobe inférieur droit.", "lobe inférieur", "C34.3"),
    ("Masse du médiastin supérieur.", "médiastin supérieur", "C38.3"),
])
def test_a_position_that_leaves_the_code_as_it_is_stays_out_of_the_site(
        text: str, site: str, code: str) -> None:
    assert [s for s in spans(text) if s[0] == "topography"] == [("topography", site, code)]


@pytest.mark.parametrize(("text", "sites"), [
    ("En 2019, une progression a été constatée dans le foie et la rate.", ["foie", "rate"]),
    ("Une progression a ensuite été mise en évidence au niveau osseux.", ["osseux"]),
    ("Progression exclusive au niveau ganglionnaire.", ["ganglionnaire"]),
    ("Progression significative au niveau pelvien.", ["pelvien"]),
])
def test_a_passive_of_finding_or_an_adjective_may_link_progression_to_its_site(
        text: str, sites: list[str]) -> None:
    found = spans(text)
    assert [s[1].lower() for s in found if s[0] == "morphology"] == ["progression"]
    assert [s[1] for s in found if s[0] == "topography"] == sites


def test_a_progression_without_a_place_after_its_verb_is_no_tumour_mention() -> None:
    assert spans("Une progression a été observée après trois cycles.") == []


def test_a_node_region_written_after_a_node_word_gets_its_node_code() -> None:
    [site] = [f for f in find_icdo3("Adénopathie rétropectorale droite.")
              if f.label == "topography"]
    assert (site.code, site.attributes["lymph_node"]) == ("C76.1", "C77.3")
    # also when the site is written inside the node word's mention
    [site] = [f for f in find_icdo3("Adénopathies médiastinales métastatiques.")
              if f.label == "topography"]
    assert (site.code, site.attributes["lymph_node"]) == ("C38.3", "C77.1")


@pytest.mark.parametrize(("text", "region", "nodes"), [
    ("Adénopathies rétropéritonéales.", "C48.0", "C77.2"),
    ("Adénopathie abdominale.", "C76.2", "C77.2"),
    ("Adénopathies thoraciques.", "C76.1", "C77.1"),
    ("Adénopathie splénique.", "C42.2", "C77.2"),
])
def test_body_cavity_and_organ_adjectives_after_a_node_word_are_that_cavity_s_nodes(
        text: str, region: str, nodes: str) -> None:
    [site] = [f for f in find_icdo3(text) if f.label == "topography"]
    assert (site.code, site.attributes["lymph_node"]) == (region, nodes)
    # a node word then the region: one span with the nodes' code
    assert spans(f"Atteinte ganglionnaire {text.split()[1]}")[-1][2] == nodes


def test_a_body_cavity_adjective_alone_keeps_the_region_code() -> None:
    assert find_icdo3("Masse rétropéritonéale.")[-1].attributes == {}
    assert spans("Masse rétropéritonéale.")[-1] == ("topography", "rétropéritonéale", "C48.0")


def test_a_lesion_named_by_its_aspect_is_one_mention() -> None:
    assert spans("Deux lésions kystiques du pancréas.")[0] == (
        "morphology", "lésions kystiques", "8000/1")
    assert spans("Image pseudonodulaire hépatique.")[0] == (
        "morphology", "Image pseudonodulaire", "8000/1")
    assert spans("Masse polypoïde du côlon.")[0] == ("morphology", "Masse polypoïde", "8000/1")
    assert spans("Lésion solide du rein.")[0] == ("morphology", "Lésion", "8000/1")


def test_iliac_alone_is_the_ilium_and_after_a_node_word_the_iliac_nodes() -> None:
    assert spans("Lésion lytique iliaque droite.")[-1] == ("topography", "iliaque", "C41.4")
    assert attributes("Adénopathies iliaques.", "topography") == [{"lymph_node": "C77.5"}]
    assert spans("Masse de la fosse iliaque.")[-1] == ("topography", "fosse iliaque", "C76.2")


def test_a_list_of_sites_goes_on_after_the_lesion() -> None:
    text = ("Métastases microscopiques retrouvées à l'autopsie dans le foie, la rate, les reins, "
            "les glandes surrénales et l'œsophage.")
    assert [s[1] for s in spans(text) if s[0] == "topography"] == [
        "foie", "rate", "reins", "glandes surrénales", "œsophage"]


def test_ligatures_vessels_and_the_cerebrum() -> None:
    assert spans("Adénopathie du tronc cœliaque.")[-1] == (
        "topography", "tronc cœliaque", "C49.4")
    assert attributes("Adénopathie du tronc coeliaque.", "topography") == [
        {"lymph_node": "C77.2"}]
    assert spans("Envahissement tumoral de la veine porte.")[-1] == (
        "topography", "veine porte", "C49.4")
    assert spans("Métastase cérébrale.")[-1] == ("topography", "cérébrale", "C71.0")


def test_rib_but_not_side_and_ordinals_before_a_site() -> None:
    assert spans("Lésion de la 5e côte.") == [
        ("morphology", "Lésion", "8000/1"), ("topography", "côte", "C41.3")]
    assert spans("Masse du côté droit.") == [("morphology", "Masse", "8000/1")]
    assert spans("Métastase osseuse en L5.")[-1] == ("topography", "L5", "C41.2")


def test_a_level_of_the_spine_is_part_of_the_vertebral_site() -> None:
    assert spans("Métastase de la colonne dorsale.")[-1] == (
        "topography", "colonne dorsale", "C41.2")
    assert spans("Lésion lytique des corps vertébraux lombaires.")[-1] == (
        "topography", "corps vertébraux lombaires", "C41.2")


def test_a_level_after_a_vertebral_site_is_a_level_of_the_spine() -> None:
    sites = [s for s in spans("Métastases vertébrales au niveau cervical et thoracique.")
             if s[0] == "topography"]
    assert sites == [("topography", "vertébrales", "C41.2"), ("topography", "cervical", "C41.2"),
                     ("topography", "thoracique", "C41.2")]
    # a lesion word between: the level is that lesion's region
    assert spans("Métastases vertébrales et adénopathies cervicales.")[-1] == (
        "topography", "cervicales", "C76.0")


def test_a_face_with_a_position_is_the_surface_of_an_organ_not_the_face() -> None:
    assert spans("Tumeur de la face postérieure du pancréas.") == [
        ("morphology", "Tumeur", "8000/1"), ("topography", "pancréas", "C25.9")]
    assert spans("Nodule de la face latéro-interne de la cuisse.")[-1] == (
        "topography", "cuisse", "C76.5")
    assert spans("Carcinome basocellulaire de la face.")[-1] == ("topography", "face", "C76.0")


# Tumour context of generic words, abbreviations


def test_infiltration_of_a_structure_is_a_tumour_mention() -> None:
    assert [s[1] for s in spans("Adénocarcinome avec infiltration de la paroi.")] == [
        "Adénocarcinome", "infiltration"]
    assert spans("Infiltration par des lymphocytes réactionnels.") == []
    assert spans("Foyers d'hypercaptation.") == [("morphology", "Foyers", "8000/1")]


def test_space_occupying_lesion_and_nodal_masses() -> None:
    assert spans("Une LOE hépatique.") == [
        ("morphology", "LOE", "8000/1"), ("topography", "hépatique", "C22.0")]
    assert spans("Conglomérat adénopathique.") == [
        ("morphology", "Conglomérat adénopathique", "8000/1")]


def test_cbc_is_a_basal_cell_carcinoma_but_not_a_dated_blood_count() -> None:
    assert [s[:3] for s in spans("Exérèse d'un CBC du nez en 2019.")] == [
        ("morphology", "CBC", "8090/3"), ("topography", "nez", "C76.0")]
    assert spans("CBC (3/4/2020) : Hb 12 g/dL, plaquettes normales.") == []
    assert spans("Bilan : CBC 12/05/21 : leucocytes 6 000/mm3.") == []


def test_adc_is_an_adenocarcinoma_but_not_an_mri_map() -> None:
    assert spans("Métastase d'un ADC pulmonaire.")[1:] == [
        ("morphology", "ADC", "8140/3"), ("topography", "pulmonaire", "C34.9")]
    assert spans("Lésion en restriction sur la carte ADC.")[1:] == []


@pytest.mark.parametrize(("text", "site", "code"), [
    ("Adénopathie rétrocrurale gauche.", "rétrocrurale", "C38.2"),
    ("Nodule paramédiastinal droit.", "paramédiastinal", "C34.9"),
    ("Nodules périhépatiques.", "périhépatiques", "C48.2"),
    ("Lésion intra-axiale.", "intra-axiale", "C71.9"),
    ("Métastase de la mâchoire.", "mâchoire", "C41.1"),
    ("Lésion poplitée gauche.", "poplitée", "C76.5"),
    ("Masse iléo-cæcale.", "iléo-cæcale", "C18.0"),
])
def test_regional_wording_of_the_chest_abdomen_brain_and_limbs(
        text: str, site: str, code: str) -> None:
    assert spans(text)[-1] == ("topography", site, code)


def test_a_popliteal_lesion_is_the_leg_and_a_popliteal_node_the_leg_s_nodes() -> None:
    assert attributes("Adénopathie poplitée.", "topography") == [{"lymph_node": "C77.4"}]
    assert attributes("Lésion poplitée.", "topography") == [{}]


# masculine and feminine endings of French adjectives
_GENDER_ENDINGS = (("al", "ale"), ("é", "ée"), ("ien", "ienne"), ("eux", "euse"), ("if", "ive"),
                   ("el", "elle"))


def test_every_one_word_site_adjective_is_found_in_both_genders() -> None:
    lexicon = topography_lexicon()
    terms = {row["term"] for row in load_table("icdo3_topography").rows
             if row["kind"] == "adjective" and " " not in row["term"]}
    other_forms = {term[:-len(ending)] + other for term in terms
                   for masculine, feminine in _GENDER_ENDINGS
                   for ending, other in ((masculine, feminine), (feminine, masculine))
                   if term.endswith(ending)}
    missing = [form for form in sorted(other_forms)
               if (0, len(form)) not in {(s, e) for s, e, _ in lexicon.find(fold(form))}]
    assert missing == []


def test_regional_adjectives_of_the_heart_orbit_nodes_and_pelvis() -> None:
    assert spans("Métastase épicardique.")[-1] == ("topography", "épicardique", "C38.0")
    assert spans("Lésion rétro-orbitaire gauche.")[-1] == ("topography", "rétro-orbitaire", "C69.6")
    assert spans("Adénopathie portocave.")[-1] == ("topography", "portocave", "C77.2")
    assert spans("Masse hypogastrique.")[-1] == ("topography", "hypogastrique", "C76.2")
    assert attributes("Adénopathies hypogastriques.", "topography") == [{"lymph_node": "C77.5"}]
    assert attributes("Adénopathie para-œsophagienne.", "topography") == [
        {"lymph_node": "C77.1"}]
    assert spans("Envahissement tumoral de la veine cave.")[-1] == (
        "topography", "veine cave", "C49.9")


def test_histologies_named_by_their_own_term() -> None:
    assert spans("Carcinome micropapillaire du sein.")[0] == (
        "morphology", "Carcinome micropapillaire", "8507/3")
    assert spans("Sarcome à cellules dendritiques folliculaires.")[0] == (
        "morphology", "Sarcome à cellules dendritiques folliculaires", "9758/3")
