"""Disorders, findings, risk factors and adverse events (`recognize.disorders`).

Method
- One lexicon joins `disorders` (CIM-10 code, preferred label) and `adverse_events` (CTCAE
  term, its preferred French label, CIM-10 code): a term may be in both (« neutropénie »).
  Upper-case short forms (« HTA », « BPCO ») count only written as listed.
- A term of `adverse_events` is an `adverse_event` when it shows a toxicity: a grade after the
  term (« de grade 2-3 ») or reached further on in its sentence (« une neutropénie progressive,
  atteignant le grade 4 »), or, unless its sentence gives it as history (« antécédent de »), a
  toxicity word (toxicité, effet secondaire, iatrogène, cycle, cure, CTCAE, NCI) or an
  anticancer treatment in its sentence (« diarrhée secondaire à l'irinotécan »), or a cause
  written in or right after the term (radique, radio-induit, chimio-induit, cortico-induit,
  cortisonique, stéroïdien, « aux corticoïdes »). A treatment is a drug of ATC L
  (antineoplastic, immunomodulating), H01CB (somatostatin analogues) or V10
  (radiopharmaceuticals) or of a regimen, or a systemic, radiotherapy, radionuclide or
  intra-arterial procedure (`recognize.drugs` and `recognize.procedures` must run first).
  `attributes`: `grade` (« 2 », « 2-3 ») and `ctcae` (the CTCAE term).
- Any other term is a `disorder` with its CIM-10 `code` (`system` `cim10`) and preferred label
  as `value` (from `adverse_events` when only there).
- Tobacco (« tabagisme », « fumeur », « ex-fumeur »): `attributes.status` former (ex-, ancien,
  sevré, arrêté, « jusqu'en ») or current (actif, actuel), `pack_years` (« 20 paquets-années »,
  « 12,5 paquets/an », « 20 PA ») and `cigarettes_per_day` (« 10 cigarettes par jour »; with
  a duration in years in the sentence, pack-years are computed from it). A sentence giving an
  amount smoked without a tobacco term gets a `disorder` mention on the amount, coded as
  « consommation de tabac ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.recognize.labs import parse_number, upper_short_form, written_as_listed
from oncofr.recognize.lexicon import Lexicon, words
from oncofr.recognize.time_quantities import find_quantities
from oncofr.registry import factory
from oncofr.resources import load_table

_SMOKING_TERM = "consommation de tabac"  # the disorders term that codes an amount smoked
_CIGARETTES_PER_PACK = 20
_TREATMENT_ATC = ("L", "H01CB", "V10")
_TOBACCO = re.compile(r"taba[cg]|fum")
_GRADE = re.compile(
    r"[ ,]{0,2}(?:\([ ]?|de[ ]|d')?(?:grade|g)[ ]?(?P<grade>[1-5])"
    r"(?:[ ]?(?:-|a|/|ou)[ ]?(?P<upper>[1-5]))?(?![\w])"
)
_TOXICITY = re.compile(
    r"\b(?:toxicites?|effets?[ ](?:secondaires?|indesirables?)|iatrogene?s?|cycles?|cures?"
    r"|ctcae|nci)\b"
)
_TREATMENT_CAUSE = (  # « rectite radique », « psychose stéroïdienne », « … aux corticoïdes »
    r"(?<!non[ ])(?:radiques?|(?:radio|chimio|cortico)-?induite?s?|cortisoniques?"
    r"|steroidien(?:ne)?s?|(?:secondaires?[ ]|due?s?[ ])?aux?[ ](?:corticoides|steroides|cortisol"
    r"|rayons))\b"
)
_CAUSE_IN_TERM = re.compile(rf"[ ]{_TREATMENT_CAUSE}")
_CAUSE_AFTER_TERM = re.compile(rf"(?:[ ][\w-]+){{0,2}}?[ ]{_TREATMENT_CAUSE}")
GRADE_REACHED = re.compile(  # « …, atteignant le grade 4 », « jusqu'à un maximum de grade 2 »
    r"\b(?:atteignant|atteint|jusqu'(?:au|a)|maximum|nadir)[ ](?:(?:le|un|son|d'un|de)[ ])*"
    r"(?:(?:maximum|nadir)[ ](?:de[ ])?)?grade[ ](?P<grade>[1-5])(?![\w])"
)
_HISTORY = re.compile(r"\bantecedents?\b")
_TREATMENT_TYPES = frozenset({"systemic", "radiotherapy", "radionuclide", "intra_arterial"})
_FORMER = re.compile(r"\b(?:ancien(?:ne)?|ex|sevree?|arrete|arret|jusqu)\b")
_CURRENT = re.compile(r"\b(?:actif|active|actuel(?:le)?|en cours)\b")
_STATUS_BEFORE = 12  # « ancien », « ex- » stand right before the term
_STATUS_AFTER = 40  # « actif », « sevré », « jusqu'en 2013 » follow it
_DURATION_BEFORE = re.compile(r"\b(?:pendant|durant|depuis)(?:[ ]plus[ ]de)?[ ]$")
_PACK_YEARS = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:[.,]\d{1,2})?)[ ]?"
    r"(?:paquets?[- ]?annees?|paquets?[ ]?/[ ]?an(?:nee)?s?|p[ ]?/[ ]?a|pa)(?![\w])"
)
_WORD = re.compile(r"[^\W_]+")
_CIGARETTES = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3})[ ]?cigarettes?[ ]?(?:par|/)[ ]?j(?:our)?(?![\w])"
)


@dataclass(frozen=True)
class Finding:
    """A term with its disorder coding and/or adverse-event coding."""

    term: str
    code: str | None = None
    label: str | None = None
    ctcae: str | None = None
    event: str | None = None  # preferred French adverse-event label
    event_code: str | None = None


def _key(term: str) -> tuple[str, ...]:
    return tuple(key for _, _, key in words(fold(term)))


@cache
def finding_lexicon() -> Lexicon[Finding]:
    """Terms of both tables; a term in both carries both codings."""
    findings: dict[tuple[str, ...], Finding] = {}
    labels: dict[str, str] = {}
    for row in load_table("disorders").rows:
        labels.setdefault(row["cim10"], row["term"])
        findings.setdefault(
            _key(row["term"]), Finding(row["term"], row["cim10"], labels[row["cim10"]])
        )
    events: dict[str, str] = {}
    for row in load_table("adverse_events").rows:
        event = (
            events.setdefault(row["ctcae_term"], row["term"]) if row["ctcae_term"] else row["term"]
        )
        known = findings.get(_key(row["term"]), Finding(row["term"]))
        if known.event is None:
            findings[_key(row["term"])] = Finding(
                known.term,
                known.code,
                known.label,
                row["ctcae_term"] or None,
                event,
                row["cim10"] or None,
            )
    return Lexicon.from_terms((finding.term, finding) for finding in findings.values())


def _grade(folded: str, end: int, sentence: tuple[int, int]) -> str | None:
    """The grade written right after a term ending at `end`, else one its sentence says the
    event reached further on (« une neutropénie progressive, atteignant le grade 4 »)."""
    match = _GRADE.match(folded, end)
    if match is None:
        reached = GRADE_REACHED.search(folded, end, sentence[1])
        return reached.group("grade") if reached else None
    upper = match.group("upper")
    return f"{match.group('grade')}-{upper}" if upper else match.group("grade")


def _treatments(document: Document) -> list[int]:
    """Clean starts of anticancer drug mentions and treatment procedure mentions."""
    starts = []
    for mention in document.mentions:
        drug = mention.label == "drug" and (
            (mention.code or "").startswith(_TREATMENT_ATC) or "regimen" in mention.attributes
        )
        act = mention.label == "procedure" and mention.attributes.get("type") in _TREATMENT_TYPES
        if drug or act:
            starts.append(document.clean_spans[mention.id][0])
    return starts


def _toxicity(
    folded: str, span: tuple[int, int], sentence: tuple[int, int], treatments: list[int]
) -> bool:
    """A toxicity word or an anticancer treatment in the sentence of the term at `span`, or a
    treatment cause in it or right after it, unless the sentence gives it as history
    (« antécédent de »)."""
    start, end = span
    if _HISTORY.search(folded, sentence[0], start):
        return False
    return (
        bool(_TOXICITY.search(folded, *sentence))
        or any(sentence[0] <= t < sentence[1] for t in treatments)
        or bool(_CAUSE_IN_TERM.search(folded, start, end))
        or bool(_CAUSE_AFTER_TERM.match(folded, end, sentence[1]))
    )


def _same_words(folded: str, term: str) -> bool:
    """The text's words are the term's, give or take a final plural mark (the lexicon's
    plural-insensitive keys also equate « tous » and « toux »)."""
    text_words, term_words = _WORD.findall(folded), _WORD.findall(fold(term))
    return len(text_words) == len(term_words) and all(
        a == b or a.rstrip("sx") == b or b.rstrip("sx") == a
        for a, b in zip(text_words, term_words, strict=True)
    )


def _smoking(folded: str, start: int, end: int, sentence: tuple[int, int]) -> dict[str, object]:
    """status, pack_years and cigarettes_per_day around a tobacco term."""
    around = folded[
        max(sentence[0], start - _STATUS_BEFORE) : min(sentence[1], end + _STATUS_AFTER)
    ]
    status = "former" if _FORMER.search(around) else "current" if _CURRENT.search(around) else None
    return {"status": status, **_amounts(folded, sentence)}


def _amounts(folded: str, sentence: tuple[int, int]) -> dict[str, object]:
    """Pack-years as written, else from cigarettes a day and a duration (« pendant 15 ans »)."""
    found: dict[str, object] = {}
    cigarettes = _CIGARETTES.search(folded, *sentence)
    if cigarettes:
        found["cigarettes_per_day"] = float(cigarettes.group("n"))
        text = folded[sentence[0] : sentence[1]]
        years = [
            q
            for q in find_quantities(text)
            if q.unit == "year" and _DURATION_BEFORE.search(text, 0, q.start)
        ]
        if years:
            found["pack_years"] = (
                found["cigarettes_per_day"] / _CIGARETTES_PER_PACK * years[0].amount
            )
    pack_years = _PACK_YEARS.search(folded, *sentence)
    if pack_years:
        found["pack_years"] = parse_number(pack_years.group("n"))
    return found


def _add_amount_only(
    document: Document, folded: str, tobacco_sentences: set[tuple[int, int]]
) -> None:
    """An amount smoked in a sentence without a tobacco term (« il fumait 10 cigarettes par
    jour »)."""
    coding = finding_lexicon().get(_SMOKING_TERM)
    if coding is None:
        return
    for pattern in (_CIGARETTES, _PACK_YEARS):
        for match in pattern.finditer(folded):
            sentence = document.sentence_of(match.start())
            if sentence in tobacco_sentences:
                continue
            tobacco_sentences.add(sentence)
            document.add_mention(
                "disorder",
                match.start(),
                match.end(),
                code=coding.code,
                system="cim10",
                value=coding.label,
                attributes=_amounts(folded, sentence),
            )


@factory("recognize.disorders")
def make_disorders():
    """Add `disorder` and `adverse_event` mentions (see the module docstring)."""

    def disorders(document: Document) -> None:
        folded = document.folded
        tobacco_sentences: set[tuple[int, int]] = set()
        treatments = _treatments(document)
        for start, end, finding in finding_lexicon().find(folded):
            if not _same_words(folded[start:end], finding.term) or (
                upper_short_form(finding.term)
                and not written_as_listed(document.text[start:end], finding.term)
            ):
                continue
            sentence = document.sentence_of(start)
            grade = _grade(folded, end, sentence)
            if finding.event is not None and (
                grade or _toxicity(folded, (start, end), sentence, treatments)
            ):
                attributes = {"grade": grade, "ctcae": finding.ctcae}
                document.add_mention(
                    "adverse_event",
                    start,
                    end,
                    code=finding.event_code,
                    system="cim10",
                    value=finding.event,
                    attributes={k: v for k, v in attributes.items() if v},
                )
                continue
            attributes = {}
            if _TOBACCO.search(fold(finding.term)):
                tobacco_sentences.add(sentence)
                attributes = {k: v for k, v in _smoking(folded, start, end, sentence).items() if v}
            document.add_mention(
                "disorder",
                start,
                end,
                code=finding.code or finding.event_code,
                system="cim10",
                value=finding.label or finding.event,
                attributes=attributes,
            )
        _add_amount_only(document, folded, tobacco_sentences)

    return disorders
