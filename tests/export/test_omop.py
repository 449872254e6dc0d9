"""OMOP CDM rows from hand-made results."""

from __future__ import annotations

from export_builders import TEXT, empty_result, net_result

from oncofr import __version__
from oncofr.export.common import stable_int
from oncofr.export.omop import TABLES, full_date, to_omop_rows


def rows(result=None, **options):
    return to_omop_rows(result or net_result(), nlp_date="2024-02-29", **options)


def test_every_table_with_its_columns():
    tables = rows()
    assert set(tables) == set(TABLES)
    for name, table in tables.items():
        assert all(list(row) == list(TABLES[name]) for row in table), name


def test_row_counts():
    counts = {name: len(table) for name, table in rows().items()}
    assert counts == {"person": 1, "note": 1, "note_nlp": 22, "condition_occurrence": 2,
                      "drug_exposure": 2, "procedure_occurrence": 1, "measurement": 9,
                      "observation": 5, "episode": 4, "episode_event": 4}


def test_empty_result():
    counts = {name: len(table) for name, table in rows(empty_result()).items()}
    assert counts["person"] == counts["note"] == 1
    assert counts["observation"] == 1  # vital status
    assert sum(counts.values()) == 3


def test_ids_unique_stable_and_document_specific():
    tables = rows()
    ids = [row[TABLES[name][0]] for name, table in tables.items()
           if name not in {"person", "episode_event"} for row in table]
    assert len(ids) == len(set(ids))
    assert tables == rows()
    other = rows(net_result(doc_id="cas/autre"))
    assert tables["note"][0]["note_id"] != other["note"][0]["note_id"]
    assert tables["person"][0]["person_id"] == stable_int("cas/tne-ileon")
    assert rows(person_id=7)["condition_occurrence"][0]["person_id"] == 7


def test_person():
    person = rows()["person"][0]
    assert person["gender_concept_id"] == 8507 and person["gender_source_value"] == "M"
    assert person["year_of_birth"] == 1960
    assert person["race_concept_id"] == 0


def test_note_text_only_on_request():
    assert rows()["note"][0]["note_text"] is None
    note = rows(include_text=True)["note"][0]
    assert note["note_text"] == TEXT and note["note_date"] == "2021-06-10"


def test_note_nlp_offsets_slice_the_text():
    for row in rows()["note_nlp"]:
        start, end = (int(n) for n in row["offset"].split("-"))
        assert TEXT[start:end] == row["lexical_variant"]
        assert row["lexical_variant"] in row["snippet"]
        assert row["snippet"] in TEXT.replace("\n", " ")
        assert row["nlp_system"] == f"OncoFR {__version__}"
        assert row["nlp_date"] == "2024-02-29"


def test_note_nlp_without_text_keeps_the_mention_as_snippet():
    for row in rows(net_result(with_text=False))["note_nlp"]:
        start, end = (int(n) for n in row["offset"].split("-"))
        assert row["snippet"] == row["lexical_variant"] == TEXT[start:end]


def test_note_nlp_qualifiers():
    by_text = {row["lexical_variant"]: row for row in rows()["note_nlp"]}
    assert by_text["tumeur neuroendocrine G2"]["term_exists"] == "Y"
    negated = by_text["métastase"]
    assert negated["term_exists"] == "N"
    assert negated["term_modifiers"] == (
        "label=morphology,negated=true,hypothetical=false,historical=false,family=false,"
        "code=8000/6,system=icdo3-morphology")
    assert by_text["cancer du côlon"]["term_exists"] == "N"
    assert by_text["Diabète de type 2"]["term_temporal"] == "historical"
    assert by_text["Diabète de type 2"]["term_exists"] == "Y"


def test_conditions_and_their_modifiers():
    tables = rows()
    primary, metastasis = tables["condition_occurrence"]
    assert primary["condition_source_value"] == "8249/3-C17.2"
    assert primary["condition_status_source_value"] == "primary"
    assert primary["condition_concept_id"] == 0
    assert primary["condition_start_date"] == "2021-06-10"
    assert metastasis["condition_source_value"] == "8000/6-C22.0"
    modifiers = {row["measurement_source_value"]: row for row in tables["measurement"]
                 if row["measurement_event_id"] is not None}
    assert modifiers["29593-1"]["value_as_number"] == 15.0
    assert modifiers["29593-1"]["measurement_event_id"] == primary["condition_occurrence_id"]
    assert modifiers["grade"]["value_source_value"] == "G2"
    assert modifiers["stage_group"]["value_source_value"] == "IV"
    assert modifiers["chromogranine A"]["value_source_value"] == "positive"
    assert modifiers["33728-7"]["measurement_event_id"] == metastasis["condition_occurrence_id"]
    assert modifiers["metastasis_timing"]["value_source_value"] == "synchronous"
    assert modifiers["uptake_krenning"]["value_as_number"] == 4.0


def test_lab_measurement():
    lab = next(row for row in rows()["measurement"] if row["measurement_source_value"] == "2823-3")
    assert (lab["value_as_number"], lab["unit_source_value"]) == (2.5, "mmol/L")
    assert lab["measurement_date"] == "2021-06-02"
    assert lab["value_source_value"] == "Kaliémie à 2,5 mmol/L"


def test_drugs_procedures_and_episodes():
    tables = rows()
    octreotide, everolimus = tables["drug_exposure"]
    assert octreotide["drug_source_value"] == "H01CB02"
    assert (octreotide["quantity"], octreotide["dose_unit_source_value"]) == (30, "mg")
    assert octreotide["drug_exposure_start_date"] == "2019-03-01"
    assert octreotide["sig"] == "octréotide, 30 mg, tous les 28 jours, im"
    assert everolimus["stop_reason"] == "toxicity"
    procedure = tables["procedure_occurrence"][0]
    assert procedure["procedure_source_value"] == "small_bowel_resection"
    assert procedure["procedure_date"] == "2019-01-14"
    disease, *treatments = tables["episode"]
    assert disease["episode_source_value"] == "disease:8249/3-C17.2"
    assert {t["episode_parent_id"] for t in treatments} == {disease["episode_id"]}
    assert [t["episode_number"] for t in treatments] == [None, 1, 2]
    events = {row["episode_id"]: row["event_id"] for row in tables["episode_event"]}
    assert events[treatments[1]["episode_id"]] == octreotide["drug_exposure_id"]


def test_observations():
    tables = rows()
    observations = {row["observation_source_value"]: row for row in tables["observation"]}
    everolimus = tables["drug_exposure"][1]
    event = observations["adverse_event"]
    assert (event["value_as_string"], event["qualifier_source_value"]) == ("mucosite", "2-3")
    assert event["observation_event_id"] == everolimus["drug_exposure_id"]
    assert observations["best_response"]["value_as_string"] == "SD"
    assert observations["age"]["value_as_number"] == 61
    assert observations["vital_status"]["value_as_string"] == "alive"


def test_full_date():
    assert [full_date(v) for v in ("2014", "2014-12", "2014-12-03", "mai 2014", None)] == [
        "2014-01-01", "2014-12-01", "2014-12-03", None, None]
