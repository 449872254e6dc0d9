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


def test_qualifier_stage_on_the_gold_spans_themselves() -> None:
    from oncofr.evaluate.qualifiers import score_qualifiers_on_gold_spans

    text = "Pas de fièvre ni de toux. Douleur abdominale. Une embolie pulmonaire est suspectée."

    def span(fragment: str, negated: bool, hypothetical: bool = False) -> Span:
        start = text.index(fragment)
        return Span("n1", None, start, start + len(fragment), fragment, negated=negated,
                    hypothetical=hypothetical)

    own = [span("fièvre", True), span("toux", True), span("Douleur", False),
           span("embolie pulmonaire", False, hypothetical=True)]
    scores = score_qualifiers_on_gold_spans(own, {"n1": text})
    negated, hypothetical = scores["negated"], scores["hypothetical"]
    assert (negated["gold"], negated["found"], negated["pred"]) == (2, 2, 2)
    assert negated["f1"] == 1.0 and (negated["correct"], negated["total"]) == (4, 4)
    assert hypothetical["found"] == 1
    assert score_qualifiers_on_gold_spans(own, {"n1": None})["negated"]["pred"] == 0
