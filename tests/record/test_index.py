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
