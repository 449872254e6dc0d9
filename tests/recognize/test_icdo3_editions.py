"""The ICD-O-3 edition of morphology codes (`edition` of `recognize.icdo3`, `icdo3_editions`),
on invented French sentences."""

from __future__ import annotations

import re

import pytest

from oncofr.document import Document
from oncofr.pipeline import Pipeline, load_pipeline
from oncofr.recognize.icdo3 import EDITIONS, Settings, code_for, find_icdo3, morphology_lexicon
from oncofr.recognize.model import SpanModel
from oncofr.registry import create
from oncofr.resources import load_table

TEXT = ("Une GIST gastrique est réséquée. Le scanner montre un thymome malin, un adénocarcinome "
        "du côlon et une tumeur fibreuse solitaire de la plèvre.")
CODE = re.compile(r"\d{4}/\d")


def codes(text: str, edition: str | None = None) -> list[tuple[str, str, str | None]]:
    settings = Settings() if edition is None else Settings(edition=edition)
    return [(f.label, text[f.start:f.end], f.code) for f in find_icdo3(text, settings=settings)]


def table_rows() -> tuple[dict[str, str], ...]:
    return load_table("icdo3_editions").rows


def test_the_default_edition_is_icdo3_2() -> None:
    assert Settings().edition == EDITIONS[0] == "3.2"
    assert ("morphology", "GIST", "8936/3") in codes(TEXT)
    assert codes(TEXT) == codes(TEXT, "3.2")
    assert code_for("morphology", "GIST") == "8936/3"


def test_edition_3_1_recodes_the_listed_codes_only() -> None:
    newer, older = codes(TEXT, "3.2"), codes(TEXT, "3.1")
    changed = [(new, old) for new, old in zip(newer, older, strict=True) if new != old]
    assert changed == [
        (("morphology", "GIST", "8936/3"), ("morphology", "GIST", "8936/1")),
        (("morphology", "tumeur fibreuse solitaire", "8815/1"),
         ("morphology", "tumeur fibreuse solitaire", "8815/0")),
    ]
    # a malignant thymoma stays /3 in ICD-O-3.1 (the table's term row), sites are untouched
    assert ("morphology", "thymome malin", "8580/3") in older
    assert ("topography", "côlon", "C18.9") in older


def test_a_term_row_wins_over_its_code_row() -> None:
    assert code_for("morphology", "thymome", "3.1") == "8580/1"
    assert code_for("morphology", "thymomes malins", "3.1") == "8580/3"
    assert code_for("morphology", "phéochromocytome", "3.1") == "8700/0"
    assert code_for("morphology", "phéochromoblastome", "3.1") == "8700/3"


def test_a_metastatic_gist_is_coded_6_in_both_editions() -> None:
    for edition in EDITIONS:
        assert ("morphology", "GIST métastatique", "8936/6") in codes(
            "Une GIST métastatique est connue.", edition)


def gist_code(pipeline: Pipeline) -> str | None:
    result = pipeline.run(Document(id="t", original=TEXT))
    return {m.text: m.code for m in result.mentions if m.label == "morphology"}["GIST"]


def test_the_component_and_the_pipeline_take_the_setting() -> None:
    config = [{"name": "clean.text"}, {"name": "recognize.icdo3", "edition": "3.1"}]
    assert gist_code(Pipeline.from_config(config)) == "8936/1"
    assert gist_code(load_pipeline()) == "8936/3"
    assert gist_code(load_pipeline(settings={"recognize.icdo3": {"edition": "3.1"}})) == "8936/1"


def test_settings_of_a_component_the_pipeline_lacks_are_ignored() -> None:
    pipeline = Pipeline.from_config([{"name": "clean.text"}],
                                    settings={"recognize.icdo3": {"edition": "3.1"}})
    assert pipeline.names == ["clean.text"]


@pytest.mark.parametrize("build", [
    lambda: create("recognize.icdo3", edition="3.0"),
    lambda: Settings(edition="ICD-O-3.1"),
    lambda: code_for("morphology", "GIST", "3"),
])
def test_an_unknown_edition_fails_naming_the_setting(build) -> None:
    with pytest.raises(ValueError, match=r"unknown ICD-O-3 edition .*setting `edition`.*'3\.1'"):
        build()


def test_the_span_model_codes_from_the_lexicons_in_its_edition() -> None:
    model = SpanModel(nlp=None, labels=("morphology",), codes={}, edition="3.1")
    assert model.code("morphology", "GIST") == "8936/1"


def test_the_table_loads_with_its_metadata_and_columns() -> None:
    table = load_table("icdo3_editions")
    assert {"name", "version", "description", "source"} <= set(table.meta)
    assert table.columns == ("icdo3_2", "icdo3_1", "name", "term")
    assert table.rows and all(row["name"] for row in table.rows)
    assert all(CODE.fullmatch(row["icdo3_2"]) and CODE.fullmatch(row["icdo3_1"])
               for row in table.rows)


def test_every_listed_code_and_term_is_in_the_morphology_table() -> None:
    morphology = load_table("icdo3_morphology").rows
    known = {row["code"] for row in morphology}
    assert {row["icdo3_2"] for row in table_rows()} <= known
    lexicon = morphology_lexicon("3.2")
    for row in table_rows():
        if row["term"]:
            entry = lexicon.get(row["term"])
            assert entry is not None and entry.code == row["icdo3_2"], row


def test_code_rows_change_a_code_and_each_code_has_one() -> None:
    code_rows = [row for row in table_rows() if not row["term"]]
    assert all(row["icdo3_2"] != row["icdo3_1"] for row in code_rows)
    assert len({row["icdo3_2"] for row in code_rows}) == len(code_rows)
    assert {row["icdo3_2"] for row in table_rows()} == {row["icdo3_2"] for row in code_rows}
