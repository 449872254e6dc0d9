"""ICD-O-3 mentions: tumour morphology, topography (site of a lesion) and differentiation (grade).

Terms come from `icdo3_morphology`, `icdo3_topography`, `liver_segments` and `differentiation`
(see docs/oncology.md), searched with `Lexicon` on the folded clean view. Conventions (FRACCO's):

- morphology codes carry the behaviour: lesion, mass and nodule words `8000/1`, metastasis,
  spread and recurrence words `8000/6`; each mention names one thing, so a table term is split
  when it ends with a grade (« carcinome indifférencié » -> « carcinome » + « indifférencié »;
  the whole term's code, when it differs, stays in `attributes.term_code`: « chondrosarcome
  dédifférencié » 9243/3, whose « chondrosarcome » is 9220/3) or a site (« carcinose
  péritonéale » -> « carcinose » + « péritonéale ») or joins two histologies (« métastase
  de carcinome » -> « métastase » + « carcinome »); a following « métastatique » joins the
  mention and makes it `/6` (« mélanome métastatique » 8720/6);
- a site is a `topography` span kept only near a morphology mention of the same sentence
  (a measurement between them counts as one word), not after a procedure or neighbour word
  of `oncology_cues` group `site_barrier` (« nodule … biopsie du foie », « masse … au
  contact de la veine porte »: the site is the procedure's or the neighbour's); laterality
  stays out of it (`attributes.laterality`); a bound prefix joins it (« sous-pleural »),
  and so does a prefix coordinated with the site's own (« supra- et infratentorielles »
  C71.8, « sus- et sous-diaphragmatiques » C76.8: `find_sites`),
  and « intra », « endo » written as one word with an adjective site keep its code
  (« intrabronchique » C34.9); a site with a region and a lymph-node code
  (« médiastinal » C38.3 / C77.1) is coded with the region, and after a lymph-node word
  (« adénopathies médiastinales ») the node code goes to `attributes.lymph_node`; liver
  segments are `C22.0` with `attributes.liver_segments`; a level written after a vertebral
  site is a level of the spine (« vertébrales au niveau cervical » C41.2, not the neck);
- differentiation spans start at the grade wording (« de haut grade » -> « haut grade ») and
  must be near a morphology mention, not right after a non-tumour noun (« toxicité de grade 2 »)
  nor before the name of a non-tumour scale (« grade 3 selon Krenning », « grade 2 NCI »);
- generic words need a tumour context: « atteinte », « infiltration », « foyer »… need a
  lesion adjective after them or a site within a few words or right after a locative
  (« progression au niveau du foie »); « maladie » needs its site (« maladie osseuse »,
  « maladie dans le foie », « la maladie a progressé au niveau pulmonaire ») and no sign of
  another disease (« maladie hépatique chronique »);
  « masse musculaire », « effet de masse », « comité des tumeurs » are not tumours;
- morphology codes are those of ICD-O-3.2 (`icdo3_morphology`), or of ICD-O-3.1 with the
  `edition` setting `"3.1"` (`icdo3_editions`: GIST 8936/3 -> 8936/1).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.recognize.lexicon import Lexicon, Word, word_key, words
from oncofr.recognize.oncology_cues import cue_lexicon, cues
from oncofr.registry import factory
from oncofr.resources import load_table

SYSTEMS = {
    "morphology": "icdo3-morphology",
    "topography": "icdo3-topography",
    "differentiation": "icdo3-grade",
}
LIVER = "C22.0"
EDITIONS = ("3.2", "3.1")  # ICD-O-3.2: the codes of `icdo3_morphology`; 3.1: `icdo3_editions`
DEFAULT_EDITION = EDITIONS[0]

_LATERALITY = {"gauche": "left", "droit": "right", "droite": "right",
               "bilateral": "bilateral", "bilaterale": "bilateral"}
_NODAL = re.compile(r"adenopath|adenomegal|ganglion")
_NODE_NATURE = re.compile(r"adenopathique")
_LEADING_DE = re.compile(r"(?:de\s{1,2}|d')\s{0,2}")  # a word: « dédifférencié » keeps its « dé »
_PREPOSITION = re.compile(r"\bd(?:e\b|')")
_ADJACENT = re.compile(r"\s{1,2}")
# « côté » (side) folds like « côte » (rib): only the accent tells them apart.
_SIDE = re.compile(r"[cC][oôOÔ]t[éÉ]s?")
# « face » with a position is a surface of an organ (« face postérieure de l'estomac »), not
# the face.
_SURFACE = re.compile(
    r"faces?[ -]{1,2}(?:antero|postero|latero|supero|infero|anterieure|posterieure|laterale"
    r"|mediale|interne|externe|superieure|inferieure|dorsale|ventrale|palmaire|plantaire"
    r"|profonde|superficielle|endocavitaire|convexe|concave)"
)
# A number or an ordinal before a site (« 5e côte », « quatrième arc costal », « L3 »).
_ORDINAL = re.compile(r"\b(?:\d+(?:e|er|ere|eme|ieme)?|[a-z]+ieme|premiere?|seconde?)\b")
_ADJOINING = re.compile(r"\s{1,2}|-")  # between two sites that name one place
_ILL_DEFINED = frozenset({"C76", "C80"})
_PRIMARY = re.compile(r"\s{1,2}(?:primaires?|primiti(?:fs?|ves?))\b")
# Lesion, mass, tumour and metastasis words (not « cancer », 8000/3, which names the disease).
_LESION_CODES = frozenset({"8000/0", "8000/1", "8000/6", "8000/9"})
_AFTER_SITE = re.compile(
    r"\s{1,2}(?:(?P<metastatic>metastatiques?)|primaires?|primiti(?:fs?|ves?))\b")
_GRADE_WORDING = re.compile(r"\bgrade\b|\bg(?:[1-4]|i{1,3}|iv)\b")
# What may stand between a grade and the name of its grading system.
_SYSTEM_LINK = re.compile(
    r"\s{1,2}(?:(?:de|selon)\s{1,2}(?:l'\s{0,2}|la\s{1,2}classification\s{1,2}(?:de\s{1,2}|d'\s{0,2}))?)?"
)
_SYSTEM_REACH = 40
_LINK = re.compile(r"\s{1,3}(?:de\s{1,2}la|de\s{1,2}l'|des|du|de|d'|au|aux|a\s{1,2}la|a)\s{0,3}")
_TRAILING_LINK = re.compile(rf"(?:{_LINK.pattern})?[\s,'-]{{0,3}}$")
# Prefixes of location, written bound to a site (« sous-pleural ») or coordinated with a
# site's own (« supra- et infratentorielles », where « endo- et exo- » occur too)
_BOUND_PREFIXES = (r"sous|sus|supra|infra|sub|para|peri|retro|pre|post|intra|extra|inter|trans"
                   r"|latero|juxta")
_BOUND_PREFIX = re.compile(rf"(?<![^\W_])(?:{_BOUND_PREFIXES})-$")
_LOCATION_PREFIX = rf"{_BOUND_PREFIXES}|endo|exo"
_COORDINATED_PREFIX = re.compile(
    rf"(?<![^\W_])(?P<prefix>{_LOCATION_PREFIX})-?\s{{1,2}}(?:et|ou)\s{{1,2}}$"
)
_OWN_PREFIX = re.compile(rf"(?:{_LOCATION_PREFIX})[-\s]?(?=[^\W\d_])")
_INSTITUTION = re.compile(
    r"\b(?:comite|reunion|rcp|centre|institut|service|unite|societe|ligue|association|registre"
    r"|classification|committee|journal)\b[^.\n]{0,40}(?:\bdes|\bdu|\bde|\bd'|\bon|\bof)\s{1,2}$"
)
_INSTITUTION_REACH = 60
_HISTORY = re.compile(r"\bantecedents?\s{1,2}(?:de\s{1,2}|d')$")
_BREAK = re.compile(r"[.;:!?\n]")
_NOT_A_SITE = re.compile(r"au\s{1,2}sein\s{1,2}(?:de|du|des|d')\b")
# What may stand between a lesion and its site: a noun site after a preposition or article,
# an adjective site after the lesion, another site, a laterality or a lesion adjective.
_SITE_LINKS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "au", "aux", "dans",
                         "sur", "en", "niveau", "a", "sous", "vers", "et", "ou", "entre",
                         "contre", "par", "situe", "situee", "localise", "localisee", "siegeant",
                         *map(word_key, ("deux", "trois", "plusieurs", "niveaux"))})
_METASTATIC = frozenset({"metastatique"})
# One-word generic terms that name a tumour only with a lesion adjective after them or a site
# within `_SITE_REACH` words or right after a locative (« progression au niveau du foie »).
_CONTEXTUAL = frozenset({
    "formation", "atteinte", "infiltration", "invasion", "envahissement", "extension",
    "progression", "foyer", "hypermetabolisme", "hyperfixation", "conglomerat",
})
_SITE_REACH = 3
# A measurement (« 2,3 x 1,1 x 0,8 cm ») counts as one word in the distances between a lesion
# and its site; `recognize.tumour_attributes` reads the same text for the size's value.
_MEASURE = re.compile(
    r"(?<![\d.,])\d{1,4}(?:[.,]\d{1,2})?(?:\s{0,2}(?:x|\*|sur)\s{0,2}\d{1,4}(?:[.,]\d{1,2})?){0,2}"
    r"\s{0,2}(?:cm|mm)\b")
_LOCATIVE = re.compile(
    r"\s{1,2}(?:aux?\s{1,2}niveaux?(?:\s{1,2}(?:du|des|de\s{1,2}la|de\s{1,2}l'|d'))?"
    r"|dans\s{1,2}(?:les|le|la|l'))\s{0,2}"
)
# What may stand between a course word and the locative of its site: a course verb (« la
# maladie a progressé au niveau… »), a passive of finding (« une progression a été observée
# dans… ») or an adjective of degree or extent (« progression exclusive au niveau… »).
_COURSE_LINK = re.compile(
    r"\s{1,2}(?:(?:a|ont|avait|avaient|est|sont|etait|etaient)\s{1,2}"
    r"(?:progresse|recidive|rechute|evolue|reapparu|recidivee?s?|reapparue?s?)"
    r"|(?:a|ont|avait|avaient)(?:\s{1,2}(?:ensuite|alors|aussi|egalement))?\s{1,2}ete\s{1,2}"
    r"(?:observee?s?|detectee?s?|identifiee?s?|constatee?s?|notee?s?|objectivee?s?|retrouvee?s?"
    r"|visualisee?s?|documentee?s?|confirmee?s?|mise?s?\s{1,2}en\s{1,2}evidence)"
    r"|(?:significative|franche|exclusive|unique|lente|rapide|nette|isolee|importante|massive"
    r"|discrete|limitee)s?)\b")
# « maladie » names the tumour only with its site (« maladie osseuse », « maladie dans le
# foie »), unless what follows makes it another disease (« maladie hépatique chronique »).
_DISEASE = "maladie"
_OTHER_DISEASE = re.compile(
    r"\b(?:chroniques?|obstructives?|auto-?immunes?|inflammatoires?|infectieuses?|alcooliques?"
    r"|enoliques?|virales?|toxiques?|dues?|aigues?|degeneratives?|cardiaques?|renales?"
    r"|vasculaires?|coronariennes?|veineuses?|thromboemboliques?|c(?:oe|œ)liaques?|crohn)\b")
_OTHER_DISEASE_REACH = 40
# Position words around an organ's word (word keys); see `_without_position`.
_POSITION_BEFORE = frozenset({"pole", "bas", "haut", "moyen"})
_POSITION_AFTER = frozenset({"terminal", "terminale"})
_POSITION_LINKS = frozenset({"superieur", "inferieur", "du", "de", "la", "l"})
_LIST_REACH = 4  # words from a kept site to the next site of a list (« foie, rate, reins »)
_VERTEBRAL_COLUMN = "C41.2"
# Level words that are also sites of a region (word keys): « cervical » C76.0, « thoracique »
# C76.1; « dorsal » and « lombaire » are no sites of their own.
_SPINE_LEVELS = frozenset({"cervical", "cervicale", "thoracique"})
# Of those, the words that name a tumour's spread into what follows « de » (« infiltration de
# la graisse », « invasion des vaisseaux », « foyers d'hypercaptation »), and the adjectives
# that describe such a spread (« infiltration massive »).
_SPREAD_OF = frozenset({"infiltration", "invasion", "foyer"})
_OF = re.compile(r"\s{1,2}(?:de\s{1,2}la\b|de\s{1,2}l'|des\b|du\b|de\b|d'(?!\s{0,2}une?\b))")
_SPREAD_ADJECTIVES = frozenset({"massive", "massif", "diffuse", "diffus", "focale", "focal",
                                "douteux", "douteuse", "apparente", "apparent"})
# Course-of-disease words that give way to the tumour they are about (« progression de la
# tumeur »); a recurrence is a lesion of its own (« récidive du lymphome »: both).
_COURSE = frozenset({"progression", "rechute", "extension", "atteinte"})
_TERM_REACH = 60
_LESION_ADJECTIVES = frozenset({
    "tissulaire", "nodulaire", "tumorale", "tumoral", "expansive", "kystique", "polypoide",
    "hypodense", "hyperdense", "isodense", "hypoechogene", "hyperechogene", "echogene",
    "hypointense", "hyperintense", "hypermetabolique", "hyperfixant", "arrondie", "ovalaire",
    "bourgeonnante", "vegetante", "lobulee", "spiculee", "heterogene", "suspecte", "suspect",
    "neoplasique", "maligne", "malin", "secondaire", "carcinomateuse", "lymphomateuse",
})
_ATTACHING = _LESION_ADJECTIVES | frozenset({
    "et", "ou", "multiple", "metastatique", "diffuse", "diffu", "bilateral", "bilaterale",
    "droit", "droite", "gauche", "lytique", "osteolytique", "primitive", "primitif", "focale",
    "origine", "niveau", "localisation", "locale", "local", "locoregionale", "parenchymateux",
    "parenchymateuse", "millimetrique", "centimetrique", "infracentimetrique", "solide",
    "calcifie", "calcifiee", *map(word_key, ("deux", "trois", "plusieurs", "niveaux")),
    "principalement", "essentiellement", "exclusivement", "uniquement", "surtout", "notamment",
    "egalement", "predominance", "aussi",
})
_BLOCKED_NEXT = {
    "masse": frozenset({"musculaire", "grasse", "maigre", "corporelle", "ponderale", "osseuse",
                        "sanguine", "globulaire", "salariale", "critique"}),
    "lesion": frozenset({"inflammatoire", "infectieuse", "ischemique", "traumatique",
                         "hemorragique", "cicatricielle", "demyelinisante", "erythemateuse",
                         "squameuse", "erosive", "bulleuse", "purpurique", "vesiculeuse",
                         "pustuleuse", "eczemateuse", "prurigineuse", "microangiopathique",
                         "myocardique", "cerebrovasculaire", "axonale", "critique",
                         "papuleuse", "circinee", "pigmentaire"}),
    "implant": frozenset({"dentaire", "mammaire", "cochleaire", "prothetique", "intraoculaire",
                          "contraceptif", "osseux", "capillaire"}),
}
_NEEDS_PREVIOUS = {  # compared as word keys: « sans » is « san »
    "primitif": frozenset(map(word_key, ("le", "un", "du", "au", "ce", "son", "sans", "de",
                                         "nouveau", "second", "autre"))),
    "primitive": frozenset({"la", "sa", "cette"}),
}
_BLOCKED_BEFORE = {"masse": re.compile(r"(?:effet\s{1,2}de|\ben)\s{1,2}$"),
                   "extension": re.compile(r"\bd'\s{0,2}$"),
                   # ADC is also the MRI apparent diffusion coefficient
                   "adc": re.compile(r"\b(?:carte|cartographie|coefficient|valeurs?|sequences?"
                                     r"|diffusion|imagerie)\s{1,2}(?:en\s{1,2}|de\s{1,2})?$")}

# CBC (carcinome basocellulaire) is also the English blood count, which results write with a date
# « lésion rénale aiguë » is acute kidney injury; « lésion rénale » alone is a kidney lesion
_BLOCKED_AFTER = {"cbc": re.compile(r"\s{0,2}(?:[(:-]\s{0,2})?\d{1,2}/\d"),
                  "lesion": re.compile(r"\s{1,2}renales?\s{1,2}aigues?\b")}


@dataclass(frozen=True)
class Morphology:
    code: str
    grade: str | None = None
    course: bool = False  # a disease-course or spread word (`kind` `course` in the table)


@dataclass(frozen=True)
class Site:
    code: str
    lymph_node: str | None = None
    liver_segments: tuple[str, ...] = ()
    names_liver: bool = True
    adjective: bool = False


@dataclass(frozen=True)
class Found:
    """One ICD-O-3 span in the clean view."""

    label: str
    start: int
    end: int
    code: str | None
    attributes: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def system(self) -> str:
        return SYSTEMS[self.label]


def check_edition(edition: str) -> str:
    """`edition` when it is one of `EDITIONS`, else a `ValueError` naming the setting."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown ICD-O-3 edition {edition!r} (setting `edition`); choose "
                         f"one of {', '.join(map(repr, EDITIONS))}")
    return edition


