"""The `oncofr` command."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from oncofr.cli_options import InputsArgument, MaxBytesOption, NoteDateOption
from oncofr.engines import Engine
from oncofr.ingest.sources import DEFAULT_MAX_BYTES, IngestOptions, iter_documents
from oncofr.models import DocumentError, DocumentResult
from oncofr.pipeline import DEFAULT_TIME_LIMIT_S
from oncofr.store.base import StoreError

app = typer.Typer(
    help="OncoFR: French oncology clinical text to structured, coded records.",
    no_args_is_help=True,
    add_completion=False,
)

EXIT_SOME_FAILED = 1
EXIT_OUTPUT_FAILED = 3


def _output_errors_are_clean(command: Callable[..., None]) -> Callable[..., None]:
    """Report a failure of the output in one line, no traceback: an I/O error of the output file
    (full disk, no such folder) or of the store (`--db`: a closed connection, a full disk)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except (OSError, StoreError) as error:
            if isinstance(error, StoreError):
                target, reason, hint = error.url, error.reason, f"\n  hint: {error.hint}"
            else:
                output = kwargs.get("output")
                target = "standard output" if output in (None, "-") else output
                reason, hint = error.strerror or str(error), ""
            typer.secho(
                f"error: cannot write the results to {target}: {reason}{hint}", err=True, fg="red"
            )
            raise typer.Exit(EXIT_OUTPUT_FAILED) from None

    return run


@app.command()
@_output_errors_are_clean
def extract(
    inputs: InputsArgument,
    output: Annotated[
        str | None,
        typer.Option(
            "-o", "--output", help="JSONL output file, or - for stdout (the default without --db)."
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(help="Store the results: a DuckDB file or postgresql://… (docs/store.md)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Processes working in parallel (default: all cores).")
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="local, or spark: notes tables in, Parquet tables to -o FOLDER.")
    ] = Engine.local,
    spark_master: Annotated[
        str | None, typer.Option(envvar="SPARK_MASTER", help="Spark master URL (default local[*]).")
    ] = None,
    include_text: Annotated[
        bool, typer.Option(help="Carry each text input's text in the result.")
    ] = False,
    note_date: NoteDateOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    pipeline: Annotated[Path | None, typer.Option(
        exists=True, dir_okay=False, help="Pipeline configuration (TOML).")] = None,
    time_limit: Annotated[
        float,
        typer.Option(help="Seconds one document may take before it is reported failed (0: none)."),
    ] = DEFAULT_TIME_LIMIT_S,
    model: Annotated[
        Path | None, typer.Option(help="Span model folder from `oncofr train`, run with the rules.")
    ] = None,
    progress: Annotated[
        bool | None, typer.Option(help="Show a progress bar (default: on a terminal).")
    ] = None,
    summary: Annotated[
        bool, typer.Option(help="Print a summary table on stderr at the end.")
    ] = False,
) -> None:
    """Extract one document result per input document, written as JSON lines or to a store."""
    if model is not None:
        from oncofr.recognize.model import pipeline_with_model

        pipeline = pipeline_with_model(pipeline, model)
    if engine is Engine.spark:
        from oncofr.engines.spark import extract_with_spark

        if db or output in (None, "-"):
            raise typer.BadParameter("--engine spark writes Parquet tables: -o FOLDER, no --db")
        counts = extract_with_spark(inputs, output, pipeline=pipeline, master=spark_master,
                                    time_limit=time_limit)
        typer.echo(", ".join(f"{table} {rows}" for table, rows in counts.items()), err=True)
        return
    from oncofr.engines.local import run_local
    from oncofr.store.writer import open_writer

    output = output or (None if db else "-")
    exclude = frozenset() if output in (None, "-") else frozenset({Path(output).resolve()})
    options = IngestOptions(
        max_bytes=max_bytes, include_text=include_text, note_date=note_date, exclude=exclude
    )
    show_progress = sys.stderr.isatty() if progress is None else progress
    failures = 0
    results: list[DocumentResult] = []
    with ExitStack() as stack:
        sink: TextIO | None = sys.stdout if output == "-" else None
        if output not in (None, "-"):
            sink = stack.enter_context(Path(output).open("w", encoding="utf-8"))
        writer = stack.enter_context(open_writer(db, pipeline)) if db else None
        documents = iter_documents(inputs, options)
        items = run_local(
            writer.pending(documents) if writer else documents,
            pipeline=pipeline,
            workers=workers,
            time_limit=time_limit,
        )
        if writer:
            items = writer.write(items)
        if show_progress:
            items = _with_progress(items, stack)
        for item in items:
            if isinstance(item, DocumentError):
                failures += 1
                typer.secho(f"error: {item.error}\n  hint: {item.hint}", err=True, fg="red")
                continue
            if sink:
                sink.write(item.to_json() + "\n")
                sink.flush()
            if summary:
                results.append(item)
    if writer:
        typer.echo(writer.summary(), err=True)
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


def _print_summary(results: list[DocumentResult], failures: int, output: str | None) -> None:
    from rich.table import Table

    console = _stderr_console()
    table = Table(title=f"OncoFR: {len(results)} document(s) extracted, {failures} failed")
    for column in ("document", "type", "mentions", "primary", "metastases", "treatments",
                   "warnings"):
        table.add_column(column, overflow="fold")
    for result in results:
        record = result.record
        primaries = [
            " ".join(part.code or "?" for part in (t.topography, t.morphology) if part)
            for t in record.tumours
        ]
        table.add_row(
            result.id,
            result.meta.type,
            str(len(result.mentions)),
            ", ".join(primaries) or "-",
            ", ".join(m.topography.code or "?" for m in record.metastases) or "-",
            str(len(record.treatments)),
            str(len(result.warnings)),
        )
    console.print(table)
    if output not in (None, "-"):
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

from oncofr.store.cli import register as _register_store  # noqa: E402

_register_store(app)

from oncofr.recognize.train_cli import register as _register_train  # noqa: E402

_register_train(app)

from oncofr.privacy.cli import register as _register_privacy  # noqa: E402

_register_privacy(app)

from oncofr.web.cli import register as _register_web  # noqa: E402

_register_web(app)
