"""Dates and durations: `recognize.dates` (written dates, amounts of time, resolution)."""

from __future__ import annotations

import pytest

from oncofr.ingest.sources import RawDocument
from oncofr.models import DocumentResult, Mention
from oncofr.pipeline import Pipeline
from oncofr.recognize.time_quantities import find_quantities, iso_duration, parse_number

PIPELINE = Pipeline.from_config(
    [{"name": name} for name in ("clean.text", "segment.sections", "segment.sentences",
                                 "recognize.dates", "recognize.age", "recognize.sex")]
)


def run(text: str, note_date: str | None = None) -> DocumentResult:
    result = PIPELINE.process(RawDocument(id="t", text=text, note_date=note_date))
    for mention in result.mentions:
        assert text[mention.start:mention.end] == mention.text
    return result


def temporal(text: str, note_date: str | None = None) -> list[Mention]:
    return [m for m in run(text, note_date).mentions if m.label in ("date", "duration")]


def only(text: str, note_date: str | None = None) -> Mention:
    [mention] = temporal(text, note_date)
    return mention


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Opéré le 20.10.2014 sans complication.", "20.10.2014", "2014-10-20"),
    ("Revu en consultation le 22/01/16.", "22/01/16", "2016-01-22"),
    ("Diagnostic porté en 12/2011.", "12/2011", "2011-12"),
    ("Rechute en mars 2014 au niveau hépatique.", "mars 2014", "2014-03"),
    ("Cholécystectomie en 2013.", "2013", "2013"),
    ("Hospitalisé le 1er juillet 2015.", "1er juillet 2015", "2015-07-01"),
])
def test_absolute_dates_are_tight_and_as_precise_as_written(text, span, value):
    mention = only(text)
    assert (mention.label, mention.text, mention.value) == ("date", span, value)
    assert mention.attributes == {}


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Revu le 12/03/2031 en consultation.", "12/03/2031", "2031-03-12"),
    ("Rechute en mars 2030 au niveau hépatique.", "mars 2030", "2030-03"),
    ("Opéré le 20.10.2034 sans complication.", "20.10.2034", "2034-10-20"),
    ("Diagnostic porté en 12/2031.", "12/2031", "2031-12"),
    ("Contrôle prévu en 2099.", "2099", "2099"),
    ("Opéré le 3 juin 2045.", "3 juin 2045", "2045-06-03"),
])
def test_years_up_to_2099_are_read_whatever_the_current_year(text, span, value):
    # EDS-NLP's eds.dates stopped at the year after the current one: « mars 2030 » was « mars »
    mention = only(text, "2024-05-01")
    assert (mention.label, mention.text, mention.value) == ("date", span, value)
    assert mention.attributes == {}


def test_a_four_digit_number_after_2099_is_no_year():
    assert temporal("Contrôle prévu en 2100.") == []


@pytest.mark.parametrize(("text", "span", "value", "part"), [
    ("Progression à la mi-2015.", "mi-2015", "2015", "mid"),
    ("Reprise évolutive début 2016.", "début 2016", "2016", "early"),
    ("Décès fin 2019.", "fin 2019", "2019", "late"),
    ("Chirurgie fin mars 2014.", "fin mars 2014", "2014-03", "late"),
    ("Bilan réalisé courant 2012.", "courant 2012", "2012", "during"),
])
def test_a_period_part_widens_the_date_and_is_kept_apart(text, span, value, part):
    mention = only(text)
    assert (mention.text, mention.value, mention.attributes) == (span, value, {"part": part})


def test_a_date_without_year_takes_the_last_such_day_before_the_note_date():
    assert only("Scanner le 27 février.", "2016-05-01").value == "2016-02-27"
    december = only("Scanner le 27 décembre.", "2016-05-01")
    assert december.value == "2015-12-27"
    assert december.attributes == {"resolved_from": "note_date"}


def test_a_date_without_year_follows_the_previous_date_and_names_it():
    surgery, scan = temporal("Chirurgie en novembre 2014. Scanner de contrôle le 27 février.")
    assert scan.value == "2015-02-27"
    assert scan.attributes == {"resolved_from": surgery.id}


def test_anchor_ids_are_the_final_ids_after_renumbering():
    result = run("Homme de 55 ans opéré en novembre 2014. Scanner le 27 février.")
    by_text = {m.text: m for m in result.mentions}
    assert by_text["27 février"].attributes["resolved_from"] == by_text["novembre 2014"].id
    assert by_text["novembre 2014"].id != "m1"  # ages and sex came before it in the text


