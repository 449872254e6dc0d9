"""Qualifiers of every mention (`qualify.context`): negated, hypothetical, historical, family.

Method
- The mentions' clean-view spans go in `doc.spans["oncofr_mentions"]` of the document's EDS-NLP
  Doc, and EDS-NLP's ConText-style pipes qualify them: `eds.negation`, `eds.hypothesis`,
  `eds.history`, `eds.family`. A cue acts on the mentions of its proposition (a sentence cut at
  « , », « et », « mais »…), before or after it depending on the cue.
- `resources/data/qualifier_cues.tsv` adds the French cues those pipes lack (« évoquant »,
  « compatible avec », « à éliminer », « indemne de », « connu pour », the elided « n'… pas »…)
  and removes misleading ones: « non » (« métastases non résécables », « diabète non
  insulinodépendant sous antidiabétiques » are no negation of what is around; « non retrouvé »
  and its kind are listed instead, and « non » negates the mention right after it only),
  « enfant », « fille », « fils » without a possessive (a child is often the patient),
  « famille » (« famille des taxanes »), « exploration » and « discret » for hypotheses
  (a surgical exploration, a mild sign). Negations also end at « pour », « à part », « lors
  de », « puis », « dû à » (« sans antécédent, adressé pour des douleurs »).
- A mention continues an enumeration (« pas de métastase osseuse, pulmonaire ou cérébrale »)
  when only commas, « et », « ou », « ni » and articles separate it from the previous mention of
  its sentence, and « et », « ou » or « ni » closes the enumeration: it takes that mention's
  negation, hypothesis, history and family.
- A mention under an « Antécédents » heading is historical; under « Antécédents familiaux »
  (without « personnels ») it is about the family.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.nlp import clean_doc, shared_nlp
from oncofr.registry import factory
from oncofr.resources import load_table

SPAN_KEY = "oncofr_mentions"
QUALIFIERS = ("negated", "hypothetical", "historical", "family")
_LIST_WORDS = {"et", "ou", "ni", "de", "d", "du", "des", "la", "le", "les", "l", "un", "une", "au",
               "aux"}
_CONJUNCTIONS = {"et", "ou", "ni"}
_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE_END = re.compile(r"[.;:()]")
_NON_BEFORE = re.compile(r"\bnon[ -]$")  # « non » negates the word right after it only


def _cues(qualifier: str, list_name: str, defaults: list[str]) -> list[str]:
    """EDS-NLP's `defaults` with the additions and removals of `qualifier_cues.tsv`."""
    rows = [row for row in load_table("qualifier_cues").rows
            if (row["qualifier"], row["list"]) == (qualifier, list_name)]
    removed = {r["cue"] for r in rows if r["action"] == "remove"}
    added = [r["cue"] for r in rows if r["action"] != "remove"]
    return list(dict.fromkeys([cue for cue in defaults if cue not in removed] + added))


@cache
def qualifier_pipes() -> dict[str, tuple[Any, str]]:
    """Qualifier name -> (EDS-NLP pipe, the Span extension it sets); built once per process."""
    import edsnlp.pipes as eds
    from edsnlp.pipes.qualifiers.family import patterns as family
    from edsnlp.pipes.qualifiers.history import patterns as history
    from edsnlp.pipes.qualifiers.hypothesis import patterns as hypothesis
    from edsnlp.pipes.qualifiers.negation import patterns as negation
    from edsnlp.pipes.terminations import termination

    nlp = shared_nlp()
    scope = {"nlp": nlp, "span_getter": SPAN_KEY, "on_ents_only": True}
    negation_pipe = eds.negation(
        **scope, pseudo=_cues("negation", "pseudo", negation.pseudo),
        preceding=_cues("negation", "preceding", negation.preceding),
        preceding_regex=_cues("negation", "preceding_regex", negation.preceding_regex),
        following=_cues("negation", "following", negation.following),
        termination=_cues("negation", "termination", termination),
    )
    hypothesis_pipe = eds.hypothesis(
        **scope, pseudo=_cues("hypothesis", "pseudo", hypothesis.pseudo),
        preceding=_cues("hypothesis", "preceding", hypothesis.preceding),
        following=_cues("hypothesis", "following", hypothesis.following),
        termination=_cues("hypothesis", "termination", termination),
    )
    history_pipe = eds.history(**scope, history=_cues("history", "history", history.history))
    family_pipe = eds.family(**scope, family=_cues("family", "family", family.family),
                             use_sections=False)
    return {
        "negated": (negation_pipe, "negation"),
        "hypothetical": (hypothesis_pipe, "hypothesis"),
        "historical": (history_pipe, "history"),
        "family": (family_pipe, "family"),
    }


