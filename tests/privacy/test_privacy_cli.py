"""`oncofr pseudonymize`: the inputs of `oncofr extract`, one JSON line per document."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.privacy import cli as privacy_cli

runner = CliRunner()
TEXT = "Mme Jeanne Roy, vue le 12/03/2014. Tél 06 12 34 56 78."


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_files_and_jsonl_to_one_line_per_document(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "notes.jsonl").write_text(
        json.dumps({"id": "n1", "text": TEXT, "note_date": "2014-03-12"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["pseudonymize", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    first, second = records(out.read_text(encoding="utf-8"))
    assert set(first) == {"id", "text", "note_date", "replacements"}
    assert (first["id"], first["note_date"], second["id"]) == ("a", None, "n1")
    assert second["note_date"] not in (None, "2014-03-12")
    assert [r["kind"] for r in first["replacements"]] == ["name", "name", "date", "phone"]
    for replacement in first["replacements"]:
        assert TEXT[replacement["original_start"]:replacement["original_end"]] in TEXT
    assert "Roy" not in out.read_text(encoding="utf-8")
    assert "2 document(s) pseudonymised; replacements: date 2, name 4, phone 2" in result.stderr


def test_no_map_leaves_out_original_offsets_and_the_secret_changes_the_output():
    plain = runner.invoke(app, ["pseudonymize", "-", "--no-map"], input=TEXT.encode())
    [record] = records(plain.stdout)
    assert all(set(r) == {"kind", "start", "end"} for r in record["replacements"])
    keyed = runner.invoke(app, ["pseudonymize", "-"], input=TEXT.encode(),
                          env={privacy_cli.SECRET_ENV: "clé"})
    assert records(keyed.stdout)[0]["text"] != record["text"]


def test_failures_are_reported_without_document_text(tmp_path, monkeypatch):
    def fail(text, *args, **kwargs):
        raise ValueError(text)

    monkeypatch.setattr(privacy_cli, "pseudonymize", fail)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "x", "text": "Mme Roy"\n', encoding="utf-8")
    inputs = [str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")]
    result = runner.invoke(app, ["pseudonymize", *inputs])
    assert result.exit_code == privacy_cli.EXIT_SOME_FAILED
    assert "a: not pseudonymised (ValueError)" in result.stderr
    assert "b.jsonl:1" in result.stderr and "2 document(s) failed" in result.stderr
    assert "Roy" not in result.stderr and result.stdout == ""
