"""Rule-based detection of direct identifiers in the clean view (docs/privacy.md).

- names: up to four capitalised words, upper-case words or initials after a civility or title of
  `privacy_cues.tsv` (« Mme Marie Durand », « Dr Martin », « Pr. Lefèvre », « chez Mme D. »),
  then every other occurrence of those words in the document (« DURAND » alone);
- phone numbers, e-mails, URLs, social-security numbers (NIR), identifiers after a label
  (« IPP », « NDA », « n° de dossier »), street addresses (number + street type + name) and
  postal code + city.

Every pattern is bounded: no nested quantifiers, every repetition capped, and each match starts
after a non-word character, so a search is linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from oncofr.clean.text import fold
from oncofr.privacy.vocabulary import alternation, cues, first_name_sexes, linking_words, terms

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
_MAX_NAME_WORDS = 4
_MAX_PLACE_WORDS = 6
_MIN_PROPAGATED = 3  # shorter name words are not searched for elsewhere in the document


@dataclass(frozen=True)
class Found:
    """An identifier at clean-view `start:end`.

    `role` (first, last or initial) and `sex` (F, M or "") describe a name word; `replacement`
    is set by finders that compute it themselves (shifted dates).
    """

    kind: str
    start: int
    end: int
    role: str = ""
    sex: str = ""
    replacement: str | None = None


_PHONE = re.compile(
    r"(?<![\w+.,/-])(?:(?:\+|00)33[ .]?(?:\(0\))?[ .]?|0)[1-9]"
    r"[ .-]?\d\d[ .-]?\d\d[ .-]?\d\d[ .-]?\d\d(?!\w|[.,/-]\d)"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{1,190}(?<![.-])")
_URL = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s<>\"«»]{1,2000}(?<![.,;:!?)\]'])")
_NIR = re.compile(
    r"(?<![\w.,/-])[12][ .]?\d\d[ .]?\d\d[ .]?(?:\d\d|2[AB])[ .]?\d{3}[ .]?\d{3}"
    r"(?:[ .]\d\d|\d\d)?(?!\w|[.,/-]\d)"
)
_NAME_WORD = (
    rf"[{UPPER}](?:[{LOWER}'-]|(?<=-)[{UPPER}]){{1,40}}(?<![-'])"  # Lefèvre, Jean-Pierre
    rf"|[{UPPER}][{UPPER}-]{{0,30}}[{UPPER}]"  # DUPONT, LE-GALL
    rf"|[{UPPER}]\.?-?[{UPPER}]?\.?"  # D., J.-P., N.R
)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Patterns built from the vocabularies (compiled once)."""
    civilities = alternation(terms("civility"))
    place_word = rf"[ ]{linking_words('street_particle')}[{UPPER}0-9][\w'-]{{0,30}}"
    return {
        "civility": re.compile(rf"(?<![\w.])(?:{civilities})(?=[ ])"),
        "name_word": re.compile(
            rf"[ ](?P<link>{linking_words('name_particle')})(?P<word>{_NAME_WORD})(?!\w)"
        ),
        "place_word": re.compile(place_word),
        "street": re.compile(  # on the folded text
            r"(?<![\w/.,-])\d{1,4}(?:bis|ter|[ ]bis|[ ]ter)?,?[ ]"
            rf"(?:{alternation(terms('street_type', folded=True))})(?=[ ])"
        ),
        "postal_city": re.compile(
            rf"(?<![\w/.,-])(?:0[1-9]|[1-8]\d|9[0-8])(?:\d{{3}}|[ ]\d{{3}})"
            rf"[ ][{UPPER}][\w'-]{{2,30}}"
        ),
        "identifier": re.compile(  # on the folded text
            rf"(?<!\w)(?:{alternation(terms('identifier', folded=True))})"
            r"[ ]?(?:n°|no|:|=|#)?[ ]?[:=]?[ ]?(?P<value>[a-z0-9][a-z0-9/._-]{1,28}[a-z0-9])(?!\w)"
        ),
    }


