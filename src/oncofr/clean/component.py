"""The `clean.text` component."""

from oncofr.clean.text import clean_text
from oncofr.document import Document
from oncofr.registry import factory


@factory("clean.text")
def make_cleaner(join_broken_lines: bool = True):
    """Straighten quotes, expand ligatures, normalise spaces, join lines broken mid-sentence."""

    def clean(document: Document) -> None:
        document.clean = clean_text(document.original, join_broken_lines=join_broken_lines)

    return clean
