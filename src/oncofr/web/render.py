"""HTML pages from the Jinja2 templates in `templates/`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

TEMPLATES_DIR = Path(__file__).parent / "templates"


@cache
def _templates() -> Jinja2Templates:
    return Jinja2Templates(directory=TEMPLATES_DIR)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render page `name`; every page knows whether there is a store and a token."""
    settings = request.app.state.settings
    base = {"has_db": settings.db is not None, "has_token": settings.token is not None}
    return _templates().TemplateResponse(
        request, name, base | (context or {}), status_code=status_code
    )
