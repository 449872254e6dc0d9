"""`recognize.model`: a span model from `oncofr train`, run after (and merged with) the rules.

The model predicts spans and labels on the clean view. Merge, per predicted span:

- no rule mention overlaps it: it is added;
- it overlaps exactly one rule mention, of the same label: the model's boundaries replace the
  rule's (the mention keeps its id; its code is recomputed for the new text);
- otherwise (several mentions, or another label): the rules win and the span is dropped.

Rule mentions the model does not predict stay. A span's code is the model's code table entry
for its normalised text (the training gold's most frequent code), else the ICD-O-3 lexicon's
code for the text (`recognize.icdo3.code_for`), else the replaced rule mention's code.
"""

from __future__ import annotations

import json
import tempfile
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from oncofr.document import Document
from oncofr.models import Mention
from oncofr.pipeline import DEFAULT_CONFIG
from oncofr.recognize.icdo3 import SYSTEMS, code_for
from oncofr.recognize.train import MODEL_META, SPACY_DIR, span_key
from oncofr.registry import factory

Predicted = tuple[str, int, int]  # label, clean start, clean end


class ModelError(ValueError):
    """A model folder is missing or is not one `oncofr train` wrote."""


@dataclass(frozen=True)
class SpanModel:
    """A trained span recogniser with its code table."""

    nlp: Any
    labels: tuple[str, ...]
    codes: dict[str, dict[str, str]]

    def predict(self, text: str) -> list[Predicted]:
        return [(ent.label_, ent.start_char, ent.end_char) for ent in self.nlp(text).ents]

    def code(self, label: str, text: str) -> str | None:
        """The code table's code for `text`, else the ICD-O-3 lexicon's (ICD-O-3 labels)."""
        known = self.codes.get(label, {}).get(span_key(text))
        if known is None and label in SYSTEMS:
            known = code_for(label, text)
        return known


@cache
def load_model(path: str) -> SpanModel:
    """The model saved by `oncofr train` under `path` (loaded once per process)."""
    import spacy

    folder = Path(path)
    meta_path = folder / MODEL_META
    if not meta_path.is_file() or not (folder / SPACY_DIR).is_dir():
        raise ModelError(f"{folder}: not a model folder written by `oncofr train`")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return SpanModel(spacy.load(folder / SPACY_DIR), tuple(meta["labels"]), meta["codes"])


def plan(rules: list[Predicted], predicted: list[Predicted]) -> tuple[dict[int, Predicted],
                                                                     list[Predicted]]:
    """Which rule spans (by index) take a predicted span's boundaries, and which predicted
    spans are added (see the module docstring)."""
    replaced: dict[int, Predicted] = {}
    added: list[Predicted] = []
    for span in predicted:
        label, start, end = span
        hits = [index for index, (_, s, e) in enumerate(rules) if s < end and start < e]
        if not hits:
            added.append(span)
        elif len(hits) == 1 and rules[hits[0]][0] == label and hits[0] not in replaced:
            replaced[hits[0]] = span
    return replaced, added


def apply_model(document: Document, model: SpanModel) -> None:
    """Merge the model's spans into the document's mentions of the model's labels."""
    ours = [m for m in document.mentions if m.label in model.labels]
    rules = [(m.label, *document.clean_spans[m.id]) for m in ours]
    replaced, added = plan(rules, model.predict(document.text))
    for index, (_, start, end) in replaced.items():
        _move(document, ours[index], start, end, model)
    for label, start, end in added:
        document.add_mention(label, start, end, code=model.code(label, document.text[start:end]),
                             system=SYSTEMS.get(label), attributes={"source": "model"})


def _move(document: Document, mention: Mention, start: int, end: int, model: SpanModel) -> None:
    """Give `mention` the clean span `start:end` (same id), with the code of its new text."""
    if document.clean_spans[mention.id] == (start, end):
        return
    assert document.clean is not None
    original_start, original_end = document.clean.to_original(start, end)
    code = model.code(mention.label, document.text[start:end]) or mention.code
    moved = mention.model_copy(update={
        "start": original_start, "end": original_end,
        "text": document.original[original_start:original_end], "code": code,
        "attributes": {**mention.attributes, "source": "model"},
    })
    document.mentions[document.mentions.index(mention)] = moved
    document.clean_spans[mention.id] = (start, end)


@factory("recognize.model")
def make_model(path: str):
    """Run the span model saved under `path` and merge its spans with the rules' mentions."""
    model = load_model(str(Path(path).resolve()))

    def recognize_model(document: Document) -> None:
        apply_model(document, model)

    return recognize_model


def pipeline_with_model(pipeline: Path | None, model: Path) -> Path:
    """A copy of the pipeline file (default: the shipped one) with `recognize.model` after its
    last `recognize.*` component, written to a temporary file."""
    load_model(str(model.resolve()))  # fail early on a bad folder
    with (pipeline or DEFAULT_CONFIG).open("rb") as handle:
        components = tomllib.load(handle).get("component", [])
    last = max((i for i, c in enumerate(components) if c["name"].startswith("recognize.")),
               default=len(components) - 1)
    components.insert(last + 1, {"name": "recognize.model", "path": str(model.resolve())})
    handle = tempfile.NamedTemporaryFile("w", suffix=".toml", prefix="oncofr-pipeline-",
                                         delete=False, encoding="utf-8")
    with handle:
        handle.write("\n".join(_toml_table(component) for component in components))
    return Path(handle.name)


def _toml_table(component: dict[str, Any]) -> str:
    """One `[[component]]` table."""
    lines = [f"{key} = {_toml_value(value)}" for key, value in component.items()]
    return "\n".join(["[[component]]", *lines]) + "\n"


def _toml_value(value: Any) -> str:
    """A TOML literal for a string, number, boolean, list or table read from a pipeline file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{json.dumps(key)} = {_toml_value(item)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    return json.dumps(value, ensure_ascii=False)
