"""The store schema: migrations, versions, and the rows every engine writes."""

from __future__ import annotations

import pytest
from store_builders import full_result

from oncofr.store import open_store
from oncofr.store.base import utc_now
from oncofr.store.migrate import SCHEMA_VERSION, current_version, migrate, table_columns
from oncofr.store.rows import TABLES, document_rows


def test_migrations_create_every_table_and_record_the_version(store_url):
    with open_store(store_url) as store:
        assert current_version(store) == SCHEMA_VERSION
        assert store.query("SELECT version, name FROM schema_version ORDER BY version").rows == [
            (1, "initial"), (2, "metastasis_timing_uptake")]
        assert set(table_columns(store)) == set(TABLES) | {"schema_version"}
    with open_store(store_url) as store:  # reopening applies nothing twice
        assert migrate(store) == []


def test_a_store_newer_than_the_code_is_refused(store_url):
    with open_store(store_url) as store:
        store.execute(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
            [SCHEMA_VERSION + 1, "future", utc_now()],
        )
    with pytest.raises(RuntimeError, match="newer than this OncoFR"):
        open_store(store_url)


def test_rows_have_exactly_the_columns_of_their_table(store_url):
    rows = document_rows(
        full_result(), content_hash="h", pipeline_version="v", processed_at=utc_now()
    )
    with open_store(store_url) as store:
        columns = table_columns(store)
        for table in TABLES:
            assert rows[table], table
            assert set(rows[table][0]) == {name for name, _ in columns[table]}, table
            store.insert_rows(table, rows[table])
        patient = store.query("SELECT age, sex, vital_status FROM patients").rows
        labs = store.query("SELECT test, value, flag FROM labs").rows
        metastasis = store.query(
            "SELECT timing, uptake_scale, uptake_score, mentions FROM metastases").rows
    assert patient == [(55.0, "F", "unknown")]
    assert metastasis == [("synchronous", "krenning", 4.0, '["m2", "m3"]')]
    assert labs == [("potassium", 2.5, "low")]


def test_a_store_of_an_earlier_version_is_upgraded_in_place(tmp_path):
    import duckdb

    from oncofr.store.migrate import migrations

    path = tmp_path / "v1.duckdb"
    connection = duckdb.connect(str(path))
    connection.execute(migrations()[0].path.read_text(encoding="utf-8"))
    connection.execute("INSERT INTO schema_version VALUES (1, 'initial', ?)", [utc_now()])
    connection.execute("INSERT INTO metastases (doc_id, ordinal, topography_code) "
                       "VALUES ('old', 0, 'C22.0')")
    connection.close()
    with open_store(str(path)) as store:
        assert current_version(store) == SCHEMA_VERSION
        kept = store.query("SELECT topography_code, timing, uptake_score FROM metastases").rows
    assert kept == [("C22.0", None, None)]
