import pytest

import oncofr
from oncofr.segment.doctype import classify

CASE_NOTE = """ANAMNÈSE
Femme de 58 ans, suivie pour une tumeur du pancréas.

Examen clinique :
Abdomen souple. Cf. courrier du Dr. Morel, kaliémie à 3,5 mmol/L ce jour.

tests complémentaires
Scanner thoraco-abdominal.
Diagnostic : tumeur neuroendocrine du pancréas.
Traitement
Évérolimus."""


def section_map(result):
    return [(s.label, s.title) for s in result.sections]


def test_headings_in_capitals_lower_case_with_or_without_colon_map_to_labels():
    result = oncofr.extract(CASE_NOTE)
    assert section_map(result) == [
        ("history", "ANAMNÈSE"),
        ("physical_exam", "Examen clinique"),
        ("tests", "tests complémentaires"),
        ("diagnosis", "Diagnostic"),
        ("treatment", "Traitement"),
    ]
    diagnosis = result.sections[3]
    assert CASE_NOTE[diagnosis.start : diagnosis.end].startswith("Diagnostic : tumeur")
    assert CASE_NOTE[diagnosis.start : diagnosis.end].endswith("pancréas.\n")
    assert result.sections[-1].end == len(CASE_NOTE)


def test_a_sentence_starting_with_a_heading_word_is_not_a_heading():
    result = oncofr.extract(
        "Traitement par octréotide depuis 2014.\nÉvolution favorable sous traitement."
    )
    assert result.sections == []


def test_sentences_keep_abbreviations_and_decimals_together():
    from oncofr.document import Document
    from oncofr.pipeline import default_pipeline

    text = "Vu par le Dr. Morel, cf. compte rendu. Kaliémie à 2,5 mmol/L et Ki-67 à 1.5 %. Fin."
    document = Document(id="d", original=text)
    for name, component in default_pipeline().components:
        component(document)
        if name == "segment.sentences":
            break
    sentences = [text[a:b] for a, b in document.sentences]
    assert sentences == [
        "Vu par le Dr. Morel, cf. compte rendu.",
        "Kaliémie à 2,5 mmol/L et Ki-67 à 1.5 %.",
        "Fin.",
    ]


def test_scraped_page_boilerplate_is_a_section_and_hidden_from_recognisers():
    text = (
        "MENU\n\nTraitements des métastases hépatiques\n\nIllustrations\n\n  • Figure 1\n\n"
        "Auteurs\n1 Hôpital Nord, Service de chirurgie, 00000 Ville\n* Correspondance\n\n"
        "Le foie est le site métastatique le plus fréquent."
    )
    result = oncofr.extract(text)
    zones = [text[s.start : s.end] for s in result.sections if s.label == "boilerplate"]
    assert zones[0] == "MENU"
    assert "Figure 1" in zones[1] and "Hôpital Nord" in zones[1] and "Correspondance" in zones[1]
    assert "Le foie" not in "".join(zones)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nous rapportons le cas d'une patiente âgée de 47 ans opérée d'un carcinome mammaire.",
            "case_report",
        ),
        ("Homme de 61 ans. Diarrhée depuis huit mois.", "case_report"),
        (
            "Nous rapportons 12 cas de métastases hépatiques opérées. L'âge moyen était de 55 ans.",
            "case_series",
        ),
        (
            "Cette revue de la littérature discute la place de la radioembolisation [3, 4].",
            "review",
        ),
        (
            "Anamnèse\nLa patiente signale une tuméfaction du bras.\nÉvolution\nAprès une revue "
            "de la littérature, une chimiothérapie a été choisie.",
            "case_report",
        ),
        (
            "Compte rendu de consultation d'oncologie. Cher confrère, je revois ce jour Mme L.",
            "clinical_note",
        ),
        ("IRM hépatique avec injection. Comparaison avec l'examen du 15/06/2023.", "clinical_note"),
        ("Liste des courses : pain, lait.", "other"),
    ],
)
def test_document_type_from_cues(text, expected):
    kind, evidence = classify(text)
    assert kind == expected
    assert bool(evidence) == (expected != "other")


def test_result_carries_type_and_evidence():
    result = oncofr.extract("Homme de 61 ans, opéré d'une tumeur de l'iléon.")
    assert result.meta.type == "case_report"
    assert any("case_report" in cue for cue in result.meta.type_evidence)
