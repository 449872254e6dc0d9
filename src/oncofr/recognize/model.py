"""`recognize.model`: a span model from `oncofr train`, run after (and merged with) the rules.

The model predicts spans and labels on the clean view. Merge, per predicted span:

- it overlaps exactly one rule mention, of the same label: the model's boundaries replace the
  rule's (the mention keeps its id; its code is recomputed for the new text);
- no rule mention overlaps it: it is added, unless its label is coded (an ICD-O-3 label, or
  one with codes in the training gold) and no code is found for its text;
- otherwise (several mentions, or another label): the rules win and the span is dropped.

Rule mentions the model does not predict stay. The spans of the `rules_only` labels (default:
the three ICD-O-3 labels) are left to the rules; the model only recodes them. Codes come from
the model's code table (per label, the training gold's most frequent code of the normalised
span text), else from the ICD-O-3 lexicons (`recognize.icdo3.code_for`, morphology in the
component's ICD-O-3 `edition`, as `recognize.icdo3`'s); the code table also
recodes the rule mentions it knows. Labels the rules do not find (a user's own) are merged as
above. On FRACCO, with the rules of 2026-11, recoding alone beat letting the model reshape or
add ICD-O-3 spans (docs/oncology.md). Last, the model's keep filter (`keep_filter.py`), when it
has one, moves a rule mention to the variant of its span that the training gold would most
likely hold, drops the rule mentions it would most likely not hold, and adds the free sites
(sites no mention covers) that it would.
"""

from __future__ import annotations

import atexit
import bisect
import json
import tempfile
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.models import Mention
from oncofr.pipeline import DEFAULT_CONFIG, ComponentSettings, Pipeline
from oncofr.recognize.icdo3 import DEFAULT_EDITION, SYSTEMS, check_edition, code_for
from oncofr.recognize.keep_filter import (
    SWITCH_PROBABILITY,
    Candidate,
    KeepFilter,
    features,
    free_sites,
    lesion_spans,
    rule_candidates,
    sorted_spans,
    variants,
)
from oncofr.recognize.lexicon import words
from oncofr.registry import factory

MODEL_META = "oncofr-model.json"
SPACY_DIR = "spacy"
Predicted = tuple[str, int, int]  # label, clean start, clean end


def spacy_module() -> Any:
    """spaCy with its built-in factories registered (once EDS-NLP is loaded, creating a blank
    or saved pipeline may otherwise not find `ner`)."""
    import spacy
    from spacy.pipeline.factories import register_factories

    register_factories()
    return spacy


def span_key(text: str) -> str:
    """How span texts are compared in the code table: folded words, plural-insensitive."""
    return " ".join(key for _, _, key in words(fold(text)))


def table_code(codes: dict[str, dict[str, str]], label: str, text: str) -> str | None:
    """The code a code table (label -> span key -> code) gives a span `text` of `label`."""
    return codes.get(label, {}).get(span_key(text))


def model_code(codes: dict[str, dict[str, str]], label: str, text: str,
               edition: str = DEFAULT_EDITION) -> str | None:
    """The code table's code for `text`, else the ICD-O-3 lexicon's (ICD-O-3 labels; morphology
    in `edition`)."""
    known = table_code(codes, label, text)
    if known is None and label in SYSTEMS:
        known = code_for(label, text, edition)
    return known


class ModelError(ValueError):
    """A model folder is missing or is not one `oncofr train` wrote."""


@dataclass(frozen=True)
class SpanModel:
    """A trained span recogniser with its code table and keep filter, and the ICD-O-3 edition
    of the morphology codes it takes from the lexicons."""

    nlp: Any
    labels: tuple[str, ...]
    codes: dict[str, dict[str, str]]
    keep: KeepFilter | None = None
    edition: str = DEFAULT_EDITION

    def predict(self, text: str) -> list[Predicted]:
        return [(ent.label_, ent.start_char, ent.end_char) for ent in self.nlp(text).ents]

    def known_code(self, label: str, text: str) -> str | None:
        """The code table's code for `text`."""
        return table_code(self.codes, label, text)

    def code(self, label: str, text: str) -> str | None:
        """The code table's code for `text`, else the ICD-O-3 lexicon's (ICD-O-3 labels)."""
        return model_code(self.codes, label, text, self.edition)

    def coded(self, label: str) -> bool:
        return label in SYSTEMS or bool(self.codes.get(label))


