"""schemathesis drives the API from its OpenAPI description (/v1/openapi.json), with and
without token authentication: whatever it sends, the server never answers 500."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install -e '.[dev]'")
pytest.importorskip("fastapi", reason="the web extra is not installed")

from hypothesis import HealthCheck, settings  # noqa: E402

from oncofr.web.app import create_app  # noqa: E402

TOKEN = "fuzz-token"
LIMIT = 64 * 1024
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
open_api = schemathesis.openapi.from_asgi("/v1/openapi.json", create_app(None, None, LIMIT))
guarded_api = schemathesis.openapi.from_asgi(
    "/v1/openapi.json", create_app(None, TOKEN, LIMIT), headers={"Authorization": f"Bearer {TOKEN}"}
)


@pytest.mark.slow
@open_api.parametrize()
@FUZZ
def test_open_api_never_answers_500(case):  # noqa: ANN001
    response = case.call()
    assert response.status_code < 500, response.text


@pytest.mark.slow
@guarded_api.parametrize()
@FUZZ
def test_guarded_api_never_answers_500(case):  # noqa: ANN001
    authorised = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert authorised.status_code < 500, authorised.text
    anonymous = case.call()
    assert anonymous.status_code < 500
    if case.path != "/health":
        assert anonymous.status_code == 401
