"""The shared seed documents (skipped when ../shared is absent)."""

import pytest

from oncofr.ingest.sources import IngestOptions, iter_documents
from oncofr.pipeline import default_pipeline


def run(path):
    [raw] = iter_documents([str(path)], IngestOptions())
    return raw.text, default_pipeline().process(raw)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", "case_report"),
        ("001", "case_report"),
        ("002", "case_report"),
        ("003", "case_series"),
        ("004", "review"),
    ],
)
def test_seed_document_types(seed, prefix, expected):
    _, result = run(seed(prefix))
    assert result.meta.type == expected


def test_seed_case_report_sections(seed):
    _, result = run(seed("001"))
    labels = [s.label for s in result.sections]
    assert labels == ["history", "physical_exam", "tests", "diagnosis", "treatment", "evolution"]


def test_seed_scraped_page_loses_menu_figures_and_affiliations(seed):
    text, result = run(seed("004"))
    hidden = "".join(text[s.start : s.end] for s in result.sections if s.label == "boilerplate")
    for furniture in ("MENU", "Figure 4", "Tableaux", "INSERM", "Correspondance", "Villejuif"):
        assert furniture in hidden
    assert "Le foie est le site" not in hidden
    assert all(text[m.start : m.end] == m.text for m in result.mentions)


def test_seed_abstract_broken_lines_do_not_split_sentences(seed):
    from oncofr.document import Document

    path = seed("003")
    text = path.read_text(encoding="utf-8")
    document = Document(id="003", original=text)
    for name, component in default_pipeline().components:
        component(document)
        if name == "segment.sentences":
            break
    sentences = [document.text[a:b] for a, b in document.sentences]
    # Each sentence that ends before a soft break continues on the next line.
    assert not any(s.endswith(("des métastases", "marge de")) for s in sentences)
    assert all(
        text[m.start : m.end] == m.text
        for m in default_pipeline()
        .process(next(iter_documents([str(path)], IngestOptions())))
        .mentions
    )
