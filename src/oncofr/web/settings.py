"""What one running application was started with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    db: str | None  # the store (DuckDB file or postgresql:// URL), or None: no cohort pages
    token: str | None  # the bearer token every request but /health must carry, or None
    max_upload_bytes: int  # the largest request body accepted


def get_settings(request: Request) -> Settings:
    """FastAPI dependency: the application's settings."""
    return request.app.state.settings


def store_url(request: Request) -> str:
    """FastAPI dependency: the store's URL; 404 when the server has none."""
    from oncofr.web.errors import ApiError

    db = get_settings(request).db
    if db is None:
        raise ApiError(404, "no store", "start the server with --db cohort.duckdb")
    return db


CurrentSettings = Annotated[Settings, Depends(get_settings)]
StoreUrl = Annotated[str, Depends(store_url)]
