"""Span metrics: exact and overlapping matches, span+code, document code sets, values.

Matching is one-to-one within a document and label: identical spans pair first, then (for
overlap matching) the remaining pairs by decreasing overlap. Duplicates (same document, label
and span; plus code for span+code) count once on each side.

`exact+coded` is exact span+code on the gold spans that have a code: a gold span left without
one, and the predictions of exactly its span, are set aside (a code there cannot be judged).
It equals `exact+code` when every gold span of the label is coded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from oncofr.evaluate.core import Counts, Span, accuracy, norm_code, set_counts
from oncofr.values import as_number

MODES = ("exact", "overlap", "exact+code", "overlap+code", "exact+coded")
VALUE_TOLERANCE = {"age": 0.5}  # labels whose numeric values may differ by this much


@dataclass
class Matching:
    pairs: list[tuple[Span, Span]] = field(default_factory=list)
    missed: list[Span] = field(default_factory=list)
    spurious: list[Span] = field(default_factory=list)

    def counts(self) -> Counts:
        return Counts(tp=len(self.pairs), fp=len(self.spurious), fn=len(self.missed))


@dataclass(frozen=True)
class SpanError:
    """One thing to fix: `missed` (FN), `spurious` (FP), `boundary`, `code` or `value`."""

    kind: str
    label: str
    doc_id: str
    gold: Span | None
    pred: Span | None


def spans_from_result(result: dict[str, Any]) -> list[Span]:
    """The mentions of a document result (dict of the contract) as spans."""
    return [
        Span(doc_id=result["id"], label=m["label"], start=m["start"], end=m["end"],
             text=m.get("text", ""), code=norm_code(m.get("code")), value=m.get("value"),
             negated=bool(m.get("negated")), hypothetical=bool(m.get("hypothetical")))
        for m in result.get("mentions", [])
    ]


def unique(spans: Iterable[Span], with_code: bool = False) -> list[Span]:
    """`spans` without duplicates of (document, label, start, end[, code]); first one kept."""
    kept: dict[tuple[Any, ...], Span] = {}
    for span in spans:
        key = (span.doc_id, span.label, span.start, span.end, span.code if with_code else None)
        kept.setdefault(key, span)
    return list(kept.values())


def match(gold: list[Span], pred: list[Span], *, overlap: bool, code: bool) -> Matching:
    """Pair one document's gold and predicted spans of one label, one to one."""
    def key(span: Span) -> tuple[int, int, str | None]:
        return span.start, span.end, span.code if code else None

    free = {key(p): j for j, p in enumerate(pred)}
    used: set[int] = set()
    result, left = Matching(), []
    for g in gold:
        j = free.pop(key(g), None)
        if j is None:
            left.append(g)
        else:
            result.pairs.append((g, pred[j]))
            used.add(j)
    if overlap:
        candidates = sorted(
            (-g.overlap(p), i, j) for i, g in enumerate(left) for j, p in enumerate(pred)
            if j not in used and g.overlap(p) and (not code or g.code == p.code)
        )
        taken: set[int] = set()
        for _, i, j in candidates:
            if i not in taken and j not in used:
                result.pairs.append((left[i], pred[j]))
                taken.add(i)
                used.add(j)
        left = [g for i, g in enumerate(left) if i not in taken]
    result.missed = left
    result.spurious = [p for j, p in enumerate(pred) if j not in used]
    return result


def same_value(label: str, gold: Any, pred: Any) -> bool:
    """Whether a predicted normalised value equals the gold one (numbers within tolerance)."""
    g, p = as_number(gold), as_number(pred)
    if g is not None and p is not None:
        return abs(g - p) <= VALUE_TOLERANCE.get(label, 1e-9)
    if isinstance(gold, dict) or isinstance(pred, dict):
        return gold == pred
    return pred is not None and str(gold).strip().upper() == str(pred).strip().upper()


def _by_doc_label(spans: Iterable[Span]) -> dict[tuple[str, str], list[Span]]:
    groups: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for span in spans:
        groups[(span.doc_id, span.label)].append(span)
    return groups


