import pytest
from builder import document_with

from oncofr.registry import create


def run(document, *names):
    for name in names:
        create(name)(document)
    return document.record


def test_metastasis_site_and_primary_site_are_separated():
    text = (
        "Métastases hépatiques d'une tumeur neuroendocrine de l'iléon, grade 2, Ki-67 à 15 %. "
        "Stade IV."
    )
    document = document_with(
        text,
        [
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "hépatiques", {"code": "C22.0"}),
            ("morphology", "tumeur neuroendocrine", {"code": "8240/3"}),
            ("topography", "iléon", {"code": "C17.2"}),
            ("grade", "grade 2", {"value": "G2"}),
            ("ki67", "Ki-67 à 15 %", {"value": 15}),
            ("stage", "Stade IV", {"value": "IV", "attributes": {"group": "IV"}}),
        ],
    )
    record = run(document, "record.tumours")
    [tumour] = record.tumours
    assert tumour.topography.code == "C17.2"
    assert tumour.morphology.code == "8249/3"  # a grade-2 NET is coded 8249/3
    assert tumour.grade.value == "G2" and tumour.ki67.value == 15 and tumour.stage.value == "IV"
    assert [m.topography.code for m in record.metastases] == ["C22.0"]


def test_ruled_out_diagnosis_and_benign_lesions_are_not_primaries():
    text = (
        "Pas de carcinome hépatocellulaire. Nodule du pancréas. Adénocarcinome du côlon sigmoïde."
    )
    document = document_with(
        text,
        [
            ("morphology", "carcinome hépatocellulaire", {"code": "8170/3", "negated": True}),
            ("morphology", "Nodule", {"code": "8000/1"}),
            ("topography", "pancréas", {"code": "C25.9"}),
            ("morphology", "Adénocarcinome", {"code": "8140/3"}),
            ("topography", "côlon sigmoïde", {"code": "C18.7"}),
        ],
    )
    record = run(document, "record.tumours")
    assert [(t.topography.code, t.morphology.code) for t in record.tumours] == [("C18.7", "8140/3")]


def test_unknown_primary_and_merging_by_site():
    text = "Carcinome neuroendocrine métastatique. Un carcinome est retrouvé."
    document = document_with(
        text,
        [
            ("morphology", "Carcinome neuroendocrine", {"code": "8246/3"}),
            ("morphology", "carcinome", {"code": "8010/3"}),
        ],
    )
    [tumour] = run(document, "record.tumours").tumours
    assert tumour.topography.code == "C80.9"
    assert tumour.morphology.code == "8246/3"  # the more specific histology is kept
    assert len(tumour.morphology.mentions) == 2


def test_segments_and_size_of_liver_metastases():
    text = "Métastases hépatiques des segments VII-VIII, la plus grande de 43 mm."
    document = document_with(
        text,
        [
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "hépatiques", {"code": "C22.0"}),
            ("liver_segment", "segments VII-VIII", {"value": ["VII", "VIII"]}),
            ("size", "43 mm", {"value": 43}),
        ],
    )
    [metastasis] = run(document, "record.tumours").metastases
    assert metastasis.segments == ["VII", "VIII"] and metastasis.largest_size_mm == 43


def test_timing_and_highest_uptake_of_a_metastatic_site():
    text = (
        "Métastases hépatiques synchrones, Krenning 2. "
        "Métastases osseuses métachrones. "
        "Nouvelles métastases hépatiques, Krenning 3 ; pas de fixation Krenning 4 ailleurs."
    )
    krenning = {"attributes": {"scale": "krenning"}}
    document = document_with(
        text,
        [
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "hépatiques", {"code": "C22.0"}),
            ("metastasis_timing", "synchrones", {"value": "synchronous"}),
            ("uptake_score", "Krenning 2", {"value": 2, **krenning}),
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "osseuses", {"code": "C41.9"}),
            ("metastasis_timing", "métachrones", {"value": "metachronous"}),
            ("morphology", "métastases", {"code": "8000/6"}),
            ("topography", "hépatiques", {"code": "C22.0"}),
            ("uptake_score", "Krenning 3", {"value": 3, **krenning}),
            ("uptake_score", "Krenning 4", {"value": 4, "negated": True, **krenning}),
        ],
    )
    liver, bone = run(document, "record.tumours").metastases
    assert liver.timing.value == "synchronous" and bone.timing.value == "metachronous"
    assert (liver.uptake.scale, liver.uptake.value) == ("krenning", 3)  # 4 is negated
    assert liver.uptake.mentions == [document.mentions[-2].id] and bone.uptake is None
    assert len(liver.mentions) == len(set(liver.mentions))  # each mention once


