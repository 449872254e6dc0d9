"""`oncofr qualify`: qualify spans given on the original texts of a JSONL file."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

EXIT_SOME_FAILED = 1


def qualify(
    input_file: Annotated[Path, typer.Argument(
        metavar="INPUT.jsonl", help='Documents: {"id", "text"} per line.')],
    spans: Annotated[Path, typer.Option(
        "--spans", help='Spans on the original texts: {"doc_id", "start", "end"} per line.')],
    output: Annotated[str, typer.Option(
        "-o", "--output", help="JSONL output file, or - for stdout.")] = "-",
) -> None:
    """Add negated, hypothetical, historical and family to each span, written as JSON lines."""
    from oncofr.ingest.sources import IngestOptions, iter_documents
    from oncofr.models import DocumentError
    from oncofr.qualify.spans import qualify_spans

    by_document = _read_spans(spans)
    failures = 0
    with ExitStack() as stack:
        sink: TextIO = sys.stdout if output == "-" else stack.enter_context(
            Path(output).open("w", encoding="utf-8"))
        for document in iter_documents([str(input_file)], IngestOptions()):
            if isinstance(document, DocumentError):
                failures += 1
                typer.secho(f"error: {document.error}", err=True, fg="red")
                continue
            rows, bad = _valid_spans(by_document.pop(document.id, []), len(document.text))
            failures += bad
            for row in qualify_spans(document.text, rows) if rows else []:
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
    for doc_id, rows in by_document.items():
        failures += len(rows)
        typer.secho(f"error: {len(rows)} span(s) for unknown document {doc_id!r}", err=True,
                    fg="red")
    if failures:
        raise typer.Exit(EXIT_SOME_FAILED)


def _read_spans(path: Path) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                grouped[str(row["doc_id"])].append(row)
    return grouped


def _valid_spans(rows: list[dict[str, Any]], length: int) -> tuple[list[dict[str, Any]], int]:
    """The rows whose offsets fall in the text, and how many did not."""
    valid = [row for row in rows if 0 <= row["start"] <= row["end"] <= length]
    for row in rows:
        if row not in valid:
            where = f"{row['start']}:{row['end']}"
            typer.secho(f"error: span {where} is outside document {row['doc_id']!r}", err=True,
                        fg="red")
    return valid, len(rows) - len(valid)


def register(app: typer.Typer) -> None:
    """Add the `qualify` command to the `oncofr` application."""
    app.command("qualify")(qualify)
