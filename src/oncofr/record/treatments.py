"""Treatments of the record: anticancer drugs and procedures actually given, with their details.

Method:
- A `drug` mention of an anticancer class (`resources/data/drug_classes.tsv`) or of a regimen,
  and a `procedure` mention of a treatment type (surgery, ablation, intra-arterial,
  radionuclide, radiotherapy) make one treatment per distinct name; negated, hypothetical and
  family mentions do not. A surgery is named as written, with the qualifiers that follow it
  (`procedure_qualifiers.tsv`) but without the side of a paired organ (`paired_procedures.tsv`:
  « mastectomie gauche » is a mastectomie); the generic « chirurgie » counts only when no act
  is named. A radiopharmaceutical named in the sentence of a radionuclide act (« PRRT au
  177Lu-DOTATATE ») is that act's drug: one treatment, named by the act and, for a peptide,
  its isotope (« radiothérapie interne vectorisée au 177Lu »), with the drug's ATC code and
  dose; the same act named elsewhere without an isotope (« après la PRRT ») joins it.
- Dose, frequency and route come from the posology mentions the recogniser linked to one of the
  treatment's mentions (`attributes.drug`); the first stated dose is kept.
- Start and end are the first and second dates that belong to the mention that first names
  the treatment: those of its clause written after it, or opening the clause before it
  (« lanréotide dès le 20.10.2014, puis PRRT en 12/2015 » gives each its own; a procedure gets
  no end). When that mention has none (a list of the lines given), the first later mention
  with dates whose sentence says it was given (« commencé », « opéré »…) gives them.
- A `response` mention judges the treatment named closest before it (same sentence, or up to
  two sentences back; right after it, within 40 characters, for « réponse partielle sous
  lanréotide ») and, when that is a drug, every drug named in that drug's sentence (a
  regimen, drugs given together); the best response is kept (CR > PR > SD > PD). A response
  « au traitement » or « sous traitement » with no treatment that near judges the last one
  named before it, however far back (« 3 cycles de cisplatine-étoposide. … Réponse presque
  complète au traitement administré. »). A pathological response (« réponse pathologique
  complète », a response read on the surgical specimen: « pièce opératoire » or
  « anatomopathologique » before it in its sentence, « post-néoadjuvante » right after it)
  judges the neoadjuvant treatment, not the surgery that gave the specimen: the drugs named
  before the last surgery of the response's sentence or the two before it that share the line
  of the last of them, with a radiotherapy named in that drug's sentence
  (chemoradiotherapy), if no drug is named in a sentence between that surgery and the
  response.
- A stop reason is read where a stop word (« interrompu », « arrêté ») shares a sentence with a
  toxicity (a toxicity word or an adverse event), a progression or a completion; a stop word
  written right by drugs (« arrêt du bévacizumab ») stops those only.
- Lines come from the text (« 2e ligne ») or, if the text never numbers them, from the order in
  which systemic treatments first appear, drugs first named in one sentence sharing a line
  (« chimiothérapie par doxorubicine et ifosfamide »).
"""

from __future__ import annotations

import re
from functools import cache

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.models import Mention, Quantity, Treatment
from oncofr.prefilter import search
from oncofr.recognize.lexicon import word_key
from oncofr.registry import factory
from oncofr.relate.index import MentionIndex, is_asserted, mention_index
from oncofr.resources import load_table

