"""Negation and hypothesis scoring on qualifier gold spans."""

from __future__ import annotations

from eval_builders import at

from oncofr.evaluate.core import Span
from oncofr.evaluate.qualifiers import score_qualifiers


def gold(fragment: str, negated: bool, hypothetical: bool = False) -> Span:
    start, end = at(fragment)
    return Span("d1", None, start, end, fragment, negated=negated, hypothetical=hypothetical)


def pred(fragment: str, negated: bool, hypothetical: bool = False, label: str = "disorder") -> Span:
    start, end = at(fragment)
    return Span("d1", label, start, end, fragment, negated=negated, hypothetical=hypothetical)


def test_negation_true_positive_false_positive_and_miss() -> None:
    own = [gold("métastase", True), gold("opéré", True), gold("scanner", False)]
    predicted = [pred("métastase hépatique", True, label="morphology"),  # overlaps: TP
                 pred("scanner", True),  # negated where the gold is not: FP
                 pred("adénocarcinome", True)]  # no gold span there: FP
    scores = score_qualifiers(own, [], predicted)["negated"]
    assert (scores["gold"], scores["pred"], scores["found"], scores["right"]) == (2, 3, 1, 1)
    assert scores["recall"] == 0.5
    assert scores["precision"] == round(1 / 3, 4)
    assert (scores["correct"], scores["total"]) == (1, 2)  # "opéré" is not overlapped


def test_hypothesis_accuracy_includes_inherited_spans() -> None:
    own = [gold("chimiothérapie", False, hypothetical=True)]
    inherited = [gold("chimiothérapie par FOLFOX", False, hypothetical=True)]
    predicted = [pred("chimiothérapie", False, hypothetical=True, label="procedure")]
    scores = score_qualifiers(own, inherited, predicted)["hypothetical"]
    assert (scores["correct"], scores["total"]) == (2, 2)
    assert scores["f1"] == 1.0
