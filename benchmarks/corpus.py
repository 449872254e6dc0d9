"""Benchmark corpora: the shared seeds (or the sample corpus) repeated into one JSONL file."""

from __future__ import annotations

import json
from pathlib import Path

from oncofr.ingest.sources import IngestOptions, RawDocument, iter_documents

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DEMO = ROOT / "examples" / "corpus"


def texts_of(folder: Path) -> list[str]:
    """The text of every readable document of `folder` (decoded, HTML and PDF extracted)."""
    documents = iter_documents([str(folder)], IngestOptions())
    return [document.text for document in documents if isinstance(document, RawDocument)]


def write_corpus(texts: list[str], copies: int, path: Path) -> tuple[int, int]:
    """`copies` rounds of `texts` as JSONL notes; returns (documents, bytes of text)."""
    size = 0
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            for index, text in enumerate(texts):
                note = {"id": f"{copy}-{index}", "text": text}
                handle.write(json.dumps(note, ensure_ascii=False) + "\n")
                size += len(text.encode("utf-8"))
    return copies * len(texts), size
