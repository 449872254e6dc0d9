"""The evaluation tables: the coded-gold columns appear only where some gold span has no code."""

from __future__ import annotations

from eval_builders import TEXT, at

from oncofr.evaluate.core import Span
from oncofr.evaluate.spans import score_spans
from oncofr.evaluate.tables import build_tables, markdown

LABELS = {"morphology", "topography"}


def span(label: str, fragment: str, code: str | None = None) -> Span:
    start, end = at(fragment)
    return Span("d1", label, start, end, TEXT[start:end], code)


def codes_table(gold: list[Span], pred: list[Span]):
    summary, _ = score_spans(gold, pred, LABELS)
    return next(t for t in build_tables({"spans": summary}) if t.title == "Codes")


def test_codes_table_adds_coded_columns_when_some_gold_has_no_code() -> None:
    gold = [span("morphology", "adénocarcinome", "8140/3"), span("topography", "hépatique"),
            span("topography", "côlon", "C18.9")]
    pred = [span("morphology", "adénocarcinome", "8140/3"),
            span("topography", "hépatique", "C22.0"), span("topography", "côlon", "C18.9")]
    table = codes_table(gold, pred)
    assert table.columns[:5] == ["label", "gold", "uncoded", "coded ex+c F1", "ex+c F1"]
    rows = {row[0]: row for row in table.rows}
    assert rows["topography"][1:5] == ["2", "1", "1.000", "0.500"]
    assert rows["morphology"][1:5] == ["1", "0", "1.000", "1.000"]
    assert "uncoded" in table.note


def test_codes_table_is_unchanged_when_every_gold_span_has_a_code() -> None:
    gold = [span("morphology", "adénocarcinome", "8140/3"), span("topography", "côlon", "C18.9")]
    table = codes_table(gold, list(gold))
    assert "uncoded" not in table.columns and "uncoded" not in table.note


def _compared(uncoded: int) -> dict:
    def counts(tp: int, fp: int, fn: int) -> dict:
        return {"tp": tp, "fp": fp, "fn": fn, "precision": 0.0, "recall": 0.0,
                "f1": 2 * tp / (2 * tp + fp + fn)}

    system = {"exact": counts(2, 0, 0), "exact+code": counts(1, 1, 1),
              "exact+coded": counts(1, 0, 0)}
    scores = {"gold": 2, "uncoded": uncoded, "rules": system, "rules+model": system}
    return {"labels": {"topography": scores}, "micro": scores, "test_documents": 1,
            "train_documents": 1, "split": "by hash", "iterations": 1, "train_seconds": 1.0}


def test_model_table_shows_coded_scores_only_for_partly_coded_gold() -> None:
    page = markdown({"gold": "g", "documents": 1, "predicted": 1, "errors": 0,
                     "with_model": _compared(uncoded=1)})
    assert "| rules coded ex+c F1 | +model coded ex+c F1 |" in page
    assert "| topography | 2 | 1.000 | 1.000 | 0.500 | 0.500 | 1.000 | 1.000 |" in page
    page = markdown({"gold": "g", "documents": 1, "predicted": 1, "errors": 0,
                     "with_model": _compared(uncoded=0)})
    assert "coded ex+c" not in page


def test_printed_tables_keep_numbers_whole_on_a_narrow_console() -> None:
    from io import StringIO

    from rich.console import Console

    from oncofr.evaluate.tables import print_tables

    gold = [span("morphology", "adénocarcinome", "8140/3"), span("topography", "hépatique"),
            span("topography", "côlon", "C18.9")]
    summary, _ = score_spans(gold, gold, LABELS)
    out = StringIO()
    print_tables({"gold": "g", "documents": 1, "predicted": 1, "errors": 0, "spans": summary},
                 Console(file=out, width=40))
    printed = out.getvalue()
    assert "…" not in printed
    assert "│ topography │    2 │       1 │ 1.000 │ 1.000 │" in printed
