"""Run a command and measure its wall time, and the CPU time and peak memory of its whole
process tree (sampled from /proc, so that worker processes the command does not wait for count
too)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Measure:
    seconds: float
    cpu_seconds: float  # user + system time of the process and its descendants
    peak_rss_mb: float  # sum of their resident sets
    peak_pss_mb: float  # the same, shared pages divided among the processes sharing them
    stdout: str


def measure(
    command: list[str], repeat: int = 1, before: Callable[[], object] | None = None
) -> Measure:
    """The fastest of `repeat` runs (the least disturbed by other jobs on the machine);
    `before` is called before each run."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(_run(command))
    return min(runs, key=lambda run: run.seconds)


def _run(command: list[str]) -> Measure:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    cpu: dict[int, int] = {}  # last CPU ticks seen for each process of the tree
    while process.poll() is None:
        rss, pss = _sample_tree(process.pid, cpu)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr[-2000:]}")
    return Measure(seconds, sum(cpu.values()) / TICKS, peak_rss / 1024, peak_pss / 1024, stdout)


def _sample_tree(root: int, cpu: dict[int, int]) -> tuple[int, int]:
    """RSS and PSS (kB) summed over `root` and its descendants; updates their CPU ticks."""
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        children.setdefault(int(fields[1]), []).append(pid)
        ticks[pid] = int(fields[11]) + int(fields[12])
    rss = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        cpu[pid] = max(cpu.get(pid, 0), ticks.get(pid, 0))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        values = dict(line.split(":", 1) for line in rollup.splitlines()[1:])
        rss += int(values.get("Rss", "0 kB").split()[0])
        pss += int(values.get("Pss", "0 kB").split()[0])
    return rss, pss
