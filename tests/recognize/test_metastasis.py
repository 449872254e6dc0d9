"""Metastasis details: `recognize.metastasis_details` on invented French sentences."""

from __future__ import annotations

import pytest
from recognizer_runs import mention_finder

from oncofr.recognize.metastasis import canonical_segment

found = mention_finder("recognize.metastasis_details")


def summary(text: str, label: str) -> list[tuple[str, object]]:
    return [(m.text, m.value) for m in found(text, label)]


# --- liver segments -------------------------------------------------------------------------


def test_segments_named_and_listed():
    text = ("Au scanner, deux métastases hépatiques dans les segments VII-VIII et une dans le "
            "segment IVb. Hépatectomie emportant le segment 4b, 6, 7. Nodule du foie en S4.")
    assert summary(text, "liver_segment") == [
        ("segments VII-VIII", ["VII", "VIII"]),
        ("segment IVb", ["IVb"]),
        ("segment 4b, 6, 7", ["IVb", "VI", "VII"]),
        ("S4", ["IV"]),
    ]


def test_segment_ranges_slashes_and_regions():
    text = ("Lésions hépatiques des segments II à IV et des segments hépatiques V/VI. "
            "Une cible du dôme hépatique et une autre du lobe gauche du foie.")
    assert summary(text, "liver_segment") == [
        ("segments II à IV", ["II", "III", "IV"]),
        ("segments hépatiques V/VI", ["V", "VI"]),
        ("dôme hépatique", ["VII", "VIII"]),
        ("lobe gauche du foie", ["II", "III", "IV"]),
    ]


def test_a_segment_list_stops_before_a_size_or_a_count():
    text = "Métastase hépatique du segment III, 3 cm, et du segment VI et 2 nodules satellites."
    assert summary(text, "liver_segment") == [("segment III", ["III"]), ("segment VI", ["VI"])]


def test_a_segment_number_takes_the_liver_context_of_the_text_just_before():
    text = ("Exérèse de métastases du foie. Compte rendu anatomopathologique :\n"
            "- Segment II-III : adénocarcinome de 2 cm.")
    assert summary(text, "liver_segment") == [("Segment II-III", ["II", "III"])]


@pytest.mark.parametrize("text", [
    "Nodule du lobe gauche de la thyroïde.",
    "Sciatique S1 gauche depuis un mois.",
    "Sus-décalage du segment ST en territoire inférieur.",
])
def test_segments_outside_the_liver_are_left_out(text):
    assert found(text, "liver_segment") == []


def test_canonical_segment_names():
    assert [canonical_segment("4", "b"), canonical_segment("vii", None),
            canonical_segment("IV", "A")] == ["IVb", "VII", "IVa"]


# --- counts, timing, uptake -----------------------------------------------------------------


def test_lesion_counts():
    text = ("Le bilan retrouve 3 métastases hépatiques, trois nodules pulmonaires et de multiples "
            "lésions osseuses. Une seule lésion surrénalienne. Métastase unique du foie. Lésions "
            "hépatiques multiples. Plusieurs localisations secondaires. Nodule solitaire.")
    assert summary(text, "lesion_count") == [
        ("3 métastases", 3), ("trois nodules", 3), ("de multiples lésions", "multiple"),
        ("seule lésion", 1), ("Métastase unique", 1), ("Lésions hépatiques multiples", "multiple"),
        ("Plusieurs localisations secondaires", "multiple"), ("Nodule solitaire", 1),
    ]
    assert found(text, "lesion_count")[0].attributes == {"noun": "métastases"}


def test_an_approximate_count_is_its_round_number():
    text = ("Foie siège d'une quinzaine de lésions. Une dizaine d'adénopathies médiastinales. "
            "Une vingtaine de nodules pulmonaires.")
    assert summary(text, "lesion_count") == [
        ("une quinzaine de lésions", 15), ("Une dizaine d'adénopathies", 10),
        ("Une vingtaine de nodules", 20),
    ]


def test_an_article_is_not_a_count():
    assert found("Une métastase hépatique et un nodule pulmonaire.", "lesion_count") == []


def test_metastasis_timing():
    text = ("Métastases hépatiques synchrones du primitif colique. Localisation secondaire "
            "pulmonaire métachrone. Patiente d'emblée métastatique.")
    assert summary(text, "metastasis_timing") == [
        ("synchrones", "synchronous"), ("métachrone", "metachronous"),
        ("d'emblée métastatique", "synchronous")]


def test_synchronous_primaries_are_not_metastasis_timing():
    assert found("Deux tumeurs primitives synchrones du côlon.", "metastasis_timing") == []


def test_krenning_uptake_scores():
    text = ("Octréoscan : fixation intense (4/4 sur l'échelle de Krenning) des lésions. "
            "Au contrôle, Krenning 3. TEP : Deauville 4.")
    scores = found(text, "uptake_score")
    assert [(m.text, m.value, m.attributes["scale"]) for m in scores] == [
        ("4/4 sur l'échelle de Krenning", 4, "krenning"), ("Krenning 3", 3, "krenning"),
        ("Deauville 4", 4, "deauville")]
