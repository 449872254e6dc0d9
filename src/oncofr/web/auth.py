"""Optional bearer-token authentication of every request but `/health`, the login page and the
static assets (which hold no data).

API clients send `Authorization: Bearer TOKEN`. Browsers log in once on `/login`, which sets an
HttpOnly, SameSite=Strict cookie holding a digest of the token (never the token itself).
"""

from __future__ import annotations

import hashlib
import hmac

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from oncofr.web.errors import error_response, wants_page

COOKIE = "oncofr_session"
PUBLIC_PATHS = ("/health", "/login")
PUBLIC_PREFIXES = ("/static/",)


def session_value(token: str) -> str:
    """The cookie value that proves the browser was given `token`."""
    return hashlib.sha256(f"oncofr-session:{token}".encode()).hexdigest()


def token_matches(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def safe_next(path: str | None) -> str:
    """Where to go after logging in: a local path only (no open redirect)."""
    if path and path.startswith("/") and not path.startswith(("//", "/\\")):
        return path
    return "/"


class TokenAuth:
    """ASGI middleware: refuses requests without the token (401 JSON, or the login page)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self.token, self.session = app, token, session_value(token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._public(scope["path"]) or self._allowed(scope):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if wants_page(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            response = RedirectResponse(f"/login?next={_quote(target)}", status_code=303)
        else:
            response = error_response(
                401, "unauthorised", "send the header Authorization: Bearer TOKEN",
                {"WWW-Authenticate": "Bearer"},
            )
        await response(scope, receive, send)

    def _public(self, path: str) -> bool:
        return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)

    def _allowed(self, scope: Scope) -> bool:
        request = Request(scope)
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token_matches(given.strip(), self.token):
            return True
        return token_matches(request.cookies.get(COOKIE), self.session)


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="")