GENERIC_SURGERY = "surgery"  # « chirurgie », « intervention chirurgicale »: no act named
TREATMENT_PROCEDURE_TYPES = {
    "surgery",
    "ablation",
    "intra_arterial",
    "radionuclide",
    "radiotherapy",
}
PEPTIDE_RADIONUCLIDE = "prrt"  # drug class whose isotope names the act
_ISOTOPE = re.compile(r"\((\d{1,3}[A-Z][a-z]?)\)")  # « lutécium (177Lu) oxodotréotide »
RESPONSE_RANK = {"CR": 0, "PR": 1, "SD": 2, "PD": 3}
RESPONSE_WINDOW = 2  # sentences back from a response to the treatment it judges
RESPONSE_AFTER = 40  # characters after a response where what it judges may be written
_TREATMENT_REFERENCE = re.compile(r"(?:au|du|sous|apres (?:le|ce))\s+traitement\b")
_PATHOLOGICAL_RESPONSE = re.compile(r"\b(?:patholog|histolog)")
_READ_ON_SPECIMEN = re.compile(
    r"\b(?:anatomopatholog\w*|piece (?:operatoire|de resection|d'exerese)|examen histolog\w*"
    r"|ypt\d)"
)
_AFTER_NEOADJUVANT = re.compile(r"\W{0,3}(?:post|apres (?:le |la )?\w*)[- ]?neo-?adjuvant")
SYSTEMIC_TYPES = ("systemic", "radionuclide")
_GIVEN = re.compile(
    r"\b(?:debut\w*|commenc\w*|instaur\w*|introdu\w*|initie\w*|mise? sous|depuis|a partir d"
    r"|des le|opere\w*|realise\w*|effectue\w*|subi\w*|recu\w*|administre\w*)"
)
_STOP = re.compile(r"\b(?:interromp\w*|arret\w*|suspendu\w*|stopp\w*|abandonn\w*)")
_STOP_BEFORE_DRUG = re.compile(
    r"\b(?:arret|interruption|suspension)\s(?:du|de la|de l'|des|de|d')\s?\Z"
)
_STOP_AFTER_DRUG = re.compile(r"\s(?:(?:a ete|est|sont|ont ete)\s)?(?:arrete|interromp|suspendu)")
_STOP_REASONS = (
    (
        "toxicity",
        re.compile(r"\b(?:toxicit\w*|intoleran\w*|effets? (?:secondaires?|indesirables?))"),
    ),
    ("progression", re.compile(r"\bprogress\w*")),
    ("completed", re.compile(r"\b(?:fin du traitement|termine\w*|complete\w*|acheve\w*)")),
)


@cache
def treatment_type_by_class() -> dict[str, str]:
    return {row["class"]: row["treatment_type"] for row in load_table("drug_classes").rows}


@cache
def surgery_qualifiers() -> dict[str, bool]:
    """Folded qualifier -> whether it is a side word."""
    return {fold(row["qualifier"]): row["side"] == "yes"
            for row in load_table("procedure_qualifiers").rows}


@cache
def paired_procedures() -> frozenset[str]:
    """Procedure ids whose side is the organ's, not part of the act's name."""
    return frozenset(row["id"] for row in load_table("paired_procedures").rows)


def treatment_type(mention: Mention) -> str | None:
    """The record type of an anticancer drug or procedure, `None` for anything else. A drug
    named through a regimen (the acide folinique of FOLFOX) is part of the treatment."""
    if mention.label == "drug":
        if mention.attributes.get("regimen"):
            return "systemic"
        return treatment_type_by_class().get(str(mention.attributes.get("class", ""))) or None
    procedure_type = mention.attributes.get("type")
    return procedure_type if procedure_type in TREATMENT_PROCEDURE_TYPES else None


def treatment_name(index: MentionIndex, mention: Mention) -> str:
    """The DCI of a drug; for a surgery, its name as written, in the singular, with the
    qualifiers that follow it (« hépatectomie droite », « métastasectomies hépatiques » →
    « métastasectomie hépatique »), less the side of a paired organ (« mastectomie radicale
    gauche modifiée » → « mastectomie radicale modifiée »)."""
    name = str(mention.value if mention.value else mention.text).lower()
    if mention.label != "procedure" or mention.attributes.get("type") != "surgery":
        return name
    written = mention.text.lower().split()
    named = name.split()
    if [word_key(fold(word)) for word in written[: len(named)]] == [
        word_key(fold(word)) for word in named
    ]:
        name = " ".join(named + [_singular(word) for word in written[len(named) :]])
    following = index.document.original[mention.end : mention.end + 60].lower().split()
    qualifiers = surgery_qualifiers()
    paired = mention.code in paired_procedures()
    for word in following[:3]:
        word = word.strip(",.;:()")
        side = qualifiers.get(fold(word))
        if side is None:
            break
        if not (side and paired):
            name = f"{name} {_singular(word)}"
    return name