@cache
def load_model(path: str) -> SpanModel:
    """The model saved by `oncofr train` under `path` (loaded once per process)."""
    folder = Path(path)
    meta_path = folder / MODEL_META
    if not meta_path.is_file() or not (folder / SPACY_DIR).is_dir():
        raise ModelError(f"{folder}: not a model folder written by `oncofr train`")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    nlp = spacy_module().load(folder / SPACY_DIR)
    keep = KeepFilter.from_json(meta["keep_filter"]) if meta.get("keep_filter") else None
    return SpanModel(nlp, tuple(meta["labels"]), meta["codes"], keep)


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


def apply_model(document: Document, model: SpanModel, rules_only: frozenset[str] = frozenset(),
                keep_filter: bool = True) -> None:
    """Merge the model's spans into the document's mentions of the model's labels, then drop
    the rule mentions its keep filter does not keep (unless `keep_filter` is false)."""
    ours = [m for m in document.mentions if m.label in model.labels]
    rules = [(m.label, *document.clean_spans[m.id]) for m in ours]
    replaced, added = plan(rules, model.predict(document.text))
    updated = {}
    for index, mention in enumerate(ours):
        if index in replaced and mention.label not in rules_only:
            changed = _moved(document, mention, *replaced[index][1:], model)
        else:
            changed = _recoded(document, mention, model)
        if changed is not None:
            updated[mention.id] = changed
    document.replace_mentions(updated)
    for label, start, end in added:
        if label in rules_only:
            continue
        code = model.code(label, document.text[start:end])
        if code is not None or not model.coded(label):
            document.add_mention(label, start, end, code=code, system=SYSTEMS.get(label),
                                 attributes={"source": "model"})
    if keep_filter and model.keep is not None:
        _filter(document, model, model.keep)


def _filter(document: Document, model: SpanModel, keep: KeepFilter) -> None:
    """Give each rule mention of the model's labels the variant `keep` learnt the gold holds,
    if any (see `keep_filter`), remove the other mentions `keep` does not keep, and add the free
    sites it keeps (coded by the code table, else the lexicon)."""
    sites = free_sites(document) if keep.free_sites else []
    candidates = rule_candidates(document, model.labels)
    taken = sorted_spans(candidates)
    lesions = lesion_spans(document)  # as trained: before any mention moves
    moved, dropped = {}, []
    for candidate in candidates:
        assert candidate.mention is not None
        variant = _chosen_variant(document, candidate, model, keep, taken[candidate.label],
                                  lesions)
        if variant is not None:
            changed = _moved(document, candidate.mention, variant.start, variant.end, model)
            if changed is not None:
                moved[changed.id] = changed
            spans = taken[candidate.label]  # the variant overlaps no other: the order holds
            spans[bisect.bisect_left(spans, (candidate.start, candidate.end))] = (
                variant.start, variant.end)
        elif not keep.keeps(candidate.label,
                            features(document, candidate, candidate.code, lesions)):
            dropped.append(candidate.mention)
    document.replace_mentions(moved)
    document.remove_mentions(dropped)
    for site in sites:
        code = model.known_code(site.label, document.text[site.start:site.end]) or site.code
        if keep.keeps(site.label, features(document, site, code, lesions)):
            document.add_mention(site.label, site.start, site.end, code=code,
                                 system=SYSTEMS[site.label], attributes={"source": "model"})


def _chosen_variant(document: Document, candidate: Candidate, model: SpanModel,
                    keep: KeepFilter, taken: list[tuple[int, int]],
                    lesions: list[tuple[int, int]]) -> Candidate | None:
    """The variant of a rule mention most likely in the gold, if at least
    `SWITCH_PROBABILITY` likely (None when `keep` learnt no boundary); `taken`: the sorted
    spans of the label's mentions; `lesions`: those of the morphology mentions."""
    if not keep.boundary_weights:
        return None
    best, best_probability = None, SWITCH_PROBABILITY
    for variant in variants(document, candidate, taken):
        code = model.code(variant.label, document.text[variant.start:variant.end])
        probability = keep.boundary_probability(
            features(document, variant, code or candidate.code, lesions))
        if probability >= best_probability:
            best, best_probability = variant, probability
    return best


