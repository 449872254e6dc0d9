"""Request and response bodies of the API, as documented in its OpenAPI description."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from oncofr.export.common import ISO_DATE

DOC_ID = Field("document", min_length=1, max_length=200, description="The document id.")
NOTE_DATE = Field(
    None,
    pattern=f"^(?:{ISO_DATE.pattern})$",
    description="The note's date, ISO 8601 (2021-03-14, 2021-03 or 2021): resolves relative dates.",
    examples=["2021-03-14"],
)


class ExtractOptions(BaseModel):
    """What an upload carries besides its file (multipart form fields)."""

    model_config = ConfigDict(extra="forbid")

    note_date: str | None = NOTE_DATE
    id: str = DOC_ID


class ExtractRequest(ExtractOptions):
    """A text to extract, as JSON."""

    text: str = Field(min_length=1, description="The French clinical text.")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("the text is blank")
        return text


class ErrorBody(BaseModel):
    error: str = Field(description="What went wrong, in a few words.")
    detail: Any = Field(None, description="Why, or what to do about it.")


class Health(BaseModel):
    status: str
    version: str
    store: bool = Field(description="Whether the server was started with --db.")


class DocumentSummary(BaseModel):
    id: str
    status: str = Field(description="ok, or error (the document could not be processed).")
    doc_type: str | None = None
    note_date: str | None = None
    source: str | None = None
    format: str | None = None
    error: str | None = None
    processed_at: str | None = None


class DocumentList(BaseModel):
    total: int
    limit: int
    offset: int
    documents: list[DocumentSummary]


class FilterParams(BaseModel):
    """The filters of `oncofr query`, combined with AND; empty means no condition."""

    primary: str | None = Field(None, description="Primary site, ICD-O-3 topography prefix: C17")
    metastasis: str | None = Field(None, description="Metastasis site prefix: C22")
    morphology: str | None = Field(None, description="ICD-O-3 morphology prefix: 8240, 824")
    ki67: str | None = Field(None, description="A tumour's Ki-67 (%): >=3, <2, 20")
    drug: str | None = Field(None, description="Treatment name (any case, accents) or ATC prefix")
    response: str | None = Field(None, description="That treatment's best response: CR PR SD PD")
    sex: str | None = Field(None, description="F or M")
    age: str | None = Field(None, description="Age in years: >=50")


class PatientPage(BaseModel):
    """Patient records (one per stored document) meeting every filter."""

    total: int = Field(description="How many records meet the filters.")
    limit: int
    offset: int
    columns: list[str]
    patients: list[dict[str, Any]]


class Count(BaseModel):
    key: str
    label: str | None = None
    count: int


class CohortSummary(BaseModel):
    total: int = Field(description="Patient records in the store.")
    patients: int = Field(description="Patient records meeting the filters.")
    sex: dict[str, int]
    primary_sites: list[Count] = Field(description="Records with a primary tumour at each site.")
    metastasis_sites: list[Count] = Field(description="Records with a metastasis at each site.")
    treatments: list[Count] = Field(description="Records with each treatment.")
    responses: list[Count] = Field(description="Treatments with each best response (RECIST).")


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in {
        400: "Bad input", 401: "Missing or wrong token", 404: "Not found",
        413: "Request too large", 422: "Invalid parameters",
    }.items()
}