@cache
def morphology_lexicon(edition: str) -> Lexicon[Morphology]:
    """The morphology terms with their codes in ICD-O-3 `edition`."""
    recode = _recoding(edition)
    rows = load_table("icdo3_morphology").rows
    return Lexicon.from_terms((r["term"], Morphology(recode(r["code"], r["term"]),
                                                     r["grade"] or None, r["kind"] == "course"))
                              for r in rows)


def _recoding(edition: str) -> Callable[[str, str], str]:
    """How a code of `icdo3_morphology` reads in `edition`, given its term: as it is in
    ICD-O-3.2; in 3.1, as the `icdo3_editions` row of that code and term says, else the row of
    that code alone, else as it is (the first row of a code or term wins)."""
    if check_edition(edition) == DEFAULT_EDITION:
        return lambda code, term: code
    rows = load_table("icdo3_editions").rows
    by_code: dict[str, str] = {}
    for row in rows:
        if not row["term"]:
            by_code.setdefault(row["icdo3_2"], row["icdo3_1"])
    by_term = Lexicon.from_terms((row["term"], row) for row in rows if row["term"])

    def recode(code: str, term: str) -> str:
        named = by_term.get(term)
        if named is not None and named["icdo3_2"] == code:
            return named["icdo3_1"]
        return by_code.get(code, code)

    return recode


