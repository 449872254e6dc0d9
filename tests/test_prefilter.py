"""The literal prefilter: a search is skipped only where it cannot match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oncofr.prefilter import may_match, required_literals


@pytest.mark.parametrize(("pattern", "literals"), [
    (r"\b(?:un|une|le)\s+(?:patient|patiente|homme)\b", {"patient", "homme"}),
    (r"(?:^|\n)\s*(?:indication|technique)\s*:", {"indication", "technique"}),
    (r"(?:score\s+de\s+)?gleason\s*\d", {"gleason"}),
    (r"(?:ab|c)+zz", {"zz"}),
    (r"(?>abc)\d", {"abc"}),
    (r"\[\d{1,3}\]", {"["}),
])
def test_every_match_contains_one_of_the_required_literals(pattern, literals):
    assert required_literals(re.compile(pattern)) == literals


@pytest.mark.parametrize("pattern", [
    r"(?i)gleason", r"x?(?i:gleason)", r"\d+[.,]\d", r"a|b\d|[xy]", r"(?:gleason)?\d",
    r"(?=gleason)\w+", r"\b(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf)\b",  # too many
])
def test_no_literals_where_none_is_certain(pattern):
    assert required_literals(re.compile(pattern)) is None


def test_a_text_is_searched_when_it_holds_a_literal_even_inside_a_longer_word():
    pattern = re.compile(r"\b(?:un|une)\s+(?:patient|patiente)\b")
    assert may_match(pattern, "une   patiente") and pattern.search("une   patiente")
    assert not may_match(pattern, "un homme de 50 ans")


PATTERNS = [re.compile(p) for p in (
    r"a(?:b|c)+a", r"(?:ab|ba)c", r"(?:a|b)?c(?:ab)*", r"\bab\b|ca", r"(?:a\s*b){2}",
    r"b(?=ca)", r"(?<!a)bb", r"(?:c|ac)(?:b|bb)a",
)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abc \n", max_size=40))
def test_a_text_the_prefilter_leaves_out_has_no_match(text):
    for pattern in PATTERNS:
        assert may_match(pattern, text) or pattern.search(text) is None
