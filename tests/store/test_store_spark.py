"""The Spark engine (local[2]) writes the store's tables as Parquet, with the local engine's
content."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from store_builders import write_notes
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.engines.spark import _kind
from oncofr.store.rows import TABLES

pytestmark = [
    pytest.mark.spark,
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas"),
]
runner = CliRunner()


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[dev]')")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java, and java is not on the PATH")
    from oncofr.engines.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


def test_spark_writes_the_tables_of_the_local_engine(spark, tmp_path):
    corpus = str(write_notes(tmp_path / "notes.jsonl", 12))
    out, db = tmp_path / "tables", str(tmp_path / "local.duckdb")
    ran = runner.invoke(app, ["extract", "--engine", "spark", corpus, "-o", str(out)])
    assert ran.exit_code == 0, ran.output
    assert "documents 12" in ran.stderr
    local = runner.invoke(app, ["extract", corpus, "--db", db, "--workers", "1"])
    assert local.exit_code == 0, local.output

    with duckdb.connect(db, read_only=True) as connection:
        for table in TABLES:
            # where each note was read from (source) and when (processed_at) differ by design
            skip = "EXCLUDE (processed_at, source, result)" if table == "documents" else ""
            spark_rows = connection.sql(
                f"SELECT * {skip} FROM read_parquet('{out}/{table}/*.parquet') ORDER BY ALL"
            ).fetchall()
            local_rows = connection.sql(f"SELECT * {skip} FROM {table} ORDER BY ALL").fetchall()
            assert spark_rows == local_rows, table
        spark_results = connection.sql(
            f"SELECT result FROM read_parquet('{out}/documents/*.parquet') ORDER BY id"
        ).fetchall()
        local_results = connection.sql("SELECT result FROM documents ORDER BY id").fetchall()
    assert len(local_results) == 12
    assert list(map(without_source, spark_results)) == list(map(without_source, local_results))


def test_spark_reads_parquet_notes(spark, tmp_path):
    notes = tmp_path / "notes.parquet"
    with duckdb.connect() as connection:
        jsonl = write_notes(tmp_path / "notes.jsonl", 3)
        connection.sql(f"COPY (SELECT * FROM read_json('{jsonl}')) TO '{notes}' (FORMAT parquet)")
    ran = runner.invoke(
        app, ["extract", "--engine", "spark", str(notes), "-o", str(tmp_path / "out")]
    )
    assert ran.exit_code == 0, ran.output
    assert "documents 3" in ran.stderr and "patients 3" in ran.stderr


def test_spark_executors_keep_the_time_limit(spark, tmp_path):
    corpus = str(write_notes(tmp_path / "notes.jsonl", 3))
    out = tmp_path / "tables"
    ran = runner.invoke(
        app, ["extract", "--engine", "spark", corpus, "-o", str(out), "--time-limit", "0.000001"]
    )
    assert ran.exit_code == 0, ran.output
    with duckdb.connect() as connection:
        errors = connection.sql(
            f"SELECT error FROM read_parquet('{out}/documents/*.parquet')"
        ).fetchall()
    assert len(errors) == 3
    assert all("took longer than 1e-06 s" in error for (error,) in errors), errors


def test_input_formats_come_from_a_prefix_or_the_suffix(tmp_path):
    assert _kind("table:warehouse.notes") == ("table", "warehouse.notes")
    assert _kind("csv:/data/notes") == ("csv", "/data/notes")
    assert _kind("hdfs:///data/notes.parquet") == ("parquet", "hdfs:///data/notes.parquet")
    (tmp_path / "part-0001.jsonl").write_text("{}", encoding="utf-8")
    assert _kind(str(tmp_path)) == ("jsonl", str(tmp_path))
    with pytest.raises(ValueError, match="prefix"):
        _kind("/data/notes")


def without_source(row: tuple[str]) -> dict:
    result = json.loads(row[0])
    del result["meta"]["source"]
    return result