@pytest.mark.parametrize(("text", "span", "value", "offset"), [
    ("Diagnostic en 2013. 3 ans plus tard, récidive.", "3 ans plus tard", "2016", "P3Y"),
    ("Chimiothérapie le 3 mars 2015. 14 jours après, fièvre.",
     "14 jours après", "2015-03-17", "P14D"),
    ("Résection en mai 2012. Deux mois après la patiente a repris le travail.",
     "Deux mois après", "2012-07", "P2M"),
    ("Chimiothérapie débutée en mars 2014. Au cours du deuxième mois, neutropénie.",
     "deuxième mois", "2014-04", "P1M"),
    ("Chirurgie en juin 2010, récidive hépatique 2 mois auparavant.", "2 mois auparavant",
     "2010-04", "-P2M"),
])
def test_relative_dates_count_from_the_previous_date(text, span, value, offset):
    anchor, relative = temporal(text)
    assert (relative.label, relative.text, relative.value) == ("date", span, value)
    assert relative.attributes == {"relative": True, "offset": offset, "resolved_from": anchor.id}


@pytest.mark.parametrize(("text", "span", "value", "relation"), [
    ("Chimiothérapie le 3 mars 2015. 14 jours après le traitement, fièvre.",
     "14 jours", "P14D", "after"),
    ("Reprise de l'alimentation 6 heures après l'opération.", "6 heures", "PT6H", "after"),
    ("Apparition d'une toux trois semaines avant son hospitalisation.", "trois semaines",
     "P3W", "before"),
    ("Frissons 10 minutes après avoir débuté la perfusion.", "10 minutes", "PT10M", "after"),
])
def test_an_amount_before_a_named_event_is_a_duration_between_events(text, span, value,
                                                                     relation):
    """The event after « après » / « avant » need not be the previous date's: no date is
    counted from it; the amount is a duration, as TimeML spans it."""
    mentions = [m for m in temporal(text) if m.label == "duration"]
    assert [(m.text, m.value, m.attributes) for m in mentions] == [
        (span, value, {"relation": relation})]


def test_il_y_a_counts_back_from_the_note_date_and_keeps_the_amount_as_span():
    mention = only("Il y a 3 ans, il a eu une colectomie.", "2016-05-01")
    assert (mention.label, mention.text, mention.value) == ("date", "3 ans", "2013")
    assert mention.attributes == {"relative": True, "offset": "-P3Y", "resolved_from": "note_date"}


def test_a_relative_date_without_its_reference_has_no_value():
    mention = only("Trois ans plus tard, récidive locale.", "2016-05-01")
    assert mention.value is None and mention.attributes == {"relative": True, "offset": "P3Y"}


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Radiothérapie pendant six semaines.", "six semaines", "P6W"),
    ("Douleurs abdominales depuis 4 mois.", "4 mois", "P4M"),
    ("Octréotide durant 2 ans.", "2 ans", "P2Y"),
    ("Fièvre depuis quinze jours.", "quinze jours", "P15D"),
    ("Évolution sur 1 an et demi.", "1 an et demi", "P1Y6M"),
    ("Échographie à 12 semaines + 2 jours.", "12 semaines + 2 jours", "P12W2D"),
    ("Perfusion pendant 2 heures.", "2 heures", "PT2H"),
    ("Après 3 semaines de traitement, rémission.", "3 semaines", "P3W"),
])
def test_durations_are_iso_8601_without_their_preposition(text, span, value):
    mention = only(text)
    assert (mention.label, mention.text, mention.value) == ("duration", span, value)


@pytest.mark.parametrize("text", [
    "Lanréotide 120 mg tous les 28 jours.",
    "Revu à 14h30 aux urgences.",
    "Un homme de 55 ans est admis.",
    "Son père est décédé à 72 ans.",
    "Vitamine D 2000 UI par jour.",
    "12/15 ganglions envahis, score 3/10.",
    "Tumeur neuroendocrine de grade 2 (OMS 2019).",
])
def test_frequencies_clock_times_ages_and_numbers_are_not_temporal(text):
    assert temporal(text) == []


def test_a_short_numeric_date_needs_an_article():
    assert only("Revu le 3/10 en consultation.", "2016-12-01").value == "2016-10-03"


def test_treatment_days_are_dates_left_unresolved():
    mention = only("Neutropénie fébrile à J8 du cycle.", "2016-05-01")
    assert (mention.text, mention.value) == ("J8", None)
    assert mention.attributes == {"relative": True, "offset": "P8D"}


