"""The PostgreSQL store (psycopg 3; install with `pip install 'oncofr[postgres]'`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from oncofr.store.base import QueryResult, Store
from oncofr.store.connect import redact


class PostgresStore(Store):
    def __init__(self, url: str, read_only: bool = False) -> None:
        try:
            import psycopg
        except ImportError as error:
            raise RuntimeError(
                "PostgreSQL needs psycopg: pip install 'oncofr[postgres]'"
            ) from error
        self.url = redact(url)
        self.connection = psycopg.connect(url, autocommit=True)
        if read_only:
            self.connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")

    def lost(self, error: Exception) -> bool:
        """A lost or closed connection, a stopped server, a full disk (`OperationalError`,
        `InterfaceError`, `OSError`), or any error after which the connection is closed."""
        import psycopg

        failures = (psycopg.OperationalError, psycopg.InterfaceError, OSError)
        return isinstance(error, failures) or bool(self.connection.closed)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(*_bind(sql, params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> QueryResult:
        cursor = self.connection.execute(*_bind(sql, params))
        columns = [column.name for column in cursor.description or ()]
        return QueryResult(columns, cursor.fetchall() if columns else [])

    def insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        from psycopg import sql

        columns = list(rows[0])
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with self.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[column] for column in columns])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.connection.transaction():
            yield

    def close(self) -> None:
        self.connection.close()


def _bind(sql: str, params: Sequence[Any]) -> tuple[Any, ...]:
    """psycopg's `%s` placeholders for our `?` ones; no parameters leave the SQL untouched."""
    if not params:
        return (sql,)
    return sql.replace("?", "%s"), list(params)
