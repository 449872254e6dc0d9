"""`oncofr export`: JSONL results to FHIR, OMOP, flat CSV and brat files."""

from __future__ import annotations

import csv
import json

import pytest
from export_builders import empty_result, net_result
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.export.flat import flat_columns
from oncofr.export.omop import TABLES

runner = CliRunner()


@pytest.fixture
def pred(tmp_path):
    path = tmp_path / "pred.jsonl"
    lines = [net_result().to_json(), json.dumps({"id": "casse", "error": "unreadable"}), "",
             empty_result().to_json()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def export(pred, out, *options):
    result = runner.invoke(app, ["export", str(pred), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return result


def read_csv(path, encoding="utf-8"):
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def test_fhir_one_bundle_per_document(pred, tmp_path):
    pytest.importorskip("fhir.resources")
    out = tmp_path / "fhir"
    export(pred, out, "--format", "fhir", "--validate")
    assert sorted(p.name for p in out.iterdir()) == ["cas__tne-ileon.fhir.json",
                                                     "vide.fhir.json"]
    bundle = json.loads((out / "cas__tne-ileon.fhir.json").read_text(encoding="utf-8"))
    assert bundle["identifier"]["value"] == "cas/tne-ileon"


def test_fhir_ndjson(pred, tmp_path):
    out = tmp_path / "fhir"
    export(pred, out, "--to", "fhir", "--ndjson")
    bundles = [json.loads(line) for line in (out / "bundles.ndjson").read_text(
        encoding="utf-8").splitlines()]
    assert [b["identifier"]["value"] for b in bundles] == ["cas/tne-ileon", "vide"]


def test_omop_one_csv_per_table(pred, tmp_path):
    out = tmp_path / "omop"
    export(pred, out, "--format", "omop", "--nlp-date", "2024-02-29")
    assert sorted(p.stem for p in out.iterdir()) == sorted(TABLES)
    with (out / "note_nlp.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(TABLES["note_nlp"])
    assert len(read_csv(out / "note_nlp.csv")) == 22
    assert len(read_csv(out / "note.csv")) == 2
    conditions = read_csv(out / "condition_occurrence.csv")
    assert [c["condition_source_value"] for c in conditions] == ["8249/3-C17.2", "8000/6-C22.0"]


def test_flat_csv_tables(pred, tmp_path):
    out = tmp_path / "flat"
    export(pred, out, "--format", "csv")
    assert sorted(p.stem for p in out.iterdir()) == sorted(flat_columns())
    assert (out / "tumours.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    tumours = read_csv(out / "tumours.csv", "utf-8-sig")
    assert tumours[0]["morphology_code"] == "8249/3" and tumours[0]["topography_label"] == "iléon"
    metastases = read_csv(out / "metastases.csv", "utf-8-sig")
    assert metastases[0]["segments"] == "VII|VIII"
    treatments = read_csv(out / "treatments.csv", "utf-8-sig")
    assert [t["name"] for t in treatments] == ["résection du grêle", "octréotide", "évérolimus"]
    patients = read_csv(out / "patients.csv", "utf-8-sig")
    assert [(p["doc_id"], p["sex_value"]) for p in patients] == [("cas/tne-ileon", "M"),
                                                                 ("vide", "")]
    assert len(read_csv(out / "mentions.csv", "utf-8-sig")) == 22
    assert read_csv(out / "cohorts.csv", "utf-8-sig") == []


def test_brat(pred, tmp_path):
    out = tmp_path / "brat"
    export(pred, out, "--format", "brat")
    assert (out / "cas__tne-ileon.ann").exists() and (out / "cas__tne-ileon.txt").exists()


def test_bad_line_is_an_error(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text('{"id": "x", "mentions": "none"}\n', encoding="utf-8")
    result = runner.invoke(app, ["export", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "pred.jsonl:1" in result.output
