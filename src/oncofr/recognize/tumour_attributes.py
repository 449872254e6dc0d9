"""Tumour attributes (`recognize.tumour_attributes`): grade, Ki-67, mitotic index, stage, size,
biomarkers and performance status, each a mention with a normalised value (see
docs/oncology-attributes.md for the labels and value shapes).

Method
- Patterns read the folded clean view (lower case, no accents, same offsets); cue words come
  from `resources/data/oncology_cues.tsv` and markers from `biomarkers.tsv`.
- `grade`: « grade 2 », « grade II », « G2 », « SBR III », « grade de Fuhrman 3 », « grade
  histopronostique de Elston et Ellis 2 », « score de Gleason 7 (4+3) ». A grade after an
  adverse-event noun (« mucite de grade 2 ») or on an adverse-event scale (CTCAE, Clavien) is
  kept with `attributes.target = "adverse_event"`; one after another non-tumour noun (« reflux
  de grade 3 », « Krenning ») is dropped.
- `ki67` and `mitotic_index`: a number in percent after « Ki-67 », mitoses per area.
- `stage`: TNM from EDS-NLP's `eds.tnm` (free-text brackets after it cut off), plus a prefixed
  T alone (« (pT3) ») which `eds.tnm` leaves out; stage groups « stade IIIA ».
- `size`: lengths in cm or mm, kept when a lesion word or a `morphology` mention comes before
  them in the sentence and no organ or distance word (« rate », « marge ») stands nearer.
- `biomarker`: markers with a result after them (« RE+ », « CKit négatif », « HER2 3+ »,
  « PD-L1 à 50 % », « BRAF V600E ») or before a list of them (« positive pour la vimentine,
  la desmine et le HMB45 », « positivité diffuse de la chromogranine A et de la
  synaptophysine », « mutation KRAS »), or that a verb gives after them (« l'expression de
  la chromogranine et du CD56 est négative », « les tests KRAS et NRAS sont négatifs »); a
  marker only tested (« … a été demandée ») or without a result is not a mention. ICD-O-3
  mentions that are words of a marker's name are taken out: inside a longer name (« kinase du
  lymphome anaplasique » is ALK), or a tumour abbreviation that a result makes a marker
  (« positivité pour la desmine et la LAM »: smooth-muscle actin; « une LAM » stays a
  leukaemia).
- `performance_status`: ECOG / OMS (0-4) and Karnofsky (0-100) scores.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.models import Mention
from oncofr.nlp import clean_doc, shared_nlp
from oncofr.prefilter import finditer
from oncofr.recognize.disorders import GRADE_REACHED
from oncofr.recognize.icdo3 import SYSTEMS as ICDO3_SYSTEMS
from oncofr.recognize.lexicon import Lexicon, words
from oncofr.recognize.oncology_cues import cue_lexicon, cue_pattern, cues
from oncofr.recognize.time_quantities import parse_number
from oncofr.registry import factory
from oncofr.resources import load_table

DECIMAL = r"\d{1,3}(?:[.,]\d{1,2})?"
COMPARATOR = r"<=|>=|<|>|≤|≥|inferieure?[ ]a|superieure?[ ]a|moins[ ]de|plus[ ]de|jusqu'a"
_COMPARATORS = {"≤": "<=", "≥": ">=", "inferieur a": "<", "inferieure a": "<", "moins de": "<",
                "jusqu'a": "<=", "superieur a": ">", "superieure a": ">", "plus de": ">"}
_CLAUSE_END = re.compile(r"[.;:,()\n]")
CLAUSE_WINDOW = 60


@dataclass(frozen=True)
class Found:
    """A mention to add: its label, clean-view span and fields."""

    label: str
    start: int
    end: int
    value: Any = None
    code: str | None = None
    system: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    def add_to(self, document: Document) -> None:
        document.add_mention(self.label, self.start, self.end, value=self.value, code=self.code,
                             system=self.system, attributes=self.attributes)


def comparator(written: str | None) -> str | None:
    """« inferieur a » -> « < », « ≥ » -> « >= »; `None` stays `None`."""
    return None if written is None else _COMPARATORS.get(written, written)


def clause_start(document: Document, folded: str, position: int) -> int:
    """Start of the clause ending at `position`: after the last punctuation mark, within the
    sentence and at most `CLAUSE_WINDOW` characters back."""
    sentence_start, _ = document.sentence_of(position)
    start = max(sentence_start, position - CLAUSE_WINDOW)
    marks = list(_CLAUSE_END.finditer(folded, start, position))
    return marks[-1].end() if marks else start


# --- grade ----------------------------------------------------------------------------------

_NUMERAL = r"(?:iv|v|i{1,3}|[1-5]|x)"
_DIGITS = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "x": "X"}
# Systems that name a grade without the word « grade » (« SBR III », « Fuhrman 2 »).
_STANDALONE_SYSTEMS = ("elston_ellis", "fuhrman", "isup", "fnclcc")
_G_GRADE = re.compile(
    r"(?<![\w-])G(?P<low>[1-4X])(?:[ ]?-[ ]?G?(?P<high>[1-4]))?(?![\w])(?![ ]?P\d)"
)
_GLEASON = re.compile(
    r"\b(?:score[ ]de[ ])?gleason[ ](?:de[ ]|a[ ]|:[ ]?|=[ ]?)?"
    r"(?:(?P<primary>[1-5])[ ]?\+[ ]?(?P<secondary>[1-5])(?:[ ]?=[ ]?(?P<total>\d{1,2}))?"
    r"|(?P<score>\d{1,2})(?:[ ]?\([ ]?(?P<p>[1-5])[ ]?\+[ ]?(?P<s>[1-5])[ ]?\))?)(?![\w])"
)


@cache
def _grade_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """« grade [system] N [de system] » and « system N »."""
    systems = cue_pattern("grade_system")
    standalone = "|".join(
        re.escape(term) for term in sorted(cues("grade_system"), key=len, reverse=True)
        if cues("grade_system")[term][0] in _STANDALONE_SYSTEMS
    )
    number = (rf"(?P<low>{_NUMERAL})(?:[ ]?(?:-|/|a|ou)[ ]?(?P<high>{_NUMERAL}))?(?![\w])")
    after_grade = re.compile(
        rf"\bgrade(?:[ ](?:de[ ]|d'|du[ ])?(?P<system1>{systems}))?"
        rf"(?:[ ](?:de[ ]|d'|du[ ])?(?P<system2>{systems}))?[ ]?(?:[:=][ ]?|(?:a|de)[ ])?{number}"
        rf"(?:[ ](?:de[ ]|d'|du[ ]|selon[ ](?:la[ ]|le[ ]|l')?)?"
        rf"(?:(?:classification|score|echelle)[ ](?:de[ ]|d')?)?(?P<system3>{systems})(?![\w]))?"
    )
    named = re.compile(rf"\b(?P<system1>{standalone})[ ]?(?:[:=][ ]?|(?:a|de)[ ])?{number}")
    return after_grade, named


def find_grades(document: Document, folded: str) -> Iterator[Found]:
    """Tumour grades (and adverse-event grades marked as such)."""
    after_grade, named = _grade_patterns()
    taken: list[tuple[int, int]] = []
    for match in [*finditer(after_grade, folded), *named.finditer(folded)]:
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        taken.append(match.span())
        groups = match.groupdict()
        written = [groups[g] for g in ("system1", "system2", "system3") if groups.get(g)]
        found = _grade(document, folded, match, written)
        if found is not None:
            yield found
    for match in _G_GRADE.finditer(document.text):
        if not any(a <= match.start() < b for a, b in taken):
            found = _grade(document, folded, match, [])
            if found is not None:
                yield found
    yield from _gleason(folded)


def _grade(document: Document, folded: str, match: re.Match[str],
           written: list[str]) -> Found | None:
    """A grade mention for `match`, its system from the `written` system words."""
    systems = [cues("grade_system")[fold(term)] for term in written]
    targets = {detail for _, detail in systems} - {"tumour"}
    target = targets.pop() if targets else target_before(document, folded, match.start())
    if target == "tumour" and (adverse_event_after(document, folded, match.end())
                               or _reached_by_adverse_event(document, folded, match)):
        target = "adverse_event"
    if target == "other":
        return None
    low = _DIGITS.get(match.group("low").lower(), match.group("low"))
    high = match.group("high")
    value = f"G{low}" + (f"-{_DIGITS.get(high.lower(), high)}" if high else "")
    system = next((name for name, _ in systems if name), "generic")
    attributes: dict[str, Any] = {"system": system}
    if target == "adverse_event":
        attributes["target"] = target
    return Found("grade", match.start(), match.end(), value=value, attributes=attributes)


def _reached_by_adverse_event(document: Document, folded: str, match: re.Match[str]) -> bool:
    """The grade is one an adverse event of its sentence reached (« une neutropénie
    progressive, atteignant le grade 4 »)."""
    sentence_start, _ = document.sentence_of(match.start())
    reached = GRADE_REACHED.search(folded, max(sentence_start, match.start() - CLAUSE_WINDOW),
                                   match.end())
    return (reached is not None and match.start() <= reached.start("grade") < match.end()
            and any(m.label == "adverse_event" and sentence_start <= a < match.start()
                    for m, (a, _) in _mention_spans(document)))


def _gleason(folded: str) -> Iterator[Found]:
    for match in finditer(_GLEASON, folded):
        primary = match.group("primary") or match.group("p")
        secondary = match.group("secondary") or match.group("s")
        total = match.group("total") or match.group("score")
        if total is None:
            total = str(int(primary) + int(secondary))
        attributes: dict[str, Any] = {"system": "gleason"}
        if primary:
            attributes |= {"primary": int(primary), "secondary": int(secondary)}
        yield Found("grade", match.start(), match.end(), value=total, attributes=attributes)


@cache
def _noun_lexicon() -> Lexicon[str]:
    """Nouns that say what a grade or stage is about: tumour, adverse_event or other."""
    terms = [(term, "tumour") for term in cues("lesion")]
    terms += [(term, value) for term, (value, _) in cues("grade_target").items()]
    terms += [(row["term"], "adverse_event") for row in load_table("adverse_events").rows]
    terms += [(row["term"], "other") for row in load_table("disorders").rows]
    return Lexicon.from_terms(terms)


# What the mentions of other recognisers say a grade or stage is about.
_MENTION_TARGETS = {"morphology": "tumour", "adverse_event": "adverse_event", "disorder": "other"}
_PRIORITY = {"tumour": 2, "adverse_event": 1, "other": 0}


def target_before(document: Document, folded: str, position: int) -> str:
    """What the grade or stage at `position` is about, from the last noun of its clause (the
    clause before a bracket for « dyspnée (grade 2) »), else « tumour »."""
    start = clause_start(document, folded, position)
    if folded[start - 1:start] == "(" and not folded[start:position].strip():
        start = clause_start(document, folded, start - 1)
    found = _noun_lexicon().find(folded[start:position])
    nouns = [(start + end, target) for _, end, target in found]
    nouns += [(b, _MENTION_TARGETS[m.label]) for m, (a, b) in _mention_spans(document)
              if m.label in _MENTION_TARGETS and start <= a and b <= position]
    if not nouns:
        return "tumour"
    return max(nouns, key=lambda noun: (noun[0], _PRIORITY[noun[1]]))[1]


def _mention_spans(document: Document) -> Iterator[tuple[Mention, tuple[int, int]]]:
    for mention in document.mentions:
        span = document.clean_spans.get(mention.id)
        if span is not None:
            yield mention, span


def adverse_event_after(document: Document, folded: str, position: int) -> bool:
    """An adverse-event term starts right after `position` (« G3 neutropénie »)."""
    following = _noun_lexicon().find(folded[position:position + CLAUSE_WINDOW])
    if following and following[0][0] == 1 and following[0][2] == "adverse_event":
        return True
    return any(m.label == "adverse_event" and a == position + 1
               for m, (a, _) in _mention_spans(document))


# --- Ki-67 and mitotic index ----------------------------------------------------------------

_KI67 = re.compile(
    r"(?:\bindex[ ](?:de[ ]proliferation[ ])?(?:\(|:[ ]?)?)?\b(?:ki[ -]?67|mib[ -]?1)\b"
    r"(?:[ ]?\(mib[ -]?1\))?\)?[ ]?(?:[:=][ ]?)?(?:(?:estime|evalue|mesure|calcule)e?[ ])?"
    r"(?:\+{1,3}[ ]?|positif[ ](?:a[ ]|dans[ ])?)?"  # staining mark: « Ki-67 +++ 80 % »
    rf"(?:(?P<cmp>{COMPARATOR})[ ]?|entre[ ]|(?:a|de|d'environ|environ|est[ ]de"
    r"|est[ ]a|a[ ]environ)[ ])?"
    rf"(?P<low>{DECIMAL})(?:[ ]?%)?(?:[ ]?(?:-|a|et)[ ]?(?P<high>{DECIMAL}))?[ ]?%"
)
_MITOSES = re.compile(
    r"(?P<lead>\bindex[ ]mitotique[ ](?:de[ ]|a[ ]|:[ ]?|=[ ]?)?)?"
    rf"(?:(?P<cmp>{COMPARATOR})[ ]?)?(?<![\w.,/])(?P<low>\d{{1,3}})"
    r"(?:[ ]?(?:-|a)[ ]?(?P<high>\d{1,3}))?(?P<word>[ ]?mitoses?)?[ ]?(?:/|pour|par|sur)[ ]?"
    rf"(?P<per>{DECIMAL})?[ ]?(?P<unit>hpf|cfg|grands[ ]champs|champs|mm2)(?![\w])"
)


def find_ki67(folded: str) -> Iterator[Found]:
    """« Ki-67 à 15 % », « index Ki67 < 2 % », « Ki-67 entre 3 et 20 % » (value: upper bound),
    « Ki-67 +++ 60 % », « Ki-67 positif dans 5 % des noyaux »."""
    for match in finditer(_KI67, folded):
        low = parse_number(match.group("low"))
        high = parse_number(match.group("high")) if match.group("high") else None
        attributes: dict[str, Any] = {}
        if high is not None:
            attributes |= {"low": low, "high": high}
        if match.group("cmp"):
            attributes["comparator"] = comparator(match.group("cmp"))
        yield Found("ki67", match.start(), match.end(), value=high if high is not None else low,
                    attributes=attributes)


def find_mitoses(folded: str) -> Iterator[Found]:
    """« 3 mitoses/10 HPF », « index mitotique de 2/10 champs », « 2 mitoses pour 2 mm² »."""
    if "mitos" not in folded and "mitotique" not in folded:
        return  # the pattern needs one or the other; this spares trying it at every digit
    for match in _MITOSES.finditer(folded):
        if not (match.group("lead") or match.group("word")):
            continue
        unit = "mm2" if match.group("unit") == "mm2" else "HPF"
        per = parse_number(match.group("per")) if match.group("per") else 1.0
        count = parse_number(match.group("high") or match.group("low"))
        attributes: dict[str, Any] = {"per": per, "unit": unit}
        if match.group("cmp"):
            attributes["comparator"] = comparator(match.group("cmp"))
        yield Found("mitotic_index", match.start(), match.end(), value=count, attributes=attributes)


# --- stage ----------------------------------------------------------------------------------

_LONE_T = re.compile(
    r"(?<![\w/-])(?P<prefix>y?p|y?c|r|a|u)T(?P<t>[0-4]|is|x)(?P<spec>[a-d]|mi)?(?![\w+])"
)
_LETTERS = re.compile(r"[^\W\d_]{4}")
_VERSION = re.compile(r"uicc|ajcc|tnm", re.IGNORECASE)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


@cache
def _tnm_matcher() -> Any:
    """EDS-NLP's TNM pipe, bound to the shared pipeline; only its `process` and `parse` are used."""
    import edsnlp.pipes as eds

    return eds.tnm(nlp=shared_nlp(), span_setter={})


