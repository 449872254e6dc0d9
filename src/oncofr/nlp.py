"""The shared EDS-NLP/spaCy pipeline: French clinical tokenisation, normalisation, sentences.

Built once per process on first use (about a second), so commands that never tokenise do not pay
for it. Stages that need spaCy tokens read `Document.spacy_doc`, made by `segment.sentences`.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from oncofr.document import Document


# spaCy's French tokenizer exceptions end in one regular expression of about 1.4 MB that Python
# compiles in about 3 s at `import spacy.lang.fr`. EDS-NLP's language inherits that module's
# defaults but tokenises with its own rules and never calls it; compiling it on first call instead
# cuts the start-up of a one-document run by half (docs/performance.md).
_DEFERRED_PATTERN_MIN_LENGTH = 100_000


class _DeferredPattern:
    """A regular expression compiled on first use; `match` and every other attribute delegate."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = _compile_now(*self._source)
        return self._compiled

    def match(self, *args: Any, **kwargs: Any) -> re.Match[str] | None:
        return self._pattern().match(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern(), name)


_compile_now = re.compile


def _compile_or_defer(pattern: Any, flags: int = 0) -> Any:
    if isinstance(pattern, str) and len(pattern) >= _DEFERRED_PATTERN_MIN_LENGTH:
        return _DeferredPattern(pattern, flags)
    return _compile_now(pattern, flags)


def import_spacy_french() -> None:
    """Import `spacy.lang.fr` with its giant tokenizer-exception pattern compiled on first use."""
    if "spacy.lang.fr" in sys.modules:
        return
    import spacy.util  # noqa: F401  (its own patterns compile normally, before the swap)

    re.compile = _compile_or_defer
    try:
        import spacy.lang.fr  # noqa: F401
    finally:
        re.compile = _compile_now


@cache
def shared_nlp() -> Any:
    """`eds` blank pipeline (EDS-NLP's clinical tokenizer) with `eds.sentences`.

    No `eds.normalizer`: its normalised forms were read only by EDS-NLP's qualifier pipes, which
    OncoFR no longer runs, and outputs on the seeds, E3C and 200 FRACCO cases are the same
    without it (the sentence splitter and `eds.tnm` read the text itself).
    """
    import_spacy_french()
    import edsnlp
    import edsnlp.pipes as eds

    nlp = edsnlp.blank("eds")
    nlp.add_pipe(eds.sentences())
    return nlp


def clean_doc(document: Document) -> Any:
    """The document's spaCy Doc of the clean view, built with the shared pipeline if missing."""
    if document.spacy_doc is None:
        document.spacy_doc = shared_nlp()(document.text)
    return document.spacy_doc
