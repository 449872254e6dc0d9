"""The document result: pydantic models that serialise to the `oncofr.document/1` contract.

Every exporter, the store, the web page and the evaluation read these objects. Field names and
meanings follow `spec/output.md`; fields may be added, never renamed. Offsets are Python `str`
indices into the original input text, so `original[start:end] == mention.text` always holds.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "oncofr.document/1"

DocumentType = Literal["case_report", "case_series", "review", "clinical_note", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Section(_Model):
    """A titled part of the document; `start`/`end` cover heading and body."""

    label: str
    title: str
    start: int
    end: int


class Mention(_Model):
    """A recognised span with its code or normalised value and the four qualifiers."""

    id: str
    label: str
    start: int
    end: int
    text: str
    code: str | None = None
    system: str | None = None
    value: Any = None
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    family: bool = False
    section: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)


class Meta(_Model):
    type: DocumentType = "other"
    language: str = "fr"
    note_date: str | None = None
    source: str | None = None
    format: str | None = None
    type_evidence: list[str] = Field(default_factory=list)


class Valued(_Model):
    """A record value with the mentions it comes from."""

    value: Any = None
    mentions: list[str] = Field(default_factory=list)


class Coded(_Model):
    code: str | None = None
    label: str | None = None
    mentions: list[str] = Field(default_factory=list)


class Patient(_Model):
    age: Valued | None = None
    sex: Valued | None = None


class Marker(_Model):
    name: str
    result: str | None = None
    mentions: list[str] = Field(default_factory=list)


class Tumour(_Model):
    topography: Coded | None = None
    morphology: Coded | None = None
    grade: Valued | None = None
    ki67: Valued | None = None
    stage: Valued | None = None
    markers: list[Marker] = Field(default_factory=list)


class Uptake(_Model):
    """An uptake score of functional imaging: `scale` `krenning` (0-4) or `deauville` (1-5)."""

    scale: str
    value: float
    mentions: list[str] = Field(default_factory=list)


class Metastasis(_Model):
    topography: Coded
    count: int | None = None
    largest_size_mm: float | None = None
    segments: list[str] = Field(default_factory=list)
    date: str | None = None
    timing: Valued | None = None  # `synchronous` or `metachronous`
    uptake: Uptake | None = None
    mentions: list[str] = Field(default_factory=list)


class Quantity(_Model):
    value: float | None = None
    unit: str | None = None


class Treatment(_Model):
    type: Literal[
        "surgery", "ablation", "intra_arterial", "systemic", "radionuclide", "radiotherapy", "other"
    ]
    name: str
    atc: str | None = None
    dose: Quantity | None = None
    frequency: str | None = None
    route: str | None = None
    start: str | None = None
    end: str | None = None
    line: int | None = None
    best_response: Literal["CR", "PR", "SD", "PD"] | None = None
    stop_reason: str | None = None
    mentions: list[str] = Field(default_factory=list)


class Lab(_Model):
    test: str
    loinc: str | None = None
    value: float | None = None
    unit: str | None = None
    flag: Literal["low", "high", "normal"] | None = None
    date: str | None = None
    mentions: list[str] = Field(default_factory=list)


class AdverseEvent(_Model):
    term: str
    grade: str | None = None
    attributed_to: str | None = None
    mentions: list[str] = Field(default_factory=list)


class Event(_Model):
    date: str | None = None
    kind: str
    label: str
    mentions: list[str] = Field(default_factory=list)


class Outcome(_Model):
    vital_status: Literal["alive", "dead", "unknown"] = "unknown"
    last_status: str | None = None
    last_follow_up: str | None = None
    mentions: list[str] = Field(default_factory=list)


class Count(_Model):
    """Something counted in a case series (« métastasectomie dans 4 cas »)."""

    label: str
    count: int | None = None
    mentions: list[str] = Field(default_factory=list)


class Cohort(_Model):
    """Summary of a case series: how many patients, their ages and sexes, what was done."""

    patients: int | None = None
    age_mean: float | None = None
    age_median: float | None = None
    age_min: float | None = None
    age_max: float | None = None
    sex: dict[str, int] = Field(default_factory=dict)
    treatments: list[Count] = Field(default_factory=list)
    outcomes: list[Finding] = Field(default_factory=list)


class Finding(_Model):
    """An outcome statement: an endpoint with its value or range, for an intervention."""

    endpoint: str
    intervention: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    timepoint: str | None = None  # ISO 8601 duration: « survie à 3 ans » -> P3Y
    text: str
    mentions: list[str] = Field(default_factory=list)


class Record(_Model):
    patient: Patient = Field(default_factory=Patient)
    tumours: list[Tumour] = Field(default_factory=list)
    metastases: list[Metastasis] = Field(default_factory=list)
    treatments: list[Treatment] = Field(default_factory=list)
    labs: list[Lab] = Field(default_factory=list)
    adverse_events: list[AdverseEvent] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    outcome: Outcome = Field(default_factory=Outcome)
    cohort: Cohort | None = None
    findings: list[Finding] = Field(default_factory=list)


class QualityWarning(_Model):
    kind: str
    message: str
    mentions: list[str] = Field(default_factory=list)


Cohort.model_rebuild()


class DocumentResult(_Model):
    """One input document's result (`"schema": "oncofr.document/1"`)."""

    schema_: Literal["oncofr.document/1"] = Field(default=SCHEMA, alias="schema")
    id: str
    meta: Meta = Field(default_factory=Meta)
    text: str | None = None
    sections: list[Section] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    record: Record = Field(default_factory=Record)
    warnings: list[QualityWarning] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json_dict(self) -> dict[str, Any]:
        """The contract as plain JSON types (`text` is left out when not carried)."""
        data = self.model_dump(mode="json", by_alias=True)
        if data["text"] is None:
            del data["text"]
        return data

    def to_json(self) -> str:
        import json

        return json.dumps(self.to_json_dict(), ensure_ascii=False)


class DocumentError(_Model):
    """Why one input could not be processed; written instead of a result."""

    id: str
    source: str | None = None
    error: str
    hint: str | None = None
