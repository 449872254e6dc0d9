"""The FastAPI application: API under /v1, pages, static assets, and the middlewares that guard
them (token, body size, host names, security headers)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from oncofr.web.auth import TokenAuth
from oncofr.web.errors import install_error_handlers
from oncofr.web.headers import SecurityHeaders
from oncofr.web.limits import BodyLimit
from oncofr.web.routes import documents, extract, health, login, pages, patients
from oncofr.web.settings import DEFAULT_MAX_UPLOAD_BYTES, Settings

STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    db: str | None = None,
    token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    *,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The application on the store `db` (None: extraction only); `token`: the bearer token
    every request but /health must carry; `allowed_hosts`: the Host names answered (None: any),
    which keeps a localhost server out of reach of DNS-rebinding web pages."""
    from oncofr import __version__

    app = FastAPI(
        title="OncoFR",
        version=__version__,
        summary="French oncology clinical text to structured, coded, auditable records.",
        openapi_url="/v1/openapi.json",
        docs_url=None,  # the interactive docs load their scripts from a CDN
        redoc_url=None,
    )
    token = token or None  # an empty ONCOFR_TOKEN means no token
    app.state.settings = Settings(db=db, token=token, max_upload_bytes=max_upload_bytes)
    install_error_handlers(app)
    for router in (health, extract, documents, patients, pages, login):
        app.include_router(router.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # added last = outermost: hosts are checked first, the body size before anything is read
    app.add_middleware(BodyLimit, max_bytes=max_upload_bytes)
    if token:
        app.add_middleware(TokenAuth, token=token)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app
