"""The cues of each qualifier and where they occur in a folded text.

Cue lists are EDS-NLP's own (`edsnlp.pipes.qualifiers.*.patterns`, its terminations and its
table of conjugated verbs, read from the installed package), with the additions and removals of
`resources/data/qualifier_cues.tsv`. Each cue has a role:

- negation and hypothesis: `preceding` (acts on what follows it), `following` (on what precedes
  it), `pseudo` (a look-alike that is no cue: « pas de doute »), `termination` (ends a scope);
  conjugated verbs are preceding or following as EDS-NLP conjugates them (a negating verb in the
  present, infinitive or participles precedes; its past participle also follows);
- hypothesis also: `conclusion` (« compatible avec », preceding unless a `pathology` cue comes
  before it in its sentence) and `pathology` (« biopsie »: no cue itself; `qualify.context`);
- history and family: `history` or `family`, and `termination`.

Words are compared folded and exactly, as EDS-NLP compares normalised tokens (« pas d'autre »,
a pseudo-cue, is not « pas d'autres », and « mai » is not « mais »); cues written with
punctuation (« : 0 », « ? », « , », « ( ») and regular-expression cues are matched as patterns.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources as package_files

from oncofr.clean.text import fold
from oncofr.recognize.lexicon import WORD, Lexicon, words
from oncofr.resources import load_table

Cue = tuple[int, int, str]  # start, end, role (on the folded clean view)

# Qualifier -> (EDS-NLP pattern module, its cue lists used as they are)
_EDS_LISTS = {
    "negation": ("negation", ("pseudo", "preceding", "following", "preceding_regex")),
    "hypothesis": ("hypothesis", ("pseudo", "preceding", "following")),
    "history": ("history", ("history",)),
    "family": ("family", ("family",)),
}
_PUNCTUATION = re.compile(r"[^\w\s'\-]")


@dataclass(frozen=True)
class CueRules:
    """One qualifier's cues: word terms in a lexicon (payload: each exact spelling's roles),
    and patterns."""

    terms: Lexicon[dict[str, frozenset[str]]]
    patterns: tuple[tuple[re.Pattern[str], str], ...]

    def find(self, folded: str) -> list[Cue]:
        """Every cue of `folded` with its role, overlapping ones included."""
        found = [(start, end, role) for start, end, spellings in self.terms.find_all(folded)
                 for role in spellings.get(_spelling(folded[start:end]), ())]
        for pattern, role in self.patterns:
            found += [(m.start(), m.end(), role) for m in pattern.finditer(folded)
                      if m.end() > m.start()]
        return found


@cache
def cue_rules(qualifier: str) -> CueRules:
    """The cues of "negation", "hypothesis", "history" or "family"."""
    lists = _cue_lists(qualifier)
    by_words: dict[tuple[str, ...], dict[str, set[str]]] = {}
    spelled: dict[tuple[str, ...], str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = [
        (re.compile(cue), "preceding") for cue in lists.pop("preceding_regex", [])
    ]
    for role, cues in lists.items():
        for cue in cues:
            folded = fold(cue)
            if _PUNCTUATION.search(folded):
                patterns.append((re.compile(_spaced_pattern(folded)), role))
                continue
            key = tuple(word for _, _, word in words(folded))
            if key:
                by_words.setdefault(key, {}).setdefault(_spelling(folded), set()).add(role)
                spelled.setdefault(key, folded)
    terms = Lexicon.from_terms(
        (spelled[key], {spelling: frozenset(roles) for spelling, roles in spellings.items()})
        for key, spellings in by_words.items()
    )
    return CueRules(terms, tuple(patterns))


def _spelling(folded: str) -> str:
    """The words of a folded text, exactly, one space apart (« pas d'autre » -> « pas d autre »)."""
    return " ".join(WORD.findall(folded))


def _cue_lists(qualifier: str) -> dict[str, list[str]]:
    """Role -> cues: EDS-NLP's lists and verbs, changed by `qualifier_cues.tsv`."""
    import importlib

    from edsnlp.pipes.terminations import termination

    module_name, list_names = _EDS_LISTS[qualifier]
    module = importlib.import_module(f"edsnlp.pipes.qualifiers.{module_name}.patterns")
    lists = {name: list(getattr(module, name)) for name in list_names}
    lists["termination"] = list(termination)
    for name, forms in _conjugated_cues().get(qualifier, {}).items():
        lists[name] = list(forms)
    rows = [row for row in load_table("qualifier_cues").rows if row["qualifier"] == qualifier]
    for row in rows:
        cues = lists.setdefault(row["list"], [])
        if row["action"] == "remove":
            cues[:] = [cue for cue in cues if cue != row["cue"]]
        elif row["cue"] not in cues:
            cues.append(row["cue"])
    return lists


@cache
def _conjugated_cues() -> dict[str, dict[str, tuple[str, ...]]]:
    """Qualifier -> verb list -> conjugated forms, as EDS-NLP's pipes conjugate their verbs:
    one pass over its verb table (36,000 rows), which is not kept."""
    from edsnlp.pipes.qualifiers.hypothesis import patterns as hypothesis
    from edsnlp.pipes.qualifiers.negation import patterns as negation

    selections = (  # (qualifier, list, verbs, which of their forms)
        ("negation", "verbs_preceding", set(negation.verbs), _negation_precedes),
        ("negation", "verbs_following", set(negation.verbs), _is_past_participle),
        ("hypothesis", "verbs_preceding", set(hypothesis.verbs_hyp), _any_form),
        ("hypothesis", "verbs_preceding", set(hypothesis.verbs_eds), _is_conditional),
        ("hypothesis", "verbs_following", set(hypothesis.verbs_hyp), _is_past_participle),
    )
    found: dict[str, dict[str, dict[str, None]]] = {}
    for row in _verb_rows():
        for qualifier, name, verbs, keep in selections:
            if row["verb"] in verbs and keep(row):
                found.setdefault(qualifier, {}).setdefault(name, {})[row["term"]] = None
    return {qualifier: {name: tuple(forms) for name, forms in lists.items()}
            for qualifier, lists in found.items()}


def _negation_precedes(row: dict[str, str]) -> bool:
    return (row["mode"], row["tense"]) == ("Indicatif", "Présent") or row["tense"] in (
        "Participe Présent", "Participe Passé", "Infinitif Présent")


def _is_past_participle(row: dict[str, str]) -> bool:
    return row["tense"] == "Participe Passé"


def _is_conditional(row: dict[str, str]) -> bool:
    return row["mode"] == "Conditionnel"


def _any_form(row: dict[str, str]) -> bool:
    return True


def _verb_rows() -> Iterator[dict[str, str]]:
    """EDS-NLP's table of conjugated French verbs (verb, mode, tense, person, term), row by row."""
    path = package_files.files("edsnlp") / "resources" / "verbs.csv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _spaced_pattern(folded: str) -> str:
    """A cue with punctuation as a pattern: its pieces with optional spaces between them
    (« : 0 » = « :0 »), whole words at its ends."""
    pieces = re.findall(r"\w+|[^\w\s]", folded)
    pattern = ""
    for previous, piece in zip(["", *pieces], pieces, strict=False):
        if previous:
            both_words = previous[-1].isalnum() and piece[0].isalnum()
            pattern += "[ ]+" if both_words else "[ ]*"
        pattern += re.escape(piece)
    start = r"(?<!\w)" if pieces[0][0].isalnum() else ""
    end = r"(?!\w)" if pieces[-1][-1].isalnum() else ""
    return start + pattern + end
