"""Nothing is contacted over the network at run time, the server listens on 127.0.0.1 by
default, and neither `extract` nor `serve` writes document text to their logs."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from server import load_api

from oncofr.web.cli import serve

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"
SECRET = "Le zèbre violet de Mme Quenotte-Aubrac mange des myrtilles à Tromsø."

# Loaded by every Python process of the run (workers included) through PYTHONPATH: network
# calls raise and are recorded; local (AF_UNIX) sockets, used by multiprocessing, are allowed.
SITECUSTOMIZE = '''
import os, socket

def _record(what):
    with open(os.environ["NETWORK_LOG"], "a") as log:
        log.write(f"{os.getpid()} {what}\\n")
    raise OSError("network access is forbidden in this test")

_connect = socket.socket.connect
def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _record(f"connect {address!r}")
    return _connect(self, address)
socket.socket.connect = connect
socket.socket.connect_ex = lambda self, address: _record(f"connect_ex {address!r}")
socket.getaddrinfo = lambda *args, **kwargs: _record(f"getaddrinfo {args!r}")
socket.gethostbyname = lambda *args: _record(f"gethostbyname {args!r}")
'''


def test_extract_contacts_nothing(tmp_path: Path):
    (tmp_path / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    attempts = tmp_path / "network.log"
    attempts.touch()
    output = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "NETWORK_LOG": str(attempts)}
    done = subprocess.run(
        [sys.executable, "-m", "oncofr", "extract", str(EXAMPLES), "-o", str(output),
         "--workers", "2"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert attempts.read_text() == ""
    assert len(output.read_text().splitlines()) >= 8  # enough documents for worker processes
    probe = subprocess.run(  # the guard is really in place
        [sys.executable, "-c", "import socket; socket.getaddrinfo('example.org', 80)"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert probe.returncode != 0 and "getaddrinfo" in attempts.read_text()


def test_serve_listens_on_localhost_by_default():
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


def test_extract_logs_no_document_text(tmp_path: Path):
    (tmp_path / "note.txt").write_text(f"Patiente de 60 ans. {SECRET}", encoding="utf-8")
    bad = {"id": "bad", "text": SECRET, "note_date": "pas une date"}
    (tmp_path / "notes.jsonl").write_text(
        json.dumps(bad, ensure_ascii=False) + "\n" + '{"id": 1, "text": "' + SECRET + "\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "oncofr", "extract", str(tmp_path), "-o", str(tmp_path / "o"),
         "--summary"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode in (0, 1) and "error:" in done.stderr
    assert SECRET not in done.stderr and "zèbre" not in done.stderr


@pytest.mark.slow
def test_serve_logs_no_document_text():
    pytest.importorskip("uvicorn", reason="the web extra is not installed")
    with load_api.running_server() as server:
        assert load_api.post_extract(server.url, SECRET)[0] == 200
        assert load_api.post_extract(server.url, SECRET + "\x00" * 10)[0] in (200, 422)
        log = server.stderr()
    assert "OncoFR is at http://127.0.0.1:" in log
    assert SECRET not in log and "zèbre" not in log
