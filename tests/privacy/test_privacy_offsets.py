"""The offset map between a pseudonymised text and its original, both ways, exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oncofr.privacy import PseudonymizedText, Replacement, pseudonymize

PIECES = [
    "Mme Marie DURAND ", "M. Dupont, ", "Dr J.-P. Morel ", "le 12/03/2014 ", "en mars 2015 ",
    "Tél 06 12 34 56 78 ", "a.b@exemple.fr ", "IPP : 800123 ", "12 rue des Lilas ",
    "69003 Lyon ", "NIR 1 84 12 75 123 456 78 ", "https://exemple.fr/x ", "\ufb01n 2014 ",
    "e\u0301te\u0301 2013 ", "64 ans ", "\u00a0", "\n", "ﬂ", "DURAND ",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=14).map(
    "".join
)


def check_map(original: str, result: PseudonymizedText) -> None:
    """Replacements map onto each other; everything else is the same text, mapped exactly."""
    cursor = pseudo_cursor = 0
    for r in result.replacements:
        assert result.to_original(r.start, r.end) == (r.original_start, r.original_end)
        assert result.to_pseudonymized(r.original_start, r.original_end) == (r.start, r.end)
        assert original[cursor:r.original_start] == result.text[pseudo_cursor:r.start]
        check_same(original, result, (cursor, r.original_start), (pseudo_cursor, r.start))
        cursor, pseudo_cursor = r.original_end, r.end
    assert original[cursor:] == result.text[pseudo_cursor:]
    check_same(original, result, (cursor, len(original)), (pseudo_cursor, len(result.text)))


def check_same(
    original: str, result: PseudonymizedText, span: tuple[int, int], pseudo: tuple[int, int]
) -> None:
    """Every sub-span of an unchanged stretch maps to itself on the other side."""
    (a, b), (c, d) = span, pseudo
    for start, end in {(a, b), (a, a + (b - a) // 2), (a + (b - a) // 2, b), (b, b)}:
        moved = (c + start - a, c + end - a)
        assert result.to_pseudonymized(start, end) == moved
        assert result.to_original(*moved) == (start, end)
    assert (d - c) == (b - a)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_offsets_map_both_ways_on_any_text(text):
    check_map(text, pseudonymize(text, seed="x"))


def test_a_span_inside_a_replacement_maps_to_the_whole_replacement():
    original = "Vu M. Dupont hier."
    result = pseudonymize(original, seed="s")
    [name] = result.replacements
    assert original[name.original_start:name.original_end] == "Dupont"
    assert result.to_original(name.start + 1, name.end - 1) == (name.original_start,
                                                                name.original_end)
    assert result.to_original(name.start, name.end + 5) == (name.original_start,
                                                            name.original_end + 5)
    assert result.to_pseudonymized(0, len(original)) == (0, len(result.text))


def test_the_map_of_a_text_without_replacements_is_the_identity():
    result = PseudonymizedText("Rien à cacher.", None, ())
    assert result.to_original(3, 7) == (3, 7) == result.to_pseudonymized(3, 7)
    with pytest.raises(ValueError):
        result.to_original(5, 2)


def test_records_leave_out_original_offsets_on_request():
    result = PseudonymizedText("Vu M. Bernard.", "2015", (Replacement("name", 6, 13, 6, 12),))
    assert result.to_record("d1")["replacements"] == [
        {"kind": "name", "start": 6, "end": 13, "original_start": 6, "original_end": 12}]
    assert result.to_record("d1", with_map=False) == {
        "id": "d1", "text": "Vu M. Bernard.", "note_date": "2015",
        "replacements": [{"kind": "name", "start": 6, "end": 13}]}
