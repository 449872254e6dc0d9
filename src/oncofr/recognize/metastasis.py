"""Details of metastatic spread (`recognize.metastasis_details`): liver segments, lesion counts,
synchronous / metachronous timing and somatostatin-receptor uptake scores.

Method
- `liver_segment`: terms of `resources/data/liver_segments.tsv` (« segment IVb », « S4 »,
  « dôme hépatique », « lobe gauche »), then a list of further numbers after a segment
  (« segments VII-VIII », « segment 4b, 6, 7 », « segments II à IV »: a range). A term that
  does not name the liver needs a liver word (`oncology_cues` group `liver_context`) in its
  sentence or, for a segment number, just before it; « S4 » needs one in its sentence.
  `value` is the list of Couinaud segments (« II », « IVb »).
- `lesion_count`: a number or a count word before a lesion noun (« 3 métastases », « de
  multiples lésions », « une seule lésion », « une quinzaine de lésions » = 15) or a count
  word after it (« lésion unique », « métastases hépatiques multiples »); `value` is the
  number or "multiple".
- `metastasis_timing`: « synchrone(s) », « métachrone(s) », « d'emblée métastatique », with a
  word of distant spread (group `metastasis_word`) in the same clause.
- `uptake_score`: « 4/4 sur l'échelle de Krenning », « Krenning 3 », « Deauville 4 ».
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from oncofr.document import Document
from oncofr.prefilter import finditer
from oncofr.recognize.lexicon import Lexicon
from oncofr.recognize.oncology_cues import cue_lexicon, cue_pattern, cues
from oncofr.recognize.time_quantities import NUMBER, parse_number
from oncofr.recognize.tumour_attributes import Found, clause_start
from oncofr.registry import factory
from oncofr.resources import load_table

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
_SEGMENT_NUMBER = r"(?:viii|vii|vi|iv|v|i{1,3}|[1-8])"
# A listed number is not followed by a unit or a counted noun (« segment II, 3 cm »).
_MORE_SEGMENTS = re.compile(
    rf"[ ]?(?P<sep>,|/|-|et|ou|à)[ ]?(?:s(?=[1-8ivx]))?(?P<number>{_SEGMENT_NUMBER})(?P<sub>[ab])?"
    r"(?![\w])(?![.,]\d)(?![ ]?(?:cm|mm|%|l[ée]sions?|nodules?|m[ée]tastases?|cycles?|mois|ans)\b)",
    re.IGNORECASE,
)
_SHORT_FORM = re.compile(r"s(?:[1-8]|[iv]{1,4})")
_SEGMENT_WORD = re.compile(r"segments?")
LIVER_WINDOW = 300


@cache
def segment_lexicon() -> Lexicon[tuple[str, ...]]:
    return Lexicon.from_terms(
        (row["term"], tuple(row["segment"].split("|"))) for row in load_table("liver_segments").rows
    )


def canonical_segment(number: str, sub: str | None) -> str:
    """« 4 », « b » -> « IVb »; « vii » -> « VII »."""
    roman = _ROMAN[int(number) - 1] if number.isdigit() else number.upper()
    return roman + (sub or "").lower()


def find_segments(document: Document, folded: str) -> Iterator[Found]:
    """Couinaud segments named or listed in a liver context."""
    for start, end, segments in segment_lexicon().find(folded):
        if not _liver_context(document, folded, start, end):
            continue
        end, listed = _listed_segments(document.text, end, segments[-1])
        values = list(dict.fromkeys(segments + listed))
        yield Found("liver_segment", start, end, value=values)


def _listed_segments(text: str, position: int, last: str) -> tuple[int, tuple[str, ...]]:
    """Segments listed after a segment term, with the end of the list."""
    listed: list[str] = []
    while match := _MORE_SEGMENTS.match(text, position):
        segment = canonical_segment(match.group("number"), match.group("sub"))
        if match.group("sep") in ("-", "à") and segment in _ROMAN and last in _ROMAN:
            listed += _ROMAN[_ROMAN.index(last) + 1:_ROMAN.index(segment) + 1] or [segment]
        else:
            listed.append(segment)
        last, position = segment, match.end()
    return position, tuple(listed)


def _liver_context(document: Document, folded: str, start: int, end: int) -> bool:
    """The term names the liver, or a liver word is near enough (see module docstring)."""
    term = folded[start:end]
    if cue_lexicon("liver_context").find(term):
        return True
    sentence_start, sentence_end = document.sentence_of(start)
    if cue_lexicon("liver_context").find(folded[sentence_start:sentence_end]):
        return True
    if _SHORT_FORM.fullmatch(term) or not _SEGMENT_WORD.match(term):
        return False
    return bool(cue_lexicon("liver_context").find(folded[max(0, start - LIVER_WINDOW):start]))


# --- lesion counts --------------------------------------------------------------------------


@cache
def _count_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A count before a lesion noun (ending the window) and one after it (anchored)."""
    before = re.compile(
        rf"(?<![\w.,/+-])(?:(?!une?[ ])(?P<number>{NUMBER})"
        rf"|(?P<word>{cue_pattern('count', 'before')}))(?:[ ]|(?<='))(?:[^\W\d_]{{3,20}}[ ])?$"
    )
    after = re.compile(
        r"(?:[ ][^\W\d_]{3,20})?(?:[ ][^\W\d_]{3,20})?"
        rf"[ ](?P<word>{cue_pattern('count', 'after')})(?![\w])"
    )
    return before, after


