"""A learned keep/drop filter over the rules' mentions, part of a model from `oncofr train`.

Annotated corpora differ in what they count as a mention: one annotates every « lésion »,
another only those with a site; one spans « ganglions lymphatiques », another never. The filter
learns such a convention from the training gold: a logistic regression over the words of a rule
mention, the words around it, its section, code and attributes gives the probability that the
gold holds that mention with that code; `recognize.model` drops the mentions whose probability
is under the label's threshold. Each threshold is half the span+code F1 the rules reach on the
training documents: for calibrated probabilities, the cut-off that maximises F1 is half the
best F1 (Lipton, Elkan and Naryanaswamy, 2014).

The weights are saved as readable JSON (feature -> weight) in the model's `oncofr-model.json`;
scikit-learn fits them during training only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.models import Mention
from oncofr.recognize.lexicon import words

CONTEXT_WORDS = 3  # words taken on each side of a mention
CONTEXT_CHARS = 60  # characters searched for them
REGULARISATION = 1.0  # scikit-learn's C: inverse strength of the L2 penalty
MIN_WEIGHT = 1e-4  # weights smaller than this are not saved


def mention_features(document: Document, mention: Mention, code: str | None) -> list[str]:
    """The features of a rule mention with `code`, each prefixed with its label."""
    text = document.text
    start, end = document.clean_spans[mention.id]
    span = [key for _, _, key in words(fold(text[start:end]))] or ["<none>"]
    before = [key for _, _, key in words(fold(text[max(0, start - CONTEXT_CHARS):start]))]
    after = [key for _, _, key in words(fold(text[end:end + CONTEXT_CHARS]))]
    before, after = before[-CONTEXT_WORDS:], after[:CONTEXT_WORDS]
    features = [
        "bias", f"text={' '.join(span)}", f"first={span[0]}", f"last={span[-1]}",
        f"length={min(len(span), 5)}", f"code={code}", f"section={mention.section}",
        f"capital={text[start:start + 1].isupper()}",
    ]
    features += [f"before{i}={word}" for i, word in enumerate(reversed(before))]
    features += [f"after{i}={word}" for i, word in enumerate(after)]
    if before:
        features.append(f"before+first={before[-1]}|{span[0]}")
    if after:
        features.append(f"last+after={span[-1]}|{after[0]}")
    features += [f"attribute={key}={value}" for key, value in sorted(mention.attributes.items())
                 if isinstance(value, (str, bool))]
    return [f"{mention.label}|{feature}" for feature in features]


@dataclass(frozen=True)
class KeepFilter:
    """Feature weights and, per label, the probability under which a mention is dropped."""

    weights: dict[str, float]
    thresholds: dict[str, float]

    def probability(self, features: Iterable[str]) -> float:
        score = sum(self.weights.get(feature, 0.0) for feature in set(features))
        return 1.0 / (1.0 + math.exp(-score)) if score > -500 else 0.0

    def keeps(self, label: str, features: Iterable[str]) -> bool:
        """Whether a mention of `label` with `features` stays (labels without a threshold
        always do)."""
        threshold = self.thresholds.get(label)
        return threshold is None or self.probability(features) >= threshold

    def to_json(self) -> dict[str, Any]:
        return {"thresholds": self.thresholds, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeepFilter:
        return cls({str(k): float(v) for k, v in data["weights"].items()},
                   {str(k): float(v) for k, v in data["thresholds"].items()})


@dataclass(frozen=True)
class Example:
    """A rule mention of a training document: its label, features and whether the gold has it
    (same label, span and code)."""

    label: str
    features: list[str]
    in_gold: bool


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
    return KeepFilter(weights, rules_thresholds(examples, gold_counts))


def rules_thresholds(examples: list[Example], gold_counts: dict[str, int]) -> dict[str, float]:
    """Per label, half the span+code F1 of the rule mentions `examples` against the gold
    (2·found / (mentions + gold), halved)."""
    thresholds = {}
    for label in sorted({example.label for example in examples}):
        ours = [example for example in examples if example.label == label]
        found = sum(example.in_gold for example in ours)
        total = len(ours) + gold_counts.get(label, 0)
        thresholds[label] = round(found / total, 4) if total else 0.0
    return thresholds
