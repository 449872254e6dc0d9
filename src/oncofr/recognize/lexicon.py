"""Longest-match phrase lookup over folded text, shared by the dictionary recognisers.

Terms and text are compared word by word on `fold()`ed text (lower case, no accents, same
length, so offsets are those of the clean view). A word is a run of letters or digits; the
words of a term must follow each other in the text separated only by spaces, hyphens or
apostrophes (« sus-claviculaire » = « sus claviculaire »). Word keys ignore a final plural
mark (« lésions » = « lésion », « médiastinaux » = « médiastinal »). An elided article is a
word of its own, so « l'iléon » contains the word « ileon » and matches the term « iléon ».

Matches are leftmost-longest and never overlap. Lookup walks a word trie from each word that
begins a term (the text's word keys are indexed once per text), so its cost grows with the
text's length, not with the lexicon's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from oncofr.clean.text import fold, remember_last_long_text

Payload = TypeVar("Payload")

WORD = re.compile(r"[^\W_]+")  # a word: letters or digits
_GAP = re.compile(r"[ '\-]{1,3}")  # what may separate two words of a term in the text
_END = ""  # trie key of a node's payload (never a word key)

Word = tuple[int, int, str]  # start, end, key


def word_key(word: str) -> str:
    """Plural-insensitive key of a folded word: « lesions » -> « lesion », « mediastinaux » ->
    « mediastinal »."""
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


@remember_last_long_text
def words(folded: str) -> tuple[Word, ...]:
    """The words of a folded text with their offsets and keys (remembered for the last long
    text: a dozen recognisers search the same document's `Document.folded`)."""
    return tuple((m.start(), m.end(), word_key(m.group())) for m in WORD.finditer(folded))


@remember_last_long_text
def word_indices(folded: str) -> dict[str, list[int]]:
    """Each word key of a folded text -> the indices of its words in `words(folded)`, in order
    (remembered like `words`)."""
    indices: dict[str, list[int]] = {}
    for index, (_, _, key) in enumerate(words(folded)):
        indices.setdefault(key, []).append(index)
    return indices


@dataclass(frozen=True)
class Lexicon(Generic[Payload]):
    """A set of terms, each with a payload, searched as whole words in folded text."""

    trie: dict[str, Any]
    size: int

    @classmethod
    def from_terms(cls, terms: Iterable[tuple[str, Payload]]) -> Lexicon[Payload]:
        """Build from `(term, payload)` pairs; the first payload given for a term wins."""
        trie: dict[str, Any] = {}
        size = 0
        for term, payload in terms:
            keys = [key for _, _, key in words(fold(term))]
            if not keys:
                continue
            node = trie
            for key in keys:
                node = node.setdefault(key, {})
            if _END not in node:
                node[_END] = payload
                size += 1
        return cls(trie=trie, size=size)

    def __len__(self) -> int:
        return self.size

    def find(self, folded: str) -> list[tuple[int, int, Payload]]:
        """Leftmost-longest, non-overlapping `(start, end, payload)` matches in `folded`."""
        tokens = words(folded)
        found: list[tuple[int, int, Payload]] = []
        free = 0  # the first word no match found so far covers
        for index in self._first_words(folded):
            if index < free:
                continue
            last = self._longest(folded, tokens, index)
            if last is None:
                continue
            end_index, payload = last
            found.append((tokens[index][0], tokens[end_index][1], payload))
            free = end_index + 1
        return found

    def find_all(self, folded: str) -> list[tuple[int, int, Payload]]:
        """Every `(start, end, payload)` match in `folded`, overlapping ones included, by start
        and then length."""
        tokens = words(folded)
        return [(tokens[index][0], tokens[last][1], payload)
                for index in self._first_words(folded)
                for last, payload in self._matches_at(folded, tokens, index)]

    def _first_words(self, folded: str) -> list[int]:
        """The indices of the words of `folded` that may begin a term, in order: most words
        begin none, so only the keys the text and the trie share are looked at."""
        indices = word_indices(folded)
        return sorted(index for key in indices.keys() & self.trie.keys() for index in indices[key])

    def _longest(
        self, folded: str, tokens: Sequence[Word], index: int
    ) -> tuple[int, Payload] | None:
        """The last word index and payload of the longest term starting at word `index`."""
        matches = self._matches_at(folded, tokens, index)
        return matches[-1] if matches else None

    def _matches_at(
        self, folded: str, tokens: Sequence[Word], index: int
    ) -> list[tuple[int, Payload]]:
        """The last word index and payload of every term starting at word `index`, shortest
        first."""
        found = []
        node = self.trie.get(tokens[index][2])
        position = index
        while node is not None:
            if _END in node:
                found.append((position, node[_END]))
            position += 1
            if position >= len(tokens) or not _GAP.fullmatch(
                folded, tokens[position - 1][1], tokens[position][0]
            ):
                break
            node = node.get(tokens[position][2])
        return found

    def get(self, term: str) -> Payload | None:
        """The payload of exactly `term` (compared like the text), or `None`."""
        node: dict[str, Any] | None = self.trie
        for _, _, key in words(fold(term)):
            node = node.get(key) if node is not None else None
        return node.get(_END) if node is not None else None
