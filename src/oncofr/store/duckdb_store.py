"""The embedded default store: one DuckDB file (one writing process at a time)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from oncofr.store.base import QueryResult, Store

_ROWS_VIEW = "_oncofr_rows"


class DuckDBStore(Store):
    def __init__(self, path: str, read_only: bool = False) -> None:
        if read_only and not Path(path).exists():
            raise FileNotFoundError(f"{path}: no such database; create it with oncofr extract --db")
        self.url = path
        self.connection = duckdb.connect(path, read_only=read_only)

    def lost(self, error: Exception) -> bool:
        """I/O errors (a full disk), a closed connection, a failed commit, a database DuckDB
        invalidated after a fatal error."""
        return isinstance(
            error,
            (duckdb.OperationalError, duckdb.FatalException, duckdb.InternalException, OSError),
        )

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> QueryResult:
        cursor = self.connection.execute(sql, list(params))
        columns = [column[0] for column in cursor.description or ()]
        return QueryResult(columns, cursor.fetchall() if columns else [])

    def insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        import pyarrow

        self.connection.register(_ROWS_VIEW, pyarrow.Table.from_pylist(rows))
        # not in a `finally`: after a refused insert the transaction is aborted, and unregistering
        # would raise "transaction is aborted" in place of the refusal (the rollback drops it)
        self.connection.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM {_ROWS_VIEW}')
        self.connection.unregister(_ROWS_VIEW)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.connection.begin()
        try:
            yield
        except BaseException:
            self.connection.rollback()
            raise
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()