@cache
def _stage_pattern() -> re.Pattern[str]:
    systems = cue_pattern("stage_system")
    return re.compile(
        rf"\bstades?[ ](?:(?P<system1>{systems})[ ])?(?:de[ ]|:[ ]?)?"
        r"(?P<group>iv|v|i{1,3}|[1-4](?!\d|[.,]\d))(?P<sub>(?-i:[ ]?[ABC]|[abc])[12]?)?(?![\w])"
        rf"(?:[ ](?:de[ ]la[ ]|de[ ]l'|d'|selon[ ](?:la[ ])?)?(?:classification[ ](?:de[ ]|d')?)?"
        rf"(?P<system2>{systems})(?![\w]))?",
        re.IGNORECASE,
    )


def find_stages(document: Document, folded: str) -> Iterator[Found]:
    """TNM stages and stage groups."""
    tnm_spans = list(_tnm(document))
    yield from tnm_spans
    for match in _LONE_T.finditer(document.text):
        if not any(f.start <= match.start() < f.end for f in tnm_spans):
            t = f"T{match.group('t')}{match.group('spec') or ''}"
            yield Found("stage", match.start(), match.end(), value=match.group(0),
                        attributes={"kind": "tnm", "prefix": match.group("prefix"), "t": t,
                                    "n": None, "m": None})
    yield from _stage_groups(document, folded)


