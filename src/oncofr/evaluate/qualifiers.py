"""Qualifier metrics: negation and hypothesis on gold spans that carry them.

Accuracy: each qualifier gold span (own or inherited) overlapped by a predicted mention of any
label is compared with the mention that overlaps it most (ties: the same span, then the same
label). P/R/F1 per qualifier, on the spans with their own qualifiers: a flagged gold span is
found when a flagged mention overlaps it (recall), a flagged mention is right when it overlaps
a flagged gold span (precision).

On gold spans: the qualifier stage alone, run on the gold spans themselves (as for users who
bring their own entities, `oncofr qualify`), scored the same way; it measures negation and
hypothesis apart from how many of the corpus's entities our recognisers find.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from oncofr.evaluate.core import Span, accuracy, harmonic

QUALIFIERS = ("negated", "hypothetical")


def score_qualifiers(own: list[Span], inherited: list[Span], pred: list[Span]) -> dict[str, Any]:
    """Accuracy on matched spans and P/R/F1 for each qualifier."""
    by_doc: dict[str, list[Span]] = defaultdict(list)
    for span in pred:
        by_doc[span.doc_id].append(span)
    scores = {}
    for name in QUALIFIERS:
        compared = correct = 0
        for gold in own + inherited:
            expected = getattr(gold, name)
            best = max(by_doc[gold.doc_id], key=lambda p, g=gold: _closeness(g, p), default=None)
            if expected is None or best is None or not gold.overlap(best):
                continue
            compared += 1
            correct += getattr(best, name) == expected
        scores[name] = {**accuracy(correct, compared), **_flag_counts(own, by_doc, name)}
    return scores


def score_qualifiers_on_gold_spans(own: list[Span], texts: dict[str, str | None]) -> dict[str, Any]:
    """Run the qualifier stage on the gold spans of each document and score it."""
    from oncofr.qualify.spans import qualify_spans

    by_doc: dict[str, list[Span]] = defaultdict(list)
    for span in own:
        by_doc[span.doc_id].append(span)
    predicted = []
    for doc_id, spans in by_doc.items():
        text = texts.get(doc_id)
        if not text:
            continue
        found = qualify_spans(text, [{"start": s.start, "end": s.end} for s in spans])
        predicted += [Span(doc_id=doc_id, label="qualified", start=row["start"], end=row["end"],
                           negated=row["negated"], hypothetical=row["hypothetical"])
                      for row in found]
    return score_qualifiers(own, [], predicted)


def _closeness(gold: Span, pred: Span) -> tuple[int, bool, bool]:
    """Most overlap first; ties go to the same span, then to the same label."""
    same_span = (pred.start, pred.end) == (gold.start, gold.end)
    return gold.overlap(pred), same_span, pred.label == gold.label


def _flag_counts(gold: list[Span], pred: dict[str, list[Span]], name: str) -> dict[str, Any]:
    flagged_gold = [g for g in gold if getattr(g, name)]
    flagged_pred = [p for spans in pred.values() for p in spans if getattr(p, name)]
    found = sum(any(g.overlap(p) for p in flagged_pred if p.doc_id == g.doc_id)
                for g in flagged_gold)
    right = sum(any(p.overlap(g) for g in flagged_gold if g.doc_id == p.doc_id)
                for p in flagged_pred)
    precision = right / len(flagged_pred) if flagged_pred else 0.0
    recall = found / len(flagged_gold) if flagged_gold else 0.0
    return {"gold": len(flagged_gold), "pred": len(flagged_pred), "found": found, "right": right,
            "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(harmonic(precision, recall), 4)}
