"""The error report: what to fix, grouped by label then by document, in Markdown or HTML.

Span errors come from overlap matching: missed gold spans (FN), spurious predictions (FP),
matched spans with other boundaries, another code or another normalised value. Each shows
the span marked in ±60 characters of context. Record errors list, per field and document,
the items missing from and extra in the predicted record.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from itertools import groupby
from pathlib import Path
from typing import Any

from oncofr.evaluate.records import RecordError
from oncofr.evaluate.spans import SpanError

CONTEXT = 60
KIND_NAMES = {"missed": "FN", "spurious": "FP", "boundary": "BOUNDARY", "code": "CODE",
              "value": "VALUE"}

Segment = tuple[str, str]  # (style: "" | "b" | "mark", text)
Block = tuple[str, Any]  # ("h1" | "h2" | "h3" | "p" | "item", text or segments)


def context(text: str | None, start: int, end: int, width: int = CONTEXT) -> list[Segment]:
    """`text[start:end]` marked within `width` characters each side, spaces collapsed."""
    if text is None:
        return [("mark", "(no text)")]
    left, right = max(0, start - width), min(len(text), end + width)

    def squash(part: str) -> str:
        return re.sub(r"\s+", " ", part)

    return [("", ("…" if left else "") + squash(text[left:start])),
            ("mark", squash(text[start:end])),
            ("", squash(text[end:right]) + ("…" if right < len(text) else ""))]


def _span_item(error: SpanError, text: str | None) -> list[Segment]:
    shown = error.gold or error.pred
    assert shown is not None
    head: list[Segment] = [("b", KIND_NAMES[error.kind]), ("", f" {shown.start}–{shown.end} ")]
    if error.kind == "boundary":
        head.append(("", f"predicted {error.pred.start}–{error.pred.end} «{error.pred.text}» "))
    elif error.kind == "code":
        head.append(("", f"code {error.gold.code} ≠ predicted {error.pred.code} "))
    elif error.kind == "value":
        head.append(("", f"value {error.gold.value} ≠ predicted {error.pred.value} "))
    elif shown.code or shown.value is not None:
        head.append(("", f"({shown.code or shown.value}) "))
    return head + context(text, shown.start, shown.end)


def build_report(title: str, span_errors: list[SpanError], record_errors: list[RecordError],
                 texts: dict[str, str | None], cap: int = 50) -> list[Block]:
    """The report as blocks; at most `cap` items per label or field, then a count of the rest."""
    blocks: list[Block] = [("h1", f"Error report: {title}")]
    by_label: dict[str, list[SpanError]] = defaultdict(list)
    for error in span_errors:
        by_label[error.label].append(error)
    for label, errors in sorted(by_label.items()):
        kinds = defaultdict(int)
        for error in errors:
            kinds[KIND_NAMES[error.kind]] += 1
        tally = ", ".join(f"{kind} {count}" for kind, count in kinds.items())
        blocks += [("h2", label), ("p", [("", tally)])]
        errors.sort(key=lambda e: (e.doc_id, (e.gold or e.pred).start))
        blocks += _capped(errors, cap, lambda e: e.doc_id,
                          lambda e: _span_item(e, texts.get(e.doc_id)))
    by_field: dict[str, list[RecordError]] = defaultdict(list)
    for record_error in record_errors:
        by_field[record_error.field].append(record_error)
    if by_field:
        blocks.append(("h1", "Record fields"))
    for field_name, errors in by_field.items():
        blocks.append(("h2", field_name))
        blocks += _capped(errors, cap, lambda e: e.doc_id, lambda e: [
            ("b", "missing "), ("", "; ".join(e.missing) or "—"),
            ("b", " extra "), ("", "; ".join(e.extra) or "—")])
    return blocks


def _capped(errors: list[Any], cap: int, doc_of: Any, item: Any) -> list[Block]:
    blocks: list[Block] = []
    for doc_id, group in groupby(errors[:cap], key=doc_of):
        blocks.append(("h3", doc_id))
        blocks += [("item", item(error)) for error in group]
    if len(errors) > cap:
        blocks.append(("p", [("b", f"… and {len(errors) - cap} more")]))
    return blocks


def to_markdown(blocks: list[Block]) -> str:
    def segment(style: str, text: str) -> str:
        text = re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)
        return {"b": f"**{text}**", "mark": f"**⟦{text}⟧**"}.get(style, text)

    lines = []
    for kind, content in blocks:
        if kind.startswith("h"):
            lines += ["", "#" * int(kind[1]) + " " + segment("", content), ""]
        elif kind == "item":
            lines.append("- " + "".join(segment(*s) for s in content))
        else:
            lines += ["", "".join(segment(*s) for s in content), ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def to_html(blocks: list[Block]) -> str:
    def segment(style: str, text: str) -> str:
        text = html.escape(text)
        return {"b": f"<b>{text}</b>", "mark": f"<mark>{text}</mark>"}.get(style, text)

    body, in_list = [], False
    for kind, content in blocks:
        if in_list and kind != "item":
            body.append("</ul>")
        if kind == "item" and not in_list:
            body.append("<ul>")
        in_list = kind == "item"
        if kind.startswith("h"):
            body.append(f"<{kind}>{html.escape(content)}</{kind}>")
        else:
            tag = "li" if kind == "item" else "p"
            body.append(f"<{tag}>{''.join(segment(*s) for s in content)}</{tag}>")
    if in_list:
        body.append("</ul>")
    style = ("body{font-family:sans-serif;max-width:70em;margin:auto}"
             "mark{background:#fd6}li{margin:.3em 0}")
    head = (f'<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
            f"<title>OncoFR errors</title><style>{style}</style></head><body>\n")
    return head + "\n".join(body) + "\n</body></html>\n"


def write_report(path: Path, blocks: list[Block]) -> None:
    """Write the report as HTML for `.html`/`.htm` paths, Markdown otherwise."""
    render = to_html if path.suffix.lower() in (".html", ".htm") else to_markdown
    path.write_text(render(blocks), encoding="utf-8")
