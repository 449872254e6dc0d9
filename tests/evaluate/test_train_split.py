"""`oncofr evaluate --train-split`: the id-hash split, and rules alone vs rules + a model trained
at run time, on a tiny invented corpus in the FRACCO layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.evaluate.gold import load_gold
from oncofr.evaluate.trained import in_training_half, split_gold

TUMOURS = [("adénocarcinome", "8140/3"), ("mélanome", "8720/3"), ("sarcome", "8800/3"),
           ("carcinome épidermoïde", "8070/3")]
GRADES = [("bien différencié", "1"), ("peu différencié", "3")]
SITES = [("de l'estomac", "estomac", "C16.9"), ("du poumon", "poumon", "C34.9"),
         ("du foie", "foie", "C22.0")]
OPENINGS = ["La biopsie montre un", "Le scanner révèle un", "On retrouve un"]


def write_corpus(folder: Path) -> Path:
    """Invented notes « <opening> <tumour> <grade> <site>. », gold with FRACCO's labels."""
    docs, gold = [], []
    number = 0
    for opening in OPENINGS:
        for tumour, tumour_code in TUMOURS:
            for (grade, grade_code), (where, site, site_code) in zip(GRADES * 2, SITES,
                                                                     strict=False):
                number += 1
                doc_id = f"cas{number}"
                text = f"{opening} {tumour} {grade} {where}. Suivi prévu dans trois mois.\n"
                for label, fragment, code in (("morphologie", tumour, tumour_code),
                                              ("differenciation", grade, grade_code),
                                              ("topographie", site, site_code)):
                    start = text.index(fragment)
                    gold.append({"doc_id": doc_id, "start": start, "end": start + len(fragment),
                                 "label": label, "text": fragment, "attributes": {"icdo": code}})
                docs.append({"id": doc_id, "text": text})
    folder.mkdir(parents=True)
    for name, items in (("docs.jsonl", docs), ("gold.jsonl", gold)):
        (folder / name).write_text(
            "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items),
            encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("split")
    write_corpus(root / "data" / "invented-dev")
    pipeline = root / "pipeline.toml"
    pipeline.write_text("".join(f'[[component]]\nname = "{name}"\n\n' for name in (
        "clean.text", "segment.sentences", "recognize.icdo3")), encoding="utf-8")
    return root


def test_the_split_is_deterministic_disjoint_and_independent_of_order(corpus: Path) -> None:
    gold = load_gold(corpus / "data" / "invented-dev")
    train, test = split_gold(gold)
    ids = {doc.id for doc in gold.docs}
    train_ids, test_ids = {d.id for d in train.docs}, {d.id for d in test.docs}
    assert train_ids and test_ids
    assert not train_ids & test_ids and train_ids | test_ids == ids
    assert {row["doc_id"] for row in test.rows} <= test_ids
    assert {row["doc_id"] for row in train.rows} <= train_ids
    gold.docs.reverse()
    again_train, again_test = split_gold(gold)
    assert {d.id for d in again_train.docs} == train_ids
    assert {d.id for d in again_test.docs} == test_ids
    assert in_training_half("cas1") == in_training_half("cas1")


def test_json_has_the_comparison_on_the_test_half(corpus: Path) -> None:
    outcome = CliRunner().invoke(app, [
        "evaluate", "--gold", str(corpus / "data" / "invented-dev"), "--pipeline",
        str(corpus / "pipeline.toml"), "--train-split", "--train-iterations", "2", "--json"])
    assert outcome.exit_code == 0, outcome.output
    summary = json.loads(outcome.stdout)
    compared = summary["with_model"]
    assert compared["train_documents"] + compared["test_documents"] == summary["documents"]
    test_ids = {f"cas{n}" for n in range(1, summary["documents"] + 1)
                if not in_training_half(f"cas{n}")}
    assert compared["test_documents"] == len(test_ids)
    assert set(compared["labels"]) == {"morphology", "topography", "differentiation"}
    for scores in compared["labels"].values():
        for system in ("rules", "rules+model"):
            assert set(scores[system]) == {"exact", "exact+code", "exact+coded"}
            assert scores[system]["exact+coded"] == scores[system]["exact+code"]  # all coded
            counts = scores[system]["exact"]
            assert counts["tp"] + counts["fn"] == scores["gold"]
    assert compared["micro"]["gold"] == 3 * len(test_ids)


def test_the_results_page_shows_the_comparison_table(corpus: Path) -> None:
    page = corpus / "evaluation.md"
    outcome = CliRunner().invoke(app, [
        "evaluate", "--all", str(corpus / "data"), "--pipeline", str(corpus / "pipeline.toml"),
        "--write-doc", str(page), "--train-split", "--train-iterations", "2"])
    assert outcome.exit_code == 0, outcome.output
    text = page.read_text(encoding="utf-8")
    assert "**Rules alone vs rules + model**" in text
    assert "| label | gold | rules ex F1 | +model ex F1 | rules ex+c F1 | +model ex+c F1 |" in text
    assert "| morphology |" in text.split("**Rules alone vs rules + model**")[1]
    assert str(corpus) not in text  # the page names the sets, not where they were read


def test_without_the_option_there_is_no_model(corpus: Path) -> None:
    outcome = CliRunner().invoke(app, [
        "evaluate", "--gold", str(corpus / "data" / "invented-dev"), "--pipeline",
        str(corpus / "pipeline.toml"), "--json"])
    assert outcome.exit_code == 0, outcome.output
    assert "with_model" not in json.loads(outcome.stdout)


def test_train_split_refuses_given_predictions(corpus: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text("", encoding="utf-8")
    outcome = CliRunner().invoke(app, [
        "evaluate", "--gold", str(corpus / "data" / "invented-dev"), "--pred", str(pred),
        "--train-split"])
    assert outcome.exit_code == 2
    assert "--train-split" in outcome.output
