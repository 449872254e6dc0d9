"""`POST /v1/extract`: one text (JSON) or one uploaded file (multipart) to its document result.

Nothing is stored and no server path is read: an upload is decoded in memory.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from oncofr.ingest.errors import InputError
from oncofr.models import DocumentResult
from oncofr.web.errors import ApiError, validation_detail
from oncofr.web.extraction import extract_file, extract_text
from oncofr.web.schemas import ERRORS, ExtractOptions, ExtractRequest

router = APIRouter(prefix="/v1", tags=["extract"])
Options = TypeVar("Options", bound=ExtractOptions)

_UPLOAD_SCHEMA = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": ".txt, .md, .html, .pdf"},
        **ExtractOptions.model_json_schema()["properties"],
    },
}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ExtractRequest.model_json_schema()},
            "multipart/form-data": {"schema": _UPLOAD_SCHEMA},
        },
    }
}


@router.post(
    "/extract",
    openapi_extra=_BODY,
    responses={
        200: {"model": DocumentResult, "description": "The document result (with its text)."},
        **ERRORS,
        415: {"description": "Neither JSON nor multipart/form-data"},
    },
)
async def extract(request: Request) -> JSONResponse:
    """Extract the record of one French clinical text: JSON `{text, note_date?, id?}`, or a
    multipart upload with a `file` field (and optional `note_date`, `id` fields)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        payload = _validated(ExtractRequest, await request.body())
        result = await run_in_threadpool(
            extract_text, payload.text, payload.note_date, payload.id
        )
    elif content_type == "multipart/form-data":
        result = await _extract_upload(request)
    else:
        raise ApiError(415, "unsupported content type", "send application/json or a file upload")
    return JSONResponse(result.to_json_dict())


async def _extract_upload(request: Request) -> DocumentResult:
    form = await request.form(max_files=1, max_fields=8)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise ApiError(400, "no file", "send the document in a form field named 'file'")
    filename = PurePath(upload.filename or "upload.txt").name
    fields = {key: value for key in ("note_date", "id") if (value := form.get(key))}
    options = _validated(ExtractOptions, {"id": PurePath(filename).stem or "upload", **fields})
    data = await upload.read()
    try:
        return await run_in_threadpool(extract_file, data, filename, options.note_date, options.id)
    except InputError as error:
        raise ApiError(400, error.message, error.hint) from error


def _validated(model: type[Options], data: bytes | dict[str, Any]) -> Options:
    """`data` as `model`: 400 for a body that is no JSON, 422 for invalid fields."""
    try:
        if isinstance(data, bytes):
            return model.model_validate_json(data)
        return model.model_validate(data)
    except ValidationError as error:
        if any(item["type"] == "json_invalid" for item in error.errors()):
            raise ApiError(
                400, "invalid JSON", "send a JSON object {text, note_date?, id?}"
            ) from error
        raise ApiError(422, "invalid request", validation_detail(error.errors())) from error

