"""benchmarks/components.py accounts for every component of the default pipeline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from oncofr.pipeline import default_pipeline

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "components.py"


def test_the_component_table_lists_every_component_once_with_a_total():
    done = subprocess.run([sys.executable, str(SCRIPT), "--rounds", "1"], capture_output=True,
                          text=True, timeout=300, cwd=SCRIPT.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line.split("|")[1].strip() for line in done.stdout.splitlines()[2:]]
    assert sorted(rows) == sorted([*default_pipeline().names, "(result object)", "total"])
