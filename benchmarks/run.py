"""OncoFR throughput, memory and start-up, side by side with EDS-NLP's comparable pipeline.

    python benchmarks/run.py [--copies N] [--repeat R] [--write docs/performance.md]

The corpus repeats the shared seeds (../shared/corpus/seeds, else examples/corpus) N times.
Each configuration runs as its own process, R times, the fastest run kept. Documents/s and MB/s
count the whole run, start-up included; CPU per document leaves out the CPU of a one-document
run (the start-up), so it shows the cost per core even when other jobs share the machine.
Memory is the peak over the process tree. Then the memory of `extract --db` on the demo corpus
repeated 10× and 100×; last, the CPU time of each component (benchmarks/components.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from datetime import date
from pathlib import Path

from components import table as component_table
from corpus import DEMO, SEEDS, texts_of, write_corpus
from measure import Measure, measure

from oncofr import __version__
from oncofr.engines.local import available_cores

HERE = Path(__file__).resolve().parent
ONCOFR = [sys.executable, "-m", "oncofr", "extract"]
EDSNLP = [sys.executable, str(HERE / "edsnlp_baseline.py")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100, help="rounds of the seeds")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each, the fastest kept")
    parser.add_argument("--write", type=Path, help="write the report to this Markdown file")
    args = parser.parse_args()
    seeds = SEEDS if SEEDS.is_dir() else DEMO
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        lines = [*_throughput(seeds, args.copies, args.repeat, tmp), *_flatness(tmp),
                 *_components(seeds)]
    loads = (load_before, os.getloadavg()[0])
    report = "\n".join([*_header(seeds, args.copies, args.repeat, loads), *lines, ""])
    print(report)
    if args.write:
        args.write.write_text(report, encoding="utf-8")


def ours(corpus: Path, workers: int, output: str = "/dev/null") -> list[str]:
    return [*ONCOFR, str(corpus), "-o", output, "--workers", str(workers)]


def theirs(corpus: Path, workers: int) -> list[str]:
    return [*EDSNLP, str(corpus), str(workers)]


def _throughput(seeds: Path, copies: int, repeat: int, tmp: Path) -> list[str]:
    texts = texts_of(seeds)
    corpus, one, results = tmp / "corpus.jsonl", tmp / "one.jsonl", tmp / "results.jsonl"
    documents, size = write_corpus(texts, copies, corpus)
    write_corpus([min(texts, key=len)], 1, one)
    start = {"oncofr": measure(ours(one, 1), repeat), "edsnlp": measure(theirs(one, 1), repeat)}
    rows, runs, spans = [], {}, 0
    for workers in sorted({1, 2, available_cores()}):
        output = str(results) if workers == 1 else "/dev/null"
        mine = measure(ours(corpus, workers, output), repeat)
        other = measure(theirs(corpus, workers), repeat)
        spans = json.loads(other.stdout)["spans"]
        runs[workers] = (mine, other)
        rows.append(_row(str(workers), documents, size, start, mine, other))
    database = tmp / "bench.duckdb"
    stored = measure(
        [*ONCOFR, str(corpus), "--db", str(database)], repeat, lambda: database.unlink(True)
    )
    rows.append(_row(f"{available_cores()} + DuckDB store", documents, size, start, stored))
    mentions = sum(len(json.loads(line)["mentions"]) for line in results.open(encoding="utf-8"))
    scaling = ", ".join(
        f"{workers} workers ×{_speedup(runs, workers, 0, start['oncofr'])} "
        f"(EDS-NLP ×{_speedup(runs, workers, 1, start['edsnlp'])})"
        for workers in sorted(runs)[1:]
    )
    cpu = {workers: _cpu_per_doc(runs[workers][0], start["oncofr"], documents) for workers in runs}
    efficiency = ", ".join(
        f"{workers} workers {cpu[workers]:.0f} ms ({cpu[1] / cpu[workers]:.0%} of the ideal)"
        for workers in sorted(runs)[1:]
    )
    return [
        f"Corpus: {documents} documents, {size / 1e6:.2f} MB of text.",
        "",
        "## Start-up (one short document, whole command)",
        "",
        f"- `oncofr extract`: {start['oncofr'].seconds:.1f} s, "
        f"peak RSS {start['oncofr'].peak_rss_mb:.0f} MB",
        f"- EDS-NLP comparable pipeline: {start['edsnlp'].seconds:.1f} s, "
        f"peak RSS {start['edsnlp'].peak_rss_mb:.0f} MB",
        "",
        "## Throughput",
        "",
        "| workers | OncoFR docs/s | MB/s | CPU ms/doc | peak RSS (PSS) MB | EDS-NLP docs/s "
        "| MB/s | CPU ms/doc | peak RSS (PSS) MB | OncoFR speed per core ÷ EDS-NLP's |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Wall-clock speed-up over 1 worker, start-up left out: {scaling}. It needs idle cores; "
        f"the work per document does not grow with workers: OncoFR CPU per document, 1 worker "
        f"{cpu[1]:.0f} ms, {efficiency}.",
        "",
        f"What each extracts on this corpus: OncoFR {mentions} mentions (coded, qualified, "
        f"assembled into records); EDS-NLP {spans} entities and spans (dates, quantities, drugs; "
        "negation and hypothesis as attributes).",
        "",
    ]


def _flatness(tmp: Path) -> list[str]:
    texts = texts_of(DEMO)
    rows = []
    for copies in (10, 100):
        corpus = tmp / f"demo{copies}.jsonl"
        documents, size = write_corpus(texts, copies, corpus)
        run = measure([*ONCOFR, str(corpus), "--db", str(tmp / f"demo{copies}.duckdb")])
        rows.append(
            f"| {copies}× | {documents} | {size / 1e6:.2f} | {run.peak_rss_mb:.0f} "
            f"| {run.peak_pss_mb:.0f} | {documents / run.seconds:.1f} |"
        )
    return [
        f"## Memory on a growing corpus (`extract --db`, {available_cores()} workers)",
        "",
        "| demo corpus | documents | MB | peak RSS MB | peak PSS MB | docs/s |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
    ]


def _components(seeds: Path) -> list[str]:
    return [
        "## Where the time goes (one process, CPU per document of each component)",
        "",
        *component_table(texts_of(seeds), rounds=10),
        "",
        "`segment.sentences` runs EDS-NLP's tokenizer and sentence splitter (the spaCy "
        "document `eds.tnm` reads too); `qualify.context` is ConText over EDS-NLP's cue lists.",
        "",
    ]


def _cpu_per_doc(run: Measure, start: Measure, documents: int) -> float:
    return (run.cpu_seconds - start.cpu_seconds) / documents * 1000


def _speedup(runs: dict[int, tuple[Measure, Measure]], workers: int, system: int,
             start: Measure) -> str:
    one, many = runs[1][system].seconds - start.seconds, runs[workers][system].seconds
    return f"{one / (many - start.seconds):.2f}"


def _row(label: str, documents: int, size: int, start: dict[str, Measure], mine: Measure,
         other: Measure | None = None) -> str:
    cells = [label]
    for system, run in (("oncofr", mine), ("edsnlp", other)):
        if run is None:
            cells += ["", "", "", "", ""]
            break
        cells += [f"{documents / run.seconds:.1f}", f"{size / 1e6 / run.seconds:.3f}",
                  f"{_cpu_per_doc(run, start[system], documents):.0f}",
                  f"{run.peak_rss_mb:.0f} ({run.peak_pss_mb:.0f})"]
    else:
        ratio = _cpu_per_doc(other, start["edsnlp"], documents) / _cpu_per_doc(
            mine, start["oncofr"], documents
        )
        cells.append(f"{ratio:.2f}")
    return "| " + " | ".join(cells) + " |"


def _header(seeds: Path, copies: int, repeat: int, loads: tuple[float, float]) -> list[str]:
    import edsnlp

    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) / 1024**2 for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return [
        "# Performance",
        "",
        f"Measured on {date.today().isoformat()} by `make benchmark` (benchmarks/run.py): "
        f"{cpu}, {available_cores()} cores, {memory:.0f} GB memory, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, OncoFR {__version__}, "
        f"EDS-NLP {edsnlp.__version__}. Corpus: {_shown(seeds)} × {copies}. Load average "
        f"{loads[0]:.1f} before the run and {loads[1]:.1f} after (other jobs sharing the cores "
        "slow the wall-clock figures; CPU per document is less affected).",
        "",
        "Peak memory sums the process tree (RSS counts shared pages once per process, PSS "
        "divides them among the processes sharing them; workers share the pages of the warm "
        "server they are forked from, and PSS grows as they touch them). Each figure is the "
        f"fastest of {repeat} runs, not a controlled lab.",
        "",
    ]


def _shown(folder: Path) -> str:
    return "../shared/corpus/seeds" if folder == SEEDS else "examples/corpus"


if __name__ == "__main__":
    main()