def _singular(word: str) -> str:
    """A qualifier of `procedure_qualifiers.tsv` in the singular when the table has that form
    (« hépatiques » → « hépatique »); any other word as written."""
    if word[-1:] in ("s", "x") and fold(word[:-1]) in surgery_qualifiers():
        return word[:-1]
    return word


def group_treatments(index: MentionIndex) -> dict[str, tuple[Treatment, list[Mention]]]:
    """Treatments keyed by name, each with its mentions in text order."""
    grouped: dict[str, tuple[Treatment, list[Mention]]] = {}
    specific_surgery = any(
        m.code != GENERIC_SURGERY and treatment_type(m) == "surgery"
        for m in index.labelled("procedure")
    )
    for mention in index.labelled("drug", "procedure"):
        kind = treatment_type(mention)
        if kind is None or (specific_surgery and mention.code == GENERIC_SURGERY):
            continue
        pair = _radionuclide_pair(index, mention) if kind == "radionuclide" else None
        name = treatment_name(index, pair[0] if pair else mention)
        if pair:
            name = _with_isotope(name, pair[1])
        code = mention.code if mention.label == "drug" else None
        if name not in grouped:
            grouped[name] = (Treatment(type=kind, name=name, atc=code), [])
        treatment, mentions = grouped[name]
        treatment.atc = treatment.atc or code
        mentions.append(mention)
    _join_unspecified_radionuclide_acts(grouped)
    for treatment, mentions in grouped.values():
        treatment.mentions = [m.id for m in mentions]
    return grouped


def _join_unspecified_radionuclide_acts(
    grouped: dict[str, tuple[Treatment, list[Mention]]],
) -> None:
    """A radionuclide act named without its isotope (« après la PRRT ») is the one treatment
    that names it with one (« radiothérapie interne vectorisée au 177Lu »)."""
    for name, (treatment, mentions) in list(grouped.items()):
        if treatment.type != "radionuclide":
            continue
        specific = [other for other in grouped if other.startswith(f"{name} au ")]
        if len(specific) == 1:
            del grouped[name]
            kept, kept_mentions = grouped.pop(specific[0])
            kept_mentions.extend(mentions)
            kept_mentions.sort(key=lambda m: (m.start, m.end))
            grouped[specific[0]] = (kept, kept_mentions)
    ordered = sorted(grouped.items(), key=lambda item: item[1][1][0].start)
    grouped.clear()
    grouped.update(ordered)


def _radionuclide_pair(index: MentionIndex, mention: Mention) -> tuple[Mention, Mention] | None:
    """The radionuclide act and the radiopharmaceutical given in it, when one sentence names
    both (« PRRT au 177Lu-DOTATATE »)."""
    wanted = "procedure" if mention.label == "drug" else "drug"
    partner = next(
        (
            m
            for m in index.in_sentence(index.sentence[mention.id], wanted)
            if treatment_type(m) == "radionuclide" and is_asserted(m)
        ),
        None,
    )
    if partner is None:
        return None
    return (partner, mention) if mention.label == "drug" else (mention, partner)


def _with_isotope(name: str, drug: Mention) -> str:
    """An act's name with the isotope of the PRRT peptide given in it, when the name does not
    say one (« PRRT au 177Lu-DOTATATE » → « radiothérapie interne vectorisée au 177Lu »)."""
    isotope = _ISOTOPE.search(str(drug.value or ""))
    if drug.attributes.get("class") != PEPTIDE_RADIONUCLIDE or not isotope:
        return name
    if isotope.group(1).lower() in name:
        return name
    return f"{name} au {isotope.group(1)}"


def add_posology(index: MentionIndex, treatment: Treatment, mentions: list[Mention]) -> None:
    ids = {m.id for m in mentions}
    for mention in index.labelled("dose", "frequency", "route", asserted=False):
        linked = {mention.attributes.get("drug"), *mention.attributes.get("drugs", [])}
        if not ids & linked:
            continue
        if mention.label == "dose" and treatment.dose is None and isinstance(mention.value, dict):
            treatment.dose = Quantity(
                value=mention.value.get("value"), unit=mention.value.get("unit")
            )
        elif mention.label == "frequency" and treatment.frequency is None:
            treatment.frequency = str(mention.value)
        elif mention.label == "route" and treatment.route is None:
            treatment.route = str(mention.value)
        treatment.mentions = treatment.mentions + [mention.id]