def test_a_size_of_another_lesion_of_the_sentence_is_not_the_metastasis_size():
    text = "Masse pancréatique de 6 cm et métastases hépatiques, la plus grande de 2 cm."
    document = document_with(
        text,
        [
            ("morphology", "Masse", {"code": "8000/1"}),
            ("topography", "pancréatique", {"code": "C25.9"}),
            ("size", "6 cm", {"value": 60.0}),
            ("morphology", "métastases", {"code": "8000/6"}),
            ("topography", "hépatiques", {"code": "C22.0"}),
            ("size", "2 cm", {"value": 20.0}),
        ],
    )
    [liver] = run(document, "record.tumours").metastases
    assert liver.largest_size_mm == 20.0


def test_lesion_words_at_a_metastatic_site_lend_it_their_details_but_not_their_date():
    text = (
        "Tumeur neuroendocrine iléale avec métastases hépatiques réséquées (5 lésions). "
        "En mars 2015, multiples lésions hépatiques, la plus grande de 43 mm, "
        "et masse iléale de 50 mm."
    )
    document = document_with(
        text,
        [
            ("morphology", "Tumeur neuroendocrine", {"code": "8240/3"}),
            ("topography", "iléale", {"code": "C17.2"}),
            ("morphology", "métastases", {"code": "8000/6"}),
            ("topography", "hépatiques", {"code": "C22.0"}),
            ("lesion_count", "5 lésions", {"value": 5}),
            ("morphology", "lésions", {"code": "8000/1"}),
            ("date", "mars 2015", {"value": "2015-03"}),
            ("morphology", "lésions", {"code": "8000/1"}),
            ("topography", "hépatiques", {"code": "C22.0"}),
            ("size", "43 mm", {"value": 43.0}),
            ("morphology", "masse", {"code": "8000/1"}),
            ("topography", "iléale", {"code": "C17.2"}),
            ("size", "50 mm", {"value": 50.0}),
        ],
    )
    [liver] = run(document, "record.tumours").metastases
    # « 5 lésions » after the metastasis word counts it; the mass of the primary's organ
    # measures itself, not the liver lesions
    assert (liver.count, liver.largest_size_mm) == (5, 43.0)
    lesion_word = document.mentions[7]
    assert lesion_word.id in liver.mentions
    assert liver.date is None  # the later examination does not date the metastases


def test_a_marker_found_by_two_studies_is_listed_once_with_both_mentions():
    text = (
        "PEComa du rein, IHC positive pour HMB45 et Melan-A. "
        "Nodule hépatique réséqué : HMB45 positif, desmine négative, Melan-A négatif."
    )

    def marker(name, result):
        return {"value": {"name": name, "result": result}}

    document = document_with(
        text,
        [
            ("morphology", "PEComa", {"code": "8714/3"}),
            ("topography", "rein", {"code": "C64.9"}),
            ("biomarker", "HMB45", marker("HMB45", "positive")),
            ("biomarker", "Melan-A", marker("Melan-A", "positive")),
            ("biomarker", "HMB45", marker("HMB45", "positive")),
            ("biomarker", "desmine", marker("desmine", "negative")),
            ("biomarker", "Melan-A", marker("Melan-A", "negative")),
        ],
    )
    [tumour] = run(document, "record.tumours").tumours
    markers = [(m.name, m.result, len(m.mentions)) for m in tumour.markers]
    # the same result twice is one marker; a different result stays a marker of its own
    assert markers == [("HMB45", "positive", 2), ("Melan-A", "positive", 1),
                       ("desmine", "negative", 1), ("Melan-A", "negative", 1)]