COUNT_WINDOW = 40


def find_counts(document: Document, folded: str) -> Iterator[Found]:
    """« 3 métastases », « de multiples lésions », « lésion unique »."""
    before, after = _count_patterns()
    for start, end, _ in cue_lexicon("lesion").find(folded):
        noun = document.text[start:end].lower()
        match = before.search(folded, max(0, start - COUNT_WINDOW), start)
        if match:
            value = _count_value(match.group("number"), match.group("word"), "before")
            if value is not None:
                yield Found("lesion_count", match.start(), end, value=value,
                            attributes={"noun": noun})
                continue
        match = after.match(folded, end)
        if match:
            value = _count_value(None, match.group("word"), "after")
            yield Found("lesion_count", start, match.end(), value=value, attributes={"noun": noun})


def _count_value(number: str | None, word: str | None, position: str) -> int | str | None:
    if number is not None:
        amount = parse_number(number)
        return int(amount) if amount is not None and amount == int(amount) else None
    value = cues("count", position)[word][0]
    return int(value) if value.isdigit() else value


# --- timing and uptake ----------------------------------------------------------------------


def find_timing(document: Document, folded: str) -> Iterator[Found]:
    """« métastases synchrones » -> synchronous, « métachrone » -> metachronous, when a word of
    distant spread is in the clause (« deux tumeurs synchrones » are not metastases)."""
    for start, end, (value, _) in cue_lexicon("timing").find(folded):
        clause = folded[clause_start(document, folded, start):end]
        if cue_lexicon("metastasis_word").find(clause):
            yield Found("metastasis_timing", start, end, value=value)


@cache
def _uptake_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """« 4/4 sur l'échelle de Krenning », « grade 3 selon Krenning » and « Krenning 3 »."""
    scales = cue_pattern("uptake_scale")
    score = r"(?P<score>[0-5])(?:[ ]?/[ ]?(?P<top>[45]))?"
    score_first = re.compile(
        rf"(?:\b(?:grade|score|stade)[ ])?(?<![\w/]){score}[ ]"
        r"(?:sur[ ](?:l'|le[ ]|la[ ])?(?:echelle|score|classification)[ ](?:de[ ]|d')?"
        rf"|selon[ ](?:l'|le[ ]|la[ ])?|de[ ])(?P<scale>{scales})(?![\w])"
    )
    scale_first = re.compile(
        rf"\b(?P<scale>{scales})[ ]?(?:[:=][ ]?|(?:a|de|grade|score|stade)[ ])?{score}(?![\w])"
    )
    return score_first, scale_first


def find_uptake(folded: str) -> Iterator[Found]:
    taken: list[tuple[int, int]] = []
    for pattern in _uptake_patterns():
        for match in finditer(pattern, folded):
            scale, highest = cues("uptake_scale")[match.group("scale")]
            score = int(match.group("score"))
            overlaps = any(a < match.end() and match.start() < b for a, b in taken)
            if overlaps or score > int(highest):
                continue
            taken.append(match.span())
            yield Found("uptake_score", match.start(), match.end(), value=score,
                        attributes={"scale": scale})


@factory("recognize.metastasis_details")
def make_metastasis_details():
    """Add liver_segment, lesion_count, metastasis_timing and uptake_score mentions."""

    def metastasis_details(document: Document) -> None:
        folded = document.folded
        found = [*find_segments(document, folded), *find_counts(document, folded),
                 *find_timing(document, folded), *find_uptake(folded)]
        for item in found:
            item.add_to(document)

    return metastasis_details
