"""A learned keep/drop filter over the rules' mentions, part of a model from `oncofr train`.

Annotated corpora differ in what they count as a mention: one annotates every « lésion »,
another only those with a site; one spans « ganglions lymphatiques », another never. The filter
learns such a convention from the training gold: a logistic regression over the words of a rule
mention, the words around it, its section, code and attributes gives the probability that the
gold holds a mention of that label with that span, whatever its code (the code table chooses
codes; a corpus that codes the same wording two ways should not cost a mention its place);
`recognize.model` drops the mentions whose probability is under the label's threshold. Each
threshold is half the exact-span F1 the rules reach on the training documents: for calibrated
probabilities, the cut-off that maximises F1 is half the best F1 (Lipton, Elkan and
Naryanaswamy, 2014).

The filter also learns the corpus's **boundaries**. A second logistic regression, fitted on the
variants of the training mentions only (`variants`: the end moved one word in or up to
`VARIANT_WORDS` words out, the start likewise, within the sentence and off the label's other
mentions, each coded as the model would code its text), gives the probability that the gold
holds a variant; a mention takes its most probable variant when that probability is at least
`SWITCH_PROBABILITY`, and is then kept whatever the keep threshold says of the rule's span. A
corpus that writes « métastase à distance » where the rules stop at « métastase », or
« récidive » where they run on to « récidive locale », is followed that way without a rule of
its own. (One regression over mentions and variants together was tried first: it moved more
mentions wrongly, differentiation most.)

When the model learnt topography, the filter also vets **free sites**: the anatomical terms of
the topography lexicon that no ICD-O-3 mention covers (the rules take a site only when it
belongs to a lesion). They are learnt with the rule mentions, with a feature of their own, and
added when the filter keeps them, for corpora that annotate sites the rules leave out. Every
site, free or not, also has `lesion_features`: how far the nearest lesion of its sentence
lies before and after it, which is how the rules decide whether a site is a lesion's.

The weights are saved as readable JSON (feature -> weight) in the model's `oncofr-model.json`;
scikit-learn fits them during training only.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from oncofr.document import Document
from oncofr.models import Mention
from oncofr.recognize.icdo3 import SYSTEMS, find_sites
from oncofr.recognize.lexicon import Word, words

CONTEXT_WORDS = 3  # words taken on each side of a mention
CONTEXT_CHARS = 60  # characters searched for them
REGULARISATION = 1.0  # scikit-learn's C: inverse strength of the L2 penalty
MIN_WEIGHT = 1e-4  # weights smaller than this are not saved
FREE_SITE = "free site"  # the feature that marks a free site
VARIANT_WORDS = 3  # a variant moves an end by at most this many words outward (one inward)
SWITCH_PROBABILITY = 0.5  # a mention takes a variant the gold more likely holds than not
LESION_BETWEEN_WORDS = 2  # words between a lesion and a site given as a feature, at most
_JOINED = re.compile(r"[ '\-]{1,3}")  # what may stand between two words a variant takes in


@dataclass(frozen=True)
class Candidate:
    """A span the filter judges: a rule mention, or a free site (`mention` None)."""

    label: str
    start: int  # clean view
    end: int
    code: str | None
    mention: Mention | None = None
    change: tuple[str, ...] = ()  # a variant's features: how it moved, the words it took or left


def rule_candidates(document: Document, labels: Iterable[str]) -> list[Candidate]:
    """The document's mentions of `labels` placed by the rules (not by the model)."""
    wanted = set(labels)
    return [Candidate(m.label, *document.clean_spans[m.id], m.code, m)
            for m in document.mentions
            if m.label in wanted and m.attributes.get("source") != "model"]


def lesion_spans(document: Document) -> list[tuple[int, int]]:
    """The sorted spans of the rules' morphology mentions (the `lesions` of `features`)."""
    return sorted_spans(rule_candidates(document, ["morphology"])).get("morphology", [])


def free_sites(document: Document) -> list[Candidate]:
    """Topography lexicon terms of the clean view that no ICD-O-3 mention overlaps."""
    taken = [document.clean_spans[m.id] for m in document.mentions if m.label in SYSTEMS]
    return [Candidate("topography", start, end, site.code)
            for start, end, site in find_sites(document.folded)
            if not any(s < end and start < e for s, e in taken)]