def test_a_later_progression_at_a_metastatic_site_does_not_date_the_metastasis():
    text = (
        "TNE du pancréas avec métastases du foie synchrones. "
        "Progression hépatique en janvier 2016. Récidive osseuse en mars 2017."
    )
    document = document_with(
        text,
        [
            ("morphology", "TNE", {"code": "8240/3"}),
            ("topography", "pancréas", {"code": "C25.9"}),
            ("morphology", "métastases", {"code": "8000/6"}),
            ("topography", "foie", {"code": "C22.0"}),
            ("morphology", "Progression", {"code": "8000/6", "attributes": {"course": True}}),
            ("topography", "hépatique", {"code": "C22.0"}),
            ("date", "janvier 2016", {"value": "2016-01"}),
            ("morphology", "Récidive", {"code": "8000/6", "attributes": {"course": True}}),
            ("topography", "osseuse", {"code": "C41.9"}),
            ("date", "mars 2017", {"value": "2017-03"}),
        ],
    )
    liver, bone = run(document, "record.tumours").metastases
    assert liver.date is None and document.mentions[4].id in liver.mentions
    assert bone.date == "2017-03"  # a course word naming a new site dates it


def test_a_negated_marker_whose_negation_is_its_result_is_listed():
    text = "Adénocarcinome du côlon. Pas de mutation KRAS. Recherche de mutation BRAF à faire."
    document = document_with(
        text,
        [
            ("morphology", "Adénocarcinome", {"code": "8140/3"}),
            ("topography", "côlon", {"code": "C18.9"}),
            ("biomarker", "KRAS", {"value": {"name": "KRAS", "result": "wild_type"},
                                   "negated": True}),
            ("biomarker", "BRAF", {"value": {"name": "BRAF", "result": "mutated"},
                                   "hypothetical": True}),
        ],
    )
    [tumour] = run(document, "record.tumours").tumours
    # the wild type is what « pas de mutation » says; a marker still to test is no finding
    assert [(m.name, m.result) for m in tumour.markers] == [("KRAS", "wild_type")]


@pytest.mark.parametrize(("text", "histology", "code", "site"), [
    ("Carcinome hépatocellulaire sur cirrhose.", "Carcinome hépatocellulaire", "8170/3", "C22.0"),
    ("Carcinome à cellules rénales de type chromophobe.", "Carcinome à cellules rénales",
     "8312/3", "C64.9"),
    # a histology of no particular organ stays of unknown site
    ("Adénocarcinome peu différencié.", "Adénocarcinome", "8140/3", "C80.9"),
])
def test_a_histology_named_after_its_organ_is_a_primary_of_that_organ(text, histology, code,
                                                                      site):
    document = document_with(text, [("morphology", histology, {"code": code})])
    [tumour] = run(document, "record.tumours").tumours
    assert tumour.topography.code == site


def test_uptake_of_a_sentence_without_metastasis_word_goes_to_the_organ_it_names():
    text = (
        "Métastases hépatiques et osseuses. "
        "Octréoscan : fixation hépatique intense, Krenning 4. "
        "Fixation osseuse et hépatique, Krenning 3. "
        "TEP au FDG : Deauville 4."
    )
    krenning = {"attributes": {"scale": "krenning"}}
    document = document_with(
        text,
        [
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "hépatiques", {"code": "C22.0"}),
            ("topography", "osseuses", {"code": "C41.9"}),
            ("uptake_score", "Krenning 4", {"value": 4, **krenning}),
            ("uptake_score", "Krenning 3", {"value": 3, **krenning}),
            ("uptake_score", "Deauville 4", {"value": 4, "attributes": {"scale": "deauville"}}),
        ],
    )
    liver, bone = run(document, "record.tumours").metastases
    # « hépatique » is no mention (no lesion word) but a term of the topography lexicon
    assert (liver.uptake.scale, liver.uptake.value) == ("krenning", 4)
    assert liver.uptake.mentions == [document.mentions[3].id]
    # the third sentence names both organs and the fourth none: neither is attached
    assert bone.uptake is None