@cache
def topography_lexicon() -> Lexicon[Site]:
    """Sites, liver segments, then adjective sites written with a prefix of location inside
    (`_composed_sites`); a term with a region and a lymph-node code keeps both."""
    codes: dict[str, list[str]] = {}
    adjectives: set[str] = set()
    for row in load_table("icdo3_topography").rows:
        codes.setdefault(row["term"], []).append(row["code"])
        if row["kind"] == "adjective":
            adjectives.add(row["term"])
    sites = [(term, _site(found, term in adjectives)) for term, found in codes.items()]
    segments = [
        (row["term"], Site(LIVER, liver_segments=tuple(row["segment"].split("|")),
                           names_liver=bool(cue_lexicon("liver_context").find(fold(row["term"])))))
        for row in load_table("liver_segments").rows
    ]
    return Lexicon.from_terms(sites + segments + _composed_sites(sites))


def find_sites(folded: str) -> list[tuple[int, int, Site]]:
    """The terms of the topography lexicon in `folded`, a prefix coordinated with a term's own
    taken in (« supra- et infratentorielles »: one place over both, `_overlapping_code`)."""
    lexicon = topography_lexicon()
    found = []
    for start, end, site in lexicon.find(folded):
        coordinated = _COORDINATED_PREFIX.search(folded, max(0, start - 16), start)
        own = _OWN_PREFIX.match(folded, start, end)
        if coordinated and own:
            stem = folded[own.end():end]
            partner = (lexicon.get(f"{coordinated['prefix']}-{stem}")
                       or lexicon.get(f"{coordinated['prefix']}{stem}"))
            if partner:
                start, site = coordinated.start(), _overlapping_site(partner, site)
        found.append((start, end, site))
    return found


