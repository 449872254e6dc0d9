"""Schema versions: numbered SQL files under `migrations/`, applied in order, each in one
transaction that also records it in the `schema_version` table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from oncofr.store.base import Store, StoreError, utc_now

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^(\d+)_(\w+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def migrations() -> list[Migration]:
    """Every migration file, by version."""
    found = []
    for path in MIGRATIONS_DIR.glob("*.sql"):
        match = _NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), path))
    return sorted(found, key=lambda migration: migration.version)


SCHEMA_VERSION = migrations()[-1].version


def current_version(store: Store) -> int:
    """The store's schema version (0 for an empty database)."""
    exists = store.query(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name = ?",
        ["schema_version"],
    ).rows[0][0]
    if not exists:
        return 0
    return int(store.query("SELECT coalesce(max(version), 0) FROM schema_version").rows[0][0])


def migrate(store: Store) -> list[int]:
    """Apply the migrations the store has not had yet; return their versions."""
    current = current_version(store)
    if current > SCHEMA_VERSION:
        raise StoreError(
            store.url,
            f"schema version {current} is newer than this OncoFR's ({SCHEMA_VERSION}); "
            "upgrade oncofr",
            "install the OncoFR version that wrote this store, or a newer one",
        )
    applied = []
    for migration in migrations():
        if migration.version <= current:
            continue
        with store.transaction():
            store.execute(migration.path.read_text(encoding="utf-8"))
            store.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                [migration.version, migration.name, utc_now()],
            )
        applied.append(migration.version)
    return applied


def table_columns(store: Store) -> dict[str, list[tuple[str, str]]]:
    """Each table's (column, SQL type) pairs in column order, read from the database."""
    rows = store.query(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    ).rows
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        columns.setdefault(table, []).append((column, data_type))
    return columns
