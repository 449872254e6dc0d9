"""OMOP CDM 5.4 rows built from one document result.

Tables: PERSON, NOTE, NOTE_NLP (one row per mention, with offsets and qualifiers),
CONDITION_OCCURRENCE (primary tumours and metastatic sites), DRUG_EXPOSURE, PROCEDURE_OCCURRENCE,
MEASUREMENT (labs, Ki-67, grade, stage, markers, metastasis size), OBSERVATION (age, adverse
events, best responses, outcome), EPISODE and EPISODE_EVENT (one disease episode per primary
tumour, one treatment episode per treatment). OncoFR does not ship the OMOP vocabulary: every
`*_concept_id` is 0 (gender excepted) and the codes go in the `*_source_value` columns, to be
mapped with the vocabulary tables or Usagi. Row ids are `stable_int(doc id) * 100000 + n`, one
running `n` per document across all tables, so they are unique and the same on every run;
they need BIGINT columns. Mapping tables: `docs/exports.md`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from oncofr import __version__
from oncofr.export.common import (
    MentionIndex,
    dose_text,
    is_medication,
    iso_date,
    stable_int,
    ucum,
)
from oncofr.models import DocumentResult, Lab, Mention, Metastasis, Treatment, Tumour

ROWS_PER_DOCUMENT = 100_000
SNIPPET_CONTEXT = 40
SNIPPET_MAX = 250
GENDER_CONCEPTS = {"F": 8532, "M": 8507}

TABLES: dict[str, tuple[str, ...]] = {
    "person": (
        "person_id", "gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth",
        "birth_datetime", "race_concept_id", "ethnicity_concept_id", "location_id",
        "provider_id", "care_site_id", "person_source_value", "gender_source_value",
        "gender_source_concept_id", "race_source_value", "race_source_concept_id",
        "ethnicity_source_value", "ethnicity_source_concept_id"),
    "note": (
        "note_id", "person_id", "note_date", "note_datetime", "note_type_concept_id",
        "note_class_concept_id", "note_title", "note_text", "encoding_concept_id",
        "language_concept_id", "provider_id", "visit_occurrence_id", "visit_detail_id",
        "note_source_value", "note_event_id", "note_event_field_concept_id"),
    "note_nlp": (
        "note_nlp_id", "note_id", "section_concept_id", "snippet", "offset", "lexical_variant",
        "note_nlp_concept_id", "note_nlp_source_concept_id", "nlp_system", "nlp_date",
        "nlp_datetime", "term_exists", "term_temporal", "term_modifiers"),
    "condition_occurrence": (
        "condition_occurrence_id", "person_id", "condition_concept_id", "condition_start_date",
        "condition_start_datetime", "condition_end_date", "condition_end_datetime",
        "condition_type_concept_id", "condition_status_concept_id", "stop_reason",
        "provider_id", "visit_occurrence_id", "visit_detail_id", "condition_source_value",
        "condition_source_concept_id", "condition_status_source_value"),
    "drug_exposure": (
        "drug_exposure_id", "person_id", "drug_concept_id", "drug_exposure_start_date",
        "drug_exposure_start_datetime", "drug_exposure_end_date", "drug_exposure_end_datetime",
        "verbatim_end_date", "drug_type_concept_id", "stop_reason", "refills", "quantity",
        "days_supply", "sig", "route_concept_id", "lot_number", "provider_id",
        "visit_occurrence_id", "visit_detail_id", "drug_source_value", "drug_source_concept_id",
        "route_source_value", "dose_unit_source_value"),
    "procedure_occurrence": (
        "procedure_occurrence_id", "person_id", "procedure_concept_id", "procedure_date",
        "procedure_datetime", "procedure_end_date", "procedure_end_datetime",
        "procedure_type_concept_id", "modifier_concept_id", "quantity", "provider_id",
        "visit_occurrence_id", "visit_detail_id", "procedure_source_value",
        "procedure_source_concept_id", "modifier_source_value"),
    "measurement": (
        "measurement_id", "person_id", "measurement_concept_id", "measurement_date",
        "measurement_datetime", "measurement_time", "measurement_type_concept_id",
        "operator_concept_id", "value_as_number", "value_as_concept_id", "unit_concept_id",
        "range_low", "range_high", "provider_id", "visit_occurrence_id", "visit_detail_id",
        "measurement_source_value", "measurement_source_concept_id", "unit_source_value",
        "unit_source_concept_id", "value_source_value", "measurement_event_id",
        "meas_event_field_concept_id"),
    "observation": (
        "observation_id", "person_id", "observation_concept_id", "observation_date",
        "observation_datetime", "observation_type_concept_id", "value_as_number",
        "value_as_string", "value_as_concept_id", "qualifier_concept_id", "unit_concept_id",
        "provider_id", "visit_occurrence_id", "visit_detail_id", "observation_source_value",
        "observation_source_concept_id", "unit_source_value", "qualifier_source_value",
        "value_source_value", "observation_event_id", "obs_event_field_concept_id"),
    "episode": (
        "episode_id", "person_id", "episode_concept_id", "episode_start_date",
        "episode_start_datetime", "episode_end_date", "episode_end_datetime",
        "episode_parent_id", "episode_number", "episode_object_concept_id",
        "episode_type_concept_id", "episode_source_value", "episode_source_concept_id"),
    "episode_event": ("episode_id", "event_id", "episode_event_field_concept_id"),
}

Row = dict[str, Any]


def to_omop_rows(result: DocumentResult, person_id: int | None = None,
                 nlp_date: str | None = None, include_text: bool = False) -> dict[str, list[Row]]:
    """The OMOP rows of one result, by table (every table present, possibly empty).

    `person_id` defaults to a stable hash of the document id; `nlp_date` (ISO) to today;
    `include_text` fills `note.note_text` when the result carries its text.
    """
    builder = _OmopBuilder(result, person_id, nlp_date or date.today().isoformat())
    return builder.build(include_text)


def full_date(value: str | None) -> str | None:
    """An ISO date completed to a day (`2014-12` → `2014-12-01`, `2014` → `2014-01-01`)."""
    value = iso_date(value)
    return None if value is None else value + "-01" * ((10 - len(value)) // 3)


def term_modifiers(mention: Mention) -> str:
    """`label=…,negated=…,hypothetical=…,historical=…,family=…[,code=…,system=…,section=…]`."""
    pairs = [("label", mention.label)] + [
        (name, str(getattr(mention, name)).lower())
        for name in ("negated", "hypothetical", "historical", "family")]
    pairs += [(name, value) for name in ("code", "system", "section")
              if (value := getattr(mention, name))]
    return ",".join(f"{name}={value}" for name, value in pairs)


def snippet(text: str | None, mention: Mention) -> str:
    """The mention with up to SNIPPET_CONTEXT characters each side (line breaks as spaces)."""
    if text is None:
        return mention.text
    start, end = max(0, mention.start - SNIPPET_CONTEXT), mention.end + SNIPPET_CONTEXT
    window = text[start:end] if end - start <= SNIPPET_MAX else mention.text[:SNIPPET_MAX]
    return window.replace("\r", " ").replace("\n", " ")


class _OmopBuilder:
    """Accumulates the rows of one document."""

    def __init__(self, result: DocumentResult, person_id: int | None, nlp_date: str) -> None:
        self.result = result
        self.mentions = MentionIndex(result)
        self.person_id = person_id if person_id is not None else stable_int(result.id)
        self.nlp_date = nlp_date
        self.note_date = full_date(result.meta.note_date)
        self.base = stable_int(result.id) * ROWS_PER_DOCUMENT
        self.count = 0
        self.tables: dict[str, list[Row]] = {name: [] for name in TABLES}
        self.disease_episodes: list[int] = []
        self.treatments: dict[str, int] = {}

    def build(self, include_text: bool) -> dict[str, list[Row]]:
        record = self.result.record
        self._person()
        note_id = self._note(include_text)
        for mention in self.result.mentions:
            self._note_nlp(note_id, mention)
        for tumour in record.tumours:
            self._tumour(tumour)
        for metastasis in record.metastases:
            self._metastasis(metastasis)
        disease = self.disease_episodes[0] if len(self.disease_episodes) == 1 else None
        for treatment in record.treatments:
            self._treatment(treatment, disease)
        for lab in record.labs:
            self._lab(lab)
        self._observations()
        return self.tables

    def _add(self, table: str, **values: Any) -> int:
        """Append a row to `table` (a new id in its first column unless given); return the id."""
        columns = TABLES[table]
        if columns[0] not in values:
            self.count += 1
            if self.count >= ROWS_PER_DOCUMENT:
                raise ValueError(f"{self.result.id}: more than {ROWS_PER_DOCUMENT} OMOP rows")
            values[columns[0]] = self.base + self.count
        if "person_id" in columns:
            values["person_id"] = self.person_id
        self.tables[table].append({column: values.get(
            column, 0 if column.endswith("_concept_id") else None) for column in columns})
        return values.get(columns[0])

    def _person(self) -> None:
        patient = self.result.record.patient
        sex = patient.sex.value if patient.sex else None
        age = patient.age.value if patient.age else None
        birth_year = int(self.note_date[:4]) - int(age) if self.note_date and isinstance(
            age, int | float) else None
        self._add("person", person_id=self.person_id, gender_concept_id=GENDER_CONCEPTS.get(
            sex, 0), year_of_birth=birth_year, person_source_value=self.result.id,
            gender_source_value=sex)

    def _note(self, include_text: bool) -> int:
        meta = self.result.meta
        return self._add("note", note_date=self.note_date, note_title=self.result.id,
                         note_text=self.result.text if include_text else None,
                         note_source_value=meta.source or self.result.id)

    def _note_nlp(self, note_id: int, mention: Mention) -> None:
        absent = mention.negated or mention.hypothetical or mention.family
        self._add("note_nlp", note_id=note_id, snippet=snippet(self.result.text, mention),
                  offset=f"{mention.start}-{mention.end}", lexical_variant=mention.text,
                  nlp_system=f"OncoFR {__version__}", nlp_date=self.nlp_date,
                  term_exists="N" if absent else "Y",
                  term_temporal="historical" if mention.historical else None,
                  term_modifiers=term_modifiers(mention))

    def _condition(self, source: str | None, status: str, start: str | None) -> int:
        return self._add("condition_occurrence", condition_start_date=start or self.note_date,
                         condition_source_value=source, condition_status_source_value=status)

    def _tumour(self, tumour: Tumour) -> None:
        codes = [c.code for c in (tumour.morphology, tumour.topography) if c and c.code]
        condition = self._condition("-".join(codes) or None, "primary", None)
        episode = self._add("episode", episode_start_date=self.note_date,
                            episode_source_value=f"disease:{'-'.join(codes)}")
        self._add("episode_event", episode_id=episode, event_id=condition)
        self.disease_episodes.append(episode)
        if tumour.ki67 and tumour.ki67.value is not None:
            self._modifier(condition, "29593-1", number=tumour.ki67.value, unit="%")
        for name, valued in (("grade", tumour.grade), ("stage_group", tumour.stage)):
            if valued and valued.value is not None:
                self._modifier(condition, name, text=str(valued.value))
        for marker in tumour.markers:
            self._modifier(condition, marker.name, text=marker.result)

    def _metastasis(self, metastasis: Metastasis) -> None:
        code = metastasis.topography.code
        condition = self._condition(f"8000/6-{code}" if code else None, "metastasis",
                                    full_date(metastasis.date))
        if metastasis.largest_size_mm is not None:
            self._modifier(condition, "33728-7", number=metastasis.largest_size_mm, unit="mm")
        if metastasis.count is not None:
            self._modifier(condition, "lesion_count", number=metastasis.count)
        if metastasis.timing:
            self._modifier(condition, "metastasis_timing", text=str(metastasis.timing.value))
        if metastasis.uptake:
            self._modifier(condition, f"uptake_{metastasis.uptake.scale}",
                           number=metastasis.uptake.value)

    def _modifier(self, condition: int, source: str, number: float | None = None,
                  unit: str | None = None, text: str | None = None) -> None:
        """A MEASUREMENT that qualifies a condition (`measurement_event_id`)."""
        self._add("measurement", measurement_date=self.note_date, measurement_source_value=source,
                  value_as_number=number, unit_source_value=unit, value_source_value=text,
                  measurement_event_id=condition)

    def _lab(self, lab: Lab) -> None:
        """A lab MEASUREMENT; the verbatim result (mention text) goes in `value_source_value`."""
        verbatim = " ".join(m.text for m in self.mentions.get(lab.mentions))
        self._add("measurement", measurement_date=full_date(lab.date) or self.note_date,
                  measurement_source_value=lab.loinc or lab.test, value_as_number=lab.value,
                  unit_source_value=ucum(lab.unit) or lab.unit,
                  value_source_value=verbatim or lab.test)

    def _treatment(self, treatment: Treatment, disease: int | None) -> None:
        start = full_date(treatment.start) or self.note_date
        end = full_date(treatment.end)
        if is_medication(treatment):
            dose = treatment.dose
            event = self._add(
                "drug_exposure", drug_exposure_start_date=start,
                drug_exposure_end_date=end or start, verbatim_end_date=end,
                stop_reason=treatment.stop_reason, quantity=dose.value if dose else None,
                sig=_sig(treatment), drug_source_value=treatment.atc or treatment.name,
                route_source_value=treatment.route,
                dose_unit_source_value=dose.unit if dose else None)
        else:
            event = self._add(
                "procedure_occurrence", procedure_date=start, procedure_end_date=end,
                procedure_source_value=self.mentions.code(treatment.mentions, "procedure")
                or treatment.name)
        self.treatments.setdefault(treatment.name.lower(), event)
        episode = self._add("episode", episode_start_date=start, episode_end_date=end,
                            episode_parent_id=disease, episode_number=treatment.line,
                            episode_source_value=f"{treatment.type}:{treatment.name}")
        self._add("episode_event", episode_id=episode, event_id=event)
        if treatment.best_response:
            self._observation("best_response", string=treatment.best_response, event=event)

    def _observation(self, kind: str, string: str | None = None, number: float | None = None,
                     event: int | None = None, when: str | None = None, **values: Any) -> None:
        self._add("observation", observation_date=when or self.note_date,
                  observation_source_value=kind, value_as_string=string, value_as_number=number,
                  observation_event_id=event, **values)

    def _observations(self) -> None:
        """Age, adverse events and outcome as OBSERVATION rows."""
        record = self.result.record
        if record.patient.age and record.patient.age.value is not None:
            self._observation("age", number=record.patient.age.value, unit_source_value="a")
        for event in record.adverse_events:
            self._observation("adverse_event", string=event.term,
                              event=self.treatments.get((event.attributed_to or "").lower()),
                              qualifier_source_value=event.grade)
        outcome = record.outcome
        follow_up = full_date(outcome.last_follow_up)
        self._observation("vital_status", string=outcome.vital_status, when=follow_up)
        if outcome.last_status:
            self._observation("last_disease_status", string=outcome.last_status, when=follow_up)


def _sig(treatment: Treatment) -> str:
    return ", ".join(filter(None, (treatment.name, dose_text(treatment.dose),
                                   treatment.frequency, treatment.route)))
