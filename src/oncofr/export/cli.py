"""The `oncofr export` command: document results (JSONL) to FHIR, OMOP, flat CSV or brat."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from oncofr.models import DocumentResult

EXIT_BAD_INPUT = 2


class ExportFormat(StrEnum):
    fhir = "fhir"
    omop = "omop"
    csv = "csv"
    brat = "brat"


class BadInput(ValueError):
    """A line of the results file is not a document result."""


def export_command(
    pred: Annotated[Path, typer.Argument(help="Document results (JSONL from `oncofr extract`).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder.")],
    to: Annotated[ExportFormat, typer.Option(
        "--format", "--to", "-f", help="fhir: a Bundle per document; omop: a CSV per CDM "
        "table; csv: a flat CSV per record section; brat: .ann/.txt files.")] = ExportFormat.fhir,
    ndjson: Annotated[bool, typer.Option(
        help="fhir: write all bundles to bundles.ndjson instead of DOCID.fhir.json.")] = False,
    validate: Annotated[bool, typer.Option(
        help="fhir: check every bundle with fhir.resources (needs the fhir extra).")] = False,
    include_text: Annotated[bool, typer.Option(
        help="omop: fill note.note_text when the results carry their text.")] = False,
    nlp_date: Annotated[str | None, typer.Option(
        help="omop: the note_nlp.nlp_date (ISO); default today.")] = None,
) -> None:
    """Export document results as FHIR R4 bundles, OMOP CDM tables, flat CSV or brat."""
    if to is ExportFormat.brat:
        from oncofr.evaluate.cli import export_brat_command

        export_brat_command(pred, output)
        return
    output.mkdir(parents=True, exist_ok=True)
    try:
        if to is ExportFormat.fhir:
            count = _export_fhir(read_results(pred), output, ndjson, validate)
        else:
            count = _export_tables(read_results(pred), output, to, include_text, nlp_date)
    except (OSError, ValueError, RuntimeError) as error:  # bad input, invalid bundle, no extra
        typer.secho(f"error: {error}", err=True, fg="red")
        raise typer.Exit(EXIT_BAD_INPUT) from error
    typer.echo(f"{count} document(s) exported as {to.value} to {output}", err=True)


def read_results(path: Path) -> Iterator[DocumentResult]:
    """The document results of a JSONL file; error lines and blank lines are skipped."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if "error" in item and "mentions" not in item:
                    continue
                yield DocumentResult.model_validate(item)
            except (json.JSONDecodeError, ValidationError, TypeError) as error:
                raise BadInput(f"{path}:{number}: not a document result ({error})") from error


def _export_fhir(results: Iterator[DocumentResult], outdir: Path, ndjson: bool,
                 validate: bool) -> int:
    from oncofr.export.brat import safe_name
    from oncofr.export.fhir import to_fhir_bundle, validate_bundle

    count = 0
    with ExitStack() as stack:
        sink = stack.enter_context((outdir / "bundles.ndjson").open(
            "w", encoding="utf-8")) if ndjson else None
        for result in results:
            bundle = to_fhir_bundle(result)
            if validate:
                validate_bundle(bundle)
            if sink is None:
                path = outdir / f"{safe_name(result.id)}.fhir.json"
                path.write_text(json.dumps(bundle, ensure_ascii=False, indent=2),
                                encoding="utf-8")
            else:
                sink.write(json.dumps(bundle, ensure_ascii=False) + "\n")
            count += 1
    return count


def _export_tables(results: Iterator[DocumentResult], outdir: Path, to: ExportFormat,
                   include_text: bool, nlp_date: str | None) -> int:
    """Write one CSV per table: OMOP CDM tables (UTF-8) or flat tables (UTF-8 with BOM)."""
    rows_of: Callable[[DocumentResult], dict[str, list[dict[str, Any]]]]
    if to is ExportFormat.omop:
        from oncofr.export.omop import TABLES, to_omop_rows

        columns: dict[str, Sequence[str]] = TABLES
        encoding = "utf-8"
        rows_of = partial(to_omop_rows, nlp_date=nlp_date, include_text=include_text)
    else:
        from oncofr.export.flat import flat_columns, flat_rows

        columns, encoding, rows_of = flat_columns(), "utf-8-sig", flat_rows
    count = 0
    with ExitStack() as stack:
        writers = {name: _csv_writer(stack, outdir / f"{name}.csv", names, encoding)
                   for name, names in columns.items()}
        for result in results:
            for name, rows in rows_of(result).items():
                writers[name].writerows(rows)
            count += 1
    return count


def _csv_writer(stack: ExitStack, path: Path, columns: Sequence[str],
                encoding: str) -> csv.DictWriter:
    handle = stack.enter_context(path.open("w", encoding=encoding, newline=""))
    writer = csv.DictWriter(handle, fieldnames=list(columns))
    writer.writeheader()
    return writer


def register(app: typer.Typer) -> None:
    """Add `export` to the `oncofr` command."""
    app.command("export")(export_command)
