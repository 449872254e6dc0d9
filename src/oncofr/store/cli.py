"""The `oncofr query` command: cohort questions on a store, by filters or SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oncofr.store.connect import open_store, redact
from oncofr.store.output import print_table, write_csv, write_parquet
from oncofr.store.query import CohortFilter, find_patients, run_sql


def register(app: typer.Typer) -> None:
    app.command("query")(query)


def query(
    db: Annotated[
        str, typer.Option(help="The store: a DuckDB file or a postgresql://… URL.")
    ] = "cohort.duckdb",
    primary: Annotated[
        str | None, typer.Option(help="Primary tumour site, ICD-O-3 topography prefix: C17.")
    ] = None,
    metastasis: Annotated[
        str | None, typer.Option(help="Metastasis site, ICD-O-3 topography prefix: C22.")
    ] = None,
    morphology: Annotated[
        str | None, typer.Option(help="Tumour morphology, ICD-O-3 prefix: 8240 or 824.")
    ] = None,
    ki67: Annotated[str | None, typer.Option(help="Tumour Ki-67 (%): '>=3', '<2', '20'.")] = None,
    drug: Annotated[
        str | None, typer.Option(help="Treatment name (any case and accents) or ATC prefix.")
    ] = None,
    response: Annotated[
        str | None, typer.Option(help="Best response to that treatment: CR, PR, SD or PD.")
    ] = None,
    sex: Annotated[str | None, typer.Option(help="F or M.")] = None,
    age: Annotated[str | None, typer.Option(help="Age in years: '>=50'.")] = None,
    sql: Annotated[
        str | None, typer.Option(help="Run this SQL query (read-only) instead of the filters.")
    ] = None,
    csv: Annotated[Path | None, typer.Option(help="Write the rows to this CSV file.")] = None,
    parquet: Annotated[
        Path | None, typer.Option(help="Write the rows to this Parquet file.")
    ] = None,
) -> None:
    """Find patient records in a store: filters combine with AND (docs/store.md)."""
    try:
        cohort = CohortFilter(
            primary=primary, metastasis=metastasis, morphology=morphology, ki67=ki67,
            drug=drug, response=response, sex=sex, age=age,
        )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    if sql is not None and not cohort.is_empty():
        raise typer.BadParameter("give either --sql or filters, not both")
    try:
        with open_store(db, read_only=True) as store:
            result = run_sql(store, sql) if sql is not None else find_patients(store, cohort)
    except Exception as error:  # a missing store, a refused connection, bad SQL: say it plainly
        typer.secho(f"error: {redact(db)}: {error}", err=True, fg="red")
        raise typer.Exit(2) from error
    if csv:
        write_csv(result, csv)
    if parquet:
        write_parquet(result, parquet)
    if csv or parquet:
        typer.echo(f"{len(result.rows)} row(s) written.", err=True)
    else:
        kind = "row(s)" if sql is not None else "patient record(s)"
        print_table(result, f"{len(result.rows)} {kind}")
