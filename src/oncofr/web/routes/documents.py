"""Stored documents: `GET /v1/documents`, `GET /v1/documents/{id}` and its FHIR Bundle."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from oncofr.models import DocumentResult
from oncofr.web import cohort
from oncofr.web.errors import ApiError
from oncofr.web.schemas import ERRORS, DocumentList, DocumentSummary
from oncofr.web.settings import StoreUrl

router = APIRouter(prefix="/v1/documents", tags=["documents"], responses=ERRORS)


@router.get("", response_model=DocumentList)
def list_documents(
    db: StoreUrl,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DocumentList:
    """The stored documents by id, a page at a time (with those in error)."""
    total, rows = cohort.documents(db, limit, offset)
    documents = [DocumentSummary(**row) for row in rows]
    return DocumentList(total=total, limit=limit, offset=offset, documents=documents)


# `{doc_id:path}`: ids made from file paths contain slashes; the /fhir route comes first.
@router.get(
    "/{doc_id:path}/fhir",
    responses={200: {"content": {"application/fhir+json": {}}, "description": "FHIR R4 Bundle"}},
)
def document_fhir(doc_id: str, db: StoreUrl) -> JSONResponse:
    """The FHIR R4 collection Bundle of one stored document (docs/exports.md)."""
    from oncofr.export.fhir import to_fhir_bundle

    result = DocumentResult.model_validate(_result(db, doc_id))
    return JSONResponse(to_fhir_bundle(result), media_type="application/fhir+json")


@router.get(
    "/{doc_id:path}",
    responses={200: {"model": DocumentResult, "description": "The document result."}},
)
def get_document(doc_id: str, db: StoreUrl) -> JSONResponse:
    """One stored document result (`oncofr.document/1`; `text` only if it was stored)."""
    return JSONResponse(_result(db, doc_id))


def _result(db: str, doc_id: str) -> dict:
    stored = cohort.document(db, doc_id)
    if stored is None:
        raise ApiError(404, "no such document", doc_id)
    if stored.result is None:
        raise ApiError(404, "document has no result", f"{stored.error} ({stored.hint})")
    return stored.result
