from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from oncofr.clean.text import clean_text, fold


def test_typographic_characters_are_normalised_in_place():
    original = "l\u2019iléon\u00a0: « 2,5\u202fmmol/L » \u2013 6 × 6 cm"
    clean = clean_text(original)
    assert clean.text == "l'iléon : « 2,5 mmol/L » - 6 x 6 cm"
    assert len(clean.text) == len(original)


def test_ligature_expansion_maps_back_to_the_single_original_character():
    original = "la dif\ufb01culté et l'e\ufb03cacité"
    clean = clean_text(original)
    assert "difficulté" in clean.text and "efficacité" in clean.text
    start = clean.text.index("efficacité")
    a, b = clean.to_original(start, start + len("efficacité"))
    assert original[a:b] == "e\ufb03cacité"


def test_decomposed_accents_are_composed_without_moving_offsets():
    original = "me\u0301tastase he\u0301patique"
    clean = clean_text(original)
    assert clean.text == "métastase hépatique"
    start = clean.text.index("hépatique")
    a, b = clean.to_original(start, start + len("hépatique"))
    assert original[a:b] == "he\u0301patique"


def test_a_combining_mark_composes_with_the_last_character_written():
    # after a ligature's expansion and across a soft hyphen, which writes nothing; a mark that
    # composes with nothing stays, with its own origin
    clean = clean_text("\ufb01\u0301 e\u00ad\u0301 \u0301x")
    assert clean.text == "fí é \u0301x"
    assert list(clean.origin) == [0, 0, 2, 3, 6, 7, 8, 9]


def test_offsets_stay_exact_past_the_positions_kept_ready(monkeypatch):
    from oncofr.clean import text

    monkeypatch.setattr(text, "_POSITIONS_KEPT", 8)
    monkeypatch.setattr(text, "_positions_made", array("l"))
    original = "une tumeur \ufb01xe de 12 mm, l\u2019iléon"
    clean = clean_text(original)
    assert clean.text == "une tumeur fixe de 12 mm, l'iléon"
    start = clean.text.index("iléon")
    assert clean.original_slice(start, start + 5) == "iléon"
    assert list(clean.origin[:12]) == list(range(12))


def test_lines_broken_mid_sentence_are_joined_but_real_breaks_stay():
    original = (
        "La chirurgie de résection des métastases\nhépatiques est sûre.\n"
        "Le délai moyen de survenue des métastases était de\n\n\n"
        "quatre ans.\nIntroduction\n12 Hôpital Nord\nTexte."
    )
    clean = clean_text(original)
    assert "métastases hépatiques est" in clean.text
    assert "de" + " " * 3 + "quatre" in clean.text
    assert "sûre.\nLe délai" in clean.text
    assert "Introduction\n12 Hôpital Nord\nTexte" in clean.text
    assert len(clean.text) == len(original)


def test_hyphenated_line_break_drops_only_the_newline():
    original = "une tumeur rétro-\npéritonéale"
    clean = clean_text(original)
    assert clean.text == "une tumeur rétro-péritonéale"
    start = clean.text.index("rétro")
    a, b = clean.to_original(start, len(clean.text))
    assert original[a:b] == "rétro-\npéritonéale"


def test_fold_keeps_length_and_strips_case_and_accents():
    assert fold("ÉVÉROLIMUS Œdème à l'Iléon") == "everolimus œdeme a l'ileon"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_every_clean_span_maps_inside_the_original(original):
    clean = clean_text(original)
    assert len(clean.origin) == len(clean.text) + 1
    previous = -1
    for index in range(len(clean.text)):
        position = clean.origin[index]
        assert 0 <= position < len(original)
        assert position >= previous  # the map never goes backwards
        previous = position
    for start in range(0, len(clean.text), 7):
        end = min(len(clean.text), start + 5)
        a, b = clean.to_original(start, end)
        assert 0 <= a <= b <= len(original)


def test_remember_last_long_text_keeps_a_few_long_results_and_recent_short_ones():
    from oncofr.clean.text import LONG_TEXT, LONG_TEXTS_KEPT, remember_last_long_text

    calls: list[str] = []

    @remember_last_long_text
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    long_texts = [letter * LONG_TEXT for letter in "abcdefgh"[:LONG_TEXTS_KEPT + 1]]
    first, short = long_texts[0], "court"
    assert [length(first), length(first), length(short), length(short)] == [LONG_TEXT] * 2 + [5] * 2
    assert calls == [first, short]  # each computed once
    for text in long_texts[1:LONG_TEXTS_KEPT]:
        length(text)
    length(first)  # still among the last LONG_TEXTS_KEPT long texts
    assert calls.count(first) == 1
    length(long_texts[LONG_TEXTS_KEPT])  # one more pushes out the least recent, not `first`
    length(first)
    assert calls.count(first) == 1 and calls.count(long_texts[1]) == 1
    length(long_texts[1])
    assert calls.count(long_texts[1]) == 2
