"""The REST API through FastAPI's test client: extraction, stored documents, cohort queries,
exports, errors, authentication and the request size limit."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[dev]')")

from fastapi.testclient import TestClient  # noqa: E402
from web_notes import FAILED_ID, NOTE_DATE, NOTES  # noqa: E402

from oncofr.web.app import create_app  # noqa: E402

TOKEN = "s3cret-token"
LIMIT = 64 * 1024
TEXT = NOTES["cr-001"]


@pytest.fixture(scope="module")
def client(store_path: str) -> TestClient:
    return TestClient(create_app(store_path, None, LIMIT))


@pytest.fixture(scope="module")
def bare() -> TestClient:
    """No store, no token."""
    return TestClient(create_app(None, None, LIMIT))


@pytest.fixture(scope="module")
def guarded(store_path: str) -> TestClient:
    return TestClient(create_app(store_path, TOKEN, LIMIT))


def assert_error(response, status: int, words: str = "") -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"} and isinstance(body["error"], str)
    assert words in json.dumps(body, ensure_ascii=False)
    return body


# --- extraction -----------------------------------------------------------------------------

def test_extract_json_returns_the_document_result_with_its_text(bare):
    response = bare.post("/v1/extract", json={"text": TEXT, "note_date": NOTE_DATE, "id": "n1"})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["schema"] == "oncofr.document/1" and result["id"] == "n1"
    assert result["text"] == TEXT and result["meta"]["note_date"] == NOTE_DATE
    for mention in result["mentions"]:
        assert TEXT[mention["start"] : mention["end"]] == mention["text"]
    assert [t["name"] for t in result["record"]["treatments"]] == ["évérolimus"]
    assert any(m["negated"] for m in result["mentions"])  # « Pas de métastase osseuse »


def test_extract_upload_decodes_the_file_in_memory(bare):
    data = NOTES["dossier/cr-003"].encode("cp1252")
    response = bare.post(
        "/v1/extract",
        files={"file": ("../../etc/note.txt", data, "text/plain")},
        data={"note_date": "2023-02"},
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["id"] == "note" and result["meta"]["source"] == "note.txt"
    assert result["text"] == NOTES["dossier/cr-003"] and result["meta"]["note_date"] == "2023-02"
    assert result["record"]["labs"][0]["flag"] == "low"


def test_extract_upload_of_html_keeps_the_extracted_text(bare):
    page = f"<!doctype html><html><body><main><p>{NOTES['cr-002']}</p></main></body></html>"
    response = bare.post("/v1/extract", files={"file": ("page.html", page.encode(), "text/html")})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["meta"]["format"] == "html" and "docétaxel" in result["text"]


@pytest.mark.parametrize(
    ("kwargs", "status", "words"),
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400,
         "invalid JSON"),
        ({"json": {"note_date": "2023-01-01"}}, 422, "text"),
        ({"json": {"text": "   "}}, 422, "blank"),
        ({"json": {"text": "Patient de 50 ans.", "note_date": "10/01/2023"}}, 422, "note_date"),
        ({"json": {"text": "Patient de 50 ans.", "colour": "red"}}, 422, "colour"),
        ({"content": b"text", "headers": {"content-type": "text/plain"}}, 415, "content type"),
        ({"files": {"file": ("empty.txt", b"  \n", "text/plain")}}, 400, "empty"),
        ({"files": {"file": ("broken.pdf", b"%PDF-1.4 nothing", "application/pdf")}}, 400, ""),
        ({"data": {"note_date": "2023-01-01"}, "files": {"other": ("a.txt", b"x")}}, 400,
         "file"),
    ],
)
def test_bad_extraction_requests_get_json_errors(bare, kwargs, status, words):
    assert_error(bare.post("/v1/extract", **kwargs), status, words)


# --- stored documents and cohort queries --------------------------------------------------------

def test_documents_are_listed_by_id_with_those_in_error(client):
    body = client.get("/v1/documents").json()
    assert body["total"] == 4
    assert [d["id"] for d in body["documents"]] == ["cr-001", "cr-002", FAILED_ID, "dossier/cr-003"]
    assert {d["id"]: d["status"] for d in body["documents"]}[FAILED_ID] == "error"
    page = client.get("/v1/documents", params={"limit": 1, "offset": 1}).json()
    assert [d["id"] for d in page["documents"]] == ["cr-002"]


def test_a_stored_document_is_its_result_even_with_a_slash_in_its_id(client):
    result = client.get("/v1/documents/dossier/cr-003").json()
    assert result["id"] == "dossier/cr-003" and result["text"] == NOTES["dossier/cr-003"]
    assert client.get("/v1/documents/dossier%2Fcr-003").json()["id"] == "dossier/cr-003"


def test_missing_and_failed_documents_are_404(client):
    assert_error(client.get("/v1/documents/nope"), 404, "nope")
    assert_error(client.get(f"/v1/documents/{FAILED_ID}"), 404, "processing failed")
    assert_error(client.get("/v1/documents/nope/fhir"), 404)


def test_fhir_export_of_a_stored_document(client):
    response = client.get("/v1/documents/cr-001/fhir")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle = response.json()
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Patient", "Condition", "MedicationStatement"} <= kinds
    pytest.importorskip("fhir.resources")
    from oncofr.export.fhir import validate_bundle

    validate_bundle(bundle)


def ids(client: TestClient, **filters: str) -> list[str]:
    response = client.get("/v1/patients", params=filters)
    assert response.status_code == 200, response.text
    return [row["doc_id"] for row in response.json()["patients"]]


def test_patients_take_the_filters_of_oncofr_query(client):
    assert ids(client) == ["cr-001", "cr-002", "dossier/cr-003"]
    assert ids(client, primary="C25") == ["cr-001"]
    assert ids(client, metastasis="C22", ki67=">=10") == ["cr-001"]
    assert ids(client, morphology="8240", sex="f") == ["dossier/cr-003"]
    assert ids(client, drug="DOCETAXEL", response="PD") == ["cr-002"]
    assert ids(client, drug="L01EG") == ["cr-001"]
    assert ids(client, age=">60") == ["cr-001", "dossier/cr-003"]
    assert ids(client, age="<60", primary="") == ["cr-002"]  # an empty filter is no filter
    page = client.get("/v1/patients", params={"limit": 1, "offset": 2}).json()
    assert page["total"] == 3 and [row["doc_id"] for row in page["patients"]] == ["dossier/cr-003"]


@pytest.mark.parametrize(
    ("filters", "status"),
    [({"ki67": "lots"}, 400), ({"response": "XX"}, 400), ({"sex": "X"}, 400),
     ({"primary": "--"}, 400), ({"limit": "0"}, 422), ({"offset": "-1"}, 422)],
)
def test_invalid_filters_are_rejected(client, filters, status):
    assert_error(client.get("/v1/patients", params=filters), status)


def test_patients_csv_has_the_query_columns(client):
    response = client.get("/v1/patients.csv", params={"sex": "F"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["doc_id"] for row in rows] == ["cr-002", "dossier/cr-003"]
    assert {"primary_sites", "metastasis_sites", "treatments", "age", "ki67"} <= set(rows[0])


def test_summary_counts_sites_treatments_and_responses(client):
    summary = client.get("/v1/patients/summary").json()
    assert summary["total"] == 3 and summary["patients"] == 3
    assert summary["sex"] == {"M": 1, "F": 2}
    assert {(item["key"], item["label"]) for item in summary["metastasis_sites"]} == {
        ("C22.0", "foie"), ("C34.9", "poumon, sans précision")
    }
    assert {item["key"] for item in summary["primary_sites"]} == {"C25.9", "C50.9", "C17.2"}
    assert {item["key"]: item["count"] for item in summary["responses"]} == {
        "PR": 1, "PD": 1, "SD": 1
    }
    filtered = client.get("/v1/patients/summary", params={"drug": "lanréotide"}).json()
    assert filtered["patients"] == 1 and filtered["treatments"] == [
        {"key": "lanréotide", "label": None, "count": 1}
    ]


def test_without_a_store_the_cohort_endpoints_say_so(bare):
    for path in ("/v1/documents", "/v1/documents/cr-001", "/v1/patients", "/v1/patients.csv"):
        assert_error(bare.get(path), 404, "--db")
    assert bare.get("/cohort", headers={"accept": "text/html"}).status_code == 404


# --- pages, health, errors, headers ------------------------------------------------------------

def test_pages_are_served_with_local_assets_only(client):
    for path in ("/", "/cohort", "/documents/dossier/cr-003"):
        response = client.get(path)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
        assert "http://" not in response.text and "https://" not in response.text
        assert "default-src 'self'" in response.headers["content-security-policy"]
    assert 'data-doc-id="dossier/cr-003"' in client.get("/documents/dossier/cr-003").text
    assert client.get("/static/js/document-view.js").status_code == 200
    assert client.get("/static/css/app.css").status_code == 200


def test_health_and_openapi(client):
    from oncofr import __version__

    assert client.get("/health").json() == {"status": "ok", "version": __version__, "store": True}
    paths = client.get("/v1/openapi.json").json()["paths"]
    assert {"/v1/extract", "/v1/documents", "/v1/documents/{doc_id}", "/v1/patients",
            "/v1/patients.csv", "/v1/documents/{doc_id}/fhir", "/health"} <= set(paths)
    body = paths["/v1/extract"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)


def test_unknown_routes_and_methods_are_json_errors(client):
    assert_error(client.get("/v1/nothing"), 404)
    assert_error(client.delete("/v1/documents"), 405)
    page = client.get("/nothing", headers={"accept": "text/html"})
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


def test_no_endpoint_reads_server_paths(client):
    for path in ("/static/../conftest.py", "/static/%2e%2e/app.py", "/v1/documents/..%2F..%2Fetc"):
        assert client.get(path).status_code == 404


# --- authentication ---------------------------------------------------------------------------

def every_endpoint(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every API operation (path parameters filled) and page."""
    spec = client.get("/v1/openapi.json", headers={"authorization": f"Bearer {TOKEN}"}).json()
    operations = [
        (method.upper(), path.replace("{doc_id}", "cr-001"))
        for path, item in spec["paths"].items()
        for method in item
    ]
    pages = [("GET", path) for path in ("/", "/cohort", "/documents/cr-001", "/v1/openapi.json")]
    return operations + pages + [("POST", "/logout")]


