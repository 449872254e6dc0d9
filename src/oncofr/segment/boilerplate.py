"""Boilerplate of scraped pages kept in plain text: menus, figure lists, author affiliations.

HTML inputs are reduced to their main text by trafilatura at ingestion. A page that reaches us
already flattened to text (a scrape saved as .txt) still carries its menu, its figure and table
list and its affiliations. Those lines are marked as `boilerplate` sections and blanked in the
clean view, so no recogniser reads them, while offsets stay those of the original text.
"""

from __future__ import annotations

import re

from oncofr.clean.text import CleanText, fold
from oncofr.document import Document
from oncofr.models import Section
from oncofr.registry import factory

# Lines that are site navigation on their own (folded: lower case, no accents).
_NAVIGATION = re.compile(
    r"^(menu|accueil|sommaire|illustrations|figures|tableaux|auteurs?|partager|imprimer|"
    r"telecharger( le pdf)?|pdf|abonnement|s'abonner|archives|connexion|se connecter|rechercher|"
    r"recherche|numeros?|resume|texte integral|references|article precedent|article suivant|"
    r"cookies?|mentions legales|contact|plan du site)$"
)
_FIGURE_LINE = re.compile(
    r"^(?:[•·\-*]\s*)?(figure|fig\.|tableau|table|annexe|video)\s*\d{1,3}[a-z]?$"
)
_INSTITUTION = re.compile(
    r"\b(hopital|hospital|universite|university|inserm|cnrs|umr|chu|chru|service d|service de|"
    r"laboratoire|institut|faculte|department|departement|centre hospitalier|clinique|"
    r"aphp|ap-hp)\b"
)
_AFFILIATION_START = re.compile(r"^(?:\d{1,2}|[a-e]|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹])[\s.)]+\S")
_CORRESPONDENCE = re.compile(
    r"^\*?\s*(correspondance|correspondence|auteur correspondant|e-?mail)\b"
)
MAX_BOILERPLATE_LINE = 200


def _is_boilerplate(line: str) -> bool:
    folded = fold(line).strip()
    if not folded:
        return False
    if _NAVIGATION.match(folded) or _FIGURE_LINE.match(folded) or _CORRESPONDENCE.match(folded):
        return True
    return (
        len(folded) <= MAX_BOILERPLATE_LINE
        and bool(_AFFILIATION_START.match(folded))
        and bool(_INSTITUTION.search(folded))
    )


def find_boilerplate(text: str) -> list[tuple[int, int]]:
    """Clean-view `(start, end)` zones of boilerplate lines (blank lines between them merge)."""
    zones: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        start, position = position, position + len(line) + 1
        if not _is_boilerplate(line):
            continue
        first = start + len(line) - len(line.lstrip())
        last = start + len(line.rstrip())
        if zones and not text[zones[-1][1] : first].strip():
            zones[-1] = (zones[-1][0], last)
        else:
            zones.append((first, last))
    return zones


def blank(clean: CleanText, zones: list[tuple[int, int]]) -> CleanText:
    """The same clean view with the zones' characters replaced by spaces (newlines kept)."""
    chars = list(clean.text)
    for start, end in zones:
        for index in range(start, end):
            if chars[index] != "\n":
                chars[index] = " "
    return CleanText(original=clean.original, text="".join(chars), origin=clean.origin)


@factory("segment.boilerplate")
def make_boilerplate():
    """Mark menus, figure lists and affiliations as `boilerplate` sections and hide them."""

    def boilerplate(document: Document) -> None:
        clean = document.clean
        assert clean is not None
        zones = find_boilerplate(clean.text)
        if not zones:
            return
        for start, end in zones:
            original_start, original_end = clean.to_original(start, end)
            title = clean.text[start:end].split("\n", 1)[0].strip()
            document.sections.append(
                Section(label="boilerplate", title=title, start=original_start, end=original_end)
            )
        document.clean = blank(clean, zones)

    return boilerplate