def test_differentiation_word_does_not_override_an_explicit_grade():
    text = "Tumeur neuroendocrine de grade 2 du jéjunum. Elle est bien différenciée."
    document = document_with(
        text,
        [
            ("morphology", "Tumeur neuroendocrine", {"code": "8240/3"}),
            ("grade", "grade 2", {"value": "G2"}),
            ("topography", "jéjunum", {"code": "C17.1"}),
            ("differentiation", "bien différenciée", {"code": "1"}),
        ],
    )
    [tumour] = run(document, "record.tumours").tumours
    assert tumour.grade.value == "G2"


def test_origin_site_names_the_primary_not_a_metastasis():
    text = "Métastases hépatiques d'origine mammaire. Un carcinome canalaire avait été opéré."
    document = document_with(
        text,
        [
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "hépatiques", {"code": "C22.0"}),
            ("topography", "mammaire", {"code": "C50.9"}),
            ("morphology", "carcinome canalaire", {"code": "8500/3"}),
        ],
    )
    record = run(document, "record.tumours")
    assert [m.topography.code for m in record.metastases] == ["C22.0"]
    assert [(t.topography.code, t.morphology.code) for t in record.tumours] == [("C50.9", "8500/3")]


def test_site_of_a_mass_and_final_diagnosis_win_for_a_siteless_histology():
    text = (
        "Une masse du pancréas est découverte. La biopsie évoque un léiomyosarcome. "
        "Le diagnostic définitif est un PEComa malin."
    )
    document = document_with(
        text,
        [
            ("morphology", "masse", {"code": "8000/1"}),
            ("topography", "pancréas", {"code": "C25.9"}),
            ("morphology", "léiomyosarcome", {"code": "8890/3"}),
            ("morphology", "PEComa malin", {"code": "8714/3"}),
        ],
    )
    [tumour] = run(document, "record.tumours").tumours
    assert tumour.topography.code == "C25.9" and tumour.morphology.code == "8714/3"
    assert tumour.morphology.mentions[0] == "m4"


def test_organ_level_site_takes_the_one_subsite_named():
    text = (
        "Carcinome canalaire du sein gauche. Nodule du quadrant supéro-externe. "
        "Métastases osseuses."
    )
    document = document_with(
        text,
        [
            ("morphology", "Carcinome canalaire", {"code": "8500/3"}),
            ("topography", "sein", {"code": "C50.9"}),
            ("morphology", "Nodule", {"code": "8000/1"}),
            ("topography", "quadrant supéro-externe", {"code": "C50.4"}),
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "osseuses", {"code": "C41.9"}),
        ],
    )
    [tumour] = run(document, "record.tumours").tumours
    assert tumour.topography.code == "C50.4"


def test_ungraded_net_mention_code_becomes_the_graded_code_but_a_carcinoma_stays():
    text = (
        "Tumeur neuroendocrine du pancréas, grade 1. Carcinome neuroendocrine du poumon, grade 3."
    )
    document = document_with(
        text,
        [
            ("morphology", "Tumeur neuroendocrine", {"code": "8246/3"}),
            ("topography", "pancréas", {"code": "C25.9"}),
            ("grade", "grade 1", {"value": "G1"}),
            ("morphology", "Carcinome neuroendocrine", {"code": "8246/3"}),
            ("topography", "poumon", {"code": "C34.9"}),
            ("grade", "grade 3", {"value": "G3"}),
        ],
    )
    tumours = run(document, "record.tumours").tumours
    assert [(t.topography.code, t.morphology.code) for t in tumours] == [
        ("C25.9", "8240/3"),
        ("C34.9", "8246/3"),
    ]


