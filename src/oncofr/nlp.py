"""The shared EDS-NLP/spaCy pipeline: French clinical tokenisation, normalisation, sentences.

Built once per process on first use (about a second), so commands that never tokenise do not pay
for it. Stages that need spaCy tokens read `Document.spacy_doc`, made by `segment.sentences`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from oncofr.document import Document


@cache
def shared_nlp() -> Any:
    """`eds` blank pipeline with `eds.normalizer` and `eds.sentences`."""
    import edsnlp
    import edsnlp.pipes as eds

    nlp = edsnlp.blank("eds")
    nlp.add_pipe(eds.normalizer())
    nlp.add_pipe(eds.sentences())
    return nlp


@cache
def dates_matcher(absolute: tuple[str, ...] | None = None) -> Any:
    """`eds.dates` bound to the shared pipeline's vocabulary; call `.process(doc)` on its Docs.

    Times are left out of the spans (`detect_time=False`): OncoFR dates are days at most.
    `absolute` replaces its absolute-date patterns (see `recognize.temporal`).
    """
    import edsnlp.pipes as eds

    patterns = list(absolute) if absolute is not None else None
    return eds.dates(nlp=shared_nlp(), detect_time=False, absolute=patterns)


def clean_doc(document: Document) -> Any:
    """The document's spaCy Doc of the clean view, built with the shared pipeline if missing."""
    if document.spacy_doc is None:
        document.spacy_doc = shared_nlp()(document.text)
    return document.spacy_doc