def test_offsets_stay_exact_when_the_clean_view_differs_from_the_original():
    text = "Dernière cure le\u00a012\u00a0mars\u00a02015 ; ﬁèvre depuis 3\u00a0jours."
    date, duration = temporal(text)
    assert (date.text, date.value) == ("12\u00a0mars\u00a02015", "2015-03-12")
    assert (duration.text, duration.value) == ("3\u00a0jours", "P3D")


@pytest.mark.parametrize(("words", "number"), [
    ("3", 3.0), ("1,5", 1.5), ("vingt-quatre", 24.0), ("vingt et un", 21.0), ("dix-sept", 17.0),
])
def test_french_numbers(words, number):
    assert parse_number(words) == number


def test_quantities_in_other_units():
    [quantity] = find_quantities("un trimestre")
    assert (quantity.unit, quantity.amount) == ("month", 3.0)
    assert iso_duration({"year": 1.5}) == "P1Y6M" and iso_duration({"week": 1.5}) == "P1W3DT12H"


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Scanner le 2014-10-20 normal.", "2014-10-20", "2014-10-20"),
    ("Première cure en novembre 15, bien tolérée.", "novembre 15", "2015-11"),
    ("Opérée le 20/mars/2014.", "20/mars/2014", "2014-03-20"),
    ("Revue le 3 févr. 2016 en consultation.", "3 févr. 2016", "2016-02-03"),
])
def test_dates_in_other_written_forms(text, span, value):
    mention = only(text)
    assert (mention.label, mention.text, mention.value) == ("date", span, value)


@pytest.mark.parametrize(("text", "values"), [
    # the previous date (2014) would give « mai » 2015: the range's end names its year
    ("Opéré en octobre 2014. Lanréotide de mai à novembre 2016.",
     ["2014-10", "2016-05", "2016-11"]),
    ("Interféron entre novembre et décembre 2015.", ["2015-11", "2015-12"]),
    ("Traitement de décembre à février 2017.", ["2016-12", "2017-02"]),
    # not a range: « mai » follows the previous date
    ("Opéré en octobre 2014. Scanner en mai, puis bilan en juin 2016.",
     ["2014-10", "2015-05", "2016-06"]),
])
def test_the_start_of_a_range_takes_the_year_of_its_end(text, values):
    assert [m.value for m in temporal(text)] == values


def test_both_years_of_a_range_are_dates():
    assert [m.value for m in temporal("Lanréotide de 2013-2014.")] == ["2013", "2014"]


@pytest.mark.parametrize(("text", "span", "value", "offset"), [
    ("Il est revu ce jour en consultation.", "ce jour", "2016-05-01", "P0D"),
    ("Pas de récidive à ce jour.", "à ce jour", "2016-05-01", "P0D"),
    ("À l'heure actuelle, maladie stable.", "À l'heure actuelle", "2016-05-01", "P0D"),
    ("Fièvre apparue hier soir.", "hier", "2016-04-30", "-P1D"),
    ("Scanner réalisé la semaine dernière.", "la semaine dernière", "2016-04-24", "-P1W"),
    ("Chirurgie l'an dernier.", "l'an dernier", "2015", "-P1Y"),
    ("Bilan prévu le mois prochain.", "le mois prochain", "2016-06", "P1M"),
    ("Bilan d'extension cette année.", "cette année", "2016", "P0D"),
])
def test_worded_dates_count_from_the_note_date(text, span, value, offset):
    mention = only(text, "2016-05-01")
    assert (mention.text, mention.value) == (span, value)
    assert mention.attributes == {"relative": True, "offset": offset, "resolved_from": "note_date"}


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Colectomie le 12 mars 2015. Le lendemain, fièvre.", "Le lendemain", "2015-03-13"),
    ("Colectomie le 12 mars 2015, précédée la veille d'un scanner.", "la veille", "2015-03-11"),
    ("Chirurgie en juin 2010. L'année suivante, récidive.", "L'année suivante", "2011"),
])
def test_worded_dates_count_from_the_previous_date(text, span, value):
    anchor, relative = temporal(text)
    assert (relative.text, relative.value) == (span, value)
    assert relative.attributes["resolved_from"] == anchor.id


@pytest.mark.parametrize("text", [
    "Réévaluation à l'heure prévue.",
    "Nodule de 3.5 cm et score 12/15.",
    "Hiérarchie des examens et oct. non renseigné.",
])
def test_words_and_numbers_that_are_not_dates(text):
    assert temporal(text) == []


def test_a_two_digit_year_after_a_month_ends_its_clause():
    assert [m.text for m in temporal("Inclusion le 3 mai 15 patients.")] == ["3 mai"]