def _overlapping_site(first: Site, second: Site) -> Site:
    nodes = [site.lymph_node for site in (first, second) if site.lymph_node]
    return Site(_overlapping_code(first.code, second.code),
                lymph_node=_overlapping_code(*nodes) if len(nodes) == 2 else None,
                adjective=True)


def _overlapping_code(first: str, second: str) -> str:
    """The ICD-O-3 code of a place over two sites: the code they share, else the overlapping
    lesion (`.8`) of their category, else of the family that covers both (C70-C72: C72.8),
    else of ill-defined sites (C76.8)."""
    if first == second:
        return first
    if first[:3] == second[:3]:
        return f"{first[:3]}.8"
    for family, covered in topography_families().items():
        if {first[:3], second[:3]} <= {family[:3], *covered}:
            return f"{family[:3]}.8"
    return "C76.8"


@cache
def topography_families() -> dict[str, tuple[str, ...]]:
    """NOS code -> the 3-character categories it covers beyond its own
    (`topography_families.tsv`)."""
    rows = load_table("topography_families").rows
    return {row["code"]: tuple(row["covers"].split("|")) for row in rows}


def _composed_sites(sites: list[tuple[str, Site]]) -> list[tuple[str, Site]]:
    """One-word adjective sites written after a `site_prefix` of `oncology_cues`, prefixes that
    put the lesion inside the organ and keep its code (« intrabronchique », « endotrachéal »);
    the terms the table writes out come first and win."""
    prefixes = list(cues("site_prefix"))
    return [(prefix + fold(term), site) for term, site in sites
            if site.adjective and len(words(fold(term))) == 1 for prefix in prefixes]


def _site(codes: list[str], adjective: bool) -> Site:
    regions = [code for code in codes if not code.startswith("C77")]
    nodes = [code for code in codes if code.startswith("C77")]
    return Site(regions[0] if regions else nodes[0], lymph_node=nodes[0] if nodes else None,
                adjective=adjective)


@cache
def grade_lexicon() -> Lexicon[str]:
    return Lexicon.from_terms((r["term"], r["grade"]) for r in load_table("differentiation").rows)


@dataclass(frozen=True)
class Settings:
    """How far (in words, same sentence) a site or grade may be from a morphology mention, and
    the ICD-O-3 edition of the morphology codes (`EDITIONS`)."""

    site_after: int = 12
    site_before: int = 0
    grade_after: int = 10
    grade_before: int = 3
    grade_target_window: int = 4
    edition: str = DEFAULT_EDITION

    def __post_init__(self) -> None:
        check_edition(self.edition)