def _tnm(document: Document) -> Iterator[Found]:
    matcher = _tnm_matcher()
    for span in matcher.parse(matcher.process(clean_doc(document))):
        tnm = span._.tnm
        end = _cut_note(document.text, span.start_char, span.end_char)
        yield Found("stage", span.start_char, end, value=tnm.norm(), attributes={
            "kind": "tnm", "prefix": tnm.tumour_prefix,
            "t": _component("T", tnm.tumour, tnm.tumour_specification),
            "n": _component("N", tnm.node, tnm.node_specification),
            "m": _component("M", tnm.metastasis, tnm.metastasis_specification),
        })


def _component(letter: str, stage: str | None, specification: str | None) -> str | None:
    return None if stage is None else f"{letter}{stage}{specification or ''}"


def _cut_note(text: str, start: int, end: int) -> int:
    """End of a TNM span without a trailing free-text bracket (« pT2N0 (bilatéral) »)."""
    opening = text.rfind("(", start, end)
    if opening < 0 or not text[start:end].endswith(")"):
        return end
    note = text[opening + 1:end - 1]
    if _LETTERS.search(note) and not _VERSION.search(note):
        return len(text[start:opening].rstrip()) + start
    return end


def _stage_groups(document: Document, folded: str) -> Iterator[Found]:
    for match in _stage_pattern().finditer(document.text):
        written = [match.group(g) for g in ("system1", "system2") if match.group(g)]
        systems = [cues("stage_system")[fold(term)] for term in written]
        if any(detail != "tumour" for _, detail in systems):
            continue
        if target_before(document, folded, match.start()) != "tumour":
            continue
        group = match.group("group").upper()
        value = _ROMAN.get(group, group) + (match.group("sub") or "").replace(" ", "").upper()
        attributes: dict[str, Any] = {"kind": "group"}
        system = next((name for name, _ in systems if name), None)
        if system:
            attributes["system"] = system
        yield Found("stage", match.start(), match.end(), value=value, attributes=attributes)


