"""Recall and precision of `oncofr.privacy`, per kind, on the annotated examples.

Usage: python tests/privacy/privacy_measure.py  (prints the figures of docs/privacy.md)

The examples (`data/annotated.jsonl`, invented) mark each identifier inline: « {{kind:text}} ».
A gold identifier is *found* when all its words (name particles such as « de », « Le » aside:
they are kept) lie inside replacements of its kind; a replacement is *right* when it overlaps
a gold identifier of its kind. A gold identifier is *left visible* when one of its words has a
character inside no replacement at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from oncofr.privacy import pseudonymize
from oncofr.privacy.vocabulary import terms

DATA = Path(__file__).parent / "data" / "annotated.jsonl"
KINDS = ("name", "date", "phone", "email", "url", "address", "nir", "identifier")
SEED = "measure"
_MARK = re.compile(r"\{\{(\w+):([^{}]*)\}\}")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    note_date: str | None
    gold: tuple[tuple[str, int, int], ...]  # (kind, start, end) in `text`


@dataclass
class Counts:
    gold: int = 0
    found: int = 0
    replaced: int = 0
    right: int = 0
    visible: int = 0


def parse(marked: str) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    """The plain text of « … {{kind:text}} … » and its gold spans."""
    pieces: list[str] = []
    gold: list[tuple[str, int, int]] = []
    cursor = length = 0
    for match in _MARK.finditer(marked):
        pieces.append(marked[cursor:match.start()])
        length += match.start() - cursor
        kind, value = match.groups()
        gold.append((kind, length, length + len(value)))
        pieces.append(value)
        length += len(value)
        cursor = match.end()
    pieces.append(marked[cursor:])
    return "".join(pieces), tuple(gold)


def load_examples(path: Path = DATA) -> list[Example]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text, gold = parse(record["text"])
        examples.append(Example(record["id"], text, record.get("note_date"), gold))
    return examples


def measure(examples: list[Example]) -> dict[str, Counts]:
    """Counts per kind over all examples."""
    counts = {kind: Counts() for kind in KINDS}
    particles = set(terms("name_particle"))
    for example in examples:
        result = pseudonymize(example.text, example.note_date, seed=SEED)
        spans = [(r.kind, r.original_start, r.original_end) for r in result.replacements]
        for kind, start, end in example.gold:
            must_hide = [
                (start + word.start(), start + word.end())
                for word in _WORD.finditer(example.text[start:end])
                if word.group() not in particles
            ]
            counts[kind].gold += 1
            counts[kind].found += _covered(must_hide, [s for s in spans if s[0] == kind])
            counts[kind].visible += not _covered(must_hide, spans)
        for kind, start, end in spans:
            counts[kind].replaced += 1
            counts[kind].right += any(
                gold_kind == kind and start < gold_end and gold_start < end
                for gold_kind, gold_start, gold_end in example.gold
            )
    return counts


def _covered(words: list[tuple[int, int]], spans: list[tuple[str, int, int]]) -> bool:
    return all(any(s <= a and b <= e for _, s, e in spans) for a, b in words)


def table(counts: dict[str, Counts]) -> str:
    """The figures as a Markdown table, with a total row."""
    total = Counts(*(sum(getattr(c, f) for c in counts.values()) for f in Counts.__annotations__))
    lines = [
        "| kind | gold | found | recall | replacements | right | precision | left visible |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, c in [*counts.items(), ("all", total)]:
        lines.append(
            f"| {kind} | {c.gold} | {c.found} | {_ratio(c.found, c.gold)} | {c.replaced} "
            f"| {c.right} | {_ratio(c.right, c.replaced)} | {c.visible} |"
        )
    return "\n".join(lines)


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "–"


if __name__ == "__main__":
    examples = load_examples()
    print(f"{len(examples)} examples, seed {SEED!r}\n")
    print(table(measure(examples)))
