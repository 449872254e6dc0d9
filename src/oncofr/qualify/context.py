"""Qualifiers of every mention (`qualify.context`): negated, hypothetical, historical, family.

Method
- ConText as EDS-NLP's `eds.negation`, `eds.hypothesis`, `eds.history` and `eds.family` apply
  it, with their cue lists (`qualify.cues`): a cue acts on the mentions of its proposition (a
  sentence cut at « , », « et », « mais »…), negation and hypothesis cues before or after them
  depending on the cue. OncoFR runs that method itself on the folded clean view, linear in the
  text: the four EDS-NLP pipes took 29 % of the pipeline's time and a second of start-up, and
  their cost grew with the square of the mentions of a sentence; on the seeds, E3C and 200
  FRACCO cases both give the same qualifiers to 99.95 % of the mentions, the rest following
  OncoFR's sentence ends (a list item is its own sentence).
- `resources/data/qualifier_cues.tsv` adds the French cues EDS-NLP's lists lack (« évoquant »,
  « compatible avec », « à éliminer », « indemne de », « connu pour », the elided « n'… pas »…)
  and removes misleading ones: « non » (« métastases non résécables », « diabète non
  insulinodépendant sous antidiabétiques » are no negation of what is around; « non retrouvé »
  and its kind are listed instead, and « non » negates the mention right after it only),
  « enfant », « fille », « fils » without a possessive (a child is often the patient),
  « famille » (« famille des taxanes »), « exploration » and « discret » for hypotheses
  (a surgical exploration, a mild sign). Negations also end at « pour », « à part », « lors
  de », « puis », « dû à » (« sans antécédent, adressé pour des douleurs »), but not
  inside a cue that holds them (« pas d'argument pour une récidive »).
- « compatible avec » and « en faveur de » (`conclusion` cues) make what follows hypothetical,
  except after a word naming a pathological examination earlier in their sentence
  (`pathology` cues: « biopsie », « histologique », « immunohistochimie »…): « l'examen
  histologique était en faveur d'un lymphome » states the diagnosis, « image en faveur d'une
  métastase » does not.
- For the family qualifier, « avec », « qui », « que » and « ainsi que » end no scope: what
  follows a relative is the relative's (« sa grand-mère avec une leucémie », « un oncle
  chez qui on a découvert un cancer »), nor does a comma before what is said of the relative
  (« sa mère, qui a eu un cancer du sein », « son père, décédé d'un cancer du poumon »).
- A mention in a parenthesis takes the qualifiers of the proposition right before it, past the
  commas and « et » inside (« diagnostics différentiels (métastase, myélome, lymphome) »,
  « pas de récidive (foie, poumons) »); another termination or a sentence end inside keeps it
  apart (« pas de toxicité (sauf une neutropénie) »).
- A mention continues an enumeration (« pas de métastase osseuse, pulmonaire ou cérébrale »)
  when only commas, « et », « ou », « ni » and articles separate it from the previous mention of
  its sentence, and « et », « ou » or « ni » closes the enumeration: it takes that mention's
  negation, hypothesis, history and family.
- The words of a marker mention state its result (« RE+ RP- HER2 négatif »): a cue among them
  is a pseudo-cue, so « négatif » does not negate RE+ and RP-.
- A mention under an « Antécédents » heading is historical; under « Antécédents familiaux »
  (without « personnels ») it is about the family.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.qualify.cues import Cue, cue_rules
from oncofr.registry import factory

QUALIFIERS = ("negated", "hypothetical", "historical", "family")
# Mentions whose words state a result (« HER2 négatif », « RP- »): their negation words are
# that result, no negation of the mentions around them.
RESULT_LABELS = ("biomarker",)
_LIST_WORDS = {"et", "ou", "ni", "de", "d", "du", "des", "la", "le", "les", "l", "un", "une", "au",
               "aux"}
_CONJUNCTIONS = {"et", "ou", "ni"}
_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE_END = re.compile(r"[.;:()]")
_NON_BEFORE = re.compile(r"\bnon[ -]$")  # « non » negates the word right after it only
_ASIDE = re.compile(r"\([^()\n]{1,200}\)")  # a parenthesis within a line
_LIST_TERMINATIONS = {",", "et"}  # terminations that part the members of a list
# A comma that opens what is said of a relative (« sa mère, qui a eu un cancer du sein »,
# « son père, décédé d'un cancer du poumon ») ends no family scope.
_APPOSITION = re.compile(
    r",\s{0,2}(?:qui\b|dont\b|chez\s{1,2}qui\b|elle-meme\b|lui-meme\b|ayant\b|porteu(?:r|se)\b"
    r"|(?:decede|atteint|suivi|traite|opere|diagnostique)(?:e|s|es)?\b)"
)


# Output name -> the cue set that decides it; negation and hypothesis cues have a direction.
_CUE_SETS = {"negated": "negation", "hypothetical": "hypothesis", "historical": "history",
             "family": "family"}
_PRECEDING = {"preceding", "verbs_preceding"}
_FOLLOWING = {"following", "verbs_following"}


def context_qualifiers(document: Document, spans: list[tuple[int, int]],
                       results: Sequence[tuple[int, int]] = ()) -> list[dict[str, bool]]:
    """The four qualifiers of each clean-view span, from the cues of its propositions; the
    cue words inside `results` (clean spans of markers: « HER2 négatif ») are a result, and
    qualify nothing, as a pseudo-cue's."""
    folded = document.folded
    sentence_starts = [start for start, _ in document.sentences]
    found = [dict.fromkeys(QUALIFIERS, False) for _ in spans]
    asides = [(match.start(), match.end()) for match in _ASIDE.finditer(folded)]
    as_pseudo: list[Cue] = [(start, end, "pseudo") for start, end in results]
    for name, cue_set in _CUE_SETS.items():
        cues = _concluding(cue_rules(cue_set).find(folded) + as_pseudo, sentence_starts)
        scopes = Scopes(cues, sentence_starts, folded, cue_set)
        for result, (start, end) in zip(found, spans, strict=True):
            result[name] = end > start and (scopes.qualifies(start, end)
                                             or scopes.qualifies_aside(asides, start, end))
    return found


