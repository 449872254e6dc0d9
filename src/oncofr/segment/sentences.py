"""Sentences with EDS-NLP's rule-based splitter (`eds.sentences`).

It keeps abbreviations (« Dr. », « cf. ») and decimals (« 2,5 mmol/L ») inside sentences. The
splitter reads the clean view, where lines broken mid-sentence are already joined, so every line
break that is left is a hard one (heading, list item, table row) and also ends a sentence.
"""

from __future__ import annotations

import re

from oncofr.document import Document
from oncofr.nlp import shared_nlp
from oncofr.registry import factory


@factory("segment.sentences")
def make_sentences():
    """Tokenise the clean view and record its sentences as clean-view spans."""

    def sentences(document: Document) -> None:
        text = document.text
        doc = shared_nlp()(text)
        document.spacy_doc = doc
        boundaries = merge_false_boundaries(text, [(s.start_char, s.end_char) for s in doc.sents])
        spans: list[tuple[int, int]] = []
        for start, end in boundaries:
            spans.extend(split_lines(text, start, end))
        document.sentences = spans

    return sentences


# Abbreviations after which a full stop does not end a sentence (folded to lower case).
_ABBREVIATION_END = re.compile(
    r"(?:^|[\s(])(?:dr|drs|pr|m|mme|mlle|mr|cf|p\.\s?ex|ex|env|vs|fig|tab|réf|ref|st|ste|no|n°|"
    r"approx|sem|hosp|pt|pts|bilat|[a-z])\.$",
    re.IGNORECASE,
)


def merge_false_boundaries(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join sentences split after an abbreviation or before a word in lower case."""
    merged: list[tuple[int, int]] = []
    for start, end in sentences:
        if merged and _continues(text, merged[-1], start, end):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _continues(text: str, previous: tuple[int, int], start: int, end: int) -> bool:
    head = text[start:end].lstrip(" ")
    if not head or "\n" in text[previous[1] : start]:
        return False
    tail = text[max(previous[0], previous[1] - 12) : previous[1]].rstrip()
    return head[0].islower() or bool(_ABBREVIATION_END.search(tail))


def split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of `text[start:end]`, trimmed, as `(start, end)` spans."""
    spans = []
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        line_end = end if newline == -1 else newline
        first, last = position, line_end
        while first < last and text[first].isspace():
            first += 1
        while last > first and text[last - 1].isspace():
            last -= 1
        if last > first:
            spans.append((first, last))
        position = line_end + 1
    return spans
