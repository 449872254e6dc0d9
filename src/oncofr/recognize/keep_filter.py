"""A learned keep/drop filter over the rules' mentions, part of a model from `oncofr train`.

Annotated corpora differ in what they count as a mention: one annotates every « lésion »,
another only those with a site; one spans « ganglions lymphatiques », another never. The filter
learns such a convention from the training gold: a logistic regression over the words of a rule
mention, the words around it, its section, code and attributes gives the probability that the
gold holds that mention with that code; `recognize.model` drops the mentions whose probability
is under the label's threshold. Each threshold is half the span+code F1 the rules reach on the
training documents: for calibrated probabilities, the cut-off that maximises F1 is half the
best F1 (Lipton, Elkan and Naryanaswamy, 2014).

When the model learnt topography, the filter also vets **free sites**: the anatomical terms of
the topography lexicon that no ICD-O-3 mention covers (the rules take a site only when it
belongs to a lesion). They are learnt with the rule mentions, with a feature of their own, and
added when the filter keeps them, for corpora that annotate sites the rules leave out.

The weights are saved as readable JSON (feature -> weight) in the model's `oncofr-model.json`;
scikit-learn fits them during training only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from oncofr.document import Document
from oncofr.models import Mention
from oncofr.recognize.icdo3 import SYSTEMS, topography_lexicon
from oncofr.recognize.lexicon import words

CONTEXT_WORDS = 3  # words taken on each side of a mention
CONTEXT_CHARS = 60  # characters searched for them
REGULARISATION = 1.0  # scikit-learn's C: inverse strength of the L2 penalty
MIN_WEIGHT = 1e-4  # weights smaller than this are not saved
FREE_SITE = "free site"  # the feature that marks a free site


@dataclass(frozen=True)
class Candidate:
    """A span the filter judges: a rule mention, or a free site (`mention` None)."""

    label: str
    start: int  # clean view
    end: int
    code: str | None
    mention: Mention | None = None


def rule_candidates(document: Document, labels: Iterable[str]) -> list[Candidate]:
    """The document's mentions of `labels` placed by the rules (not by the model)."""
    wanted = set(labels)
    return [Candidate(m.label, *document.clean_spans[m.id], m.code, m)
            for m in document.mentions
            if m.label in wanted and m.attributes.get("source") != "model"]


def free_sites(document: Document) -> list[Candidate]:
    """Topography lexicon terms of the clean view that no ICD-O-3 mention overlaps."""
    taken = [document.clean_spans[m.id] for m in document.mentions if m.label in SYSTEMS]
    return [Candidate("topography", start, end, site.code)
            for start, end, site in topography_lexicon().find(document.folded)
            if not any(s < end and start < e for s, e in taken)]


def features(document: Document, candidate: Candidate, code: str | None) -> list[str]:
    """The features of `candidate` given `code`, each prefixed with its label."""
    text, folded = document.text, document.folded  # same offsets
    start, end = candidate.start, candidate.end
    mention = candidate.mention
    section = mention.section if mention else document.section_label_at(start)
    span = [key for _, _, key in words(folded[start:end])] or ["<none>"]
    before = [key for _, _, key in words(folded[max(0, start - CONTEXT_CHARS):start])]
    after = [key for _, _, key in words(folded[end:end + CONTEXT_CHARS])]
    before, after = before[-CONTEXT_WORDS:], after[:CONTEXT_WORDS]
    found = [
        "bias", f"text={' '.join(span)}", f"first={span[0]}", f"last={span[-1]}",
        f"length={min(len(span), 5)}", f"code={code}", f"section={section}",
        f"capital={text[start:start + 1].isupper()}",
    ]
    if mention is None:
        found.append(FREE_SITE)
    found += [f"before{i}={word}" for i, word in enumerate(reversed(before))]
    found += [f"after{i}={word}" for i, word in enumerate(after)]
    if before:
        found.append(f"before+first={before[-1]}|{span[0]}")
    if after:
        found.append(f"last+after={span[-1]}|{after[0]}")
    attributes = mention.attributes if mention else {}
    found += [f"attribute={key}={value}" for key, value in sorted(attributes.items())
              if isinstance(value, (str, bool))]
    return [f"{candidate.label}|{feature}" for feature in found]


@dataclass(frozen=True)
class KeepFilter:
    """Feature weights and, per label, the probability under which a candidate is dropped;
    `free_sites`: whether free sites are proposed."""

    weights: dict[str, float]
    thresholds: dict[str, float]
    free_sites: bool = False

    def probability(self, features: Iterable[str]) -> float:
        score = sum(self.weights.get(feature, 0.0) for feature in set(features))
        return 1.0 / (1.0 + math.exp(-score)) if score > -500 else 0.0

    def keeps(self, label: str, features: Iterable[str]) -> bool:
        """Whether a mention of `label` with `features` stays (labels without a threshold
        always do)."""
        threshold = self.thresholds.get(label)
        return threshold is None or self.probability(features) >= threshold

    def to_json(self) -> dict[str, Any]:
        return {"thresholds": self.thresholds, "free_sites": self.free_sites,
                "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeepFilter:
        return cls({str(k): float(v) for k, v in data["weights"].items()},
                   {str(k): float(v) for k, v in data["thresholds"].items()},
                   bool(data.get("free_sites", False)))


@dataclass(frozen=True)
class Example:
    """A candidate of a training document: its label, features and whether the gold has it
    (same label, span and code)."""

    label: str
    features: list[str]
    in_gold: bool
    free: bool = False  # a free site, not a rule mention


def fit_keep_filter(examples: list[Example], gold_counts: dict[str, int]) -> KeepFilter | None:
    """Fit the filter on `examples` (`gold_counts`: gold spans per label in the same documents);
    None when there is nothing to learn (no example, or all found or all not found)."""
    if len({example.in_gold for example in examples}) < 2:
        return None
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(e.features, 1) for e in examples])
    regression = LogisticRegression(C=REGULARISATION, fit_intercept=False, max_iter=5000)
    regression.fit(matrix, [example.in_gold for example in examples])
    weights = {name: round(float(weight), 5)
               for name, weight in zip(vectorizer.feature_names_, regression.coef_[0],
                                       strict=True)
               if abs(weight) >= MIN_WEIGHT}
    return KeepFilter(weights, rules_thresholds(examples, gold_counts),
                      any(example.free for example in examples))


def rules_thresholds(examples: list[Example], gold_counts: dict[str, int]) -> dict[str, float]:
    """Per label, half the span+code F1 of the rule mentions among `examples` against the gold
    (2·found / (mentions + gold), halved)."""
    thresholds = {}
    for label in sorted({example.label for example in examples}):
        ours = [example for example in examples if example.label == label and not example.free]
        found = sum(example.in_gold for example in ours)
        total = len(ours) + gold_counts.get(label, 0)
        thresholds[label] = round(found / total, 4) if total else 0.0
    return thresholds