def test_course_words_make_their_sites_metastases_whatever_their_code():
    # « progression de la maladie » and « rechute » are coded 8000/1 and 8000/3 as the
    # annotation guide does; the record reads them by their `course` attribute.
    text = (
        "Adénocarcinome de la prostate. Progression de la maladie au niveau osseux. "
        "Rechute ganglionnaire l'année suivante."
    )
    course = {"attributes": {"course": True}}
    document = document_with(
        text,
        [
            ("morphology", "Adénocarcinome", {"code": "8140/3"}),
            ("topography", "prostate", {"code": "C61.9"}),
            ("morphology", "Progression de la maladie", {"code": "8000/1", **course}),
            ("topography", "osseux", {"code": "C41.9"}),
            ("morphology", "Rechute", {"code": "8000/3", **course}),
            ("topography", "ganglionnaire", {"code": "C77.9"}),
        ],
    )
    record = run(document, "record.tumours")
    assert [t.topography.code for t in record.tumours] == ["C61.9"]
    assert sorted(m.topography.code for m in record.metastases) == ["C41.9", "C77.9"]


def test_the_course_of_the_disease_at_the_primary_site_is_no_metastasis():
    text = (
        "Adénocarcinome pulmonaire du lobe supérieur. Progression pulmonaire et hépatique. "
        "Métastases pulmonaires controlatérales."
    )
    course = {"code": "8000/6", "attributes": {"course": True}}
    document = document_with(
        text,
        [
            ("morphology", "Adénocarcinome", {"code": "8140/3"}),
            ("topography", "pulmonaire", {"code": "C34.9"}),
            ("topography", "lobe supérieur", {"code": "C34.1"}),
            ("morphology", "Progression", course),
            ("topography", "pulmonaire", {"code": "C34.9"}),
            ("topography", "hépatique", {"code": "C22.0"}),
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "pulmonaires", {"code": "C34.9"}),
        ],
    )
    record = run(document, "record.tumours")
    assert [t.topography.code for t in record.tumours] == ["C34.1"]
    # the progression in the lung is the primary's; lung metastases named as such stay
    assert sorted(m.topography.code for m in record.metastases) == ["C22.0", "C34.9"]
    [lung] = [m for m in record.metastases if m.topography.code == "C34.9"]
    texts = {m.id: m.text for m in document.mentions}
    assert [texts[i] for i in lung.mentions] == ["Métastases", "pulmonaires"]


def test_a_site_written_right_after_an_act_is_not_the_metastasis_site():
    text = "Métastases hépatiques et osseuses quatre ans après chirurgie du sein."
    document = document_with(
        text,
        [
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "hépatiques", {"code": "C22.0"}),
            ("topography", "osseuses", {"code": "C41.9"}),
            ("procedure", "chirurgie", {"code": "surgery", "attributes": {"type": "surgery"}}),
            ("topography", "sein", {"code": "C50.9"}),
        ],
    )
    record = run(document, "record.tumours")
    assert [m.topography.code for m in record.metastases] == ["C22.0", "C41.9"]


def test_an_unspecified_metastatic_site_gives_way_to_a_specific_one_it_covers():
    text = (
        "Métastases osseuses et cérébrales. Métastase vertébrale en L2, métastase cérébelleuse "
        "et métastase humérale. Progression au niveau du SNC."
    )
    document = document_with(
        text,
        [
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "osseuses", {"code": "C41.9"}),
            ("topography", "cérébrales", {"code": "C71.0"}),
            ("morphology", "Métastase", {"code": "8000/6"}),
            ("topography", "vertébrale", {"code": "C41.2"}),
            ("morphology", "métastase", {"code": "8000/6"}),
            ("topography", "cérébelleuse", {"code": "C71.6"}),
            ("morphology", "métastase", {"code": "8000/6"}),
            ("topography", "humérale", {"code": "C40.0"}),
            ("morphology", "Progression", {"code": "8000/6", "attributes": {"course": True}}),
            ("topography", "SNC", {"code": "C72.9"}),
        ],
    )
    metastases = run(document, "record.tumours").metastases
    assert [m.topography.code for m in metastases] == ["C71.0", "C41.2", "C71.6", "C40.0"]
    texts = {m.id: m.text for m in document.mentions if m.label == "topography"}
    assert [texts[i] for i in metastases[1].mentions if i in texts] == ["vertébrale", "osseuses"]


