"""Qualifier cues (`qualify.cues`) and the propositions they act on (`qualify.context`)."""

from __future__ import annotations

import pytest
from test_context import qualified

from oncofr.clean.text import fold
from oncofr.qualify.context import Scopes
from oncofr.qualify.cues import cue_rules


def roles(qualifier: str, text: str) -> list[tuple[str, str]]:
    folded = fold(text)
    found = cue_rules(qualifier).find(folded)
    return sorted((folded[start:end], role) for start, end, role in found)


def test_cues_are_compared_exactly_not_plural_insensitively():
    assert ("pas d'autre", "pseudo") in roles("negation", "Pas d'autre choix.")
    assert ("pas d'autres", "pseudo") not in roles("negation", "Pas d'autres lésions.")
    assert ("mai", "termination") not in roles("history", "Début en mai 2013.")
    assert ("mais", "termination") in roles("history", "Guéri mais suivi.")


@pytest.mark.parametrize(("text", "cue"), [
    ("Ganglions : 0 / 12.", ": 0"),
    ("Ganglions :0/12.", ":0"),
])
def test_cues_written_with_punctuation_allow_spaces_around_it(text, cue):
    assert (cue, "following") in roles("negation", text)


def test_conjugated_verbs_from_eds_nlps_table_are_cues():
    assert ("elimine", "verbs_preceding") in roles("negation", "Le scanner élimine une fistule.")
    assert ("suspectee", "verbs_following") in roles("hypothesis", "Une fistule suspectée.")


def test_a_pseudo_cue_hides_the_shorter_cues_it_overlaps_but_not_a_longer_one():
    text = "pas de doute sur la métastase"
    cues = cue_rules("negation").find(fold(text))
    scopes = Scopes(cues, [0], fold(text), "negation")
    start = text.index("métastase")
    assert not scopes.qualifies(start, start + len("métastase"))


def test_a_termination_cue_or_a_sentence_end_closes_a_scope():
    text = "Pas de fièvre, mais une toux. Douleur."
    cues = cue_rules("negation").find(fold(text))
    scopes = Scopes(cues, [0, text.index("Douleur")], fold(text), "negation")
    for word, negated in (("fièvre", True), ("toux", False), ("Douleur", False)):
        start = text.index(word)
        assert scopes.qualifies(start, start + len(word)) is negated


@pytest.mark.parametrize(("text", "word", "names"), [
    ("Pas d'autres lésions.", "lésions", {"negated"}),
    ("Marges exemptes de tumeur.", "tumeur", {"negated"}),
    ("Un carcinome est suspecté.", "carcinome", {"hypothetical"}),
    ("Antécédent de colectomie.", "colectomie", {"historical"}),
    ("Deux oncles sont décédés d'un cancer du côlon.", "cancer", {"family"}),
    ("Cancer du côlon chez son père.", "Cancer", {"family"}),
])
def test_each_qualifier_in_a_sentence(text, word, names):
    assert qualified(text, word)[word] == names
