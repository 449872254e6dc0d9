"""HTML to main text: page furniture pruned with lxml, then the article text by trafilatura.

trafilatura finds the main content but keeps author bylines and affiliation lists, which belong
to the article element. So elements that are furniture by their tag (navigation, header, footer,
figures, forms) or by their class or id (authors, affiliations, correspondence, menus, cookies,
sharing) are removed first.
"""

from __future__ import annotations

import re

from oncofr.ingest.errors import InputError

FURNITURE_TAGS = (
    "nav",
    "header",
    "footer",
    "aside",
    "figure",
    "form",
    "script",
    "style",
    "noscript",
    "iframe",
    "button",
)
FURNITURE_NAME = re.compile(
    r"auteur|author|affil|correspond|byline|menu|navig|breadcrumb|cookie|banner|share|partage|"
    r"social|sidebar|footer|header|entete|copyright|related|recommend|advert|publicit",
    re.IGNORECASE,
)


def html_to_text(html: str, source: str) -> str:
    """The article text of an HTML page, paragraphs separated by blank lines."""
    import trafilatura

    text = trafilatura.extract(
        _prune(html),
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not text or not text.strip():
        raise InputError(
            source, "has no readable main text in its HTML", "check that the page has a body text"
        )
    return text if "\n\n" in text else text.replace("\n", "\n\n")


def _prune(html: str) -> str:
    """The page without its furniture (unchanged if it cannot be parsed)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    doomed = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (
            element.tag in FURNITURE_TAGS
            or FURNITURE_NAME.search(f"{element.get('class', '')} {element.get('id', '')}")
        )
        and element.tag not in ("html", "body", "main", "article")
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return lxml_html.tostring(root, encoding="unicode")