@dataclass
class _Context:
    """The clean and folded text, its words and sentences, the morphology lexicon of the
    chosen edition, and the raw lexicon matches."""

    text: str
    folded: str
    tokens: Sequence[Word]
    sentence_of: Callable[[int], tuple[int, int]]
    morphology: Lexicon[Morphology]
    starts: list[int] = field(init=False)
    sites: list[tuple[int, int, Site]] = field(init=False)
    site_starts: list[int] = field(init=False)
    grades: _Spans = field(init=False)
    liver_cues: list[int] = field(init=False)
    barriers: list[int] = field(init=False)
    ranks: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [start for start, _, _ in self.tokens]
        self.ranks = _word_ranks(self.folded, self.tokens)
        self.sites = [site for site in find_sites(self.folded)
                      if not _SIDE.fullmatch(self.text, site[0], site[1])
                      and not _SURFACE.match(self.folded, site[0])]
        self.site_starts = [start for start, _, _ in self.sites]
        self.grades = _Spans([_grade(self.folded, start, end, grade) for start, end, grade
                              in grade_lexicon().find(self.folded)])
        self.liver_cues = [start for start, _, _
                           in cue_lexicon("liver_context").find(self.folded)]
        self.barriers = [start for start, _, _
                         in cue_lexicon("site_barrier").find(self.folded)]

    def word_index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def words_on(self, end: int, start: int) -> int:
        """How many words the word at `start` comes after the word that ends at `end`."""
        return self.ranks[self.word_index(start)] - self.ranks[self.word_index(end - 1)]

    def key(self, index: int) -> str | None:
        return self.tokens[index][2] if 0 <= index < len(self.tokens) else None

    def near(self, start: int, end: int, anchors: _Spans, after: int, before: int) -> bool:
        """Whether `start:end` follows an anchor within `after` words or precedes one within
        `before` words, in the same sentence."""
        sentence = self.sentence_of(start)
        previous, following = anchors.before(start), anchors.after(end)
        if previous and self.sentence_of(previous.start) == sentence and (
                self.words_on(previous.end, start) <= after):
            return True
        return bool(following and self.sentence_of(following.start) == sentence and (
            self.words_on(end, following.start) <= before))

    def barred(self, end: int, start: int) -> bool:
        """Whether a `site_barrier` word lies between `end` and `start` (« nodule … biopsie du
        foie », « masse … au contact de la veine porte »)."""
        return _any_within(self.barriers, end, start)

    def site_within(self, end: int, reach: int) -> bool:
        """Whether a site starts in the same clause within `reach` words after `end`, or right
        after a locative that follows `end`, alone or after a `_COURSE_LINK` (« progression
        au niveau du foie », « la maladie a progressé dans les poumons »)."""
        index = bisect.bisect_left(self.site_starts, end)
        if index >= len(self.sites) or _BREAK.search(self.folded, end, self.site_starts[index]):
            return False
        link = _COURSE_LINK.match(self.folded, end)
        locative = _LOCATIVE.match(self.folded, link.end() if link else end)
        if locative and self.site_starts[index] == locative.end():
            return True
        return self.words_on(end, self.site_starts[index]) <= reach


def _any_within(positions: list[int], start: int, end: int) -> bool:
    """Whether one of the sorted `positions` lies in `start:end`."""
    index = bisect.bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


def _word_ranks(folded: str, tokens: Sequence[Word]) -> list[int]:
    """The rank of each word when a measurement counts as one word: its first word's rank."""
    measures = [match.span() for match in _MEASURE.finditer(folded)]
    ranks: list[int] = []
    rank, position = -1, 0
    for start, _, _ in tokens:
        while position < len(measures) and measures[position][1] <= start:
            position += 1
        if not (position < len(measures) and measures[position][0] < start):
            rank += 1
        ranks.append(rank)
    return ranks


@dataclass
class _Spans:
    """Mentions sorted by position, not overlapping, with neighbour look-ups."""

    items: list[Found]
    starts: list[int] = field(init=False)
    ends: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [item.start for item in self.items]
        self.ends = [item.end for item in self.items]

    def before(self, offset: int) -> Found | None:
        """The last mention ending at or before `offset`."""
        index = bisect.bisect_right(self.ends, offset) - 1
        return self.items[index] if index >= 0 else None

    def after(self, offset: int) -> Found | None:
        """The first mention starting at or after `offset`."""
        index = bisect.bisect_left(self.starts, offset)
        return self.items[index] if index < len(self.items) else None

    def starting_by(self, offset: int) -> Found | None:
        """The last mention starting at or before `offset`."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.items[index] if index >= 0 else None

    def encloses(self, start: int, end: int) -> bool:
        """Whether a mention holds `start:end` strictly inside, at neither of its ends (a site
        written inside a tumour's name: « carcinome rénal à cellules claires »)."""
        enclosing = self.starting_by(start - 1)
        return enclosing is not None and enclosing.end > end

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.ends, start)
        return index < len(self.items) and self.items[index].start < end


def find_icdo3(
    text: str,
    sentence_of: Callable[[int], tuple[int, int]] | None = None,
    settings: Settings = Settings(),
) -> list[Found]:
    """Every ICD-O-3 span of the clean `text`, ordered by position."""
    folded = fold(text)
    context = _Context(text, folded, words(folded), sentence_of or (lambda _: (0, len(text))),
                       morphology_lexicon(settings.edition))
    morphology = _Spans(_morphology(context))
    sites = _sites(context, morphology, settings)
    grades = [
        _tumour_grade(folded, grade) for grade in context.grades.items
        if not morphology.overlaps(grade.start, grade.end)
        and context.near(grade.start, grade.end, morphology, settings.grade_after,
                         settings.grade_before)
        and not _after_grade_target(context, grade.start, settings.grade_target_window)
    ]
    found = morphology.items + sites + [grade for grade in grades if grade is not None]
    return sorted(found, key=lambda f: (f.start, -f.end))


def _morphology(context: _Context) -> list[Found]:
    """Morphology mentions in tumour context, split into their parts, « métastatique » and
    « primitif » joined, sites written inside a name bridged."""
    found: list[Found] = []
    for start, end, entry in context.morphology.find(context.folded):
        if found and start < found[-1].end:
            continue  # inside a disease named after a course word (below)
        if entry.course:  # « progression de la maladie tumorale » -> « maladie tumorale »
            start, end, entry = _named_disease(context, start, end, entry)
        if not _tumour_context(context, start, end):
            continue
        if _is_metastatic_adjective(context, start, end):
            if found and not context.folded[found[-1].end:start].strip():
                found[-1] = replace(found[-1], end=end, code=_metastatic(found[-1].code))
            continue
        found.extend(_split(context, start, end, entry))
    return _bridge_sites(context, found)


def _bridge_sites(context: _Context, found: list[Found]) -> list[Found]:
    """Mentions whose name goes on after a site: the mention covers the whole name and the
    site stays a topography span inside it (see `_bridge`)."""
    bridged: list[Found] = []
    for mention in found:
        if bridged and mention.start < bridged[-1].end:
            continue  # taken into the name of the previous mention
        mention = _bridge(context, mention) or mention
        primary = _PRIMARY.match(context.folded, mention.end)
        if primary:  # « mélanome primitif », « néoplasme primaire »
            mention = replace(mention, end=primary.end(), code=_primary(mention.code))
        bridged.append(mention)
    return bridged


