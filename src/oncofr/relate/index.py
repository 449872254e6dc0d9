"""Where mentions are, relative to each other: the index every relation rule reads.

Method (documented in docs/record.md): relations are found in *sentence windows*. A value is
linked to the closest candidate in its own sentence, looking first at what precedes it (French
puts the drug before its dose, the tumour before its site), then in the sentences just before.
Recognisers that already link what they find (posology names its drug in `attributes.drug`)
are trusted first.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.models import Mention

EVENT_LABELS = ("morphology", "drug", "procedure", "response", "outcome")
_BIRTH = re.compile(r"\b(?:nee?s?|naissance)\W+(?:(?:le|en|au|du|a)\W+)?\Z")
_MEANS = re.compile(r"[ ,]{0,3}(?:par|avec)\b")
_NEW_PHRASE = re.compile(r",\s{0,3}(?:avec|sans|dont|mais|pour|chez|ayant|apres|avant)\b|:")
_COMPARED_WITH = re.compile(
    r"\b(?:par rapport|comparativement|en comparaison|compare\w*)\s(?:a|au|aux|avec)\b[^.;]{0,30}\Z"
)
_CLAUSE_BREAK = re.compile(
    r";|\bpuis\b|\bensuite\b|\bsuivie?s? (?:de|du|des|d'|par)\b|\brelaye\w* (?:par|de)\b"
)


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
    _dates_by_event: dict[str, list[Mention]] = field(init=False, default_factory=dict)
    _dated_sentences: set[int] = field(init=False, default_factory=set)

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

    def sentence_text(self, mention: Mention) -> str:
        """The clean text of the mention's sentence (the whole text if unsplit, which the index
        counts as sentence 0)."""
        sentences = self.document.sentences
        start, end = (
            sentences[self.sentence[mention.id]] if sentences else (0, len(self.document.text))
        )
        return self.document.text[start:end]

    def first_date(self, anchor: Mention) -> Mention | None:
        """The first date that belongs to the anchor (`dates_of`)."""
        dates = self.dates_of(anchor)
        return dates[0] if dates else None

    def dates_of(self, anchor: Mention) -> list[Mention]:
        """The asserted dates of the anchor's sentence that belong to it, an event mention
        (`EVENT_LABELS`). The sentence is cut into clauses at « ; », « puis », « suivi de »,
        « relayé par »; in a clause, dates go to the events written just before them, events
        with no date between them sharing theirs (« octréotide et évérolimus de 2014 à
        2015 »), and dates opening the clause go to its first events (« En 2014,
        hépatectomie »). Events in a parenthesis opened after a date, or after « par » or
        « avec » right after it, detail what it dates (« opéré en 2012 (résection
        iléo-caecale) », « traité en 2015 par tumorectomie et radiothérapie »); a birth date
        (« né en 1956 ») or the date of an examination compared with (« par rapport à
        l'examen du 12.10.2022 ») dates no event. Computed once per sentence."""
        number = self.sentence[anchor.id]
        if number not in self._dated_sentences:
            self._dated_sentences.add(number)
            for events, dates in self._date_groups(number):
                for event in events:
                    self._dates_by_event[event.id] = dates
        return self._dates_by_event.get(anchor.id, [])

    def _date_groups(self, number: int) -> list[tuple[list[Mention], list[Mention]]]:
        """The sentence's events and dates, grouped as `dates_of` says."""
        original = self.document.original
        groups: list[tuple[list[Mention], list[Mention]]] = [([], [])]
        dated_after_events = False  # the current group's events have a date after them
        previous_end: int | None = None
        for mention in self.by_sentence.get(number, []):
            is_date = mention.label == "date" and is_asserted(mention)
            if is_date and _dates_no_event(original, mention):
                continue
            if not (is_date or mention.label in EVENT_LABELS):
                continue
            between = original[previous_end : mention.start] if previous_end is not None else ""
            dates = groups[-1][1]
            if _CLAUSE_BREAK.search(fold(between)) or (
                not is_date and dated_after_events
                and not _details_the_date(original[dates[-1].end : mention.start])
            ):
                groups.append(([], []))
                dated_after_events = False
            events, dates = groups[-1]
            if is_date:
                dates.append(mention)
                dated_after_events = bool(events)
            else:
                events.append(mention)
            previous_end = max(previous_end or 0, mention.end)
        return groups


def _dates_no_event(original: str, date: Mention) -> bool:
    """Whether the date is a birth date (« né en 1956 ») or the date of an earlier examination
    compared with (« par rapport à l'examen du 12.10.2022 »)."""
    before = fold(original[max(0, date.start - 50) : date.start])
    return _BIRTH.search(before[-20:]) is not None or _COMPARED_WITH.search(before) is not None


def _details_the_date(text: str) -> bool:
    """Whether `text`, from a date to an event, makes the event a detail of what the date
    dates: a parenthesis it opens and does not close, or « par » / « avec » right after the
    date with no new phrase since (« traité en 2015 par tumorectomie et radiothérapie », but
    not « …, avec des métastases »)."""
    folded = fold(text)
    if text.count("(") > text.count(")"):
        return True
    return _MEANS.match(folded) is not None and _NEW_PHRASE.search(folded) is None


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
