"""Coverage-guided fuzzing of the text pipeline with atheris (libFuzzer).

Each input is decoded like an ingested file (bytes -> text) and run through the default pipeline
with a per-document time limit; a crash is an exception escaping `process_all`, a mention whose
offsets do not give its text, or a result that does not survive its JSON contract.

    .venv/bin/python benchmarks/fuzz_pipeline.py -runs=2000          # bounded (the default)
    .venv/bin/python benchmarks/fuzz_pipeline.py -max_total_time=3600 corpus_dir/  # longer

Any libFuzzer flag works (-max_len, -jobs, -dict...); a crashing input is written to
./crash-*. Without atheris (non-Linux), tests/reliability/test_properties.py is the fallback.
"""

from __future__ import annotations

import sys
from dataclasses import replace

import atheris

with atheris.instrument_imports(include=["oncofr"]):
    from oncofr.ingest.decode import decode_bytes
    from oncofr.ingest.errors import InputError
    from oncofr.ingest.sources import RawDocument
    from oncofr.models import DocumentError, DocumentResult
    from oncofr.pipeline import load_pipeline

    PIPELINE = replace(load_pipeline(), time_limit_s=5)  # imports (instruments) the components


def one_input(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data, "fuzz")
    except (InputError, UnicodeDecodeError):  # UTF-16 BOM + broken UTF-16: see reliability.md
        return
    raw = RawDocument(id="fuzz", text=text)
    [outcome] = PIPELINE.process_all([raw])
    if isinstance(outcome, DocumentError):
        if "took longer" not in outcome.error:
            raise AssertionError(outcome.error)
        return
    for mention in outcome.mentions:
        assert text[mention.start : mention.end] == mention.text, mention
    assert DocumentResult.model_validate_json(outcome.to_json()) == outcome


def main() -> None:
    argv = sys.argv if any(a.startswith(("-runs=", "-max_total_time=")) for a in sys.argv) else [
        *sys.argv, "-runs=2000"]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
