"""Cohort questions on hand-made records: filters, SQL, table, CSV and Parquet output."""

from __future__ import annotations

import csv

import pytest
from store_builders import cohort
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.models import DocumentError
from oncofr.store import open_store
from oncofr.store.query import CohortFilter, find_patients, run_sql
from oncofr.store.writer import open_writer

runner = CliRunner()


@pytest.fixture
def cohort_url(store_url: str) -> str:
    failed = DocumentError(id="p9", error="processing failed", hint="h")
    with open_writer(store_url) as writer:
        list(writer.write([*cohort(), failed]))
    return store_url


def ids(url: str, **conditions: str) -> list[str]:
    with open_store(url, read_only=True) as store:
        result = find_patients(store, CohortFilter(**conditions))
    return [row[result.columns.index("doc_id")] for row in result.rows]


def test_filters_combine_with_and(cohort_url):
    assert ids(cohort_url) == ["p1", "p2", "p3", "p4", "p5"]  # documents in error are left out
    assert ids(cohort_url, primary="C17") == ["p1", "p2", "p4", "p5"]
    assert ids(cohort_url, primary="C17", metastasis="C22", sex="f") == ["p1"]
    assert ids(cohort_url, metastasis="C34.9") == ["p3"]
    assert ids(cohort_url, morphology="824") == ["p1", "p2", "p4", "p5"]
    assert ids(cohort_url, morphology="8240/3", age=">=60") == ["p4"]
    assert ids(cohort_url, age="<50") == ["p3"]
    assert ids(cohort_url, age="50") == ["p5"]


def test_drug_names_ignore_case_and_accents_and_codes_match_by_prefix(cohort_url):
    assert ids(cohort_url, drug="évérolimus") == ["p1", "p2"]
    assert ids(cohort_url, drug="EVEROLIMUS") == ["p1", "p2"]
    assert ids(cohort_url, drug="L01EG") == ["p1", "p2"]
    assert ids(cohort_url, drug="docetaxel", response="pd") == ["p3"]


def test_tumour_and_treatment_conditions_hold_for_one_same_item(cohort_url):
    # p5's C17 tumour has Ki-67 1 %, its pancreatic one 20 %
    assert ids(cohort_url, primary="C17", ki67=">=3") == ["p2"]
    assert ids(cohort_url, ki67=">=3") == ["p2", "p3", "p5"]
    # p1 progressed on évérolimus and was stable on lanréotide
    assert ids(cohort_url, drug="évérolimus", response="PD") == ["p1"]
    assert ids(cohort_url, drug="lanréotide", response="PD") == []


def test_filter_values_are_checked():
    for bad in ({"ki67": "about 3"}, {"response": "good"}, {"sex": "X"}, {"primary": "--"}):
        with pytest.raises(ValueError):
            CohortFilter(**bad)


def test_sql_and_the_cohort_columns(cohort_url):
    with open_store(cohort_url, read_only=True) as store:
        result = run_sql(store, "SELECT name, best_response FROM treatments ORDER BY name_folded")
        patients = find_patients(store, CohortFilter(drug="everolimus", response="PR"))
    assert result.columns == ["name", "best_response"]
    assert result.rows[0] == ("docétaxel", "PD")
    [row] = [dict(zip(patients.columns, row, strict=True)) for row in patients.rows]
    assert row["doc_id"] == "p2" and row["sex"] == "M" and row["age"] == 64
    assert row["primary_sites"] == "C17.2" and row["metastasis_sites"] == "C22.0"
    assert row["ki67"] == 15 and row["treatments"] == "Everolimus"


def test_query_command_prints_and_writes_csv_and_parquet(cohort_url, tmp_path):
    shown = runner.invoke(app, ["query", "--db", cohort_url, "--primary", "C17", "--ki67", ">=3"])
    assert shown.exit_code == 0, shown.output
    assert "1 patient record(s)" in shown.stdout and "p2" in shown.stdout
    out_csv, out_parquet = tmp_path / "cohort.csv", tmp_path / "cohort.parquet"
    written = runner.invoke(
        app,
        ["query", "--db", cohort_url, "--drug", "évérolimus", "--csv", str(out_csv),
         "--parquet", str(out_parquet)],
    )
    assert written.exit_code == 0, written.output
    with out_csv.open(encoding="utf-8") as handle:
        assert [row["doc_id"] for row in csv.DictReader(handle)] == ["p1", "p2"]
    import pyarrow.parquet

    assert pyarrow.parquet.read_table(out_parquet).column("doc_id").to_pylist() == ["p1", "p2"]


def test_query_command_sql_is_read_only_and_errors_are_plain(cohort_url):
    counted = runner.invoke(
        app, ["query", "--db", cohort_url, "--sql", "SELECT count(*) AS n FROM mentions"]
    )
    assert counted.exit_code == 0 and "5" in counted.stdout
    refused = runner.invoke(app, ["query", "--db", cohort_url, "--sql", "DELETE FROM mentions"])
    assert refused.exit_code == 2 and "error:" in refused.stderr
    both = runner.invoke(app, ["query", "--db", cohort_url, "--sql", "SELECT 1", "--sex", "F"])
    assert both.exit_code == 2
    bad = runner.invoke(app, ["query", "--db", cohort_url, "--age", "old"])
    assert bad.exit_code == 2 and "comparison" in bad.stderr
