"""Laboratory results: `recognize.labs` and `record.labs` on invented French sentences."""

from __future__ import annotations

import pytest

from oncofr.document import Document
from oncofr.models import DocumentResult, Mention
from oncofr.pipeline import Pipeline
from oncofr.recognize.labs import convert, units, written_unit

PIPELINE = Pipeline.from_config(
    [
        {"name": name}
        for name in ("clean.text", "segment.sentences", "recognize.labs", "record.labs")
    ]
)


def run(text: str) -> DocumentResult:
    result = PIPELINE.run(Document(id="t", original=text))
    for mention in result.mentions:
        assert text[mention.start : mention.end] == mention.text
    return result


def labs(text: str) -> list[Mention]:
    return [m for m in run(text).mentions if m.label == "lab"]


def test_inline_series_with_dots_and_commas():
    found = labs("Ionogramme : Na 131 mmol/L, K 2,9 mmol/l, Cl 96 mmol/L, Ca 2.45 mmol/L.")
    assert [m.text for m in found] == [
        "Na 131 mmol/L",
        "K 2,9 mmol/l",
        "Cl 96 mmol/L",
        "Ca 2.45 mmol/L",
    ]
    assert [(m.value["test"], m.value["value"]) for m in found] == [
        ("sodium", 131),
        ("potassium", 2.9),
        ("chlore", 96),
        ("calcium", 2.45),
    ]
    potassium = found[1]
    assert potassium.code == "2823-3" and potassium.system == "loinc"
    assert potassium.value["unit"] == "mmol/L" and potassium.value["comparator"] is None
    assert potassium.attributes["unit_as_written"] == "mmol/l"
    assert potassium.attributes["flag"] == "low"


def test_micro_units_written_with_mu_or_u():
    mu, u = labs("Créatininémie à 98 µmol/l puis ferritine 250 ug/L.")
    assert (mu.value["test"], mu.value["unit"], mu.attributes["flag"]) == (
        "créatinine",
        "umol/L",
        "normal",
    )
    assert (u.value["test"], u.value["value"], u.value["unit"]) == ("ferritine", 250, "ug/L")


def test_time_and_percent_for_tests_measured_so():
    tca, tp = labs("TCA 38 s, TP 65 %.")
    assert (tca.value["test"], tca.value["unit"]) == ("tca", "s")
    assert (tp.value["test"], tp.value["unit"], tp.attributes["flag"]) == ("tp", "%", "low")


def test_names_without_accents():
    (lab,) = labs("creatininemie a 98 umol/l")
    assert (lab.value["test"], lab.value["unit"]) == ("créatinine", "umol/L")


def test_mass_concentration_converted_through_molar_mass():
    (creatinine,) = labs("La créatinine était à 1,2 mg/dL.")
    assert creatinine.attributes["reference_unit"] == "umol/L"
    assert creatinine.attributes["value_in_reference_unit"] == pytest.approx(106.08, abs=0.1)
    (glucose,) = labs("Glycémie à jeun : 1,80 g/L.")
    assert glucose.attributes["value_in_reference_unit"] == pytest.approx(9.99, abs=0.01)
    assert glucose.attributes["flag"] == "high"


@pytest.mark.parametrize(
    ("text", "comparator", "value"),
    [
        ("CRP < 5 mg/L", "<", 5),
        ("PSA inférieur à 0,1 ng/mL", "<", 0.1),
        ("LDH > 1000 UI/L", ">", 1000),
    ],
)
def test_comparators(text: str, comparator: str, value: float):
    (lab,) = labs(text)
    assert (lab.value["comparator"], lab.value["value"]) == (comparator, value)


def test_comparator_decides_the_flag_only_when_it_can():
    assert labs("CRP < 5 mg/L")[0].attributes["flag"] == "normal"
    assert "flag" not in labs("Kaliémie < 5 mmol/L")[0].attributes