def eds_qualifiers(doc: Any, spans: list[tuple[int, int]]) -> list[dict[str, bool]]:
    """The four qualifiers of each clean-view span of `doc`, from the EDS-NLP pipes."""
    token_spans = [doc.char_span(start, end, alignment_mode="expand") if end > start else None
                   for start, end in spans]
    unique = {(span.start, span.end): span for span in token_spans if span is not None}
    doc.spans[SPAN_KEY] = [unique[key] for key in sorted(unique)]
    pipes = qualifier_pipes()
    for pipe, _ in pipes.values():
        pipe(doc)
    return [
        {name: bool(span is not None and span._.get(attribute))
         for name, (_, attribute) in pipes.items()}
        for span in token_spans
    ]


# Characters read after a mention for the conjunction of an enumeration (six words fit): a
# bound, so a sentence with thousands of mentions stays linear.
ENUMERATION_LOOKAHEAD = 200


def propagate_enumerations(text: str, spans: list[tuple[int, int]], found: list[dict[str, bool]],
                           sentence_of: Any) -> None:
    """Give a mention that continues an enumeration the qualifiers of the previous member."""
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    for previous, current in zip(order, order[1:], strict=False):
        (_, previous_end), (start, end) = spans[previous], spans[current]
        if previous_end > start or sentence_of(previous_end - 1) != sentence_of(start):
            continue
        clause_end = min(sentence_of(start)[1], end + ENUMERATION_LOOKAHEAD)
        if _continues_enumeration(text[previous_end:start], text[end:clause_end]):
            for name, value in found[previous].items():
                found[current][name] = found[current][name] or value


def _continues_enumeration(between: str, after: str) -> bool:
    """Only « , », « et », « ou », « ni » and articles between two mentions, and a conjunction
    between them or among the next six words of the clause (« osseuse, pulmonaire ou
    cérébrale »)."""
    words = _WORD.findall(fold(between))
    if re.sub(r"[\w' ]", "", between) not in ("", ",") or not set(words) <= _LIST_WORDS:
        return False
    following = _WORD.findall(fold(_CLAUSE_END.split(after, maxsplit=1)[0]))[:6]
    return bool(_CONJUNCTIONS & set(words + following))


def section_qualifiers(document: Document, original_start: int) -> dict[str, bool]:
    """historical under an « Antécédents » heading, family under « Antécédents familiaux »."""
    section = document.section_at(original_start)
    if section is None or section.label != "antecedents":
        return {}
    title = fold(section.title)
    if "famil" in title and "personnel" not in title:
        return {"family": True}
    return {"historical": True}


def qualify(document: Document, clean_spans: list[tuple[int, int]],
            original_starts: list[int]) -> list[dict[str, bool]]:
    """The four qualifiers of each span (clean-view spans, with their original starts)."""
    found = eds_qualifiers(clean_doc(document), clean_spans)
    folded = document.folded
    for result, (start, _) in zip(found, clean_spans, strict=True):
        if _NON_BEFORE.search(folded, max(0, start - 4), start):
            result["negated"] = True
    propagate_enumerations(document.text, clean_spans, found, document.sentence_of)
    for result, start in zip(found, original_starts, strict=True):
        result.update(section_qualifiers(document, start))
    return found


@factory("qualify.context")
def make_context():
    """Set `negated`, `hypothetical`, `historical` and `family` on every mention."""

    def context(document: Document) -> None:
        mentions = document.mentions
        if not mentions:
            return
        clean_spans = [document.clean_spans[mention.id] for mention in mentions]
        found = qualify(document, clean_spans, [mention.start for mention in mentions])
        for mention, qualifiers in zip(mentions, found, strict=True):
            for name, value in qualifiers.items():
                if value:
                    setattr(mention, name, True)

    return context
