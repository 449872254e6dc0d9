"""What every metric shares: a span, precision/recall/F1 counts and string normalisation."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """A gold or predicted span with what can be compared on it.

    `label` is `None` for a gold span kept only for its qualifiers; `negated` and
    `hypothetical` are `None` where the gold does not annotate them.
    """

    doc_id: str
    label: str | None
    start: int
    end: int
    text: str = ""
    code: str | None = None
    value: Any = field(default=None, compare=False, hash=False)
    negated: bool | None = None
    hypothetical: bool | None = None

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass
class Counts:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def harmonic(precision: float, recall: float) -> float:
    """F1 of a precision and a recall."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def set_counts(gold: set[Any], pred: set[Any]) -> Counts:
    """Counts of two sets compared element by element."""
    return Counts(tp=len(gold & pred), fp=len(pred - gold), fn=len(gold - pred))


def accuracy(correct: int, total: int) -> dict[str, float | int]:
    """`correct` out of `total`, with the ratio (0 when there is nothing to compare)."""
    return {"correct": correct, "total": total,
            "accuracy": round(correct / total, 4) if total else 0.0}


def fold(text: str) -> str:
    """Lower case, accents stripped, inner spaces collapsed: how record strings are compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def norm_code(code: Any) -> str | None:
    """A code as compared: trimmed, upper case; `None` for a missing or empty code."""
    if code is None:
        return None
    text = str(code).strip().upper()
    return text or None


    return None
