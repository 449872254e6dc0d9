"""`oncofr serve` under a small load and after clients that disconnect mid-request."""

from __future__ import annotations

import pytest
from server import load_api

pytest.importorskip("uvicorn", reason="the web extra is not installed")


@pytest.mark.slow
def test_load_and_disconnects_leave_the_server_answering():
    with load_api.running_server() as server:
        assert load_api.post_extract(server.url, load_api.NOTE)[0] == 200
        rss_before = server.rss_mb()
        figures = load_api.load(server.url, requests=20, concurrency=4)
        for _ in range(5):
            load_api.disconnect_mid_request(server.port)
        assert load_api.get(server.url + "/health") == 200
        assert load_api.post_extract(server.url, load_api.NOTE)[0] == 200
        assert figures["errors"] == 0 and figures["p99_ms"] < 5000
        assert server.rss_mb() < rss_before + 200
