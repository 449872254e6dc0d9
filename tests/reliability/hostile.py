"""Shared checks and strategies for the hostile-input tests."""

from __future__ import annotations

from hypothesis import strategies as st

from oncofr.ingest.sources import RawDocument
from oncofr.models import DocumentError, DocumentResult

WORDS = [
    "métastase", "hépatique", "carcinome", "adénocarcinome", "sein", "gauche", "pT2N1M0", "Ki67",
    "30", "%", "docétaxel", "75", "mg/m2", "le", "12/03/2019", "pas", "de", "ni", "suspicion",
    "Antécédents", "familiaux", ":", "-", "(", ")", ".", ",", "«", "»", "œ", "ﬁ", "\u00ad",
    "\u200b", "\ufeff", "\x00", "\x1b", "\r\n", "\n\n", "\t", "C50.4", "8500/3", "grade", "III",
]
clinical_text = st.lists(
    st.sampled_from(WORDS) | st.text(max_size=8), max_size=80
).map(" ".join)
any_text = st.text(max_size=400) | clinical_text
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]
mixed_bytes = st.lists(
    st.tuples(clinical_text, st.sampled_from(ENCODINGS)).map(
        lambda pair: pair[0].encode(pair[1], errors="replace")
    ),
    min_size=1,
    max_size=4,
).map(b"".join) | st.binary(max_size=400)


def check_result(result: DocumentResult, original: str) -> None:
    """Offsets hold on the original text and the result survives its JSON contract."""
    for mention in result.mentions:
        assert original[mention.start : mention.end] == mention.text, mention
    assert DocumentResult.model_validate_json(result.to_json()) == result


def check_outcome(outcome: DocumentResult | DocumentError, raw: RawDocument) -> None:
    if isinstance(outcome, DocumentError):
        assert outcome.id == raw.id and outcome.error and outcome.hint
    else:
        check_result(outcome, raw.text)
