"""Every error as JSON `{"error": ..., "detail": ...}` with its status code; pages get HTML."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from oncofr.web.render import render


class ApiError(Exception):
    """An error to answer with `status`: `error` says what, `detail` says why or what to do."""

    def __init__(self, status: int, error: str, detail: Any = None) -> None:
        super().__init__(error)
        self.status, self.error, self.detail = status, error, detail


def error_response(
    status: int, error: str, detail: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status, headers=headers)


def wants_page(request: Request) -> bool:
    """A browser navigating to a page (not an API call)."""
    accepts_html = "text/html" in request.headers.get("accept", "")
    return accepts_html and request.method == "GET" and not request.url.path.startswith("/v1/")


def validation_detail(errors: Any) -> list[dict[str, Any]]:
    """Pydantic errors reduced to where (`loc`) and what (`msg`)."""
    return [{"loc": list(error.get("loc", ())), "msg": error.get("msg", "")} for error in errors]


def install_error_handlers(app: FastAPI) -> None:
    async def api_error(request: Request, error: ApiError) -> Response:
        return _answer(request, error.status, error.error, error.detail)

    async def http_error(request: Request, error: HTTPException) -> Response:
        return _answer(
            request, error.status_code, HTTPStatus(error.status_code).phrase.lower(), error.detail,
            getattr(error, "headers", None),
        )

    async def invalid(request: Request, error: RequestValidationError) -> Response:
        return error_response(422, "invalid request", validation_detail(error.errors()))

    async def unexpected(request: Request, error: Exception) -> Response:
        return error_response(500, "internal error", f"{type(error).__name__}; see the server log")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, unexpected)


def _answer(
    request: Request, status: int, error: str, detail: Any, headers: dict[str, str] | None = None
) -> Response:
    if wants_page(request):
        context = {"status": status, "error": error, "detail": detail}
        return render(request, "error.html", context, status_code=status)
    return error_response(status, error, detail, headers)
