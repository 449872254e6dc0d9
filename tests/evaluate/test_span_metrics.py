"""Span metrics on hand-made gold and predictions whose right numbers are known."""

from __future__ import annotations

from eval_builders import TEXT, at

from oncofr.evaluate.core import Span
from oncofr.evaluate.spans import match, same_value, score_spans, unique

LABELS = {"morphology", "topography"}


def span(label: str, fragment: str, code: str | None = None, *, doc: str = "d1",
         end_shift: int = 0, value: object = None) -> Span:
    start, end = at(fragment)
    return Span(doc, label, start, end + end_shift, TEXT[start:end + end_shift], code, value)


GOLD = [span("morphology", "adénocarcinome", "8140/3"),
        span("topography", "côlon sigmoïde", "C18.7"),
        span("morphology", "métastase", "8000/6")]


def prf(scores: dict) -> tuple:
    return scores["tp"], scores["fp"], scores["fn"]


def test_perfect_predictions_score_one() -> None:
    summary, errors = score_spans(GOLD, list(GOLD), LABELS)
    for mode in ("exact", "overlap", "exact+code", "overlap+code"):
        assert summary["micro"][mode]["f1"] == 1.0
    assert summary["doc_codes"]["micro"]["f1"] == 1.0
    assert summary["micro"]["gold"] == summary["micro"]["pred"] == 3
    assert errors == []


def test_empty_predictions_are_all_false_negatives() -> None:
    summary, errors = score_spans(GOLD, [], LABELS)
    assert prf(summary["labels"]["morphology"]["exact"]) == (0, 0, 2)
    assert summary["micro"]["exact"]["precision"] == summary["micro"]["exact"]["recall"] == 0.0
    assert prf(summary["doc_codes"]["micro"]) == (0, 0, 3)
    assert sorted(e.kind for e in errors) == ["missed"] * 3


def test_predictions_without_gold_are_false_positives() -> None:
    summary, _ = score_spans([], GOLD[:1], LABELS)
    assert prf(summary["labels"]["morphology"]["exact"]) == (0, 1, 0)


def test_off_by_one_misses_exact_but_hits_overlap() -> None:
    pred = [span("morphology", "adénocarcinome", "8140/3", end_shift=1)]
    summary, errors = score_spans(GOLD[:1], pred, LABELS)
    morphology = summary["labels"]["morphology"]
    assert prf(morphology["exact"]) == (0, 1, 1)
    assert prf(morphology["overlap"]) == (1, 0, 0)
    assert prf(morphology["overlap+code"]) == (1, 0, 0)
    assert [e.kind for e in errors] == ["boundary"]


def test_wrong_code_keeps_the_span_but_not_the_code() -> None:
    pred = [span("morphology", "adénocarcinome", "8246/3")]
    summary, errors = score_spans(GOLD[:1], pred, LABELS)
    morphology = summary["labels"]["morphology"]
    assert prf(morphology["exact"]) == (1, 0, 0)
    assert prf(morphology["exact+code"]) == (0, 1, 1)
    assert prf(summary["doc_codes"]["labels"]["morphology"]) == (0, 1, 1)
    assert [e.kind for e in errors] == ["code"]


def test_duplicates_of_a_span_count_once() -> None:
    pred = [GOLD[0], GOLD[0], GOLD[1]]
    summary, _ = score_spans(GOLD[:2], pred, LABELS)
    assert summary["labels"]["morphology"]["pred"] == 1
    assert prf(summary["micro"]["exact"]) == (2, 0, 0)


def test_same_span_with_two_codes_gives_one_right_one_wrong() -> None:
    pred = [GOLD[0], span("morphology", "adénocarcinome", "8010/3")]
    summary, _ = score_spans(GOLD[:1], pred, LABELS)
    morphology = summary["labels"]["morphology"]
    assert prf(morphology["exact"]) == (1, 0, 0)
    assert prf(morphology["exact+code"]) == (1, 1, 0)


