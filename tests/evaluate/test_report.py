"""The error report: context, grouping, caps, Markdown and HTML."""

from __future__ import annotations

from pathlib import Path

from eval_builders import TEXT, at

from oncofr.evaluate.core import Span
from oncofr.evaluate.records import RecordError
from oncofr.evaluate.report import build_report, context, write_report
from oncofr.evaluate.spans import SpanError


def span(fragment: str, label: str = "morphology", doc: str = "d1",
         code: str | None = None) -> Span:
    start, end = at(fragment)
    return Span(doc, label, start, end, fragment, code)


def errors() -> list[SpanError]:
    return [
        SpanError("missed", "morphology", "d2", span("métastase", doc="d2"), None),
        SpanError("spurious", "morphology", "d1", None, span("scanner")),
        SpanError("code", "morphology", "d1", span("adénocarcinome", code="8140/3"),
                  span("adénocarcinome", code="8480/3")),
        SpanError("missed", "topography", "d1", span("côlon sigmoïde", "topography"), None),
    ]


def test_context_marks_the_span_within_sixty_characters() -> None:
    start, end = at("métastase")
    left, marked, right = context(TEXT, start, end)
    assert marked == ("mark", "métastase")
    assert left[1].startswith("…") and len(left[1]) == 61
    assert len(right[1]) == 61 and right[1].endswith("…")


def test_markdown_groups_by_label_then_document(tmp_path: Path) -> None:
    path = tmp_path / "erreurs.md"
    write_report(path, build_report("essai", errors(), [], {"d1": TEXT, "d2": TEXT}))
    text = path.read_text(encoding="utf-8")
    assert text.index("## morphology") < text.index("### d1") < text.index("### d2") < text.index(
        "## topography")
    assert "FN 1, FP 1, CODE 1" in text
    assert "**⟦métastase⟧**" in text
    assert "code 8140/3 ≠ predicted 8480/3" in text


def test_cap_counts_the_rest() -> None:
    many = [SpanError("spurious", "date", "d1", None, span("2019", "date"))] * 5
    blocks = build_report("essai", many, [], {"d1": TEXT}, cap=2)
    assert sum(kind == "item" for kind, _ in blocks) == 2
    assert ("p", [("b", "… and 3 more")]) in blocks


def test_html_report_escapes_and_marks(tmp_path: Path) -> None:
    path = tmp_path / "erreurs.html"
    record_error = RecordError("d1", "labs (test, value, unit)", ["ace, 12.5, ng/ml"], ["<ace>"])
    write_report(path, build_report("essai", errors(), [record_error], {"d1": TEXT, "d2": None}))
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "<mark>adénocarcinome</mark>" in html
    assert "&lt;ace&gt;" in html and "<h1>Record fields</h1>" in html
    assert "(no text)" in html
