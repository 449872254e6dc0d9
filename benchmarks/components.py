"""CPU time per document of each pipeline component, in one warm process.

    python benchmarks/components.py [--rounds N]

Runs the default pipeline over the corpus of `run.py` (the shared seeds, else examples/corpus)
once to warm up, then N more times, and prints a Markdown table of the CPU milliseconds each
component spends per document, largest first. `run.py` appends it to docs/performance.md.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from corpus import DEMO, SEEDS, texts_of

from oncofr.document import Document
from oncofr.models import Meta
from oncofr.pipeline import Pipeline, default_pipeline


def component_costs(texts: list[str], rounds: int) -> tuple[Counter[str], int]:
    """CPU seconds per component (and for `to_result`) over `rounds` passes; documents run."""
    pipeline = default_pipeline()
    _run_all(pipeline, texts, Counter())  # warm-up: lexicons, patterns, EDS-NLP pipes
    totals: Counter[str] = Counter()
    for _ in range(rounds):
        _run_all(pipeline, texts, totals)
    return totals, rounds * len(texts)


def _run_all(pipeline: Pipeline, texts: list[str], totals: Counter[str]) -> None:
    for number, text in enumerate(texts):
        document = Document(id=str(number), original=text, meta=Meta())
        for name, component in pipeline.components:
            started = time.process_time()
            component(document)
            totals[name] += time.process_time() - started
        started = time.process_time()
        document.to_result()
        totals["(result object)"] += time.process_time() - started


def table(texts: list[str], rounds: int) -> list[str]:
    totals, documents = component_costs(texts, rounds)
    total = sum(totals.values())
    lines = [
        "| component | CPU ms/doc | share |",
        "|---|---:|---:|",
        *(f"| {name} | {seconds / documents * 1000:.2f} | {seconds / total:.0%} |"
          for name, seconds in totals.most_common()),
        f"| total | {total / documents * 1000:.1f} | 100% |",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    folder: Path = SEEDS if SEEDS.is_dir() else DEMO
    print("\n".join(table(texts_of(folder), args.rounds)))


if __name__ == "__main__":
    main()