# --- size -----------------------------------------------------------------------------------

_UNIT = r"(?P<unit>cm|mm|centimetres?|millimetres?)"
_SIZE = re.compile(
    rf"(?<![\w.,/-])(?P<first>{DECIMAL})(?:[ ]?(?:cm|mm))?"
    rf"(?:[ ]?(?P<sep>x|\*|sur|et|a|-)[ ]?(?P<second>{DECIMAL})"
    rf"(?:[ ]?(?:x|\*|sur)[ ]?(?P<third>{DECIMAL}))?)?[ ]?{_UNIT}(?![\w/])"
)
_DISTANCE_BEFORE = re.compile(r"\ba[ ]$")
_DISTANCE_AFTER = re.compile(r"[ ]d[e'u]")
_COMPLEMENT = re.compile(r"\b(?:du|de[ ]la|de[ ]l'|des|d')[ ]?$")
_ENTRE = re.compile(r"\bentre[ ]$")
LESION_WINDOW = 150


def find_sizes(document: Document, folded: str) -> Iterator[Found]:
    """Sizes of lesions in mm: « 3,3 cm », « 6 x 6 centimètres », « 4,3 et 3,6 cm »."""
    for match in _SIZE.finditer(folded):
        if _is_distance(folded, match) or not _lesion_size(document, folded, match.start()):
            continue
        factor = 10.0 if match.group("unit").startswith("c") else 1.0
        sizes = [round(parse_number(match.group(g)) * factor, 1)
                 for g in ("first", "second", "third") if match.group(g)]
        yield Found("size", match.start(), match.end(), value=max(sizes),
                    attributes=_size_attributes(folded, match, sizes))


