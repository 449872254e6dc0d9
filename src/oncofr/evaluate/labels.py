"""Label mapping tables: how a corpus' gold labels and attributes become contract spans.

`LABEL_MAPS` holds one table per corpus: gold label -> list of rules, the first rule whose
conditions hold wins; a gold row no rule accepts is not scored. `"*"` is the fallback for any
label. A rule is a dict:

- `label`: the contract label (`"="` keeps the gold label; `null` makes a qualifier-only
  gold span, scored for negation/hypothesis but not as a span);
- `when`: `{attribute: value or [values]}` that must hold (`"PREFIX*"` matches a prefix);
- `requires`: attributes that must be present;
- `code`, `value`: attribute name (or list, first present wins) holding the code / value;
- `convert`: how to read the value: `age` (`55Y` -> 55, `8M` -> 8/12, `3W`, `10D`),
  `timex` (TimeML's unknown parts: `2013-XX-XX` -> `2013`, `XXXX-XX-XX` and `PXD` -> no
  value), `json` (parsed when it is JSON, kept as a string otherwise);
- `negated`, `hypothetical`: `{"attribute": name, "values": [...]}`; a gold span is flagged
  when the attribute has one of the values (any true value when `values` is left out);
- `qualifiers_from`: gold label whose overlapping spans give this span its qualifiers.

`--label-map FILE` (JSON `{corpus: {gold_label: rule or [rules]}}`) replaces or adds entries.

`ICDO3_EDITIONS` names the ICD-O-3 edition a corpus's gold codes follow where it is not the
pipeline's default (ICD-O-3.2): the pipeline runs on that corpus's texts with it
(`icdo3_edition`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from oncofr.evaluate.core import Span, norm_code

Rule = dict[str, Any]
Table = dict[str, list[Rule]]


def _oncofr_rules() -> Table:
    """brat files in the contract's own labels, as `oncofr export-brat` writes them."""
    qualifiers = {"negated": {"attribute": "Negated"},
                  "hypothetical": {"attribute": "Hypothetical"}}
    coded = {"label": "=", "code": ["reference", "note"], **qualifiers}
    valued = {"label": "=", "value": "note", "convert": "json", **qualifiers}
    table: Table = {label: [valued] for label in ("date", "duration", "age", "dose", "lab")}
    table["*"] = [coded]
    return table


HYPOTHETICAL = ["HEDGED", "HYPOTHETICAL*"]

LABEL_MAPS: dict[str, Table] = {
    "fracco": {
        "morphologie": [{"label": "morphology", "code": ["icdo", "reference", "note"]}],
        "topographie": [{"label": "topography", "code": ["icdo", "reference", "note"]}],
        "differenciation": [{"label": "differentiation", "code": ["icdo", "reference", "note"]}],
    },
    "e3c": {
        "TIMEX3": [
            {"label": "date", "when": {"timex3Class": "DATE"}, "value": "value",
             "convert": "timex"},
            {"label": "duration", "when": {"timex3Class": "DURATION"}, "value": "value",
             "convert": "timex"},
        ],
        "ACTOR": [{"label": "age", "when": {"role": "PATIENT"}, "requires": ["age"],
                   "value": "age", "convert": "age"}],
        "EVENT": [{"label": None, "negated": {"attribute": "polarity", "values": ["NEG"]},
                   "hypothetical": {"attribute": "contextualModality", "values": HYPOTHETICAL}}],
        "CLINENTITY": [{"label": None, "qualifiers_from": "EVENT"}],
    },
    "oncofr": _oncofr_rules(),
}


# FRACCO was coded with the ICD-O-3 / ICD-O-3.1 behaviours (GIST 8936/1, thymoma 8580/1).
ICDO3_EDITIONS: dict[str, str] = {"fracco": "3.1"}


def icdo3_edition(corpus: str, chosen: str | None = None) -> str | None:
    """The ICD-O-3 edition to extract `corpus`'s texts in: `chosen` (`--icdo3-edition`), else
    the one its gold follows (`ICDO3_EDITIONS`), else None: the pipeline's own."""
    return chosen or ICDO3_EDITIONS.get(corpus)


def load_label_maps(extra: Path | None = None) -> dict[str, Table]:
    """The built-in tables, updated with the entries of a JSON file."""
    maps = {corpus: dict(table) for corpus, table in LABEL_MAPS.items()}
    if extra is not None:
        for corpus, entries in json.loads(extra.read_text(encoding="utf-8")).items():
            table = maps.setdefault(corpus, {})
            for label, rules in entries.items():
                table[label] = rules if isinstance(rules, list) else [rules]
    return maps


def choose_corpus(labels: Iterable[str], maps: dict[str, Table]) -> str:
    """The table naming most of the gold `labels`; `oncofr` (labels kept) when none does."""
    present = set(labels)
    best = max(maps, key=lambda name: len(present & (set(maps[name]) - {"*"})))
    return best if present & set(maps[best]) else "oncofr"


