"""Train a statistical span recogniser from gold spans (spaCy `ner`, CPU, no pretrained vectors).

Gold is read in the evaluation layouts (`docs.jsonl` + `gold.jsonl`, or brat `.txt`/`.ann`)
and mapped to the contract's labels by the evaluation's label maps (`oncofr.evaluate.labels`;
FRACCO's `morphologie` -> `morphology`…). The model is a blank French spaCy pipeline with a
`ner` component and its own tok2vec (hash embeddings + CNN). Its folder holds the spaCy
pipeline (`spacy/`) and `oncofr-model.json`: labels, training facts, a code table (per label,
the most frequent gold code of each normalised span text) and a keep filter (`keep_filter.py`)
fitted on the rule mentions of the pipeline the model will join, their variants and the free
sites. Nothing trained ships with OncoFR.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oncofr.document import Document
from oncofr.evaluate.core import Span
from oncofr.evaluate.gold import Gold, load_brat, load_gold
from oncofr.evaluate.labels import Table, choose_corpus, load_label_maps, map_gold
from oncofr.pipeline import ComponentSettings, Pipeline
from oncofr.recognize.icdo3 import DEFAULT_EDITION
from oncofr.recognize.keep_filter import (
    Candidate,
    Example,
    KeepFilter,
    features,
    fit_keep_filter,
    free_sites,
    lesion_spans,
    rule_candidates,
    sorted_spans,
    variants,
)
from oncofr.recognize.model import (
    MODEL_META,
    SPACY_DIR,
    model_code,
    rules_edition,
    rules_pipeline,
    spacy_module,
    span_key,
    table_code,
)

DEFAULT_LABELS = frozenset({"morphology", "topography", "differentiation"})
GoldKey = tuple[str, int, int]  # label, original start, end


@dataclass(frozen=True)
class TrainingDoc:
    """A gold document: its text and its spans in the contract's labels."""

    id: str
    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class TrainReport:
    documents: int
    spans: int
    labels: tuple[str, ...]
    iterations: int
    seconds: float
    losses: tuple[float, ...]
    keep_filter: KeepFilter | None = None


def read_training(path: Path, brat: bool = False, label_map: Path | None = None,
                  labels: Iterable[str] | None = DEFAULT_LABELS) -> list[TrainingDoc]:
    """Gold documents with text, spans mapped to the contract's labels (`labels` only, if given)."""
    gold = load_brat(path) if brat else load_gold(path)
    maps = load_label_maps(label_map)
    return training_docs(gold, maps[choose_corpus((row["label"] for row in gold.rows), maps)],
                         labels)


def training_docs(gold: Gold, table: Table,
                  labels: Iterable[str] | None = DEFAULT_LABELS) -> list[TrainingDoc]:
    """The documents of loaded span gold that have text, spans mapped with `table`."""
    wanted = set(labels) if labels is not None else None
    by_doc: dict[str, list[Span]] = defaultdict(list)
    for span in map_gold(gold.rows, table).spans:
        if wanted is None or span.label in wanted:
            by_doc[span.doc_id].append(span)
    return [TrainingDoc(doc.id, doc.text, tuple(by_doc[doc.id]))
            for doc in gold.docs if doc.text is not None]


def code_table(docs: Iterable[TrainingDoc]) -> dict[str, dict[str, str]]:
    """Per label, the most frequent gold code of each normalised span text."""
    counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for doc in docs:
        for span in doc.spans:
            if span.code:
                counts[span.label][span_key(doc.text[span.start:span.end])][span.code] += 1
    return {label: {key: codes.most_common(1)[0][0] for key, codes in by_text.items()}
            for label, by_text in counts.items()}


def code_folds(docs: list[TrainingDoc]) -> dict[str, dict[str, dict[str, str]]]:
    """Per document id, the code table of the training documents of the other fold (two folds
    by a hash of the id): the codes the model would give a text it has not seen."""
    def fold_of(doc: TrainingDoc) -> int:
        return hashlib.sha256(doc.id.encode("utf-8")).digest()[1] % 2

    tables = [code_table(doc for doc in docs if fold_of(doc) != side) for side in (0, 1)]
    return {doc.id: tables[fold_of(doc)] for doc in docs}


def keep_examples(docs: list[TrainingDoc], rules: Pipeline, labels: Iterable[str],
                  edition: str = DEFAULT_EDITION) -> tuple[list[Example], dict[str, int]]:
    """The rule mentions of `labels` in `docs` with their variants, and the free sites if
    `labels` has topography, as keep-filter examples coded as the model would code unseen text
    (morphology lexicon codes in ICD-O-3 `edition`); and the number of gold spans per label."""
    folds = code_folds(docs)
    examples: list[Example] = []
    gold_counts: Counter[str] = Counter()
    for doc in docs:
        gold = _gold_keys(doc)
        gold_counts.update(label for label, *_ in gold)
        document = Document(id=doc.id, original=doc.text)
        rules.annotate(document)
        examples += _document_examples(document, gold, set(labels), folds[doc.id], edition)
    return examples, dict(gold_counts)


