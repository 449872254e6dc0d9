"""`oncofr train` on a tiny invented brat corpus, the saved model, and its merge with the rules."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.document import Document
from oncofr.evaluate.core import Span
from oncofr.pipeline import Pipeline
from oncofr.recognize.keep_filter import KeepFilter, fit_keep_filter
from oncofr.recognize.model import (
    ModelError,
    SpanModel,
    apply_model,
    load_model,
    pipeline_with_model,
    plan,
    rules_edition,
)
from oncofr.recognize.train import (
    TrainingDoc,
    code_table,
    keep_examples,
    read_training,
    rules_pipeline,
    span_key,
)

EXTRACT = ["extract", "--workers", "1"]

TUMOURS = [("adénocarcinome", "8140/3"), ("mélanome", "8720/3"), ("sarcome", "8800/3")]
SITES = [("pulmonaire", "C34.9"), ("hépatique", "C22.0"), ("gastrique", "C16.9")]
OPENINGS = ["La biopsie montre un", "On retrouve un", "Le scanner révèle un", "Il s'agit d'un"]
OLD_LESION = "Ancienne lésion cutanée."
EXAMINED = "Le foie et la rate sont examinés."


def write_brat_corpus(folder: Path) -> None:
    """Invented sentences « <opening> <tumour> <site>. », annotated with codes in notes, then
    this corpus' conventions: an old skin lesion the rules find is not annotated, and of the
    examined organs (no lesion: the rules take neither) the liver is annotated, the spleen not."""
    folder.mkdir()
    number = 0
    for opening in OPENINGS:
        for tumour, tumour_code in TUMOURS:
            for site, site_code in SITES:
                number += 1
                text = f"{opening} {tumour} {site}. {OLD_LESION} {EXAMINED} Suivi dans 3 mois.\n"
                start = len(opening) + 1
                site_start = start + len(tumour) + 1
                liver = text.index("foie")
                (folder / f"doc{number}.txt").write_text(text, encoding="utf-8")
                (folder / f"doc{number}.ann").write_text(
                    f"T1\tmorphology {start} {start + len(tumour)}\t{tumour}\n"
                    f"#1\tAnnotatorNotes T1\t{tumour_code}\n"
                    f"T2\ttopography {site_start} {site_start + len(site)}\t{site}\n"
                    f"#2\tAnnotatorNotes T2\t{site_code}\n"
                    f"T3\ttopography {liver} {liver + 4}\tfoie\n"
                    f"#3\tAnnotatorNotes T3\tC22.0\n",
                    encoding="utf-8",
                )


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("train")
    write_brat_corpus(root / "brat")
    result = CliRunner().invoke(app, ["train", "--brat", str(root / "brat"), "-o",
                                      str(root / "model"), "--iterations", "8"])
    assert result.exit_code == 0, result.output
    return root / "model"


def test_brat_gold_is_read_with_labels_and_codes(tmp_path: Path) -> None:
    write_brat_corpus(tmp_path / "brat")
    docs = read_training(tmp_path / "brat", brat=True)
    assert len(docs) == 36
    first = min(docs, key=lambda doc: doc.id)
    assert [(first.text[s.start:s.end], s.label, s.code) for s in first.spans] == [
        ("adénocarcinome", "morphology", "8140/3"), ("pulmonaire", "topography", "C34.9"),
        ("foie", "topography", "C22.0")]
    assert code_table(docs)["topography"][span_key("Hépatiques")] == "C22.0"


def test_saved_model_loads_and_finds_spans(trained: Path) -> None:
    model = load_model(str(trained.resolve()))
    text = "Le scanner révèle un mélanome gastrique."
    assert [(label, text[start:end]) for label, start, end in model.predict(text)] == [
        ("morphology", "mélanome"), ("topography", "gastrique")]
    assert model.code("morphology", "Mélanome") == "8720/3"
    assert model.code("topography", "foie") == "C22.0"  # not in the training gold: lexicon


def test_a_folder_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        load_model(str(tmp_path))


def test_merge_plan_replaces_one_same_label_overlap_and_adds_free_spans() -> None:
    rules = [("morphology", 0, 9), ("topography", 10, 20), ("morphology", 30, 40)]
    predicted = [("morphology", 0, 20), ("morphology", 30, 45), ("topography", 50, 55),
                 ("topography", 32, 36)]
    replaced, added = plan(rules, predicted)
    assert replaced == {2: ("morphology", 30, 45)}
    assert added == [("topography", 50, 55)]


class FixedModel(SpanModel):
    """A model whose predictions are given (no spaCy)."""

    def __init__(self, spans: list[tuple[str, int, int]], keep: KeepFilter | None = None) -> None:
        super().__init__(nlp=None, labels=("morphology", "topography"), codes={}, keep=keep)
        object.__setattr__(self, "spans", spans)

    def predict(self, text: str) -> list[tuple[str, int, int]]:
        return self.spans


def test_model_spans_move_rule_mentions_and_add_new_ones() -> None:
    text = "Tumeur phyllode du sein et lésion."
    document = Document(id="d", original=text)
    Pipeline.from_config([{"name": "clean.text"}, {"name": "recognize.icdo3"}]).run(document)
    before = {(m.label, m.text) for m in document.mentions}
    assert ("morphology", "Tumeur phyllode") in before
    apply_model(document, FixedModel([("morphology", 0, 6), ("morphology", 27, 33)]))
    result = document.to_result()
    assert [(m.label, m.text, m.attributes.get("source")) for m in result.mentions] == [
        ("morphology", "Tumeur", "model"), ("topography", "sein", None),
        ("morphology", "lésion", None)]
    assert result.mentions[0].code == "8000/1"
    assert len({m.id for m in result.mentions}) == 3


def test_pipeline_with_model_inserts_the_component_after_the_recognisers(trained: Path) -> None:
    path = pipeline_with_model(None, trained)
    names = [c["name"] for c in tomllib.loads(path.read_text(encoding="utf-8"))["component"]]
    recognisers = [i for i, name in enumerate(names) if name.startswith("recognize.")]
    assert names[recognisers[-1]] == "recognize.model"
    assert all(not names[i].startswith(("qualify.", "record.")) for i in range(recognisers[-1]))


def test_pipeline_with_model_takes_the_icdo3_edition(trained: Path, tmp_path: Path) -> None:
    config = tmp_path / "pipeline.toml"
    config.write_text('[[component]]\nname = "recognize.icdo3"\nedition = "3.1"\n',
                      encoding="utf-8")
    components = tomllib.loads(pipeline_with_model(config, trained).read_text(
        encoding="utf-8"))["component"]
    assert components[-1] == {"name": "recognize.model", "path": str(trained.resolve()),
                              "edition": "3.1"}
    default = tomllib.loads(pipeline_with_model(None, trained).read_text(encoding="utf-8"))
    assert all("edition" not in c for c in default["component"])


def test_the_keep_filter_codes_variants_in_the_rules_edition(tmp_path: Path) -> None:
    config = tmp_path / "pipeline.toml"
    config.write_text('[[component]]\nname = "recognize.icdo3"\nedition = "3.1"\n',
                      encoding="utf-8")
    assert rules_edition(config) == "3.1"
    assert rules_edition(config, {"recognize.icdo3": {"edition": "3.2"}}) == "3.2"
    assert rules_edition() == "3.2"  # the shipped pipeline names none: the default


def test_extract_with_model(trained: Path, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Il s'agit d'un sarcome hépatique.", encoding="utf-8")
    result = CliRunner().invoke(app, [*EXTRACT, str(note), "--model", str(trained)])
    assert result.exit_code == 0, result.output
    assert '"text":"sarcome"' in result.output.replace(" ", "")


def icdo3_texts(output: str) -> list[str]:
    result = json.loads(output.splitlines()[0])
    return [m["text"] for m in result["mentions"]
            if m["label"] in ("morphology", "topography")]


def test_the_keep_filter_learns_the_gold_s_conventions(trained: Path, tmp_path: Path) -> None:
    meta = json.loads((trained / "oncofr-model.json").read_text(encoding="utf-8"))
    assert set(meta["keep_filter"]["thresholds"]) == {"morphology", "topography"}
    assert meta["keep_filter"]["free_sites"] is True
    note = tmp_path / "note.txt"
    note.write_text(f"Il s'agit d'un sarcome hépatique. {OLD_LESION} {EXAMINED}",
                    encoding="utf-8")
    rules = CliRunner().invoke(app, [*EXTRACT, str(note)])
    assert icdo3_texts(rules.output) == ["sarcome", "hépatique", "lésion", "cutanée"]
    with_model = CliRunner().invoke(app, [*EXTRACT, str(note), "--model", str(trained)])
    assert with_model.exit_code == 0, with_model.output
    assert icdo3_texts(with_model.output) == ["sarcome", "hépatique", "foie"]
    liver = json.loads(with_model.output.splitlines()[0])["mentions"][-1]
    assert (liver["code"], liver["attributes"]) == ("C22.0", {"source": "model"})


def test_the_keep_filter_can_be_turned_off(trained: Path) -> None:
    text = f"On retrouve un mélanome gastrique. {OLD_LESION} {EXAMINED}"
    model = load_model(str(trained.resolve()))
    kept = []
    for keep_filter in (True, False):
        document = Document(id="d", original=text)
        Pipeline.from_config([{"name": "clean.text"}, {"name": "segment.sentences"},
                              {"name": "recognize.icdo3"}]).run(document)
        apply_model(document, model, frozenset({"morphology", "topography"}), keep_filter)
        kept.append([m.text for m in document.to_result().mentions])
    assert kept == [["mélanome", "gastrique", "foie"],
                    ["mélanome", "gastrique", "lésion", "cutanée"]]


def test_train_without_keep_filter(tmp_path: Path) -> None:
    write_brat_corpus(tmp_path / "brat")
    result = CliRunner().invoke(app, ["train", "--brat", str(tmp_path / "brat"), "-o",
                                      str(tmp_path / "model"), "--iterations", "1",
                                      "--no-keep-filter"])
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "model" / "oncofr-model.json").read_text(encoding="utf-8"))
    assert meta["keep_filter"] is None


def test_train_needs_one_gold_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train", "-o", str(tmp_path / "m")])
    assert result.exit_code != 0


@pytest.mark.parametrize("command", [["train", "--brat", ".", "-o", "model"],
                                     ["extract", "note.txt"], ["evaluate", "--gold", "."]])
def test_a_missing_pipeline_file_is_named(command: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    result = CliRunner().invoke(app, [*command, "--pipeline", str(missing)],
                                terminal_width=200)
    assert result.exit_code == 2
    assert "nowhere.toml" in result.output and "does not exist" in result.output


def test_a_bad_pipeline_file_stops_training_before_it_starts(tmp_path: Path) -> None:
    write_brat_corpus(tmp_path / "brat")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[component]\nname = ", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "--brat", str(tmp_path / "brat"), "-o",
                                      str(tmp_path / "model"), "--pipeline", str(bad)])
    assert result.exit_code == 2
    assert "iteration" not in result.output
    assert not (tmp_path / "model").exists()


def test_the_model_neither_adds_nor_reshapes_rules_only_labels() -> None:
    text = "Nodule hépatique. Foie normal."
    predicted = [("topography", 7, 17), ("topography", 18, 22)]  # « hépatique. », « Foie »
    for rules_only, expected in ((frozenset(), ["Nodule", "hépatique.", "Foie"]),
                                 (frozenset({"topography"}), ["Nodule", "hépatique"])):
        document = Document(id="d", original=text)
        Pipeline.from_config([{"name": "clean.text"}, {"name": "recognize.icdo3"}]).run(document)
        apply_model(document, FixedModel(predicted), rules_only)
        assert [m.text for m in document.to_result().mentions] == expected


def boundary_corpus() -> list[TrainingDoc]:
    """Invented notes annotated with a boundary convention the rules do not follow: the gold
    takes « à distance » into a metastasis (the rules stop at « métastase ») and leaves
    « locale » out of a recurrence (the rules take « récidive locale »)."""
    docs = []
    for number, (opening, site) in enumerate(
            (opening, site) for opening in OPENINGS for site in ("foie", "poumon", "rein")):
        text = (f"{opening}e métastase à distance du {site}. "
                f"Puis une récidive locale est traitée.")
        distant = text.index("métastase")
        recurrence = text.index("récidive")
        docs.append(TrainingDoc(f"b{number}", text, (
            Span(f"b{number}", "morphology", distant, distant + len("métastase à distance"),
                 code="8000/6"),
            Span(f"b{number}", "morphology", recurrence, recurrence + len("récidive"),
                 code="8000/6"))))
    return docs


def test_the_keep_filter_learns_the_gold_s_boundaries() -> None:
    keep = fit_keep_filter(*keep_examples(boundary_corpus(), rules_pipeline(), {"morphology"}))
    assert keep is not None and keep.boundary_weights
    text = "Le bilan trouve une métastase à distance. La récidive locale régresse."
    spans = []
    for model in (FixedModel([]), FixedModel([], keep)):
        document = Document(id="d", original=text)
        Pipeline.from_config([{"name": "clean.text"}, {"name": "segment.sentences"},
                              {"name": "recognize.icdo3"}]).run(document)
        apply_model(document, model, frozenset({"morphology", "topography"}))
        spans.append([(m.text, m.code) for m in document.to_result().mentions])
    assert spans == [[("métastase", "8000/6"), ("récidive locale", "8000/3")],
                     [("métastase à distance", "8000/6"), ("récidive", "8000/6")]]


def test_sites_learnt_alone_still_see_the_lesions_near_them() -> None:
    text = "Le scanner révèle un nodule du foie. La rate est normale."
    liver = text.index("foie")
    doc = TrainingDoc("t", text, (Span("t", "topography", liver, liver + 4, code="C22.0"),))
    examples, _ = keep_examples([doc], rules_pipeline(), {"topography"})
    where = [[feature for feature in example.features if "lesion_before" in feature]
             for example in examples if not example.variant]
    assert where == [["topography|lesion_before=2"], ["topography|lesion_before=none"]]


def test_the_keep_filter_learns_which_spans_the_gold_holds_whatever_their_codes() -> None:
    """A gold span coded otherwise than the rules (« tumeur » 8000/3 here, 8000/1 by the rules)
    is still a span the corpus annotates: the filter learns from it as one to keep (the code
    table codes it), and from the unannotated « lésion » as one to drop."""
    text = "On retrouve une tumeur du rein. Une lésion cutanée ancienne."
    tumour = text.index("tumeur")
    doc = TrainingDoc("t", text, (
        Span("t", "morphology", tumour, tumour + len("tumeur"), code="8000/3"),))
    examples, counts = keep_examples([doc], rules_pipeline(), {"morphology"})
    found = {next(f for f in example.features if f.startswith("morphology|text=")):
             example.in_gold for example in examples if not example.variant}
    assert counts == {"morphology": 1}
    assert found == {"morphology|text=tumeur": True, "morphology|text=lesion": False}
