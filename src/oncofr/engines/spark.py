"""The Spark engine: the same pipeline in Spark executors, results as Parquet tables.

Notes come from Parquet, CSV (with a header row) or JSONL files or folders, or a table
(`table:NAME`), with the columns `id`, `text` and, optionally, `note_date`; a `parquet:`, `csv:`
or `jsonl:` prefix names the format when the path does not show it. Each partition builds the
pipeline once. Every store table (documents, mentions, tumours, …) is written as Parquet under
`OUTPUT/<table>/`, with the store's columns and types (docs/store.md). Install with
`pip install 'oncofr[spark]'`; the master is `--spark-master`, `SPARK_MASTER` or spark-submit's.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oncofr.ingest.sources import RawDocument
from oncofr.models import DocumentError
from oncofr.pipeline import DEFAULT_CONFIG, Pipeline, with_time_limit
from oncofr.store.base import utc_now
from oncofr.store.identity import content_hash, pipeline_version
from oncofr.store.rows import document_rows

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

FORMATS = ("parquet", "csv", "jsonl", "table")
_SUFFIXES = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".json": "jsonl"}
_SPARK_TYPES = {  # the store's DuckDB column types -> Spark SQL types
    "VARCHAR": "STRING",
    "INTEGER": "INT",
    "DOUBLE": "DOUBLE",
    "BOOLEAN": "BOOLEAN",
    "TIMESTAMP": "TIMESTAMP_NTZ",
}


def extract_with_spark(
    inputs: list[str],
    output: str,
    *,
    pipeline: Path | None = None,
    master: str | None = None,
    time_limit: float | None = None,
) -> dict[str, int]:
    """Process the notes of `inputs` with Spark into Parquet tables; return rows per table.
    Each note has `time_limit` seconds (0: none; None: the executor's `ONCOFR_TIME_LIMIT`, else
    the default)."""
    from pyspark import StorageLevel

    session = spark_session(master)
    notes = _read_notes(session, inputs)
    columns = store_columns()
    config = tomllib.loads(Path(pipeline or DEFAULT_CONFIG).read_text(encoding="utf-8"))
    process = partial(
        _process_partition,
        config.get("component", []),
        time_limit,
        pipeline_version(pipeline),
        utc_now(),
        {table: [name for name, _ in table_columns] for table, table_columns in columns.items()},
    )
    rows = notes.rdd.mapPartitions(process).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        for table, table_columns in columns.items():
            schema = ", ".join(f"`{name}` {_SPARK_TYPES[kind]}" for name, kind in table_columns)
            selected = rows.filter(lambda row, table=table: row[0] == table).map(itemgetter(1))
            frame = session.createDataFrame(selected, schema)
            frame.write.mode("overwrite").parquet(f"{output.rstrip('/')}/{table}")
        counts = dict(rows.map(itemgetter(0)).countByValue())
    finally:
        rows.unpersist()
    return {table: counts.get(table, 0) for table in columns}


def spark_session(master: str | None = None) -> SparkSession:
    """The active session, or a new one on `master` (default: spark-submit's, else local)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("oncofr")
    if master:
        builder = builder.master(master)
    if (master or "local").startswith("local"):  # local executors run this very Python
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


def store_columns() -> dict[str, list[tuple[str, str]]]:
    """The store tables' (column, DuckDB type) pairs, read from a fresh in-memory store."""
    from oncofr.store.connect import open_store
    from oncofr.store.migrate import table_columns
    from oncofr.store.rows import TABLES

    with open_store(":memory:") as store:
        columns = table_columns(store)
    return {table: columns[table] for table in TABLES}


def _read_notes(session: SparkSession, inputs: list[str]) -> DataFrame:
    from pyspark.sql import functions

    frames = []
    for item in inputs:
        kind, location = _kind(item)
        reader = session.read
        if kind == "table":
            frame = session.table(location)
        elif kind == "csv":
            frame = reader.options(header=True, multiLine=True, escape='"').csv(location)
        elif kind == "jsonl":
            frame = reader.json(location)
        else:
            frame = reader.parquet(location)
        missing = {"id", "text"} - set(frame.columns)
        if missing:
            raise ValueError(f"{item}: notes need the columns id and text (missing: {missing})")
        note_date = (
            functions.col("note_date") if "note_date" in frame.columns else functions.lit(None)
        )
        frames.append(
            frame.select(
                functions.col("id").cast("string").alias("id"),
                functions.col("text").cast("string").alias("text"),
                note_date.cast("string").alias("note_date"),
                functions.lit(location).alias("source"),
                functions.lit(kind).alias("format"),
            )
        )
    notes = frames[0]
    for frame in frames[1:]:
        notes = notes.unionByName(frame)
    if notes.where(functions.col("id").isNull()).limit(1).count():
        raise ValueError("some notes have no id; every note needs one")
    return notes


def _kind(item: str) -> tuple[str, str]:
    """The format and location of an input: `csv:PATH`, `table:NAME`, or a path's suffix."""
    prefix, _, rest = item.partition(":")
    if prefix in FORMATS and rest:
        return prefix, rest
    path = Path(item)
    suffixes = [path.suffix] if path.suffix else [p.suffix for p in sorted(path.glob("*"))]
    for suffix in suffixes:
        if suffix.lower() in _SUFFIXES:
            return _SUFFIXES[suffix.lower()], item
    raise ValueError(f"{item}: cannot tell its format; prefix it with parquet:, csv: or jsonl:")


def _process_partition(
    config: list[dict[str, Any]],
    time_limit: float | None,
    version: str,
    processed_at: datetime,
    columns: dict[str, list[str]],
    notes: Iterable[Any],
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    runner = with_time_limit(Pipeline.from_config(config), time_limit)
    for note in notes:
        if note.text and note.text.strip():
            raw = RawDocument(
                id=note.id, text=note.text, source=note.source, format=note.format,
                note_date=note.note_date,
            )
            [outcome] = runner.process_all([raw])
            digest = content_hash(raw, version)
        else:
            outcome = DocumentError(
                id=note.id, source=note.source, error=f"{note.source}: note {note.id} has no text",
                hint="remove the note or give it some text",
            )
            digest = None
        rows = document_rows(
            outcome, content_hash=digest, pipeline_version=version, processed_at=processed_at
        )
        for table, table_rows in rows.items():
            for row in table_rows:
                yield table, tuple(row[name] for name in columns[table])
