"""Store fixtures: a DuckDB file and a real PostgreSQL server (started by
scripts/postgres-test-server.sh, or named by ONCOFR_TEST_POSTGRES_URL)."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER_SCRIPT = ROOT / "scripts" / "postgres-test-server.sh"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs the PostgreSQL test server")
    config.addinivalue_line("markers", "spark: needs pyspark and Java")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for the tests; skips only when none can start."""
    if url := os.environ.get("ONCOFR_TEST_POSTGRES_URL"):
        yield url
        return
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[dev]')")
    started = subprocess.run(
        [str(SERVER_SCRIPT), "start"], capture_output=True, text=True, timeout=900
    )
    if started.returncode != 0:
        pytest.skip(f"no PostgreSQL test server could start: {started.stderr.strip()[-800:]}")
    values = dict(line.split("=", 1) for line in started.stdout.split())
    try:
        yield values["ONCOFR_PG_URL"]
    finally:
        subprocess.run(
            [str(SERVER_SCRIPT), "stop", values["ONCOFR_PG_DIR"]], capture_output=True, timeout=60
        )


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: a DuckDB file, or a new database on the PostgreSQL server."""
    if request.param == "duckdb":
        yield str(tmp_path / "cohort.duckdb")
        return
    import psycopg
    from psycopg import sql

    server = request.getfixturevalue("postgres_server")
    name = f"oncofr_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield f"{server.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
        )