def _bridge(context: _Context, mention: Found) -> Found | None:
    """The mention extended over a site and what follows it, when the site is written inside
    the name: a longer histology (« carcinome pulmonaire à petites cellules », « cancer du
    poumon non à petites cellules »), or, after a lesion word, « métastatique » (code `/6`)
    or « primitif » (« lésions osseuses métastatiques »: the site is where the lesions are;
    in « cancer du sein métastatique » it is the primary's, and « métastatique » is left
    out)."""
    folded = context.folded
    index = bisect.bisect_left(context.site_starts, mention.end)
    if index >= len(context.sites):
        return None
    site_start, site_end, site = context.sites[index]
    between = folded[mention.end:site_start]
    if not (_ADJACENT.fullmatch(between) if site.adjective else _LINK.fullmatch(between)):
        return None
    qualifier = _AFTER_SITE.match(folded, site_end)
    if qualifier and mention.code in _LESION_CODES:
        metastatic = qualifier.group("metastatic") is not None
        return replace(mention, end=qualifier.end(),
                       code=_metastatic(mention.code) if metastatic else _primary(mention.code))
    head = folded[mention.start:mention.end]
    limit = site_end + _TERM_REACH
    grade = context.grades.after(site_end)  # a grade after the name stays a span of its own
    longer = context.morphology.find(head + folded[site_end:min(limit, grade.start)
                                                    if grade else limit])
    if longer and longer[0][0] == 0 and longer[0][1] > len(head):
        return _mention(mention.start, site_end + longer[0][1] - len(head), longer[0][2],
                        with_grade=True)
    return None


def _named_disease(context: _Context, start: int, end: int,
                   entry: Morphology) -> tuple[int, int, Morphology]:
    """A course term ending with « maladie » gives way to a longer disease term starting at
    that word (« stabilité de la maladie néoplasique » -> « maladie néoplasique »)."""
    last = context.word_index(end - 1)
    if context.key(last) != "maladie" or last == context.word_index(start):
        return start, end, entry
    disease = context.tokens[last][0]
    longer = context.morphology.find(context.folded[disease:disease + _TERM_REACH])
    if longer and longer[0][0] == 0 and disease + longer[0][1] > end:
        return disease, disease + longer[0][1], longer[0][2]
    return start, end, entry


def _is_metastatic_adjective(context: _Context, start: int, end: int) -> bool:
    first, last = context.word_index(start), context.word_index(end - 1)
    return first == last and context.key(first) in _METASTATIC


def _metastatic(code: str | None) -> str | None:
    return f"{code.split('/')[0]}/6" if code else code


def _primary(code: str | None) -> str | None:
    """The code of a lesion said to be primary: a primary neoplasm is malignant (`/3`)."""
    return "8000/3" if code in ("8000/1", "8000/9") else code


def _grade(folded: str, start: int, end: int, grade: str) -> Found:
    """A differentiation span without its leading « de »."""
    match = _LEADING_DE.match(folded, start, end)
    if match and match.end() < end:
        start = match.end()
    return Found("differentiation", start, end, grade)


def _system_after(folded: str, grade: Found) -> tuple[int, str] | None:
    """The end and the `detail` (tumour, adverse_event, other) of the grading system written
    right after a grade (« grade 3 de Fuhrman », « grade 3 selon Krenning »)."""
    link = _SYSTEM_LINK.match(folded, grade.end)
    if link is None:
        return None
    named = cue_lexicon("grade_system").find(folded[link.end():link.end() + _SYSTEM_REACH])
    if not named or named[0][0] != 0:
        return None
    _, end, (_, detail) = named[0]
    return link.end() + end, detail


def _tumour_grade(folded: str, grade: Found) -> Found | None:
    """The grade with the tumour grading system written after it (« grade I de l'OMS », « haut
    grade histologique »); `None` for the grade of another scale (« grade 3 selon Krenning »,
    « grade 2 NCI »)."""
    system = _system_after(folded, grade)
    if system is None:
        return grade
    end, detail = system
    return replace(grade, end=end) if detail == "tumour" else None


def _split(context: _Context, start: int, end: int, entry: Morphology) -> list[Found]:
    """The mention(s) of one morphology term (see the module docstring)."""
    lexicon = context.morphology
    folded = context.folded
    grade = context.grades.before(end)
    if grade and start < grade.start and grade.end == end:
        head_end = start + len(_TRAILING_LINK.sub("", folded[start:grade.start]))
        base = lexicon.get(folded[start:head_end])
        # A grade that adds nothing to the histology, a grade wording (« TNE G2 ») or one
        # written after « de » (« carcinome séreux de haut grade ») is split off; « sarcome
        # indifférencié » (8805/3) is a type of its own.
        if base is not None and (entry.grade or base.code == entry.code
                                 or _PREPOSITION.search(folded, head_end, grade.start)
                                 or _GRADE_WORDING.search(folded, grade.start, grade.end)):
            return [_mention(start, head_end, base, term_code=entry.code)]
    index = bisect.bisect_left(context.site_starts, start + 1)
    # « adénopathique » after a lesion word says what the lesion is made of (« conglomérat
    # adénopathique »): it stays in the term.
    if (index < len(context.sites) and context.sites[index][1] == end
            and not _NODE_NATURE.match(folded, context.site_starts[index])):
        head_end = start + len(_TRAILING_LINK.sub("", folded[start:context.site_starts[index]]))
        base = lexicon.get(folded[start:head_end])
        if base is not None:
            return _split(context, start, head_end, base)
    for link in _LINK.finditer(folded, start, end):
        head, tail = lexicon.get(folded[start:link.start()]), lexicon.get(folded[link.end():end])
        if (head is not None and tail is not None and _generic(head) and not _generic(tail)
                and word_key(folded[start:link.start()]) != _DISEASE):  # « maladie de Hodgkin »
            return [_mention(start, link.start(), head), _mention(link.end(), end, tail)]
    return [_mention(start, end, entry, with_grade=True)]