def test_the_token_is_required_everywhere_but_health(guarded):
    endpoints = every_endpoint(guarded)
    assert len(endpoints) >= 12
    for method, path in endpoints:
        if path == "/health":
            assert guarded.request(method, path).status_code == 200
            continue
        refused = guarded.request(method, path)
        assert_error(refused, 401, "Bearer")
        assert refused.headers["www-authenticate"] == "Bearer"
        wrong = guarded.request(method, path, headers={"authorization": "Bearer wrong"})
        assert wrong.status_code == 401, path


def test_the_right_bearer_token_is_accepted(guarded):
    headers = {"authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/v1/patients", headers=headers).status_code == 200
    assert guarded.get("/v1/documents/cr-001/fhir", headers=headers).status_code == 200
    response = guarded.post("/v1/extract", json={"text": TEXT}, headers=headers)
    assert response.status_code == 200


def test_browsers_log_in_once_with_a_cookie(store_path):
    browser = TestClient(create_app(store_path, TOKEN, LIMIT), follow_redirects=False)
    page = browser.get("/cohort?sex=F", headers={"accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fcohort%3Fsex%3DF"
    assert browser.get("/login").status_code == 200
    assert browser.post("/login", data={"token": "wrong", "next": "/cohort"}).status_code == 401
    evil = browser.post("/login", data={"token": TOKEN, "next": "//evil.example"})
    assert evil.headers["location"] == "/"
    logged = browser.post("/login", data={"token": TOKEN, "next": "/cohort"})
    assert logged.status_code == 303 and logged.headers["location"] == "/cohort"
    cookie = logged.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert TOKEN not in cookie
    assert browser.get("/v1/patients").status_code == 200
    assert browser.get("/static/css/app.css").status_code == 200
    browser.post("/logout")
    assert browser.get("/v1/patients").status_code == 401


# --- limits -----------------------------------------------------------------------------------

def test_bodies_over_the_limit_are_413_with_or_without_a_length(bare):
    small = TestClient(create_app(None, None, 1000))
    big = {"text": "Tumeur du côlon. " * 100}
    assert_error(small.post("/v1/extract", json=big), 413, "1000 bytes")
    upload = small.post("/v1/extract", files={"file": ("big.txt", b"x" * 2000, "text/plain")})
    assert_error(upload, 413)

    def chunks():
        for _ in range(20):
            yield b"x" * 100

    streamed = small.post(
        "/v1/extract", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(streamed, 413)
    assert small.post("/v1/extract", json={"text": "Patient de 50 ans."}).status_code == 200


def test_a_loopback_server_answers_only_to_local_host_names(store_path):
    app = create_app(store_path, None, LIMIT, allowed_hosts=["127.0.0.1", "localhost"])
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/health").status_code == 200
    rebound = TestClient(app, base_url="http://attacker.example")
    assert rebound.get("/v1/patients").status_code == 400


# --- the command ------------------------------------------------------------------------------

def test_serve_starts_the_app_on_localhost_with_the_token_from_the_environment(
    store_path, monkeypatch
):
    import uvicorn
    from typer.testing import CliRunner

    from oncofr.cli import app as cli

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(app=app, **options))
    monkeypatch.setattr("oncofr.web.extraction.warm_up", lambda: None)
    result = CliRunner().invoke(cli, ["serve", "--db", store_path], env={"ONCOFR_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    assert started["host"] == "127.0.0.1" and started["port"] == 8000
    client = TestClient(started["app"], base_url="http://localhost:8000")
    assert client.get("/v1/patients").status_code == 401
    assert client.get("/health").json()["store"] is True


def test_serve_refuses_a_missing_store_and_warns_when_exposed(tmp_path, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from oncofr.cli import app as cli

    missing = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no such database" in missing.output
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    monkeypatch.setattr("oncofr.web.extraction.warm_up", lambda: None)
    exposed = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"], env={"ONCOFR_TOKEN": ""})
    assert exposed.exit_code == 0 and "without --token" in exposed.output
