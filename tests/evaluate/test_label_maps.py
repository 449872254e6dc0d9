"""The label tables: corpus labels and attributes to contract spans and qualifiers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_builders import row

from oncofr.evaluate.labels import (
    LABEL_MAPS,
    age_years,
    choose_corpus,
    load_label_maps,
    map_gold,
    timex_value,
)


def test_fracco_labels_and_codes() -> None:
    rows = [row("d1", "morphologie", "adénocarcinome", icdo="8140/3"),
            row("d1", "topographie", "côlon sigmoïde", icdo="c18.7"),
            row("d1", "expression_CIM", "adénocarcinome du côlon sigmoïde", icdo="C18.7 8140/3")]
    mapped = map_gold(rows, LABEL_MAPS["fracco"])
    assert [(s.label, s.code) for s in mapped.spans] == [("morphology", "8140/3"),
                                                         ("topography", "C18.7")]
    assert mapped.scored_labels == {"morphology", "topography", "differentiation"}
    assert mapped.qualifier_spans == mapped.inherited_spans == []


def test_e3c_timex_actor_and_event_rules() -> None:
    rows = [row("d1", "TIMEX3", "12/03/2019", timex3Class="DATE", value="2019-03-12"),
            row("d1", "TIMEX3", "six mois", timex3Class="DURATION", value="P6M"),
            row("d1", "TIMEX3", "pendant", timex3Class="SET", value="P1D"),
            row("d1", "ACTOR", "Patiente de 62 ans", role="PATIENT", age="62Y"),
            row("d1", "ACTOR", "Patiente", role="H-PROFESSIONAL", age="40Y"),
            row("d1", "EVENT", "métastase", polarity="NEG", contextualModality="ACTUAL"),
            row("d1", "EVENT", "chimiothérapie", polarity="POS",
                contextualModality="HYPOTHETICAL-OTHER"),
            row("d1", "CLINENTITY", "métastase hépatique")]
    mapped = map_gold(rows, LABEL_MAPS["e3c"])
    assert [(s.label, s.value) for s in mapped.spans] == [
        ("date", "2019-03-12"), ("duration", "P6M"), ("age", 62.0)]
    assert [(s.text, s.negated, s.hypothetical) for s in mapped.qualifier_spans] == [
        ("métastase", True, False), ("chimiothérapie", False, True)]
    [inherited] = mapped.inherited_spans
    assert (inherited.text, inherited.negated, inherited.hypothetical) == (
        "métastase hépatique", True, False)


def test_a_clinentity_without_event_has_no_qualifiers() -> None:
    mapped = map_gold([row("d1", "CLINENTITY", "scanner")], LABEL_MAPS["e3c"])
    assert mapped.inherited_spans == []


@pytest.mark.parametrize(("text", "years"), [("55Y", 55.0), ("8M", 8 / 12), ("0Y", 0.0),
                                              ("10D", 10 / 365.25), ("12", 12.0), ("âgé", None)])
def test_age_years(text: str, years: float | None) -> None:
    assert age_years(text) == pytest.approx(years) if years is not None else age_years(text) is None


@pytest.mark.parametrize(("value", "contract"), [
    ("2013-XX-XX", "2013"), ("2019-07-XX", "2019-07"), ("2014-10-20", "2014-10-20"),
    ("XXXX-XX-XX", None), ("XXXX-WX", None), ("PXD", None), ("P6M", "P6M"),
])
def test_timex_values_read_as_iso_8601_as_precise_as_known(value: str,
                                                          contract: str | None) -> None:
    assert timex_value(value) == contract


def test_choose_corpus_from_labels() -> None:
    assert choose_corpus({"morphologie", "expression_CIM"}, LABEL_MAPS) == "fracco"
    assert choose_corpus({"EVENT", "TIMEX3"}, LABEL_MAPS) == "e3c"
    assert choose_corpus({"morphology", "date"}, LABEL_MAPS) == "oncofr"


def test_oncofr_table_keeps_labels_and_reads_notes() -> None:
    rows = [row("d1", "date", "12/03/2019", note="2019-03-12", Negated=True),
            row("d1", "age", "62 ans", note="62"),
            row("d1", "drug", "FOLFOX", reference="L01XA03")]
    mapped = map_gold(rows, LABEL_MAPS["oncofr"])
    assert [(s.label, s.code, s.value, s.negated) for s in mapped.spans] == [
        ("date", None, "2019-03-12", True), ("age", None, 62, False),
        ("drug", "L01XA03", None, False)]
    assert len(mapped.qualifier_spans) == 3


def test_label_map_file_extends_a_table(tmp_path: Path) -> None:
    extra = tmp_path / "map.json"
    extra.write_text(json.dumps({"e3c": {"RML": {"label": "lab", "value": "mesure"}}}))
    maps = load_label_maps(extra)
    assert maps["e3c"]["RML"] == [{"label": "lab", "value": "mesure"}]
    assert "RML" not in LABEL_MAPS["e3c"]
    mapped = map_gold([row("d1", "RML", "62 ans", mesure="62 ans")], maps["e3c"])
    assert [(s.label, s.value) for s in mapped.spans] == [("lab", "62 ans")]
