"""Catastrophic backtracking audit: every compiled regular expression held at module level in
an `oncofr` module is searched over long runs of adversarial characters, each search bounded."""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Iterator

import pytest

import oncofr
from oncofr.pipeline import DocumentTimeout, time_limit

RUN = 20_000
BOUND_S = 0.5
BASE = ["a", " ", "0", "-", ".", "é", ",", "/", "\n", "'", "(", "a ", "0.", "0 ", "a-", "1/"]
# used only with .match() at one position, where a leading \s* is linear: audited with .match()
MATCH_ONLY = {"oncofr.recognize.series.CASE_COUNT_AFTER", "oncofr.recognize.series.TIMEPOINT"}
SKIPPED = ("oncofr.__main__", "oncofr.engines.spark")  # runs the CLI; needs pyspark


def module_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for info in pkgutil.walk_packages(oncofr.__path__, "oncofr."):
        if info.name.startswith(SKIPPED):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else value
            values = values if isinstance(values, list | tuple | frozenset | set) else [value]
            found = [v for v in values if isinstance(v, re.Pattern) and isinstance(v.pattern, str)]
            for index, pattern in enumerate(found):
                yield f"{info.name}.{name}" + (f"[{index}]" if len(found) > 1 else ""), pattern


PATTERNS = dict(module_patterns())


def adversarial(pattern: re.Pattern[str]) -> list[str]:
    """Runs of the base strings and of each literal character the pattern names."""
    literals = {c for c in pattern.pattern if c.isalnum() or c in " -./,:;'%()"}
    units = BASE + sorted(literals - set(BASE))[:20]
    return [unit * (RUN // len(unit)) for unit in units]


def test_the_audit_sees_the_package_patterns():
    assert len(PATTERNS) > 50


@pytest.mark.slow
@pytest.mark.parametrize("where", sorted(PATTERNS))
def test_no_catastrophic_backtracking(where: str):
    pattern = PATTERNS[where]
    run = pattern.match if where in MATCH_ONLY else pattern.search
    slow = []
    for text in adversarial(pattern):
        started = time.monotonic()
        try:
            with time_limit(BOUND_S * 4):
                run(text)
        except DocumentTimeout:
            pass
        elapsed = time.monotonic() - started
        if elapsed > BOUND_S:
            slow.append(f"{text[:4]!r}×{len(text)}: {elapsed:.2f} s")
    assert not slow, f"{where} /{pattern.pattern[:120]}/: {slow}"