def test_a_lesion_at_a_subsite_of_an_unspecified_metastatic_site_places_the_spread():
    text = (
        "Carcinome du sein gauche. Récidive osseuse en 2019. L'IRM montre des lésions du "
        "rachis lombaire et un nodule du sein droit, sans lésion hépatique."
    )
    document = document_with(
        text,
        [
            ("morphology", "Carcinome", {"code": "8010/3"}),
            ("topography", "sein", {"code": "C50.9"}),
            ("morphology", "Récidive", {"code": "8000/6", "attributes": {"course": True}}),
            ("topography", "osseuse", {"code": "C41.9"}),
            ("morphology", "lésions", {"code": "8000/1"}),
            ("topography", "rachis lombaire", {"code": "C41.2"}),
            ("morphology", "nodule", {"code": "8000/1"}),
            ("topography", "sein", {"code": "C50.9"}),
            ("morphology", "lésion", {"code": "8000/1", "negated": True}),
            ("topography", "hépatique", {"code": "C22.0"}),
        ],
    )
    record = run(document, "record.tumours")
    # the spine is where the bone relapse was seen; the breast is the primary's organ and the
    # liver is neither a subsite of bone nor affirmed
    assert [m.topography.code for m in record.metastases] == ["C41.2"]
    texts = {m.id: m.text for m in document.mentions}
    assert [texts[i] for i in record.metastases[0].mentions] == [
        "lésions", "rachis lombaire", "Récidive", "osseuse"]


def test_nodes_named_by_a_lesion_word_place_unspecified_nodal_metastases():
    text = "Métastases ganglionnaires. Scanner : adénopathies médiastinales de 15 mm."
    document = document_with(
        text,
        [
            ("morphology", "Métastases", {"code": "8000/6"}),
            ("topography", "ganglionnaires", {"code": "C77.9"}),
            ("morphology", "adénopathies", {"code": "8000/1"}),
            ("topography", "médiastinales",
             {"code": "C38.3", "attributes": {"lymph_node": "C77.1"}}),
        ],
    )
    # the mediastinal nodes (C77.1), not the mediastinum (C38.3)
    assert [m.topography.code for m in run(document, "record.tumours").metastases] == ["C77.1"]


def test_a_siteless_histology_of_another_tissue_is_not_the_histology_of_the_only_primary():
    text = (
        "Exérèse d'un carcinome basocellulaire de la joue en 2013. Biopsie : adénocarcinome "
        "peu différencié. Carcinome infiltrant."
    )
    document = document_with(
        text,
        [
            ("morphology", "carcinome basocellulaire", {"code": "8090/3"}),
            ("topography", "joue", {"code": "C44.3"}),
            ("morphology", "adénocarcinome", {"code": "8140/3"}),
            ("morphology", "Carcinome", {"code": "8010/3"}),
        ],
    )
    tumours = run(document, "record.tumours").tumours
    # the adenocarcinoma is a second primary of unknown site; a carcinoma NOS names no tissue
    assert [(t.topography.code, t.morphology.code) for t in tumours] == [
        ("C44.3", "8090/3"), ("C80.9", "8140/3")]
    texts = {m.id: m.text for m in document.mentions}
    assert [texts[i] for i in tumours[0].morphology.mentions] == [
        "carcinome basocellulaire", "Carcinome"]