def score_spans(
    gold: list[Span], pred: list[Span], labels: Iterable[str]
) -> tuple[dict[str, Any], list[SpanError]]:
    """Per-label and micro scores of `pred` against `gold` for `labels`, and the errors.

    Both lists must already hold only the evaluated documents.
    """
    labels = sorted(labels)
    coded = {s.label for s in gold if s.code is not None}
    gold_groups = {m: _by_doc_label(unique(gold, "code" in m)) for m in ("span", "code")}
    pred_groups = {m: _by_doc_label(unique(pred, "code" in m)) for m in ("span", "code")}
    keys = set(gold_groups["span"]) | set(pred_groups["span"])
    counts = {label: {mode: Counts() for mode in MODES} for label in labels}
    codes = {label: Counts() for label in labels if label in coded}
    values = {span.label: [0, 0] for span in gold if span.value is not None}
    errors: list[SpanError] = []
    for doc_id, label in sorted(keys):
        if label not in counts:
            continue
        for mode in MODES:
            if "code" in mode and label not in coded:
                continue
            group = "code" if "code" in mode else "span"
            gold_spans = gold_groups[group].get((doc_id, label), [])
            pred_spans = pred_groups[group].get((doc_id, label), [])
            if mode == "exact+coded":
                gold_spans, pred_spans = _coded_only(gold_spans, pred_spans)
            found = match(gold_spans, pred_spans, overlap=mode.startswith("overlap"),
                          code="code" in mode)
            counts[label][mode].add(found.counts())
            if mode == "overlap":
                errors += _errors(found, label, doc_id, label in coded, values)
        if label in coded:
            codes[label].add(set_counts(
                {s.code for s in gold_groups["span"].get((doc_id, label), []) if s.code},
                {s.code for s in pred_groups["span"].get((doc_id, label), []) if s.code}))
    return _summary(labels, counts, codes, values, gold_groups["span"], pred_groups["span"]), errors


def _coded_only(gold: list[Span], pred: list[Span]) -> tuple[list[Span], list[Span]]:
    """The gold spans that have a code, and the predictions not on the span of one that has
    none."""
    uncoded = {(span.start, span.end) for span in gold if span.code is None}
    return ([span for span in gold if span.code is not None],
            [span for span in pred if (span.start, span.end) not in uncoded])


def _errors(found: Matching, label: str, doc_id: str, coded: bool,
            values: dict[str, list[int]]) -> list[SpanError]:
    errors = [SpanError("missed", label, doc_id, g, None) for g in found.missed]
    errors += [SpanError("spurious", label, doc_id, None, p) for p in found.spurious]
    for g, p in found.pairs:
        if (g.start, g.end) != (p.start, p.end):
            errors.append(SpanError("boundary", label, doc_id, g, p))
        if coded and g.code != p.code:
            errors.append(SpanError("code", label, doc_id, g, p))
        if g.value is not None:
            right = same_value(label, g.value, p.value)
            values[label][0] += right
            values[label][1] += 1
            if not right:
                errors.append(SpanError("value", label, doc_id, g, p))
    return errors


def _summary(labels: list[str], counts: dict[str, dict[str, Counts]], codes: dict[str, Counts],
             values: dict[str, list[int]], gold: dict[tuple[str, str], list[Span]],
             pred: dict[tuple[str, str], list[Span]]) -> dict[str, Any]:
    def size(groups: dict[tuple[str, str], list[Span]], label: str) -> int:
        return sum(len(spans) for (_, name), spans in groups.items() if name == label)

    def uncoded(groups: dict[tuple[str, str], list[Span]], label: str) -> int:
        return sum(span.code is None for (_, name), spans in groups.items() if name == label
                   for span in spans)

    micro = {mode: Counts() for mode in MODES}
    per_label = {}
    for label in labels:
        for mode, value in counts[label].items():
            micro[mode].add(value)
        per_label[label] = {"gold": size(gold, label), "pred": size(pred, label),
                            **{mode: c.to_dict() for mode, c in counts[label].items()
                               if "code" not in mode or label in codes}}
        if label in codes:
            per_label[label]["uncoded"] = uncoded(gold, label)
    code_micro = Counts()
    for value in codes.values():
        code_micro.add(value)
    return {
        "labels": per_label,
        "micro": {"gold": sum(v["gold"] for v in per_label.values()),
                  "pred": sum(v["pred"] for v in per_label.values()),
                  **({"uncoded": sum(v.get("uncoded", 0) for v in per_label.values())}
                     if codes else {}),
                  **{mode: c.to_dict() for mode, c in micro.items()
                     if "code" not in mode or codes}},
        "doc_codes": {"labels": {k: v.to_dict() for k, v in codes.items()},
                      "micro": code_micro.to_dict()},
        "values": {label: accuracy(*values[label]) for label in sorted(values)},
    }