def _size_attributes(folded: str, match: re.Match[str], sizes: list[float]) -> dict[str, Any]:
    """`dimensions` for « 6 x 6 », `low`/`high` for a range, `sizes` for « 4,3 et 3,6 »."""
    separator = match.group("sep")
    if separator is None:
        return {}
    if separator in ("x", "*", "sur"):
        return {"dimensions": sizes}
    if separator == "et" and not _ENTRE.search(folded, max(0, match.start() - 8), match.start()):
        return {"sizes": sizes}
    return {"low": sizes[0], "high": sizes[1]}


def _is_distance(folded: str, match: re.Match[str]) -> bool:
    """« à 3 cm de la marge anale »."""
    return bool(_DISTANCE_BEFORE.search(folded, max(0, match.start() - 3), match.start())
                and _DISTANCE_AFTER.match(folded, match.end()))


def _lesion_size(document: Document, folded: str, position: int) -> bool:
    """A lesion word or morphology mention comes before `position` in its sentence, and no
    organ or distance word (not itself the complement of a noun: « tumeur du foie ») nearer."""
    sentence_start, _ = document.sentence_of(position)
    start = max(sentence_start, position - LESION_WINDOW)
    lesions = [end for _, end, _ in cue_lexicon("lesion").find(folded[start:position])]
    lesions = [start + end for end in lesions] + _morphology_ends(document, start, position)
    if not lesions:
        return False
    blocks = [start + s for s, _, _ in cue_lexicon("size_block").find(folded[start:position])
              if not _COMPLEMENT.search(folded, max(0, start + s - 8), start + s)]
    return not blocks or max(blocks) < max(lesions)


