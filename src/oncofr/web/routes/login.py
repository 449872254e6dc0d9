"""`/login` and `/logout`: the browser's way to give the token once (see `oncofr.web.auth`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from oncofr.web.auth import COOKIE, safe_next, session_value, token_matches
from oncofr.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": safe_next(next)})


@router.post("/login")
def login(
    request: Request, token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/"
) -> Response:
    expected = request.app.state.settings.token
    if expected is None:
        return RedirectResponse(safe_next(next), status_code=303)
    if not token_matches(token, expected):
        context = {"next": safe_next(next), "failed": True}
        return render(request, "login.html", context, status_code=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE, session_value(expected), httponly=True, samesite="strict", path="/"
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