def add_dates(index: MentionIndex, treatment: Treatment, mentions: list[Mention]) -> None:
    """Start from the first date that belongs to the naming mention (`MentionIndex.dates_of`),
    else to a later mention whose sentence says the treatment was given (« commencé »,
    « opéré »…); an end (second date) only for drugs, since a procedure is done on one day."""
    for position, mention in enumerate(mentions):
        if position and not _GIVEN.search(fold(index.sentence_text(mention))):
            continue
        dates = index.dates_of(mention)
        if not dates:
            continue
        if isinstance(dates[0].value, str):
            treatment.start = dates[0].value
        if mention.label == "drug" and len(dates) > 1 and isinstance(dates[1].value, str):
            treatment.end = dates[1].value
        return


def add_responses(index: MentionIndex, grouped: dict[str, tuple[Treatment, list[Mention]]]) -> None:
    """Each response judges the treatments it refers to (module docstring); they keep their best
    one. Lines must be numbered first: a pathological response judges a whole line."""
    owners = {m.id: treatment for treatment, mentions in grouped.values() for m in mentions}
    anchors = [index.by_id[m] for m in owners]
    for response in index.labelled("response"):
        if response.code not in RESPONSE_RANK:
            continue
        judged = _neoadjuvant_line(index, response, anchors, owners)
        if not judged:
            nearest = index.closest(response, anchors, sentences_back=RESPONSE_WINDOW,
                                    after_chars=RESPONSE_AFTER)
            if nearest is None:
                nearest = _treatment_referred_to(index, response, anchors)
            if nearest is None:
                continue
            judged = _given_together(index, nearest, anchors, owners)
        for treatment in judged:
            held = treatment.best_response
            if held is None or RESPONSE_RANK[response.code] < RESPONSE_RANK[held]:
                treatment.best_response = response.code
            treatment.mentions = treatment.mentions + [response.id]


def _treatment_referred_to(
    index: MentionIndex, response: Mention, anchors: list[Mention]
) -> Mention | None:
    """For a response « au traitement » or « sous traitement » with no treatment near it, the
    last treatment named before it, however far back."""
    if not _TREATMENT_REFERENCE.match(_text_after(index, response).lstrip()):
        return None
    before = [anchor for anchor in anchors if anchor.end <= response.start]
    return max(before, key=lambda anchor: anchor.start, default=None)


def _neoadjuvant_line(
    index: MentionIndex, response: Mention, anchors: list[Mention], owners: dict[str, Treatment]
) -> list[Treatment]:
    """For a pathological response, the drugs named before the surgery that gave the specimen
    in the line of the last of them, and a radiotherapy named with that drug (none
    when the response is not pathological, no surgery or no drug before it is found, or a drug
    is named in a sentence after it)."""
    if not _is_pathological(index, response):
        return []
    before = [anchor for anchor in anchors if anchor.end <= response.start]
    here = index.sentence[response.id]
    surgeries = [
        anchor for anchor in before
        if owners[anchor.id].type == "surgery"
        and here - index.sentence[anchor.id] <= RESPONSE_WINDOW
    ]
    if not surgeries:
        return []
    surgery = max(surgeries, key=lambda anchor: anchor.start)
    drugs = [anchor for anchor in before if anchor.label == "drug"]
    if any(index.sentence[drug.id] > index.sentence[surgery.id] for drug in drugs):
        return []  # a drug given after the surgery, which the response judges
    drugs = [drug for drug in drugs if drug.start < surgery.start]
    if not drugs:
        return []
    last_drug = max(drugs, key=lambda anchor: anchor.start)
    last = owners[last_drug.id]
    named_before = [owners[drug.id] for drug in drugs]  # a drug reused in a later line
    line = [
        treatment for treatment in named_before
        if treatment is last
        or (last.line is not None and treatment.type in SYSTEMIC_TYPES
            and treatment.line == last.line)
    ]
    concurrent = [
        owners[anchor.id] for anchor in before
        if owners[anchor.id].type == "radiotherapy"
        and index.sentence[anchor.id] == index.sentence[last_drug.id]
    ]
    judged: list[Treatment] = []
    for treatment in line + concurrent:
        if all(treatment is not other for other in judged):
            judged.append(treatment)
    return judged