def _morphology_ends(document: Document, start: int, end: int) -> list[int]:
    return [b for m, (a, b) in _mention_spans(document)
            if m.label == "morphology" and start <= a and b <= end]


# --- biomarkers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """A marker of `biomarkers`; `forms` are the only spellings accepted (abbreviations)."""

    name: str
    type: str
    result: str
    forms: frozenset[str] | None


@dataclass(frozen=True)
class Reading:
    """A result read after a marker, ending at clean `end`."""

    end: int
    result: str
    details: tuple[tuple[str, Any], ...] = ()
    plural: bool = False


@cache
def marker_lexicon() -> Lexicon[Marker]:
    """One entry per distinct term; an abbreviation only matches written as in the table."""
    grouped: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for row in load_table("biomarkers").rows:
        key = tuple(k for _, _, k in words(fold(row["term"])))
        grouped.setdefault(key, []).append(row)
    entries = []
    for rows in grouped.values():
        first = rows[0]
        exact = all(row["kind"] == "abbrev" for row in rows)
        forms = frozenset(row["term"] for row in rows) if exact else None
        marker = Marker(first["name"], first["type"], first["result"], forms)
        entries.append((first["term"], marker))
    return Lexicon.from_terms(entries)


class _ResultPatterns(NamedTuple):
    after: re.Pattern[str]  # a result right after a marker (anchored)
    before: re.Pattern[str]  # a result before a marker or a list (ending the searched window)
    verb: re.Pattern[str]  # a result a verb gives after a marker or a list (« … est négative »)


@cache
def _result_patterns() -> _ResultPatterns:
    """The patterns of biomarker results, built from the `result` cues."""
    after = re.compile(
        rf"[ ]?(?:[:=][ ]?|-[ ]?(?=[^\W\d_]))?(?P<result>{cue_pattern('result', 'after')})(?![\w+])"
    )
    before = re.compile(
        rf"(?P<result>{cue_pattern('result', 'before')})[ ]?"
        r"(?:(?:diffuse|focale|intense|forte|faible|moderee|franche|nette|heterogene|homogene)"
        r"[ ]?)?"
        r"(?:(?:pour|a|au|aux|avec|de|du|des|d'|en|sur)[ ]?)?"
        r"(?:(?:le|la|les|l'|un|une|gene|genes|anticorps|anti-?)[ ]?)?$"
    )
    verb = re.compile(
        r"[ ]?(?:est|sont|etait|etaient|apparait|apparaissent|s'est[ ]revelee?|"
        r"se[ ]sont[ ]revele(?:e)?s)[ ]"
        rf"(?:(?:egalement|aussi|toujours)[ ])?(?P<result>{cue_pattern('result', 'after')})"
        r"(?![\w+])"
    )
    return _ResultPatterns(after, before, verb)


