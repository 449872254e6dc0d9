"""brat standoff: reading hand-written .ann files and the export/read round trip."""

from __future__ import annotations

import json
from pathlib import Path

from eval_builders import at, mention, result
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.evaluate.gold import load_gold
from oncofr.evaluate.labels import LABEL_MAPS
from oncofr.evaluate.run import evaluate
from oncofr.export.brat import fragments_of, read_ann, result_to_ann, write_brat

TEXT = ("Tumeur neuroendocrine bien différenciée de l'iléon terminal, découverte en mai 2015.\n"
        "Pas de lésion\nhépatique au scanner.\n")


def test_read_ann_entities_attributes_notes_and_references() -> None:
    ann = (f"T1\tmorphologie 0 6;22 39\tTumeur bien différenciée\n"
           f"T2\ttopographie {at('iléon terminal', TEXT)[0]} {at('iléon terminal', TEXT)[1]}"
           "\tiléon terminal\n"
           "#1\tAnnotatorNotes T2\tC17.2\n"
           "N1\tReference T1 ICD-O-3:8240/3\ttumeur carcinoïde\n"
           "A1\tNegated T2\n"
           "A2\tCertainty T1 Probable\n"
           "R1\tLocation Arg1:T1 Arg2:T2\n")
    rows = read_ann(ann, "doc", TEXT)
    first, second = rows
    assert (first["start"], first["end"], first["label"]) == (0, 39, "morphologie")
    assert first["text"] == TEXT[0:39]
    assert first["attributes"]["fragments"] == [[0, 6], [22, 39]]
    assert first["attributes"]["surface"] == "Tumeur bien différenciée"
    assert first["attributes"]["reference"] == "8240/3"
    assert first["attributes"]["Certainty"] == "Probable"
    assert second["attributes"]["note"] == "C17.2"
    assert second["attributes"]["Negated"] is True


def test_fracco_style_brat_gold_reads_codes_from_notes(tmp_path: Path) -> None:
    start, end = at("Tumeur neuroendocrine", TEXT)
    (tmp_path / "cr.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "cr.ann").write_text(f"T1\tmorphologie {start} {end}\tTumeur neuroendocrine\n"
                                     "#1\tAnnotatorNotes T1\t8240/3\n", encoding="utf-8")
    gold = load_gold(tmp_path)
    pred = {"cr": result("cr", [mention("morphology", start, end, TEXT, code="8240/3")])}
    summary = evaluate(gold, pred, [], LABEL_MAPS).summary
    assert summary["corpus"] == "fracco"
    assert summary["spans"]["micro"]["exact+code"]["f1"] == 1.0


def test_fragments_split_at_line_breaks() -> None:
    start, end = at("lésion\nhépatique", TEXT)
    assert fragments_of(TEXT, start, end) == [(start, start + 6), (start + 7, end)]


def _results() -> list[dict]:
    lesion = at("lésion\nhépatique", TEXT)
    return [result("cr_tne", [
        mention("morphology", *at("Tumeur neuroendocrine", TEXT), TEXT, code="8240/3"),
        mention("differentiation", *at("bien différenciée", TEXT), TEXT, code="1"),
        mention("topography", *at("iléon terminal", TEXT), TEXT, code="C17.2"),
        mention("date", *at("mai 2015", TEXT), TEXT, value="2015-05"),
        mention("morphology", *lesion, TEXT, code="8000/1", negated=True),
        mention("topography", *at("hépatique", TEXT), TEXT, code="C22.0", negated=True,
                hypothetical=True),
    ], text=TEXT)]


def test_round_trip_through_brat_scores_perfectly(tmp_path: Path) -> None:
    results = _results()
    written, textless = write_brat(results, tmp_path)
    assert (written, textless) == (1, [])
    ann = (tmp_path / "cr_tne.ann").read_text(encoding="utf-8")
    start, end = at("lésion\nhépatique", TEXT)
    assert f"morphology {start} {start + 6};{start + 7} {end}\tlésion hépatique" in ann
    assert "AnnotatorNotes T4\t2015-05" in ann
    assert (tmp_path / "cr_tne.txt").read_text(encoding="utf-8") == TEXT
    assert "Negated" in (tmp_path / "annotation.conf").read_text(encoding="utf-8")

    gold = load_gold(tmp_path)
    assert [doc.id for doc in gold.docs] == ["cr_tne"]
    evaluation = evaluate(gold, {r["id"]: r for r in results}, [], LABEL_MAPS)
    summary = evaluation.summary
    assert summary["corpus"] == "oncofr"
    for mode in ("exact", "exact+code"):
        assert summary["spans"]["micro"][mode]["f1"] == 1.0
    assert summary["spans"]["values"]["date"]["accuracy"] == 1.0
    assert summary["qualifiers"]["negated"]["f1"] == 1.0
    assert summary["qualifiers"]["hypothetical"]["accuracy"] == 1.0
    assert evaluation.span_errors == []


def test_ann_without_text_keeps_offsets() -> None:
    data = result("x", [mention("date", *at("mai 2015", TEXT), TEXT, value="2015-05")])
    assert result_to_ann(data).startswith(f"T1\tdate {at('mai 2015', TEXT)[0]} ")


def test_export_brat_command(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    no_text = result("sans/texte", [mention("date", *at("mai 2015", TEXT), TEXT)])
    pred.write_text("\n".join(json.dumps(r) for r in [*_results(), no_text]) + "\n",
                    encoding="utf-8")
    outcome = CliRunner().invoke(app, ["export-brat", str(pred), str(tmp_path / "brat")])
    assert outcome.exit_code == 0, outcome.output
    names = sorted(p.name for p in (tmp_path / "brat").iterdir())
    assert names == ["annotation.conf", "cr_tne.ann", "cr_tne.txt", "sans__texte.ann"]
    assert "carry no text" in outcome.output