def _moved(document: Document, mention: Mention, start: int, end: int,
           model: SpanModel) -> Mention | None:
    """`mention` with the clean span `start:end` (same id, recorded in `clean_spans`) and the
    code of its new text; None when nothing changes."""
    if document.clean_spans[mention.id] == (start, end):
        return _recoded(document, mention, model)
    assert document.clean is not None
    original_start, original_end = document.clean.to_original(start, end)
    code = model.code(mention.label, document.text[start:end]) or mention.code
    document.clean_spans[mention.id] = (start, end)
    return mention.model_copy(update={
        "start": original_start, "end": original_end, "code": code,
        "text": document.original[original_start:original_end],
        "attributes": {**mention.attributes, "source": "model"}})


def _recoded(document: Document, mention: Mention, model: SpanModel) -> Mention | None:
    """`mention` with the code table's code for its text; None when the table has none or
    the same."""
    start, end = document.clean_spans[mention.id]
    known = model.known_code(mention.label, document.text[start:end])
    if known is not None and known != mention.code:
        return mention.model_copy(update={"code": known})
    return None


@factory("recognize.model")
def make_model(path: str,
               rules_only: tuple[str, ...] = ("morphology", "topography", "differentiation"),
               edition: str = DEFAULT_EDITION, keep_filter: bool = True):
    """Run the span model saved under `path` and merge its spans with the rules' mentions;
    the model neither adds nor reshapes mentions of the `rules_only` labels; morphology codes
    from the lexicons are in ICD-O-3 `edition`; `keep_filter`: whether the model's keep
    filter (if it has one) drops rule mentions."""
    model = replace(load_model(str(Path(path).resolve())), edition=check_edition(edition))
    kept_to_rules = frozenset(rules_only)

    def recognize_model(document: Document) -> None:
        apply_model(document, model, kept_to_rules, keep_filter)

    return recognize_model


def pipeline_with_model(pipeline: Path | None, model: Path) -> Path:
    """A copy of the pipeline file (default: the shipped one) with `recognize.model` after its
    last `recognize.*` component, in the ICD-O-3 `edition` of its `recognize.icdo3`, written to
    a temporary file removed when the process ends."""
    load_model(str(model.resolve()))  # fail early on a bad folder
    components = _components(pipeline)
    last = _last_recogniser(components)
    added = {"name": "recognize.model", "path": str(model.resolve())}
    for component in components:
        if component["name"] == "recognize.icdo3" and "edition" in component:
            added["edition"] = component["edition"]
    components.insert(last + 1, added)
    handle = tempfile.NamedTemporaryFile("w", suffix=".toml", prefix="oncofr-pipeline-",
                                         delete=False, encoding="utf-8")
    with handle:
        handle.write("\n".join(_toml_table(component) for component in components))
    path = Path(handle.name)
    atexit.register(path.unlink, missing_ok=True)
    return path


def rules_pipeline(pipeline: Path | None = None,
                   settings: ComponentSettings | None = None) -> Pipeline:
    """The components of the pipeline file (default: the shipped one) up to where
    `pipeline_with_model` puts the model: what the model's rule mentions come from."""
    components = _components(pipeline)
    return Pipeline.from_config(components[:_last_recogniser(components) + 1], settings)


def rules_edition(pipeline: Path | None = None,
                  settings: ComponentSettings | None = None) -> str:
    """The ICD-O-3 edition of the `recognize.icdo3` of the rules `rules_pipeline` builds."""
    edition = (settings or {}).get("recognize.icdo3", {}).get("edition")
    for component in _components(pipeline):
        if edition is None and component["name"] == "recognize.icdo3":
            edition = component.get("edition")
    return check_edition(edition or DEFAULT_EDITION)


def _components(pipeline: Path | None) -> list[dict[str, Any]]:
    with (pipeline or DEFAULT_CONFIG).open("rb") as handle:
        return tomllib.load(handle).get("component", [])


def _last_recogniser(components: list[dict[str, Any]]) -> int:
    """The index of the last `recognize.*` component (the last component if none)."""
    return max((i for i, c in enumerate(components) if c["name"].startswith("recognize.")),
               default=len(components) - 1)


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
