"""Date shifting: one shift per document, intervals kept, formats kept, ages untouched."""

from __future__ import annotations

from datetime import date

import pytest
from privacy_measure import load_examples

from oncofr.clean.text import clean_text
from oncofr.document import Document
from oncofr.privacy import pseudonymize
from oncofr.privacy.dates import SHIFT_DAYS, find_dates, shift_date, shift_days, shift_note_date
from oncofr.recognize.temporal import PartialDate, find_expressions


def shifted(text: str, days: int, note_date: str | None = None) -> list[tuple[str, str]]:
    """(date as written, its replacement) for each date found."""
    return [(text[f.start:f.end], f.replacement or "") for f in find_dates(text, days, note_date)]


@pytest.mark.parametrize(("text", "days", "expected"), [
    ("Opéré le 20/10/2014.", 30, [("20/10/2014", "19/11/2014")]),
    ("Opéré le 20.10.14.", -30, [("20.10.14", "20.09.14")]),
    ("Opéré le 2014-10-20.", 30, [("2014-10-20", "2014-11-19")]),
    ("Opéré le 5-3-2014.", 1, [("5-3-2014", "6-3-2014")]),
    ("Diagnostic en 12/2011.", 40, [("12/2011", "01/2012")]),
    ("Revu le 12 mars 2014.", 20, [("12 mars 2014", "1er avril 2014")]),
    ("Revu le 1er juillet 2015.", -1, [("1er juillet 2015", "30 juin 2015")]),
    ("Revu le 3 févr. 2016.", 60, [("3 févr. 2016", "3 avr. 2016")]),
    ("Revu le 3 FÉVRIER 2016.", 60, [("3 FÉVRIER 2016", "3 AVRIL 2016")]),
    ("Revu le mardi 12 mars 2019.", 1, [("mardi 12 mars 2019", "mercredi 13 mars 2019")]),
    ("Rechute en mars 2014.", 200, [("mars 2014", "octobre 2014")]),
    ("Cholécystectomie en 2013.", 200, [("2013", "2014")]),
    ("Cholécystectomie en 2013.", -200, [("2013", "2012")]),
    ("Progression à la mi-2015.", 200, [("2015", "2016")]),
    ("Tamoxifène de 2011 à 2016.", 200, [("2011", "2012"), ("2016", "2017")]),
    ("Tamoxifène entre 2011 et 2016.", 200, [("2011", "2012"), ("2016", "2017")]),
])
def test_dates_are_shifted_in_their_own_format(text, days, expected):
    assert shifted(text, days) == expected


@pytest.mark.parametrize("text", [
    "Patiente de 64 ans, suivie depuis 3 ans, 12 semaines de traitement.",
    "Classification OMS 2019, version 2016 du protocole, 2000 UI, 12/15 ganglions.",
    "Rechute en mars, à J15 du cycle 3, tous les 21 jours, il y a 2 mois.",
    "Logiciel 2.1.3 ; valeurs 31/13/2014 et 45/03/2014.",
])
def test_ages_durations_years_out_of_context_and_non_dates_are_left_alone(text):
    assert shifted(text, 200) == []


def test_a_day_and_month_take_the_year_of_the_previous_date_or_of_the_note_date():
    # 29 February exists in 2016 only: each completion must pick the right year to shift it.
    assert shifted("Bilan le 29 février.", 1, note_date="2016-06-01") == [
        ("29 février", "1er mars")]
    assert shifted("Chirurgie en mars 2015, revu le 29 février.", 1)[1] == (
        "29 février", "1er mars")


def test_the_shift_is_stable_per_seed_within_bounds_and_varies_between_documents():
    low, high = SHIFT_DAYS
    shifts = [shift_days(f"doc{number}") for number in range(200)]
    assert shifts == [shift_days(f"doc{number}") for number in range(200)]
    assert all(low <= abs(days) <= high for days in shifts)
    assert len(set(shifts)) > 100 and min(shifts) < 0 < max(shifts)


def test_every_date_of_a_document_moves_by_the_same_days_so_intervals_are_kept():
    text = "Opéré le 03/02/2014, chimiothérapie du 10/03/2014 au 21/07/2014, rechute le 2/1/2016."
    result = pseudonymize(text, seed="doc-7")
    written = [date(int(y), int(m), int(d)) for d, m, y in
               (text[r.original_start:r.original_end].split("/") for r in result.replacements)]
    moved = [date(int(y), int(m), int(d)) for d, m, y in
             (result.text[r.start:r.end].split("/") for r in result.replacements)]
    assert {(new - old).days for old, new in zip(written, moved, strict=True)} == {
        shift_days("doc-7")}
    assert pseudonymize(text, seed="doc-7").text == result.text


def test_every_written_form_changes_whatever_the_shift():
    for days in (*range(183, 351), *range(-350, -182)):
        assert shift_date(PartialDate(2016), days).year != 2016
        assert shift_date(PartialDate(2016, 2), days).month != 2
        moved = shift_date(PartialDate(2016, 2, 29), days)
        assert (moved.month, moved.day) != (2, 29)


def test_the_note_date_is_shifted_like_the_text_dates():
    assert shift_note_date("2016-05-01", 30) == "2016-05-31"
    assert shift_note_date("2016-05", 30) == "2016-06"
    assert shift_note_date("2016", 200) == "2017"
    assert shift_note_date("pas une date", 30) is None
    result = pseudonymize("Vu le 01/05/2016.", note_date="2016-05-01", seed="d")
    assert result.note_date == shift_note_date("2016-05-01", shift_days("d"))


def test_every_date_recognize_dates_finds_to_the_month_in_the_examples_is_shifted():
    """`recognize.dates` as a second opinion; its bare years out of context (« 2000 patients »)
    are left alone on purpose."""
    for example in load_examples():
        document = Document(id=example.id, original=example.text,
                            clean=clean_text(example.text))
        result = pseudonymize(example.text, example.note_date, seed="s")
        shifted_spans = [(r.original_start, r.original_end) for r in result.replacements
                         if r.kind == "date"]
        for expression in find_expressions(document):
            if expression.kind == "absolute" and expression.date.month is not None:
                start, end = document.clean.to_original(expression.start, expression.end)
                assert any(a <= start and end <= b for a, b in shifted_spans), example.id