@dataclass(frozen=True)
class MappedGold:
    """Gold rows once mapped.

    `spans` are scored as spans; `qualifier_spans` carry their own qualifiers (negation and
    hypothesis P/R/F1 and accuracy); `inherited_spans` got theirs from `qualifiers_from`
    (accuracy only); `scored_labels` are the labels the table produces.
    """

    spans: list[Span]
    qualifier_spans: list[Span]
    inherited_spans: list[Span]
    scored_labels: frozenset[str]


def map_gold(rows: list[dict[str, Any]], table: Table) -> MappedGold:
    """Apply `table` to gold rows in the gold JSONL layout."""
    spans, qualified, inherit = [], [], []
    donors: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for row in rows:
        rule = _first_rule(row, table)
        if rule is None:
            continue
        span = _span(row, rule)
        if rule.get("qualifiers_from"):
            inherit.append((span, rule["qualifiers_from"]))
            continue
        if span.label is not None:
            spans.append(span)
        if span.negated is not None or span.hypothetical is not None:
            qualified.append(span)
            donors[(span.doc_id, row["label"])].append(span)
    inherited = []
    for span, source in inherit:
        found = [d for d in donors[(span.doc_id, source)] if span.overlap(d)]
        if found:
            inherited.append(replace(span, negated=any(d.negated for d in found),
                                     hypothetical=any(d.hypothetical for d in found)))
    static = {rule["label"] for rules in table.values() for rule in rules
              if rule.get("label") not in (None, "=")}
    return MappedGold(spans, qualified, inherited, frozenset(static | {s.label for s in spans}))


def _first_rule(row: dict[str, Any], table: Table) -> Rule | None:
    attributes = row.get("attributes") or {}
    for rule in table.get(row["label"], table.get("*", [])):
        if all(name in attributes for name in rule.get("requires", [])) and all(
            _matches(attributes.get(name), wanted) for name, wanted in rule.get("when", {}).items()
        ):
            return rule
    return None


def _matches(actual: Any, wanted: Any) -> bool:
    if actual is None:
        return False
    options = wanted if isinstance(wanted, list) else [wanted]
    text = str(actual)
    return any(text.startswith(o[:-1]) if o.endswith("*") else text == o for o in options)


def _span(row: dict[str, Any], rule: Rule) -> Span:
    attributes = row.get("attributes") or {}
    label = row["label"] if rule.get("label") == "=" else rule.get("label")
    value = _attribute(attributes, rule.get("value"))
    if value is not None and "convert" in rule:
        value = CONVERTERS[rule["convert"]](value)
    return Span(
        doc_id=row["doc_id"], label=label, start=row["start"], end=row["end"],
        text=row.get("text", ""), code=norm_code(_attribute(attributes, rule.get("code"))),
        value=value,
        negated=_flag(attributes, rule.get("negated")),
        hypothetical=_flag(attributes, rule.get("hypothetical")),
    )


def _attribute(attributes: dict[str, Any], names: str | list[str] | None) -> Any:
    for name in [names] if isinstance(names, str) else names or []:
        if attributes.get(name) not in (None, ""):
            return attributes[name]
    return None


def _flag(attributes: dict[str, Any], spec: dict[str, Any] | None) -> bool | None:
    if spec is None:
        return None
    actual = attributes.get(spec["attribute"])
    if "values" not in spec:
        return bool(actual) and str(actual).lower() not in ("false", "no", "0")
    return _matches(actual, spec["values"])


def age_years(value: Any) -> float | None:
    """An E3C age (`55Y`, `8M`, `3W`, `10D`) in years; a bare number is taken as years."""
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([YMWD]?)\s*", str(value), re.IGNORECASE)
    if match is None:
        return None
    number = float(match.group(1).replace(",", "."))
    return number / {"": 1, "Y": 1, "M": 12, "W": 52.1775, "D": 365.25}[match.group(2).upper()]


def timex_value(value: Any) -> str | None:
    """A TimeML value as the contract writes it: ISO 8601 as precise as known. Unknown trailing
    parts go (`2019-07-XX` -> `2019-07`); a value still holding an unknown part (`XXXX-XX-XX`,
    an unanchored date; `PXD`, « quelques jours ») has none to compare."""
    known = re.sub(r"(?:-X+)+$", "", str(value).strip())
    return None if "X" in known.upper() else known


def json_or_text(value: Any) -> Any:
    """A note parsed as JSON when it is JSON (numbers, objects), else the string itself."""
    try:
        return json.loads(value) if isinstance(value, str) else value
    except json.JSONDecodeError:
        return value


CONVERTERS = {"age": age_years, "timex": timex_value, "json": json_or_text}