def variants(document: Document, candidate: Candidate,
             taken: Sequence[tuple[int, int]]) -> list[Candidate]:
    """The variants of a rule `candidate` (see the module docstring; `taken`: the spans of the
    label's mentions, sorted, which a variant may not overlap but for the candidate's own);
    codes are left to the caller."""
    found = words(document.folded)
    first, last = _word_range(found, candidate.start, candidate.end)
    if first > last or found[last][1] > candidate.end or found[first][0] < candidate.start:
        return []  # not a whole-word span
    sentence_start, sentence_end = document.sentence_of(candidate.start)
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    if last > first:
        spans.append((candidate.start, found[last - 1][1], ("variant=end-1",
                                                                 f"left={found[last][2]}")))
        spans.append((found[first + 1][0], candidate.end, ("variant=start+1",
                                                               f"left={found[first][2]}")))
    for step in range(1, VARIANT_WORDS + 1):
        index = last + step
        if (index >= len(found) or found[index][1] > sentence_end
                or not _JOINED.fullmatch(document.folded[found[index - 1][1]:found[index][0]])):
            break
        taken_in = (f"took={word[2]}" for word in found[last + 1:index + 1])
        spans.append((candidate.start, found[index][1], (f"variant=end+{step}", *taken_in)))
    for step in range(1, VARIANT_WORDS + 1):
        index = first - step
        if (index < 0 or found[index][0] < sentence_start
                or not _JOINED.fullmatch(document.folded[found[index][1]:found[index + 1][0]])):
            break
        taken_in = (f"took={word[2]}" for word in found[index:first])
        spans.append((found[index][0], candidate.end, (f"variant=start-{step}", *taken_in)))
    own = (candidate.start, candidate.end)
    return [Candidate(candidate.label, start, end, None, candidate.mention, change)
            for start, end, change in spans if not _overlaps(taken, start, end, own)]


def sorted_spans(candidates: Iterable[Candidate]) -> dict[str, list[tuple[int, int]]]:
    """Per label, the sorted spans of `candidates` (the `taken` of `variants`)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for candidate in candidates:
        spans.setdefault(candidate.label, []).append((candidate.start, candidate.end))
    return {label: sorted(found) for label, found in spans.items()}


def _overlaps(taken: Sequence[tuple[int, int]], start: int, end: int,
              own: tuple[int, int]) -> bool:
    """Whether `start:end` overlaps a span of `taken` (sorted; spans not nested) but `own`:
    only the last span starting before `start` and those starting inside can."""
    low = max(0, bisect.bisect_left(taken, start, key=itemgetter(0)) - 1)
    high = bisect.bisect_left(taken, end, key=itemgetter(0))
    return any(span != own and span[0] < end and start < span[1] for span in taken[low:high])


def features(document: Document, candidate: Candidate, code: str | None,
             lesions: Sequence[tuple[int, int]] = ()) -> list[str]:
    """The features of `candidate` given `code`, each prefixed with its label; a topography
    candidate also gets `lesion_features` of `lesions` (`lesion_spans`)."""
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
    found += candidate.change
    found += [f"before{i}={word}" for i, word in enumerate(reversed(before))]
    found += [f"after{i}={word}" for i, word in enumerate(after)]
    if before:
        found.append(f"before+first={before[-1]}|{span[0]}")
    if after:
        found.append(f"last+after={span[-1]}|{after[0]}")
    attributes = mention.attributes if mention else {}
    found += [f"attribute={key}={value}" for key, value in sorted(attributes.items())
              if isinstance(value, (str, bool))]
    if candidate.label == "topography":
        found += lesion_features(document, candidate, lesions)
    return [f"{candidate.label}|{feature}" for feature in found]


def lesion_features(document: Document, candidate: Candidate,
                    lesions: Sequence[tuple[int, int]]) -> list[str]:
    """Where the nearest lesion of the sentence lies, before and after a site: its distance in
    words (`lesion_before=2`: one word between), and the words between when there are at most
    two (`between=du`); `none` when the sentence has none on that side."""
    found = words(document.folded)
    sentence_start, sentence_end = document.sentence_of(candidate.start)
    first, last = _word_range(found, candidate.start, candidate.end)
    before, after = _nearest_lesions(lesions, candidate, sentence_start, sentence_end)
    result = []
    if before is not None:
        lesion_last = _word_range(found, *before)[1]
        distance = first - lesion_last
        result.append(f"lesion_before={_distance_bucket(distance)}")
        if distance <= LESION_BETWEEN_WORDS + 1:
            between = " ".join(word[2] for word in found[lesion_last + 1:first]) or "-"
            result.append(f"between={between}")
    else:
        result.append("lesion_before=none")
    if after is not None:
        lesion_first = _word_range(found, *after)[0]
        result.append(f"lesion_after={_distance_bucket(lesion_first - last)}")
    else:
        result.append("lesion_after=none")
    return result


def _word_range(found: Sequence[Word], start: int, end: int) -> tuple[int, int]:
    """The indices in `found` (`words`) of the first word starting at or after `start` and of
    the last word starting before `end`."""
    return (bisect.bisect_left(found, start, key=itemgetter(0)),
            bisect.bisect_left(found, end, key=itemgetter(0)) - 1)


def _nearest_lesions(
    lesions: Sequence[tuple[int, int]], candidate: Candidate, sentence_start: int,
    sentence_end: int,
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The last lesion before the candidate and the first after it, within the sentence (None
    where there is none); a lesion holding the site is neither."""
    position = bisect.bisect_left(lesions, candidate.start, key=itemgetter(0))
    before = after = None
    index = position - 1
    while index >= 0 and lesions[index][0] >= sentence_start and before is None:
        if lesions[index][1] <= candidate.start:
            before = lesions[index]
        index -= 1
    index = position
    while index < len(lesions) and lesions[index][0] < sentence_end and after is None:
        if lesions[index][0] >= candidate.end:
            after = lesions[index]
        index += 1
    return before, after


