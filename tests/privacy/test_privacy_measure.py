"""The figures published in docs/privacy.md are those `privacy_measure.py` prints."""

from __future__ import annotations

from pathlib import Path

from privacy_measure import load_examples, measure, table

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"


def test_the_published_figures_are_the_measured_ones():
    examples = load_examples()
    counts = measure(examples)
    assert len(examples) >= 30
    assert table(counts) in DOC.read_text(encoding="utf-8")
    assert counts["date"].found == counts["date"].gold
    assert sum(c.found for c in counts.values()) >= 0.9 * sum(c.gold for c in counts.values())
    assert sum(c.right for c in counts.values()) >= 0.95 * sum(c.replaced for c in counts.values())
