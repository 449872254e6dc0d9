"""Procedures (`recognize.procedures`): treatment acts and examinations of `procedures`.

Method
- One lexicon of the table's terms (longest match on folded text). An upper-case short form
  (« RT », « TDM », « CHIP ») counts only written as listed.
- A `procedure` mention has our stable id as `code` (`system` `oncofr-procedure`), the short
  French name as `value` and `attributes.type` (surgery, ablation, intra_arterial,
  radionuclide, radiotherapy, biopsy, imaging, endoscopy, systemic, other).
- An imaging procedure whose sentence gives a Krenning score (« 4/4 sur l'échelle de
  Krenning », « Krenning 3 ») has `attributes.krenning` (0-4).
- Liver segments written right after a segmentectomy, or after « segment(s) » following any
  other act (« segmentectomie des segments hépatiques II/III », « hépatectomie du segment 4b »)
  are kept in `attributes.segments` as Roman numerals (« II », « IVb »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.recognize.labs import upper_short_form, written_as_listed
from oncofr.recognize.lexicon import Lexicon
from oncofr.registry import factory
from oncofr.resources import load_table

_KRENNING = re.compile(
    r"(?<![\w/])(?P<before>[0-4])[ ]?/[ ]?4\b[^.;]{0,40}?\bkrenning\b"
    r"|\bkrenning\b[^.;\d]{0,30}?(?<![\w/])(?P<after>[0-4])(?![\w/])"
)
_SEGMENTS_BEFORE = re.compile(
    r"[ ,]{0,2}(?:(?:des|du|de|en)[ ])?(?:(?P<word>segments?)[ ])?(?:hepatiques?[ ])?"
)
_SEGMENT = re.compile(r"(?P<number>[ivx]{1,4}|[1-8])(?P<part>[ab]?)(?![\w])")
_SEGMENT_GAP = re.compile(r"[ ]?(?:/|-|,|et|a)[ ]?")
_MAX_SEGMENTS = 8
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI", "7": "VII", "8": "VIII"}


@dataclass(frozen=True)
class Procedure:
    id: str
    type: str
    name: str
    term: str


@cache
def procedure_lexicon() -> Lexicon[Procedure]:
    return Lexicon.from_terms(
        (row["term"], Procedure(row["id"], row["type"], row["name"], row["term"]))
        for row in load_table("procedures").rows
    )


def krenning(folded: str, sentence: tuple[int, int]) -> int | None:
    """The Krenning score written in the sentence, if any."""
    match = _KRENNING.search(folded, *sentence)
    return int(match.group("before") or match.group("after")) if match else None


def segments(folded: str, end: int, limit: int, implied: bool) -> list[str]:
    """Liver segments written after a procedure ending at `end` (« des segments II/III »)."""
    prefix = _SEGMENTS_BEFORE.match(folded, end, limit)
    if prefix is None or not (implied or prefix.group("word")):
        return []
    found: list[str] = []
    position = prefix.end()
    while len(found) < _MAX_SEGMENTS:
        match = _SEGMENT.match(folded, position, limit)
        if match is None:
            break
        number = match.group("number")
        found.append(_ROMAN.get(number, number.upper()) + match.group("part"))
        gap = _SEGMENT_GAP.match(folded, match.end(), limit)
        if gap is None:
            break
        position = gap.end()
    return found


@factory("recognize.procedures")
def make_procedures():
    """Add a `procedure` mention for each act or examination of the procedures table."""

    def procedures(document: Document) -> None:
        folded = document.folded
        for start, end, procedure in procedure_lexicon().find(folded):
            if upper_short_form(procedure.term) and not written_as_listed(
                document.text[start:end], procedure.term
            ):
                continue
            sentence = document.sentence_of(start)
            attributes: dict[str, object] = {"type": procedure.type}
            if procedure.type == "imaging":
                attributes["krenning"] = krenning(folded, sentence)
            if procedure.type in ("surgery", "ablation", "intra_arterial"):
                implied = "segment" in fold(procedure.term)
                attributes["segments"] = segments(folded, end, sentence[1], implied) or None
            document.add_mention(
                "procedure",
                start,
                end,
                code=procedure.id,
                system="oncofr-procedure",
                value=procedure.name,
                attributes={k: v for k, v in attributes.items() if v is not None},
            )

    return procedures