def _distance_bucket(distance: int) -> str:
    """A word distance as a feature value: 1, 2, 3, 4-6, 7-12 or >12."""
    if distance <= 3:
        return str(max(distance, 1))
    return "4-6" if distance <= 6 else "7-12" if distance <= 12 else ">12"


@dataclass(frozen=True)
class KeepFilter:
    """Feature weights and, per label, the probability under which a candidate is dropped;
    `free_sites`: whether free sites are proposed; `boundary_weights`: the weights of the
    variant regression (empty: no boundary learnt, as in filters saved before 2026-11-23)."""

    weights: dict[str, float]
    thresholds: dict[str, float]
    free_sites: bool = False
    boundary_weights: dict[str, float] = field(default_factory=dict)

    def probability(self, features: Iterable[str]) -> float:
        """The probability that the gold holds a rule mention or free site with `features`."""
        return _logistic(self.weights, features)

    def boundary_probability(self, features: Iterable[str]) -> float:
        """The probability that the gold holds a variant with `features`."""
        return _logistic(self.boundary_weights, features)

    def keeps(self, label: str, features: Iterable[str]) -> bool:
        """Whether a mention of `label` with `features` stays (labels without a threshold
        always do)."""
        threshold = self.thresholds.get(label)
        return threshold is None or self.probability(features) >= threshold

    def to_json(self) -> dict[str, Any]:
        return {"thresholds": self.thresholds, "free_sites": self.free_sites,
                "weights": self.weights, "boundary_weights": self.boundary_weights}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeepFilter:
        return cls(_floats(data["weights"]), _floats(data["thresholds"]),
                   bool(data.get("free_sites", False)), _floats(data.get("boundary_weights", {})))


def _floats(mapping: dict[str, Any]) -> dict[str, float]:
    return {str(key): float(value) for key, value in mapping.items()}


def _logistic(weights: dict[str, float], features: Iterable[str]) -> float:
    score = sum(weights.get(feature, 0.0) for feature in set(features))
    return 1.0 / (1.0 + math.exp(-score)) if score > -500 else 0.0


@dataclass(frozen=True)
class Example:
    """A candidate of a training document: its label, features and whether the gold has it
    (same label and span)."""

    label: str
    features: list[str]
    in_gold: bool
    free: bool = False  # a free site, not a rule mention
    variant: bool = False  # a variant of a rule mention, not the mention itself


def fit_keep_filter(examples: list[Example], gold_counts: dict[str, int]) -> KeepFilter | None:
    """Fit the filter on `examples` (`gold_counts`: gold spans per label in the same documents);
    None when there is nothing to learn (neither the mentions and free sites nor the variants
    are both found and not found)."""
    weights = _fit([example for example in examples if not example.variant])
    boundary_weights = _fit([example for example in examples if example.variant])
    if weights is None and boundary_weights is None:
        return None
    return KeepFilter(weights or {}, rules_thresholds(examples, gold_counts),
                      any(example.free for example in examples), boundary_weights or {})


def _fit(examples: list[Example]) -> dict[str, float] | None:
    """Logistic regression weights (feature -> weight) telling the examples the gold holds from
    the others; None unless there are both."""
    if len({example.in_gold for example in examples}) < 2:
        return None
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(e.features, 1) for e in examples])
    regression = LogisticRegression(C=REGULARISATION, fit_intercept=False, max_iter=5000)
    regression.fit(matrix, [example.in_gold for example in examples])
    return {name: round(float(weight), 5)
            for name, weight in zip(vectorizer.feature_names_, regression.coef_[0], strict=True)
            if abs(weight) >= MIN_WEIGHT}


def rules_thresholds(examples: list[Example], gold_counts: dict[str, int]) -> dict[str, float]:
    """Per label, half the exact-span F1 of the rule mentions among `examples` against the gold
    (2·found / (mentions + gold), halved)."""
    thresholds = {}
    for label in sorted({example.label for example in examples}):
        ours = [example for example in examples
                if example.label == label and not example.free and not example.variant]
        found = sum(example.in_gold for example in ours)
        total = len(ours) + gold_counts.get(label, 0)
        thresholds[label] = round(found / total, 4) if total else 0.0
    return thresholds
