"""Run a recogniser after the preparation stages on an invented text, checking offsets."""

from __future__ import annotations

from collections.abc import Callable

from oncofr.document import Document
from oncofr.models import Mention
from oncofr.pipeline import Pipeline

PREPARATION = ("clean.text", "segment.sections", "segment.sentences")


def mention_finder(*components: str) -> Callable[[str, str], list[Mention]]:
    """`found(text, label)`: the mentions of `label`, after checking every mention's offsets."""
    pipeline = Pipeline.from_config([{"name": name} for name in (*PREPARATION, *components)])

    def found(text: str, label: str) -> list[Mention]:
        result = pipeline.run(Document(id="t", original=text))
        for mention in result.mentions:
            assert text[mention.start:mention.end] == mention.text
        return [m for m in result.mentions if m.label == label]

    return found