def test_a_siteless_histology_of_another_tissue_takes_the_site_of_a_tumour_word():
    text = (
        "Exérèse d'un carcinome basocellulaire de la joue en 2013. Tumeur de la jonction "
        "œsogastrique et adénopathies cœliaques. Biopsie : adénocarcinome. Conclusion : "
        "carcinome neuroendocrine associé."
    )
    document = document_with(
        text,
        [
            ("morphology", "carcinome basocellulaire", {"code": "8090/3"}),
            ("topography", "joue", {"code": "C44.3"}),
            ("morphology", "Tumeur", {"code": "8000/1"}),
            ("topography", "jonction œsogastrique", {"code": "C16.0"}),
            ("morphology", "adénopathies", {"code": "8000/1"}),
            ("topography", "cœliaques", {"code": "C77.2"}),
            ("morphology", "adénocarcinome", {"code": "8140/3"}),
            ("morphology", "carcinome neuroendocrine", {"code": "8246/3"}),
        ],
    )
    tumours = run(document, "record.tumours").tumours
    # the second histology joins the first one's primary, not the nodes' site
    assert [(t.topography.code, t.morphology.code) for t in tumours] == [
        ("C44.3", "8090/3"), ("C16.0", "8246/3")]


def test_a_mixed_histology_outranks_its_components_named_with_it():
    text = (
        "Adénocarcinome de l'estomac. Diagnostic final : adénocarcinome et carcinome "
        "neuroendocrine (MANEC). Conclusion : MANEC."
    )
    document = document_with(
        text,
        [
            ("morphology", "Adénocarcinome", {"code": "8140/3"}),
            ("topography", "estomac", {"code": "C16.9"}),
            ("morphology", "adénocarcinome", {"code": "8140/3"}),
            ("morphology", "carcinome neuroendocrine", {"code": "8246/3"}),
            ("morphology", "MANEC", {"code": "8244/3"}),
            ("morphology", "MANEC", {"code": "8244/3"}),
        ],
    )
    [tumour] = run(document, "record.tumours").tumours
    assert tumour.morphology.code == "8244/3"
    # the first mention that named it stays first; the same histology again refines nothing
    assert tumour.morphology.mentions[:2] == ["m5", "m3"]
    assert tumour.morphology.mentions[-1] == "m6"


def test_a_histology_with_its_differentiation_refines_the_plain_one():
    text = "Chondrosarcome de l'omoplate. Histologie : chondrosarcome dédifférencié."
    document = document_with(
        text,
        [
            ("morphology", "Chondrosarcome", {"code": "9220/3"}),
            ("topography", "omoplate", {"code": "C40.0"}),
            ("morphology", "chondrosarcome", {"code": "9220/3",
                                              "attributes": {"term_code": "9243/3"}}),
        ],
    )
    [tumour] = run(document, "record.tumours").tumours
    assert (tumour.morphology.code, tumour.morphology.label) == (
        "9243/3", "chondrosarcome dédifférencié")
    assert tumour.morphology.mentions == ["m3", "m1"]


def test_a_metastasis_found_by_sampling_a_lesion_is_at_the_lesion_site():
    text = (
        "Microbiopsie de la masse hépatique : métastase d'un adénocarcinome. "
        "Scanner : nodule pulmonaire et métastases."
    )
    document = document_with(
        text,
        [
            ("morphology", "masse", {"code": "8000/1"}),
            ("topography", "hépatique", {"code": "C22.0"}),
            ("morphology", "métastase", {"code": "8000/6"}),
            ("morphology", "adénocarcinome", {"code": "8140/3"}),
            ("morphology", "nodule", {"code": "8000/1"}),
            ("topography", "pulmonaire", {"code": "C34.9"}),
            ("morphology", "métastases", {"code": "8000/6"}),
        ],
    )
    record = run(document, "record.tumours")
    # no sampling word in the second sentence: the nodule is not said to be a metastasis
    assert [m.topography.code for m in record.metastases] == ["C22.0"]
    assert record.metastases[0].topography.mentions == ["m2"]
    # the sampled site is the metastasis's, not a hint for the primary's
    assert [t.topography.code for t in record.tumours] == ["C34.9"]


