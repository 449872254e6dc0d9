"""The `oncofr pseudonymize` command: one JSON line per input document (docs/privacy.md).

Messages name documents by id and say what went wrong; they never quote a document's text.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, TextIO

import typer

from oncofr.cli_options import InputsArgument, MaxBytesOption, NoteDateOption
from oncofr.ingest.sources import DEFAULT_MAX_BYTES, IngestOptions, iter_documents
from oncofr.models import DocumentError
from oncofr.privacy.replace import document_seed, pseudonymize

SECRET_ENV = "ONCOFR_PSEUDONYM_SECRET"
EXIT_SOME_FAILED = 1


def register(app: typer.Typer) -> None:
    app.command("pseudonymize")(pseudonymize_command)


def pseudonymize_command(
    inputs: InputsArgument,
    output: Annotated[
        str, typer.Option("-o", "--output", help="JSONL output file, or - for stdout.")
    ] = "-",
    secret: Annotated[
        str | None,
        typer.Option(
            envvar=SECRET_ENV,
            help=f"Key mixed with each document id to draw its date shift and fake names "
            f"(prefer the {SECRET_ENV} variable: options show in process lists).",
        ),
    ] = None,
    no_map: Annotated[
        bool,
        typer.Option(
            "--no-map", help="Leave out original offsets (they tell where identifiers were)."
        ),
    ] = False,
    note_date: NoteDateOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Replace names, contacts, identifiers and dates (shifted) in each input document."""
    exclude = frozenset() if output == "-" else frozenset({Path(output).resolve()})
    options = IngestOptions(max_bytes=max_bytes, note_date=note_date, exclude=exclude)
    kinds: Counter[str] = Counter()
    done = failures = 0
    with ExitStack() as stack:
        sink: TextIO = sys.stdout
        if output != "-":
            sink = stack.enter_context(Path(output).open("w", encoding="utf-8"))
        for document in iter_documents(inputs, options):
            if isinstance(document, DocumentError):
                failures += 1
                typer.secho(f"error: {document.error}\n  hint: {document.hint}", err=True, fg="red")
                continue
            try:
                result = pseudonymize(
                    document.text, document.note_date, seed=document_seed(document.id, secret)
                )
            except Exception as error:  # one bad document must not stop the run
                failures += 1
                typer.secho(f"error: {document.id}: not pseudonymised ({type(error).__name__})",
                            err=True, fg="red")
                continue
            record = result.to_record(document.id, with_map=not no_map)
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            done += 1
            kinds.update(replacement.kind for replacement in result.replacements)
    counts = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    typer.echo(f"{done} document(s) pseudonymised; replacements: {counts or 'none'}", err=True)
    if failures:
        typer.secho(f"{failures} document(s) failed; the others were written.", err=True,
                    fg="yellow")
        raise typer.Exit(EXIT_SOME_FAILED)
