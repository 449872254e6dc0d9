"""The load benchmark's server helpers (benchmarks/load_api.py), imported for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "load_api.py"
_spec = importlib.util.spec_from_file_location("load_api", _PATH)
assert _spec and _spec.loader
load_api = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = load_api  # dataclasses look their module up
_spec.loader.exec_module(load_api)
