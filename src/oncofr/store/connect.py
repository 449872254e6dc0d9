"""Open a store from a URL: a DuckDB file path (the default), or postgresql://…"""

from __future__ import annotations

import re

from oncofr.store.base import Store
from oncofr.store.migrate import migrate

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(url: str, *, read_only: bool = False) -> Store:
    """Connect to the store at `url`; unless read-only, bring its schema up to date."""
    if url.startswith(POSTGRES_SCHEMES):
        from oncofr.store.postgres_store import PostgresStore

        store: Store = PostgresStore(url, read_only)
    else:
        from oncofr.store.duckdb_store import DuckDBStore

        store = DuckDBStore(url, read_only)
    if not read_only:
        try:
            migrate(store)
        except BaseException:
            store.close()
            raise
    return store


def redact(url: str) -> str:
    """`url` without its password, for messages."""
    return re.sub(r"://([^:/@]*):[^@/]*@", r"://\1:***@", url)
