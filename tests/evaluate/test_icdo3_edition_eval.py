"""`oncofr evaluate` extracts each corpus in the ICD-O-3 edition its gold follows (FRACCO's
labels: ICD-O-3.1), on tiny invented corpora."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_builders import row
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.evaluate.trained import in_training_half

NOTES = {"GIST": ("Une biopsie confirme une GIST de l'estomac.", "estomac", "C16.9"),
         "adénocarcinome": ("La biopsie montre un adénocarcinome du poumon.", "poumon", "C34.9"),
         "mélanome": ("Le scanner révèle un mélanome du foie.", "foie", "C22.0")}
DOCUMENTS = 16


def is_gist(number: int) -> bool:
    """Whether note `cas<number>` names a GIST: a third of the test half of the id split."""
    return not in_training_half(f"cas{number}") and number % 3 == 0


def write_set(folder: Path, labels: tuple[str, str], attribute: str, gist_code: str) -> Path:
    """Notes naming a tumour and its site, with gold in the FRACCO layout: `labels` for
    morphology and topography, codes in `attribute`, GIST coded `gist_code`."""
    codes = {"GIST": gist_code, "adénocarcinome": "8140/3", "mélanome": "8720/3"}
    docs, gold = [], []
    for number in range(1, DOCUMENTS + 1):
        doc_id = f"cas{number}"
        tumour = "GIST" if is_gist(number) else ("adénocarcinome", "mélanome")[number % 2]
        text, site, site_code = NOTES[tumour]
        docs.append({"id": doc_id, "text": text})
        gold += [row(doc_id, labels[0], tumour, text, **{attribute: codes[tumour]}),
                 row(doc_id, labels[1], site, text, **{attribute: site_code})]
    folder.mkdir(parents=True)
    for name, items in (("docs.jsonl", docs), ("gold.jsonl", gold)):
        (folder / name).write_text("".join(json.dumps(item, ensure_ascii=False) + "\n"
                                           for item in items), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A set with FRACCO's labels and ICD-O-3.1 codes, one with the contract's labels and
    ICD-O-3.2 codes, and a pipeline of the ICD-O-3 recogniser."""
    root = tmp_path_factory.mktemp("editions")
    write_set(root / "data" / "fracco-like", ("morphologie", "topographie"), "icdo", "8936/1")
    write_set(root / "data" / "contract-like", ("morphology", "topography"), "reference",
              "8936/3")
    (root / "pipeline.toml").write_text("".join(
        f'[[component]]\nname = "{name}"\n\n'
        for name in ("clean.text", "segment.sentences", "recognize.icdo3")), encoding="utf-8")
    return root


def evaluate(root: Path, folder: str, *options: str) -> dict:
    outcome = CliRunner().invoke(app, [
        "evaluate", "--gold", str(root / "data" / folder), "--pipeline",
        str(root / "pipeline.toml"), "--json", *options])
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.stdout)


def coded_hits(summary: dict) -> int:
    return summary["spans"]["labels"]["morphology"]["exact+code"]["tp"]


def test_fracco_labelled_gold_is_extracted_in_icdo3_1(root: Path) -> None:
    summary = evaluate(root, "fracco-like")
    assert (summary["corpus"], summary["icdo3_edition"]) == ("fracco", "3.1")
    assert coded_hits(summary) == DOCUMENTS


def test_the_option_overrides_the_corpus_edition(root: Path) -> None:
    summary = evaluate(root, "fracco-like", "--icdo3-edition", "3.2")
    assert summary["icdo3_edition"] == "3.2"
    gists = sum(map(is_gist, range(1, DOCUMENTS + 1)))
    assert gists and coded_hits(summary) == DOCUMENTS - gists


def test_other_gold_keeps_the_pipeline_edition(root: Path) -> None:
    summary = evaluate(root, "contract-like")
    assert (summary["corpus"], summary["icdo3_edition"]) == ("oncofr", None)
    assert coded_hits(summary) == DOCUMENTS


@pytest.mark.parametrize("options", [["--icdo3-edition", "3.0"],
                                     ["--icdo3-edition", "3.1", "--pred", "pred.jsonl"]])
def test_the_option_refuses_unknown_editions_and_predictions(root: Path, options: list) -> None:
    outcome = CliRunner().invoke(app, [
        "evaluate", "--gold", str(root / "data" / "fracco-like"), *options])
    assert outcome.exit_code == 2
    assert "--icdo3-edition" in outcome.output


def test_the_results_page_names_the_edition_of_each_set(root: Path, tmp_path: Path) -> None:
    page = tmp_path / "evaluation.md"
    outcome = CliRunner().invoke(app, [
        "evaluate", "--all", str(root / "data"), "--pipeline", str(root / "pipeline.toml"),
        "--write-doc", str(page)])
    assert outcome.exit_code == 0, outcome.output
    text = page.read_text(encoding="utf-8")
    assert ("Morphology codes were extracted in ICD-O-3.2, the pipeline's default, for "
            "contract-like; in ICD-O-3.1 for fracco-like.") in text
    assert "fracco-like (fracco labels, morphology extracted in ICD-O-3.1)" in text


def test_the_model_comparison_extracts_in_the_same_edition(root: Path) -> None:
    """The GISTs are all in the test half: the model's code table cannot know them, so the
    rules + model pipeline codes them right only if it runs in ICD-O-3.1 too."""
    compared = evaluate(root, "fracco-like", "--train-split", "--train-iterations", "1")[
        "with_model"]["labels"]["morphology"]
    assert compared["rules+model"]["exact+code"] == compared["rules"]["exact+code"]
    assert compared["rules"]["exact+code"]["tp"] == compared["gold"]