def test_overlap_matching_is_one_to_one() -> None:
    gold = [span("topography", "côlon sigmoïde")]
    pred = [span("topography", "côlon"), span("topography", "sigmoïde")]
    summary, _ = score_spans(gold, pred, LABELS)
    assert prf(summary["labels"]["topography"]["overlap"]) == (1, 1, 0)


def test_largest_overlap_is_paired_first() -> None:
    gold = [span("topography", "côlon"), span("topography", "côlon sigmoïde")]
    pred = [span("topography", "côlon sigmoïde", end_shift=-1)]
    found = match(gold, pred, overlap=True, code=False)
    assert found.pairs == [(gold[1], pred[0])]
    assert found.missed == [gold[0]]


def test_coded_mode_sets_aside_gold_spans_without_a_code() -> None:
    gold = [span("topography", "côlon sigmoïde", "C18.7"), span("topography", "hépatique")]
    pred = [span("topography", "côlon sigmoïde", "C18.7"), span("topography", "hépatique", "C22.0"),
            span("topography", "scanner", "C76.0")]
    summary, _ = score_spans(gold, pred, LABELS)
    topography = summary["labels"]["topography"]
    assert topography["uncoded"] == summary["micro"]["uncoded"] == 1
    assert prf(topography["exact+code"]) == (1, 2, 1)  # the uncoded gold can never be matched
    assert prf(topography["exact+coded"]) == (1, 1, 0)  # it and its prediction are set aside
    assert prf(topography["exact"]) == (2, 1, 0)


def test_coded_mode_equals_span_and_code_when_every_gold_span_has_a_code() -> None:
    pred = [GOLD[0], span("morphology", "métastase", "8000/1"), span("topography", "côlon")]
    summary, _ = score_spans(GOLD, pred, LABELS)
    for label in LABELS:
        scores = summary["labels"][label]
        assert scores["uncoded"] == 0
        assert scores["exact+coded"] == scores["exact+code"]


def test_unscored_labels_and_other_documents_do_not_count() -> None:
    pred = [*GOLD, span("drug", "FOLFOX")]
    summary, _ = score_spans(GOLD, pred, LABELS)
    assert set(summary["labels"]) == LABELS
    assert summary["micro"]["exact"]["f1"] == 1.0


def test_document_code_sets_ignore_repeats_within_a_document() -> None:
    gold = [span("morphology", "adénocarcinome", "8140/3"),
            span("morphology", "métastase", "8140/3")]
    pred = [span("morphology", "adénocarcinome", "8140/3")]
    summary, _ = score_spans(gold, pred, LABELS)
    assert prf(summary["doc_codes"]["micro"]) == (1, 0, 0)
    assert prf(summary["micro"]["exact"]) == (1, 0, 1)


def test_value_accuracy_on_matched_spans() -> None:
    gold = [span("date", "12/03/2019", value="2019-03-12"),
            span("duration", "six mois", value="P6M"),
            span("age", "62 ans", value=62.0)]
    pred = [span("date", "12/03/2019", value="2019-03"),
            span("duration", "six mois", end_shift=-5, value="p6m"),
            span("age", "62 ans", value=62.4)]
    summary, errors = score_spans(gold, pred, {"date", "duration", "age"})
    values = summary["values"]
    assert values["date"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    assert values["duration"]["accuracy"] == 1.0
    assert values["age"]["accuracy"] == 1.0
    assert {e.kind for e in errors} == {"value", "boundary"}


def test_same_value_rules() -> None:
    assert same_value("age", 55, 55.5)
    assert not same_value("age", 55, 55.6)
    assert not same_value("lab", 2.5, 2.6)
    assert same_value("date", "2014", 2014)
    assert same_value("dose", {"value": 30, "unit": "mg"}, {"value": 30.0, "unit": "mg"})
    assert not same_value("date", "2014-10", None)


def test_unique_keeps_codes_apart_only_when_asked() -> None:
    spans = [GOLD[0], span("morphology", "adénocarcinome", "8010/3")]
    assert len(unique(spans)) == 1
    assert len(unique(spans, with_code=True)) == 2