def _document_examples(document: Document, gold: set[GoldKey], labels: set[str],
                       codes: dict[str, dict[str, str]], edition: str) -> list[Example]:
    """`keep_examples` of one annotated document (`gold`: its `_gold_keys`; `codes`: the code
    table it is coded with)."""
    assert document.clean is not None

    def example(candidate: Candidate, code: str | None, variant: bool = False) -> Example:
        start, end = document.clean.to_original(candidate.start, candidate.end)
        return Example(candidate.label, features(document, candidate, code, lesions),
                       (candidate.label, start, end) in gold,
                       free=candidate.mention is None, variant=variant)

    mentions = rule_candidates(document, labels)
    taken = sorted_spans(mentions)
    lesions = lesion_spans(document)
    examples = []
    for candidate in mentions + (free_sites(document) if "topography" in labels else []):
        code = table_code(codes, candidate.label,
                          document.text[candidate.start:candidate.end]) or candidate.code
        examples.append(example(candidate, code))
        if candidate.mention is None:
            continue
        for variant in variants(document, candidate, taken[candidate.label]):
            text = document.text[variant.start:variant.end]
            examples.append(example(variant, model_code(codes, variant.label, text, edition)
                                    or code, variant=True))
    return examples


def _gold_keys(doc: TrainingDoc) -> set[GoldKey]:
    """The gold spans of `doc` as the keep filter matches them: label and span. The filter
    judges whether the corpus annotates a span; its code is the code table's choice."""
    return {(s.label, s.start, s.end) for s in doc.spans}


def blank_pipeline(labels: Iterable[str]) -> Any:
    """A blank French spaCy pipeline with an untrained `ner` for `labels`."""
    nlp = spacy_module().blank("fr")
    ner = nlp.add_pipe("ner")
    for label in sorted(labels):
        ner.add_label(label)
    return nlp


def _example(nlp: Any, doc: TrainingDoc) -> Any:
    """A spaCy training example; overlapping gold spans keep the earliest, longest one."""
    from spacy.training import Example

    reference = nlp.make_doc(doc.text)
    entities, last = [], 0
    for span in sorted(doc.spans, key=lambda s: (s.start, -s.end)):
        entity = reference.char_span(span.start, span.end, label=span.label,
                                     alignment_mode="expand") if span.start < span.end else None
        if entity is not None and entity.start >= last and len(entity):
            entities.append(entity)
            last = entity.end
    reference.ents = entities
    return Example(nlp.make_doc(doc.text), reference)


def train(docs: list[TrainingDoc], output: Path, iterations: int = 5, seed: int = 0,
          dropout: float = 0.2, batch_size: int = 8,
          log: Callable[[str], None] | None = None, pipeline: Path | None = None,
          settings: ComponentSettings | None = None, keep_filter: bool = True) -> TrainReport:
    """Fit the span recogniser on `docs` and save it under `output` with its code table and,
    if `keep_filter`, a keep filter for the rules of `pipeline` (default: the shipped one) with
    component `settings`."""
    from spacy.util import fix_random_seed, minibatch

    started = time.perf_counter()
    labels = sorted({span.label for doc in docs for span in doc.spans})
    if not labels:
        raise ValueError("no gold span to learn from (check the labels and the label map)")
    rules = rules_pipeline(pipeline, settings) if keep_filter else None  # a bad file fails here
    fix_random_seed(seed)
    nlp = blank_pipeline(labels)
    examples = [_example(nlp, doc) for doc in docs]
    optimizer = nlp.initialize(lambda: examples)
    shuffle = random.Random(seed).shuffle
    losses_by_iteration = []
    for iteration in range(iterations):
        shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=batch_size):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
        losses_by_iteration.append(round(float(losses.get("ner", 0.0)), 1))
        if log:
            log(f"iteration {iteration + 1}/{iterations}: loss {losses_by_iteration[-1]}")
    keep = None
    if rules is not None:
        keep = fit_keep_filter(*keep_examples(docs, rules, labels,
                                              rules_edition(pipeline, settings)))
        if log:
            log("keep filter, thresholds: " + (", ".join(
                f"{label} {threshold}" for label, threshold in keep.thresholds.items())
                if keep else "none (nothing to learn)"))
    report = TrainReport(len(docs), sum(len(doc.spans) for doc in docs), tuple(labels),
                         iterations, round(time.perf_counter() - started, 1),
                         tuple(losses_by_iteration), keep)
    save(nlp, code_table(docs), report, output)
    return report


def save(nlp: Any, codes: dict[str, dict[str, str]], report: TrainReport, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output / SPACY_DIR)
    meta = {"labels": list(report.labels), "documents": report.documents, "spans": report.spans,
            "iterations": report.iterations, "seconds": report.seconds, "codes": codes,
            "keep_filter": report.keep_filter.to_json() if report.keep_filter else None}
    (output / MODEL_META).write_text(json.dumps(meta, ensure_ascii=False, indent=1),
                                     encoding="utf-8")
