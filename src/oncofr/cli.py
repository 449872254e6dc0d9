"""The `oncofr` command."""

from __future__ import annotations

import sys
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, TextIO

import typer

from oncofr.ingest.sources import DEFAULT_MAX_BYTES, IngestOptions, iter_documents
from oncofr.models import DocumentError, DocumentResult

app = typer.Typer(
    help="OncoFR: French oncology clinical text to structured, coded records.",
    no_args_is_help=True,
    add_completion=False,
)

EXIT_SOME_FAILED = 1


@app.command()
def extract(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders, .jsonl files, or - for stdin.")
    ],
    output: Annotated[
        str, typer.Option("-o", "--output", help="JSONL output file, or - for stdout.")
    ] = "-",
    include_text: Annotated[
        bool, typer.Option(help="Carry each text input's text in the result.")
    ] = False,
    note_date: Annotated[
        str | None, typer.Option(help="Default note date (ISO 8601) for all inputs.")
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(help="Largest accepted document, in bytes.")
    ] = DEFAULT_MAX_BYTES,
    pipeline: Annotated[Path | None, typer.Option(help="Pipeline configuration (TOML).")] = None,
    progress: Annotated[
        bool | None, typer.Option(help="Show a progress bar (default: on a terminal).")
    ] = None,
    summary: Annotated[
        bool, typer.Option(help="Print a summary table on stderr at the end.")
    ] = False,
) -> None:
    """Extract one document result per input document, written as JSON lines."""
    from oncofr.pipeline import load_pipeline

    exclude = frozenset() if output == "-" else frozenset({Path(output).resolve()})
    options = IngestOptions(
        max_bytes=max_bytes, include_text=include_text, note_date=note_date, exclude=exclude
    )
    runner = load_pipeline(pipeline)
    show_progress = sys.stderr.isatty() if progress is None else progress
    failures = 0
    results: list[DocumentResult] = []
    with ExitStack() as stack:
        sink: TextIO = (
            sys.stdout
            if output == "-"
            else stack.enter_context(Path(output).open("w", encoding="utf-8"))
        )
        items = runner.process_all(iter_documents(inputs, options))
        if show_progress:
            items = _with_progress(items, stack)
        for item in items:
            if isinstance(item, DocumentError):
                failures += 1
                typer.secho(f"error: {item.error}\n  hint: {item.hint}", err=True, fg="red")
                continue
            sink.write(item.to_json() + "\n")
            sink.flush()
            if summary:
                results.append(item)
    if summary:
        _print_summary(results, failures, output)
    if failures:
        typer.secho(
            f"{failures} document(s) failed; the others were written.", err=True, fg="yellow"
        )
        raise typer.Exit(EXIT_SOME_FAILED)


def _with_progress(items, stack: ExitStack):  # noqa: ANN001, ANN202
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = stack.enter_context(
        Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=True,
            console=_stderr_console(),
        )
    )
    task = bar.add_task("documents", total=None)
    for item in items:
        bar.advance(task)
        yield item


def _stderr_console():  # noqa: ANN202
    from rich.console import Console

    return Console(stderr=True)


def _print_summary(results: list[DocumentResult], failures: int, output: str) -> None:
    from rich.table import Table

    console = _stderr_console()
    table = Table(title=f"OncoFR: {len(results)} document(s) extracted, {failures} failed")
    for column in ("document", "type", "sections", "mentions", "by label"):
        table.add_column(column)
    for result in results:
        labels = Counter(m.label for m in result.mentions)
        table.add_row(
            result.id,
            result.meta.type,
            str(len([s for s in result.sections if s.label != "boilerplate"])),
            str(len(result.mentions)),
            ", ".join(f"{k} {v}" for k, v in labels.most_common(6)),
        )
    console.print(table)
    if output != "-":
        console.print(f"Results: {Path(output).resolve()}")


@app.command()
def components() -> None:
    """List the registered pipeline components."""
    from oncofr import registry

    for name in registry.registered():
        typer.echo(name)


@app.command()
def version() -> None:
    """Print the OncoFR version."""
    from oncofr import __version__

    typer.echo(__version__)


from oncofr.evaluate.cli import register as _register_evaluate  # noqa: E402

_register_evaluate(app)

from oncofr.qualify.cli import register as _register_qualify  # noqa: E402

_register_qualify(app)

from oncofr.export.cli import register as _register_export  # noqa: E402

_register_export(app)

from oncofr.privacy.cli import register as _register_privacy  # noqa: E402

_register_privacy(app)
