"""Qualifiers: `qualify.context`, `qualify_spans` and `oncofr qualify`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from oncofr import registry
from oncofr.cli import app
from oncofr.document import Document
from oncofr.qualify import qualify_spans

QUALIFIERS = ("negated", "hypothetical", "historical", "family")


def qualified(text: str, *words: str) -> dict[str, set[str]]:
    """Each word's (first occurrence's) qualifiers that are true."""
    spans = [{"start": text.index(word), "end": text.index(word) + len(word)} for word in words]
    rows = qualify_spans(text, spans)
    return {word: {name for name in QUALIFIERS if row[name]}
            for word, row in zip(words, rows, strict=True)}


@pytest.mark.parametrize(("text", "words", "negated"), [
    ("Pas de métastase osseuse ni pulmonaire.", ("métastase", "pulmonaire"),
     {"métastase", "pulmonaire"}),
    ("Absence de carcinose péritonéale.", ("carcinose",), {"carcinose"}),
    ("Sans signe de récidive locale.", ("récidive",), {"récidive"}),
    ("Métastase hépatique sans nécrose.", ("Métastase", "nécrose"), {"nécrose"}),
    ("Le scanner n'a pas montré de métastase.", ("métastase",), {"métastase"}),
    ("Il n'y a pas de métastase mais une carcinose.", ("métastase", "carcinose"), {"métastase"}),
    ("Adénopathies non retrouvées au scanner.", ("Adénopathies",), {"Adénopathies"}),
    ("Foie indemne de lésion secondaire.", ("lésion",), {"lésion"}),
    # the « pour » of the cue does not end its scope, as « pour » alone does
    ("Pas d'argument pour une localisation secondaire hépatique.", ("localisation",),
     {"localisation"}),
    ("Aucun élément en faveur d'une récidive.", ("récidive",), {"récidive"}),
    ("Tumeur hépatique, exclue en tant que néphroblastome.", ("Tumeur", "néphroblastome"),
     {"néphroblastome"}),
    ("Pas de métastase, adressé pour une récidive.", ("métastase", "récidive"), {"métastase"}),
])
def test_negation_scopes(text, words, negated):
    found = qualified(text, *words)
    assert {word for word, names in found.items() if "negated" in names} == negated


@pytest.mark.parametrize(("text", "word"), [
    ("Métastases hépatiques non résécables.", "Métastases"),
    ("Carcinome bronchique non à petites cellules.", "Carcinome"),
    ("Diabète non insulinodépendant traité par metformine.", "metformine"),
])
def test_non_only_negates_the_word_after_it(text, word):
    assert qualified(text, word)[word] == set()


def test_non_negates_the_mention_right_after_it():
    assert qualified("Ganglion non hypermétabolique.", "hypermétabolique") == {
        "hypermétabolique": {"negated"}}


def test_a_negated_enumeration_carries_its_negation():
    found = qualified("Pas de métastase osseuse, pulmonaire ou cérébrale.",
                      "métastase", "osseuse", "pulmonaire", "cérébrale")
    assert all("negated" in names for names in found.values())


def test_a_new_finding_after_a_comma_is_not_an_enumeration():
    text = "Pas de métastase hépatique, lésion pulmonaire de 4 mm."
    found = qualified(text, "hépatique", "lésion")
    assert found == {"hépatique": {"negated"}, "lésion": set()}


@pytest.mark.parametrize(("text", "word"), [
    ("Image évoquant une métastase hépatique.", "métastase"),
    ("Lésion compatible avec une métastase.", "métastase"),
    ("Une tuberculose reste à éliminer.", "tuberculose"),
    ("Biopsie pour éliminer une tuberculose.", "tuberculose"),
    ("Suspicion de lésion pulmonaire à contrôler.", "lésion"),
    ("Carcinose péritonéale probable.", "Carcinose"),
])
def test_hypotheses(text, word):
    assert qualified(text, word)[word] == {"hypothetical"}


@pytest.mark.parametrize(("text", "word"), [
    ("Proposition : PRRT par Lutathera, 4 cures.", "PRRT"),
    ("Chimioembolisation discutée en cas d'échec.", "Chimioembolisation"),
    ("Il est proposé une hépatectomie droite.", "hépatectomie"),
    ("Une radiofréquence est programmée le 12/05.", "radiofréquence"),
])
def test_a_proposed_or_planned_treatment_is_not_given(text, word):
    assert qualified(text, word)[word] == {"hypothetical"}


def test_a_treatment_proposed_then_started_in_a_narrative_is_given():
    text = "Un traitement par gemcitabine a été proposé et débuté le 20/7/15."
    assert qualified(text, "gemcitabine") == {"gemcitabine": set()}


@pytest.mark.parametrize(("text", "word"), [
    ("La biopsie hépatique était en faveur d'une métastase de carcinome.", "métastase"),
    ("Examen histologique : aspect compatible avec un lymphome.", "lymphome"),
    ("À l'immunohistochimie, profil en faveur d'un GIST.", "GIST"),
])
def test_a_pathological_examination_s_conclusion_states_its_result(text, word):
    assert qualified(text, word)[word] == set()


def test_the_conclusion_of_an_image_stays_a_hypothesis_after_an_earlier_biopsy():
    text = ("Une biopsie de la lésion est prévue demain. Le scanner était en faveur d'une "
            "métastase.")
    assert qualified(text, "métastase")["métastase"] == {"hypothetical"}


def test_a_surgical_exploration_and_a_mild_sign_are_not_hypotheses():
    found = qualified("L'exploration chirurgicale a trouvé une discrète carcinose.", "carcinose")
    assert found == {"carcinose": set()}


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("Père décédé d'un cancer du côlon.", "cancer", {"family"}),
    ("Sa fille a eu un lymphome.", "lymphome", {"family"}),
    ("Un enfant de 8 ans présente une tumeur de Wilms.", "tumeur", set()),
    ("Chimiothérapie de la famille des taxanes.", "Chimiothérapie", set()),
    ("Antécédent de cancer du sein.", "cancer", {"historical"}),
    ("Patiente connue pour une hypertension artérielle.", "hypertension", {"historical"}),
    ("Appendicectomie dans l'enfance.", "Appendicectomie", {"historical"}),
])
def test_family_and_history(text, word, expected):
    assert qualified(text, word)[word] == expected


@pytest.mark.parametrize(("text", "word"), [
    ("Son grand-père paternel avec un myélome est mort à 80 ans.", "myélome"),
    ("Une tante qui a eu une leucémie aiguë.", "leucémie"),
    ("Il évoque un oncle chez qui on a découvert un cancer gastrique.", "cancer"),
    ("La mère ainsi que la sœur ont eu un cancer de l'ovaire.", "cancer"),
    ("Sa tante, qui a eu un lymphome à 40 ans, va bien.", "lymphome"),
    ("Son frère, décédé d'un mélanome, vivait seul.", "mélanome"),
    ("Sa cousine, opérée d'un sarcome, est suivie à Lyon.", "sarcome"),
])
def test_a_relative_keeps_the_disease_of_a_relative_clause_or_of_avec(text, word):
    assert qualified(text, word)[word] == {"family"}


def test_the_scope_of_a_relative_ends_after_what_is_said_of_them():
    found = qualified("Sa tante, qui a eu un lymphome, l'accompagne ; le patient a un myélome.",
                      "lymphome", "myélome")
    assert found == {"lymphome": {"family"}, "myélome": set()}
    found = qualified("Le patient, qui a un myélome, va bien.", "myélome")
    assert found == {"myélome": set()}


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("Diagnostics différentiels envisagés (myélome, lymphome ou métastase).",
     ("myélome", "lymphome", "métastase"), {"hypothetical"}),
    ("Absence de lésion secondaire (foie, rate, poumons).", ("foie", "rate", "poumons"),
     {"negated"}),
    ("Antécédents familiaux (sa mère, un cancer du sein).", ("cancer",), {"family"}),
])
def test_a_parenthesis_takes_the_qualifiers_of_the_proposition_before_it(text, words, expected):
    found = qualified(text, *words)
    assert all(expected <= names for names in found.values()), found


@pytest.mark.parametrize(("text", "word"), [
    ("Pas de récidive locale (sauf un nodule de la cicatrice).", "nodule"),
    ("Pas de métastase. (Une biopsie du foie est prévue.)", "foie"),
    ("Un nodule hépatique (pas d'autre lésion) a été réséqué.", "nodule"),
])
def test_a_parenthesis_keeps_its_own_turn(text, word):
    assert "negated" not in qualified(text, word)[word]


def test_sections_give_history_and_family():
    text = ("Antécédents\nCholécystectomie.\nAntécédents familiaux\nCancer du sein chez la mère."
            "\nExamen clinique\nMasse du sein gauche.")
    found = qualified(text, "Cholécystectomie", "Cancer", "Masse")
    assert found == {"Cholécystectomie": {"historical"}, "Cancer": {"family"}, "Masse": set()}


def test_spans_on_an_original_text_that_cleaning_changes():
    text = "Bilan de ﬁn de traitement : le scanner n’a pas montré de\u00a0récidive."
    assert qualified(text, "récidive") == {"récidive": {"negated"}}


def test_the_component_qualifies_every_mention_of_the_document():
    text = "Pas de métastase. Nodule pulmonaire évoquant une métastase."
    document = Document(id="t", original=text)
    for name in ("clean.text", "segment.sentences"):
        registry.create(name)(document)
    first = document.add_mention("morphology", text.index("métastase"), text.index("."))
    nodule = document.add_mention("morphology", text.index("Nodule"), text.index("Nodule") + 6)
    last = document.add_mention("morphology", text.rindex("métastase"), len(text) - 1)
    registry.create("qualify.context")(document)
    assert (first.negated, first.hypothetical) == (True, False)
    assert (nodule.negated, nodule.hypothetical) == (False, False)
    assert (last.negated, last.hypothetical) == (False, True)


def test_a_markers_result_word_negates_no_other_marker():
    text = "Carcinome canalaire, RE+ RP- HER2 négatif. Ganglion sentinelle négatif."
    document = Document(id="t", original=text)
    for name in ("clean.text", "segment.sentences"):
        registry.create(name)(document)

    def mention(label, word):
        start = text.index(word)
        return document.add_mention(label, start, start + len(word))

    markers = [mention("biomarker", word) for word in ("RE+", "RP-", "HER2 négatif")]
    node = mention("morphology", "Ganglion")
    registry.create("qualify.context")(document)
    # « négatif » is HER2's result, not a negation of RE+ and RP-
    assert [marker.negated for marker in markers] == [False, False, False]
    # outside a marker, « négatif » still negates what it follows
    assert node.negated


def test_qualify_command(tmp_path):
    docs = tmp_path / "docs.jsonl"
    spans = tmp_path / "spans.jsonl"
    out = tmp_path / "out.jsonl"
    text = "Pas de carcinose. Métastase probable."
    docs.write_text(json.dumps({"id": "d1", "text": text}) + "\n", encoding="utf-8")
    rows = [{"doc_id": "d1", "start": 7, "end": 16, "label": "morphology"},
            {"doc_id": "d1", "start": 18, "end": 27}]
    spans.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["qualify", str(docs), "--spans", str(spans), "-o", str(out)])
    assert result.exit_code == 0, result.output
    first, second = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert first == {**rows[0], "negated": True, "hypothetical": False, "historical": False,
                     "family": False}
    assert (second["negated"], second["hypothetical"]) == (False, True)


def test_qualify_command_reports_spans_it_cannot_place(tmp_path):
    docs = tmp_path / "docs.jsonl"
    spans = tmp_path / "spans.jsonl"
    docs.write_text(json.dumps({"id": "d1", "text": "Pas de fièvre."}) + "\n", encoding="utf-8")
    rows = [{"doc_id": "d1", "start": 7, "end": 99}, {"doc_id": "nope", "start": 0, "end": 3}]
    spans.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["qualify", str(docs), "--spans", str(spans), "-o", "-"])
    assert result.exit_code == 1
    assert result.stdout == ""


def test_survival_without_progression_is_no_negation_of_what_follows():
    import oncofr

    result = oncofr.extract(
        "Sous lanréotide, la survie sans progression est de 18 mois et la réponse objective de "
        "40 %. Pas de métastase osseuse.")
    negated = {m.text: m.negated for m in result.mentions}
    assert not any(m.negated for m in result.mentions if m.label == "endpoint")
    assert negated["métastase"] is True