def test_range_keeps_both_bounds():
    (lab,) = labs("Kaliémie entre 3,2 et 3,4 mmol/L.")
    assert lab.value["value"] == 3.4 and lab.attributes["range"] == [3.2, 3.4]
    assert lab.text == "Kaliémie entre 3,2 et 3,4 mmol/L"


def test_tumour_marker_after_a():
    (lab,) = labs("Chromogranine A à 550 µg/L au diagnostic.")
    assert lab.value == {
        "test": "chromogranine a",
        "value": 550,
        "unit": "ug/L",
        "comparator": None,
    }
    assert lab.code == "9811-1"
    assert lab.attributes["value_in_reference_unit"] == pytest.approx(550)


@pytest.mark.parametrize(
    "text",
    [
        "Les 5-HIAA urinaires sont élevés.",
        "Métastase hépatique de 4,3 cm.",
        "TSH normale, 1,9.",
        "Réponse complète (CR 85 µmol/L).",
        "Leucocytes : 80 % de neutrophiles.",
        "Créatinine à 3 mois de la chirurgie.",
    ],
)
def test_no_result_without_test_number_and_unit(text: str):
    assert labs(text) == []


def test_unit_read_from_reference_interval():
    (lab,) = labs("Marqueurs : CA 15.3 : 41 (0-30 U/ml).")
    assert lab.value["test"] == "ca 15-3" and lab.value["unit"] == "U/mL"
    assert lab.attributes["reference_range"] == [0, 30] and lab.attributes["flag"] == "high"
    assert lab.text.endswith("(0-30 U/ml)")


def test_respectively_takes_tests_of_earlier_results():
    text = "DFG 48 ml/min et créatinine 1,5 mg/dl (puis 72 ml/min et 1,0 mg/dl, respectivement)."
    found = labs(text)
    assert [(m.value["test"], m.value["value"]) for m in found] == [
        ("dfg", 48),
        ("créatinine", 1.5),
        ("dfg", 72),
        ("créatinine", 1.0),
    ]
    assert found[2].text == "72 ml/min" and found[2].attributes["respectively"] is True


def test_offsets_survive_cleaning():
    text = "Bilan\u00a0: hémoglobine\u00a0: 9,8\u00a0g/dl ; plaquettes 95 000/mm³."
    hemoglobin, platelets = labs(text)
    assert hemoglobin.text == "hémoglobine\u00a0: 9,8\u00a0g/dl"
    assert platelets.value["value"] == 95000 and platelets.value["unit"] == "/mm3"
    assert platelets.attributes["value_in_reference_unit"] == pytest.approx(95)


def test_record_labs_normalise_units_and_merge_repeats():
    result = run("LDH 350 UI/l. Kaliémie 2,5 mmol/l. Rappel : kaliémie 2,5 mmol/l.")
    assert [(lab.test, lab.value, lab.unit, lab.flag) for lab in result.record.labs] == [
        ("ldh", 350, "UI/L", None),
        ("potassium", 2.5, "mmol/L", "low"),
    ]
    assert len(result.record.labs[1].mentions) == 2
    assert result.record.labs[1].loinc == "2823-3"


def test_written_unit_and_conversion_helpers():
    assert written_unit("µmol/l") == "µmol/L" and written_unit("ml/min") == "mL/min"
    assert written_unit("g/dl") == "g/dL" and written_unit("cellules/mm3") == "cellules/mm3"
    assert convert(1.0, units()["g/L"], "umol/L", "albumine") is None


def test_record_lab_takes_the_date_written_before_it():
    pipeline = Pipeline.from_config(
        [
            {"name": name}
            for name in (
                "clean.text",
                "segment.sentences",
                "recognize.dates",
                "recognize.labs",
                "record.labs",
            )
        ]
    )
    result = pipeline.run(Document(id="t", original="Le 12/03/2015, kaliémie à 2,5 mmol/L."))
    (lab,) = result.record.labs
    assert lab.date == "2015-03-12"
