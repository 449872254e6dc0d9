"""Output faults: a full disk or a missing folder is one clear line and a non-zero status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from oncofr.cli import EXIT_OUTPUT_FAILED


def run_extract(note: Path, output: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oncofr", "extract", str(note), "-o", output],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("output", "reason"),
    [("/dev/full", "No space left on device"), ("{tmp}/missing/out.jsonl", "No such file")],
)
def test_an_unwritable_output_is_a_clear_error(tmp_path: Path, output: str, reason: str):
    if not Path("/dev/full").exists() and output == "/dev/full":
        pytest.skip("no /dev/full on this system")
    note = tmp_path / "note.txt"
    note.write_text("Patiente de 60 ans. Métastase hépatique.", encoding="utf-8")
    output = output.format(tmp=tmp_path)
    done = run_extract(note, output)
    assert done.returncode == EXIT_OUTPUT_FAILED
    assert f"error: cannot write the results to {output}: {reason}" in done.stderr
    assert "Traceback" not in done.stderr and "Errno" not in done.stderr
