import json
import subprocess
import sys

from typer.testing import CliRunner

from oncofr.cli import app

runner = CliRunner()


def lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_extract_folder_to_file_with_contract_fields(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Homme de 54 ans.\nDiagnostic\nTumeur de l'iléon.", encoding="utf-8"
    )
    (tmp_path / "in" / "b.md").write_text("Patiente de 60 ans.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    documents = lines(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in documents] == ["a", "b"]
    first = documents[0]
    assert first["schema"] == "oncofr.document/1"
    assert set(first) == {"schema", "id", "meta", "sections", "mentions", "record", "warnings"}
    assert first["meta"]["type"] == "case_report" and first["meta"]["source"].endswith("a.txt")
    assert first["sections"][0]["label"] == "diagnosis"


def test_stdout_stdin_and_include_text():
    text = "Femme de 47 ans.\n"
    result = runner.invoke(
        app,
        ["extract", "-", "-o", "-", "--include-text", "--note-date", "2016-05-01"],
        input=text.encode("utf-8"),
    )
    assert result.exit_code == 0, result.output
    [document] = lines(result.stdout)
    assert document["id"] == "stdin" and document["text"] == text
    assert document["meta"]["note_date"] == "2016-05-01"


def test_bad_documents_are_reported_and_the_others_still_written(tmp_path):
    (tmp_path / "good.txt").write_text("Homme de 54 ans.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01" * 50)
    jsonl = tmp_path / "notes.jsonl"
    jsonl.write_text('{"id": "ok", "text": "Patiente."}\n{oops\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 1
    assert sorted(d["id"] for d in lines(out.read_text(encoding="utf-8"))) == ["good", "ok"]
    assert "empty.txt: is empty" in result.stderr
    assert "binary" in result.stderr and "notes.jsonl:2" in result.stderr
    assert "3 document(s) failed" in result.stderr  # the output file is not read back


def test_console_script_runs_as_a_module():
    completed = subprocess.run(
        [sys.executable, "-m", "oncofr", "version"], capture_output=True, text=True
    )
    assert completed.returncode == 0 and completed.stdout.strip()