_SCORE = re.compile(r"[ ]?(?::[ ]?)?\(?(?:score[ ])?(?P<score>[0-3])[ ]?\+\)?(?![\w+])")
_PERCENT = re.compile(
    rf"[ ]?(?:[:=][ ]?|(?:a|de|estime[ ]a|exprime[ ]a)[ ])?(?:(?P<cmp>{COMPARATOR})[ ]?)?"
    rf"(?P<percent>{DECIMAL})[ ]?%"
)
_VARIANT = re.compile(
    r"[ ]\(?(?P<variant>[ACDEFGHIKLMNPQRSTVWY]\d{1,4}(?:[ACDEFGHIKLMNPQRSTVWY*]|del|ins|fs)?"
    r"|[Ee]xon[ ]\d{1,2})(?![\w])"
)
_TESTED_ONLY = re.compile(
    r"[ ]?(?:a|ont)[ ]ete[ ](?:determine|recherche|evalue|realise|teste|etudie|demande)"
)
_HER2_SCORE = {"0": "negative", "1": "negative", "2": "equivocal", "3": "positive"}
_LIST_GLUE = re.compile(
    r"[ ]?(?:,|/|et|ou)?[ ]?(?:(?:le|la|les|l'|de|du|des|d'|anti-?)[ ]?){0,2}"
)
RESULT_WINDOW = 60


def marker_terms(document: Document, folded: str) -> list[tuple[int, int, Marker]]:
    """The marker names of the clean view (an abbreviation only written as in the table)."""
    text = document.text
    return [(s, e, m) for s, e, m in marker_lexicon().find(folded)
            if m.forms is None or text[s:e] in m.forms]


def find_biomarkers(document: Document, folded: str,
                    found: list[tuple[int, int, Marker]]) -> Iterator[Found]:
    """Markers with a result among the marker names `found` (`marker_terms`), one mention each
    (list members share a result before them)."""
    readings = [_reading_after(document.text, folded, end) for _, end, _ in found]
    for group in _groups(folded, found, readings):
        shared = _shared_result(folded, found, readings, group)
        for index in group:
            start, end, marker = found[index]
            reading = readings[index]
            if reading is not None:
                yield _marker(marker, start, reading.end, reading.result, dict(reading.details))
            elif marker.result or shared:
                yield _marker(marker, start, end, marker.result or shared, {})


def words_of_marker_names(document: Document, names: list[tuple[int, int, Marker]],
                          markers: list[Found]) -> list[Mention]:
    """ICD-O-3 mentions that are words of a marker's name: inside a longer name (« kinase du
    lymphome anaplasique » is ALK), or a morphology abbreviation of both that a result makes
    a marker (« positivité pour la desmine et la LAM »: smooth-muscle actin, no leukaemia)."""
    with_result = {marker.start for marker in markers if marker.label == "biomarker"}
    return [
        mention for mention, (start, end) in _mention_spans(document)
        if mention.label in ICDO3_SYSTEMS and any(
            name_start <= start and end <= name_end
            and (end - start < name_end - name_start
                 or (mention.label == "morphology" and name_start in with_result))
            for name_start, name_end, _ in names)
    ]


def _marker(marker: Marker, start: int, end: int, result: str, details: dict[str, Any]) -> Found:
    value = {"name": marker.name, "result": result} | details
    return Found("biomarker", start, end, value=value, attributes={"type": marker.type})


def _groups(folded: str, found: list[tuple[int, int, Marker]],
            readings: list[Reading | None]) -> list[list[int]]:
    """Runs of markers joined by list words (« la vimentine, la desmine et le HMB45 »)."""
    groups: list[list[int]] = []
    for index, (start, _, _) in enumerate(found):
        if groups:
            previous = groups[-1][-1]
            reading = readings[previous]
            gap_start = reading.end if reading else found[previous][1]
            if _LIST_GLUE.fullmatch(folded, gap_start, start):
                groups[-1].append(index)
                continue
        groups.append([index])
    return groups


