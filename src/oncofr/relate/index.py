"""Where mentions are, relative to each other: the index every relation rule reads.

Method (documented in docs/record.md): relations are found in *sentence windows*. A value is
linked to the closest candidate in its own sentence, looking first at what precedes it (French
puts the drug before its dose, the tumour before its site), then in the sentences just before.
Recognisers that already link what they find (posology names its drug in `attributes.drug`)
are trusted first.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from oncofr.document import Document
from oncofr.models import Mention


def is_asserted(mention: Mention) -> bool:
    """Said of the patient as a fact: not negated, hypothetical or about the family."""
    return not (mention.negated or mention.hypothetical or mention.family)


@dataclass
class MentionIndex:
    """Mentions in text order with their sentence number."""

    document: Document
    ordered: list[Mention] = field(init=False)
    sentence: dict[str, int] = field(init=False)
    by_id: dict[str, Mention] = field(init=False)
    by_sentence: dict[int, list[Mention]] = field(init=False)

    def __post_init__(self) -> None:
        clean_starts = self.document.clean_spans
        self.ordered = sorted(self.document.mentions, key=lambda m: (m.start, -m.end))
        starts = [start for start, _ in self.document.sentences]
        self.sentence = {
            m.id: max(0, bisect.bisect_right(starts, clean_starts.get(m.id, (0, 0))[0]) - 1)
            for m in self.ordered
        }
        self.by_id = {m.id: m for m in self.ordered}
        self.by_sentence = {}
        for mention in self.ordered:
            self.by_sentence.setdefault(self.sentence[mention.id], []).append(mention)

    def labelled(self, *labels: str, asserted: bool = True) -> list[Mention]:
        return [m for m in self.ordered if m.label in labels and (not asserted or is_asserted(m))]

    def in_sentence(self, number: int, *labels: str) -> list[Mention]:
        return [m for m in self.by_sentence.get(number, []) if not labels or m.label in labels]

    def closest(
        self, anchor: Mention, candidates: Iterable[Mention], sentences_back: int = 0,
        after_chars: int | None = None,
    ) -> Mention | None:
        """The candidate nearest to `anchor`: same sentence first (preceding ones preferred),
        then up to `sentences_back` sentences before it. With `after_chars`, a candidate after
        the anchor counts only if it starts at most that many characters after its end."""
        here = self.sentence[anchor.id]
        best: tuple[tuple[int, int, int], Mention] | None = None
        for candidate in candidates:
            distance = here - self.sentence[candidate.id]
            if distance < 0 or distance > sentences_back:
                continue
            after = 1 if candidate.start > anchor.start else 0
            if after and after_chars is not None and candidate.start - anchor.end > after_chars:
                continue
            gap = abs(candidate.start - anchor.start)
            key = (distance, after if distance == 0 else 0, gap)
            if best is None or key < best[0]:
                best = (key, candidate)
        return best[1] if best else None

    def first_date(self, anchor: Mention) -> Mention | None:
        """The first asserted date of the anchor's sentence."""
        dates = [m for m in self.in_sentence(self.sentence[anchor.id], "date") if is_asserted(m)]
        return dates[0] if dates else None


_last_index: tuple[Document, tuple[Any, ...], MentionIndex] | None = None  # document, state


def mention_index(document: Document) -> MentionIndex:
    """`MentionIndex(document)`, built again only for another document or when its mentions,
    their clean spans or its sentences have changed: the record stages and the quality check
    read the same index one after the other."""
    global _last_index
    state = (list(map(id, document.mentions)), dict(document.clean_spans),
             list(document.sentences))
    last = _last_index
    if last is not None and last[0] is document and last[1] == state:
        return last[2]
    index = MentionIndex(document)
    _last_index = (document, state, index)
    return index