def _is_pathological(index: MentionIndex, response: Mention) -> bool:
    """Whether a response is read on a surgical specimen (module docstring)."""
    if _PATHOLOGICAL_RESPONSE.search(fold(response.text)):
        return True
    if _AFTER_NEOADJUVANT.match(_text_after(index, response)):
        return True
    document = index.document
    span = document.clean_spans.get(response.id)
    if span is None:
        return False
    sentence_start, _ = document.sentence_of(span[0])
    return bool(_READ_ON_SPECIMEN.search(fold(document.text[sentence_start : span[0]])))


def _text_after(index: MentionIndex, response: Mention) -> str:
    """The folded text right after a response, where what it refers to is written."""
    return fold(index.document.original[response.end : response.end + RESPONSE_AFTER])


def _given_together(
    index: MentionIndex, nearest: Mention, anchors: list[Mention], owners: dict[str, Treatment]
) -> list[Treatment]:
    """The treatments a response judges: every drug named in the sentence of the drug nearest to
    it (a regimen, « lanréotide + évérolimus »), or the one procedure nearest to it."""
    if nearest.label != "drug":
        return [owners[nearest.id]]
    sentence = index.sentence[nearest.id]
    together: list[Treatment] = []
    for anchor in anchors:
        if anchor.label == "drug" and index.sentence[anchor.id] == sentence:
            treatment = owners[anchor.id]
            if treatment not in together:
                together.append(treatment)
    return together


def add_stop_reason(index: MentionIndex, treatment: Treatment, mentions: list[Mention]) -> None:
    """The reason a sentence naming the treatment gives for stopping it: a stop word with a
    toxicity (a toxicity word or an adverse event of the sentence), a progression or a
    completion. A stop word written right by drugs (« arrêt du bévacizumab », « bévacizumab
    arrêté ») stops those only."""
    for mention in mentions:
        number = index.sentence[mention.id]
        folded = fold(index.sentence_text(mention))
        if not search(_STOP, folded):
            continue
        stopped = _stopped_drugs(index, number)
        if stopped and mention.id not in stopped:
            continue
        toxicity = any(is_asserted(m) for m in index.in_sentence(number, "adverse_event"))
        for reason, pattern in _STOP_REASONS:
            if pattern.search(folded) or (reason == "toxicity" and toxicity):
                treatment.stop_reason = reason
                return


def _stopped_drugs(index: MentionIndex, sentence: int) -> set[str]:
    """Ids of the drugs of the sentence written right after or before a stop word."""
    original = index.document.original
    return {
        drug.id
        for drug in index.in_sentence(sentence, "drug")
        if _STOP_BEFORE_DRUG.search(fold(original[max(0, drug.start - 30) : drug.start]))
        or _STOP_AFTER_DRUG.match(fold(original[drug.end : drug.end + 30]))
    }


def number_lines(index: MentionIndex, grouped: dict[str, tuple[Treatment, list[Mention]]]) -> None:
    systemic = [(t, m) for t, m in grouped.values() if t.type in SYSTEMIC_TYPES]
    explicit = False
    for treatment, mentions in systemic:
        lines = [m.attributes.get("line") for m in mentions if m.attributes.get("line")]
        if lines:
            treatment.line = int(lines[0])
            explicit = True
    if not explicit:
        number, previous_sentence = 0, None
        for treatment, mentions in systemic:
            sentence = index.sentence[mentions[0].id]
            if sentence != previous_sentence:
                number += 1
            treatment.line = number
            previous_sentence = sentence


@factory("record.treatments")
def make_treatments():
    """Fill `record.treatments`."""

    def treatments(document: Document) -> None:
        index = mention_index(document)
        grouped = group_treatments(index)
        for treatment, mentions in grouped.values():
            add_posology(index, treatment, mentions)
            add_dates(index, treatment, mentions)
            add_stop_reason(index, treatment, mentions)
        number_lines(index, grouped)
        add_responses(index, grouped)
        document.record.treatments = [treatment for treatment, _ in grouped.values()]

    return treatments