def _shared_result(folded: str, found: list[tuple[int, int, Marker]],
                   readings: list[Reading | None], group: list[int]) -> str | None:
    """A result a verb gives after the group (« l'expression de la chromogranine et de la
    synaptophysine est négative »; « … a été recherchée »: none), else one before its first
    marker, else a plural one after its last."""
    last = readings[group[-1]]
    group_end = last.end if last is not None else found[group[-1]][1]
    if _TESTED_ONLY.match(folded, group_end):
        return None
    verb = _result_patterns().verb.match(folded, group_end)
    if verb:
        return cues("result", "after")[verb.group("result")][0]
    first_start = found[group[0]][0]
    window_start = max(0, first_start - RESULT_WINDOW)
    match = _result_patterns().before.search(folded, window_start, first_start)
    if match:
        return cues("result", "before")[match.group("result")][0]
    return last.result if last is not None and last.plural and len(group) > 1 else None


def _reading_after(text: str, folded: str, position: int) -> Reading | None:
    """The result written right after a marker: variant, HER2 score, percentage or word."""
    variant = _VARIANT.match(text, position)
    if variant:
        return Reading(variant.end(), "mutated", (("variant", variant.group("variant")),))
    score = _SCORE.match(folded, position)
    if score:
        digit = score.group("score")
        return Reading(score.end(), _HER2_SCORE[digit], (("score", f"{digit}+"),))
    percent = _PERCENT.match(folded, position)
    if percent:
        value = parse_number(percent.group("percent"))
        below = comparator(percent.group("cmp")) in ("<", "<=")
        details: tuple[tuple[str, Any], ...] = (("percent", value),)
        if percent.group("cmp"):
            details += (("comparator", comparator(percent.group("cmp"))),)
        return Reading(percent.end(), "negative" if below or value == 0 else "positive", details)
    word = _result_patterns().after.match(folded, position)
    if word:
        written = word.group("result")
        result = cues("result", "after")[written][0]
        return Reading(word.end(), result, plural=written.endswith("s") and len(written) > 3)
    return None


# --- performance status ---------------------------------------------------------------------


@cache
def _performance_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"\b(?P<scale>{cue_pattern('performance_scale')})(?![\w])[ ]?"
        r"(?:[:=][ ]?|(?:a|de|est[ ]a|est[ ]de|evalue[ ]a|estime[ ]a|egal[ ]a)[ ])?"
        r"(?P<low>\d{1,3})(?:[ ]?(?:-|a)[ ]?(?P<high>\d{1,3}))?(?!\d|[.,]\d)(?P<percent>[ ]?%)?"
    )


_NOT_PERFORMANCE = re.compile(r"\b(?:grade|stade|classification|type)[ ]$")


def find_performance(folded: str) -> Iterator[Found]:
    """« OMS 1 », « PS 0-1 », « ECOG 2 », « indice de Karnofsky à 70 % »."""
    for match in _performance_pattern().finditer(folded):
        if _NOT_PERFORMANCE.search(folded, max(0, match.start() - 16), match.start()):
            continue
        scale, highest = cues("performance_scale")[match.group("scale")]
        values = [int(v) for v in (match.group("low"), match.group("high")) if v]
        if max(values) > int(highest) or (scale == "ecog" and match.group("percent")):
            continue
        attributes: dict[str, Any] = {"scale": scale}
        if len(values) == 2:
            attributes |= {"low": values[0], "high": values[1]}
        yield Found("performance_status", match.start(), match.end(), value=max(values),
                    attributes=attributes)


@factory("recognize.tumour_attributes")
def make_tumour_attributes():
    """Add grade, ki67, mitotic_index, stage, size, biomarker and performance_status mentions."""

    def tumour_attributes(document: Document) -> None:
        folded = document.folded
        names = marker_terms(document, folded)
        found = [
            *find_grades(document, folded), *find_ki67(folded), *find_mitoses(folded),
            *find_stages(document, folded), *find_sizes(document, folded),
            *find_biomarkers(document, folded, names), *find_performance(folded),
        ]
        document.remove_mentions(words_of_marker_names(document, names, found))
        for item in found:
            item.add_to(document)

    return tumour_attributes