def _mention(start: int, end: int, entry: Morphology, with_grade: bool = False,
             term_code: str | None = None) -> Found:
    """A morphology mention of a table entry: `attributes.course` for disease-course and
    spread words, `attributes.grade` for a term that states its grade and is not split,
    `attributes.term_code` for the code of the whole term it was split from when it differs
    (« chondrosarcome » of « chondrosarcome dédifférencié »: 9243/3)."""
    attributes: dict[str, Any] = {"course": True} if entry.course else {}
    if with_grade and entry.grade:
        attributes["grade"] = entry.grade
    if term_code and term_code != entry.code:
        attributes["term_code"] = term_code
    return Found("morphology", start, end, entry.code, attributes)


def _generic(entry: Morphology) -> bool:
    """Lesion, tumour and metastasis words (« nodule », « métastase »), not histologies."""
    return entry.code.startswith("8000/")


def _tumour_context(context: _Context, start: int, end: int) -> bool:
    """Context rules for generic terms (see the module docstring)."""
    if _INSTITUTION.search(context.folded, max(0, start - _INSTITUTION_REACH), start):
        return False
    first, last = context.word_index(start), context.word_index(end - 1)
    if first != last:
        return True
    head = context.key(first) or ""
    if head == _DISEASE:
        return context.site_within(end, _SITE_REACH) and not _OTHER_DISEASE.search(
            context.folded, end, end + _OTHER_DISEASE_REACH) and not _HISTORY.search(
            context.folded, max(0, start - 20), start)
    following, previous = context.key(last + 1), context.key(first - 1)
    if head in _CONTEXTUAL and following not in _LESION_ADJECTIVES | _SPREAD_ADJECTIVES:
        spread_of = head in _SPREAD_OF and _OF.match(context.folded, end)
        if not spread_of and not context.site_within(end, _SITE_REACH):
            return False
    if following in _BLOCKED_NEXT.get(head, ()):
        return False
    if head in _NEEDS_PREVIOUS and previous not in _NEEDS_PREVIOUS[head]:
        return False
    if head in _COURSE and _names_a_tumour_next(context, end):
        return False
    blocked_after = _BLOCKED_AFTER.get(head)
    if blocked_after and blocked_after.match(context.folded, end):
        return False
    blocked_before = _BLOCKED_BEFORE.get(head)
    return not (blocked_before and blocked_before.search(context.folded, max(0, start - 12), start))


def _names_a_tumour_next(context: _Context, end: int) -> bool:
    """Whether a link and a morphology term follow (« progression de la tumeur »)."""
    link = _LINK.match(context.folded, end)
    if not link:
        return False
    following = context.morphology.find(context.folded[link.end():link.end() + _TERM_REACH])
    return bool(following) and following[0][0] == 0


def _sites(context: _Context, morphology: _Spans, settings: Settings) -> list[Found]:
    """Topography spans near a morphology mention, laterality trimmed, node codes added."""
    found: list[tuple[Found, Site]] = []
    ends = set(morphology.ends) | {end for _, end, _ in context.sites}
    kept = _Spans([])  # the sites kept so far: a list of sites goes on after the lesion
    for start, end, site in context.sites:
        prefix = _BOUND_PREFIX.search(context.folded, max(0, start - 8), start)
        start = prefix.start() if prefix else start
        if morphology.encloses(start, end):
            found.append((_site_mention(context, start, end, site, morphology), site))
            continue
        if morphology.overlaps(start, end) or not _attached(context, start, site, ends):
            continue
        if not (context.near(start, end, morphology, settings.site_after, settings.site_before)
                or context.near(start, end, kept, _LIST_REACH, 0)):
            continue
        anchors = [anchor for anchor in (morphology.before(start), kept.before(start)) if anchor]
        if anchors and context.barred(max(anchor.end for anchor in anchors), start):
            continue
        if site.liver_segments and not site.names_liver and not _liver_sentence(context, start):
            continue
        found.append((_site_mention(context, start, end, site, morphology), site))
        kept = _Spans([found[-1][0]])
    return _spine_levels(context, morphology, _join_adjacent(context.folded, found))


def _spine_levels(context: _Context, morphology: _Spans, sites: list[Found]) -> list[Found]:
    """A level written after a vertebral site, with no lesion word between, is a level of the
    spine, not a region (« métastases vertébrales au niveau cervical et thoracique »: C41.2,
    not the neck C76.0; but « métastases vertébrales et adénopathies cervicales »)."""
    for index in range(1, len(sites)):
        previous, site = sites[index - 1], sites[index]
        if (previous.code == _VERTEBRAL_COLUMN
                and context.key(context.word_index(site.start)) in _SPINE_LEVELS
                and context.words_on(previous.end, site.start) <= _LIST_REACH
                and not _BREAK.search(context.folded, previous.end, site.start)
                and not morphology.overlaps(previous.end, site.start)):
            attributes = {k: v for k, v in site.attributes.items() if k != "lymph_node"}
            sites[index] = replace(site, code=_VERTEBRAL_COLUMN, attributes=attributes)
    return sites


def _join_adjacent(folded: str, sites: list[tuple[Found, Site]]) -> list[Found]:
    """Sites written one after the other name one place (« ganglionnaires médiastinales »,
    « cérébrale frontale », « graisse mésentérique »): one span, coded with the more precise
    code (`_joined_code`)."""
    joined: list[Found] = []
    for mention, site in sites:
        previous = joined[-1] if joined else None
        if previous and previous.end <= mention.start and _ADJOINING.fullmatch(
                folded, previous.end, mention.start):
            joined[-1] = replace(previous, end=mention.end,
                                 code=_joined_code(previous.code, site),
                                 attributes={**previous.attributes, **mention.attributes})
        elif previous and _part_of_organ(folded, previous, mention):
            joined[-1] = replace(previous, end=mention.end,
                                 attributes={**mention.attributes, **previous.attributes})
        else:
            joined.append(mention)
    return joined


