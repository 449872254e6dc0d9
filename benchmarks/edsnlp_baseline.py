"""EDS-NLP's comparable rule-based pipeline (sentences, dates, quantities, drugs, negation,
hypothesis) over a JSONL corpus with N worker processes; prints {"documents", "spans"} as JSON.

    python benchmarks/edsnlp_baseline.py CORPUS.jsonl WORKERS

Workers are a process pool forked once the pipeline is built (EDS-NLP's own multiprocessing
backend needs torch), fed chunks of texts like OncoFR's local engine.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from typing import Any

CHUNK_SIZE = 4
_nlp: Any = None


def build() -> Any:
    import edsnlp
    import edsnlp.pipes as eds

    nlp = edsnlp.blank("eds")
    for pipe in (eds.normalizer(), eds.sentences(), eds.dates(), eds.quantities(), eds.drugs(),
                 eds.negation(), eds.hypothesis()):
        nlp.add_pipe(pipe)
    return nlp


def _start() -> None:
    global _nlp
    _nlp = build()


def count_spans(texts: list[str]) -> int:
    """Process `texts`; the number of entities and spans found (qualifiers set on entities)."""
    return sum(
        len(doc.ents) + sum(len(group) for group in doc.spans.values())
        for doc in _nlp.pipe(texts)
    )


def main(corpus: str, workers: int) -> None:
    with open(corpus, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    chunks = [texts[start:start + CHUNK_SIZE] for start in range(0, len(texts), CHUNK_SIZE)]
    _start()
    if workers == 1:
        spans = sum(map(count_spans, chunks))
    else:  # workers forked from this process start with its built pipeline
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            spans = sum(pool.imap(count_spans, chunks))
    print(json.dumps({"documents": len(texts), "spans": spans}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
