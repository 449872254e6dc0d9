"""The working object that flows through the pipeline, and its final conversion to a result."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from oncofr.clean.text import CleanText, fold
from oncofr.models import DocumentResult, Mention, Meta, QualityWarning, Record, Section

# Mention attributes whose value is another mention's id, or a list of ids: the anchor of a
# resolved date, the drug(s) a dose belongs to, the treatment a case count is about.
REFERENCE_ATTRIBUTES = ("resolved_from", "drug", "drugs", "of")


@dataclass
class Document:
    """One document being processed.

    `original` is the text every offset refers to. Recognisers read `clean.text` and declare
    their spans in clean coordinates through `add_mention`, which maps them back. `sentences`
    are clean-view spans; `sections` are original spans (they are output as they are).
    """

    id: str
    original: str
    meta: Meta = field(default_factory=Meta)
    carry_text: bool = False
    clean: CleanText | None = None
    sections: list[Section] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    record: Record = field(default_factory=Record)
    warnings: list[QualityWarning] = field(default_factory=list)
    spacy_doc: Any = None  # the EDS-NLP/spaCy Doc of the clean view, when a stage built one
    clean_spans: dict[str, tuple[int, int]] = field(
        default_factory=dict
    )  # mention id -> clean span
    ids_issued: int = 0  # mention ids are never reused, even after `remove_mention`

    @property
    def text(self) -> str:
        """The clean view (what recognisers read)."""
        if self.clean is None:
            raise RuntimeError("the 'clean' component must run before recognisers")
        return self.clean.text

    @property
    def folded(self) -> str:
        """The clean view folded by `clean.text.fold` (same offsets; `fold` remembers it)."""
        return fold(self.text)

    def section_at(self, original_index: int) -> Section | None:
        position = bisect.bisect_right(self.sections, original_index, key=_start) - 1
        if position >= 0 and original_index < self.sections[position].end:
            return self.sections[position]
        return None

    def section_label_at(self, clean_index: int) -> str | None:
        """The label of the section holding clean-view position `clean_index`."""
        assert self.clean is not None
        section = self.section_at(self.clean.to_original(clean_index, clean_index)[0])
        return section.label if section else None

    def sentence_of(self, clean_index: int) -> tuple[int, int]:
        """The clean-view sentence containing `clean_index` (the whole text if unsplit)."""
        position = bisect.bisect_right(self.sentences, clean_index, key=_first) - 1
        if position >= 0 and clean_index < self.sentences[position][1]:
            return self.sentences[position]
        return 0, len(self.text)

    def add_mention(self, label: str, start: int, end: int, **fields: Any) -> Mention:
        """Add a mention found at clean-view `start:end`; offsets are mapped to the original."""
        assert self.clean is not None
        original_start, original_end = self.clean.to_original(start, end)
        self.ids_issued += 1
        mention = Mention(
            id=f"m{self.ids_issued}",
            label=label,
            start=original_start,
            end=original_end,
            text=self.original[original_start:original_end],
            section=self.section_label_at(start),
            **fields,
        )
        self.mentions.append(mention)
        self.clean_spans[mention.id] = (start, end)
        return mention

    def remove_mention(self, mention: Mention) -> None:
        """Take `mention` out (before anything refers to it: recognisers only)."""
        self.remove_mentions([mention])

    def remove_mentions(self, mentions: Iterable[Mention]) -> None:
        """Take `mentions` out in one pass over the list (matched by id: comparing pydantic
        models field by field would make many removals quadratic and slow)."""
        ids = {mention.id for mention in mentions}
        if ids:
            self.mentions[:] = [m for m in self.mentions if m.id not in ids]
            for mention_id in ids:
                del self.clean_spans[mention_id]

    def replace_mentions(self, updated: dict[str, Mention]) -> None:
        """Put each mention of `updated` (id -> new mention with that id) in the place of the
        mention it replaces, in one pass."""
        if updated:
            self.mentions[:] = [updated.get(m.id, m) for m in self.mentions]

    def to_result(self) -> DocumentResult:
        """The contract object; mentions are ordered by position and renumbered stably."""
        ordered = sorted(self.mentions, key=lambda m: (m.start, -m.end, m.label))
        renamed = {mention.id: f"m{index}" for index, mention in enumerate(ordered, start=1)}
        mentions = [
            mention.model_copy(update={
                "id": renamed[mention.id],
                "attributes": _renamed_references(mention.attributes, renamed),
            })
            for mention in ordered
        ]
        record = _renumber(self.record.model_dump(), renamed)
        warnings = [
            warning.model_copy(update={"mentions": [renamed.get(m, m) for m in warning.mentions]})
            for warning in self.warnings
        ]
        return DocumentResult(
            id=self.id,
            meta=self.meta,
            text=self.original if self.carry_text else None,
            sections=self.sections,
            mentions=mentions,
            record=Record.model_validate(record),
            warnings=warnings,
        )


def _start(section: Section) -> int:
    return section.start


def _first(span: tuple[int, int]) -> int:
    return span[0]


def _renamed_references(attributes: dict[str, Any], renamed: dict[str, str]) -> dict[str, Any]:
    """Rewrite the attributes that hold another mention's id (`REFERENCE_ATTRIBUTES`)."""
    def rename(value: Any) -> Any:
        if isinstance(value, list):
            return [renamed.get(item, item) for item in value]
        return renamed.get(value, value) if isinstance(value, str) else value

    return {
        key: rename(value) if key in REFERENCE_ATTRIBUTES else value
        for key, value in attributes.items()
    }


def _renumber(value: Any, renamed: dict[str, str]) -> Any:
    """Rewrite every `mentions` list in a dumped record with the final mention ids."""
    if isinstance(value, dict):
        return {
            key: [renamed.get(m, m) for m in item]
            if key == "mentions"
            else _renumber(item, renamed)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_renumber(item, renamed) for item in value]
    return value