def _part_of_organ(folded: str, part: Found, organ: Found) -> bool:
    """Whether `organ` is the whole organ of the subsite `part` written right before it
    (« lobe inférieur du poumon » C34.3 + C34.9, « quadrant inférieur externe du sein »)."""
    return bool(part.code and organ.code and part.end <= organ.start
                and part.code[:3] == organ.code[:3] and organ.code.endswith(".9")
                and not part.code.endswith(".9")
                and _LINK.fullmatch(folded, part.end, organ.start))


def _joined_code(first: str | None, second: Site) -> str | None:
    """A lymph-node word then a region: the region's node code (« ganglionnaire cervicale »
    C77.0); else the code that is not an ill-defined region (C76, C80); within one organ,
    the second, which narrows the first (« cérébrale frontale » C71.1), unless it is the
    organ itself (`.9`); else the first (the noun)."""
    if first and first.startswith("C77"):
        node = second.lymph_node or second.code
        if node.startswith("C77"):
            return node
    codes = [code for code in (first, second.code) if code]
    if len(codes) < 2:
        return codes[0] if codes else None
    vague = [code[:3] in _ILL_DEFINED for code in codes]
    if vague[0] != vague[1]:
        return codes[vague.index(False)]
    if codes[0][:3] == codes[1][:3] and not codes[1].endswith(".9"):
        return codes[1]
    return codes[0]


def _attached(context: _Context, start: int, site: Site, ends: set[int]) -> bool:
    """Whether the site hangs on a lesion: an adjective right after the lesion, another site or
    a lesion adjective; a noun after a preposition or article (never « au sein de »)."""
    index = context.word_index(start)
    if index <= 0 or _NOT_A_SITE.match(context.folded, context.tokens[index - 1][0]):
        return False
    if _BREAK.search(context.folded, context.tokens[index - 1][1], start):
        return False
    if context.tokens[index - 1][1] in ends:
        return True
    previous = context.key(index - 1) or ""
    return (previous in (_ATTACHING if site.adjective else _SITE_LINKS)
            or bool(_ORDINAL.fullmatch(previous)))


def _liver_sentence(context: _Context, start: int) -> bool:
    return _any_within(context.liver_cues, *context.sentence_of(start))


def _site_mention(context: _Context, start: int, end: int, site: Site,
                  morphology: _Spans) -> Found:
    attributes: dict[str, Any] = {}
    last = context.word_index(end - 1)
    side = _LATERALITY.get(context.key(last) or "")
    if side and context.word_index(start) < last:
        end = context.tokens[last - 1][1]
    side = side or _LATERALITY.get(context.key(last + 1) or "")
    if side:
        attributes["laterality"] = side
    start, end = _without_position(context, start, end, site)
    if site.liver_segments:
        attributes["liver_segments"] = list(site.liver_segments)
    if site.lymph_node and _after_nodal_word(context, start, morphology):
        attributes["lymph_node"] = site.lymph_node
    return Found("topography", start, end, site.code, attributes)


def _without_position(context: _Context, start: int, end: int, site: Site) -> tuple[int, int]:
    """The span without a position word that leaves the code as it is, as laterality is left
    out (« pôle inférieur du rein », « bas rectum », « iléon terminal »: the organ's word is
    the span); a position that narrows the code stays (« lobe inférieur », « quadrant
    supéro-externe »), and so does one written as part of the place's name (« médiastin
    supérieur »)."""
    first, last = context.word_index(start), context.word_index(end - 1)
    inner_first, inner_last = first, last
    if context.key(first) in _POSITION_BEFORE:
        inner_first = first + 1
        while inner_first < last and context.key(inner_first) in _POSITION_LINKS:
            inner_first += 1
    elif context.key(last) in _POSITION_AFTER and last == first + 1:
        inner_last = first
    if (inner_first, inner_last) == (first, last):
        return start, end
    inner_start, inner_end = context.tokens[inner_first][0], context.tokens[inner_last][1]
    inner = topography_lexicon().get(context.folded[inner_start:inner_end])
    return (inner_start, inner_end) if inner and inner.code == site.code else (start, end)


def _after_nodal_word(context: _Context, start: int, morphology: _Spans) -> bool:
    """Whether the lesion mention the site follows, or is written inside, is a lymph-node
    word (« adénopathies médiastinales », « adénopathies médiastinales métastatiques »)."""
    lesion = morphology.starting_by(start)
    return bool(lesion and _NODAL.search(context.folded, lesion.start, lesion.end))


def _after_grade_target(context: _Context, start: int, window: int) -> bool:
    """Whether a non-tumour noun (« toxicité », « reflux »…) shortly precedes `start`."""
    first = context.word_index(start)
    begin = context.tokens[max(0, first - window)][0] if first > 0 else start
    return bool(cue_lexicon("grade_target").find(context.folded[begin:start]))


def code_for(label: str, text: str, edition: str = DEFAULT_EDITION) -> str | None:
    """The code the lexicons give to a span `text` of `label` (exact term, else its first term);
    morphology codes in ICD-O-3 `edition`."""
    folded = fold(text)
    lexicon: Lexicon[Any] = {"morphology": morphology_lexicon(edition),
                             "topography": topography_lexicon(),
                             "differentiation": grade_lexicon()}[label]
    entry = lexicon.get(folded)
    if entry is None:
        matches = lexicon.find(folded)
        entry = matches[0][2] if matches else None
    if entry is None:
        return None
    return entry if isinstance(entry, str) else entry.code


@factory("recognize.icdo3")
def make_icdo3(site_after: int = 12, site_before: int = 0, grade_after: int = 10,
               grade_before: int = 3, edition: str = DEFAULT_EDITION):
    """Add `morphology`, `topography` and `differentiation` mentions with ICD-O-3 codes,
    morphology codes in ICD-O-3 `edition` (`"3.2"` or `"3.1"`)."""
    settings = Settings(site_after, site_before, grade_after, grade_before, edition=edition)

    def icdo3(document: Document) -> None:
        for found in find_icdo3(document.text, document.sentence_of, settings):
            document.add_mention(found.label, found.start, found.end, code=found.code,
                                 system=found.system, attributes=found.attributes)

    return icdo3
