"""The pseudonymised text and the map between its offsets and the original's.

Outside replacements the two texts are identical, shifted by the difference in length of the
replacements before; a span that starts or ends inside a replacement maps to the whole
replacement on the other side.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Replacement:
    """`original[original_start:original_end]` was replaced by `text[start:end]`."""

    kind: str
    start: int
    end: int
    original_start: int
    original_end: int


@dataclass(frozen=True)
class _Side:
    """Sorted replacement spans on one side, with the matching spans on the other."""

    starts: list[int]
    ends: list[int]
    other_starts: list[int]
    other_ends: list[int]

    def start(self, position: int) -> int:
        index = bisect.bisect_right(self.starts, position) - 1
        if index >= 0 and position < self.ends[index]:
            return self.other_starts[index]
        return self._outside(position, index)

    def end(self, position: int) -> int:
        index = bisect.bisect_left(self.starts, position) - 1
        if index >= 0 and position < self.ends[index]:
            return self.other_ends[index]
        return self._outside(position, index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        if start < 0 or end < start:
            raise ValueError(f"not a span: {start}:{end}")
        if start == end:
            position = self.start(start)
            return position, position
        return self.start(start), self.end(end)

    def _outside(self, position: int, index: int) -> int:
        """`position`, after replacement `index` (if any), on the other side."""
        return position if index < 0 else position - self.ends[index] + self.other_ends[index]


@dataclass(frozen=True)
class PseudonymizedText:
    """A pseudonymised text, its shifted note date and its replacements in text order."""

    text: str
    note_date: str | None
    replacements: tuple[Replacement, ...]
    _forward: _Side = field(init=False, repr=False, compare=False)
    _backward: _Side = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        items = self.replacements
        new = ([r.start for r in items], [r.end for r in items])
        old = ([r.original_start for r in items], [r.original_end for r in items])
        object.__setattr__(self, "_forward", _Side(*old, *new))
        object.__setattr__(self, "_backward", _Side(*new, *old))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the pseudonymised span `start:end`."""
        return self._backward.span(start, end)

    def to_pseudonymized(self, start: int, end: int) -> tuple[int, int]:
        """The pseudonymised span of the original span `start:end`."""
        return self._forward.span(start, end)

    def to_record(self, doc_id: str, with_map: bool = True) -> dict[str, Any]:
        """The JSON object written per document; `with_map=False` leaves out original offsets."""
        replacements = [asdict(r) for r in self.replacements]
        if not with_map:
            for replacement in replacements:
                del replacement["original_start"], replacement["original_end"]
        return {"id": doc_id, "text": self.text, "note_date": self.note_date,
                "replacements": replacements}