def find_identifiers(text: str) -> list[Found]:
    """Every identifier of the clean view `text` but dates, possibly overlapping."""
    folded = fold(text)
    found = [*_names(text), *_addresses(text, folded), *_identifiers(folded)]
    for kind, pattern in (("phone", _PHONE), ("email", _EMAIL), ("url", _URL), ("nir", _NIR)):
        found.extend(Found(kind, m.start(), m.end()) for m in pattern.finditer(text))
    return found


def _names(text: str) -> list[Found]:
    """Name words after civilities, then their other occurrences in the text."""
    sexes = dict(cues("civility"))
    after_civility: list[Found] = []
    for civility in _patterns()["civility"].finditer(text):
        words = _name_words(text, civility.end())
        roles = _roles([word.group("word") for word in words])
        sex = sexes[civility.group()]
        after_civility.extend(
            Found("name", word.start("word"), word.end("word"), role, sex)
            for word, role in zip(words, roles, strict=True)
        )
    return after_civility + _elsewhere(text, after_civility)


def _name_words(text: str, position: int) -> list[re.Match[str]]:
    """The name words from `position`. A small word may come before the first (« Mme de
    Villiers »); later, only a capitalised one (« Yves Le Bihan », not « Dr Martin du CHU »)."""
    civilities = set(terms("civility"))
    words: list[re.Match[str]] = []
    for _ in range(_MAX_NAME_WORDS):
        word = _patterns()["name_word"].match(text, position)
        if word is None or word.group("word") in civilities:
            break
        if words and word.group("link")[:1].islower():
            break
        words.append(word)
        position = word.end()
    return words


def _roles(words: list[str]) -> list[str]:
    """first, last or initial for each word: a known first name, an upper-case word (surname),
    initials; otherwise the last undecided word is the surname when none is known."""
    roles = [_shape_role(word) for word in words]
    undecided = [index for index, role in enumerate(roles) if not role]
    if undecided and "last" not in roles:
        roles[undecided[-1]] = "last"
    return [role or "first" for role in roles]


def _shape_role(word: str) -> str:
    if "." in word or len(word) == 1 or (word.isupper() and len(word) <= 2):
        return "initial"
    if fold(word) in first_name_sexes():
        return "first"
    return "last" if word.isupper() else ""


def _elsewhere(text: str, names: list[Found]) -> list[Found]:
    """Other occurrences of the name words found (as written, in title case, in upper case)."""
    sources: dict[str, Found] = {}
    for name in names:
        word = text[name.start:name.end]
        if name.role != "initial" and len(word) >= _MIN_PROPAGATED:
            for form in (word, word.upper(), "-".join(p.capitalize() for p in word.split("-"))):
                sources.setdefault(form, name)
    if not sources:
        return []
    known = {(name.start, name.end) for name in names}
    pattern = re.compile(rf"(?<![\w-])(?:{alternation(sources)})(?![\w-])")
    return [
        Found("name", m.start(), m.end(), sources[m.group()].role, sources[m.group()].sex)
        for m in pattern.finditer(text)
        if m.span() not in known
    ]


def _addresses(text: str, folded: str) -> list[Found]:
    """« 12 rue des Lilas » (number, street type, capitalised words) and « 69003 Lyon »."""
    found = []
    for match in _patterns()["street"].finditer(folded):
        end = _place_end(text, match.end())
        if end > match.end():
            found.append(Found("address", match.start(), end))
    for match in _patterns()["postal_city"].finditer(text):
        found.append(Found("address", match.start(), _place_end(text, match.end())))
    return found


def _place_end(text: str, position: int) -> int:
    """The end of the capitalised words (linked by « de », « la »…) that follow `position`."""
    for _ in range(_MAX_PLACE_WORDS):
        word = _patterns()["place_word"].match(text, position)
        if word is None:
            break
        position = word.end()
    return position


def _identifiers(folded: str) -> list[Found]:
    """The value after an identifier label, when it has a digit: « IPP : 8001234567 »."""
    return [
        Found("identifier", m.start("value"), m.end("value"))
        for m in _patterns()["identifier"].finditer(folded)
        if any(char.isdigit() for char in m.group("value"))
    ]