class Scopes:
    """A text cut into propositions (sentences cut again at each termination cue), with what
    each proposition's cues can qualify.

    As in EDS-NLP's ConText pipes: a pseudo-cue hides the shorter cues it overlaps; a span is
    negated or hypothetical when a preceding cue ends before it or a following cue starts after
    it in a proposition it overlaps, historical or family when such a cue is anywhere in one.
    """

    def __init__(self, cues: list[Cue], sentence_starts: list[int], folded: str,
                 cue_set: str) -> None:
        length = len(folded)
        within = _inside_directed_cues(cues, length)
        terminations = [start for start, _, role in cues if role == "termination"
                        and not within[start]
                        and not (cue_set == "family" and _APPOSITION.match(folded, start))]
        self.bounds = sorted({0, *sentence_starts, *terminations, length})
        self.list_bounds = {start for start, end, role in cues
                            if role == "termination" and folded[start:end] in _LIST_TERMINATIONS}
        count = len(self.bounds)
        self.first_preceding_end = [length + 1] * count
        self.last_following_start = [-1] * count
        self.has_cue = [False] * count
        for start, end, role in _without_pseudo(cues, length):
            segment = self.segment(start)
            if role in _PRECEDING:
                self.first_preceding_end[segment] = min(self.first_preceding_end[segment], end)
            elif role in _FOLLOWING:
                self.last_following_start[segment] = max(self.last_following_start[segment],
                                                         start)
            elif role == cue_set:
                self.has_cue[segment] = True

    def segment(self, position: int) -> int:
        return bisect.bisect_right(self.bounds, position) - 1

    def qualifies(self, start: int, end: int) -> bool:
        return any(
            self.has_cue[segment] or self.first_preceding_end[segment] <= start
            or self.last_following_start[segment] >= end
            for segment in range(self.segment(start), self.segment(end - 1) + 1)
        )

    def qualifies_aside(self, asides: list[tuple[int, int]], start: int, end: int) -> bool:
        """Whether a span inside a parenthesis takes what qualifies the proposition before it
        (« diagnostics différentiels discutés (métastase, myélome) », « pas de récidive (foie,
        poumons) »), its commas and « et » notwithstanding."""
        index = bisect.bisect_left(asides, (start,)) - 1
        if index < 0 or not asides[index][0] < start <= end <= asides[index][1]:
            return False
        opening = asides[index][0]
        inner = self.bounds[self.segment(opening) + 1:self.segment(start) + 1]
        if not set(inner) <= self.list_bounds:
            return False  # « (sauf une neutropénie) », a sentence end
        segment = self.segment(opening) - 1
        return segment >= 0 and (self.has_cue[segment]
                                 or self.first_preceding_end[segment] <= opening)


def _inside_directed_cues(cues: list[Cue], length: int) -> bytearray:
    """The characters inside a preceding or following cue past its first word: a termination
    there (the « pour » of « pas d'argument pour ») belongs to the cue and ends no scope."""
    inside = bytearray(length + 1)
    for start, end, role in cues:
        if role in _PRECEDING | _FOLLOWING:
            inside[start + 1:end] = b"\x01" * max(0, end - start - 1)
    return inside


def _concluding(cues: list[Cue], sentence_starts: list[int]) -> list[Cue]:
    """`cues` with each `conclusion` cue (« compatible avec », « en faveur de ») made a
    preceding one, unless a `pathology` cue comes before it in its sentence (« la biopsie
    était en faveur d'un lymphome »): a pathological examination's conclusion is its result,
    an image's is a hypothesis. The `pathology` cues themselves qualify nothing."""
    pathology = sorted(start for start, _, role in cues if role == "pathology")
    kept = []
    for start, end, role in cues:
        if role == "conclusion":
            sentence = bisect.bisect_right(sentence_starts, start) - 1
            sentence_start = sentence_starts[sentence] if sentence >= 0 else 0
            before = bisect.bisect_left(pathology, start) - 1
            if before >= 0 and pathology[before] >= sentence_start:
                continue
            role = "preceding"
        if role != "pathology":
            kept.append((start, end, role))
    return kept


def _without_pseudo(cues: list[Cue], length: int) -> list[Cue]:
    """`cues` less the pseudo-cues and what they hide: longest first (then leftmost), a cue that
    overlaps a pseudo-cue already taken is dropped (characters marked, so linear in the text)."""
    kept: list[Cue] = []
    hidden = bytearray(length)
    for start, end, role in sorted(cues, key=lambda cue: (cue[0] - cue[1], cue[0])):
        if any(hidden[start:end]):
            continue
        if role == "pseudo":
            hidden[start:end] = b"\x01" * (end - start)
        else:
            kept.append((start, end, role))
    return kept


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
            original_starts: list[int],
            results: Sequence[tuple[int, int]] = ()) -> list[dict[str, bool]]:
    """The four qualifiers of each span (clean-view spans, with their original starts;
    `results` as `context_qualifiers`')."""
    found = context_qualifiers(document, clean_spans, results)
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
        results = [document.clean_spans[mention.id] for mention in mentions
                   if mention.label in RESULT_LABELS]
        found = qualify(document, clean_spans, [mention.start for mention in mentions], results)
        for mention, qualifiers in zip(mentions, found, strict=True):
            for name, value in qualifiers.items():
                if value:
                    setattr(mention, name, True)

    return context
