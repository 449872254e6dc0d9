import io
import json

import pytest
from pdf_maker import make_pdf

from oncofr.ingest.sources import IngestOptions, RawDocument, iter_documents
from oncofr.models import DocumentError

TEXT = "Métastases hépatiques d’une tumeur neuroendocrine de l’iléon, Ki-67 à 15 %."


def ingest(*inputs, stdin=None, **options):
    return list(iter_documents([str(i) for i in inputs], IngestOptions(**options), stdin=stdin))


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.replace("’", "'").encode("utf-8"),
        TEXT.encode("cp1252"),
        TEXT.replace("’", "'").encode("latin-1"),
        TEXT.encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "latin1", "utf16-bom"],
)
def test_encodings_are_detected(tmp_path, encoded):
    path = tmp_path / "note.txt"
    path.write_bytes(encoded)
    [document] = ingest(path)
    assert isinstance(document, RawDocument)
    assert document.text.replace("’", "'") == TEXT.replace("’", "'")
    assert document.id == "note" and not document.carry_text


def test_html_page_loses_menu_figure_affiliations_and_footer(tmp_path):
    page = """<!DOCTYPE html><html><body>
    <nav><ul><li>Accueil</li><li>Sommaire</li></ul></nav>
    <article><h1>Radioembolisation des métastases hépatiques</h1>
    <div class="authors"><p>B. Martin<sup>1</sup></p><ol class="affiliations">
    <li>Service de radiologie, Hôpital Nord, 00000 Ville</li></ol></div>
    <p>La radioembolisation est une option pour les métastases hépatiques non résécables des tumeurs
    neuroendocrines, avec un taux de réponse objective voisin de 50 % dans les séries publiées.</p>
    <figure><img src="f.png"><figcaption>Figure 1. Angiographie.</figcaption></figure>
    <p>La toxicité tardive hépatique doit être surveillée après plusieurs séances.</p>
    </article><footer>© Revue. Ce site utilise des cookies.</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [document] = ingest(path)
    assert document.format == "html" and document.carry_text
    assert "taux de réponse objective" in document.text
    assert "toxicité tardive" in document.text
    for boilerplate in (
        "Accueil",
        "Sommaire",
        "Hôpital Nord",
        "Angiographie",
        "cookies",
        "B. Martin",
    ):
        assert boilerplate not in document.text


def test_pdf_text_layer_is_extracted(tmp_path):
    path = tmp_path / "abstract.pdf"
    path.write_bytes(make_pdf(["Métastases hépatiques", "d'origine mammaire : 6 cas."]))
    [document] = ingest(path)
    assert document.format == "pdf" and document.carry_text
    assert "Métastases hépatiques" in document.text and "6 cas" in document.text


def test_folders_are_read_recursively_with_relative_ids(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("Patient de 54 ans.", encoding="utf-8")
    (tmp_path / "a" / "b" / "two.md").write_text("Patiente de 60 ans.", encoding="utf-8")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG")
    documents = ingest(tmp_path / "a")
    assert [d.id for d in documents] == ["b/two", "one"]


def test_jsonl_lines_become_documents_and_a_bad_line_is_reported_alone(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text(
        json.dumps({"id": "n1", "text": "Première note.", "note_date": "2016-05-01"})
        + "\n"
        + '{"id": "n2", "text": "coupé\n'
        + json.dumps({"id": "n3", "text": ""})
        + "\n"
        + json.dumps({"text": "sans identifiant"})
        + "\n"
        + json.dumps({"id": 4, "text": "Quatrième note."})
        + "\n",
        encoding="utf-8",
    )
    results = ingest(path, note_date="2020-01-01")
    assert [type(r).__name__ for r in results] == [
        "RawDocument",
        "DocumentError",
        "DocumentError",
        "DocumentError",
        "RawDocument",
    ]
    assert results[0].note_date == "2016-05-01" and results[4].note_date == "2020-01-01"
    assert results[4].id == "4"
    assert "notes.jsonl:2" in results[1].error and "not valid JSON" in results[1].error
    assert "empty" in results[2].error
    assert 'no "id"' in results[3].error


def test_stdin_is_read_when_input_is_dash():
    [document] = ingest("-", stdin=io.BytesIO(TEXT.encode("cp1252")))
    assert document.id == "stdin" and document.text == TEXT


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"  \n\t", "is empty"),
        ("binary.txt", b"\x00\x01\x02PNG\x00" * 20, "binary"),
        ("controls.txt", bytes(range(0x80, 0xA0)) * 20, "neither UTF-8"),
        ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf", "PDF"),
        ("scan.pdf", None, "no text layer"),
        ("data.csv", b"a,b\n1,2\n", "unsupported file type"),
    ],
)
def test_bad_inputs_give_one_clear_error_naming_the_input(tmp_path, name, content, message):
    if content is None:
        content = make_pdf([])
    path = tmp_path / name
    path.write_bytes(content)
    [error] = ingest(path)
    assert isinstance(error, DocumentError)
    assert str(path) in error.error and message in error.error
    assert error.hint


def test_enormous_input_is_refused_with_the_limit_named(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"tumeur " * 2000)
    [error] = ingest(path, max_bytes=1000)
    assert isinstance(error, DocumentError) and "limit of 1000 bytes" in error.error
    assert "--max-bytes" in error.hint


def test_missing_path_and_duplicate_ids(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "note.txt").write_text("Un.", encoding="utf-8")
    (tmp_path / "y" / "note.txt").write_text("Deux.", encoding="utf-8")
    results = ingest(
        tmp_path / "x" / "note.txt", tmp_path / "y" / "note.txt", tmp_path / "nope.txt"
    )
    assert [r.id for r in results[:2]] == ["note", "note#2"]
    assert isinstance(results[2], DocumentError) and "no such file" in results[2].error
