"""End to end in headless Chromium (the system one, installed by scripts/install-chromium.sh when
missing): log in → paste a text → extract → highlights → evidence of a record value → cohort
filter → CSV download → a stored document's page."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[dev]')")
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)

from web_notes import NOTES  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "scripts" / "install-chromium.sh"
TOKEN = "e2e-token"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Invented; the emoji before the mentions checks that Python offsets are mapped to JavaScript's.
PASTED = (
    "📋 Consultation d'oncologie\n\nHistoire de la maladie\nMme R., 59 ans, suivie pour une "
    "tumeur neuroendocrine de l'iléon avec des métastases hépatiques synchrones des segments IV "
    "et VI.\n\n"
    "Traitement\nTraitement par évérolimus 10 mg/jour débuté le 02/03/2021, arrêté en "
    "septembre 2021 pour progression. Pas de métastase pulmonaire.\n\nBiologie\n"
    "Kaliémie à 3,0 mmol/L."
)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The system Chromium's path; installed by the project's script when missing."""
    done = subprocess.run(["sh", str(INSTALL)], capture_output=True, text=True, timeout=900)
    path = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0 or not os.access(path, os.X_OK):
        pytest.skip(f"no Chromium could be installed: {done.stderr.strip()[-500:]}")
    return path


@pytest.fixture(scope="session")
def server(store_path: str) -> Iterator[str]:
    """The application on a free localhost port, in a thread; yields its base URL."""
    import uvicorn

    from oncofr.web.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(store_path, TOKEN, 1024 * 1024, allowed_hosts=["127.0.0.1"])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server: str):
    """A logged-in page; JavaScript errors fail the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    page.wait_for_url("**/login?next=*")
    page.get_by_label("Access token").fill(TOKEN)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server}/")
    yield page
    context.close()
    assert not errors, errors


def test_paste_extract_highlight_and_show_evidence(page):
    page.get_by_label("French clinical text").fill(PASTED)
    page.get_by_label("Note date").fill("2022-01-15")
    page.get_by_role("button", name="Extract").click()
    page.wait_for_selector("#text mark.m", timeout=60_000)

    assert page.locator("#text mark.m").count() >= 10
    drug = page.locator("#text mark.m.g-drug").first
    assert drug.inner_text() == "évérolimus"  # offsets survive the emoji
    negated = page.locator("#text mark.m.negated")
    assert "métastase" in " ".join(negated.all_inner_texts())
    assert page.locator("#text section.doc-section[data-section='treatment']").count() == 1

    drug.focus()  # keyboard: a highlight takes focus and shows its code
    tooltip = page.locator("#mention-tooltip")
    assert tooltip.is_visible() and "L01EG02" in tooltip.inner_text()
    page.keyboard.press("Enter")
    assert "évérolimus" in page.locator("#details").inner_text()

    button = page.locator("#record-body button.ev", has_text="évérolimus")
    ids = set(button.get_attribute("data-mentions").split())
    button.click()
    evidence = page.locator("#text mark.evidence")
    assert evidence.count() >= 1
    for mentions in evidence.evaluate_all("marks => marks.map(m => m.dataset.mentions)"):
        assert ids & set(mentions.split())
    playwright_api.expect(drug).to_have_class(re.compile(r"\bevidence\b"))
    playwright_api.expect(drug).to_be_in_viewport()
    page.locator("#record-body button.ev", has_text="synchronous").click()
    playwright_api.expect(page.locator("#text mark.evidence").first).to_have_text("synchrones")
    assert page.locator("#timeline svg .tl-item").count() >= 1
    assert page.locator("#record-body").get_by_text("IV", exact=True).is_visible()


def test_cohort_filter_csv_and_a_stored_document(page, server):
    page.goto("/cohort")
    rows = page.locator("#table tbody tr")
    rows.first.wait_for()
    assert rows.count() == len(NOTES)
    assert page.locator("#charts svg").count() == 4

    page.get_by_label("Drug").fill("évérolimus")
    page.get_by_role("button", name="Apply filters").click()
    playwright_api.expect(rows).to_have_count(1)
    assert "1 of 3" in page.locator("#counts").inner_text()
    assert page.url.endswith("/cohort?drug=%C3%A9v%C3%A9rolimus")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("doc_id,") and len(lines) == 2 and lines[1].startswith("cr-001,")

    page.get_by_role("link", name="cr-001").click()
    page.wait_for_selector("#text mark.m")
    assert page.locator("#doc-title").inner_text() == "cr-001"
    page.locator("#record-body button.ev", has_text="C25.9").click()
    marked = page.locator("#text mark.evidence")
    assert marked.count() >= 1 and "pancréas" in " ".join(marked.all_inner_texts())
