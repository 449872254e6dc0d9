"""`oncofr evaluate`: given predictions, extraction on the gold texts, and `--all`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_builders import TEXT, at, mention, result, row
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.evaluate.gold import GoldDoc, load_gold
from oncofr.evaluate.predictions import raw_documents

OTHER = "Homme de 70 ans, carcinome épidermoïde du poumon droit, vivant à un an."


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                    encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A span set (FRACCO-style labels), a record set using its texts, and a folder without gold."""
    spans = tmp_path / "data" / "demo-dev"
    write_jsonl(spans / "docs.jsonl", [
        {"id": "d1", "text": TEXT, "meta": {"docTime": "2020-01-02"}}, {"id": "d2", "text": OTHER}])
    write_jsonl(spans / "gold.jsonl", [
        row("d1", "morphologie", "adénocarcinome", icdo="8140/3"),
        row("d1", "topographie", "côlon sigmoïde", icdo="C18.7"),
        row("d2", "morphologie", "carcinome épidermoïde", OTHER, icdo="8070/3")])
    write_jsonl(tmp_path / "data" / "demo-records" / "records.jsonl", [
        {"doc_id": "d2", "age": 70, "sex": "M", "tumours": [], "metastases": [], "treatments": [],
         "labs": [], "adverse_events": [], "vital_status": "alive"}])
    (tmp_path / "data" / "sans-gold").mkdir()
    return tmp_path / "data"


@pytest.fixture
def pipeline(tmp_path: Path) -> Path:
    """A pipeline that only cleans the text: fast, and independent of the recognisers."""
    path = tmp_path / "pipeline.toml"
    path.write_text('[[component]]\nname = "clean.text"\n', encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(app, list(args))
    return outcome.exit_code, outcome.output


def test_help_lists_the_commands() -> None:
    code, output = invoke("--help")
    assert code == 0 and "evaluate" in output and "export-brat" in output


def test_evaluate_given_predictions_as_json(data: Path, tmp_path: Path) -> None:
    pred = write_jsonl(tmp_path / "pred.jsonl", [
        result("d1", [mention("morphology", *at("adénocarcinome"), code="8140/3"),
                      mention("topography", *at("côlon"), code="C18.7")]),
        {"id": "d2", "error": "illisible", "hint": "rien"}])
    code, output = invoke("evaluate", "--gold", str(data / "demo-dev"), "--pred", str(pred),
                          "--json", "--report", str(tmp_path / "r.md"))
    assert code == 0, output
    assert "extraction error: illisible" in output
    summary = json.loads(output[output.index("\n{") + 1:output.rindex("}") + 1])
    assert (summary["corpus"], summary["documents"], summary["predicted"], summary["errors"]) == (
        "fracco", 2, 1, 1)
    micro = summary["spans"]["micro"]
    assert (micro["exact"]["tp"], micro["exact"]["fp"], micro["exact"]["fn"]) == (1, 1, 2)
    assert micro["overlap"]["tp"] == 2
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "BOUNDARY" in report and "carcinome épidermoïde" in report


def test_evaluate_runs_the_extraction_and_saves_it(data: Path, pipeline: Path,
                                                   tmp_path: Path) -> None:
    saved = tmp_path / "saved.jsonl"
    code, output = invoke("evaluate", "--gold", str(data / "demo-dev"), "--pipeline",
                          str(pipeline), "--save-pred", str(saved), "--no-progress")
    assert code == 0, output
    assert "2 gold documents, 2 predicted, 0 extraction error(s)" in " ".join(output.split())
    assert [json.loads(line)["id"] for line in saved.read_text().splitlines()] == ["d1", "d2"]


def test_records_gold_finds_texts_in_a_sibling_folder(data: Path, pipeline: Path) -> None:
    gold = load_gold(data / "demo-records")
    assert gold.kind == "records" and gold.docs[0].text == OTHER
    code, output = invoke("evaluate", "--gold", str(data / "demo-records" / "records.jsonl"),
                          "--pipeline", str(pipeline), "--json", "--no-progress")
    assert code == 0, output
    summary = json.loads(output)
    assert summary["records"]["accuracy"]["age"]["correct"] == 0
    assert summary["records"]["accuracy"]["vital_status"]["correct"] == 0


def test_note_date_comes_from_doc_time(data: Path) -> None:
    gold = load_gold(data / "demo-dev")
    first, second = raw_documents(gold.docs)
    assert (first.note_date, second.note_date) == ("2020-01-02", None)
    [missing] = raw_documents([GoldDoc("d9")])
    assert "no text" in missing.error


def test_all_writes_the_results_page_and_skips_what_is_missing(
        data: Path, pipeline: Path, tmp_path: Path) -> None:
    page = tmp_path / "docs" / "evaluation.md"
    code, output = invoke("evaluate", "--all", str(data), "--write-doc", str(page), "--pipeline",
                          str(pipeline), "--no-progress")
    assert code == 0, output
    text = page.read_text(encoding="utf-8")
    assert "## demo-dev" in text and "## demo-records" in text and "sans-gold" not in text
    assert "at commit `" in text and "| micro |" in text
    code, output = invoke("evaluate", "--all", str(tmp_path / "absent"), "--write-doc", str(page))
    assert code == 0 and "nothing evaluated" in output
    code, output = invoke("evaluate", "--all", str(data), "--report", str(tmp_path / "r.md"))
    assert code == 2 and "--all takes no" in output


def test_label_map_and_corpus_options(data: Path, tmp_path: Path) -> None:
    extra = tmp_path / "map.json"
    extra.write_text(json.dumps({"fracco": {"topographie": []}}), encoding="utf-8")
    pred = write_jsonl(tmp_path / "pred.jsonl", [result("d1", [])])
    code, output = invoke("evaluate", "--gold", str(data / "demo-dev"), "--pred", str(pred),
                          "--label-map", str(extra), "--json")
    assert code == 0, output
    assert set(json.loads(output)["spans"]["labels"]) == {"morphology", "differentiation"}
    code, output = invoke("evaluate", "--gold", str(data / "demo-dev"), "--pred", str(pred),
                          "--corpus", "inconnu")
    assert code == 2 and "unknown corpus" in output


def test_bad_gold_path_exits_with_a_message(tmp_path: Path) -> None:
    code, output = invoke("evaluate", "--gold", str(tmp_path / "nulle-part"))
    assert code == 2 and "no such file" in output