def test_a_siteless_leukaemia_is_coded_to_the_bone_marrow():
    text = "Carcinome canalaire infiltrant du sein. Leucémie myéloïde chronique depuis 2015."
    document = document_with(
        text,
        [
            ("morphology", "Carcinome canalaire infiltrant", {"code": "8500/3"}),
            ("topography", "sein", {"code": "C50.9"}),
            ("morphology", "Leucémie myéloïde chronique", {"code": "9875/3"}),
        ],
    )
    tumours = run(document, "record.tumours").tumours
    assert [(t.topography.code, t.topography.label, t.morphology.code) for t in tumours] == [
        ("C50.9", "sein", "8500/3"), ("C42.1", "moelle osseuse", "9875/3"),
    ]


@pytest.mark.parametrize("face", ["nez", "région malaire"])
def test_a_skin_tumour_at_a_region_is_coded_to_the_skin_of_that_region(face):
    text = f"Exérèse d'un carcinome basocellulaire de {face}. Carcinome épidermoïde du cou."
    document = document_with(
        text,
        [
            ("morphology", "carcinome basocellulaire", {"code": "8090/3"}),
            ("topography", face, {"code": "C76.0"}),
            ("morphology", "Carcinome épidermoïde", {"code": "8070/3"}),
            ("topography", "cou", {"code": "C76.0"}),
        ],
    )
    tumours = run(document, "record.tumours").tumours
    # a squamous cell carcinoma is of no one tissue: the region stays
    assert [(t.topography.code, t.morphology.code) for t in tumours] == [
        ("C44.3", "8090/3"), ("C76.0", "8070/3"),
    ]


def test_a_skin_word_with_a_region_names_the_skin_of_that_region():
    text = "Mélanome cutané de l'épaule gauche. Nodules cutanés de la cuisse et du dos."
    document = document_with(
        text,
        [
            ("morphology", "Mélanome", {"code": "8720/3"}),
            ("topography", "cutané", {"code": "C44.9"}),
            ("topography", "épaule", {"code": "C76.4"}),
            ("morphology", "Nodules", {"code": "8000/6"}),
            ("topography", "cutanés", {"code": "C44.9"}),
            ("topography", "cuisse", {"code": "C76.5"}),
            ("topography", "dos", {"code": "C76.7"}),
        ],
    )
    record = run(document, "record.tumours")
    texts = {m.id: m.text for m in document.mentions}
    [tumour] = record.tumours
    assert tumour.topography.code == "C44.6"
    assert [texts[i] for i in tumour.topography.mentions] == ["épaule", "cutané"]
    assert [m.topography.code for m in record.metastases] == ["C44.7", "C44.5"]
    thigh = record.metastases[0]
    assert [texts[i] for i in thigh.topography.mentions] == ["cuisse", "cutanés"]


def test_a_skin_primary_takes_the_region_of_the_skin_named_elsewhere():
    text = "Biopsie d'une lésion cutanée du dos. Carcinome neuroendocrine cutané."
    document = document_with(
        text,
        [
            ("morphology", "lésion", {"code": "8000/1"}),
            ("topography", "cutanée", {"code": "C44.9"}),
            ("topography", "dos", {"code": "C76.7"}),
            ("morphology", "Carcinome neuroendocrine", {"code": "8246/3"}),
            ("topography", "cutané", {"code": "C44.9"}),
        ],
    )
    [tumour] = run(document, "record.tumours").tumours
    assert (tumour.topography.code, tumour.morphology.code) == ("C44.5", "8246/3")


def test_a_region_after_a_lymph_node_word_is_a_nodal_metastasis():
    text = "Carcinome canalaire du sein. Adénopathies médiastinales métastatiques."
    document = document_with(
        text,
        [
            ("morphology", "Carcinome canalaire", {"code": "8500/3"}),
            ("topography", "sein", {"code": "C50.9"}),
            ("morphology", "Adénopathies médiastinales métastatiques", {"code": "8000/6"}),
            ("topography", "médiastinales",
             {"code": "C38.3", "attributes": {"lymph_node": "C77.1"}}),
        ],
    )
    record = run(document, "record.tumours")
    assert [m.topography.code for m in record.metastases] == ["C77.1"]
