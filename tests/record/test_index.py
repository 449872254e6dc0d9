"""The mention index the record stages share."""

from __future__ import annotations

from builder import document_with

from oncofr.relate.index import mention_index

TEXT = "Carcinome du sein. Tamoxifène en 2019."


def test_the_index_is_shared_until_mentions_or_their_spans_change() -> None:
    document = document_with(TEXT, [("morphology", "Carcinome", {}), ("drug", "Tamoxifène", {})])
    first = mention_index(document)
    assert mention_index(document) is first
    date = document.add_mention("date", 33, 37, value="2019")
    second = mention_index(document)
    assert second is not first and second.sentence[date.id] == 1
    assert mention_index(document) is second
    drug = document.mentions[1]
    document.clean_spans[drug.id] = (0, 9)  # a stage moved it into the first sentence
    assert mention_index(document).sentence[drug.id] == 0


def test_another_document_gets_its_own_index() -> None:
    one = document_with(TEXT, [("drug", "Tamoxifène", {})])
    other = document_with(TEXT, [("drug", "Tamoxifène", {})])
    assert mention_index(one) is not mention_index(other)
    assert mention_index(other).document is other


def _dates(text: str, mentions: list[tuple[str, str, dict]]) -> dict[str, list[str]]:
    """Each event's dates, keyed by its text."""
    document = document_with(text, mentions)
    index = mention_index(document)
    return {
        m.text: [d.value for d in index.dates_of(m)]
        for m in document.mentions
        if m.label != "date"
    }


def test_each_act_of_a_sentence_takes_the_dates_of_its_own_clause() -> None:
    text = "Lanréotide dès le 20.10.2014, puis PRRT en 12/2015; scanner le 3 mars 2016."
    assert _dates(
        text,
        [
            ("drug", "Lanréotide", {}),
            ("date", "20.10.2014", {"value": "2014-10-20"}),
            ("procedure", "PRRT", {}),
            ("date", "12/2015", {"value": "2015-12"}),
            ("procedure", "scanner", {}),
            ("date", "3 mars 2016", {"value": "2016-03-03"}),
        ],
    ) == {"Lanréotide": ["2014-10-20"], "PRRT": ["2015-12"], "scanner": ["2016-03-03"]}


def test_acts_named_together_share_dates_and_leading_dates_go_to_the_act_after() -> None:
    text = "En mars 2014, octréotide et évérolimus de 2015 à 2016, lanréotide en 2017."
    assert _dates(
        text,
        [
            ("date", "mars 2014", {"value": "2014-03"}),
            ("drug", "octréotide", {}),
            ("drug", "évérolimus", {}),
            ("date", "2015", {"value": "2015"}),
            ("date", "2016", {"value": "2016"}),
            ("drug", "lanréotide", {}),
            ("date", "2017", {"value": "2017"}),
        ],
    ) == {
        "octréotide": ["2014-03", "2015", "2016"],
        "évérolimus": ["2014-03", "2015", "2016"],
        "lanréotide": ["2017"],
    }


def test_a_date_of_another_clause_or_a_negated_date_is_not_the_acts() -> None:
    text = "Hépatectomie droite ; suivie d'une chimiothérapie le 12/03/2015, pas le 12/04/2015."
    found = _dates(
        text,
        [
            ("procedure", "Hépatectomie droite", {}),
            ("procedure", "chimiothérapie", {}),
            ("date", "12/03/2015", {"value": "2015-03-12"}),
            ("date", "12/04/2015", {"value": "2015-04-12", "negated": True}),
        ],
    )
    assert found == {"Hépatectomie droite": [], "chimiothérapie": ["2015-03-12"]}


def test_acts_in_a_parenthesis_after_a_date_share_it_and_a_birth_date_dates_nothing() -> None:
    text = (
        "Patient né en 1956, opéré en 2012 (résection iléale et curage), avec des métastases "
        "hépatiques en juin 2016."
    )
    assert _dates(
        text,
        [
            ("date", "1956", {"value": "1956"}),
            ("procedure", "opéré", {}),
            ("date", "2012", {"value": "2012"}),
            ("procedure", "résection iléale", {}),
            ("procedure", "curage", {}),
            ("morphology", "métastases", {}),
            ("date", "juin 2016", {"value": "2016-06"}),
        ],
    ) == {
        "opéré": ["2012"],
        "résection iléale": ["2012"],
        "curage": ["2012"],
        "métastases": ["2016-06"],
    }


def test_acts_after_par_following_a_date_share_it_until_a_new_phrase() -> None:
    text = (
        "Carcinome du sein traité en 2015 par tumorectomie, radiothérapie et tamoxifène, "
        "avec des métastases hépatiques en 2020."
    )
    assert _dates(
        text,
        [
            ("morphology", "Carcinome", {}),
            ("date", "2015", {"value": "2015"}),
            ("procedure", "tumorectomie", {}),
            ("procedure", "radiothérapie", {}),
            ("drug", "tamoxifène", {}),
            ("morphology", "métastases", {}),
            ("date", "2020", {"value": "2020"}),
        ],
    ) == {
        "Carcinome": ["2015"],
        "tumorectomie": ["2015"],
        "radiothérapie": ["2015"],
        "tamoxifène": ["2015"],
        "métastases": ["2020"],
    }


def test_the_date_of_an_examination_compared_with_dates_nothing() -> None:
    text = "Par rapport à l'examen du 12.10.2022, progression hépatique de 25 %."
    assert _dates(
        text,
        [("date", "12.10.2022", {"value": "2022-10-12"}), ("response", "progression", {})],
    ) == {"progression": []}
