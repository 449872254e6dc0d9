"""The shared longest-match lexicon: word boundaries, plurals, elision, accents, offsets."""

from __future__ import annotations

import time

from oncofr.clean.text import fold
from oncofr.recognize.lexicon import Lexicon, word_key, words

LEXICON = Lexicon.from_terms([
    ("iléon", "ileon"),
    ("côlon", "colon"),
    ("côlon droit", "right colon"),
    ("ganglion sus-claviculaire", "node"),
    ("médiastinal", "mediastinal"),
    ("origine", "origin"),
    ("os", "bone"),
])


def find(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], payload) for start, end, payload in LEXICON.find(fold(text))]


def test_offsets_are_those_of_the_text_with_accents_and_case() -> None:
    text = "Tumeur de l'ILÉON terminal."
    [(start, end, payload)] = LEXICON.find(fold(text))
    assert (text[start:end], payload) == ("ILÉON", "ileon")


def test_longest_match_wins_and_matches_do_not_overlap() -> None:
    assert find("Adénocarcinome du côlon droit et du côlon.") == [
        ("côlon droit", "right colon"), ("côlon", "colon")]


def test_elided_article_is_its_own_word() -> None:
    assert find("métastase d'origine inconnue, à l'iléon") == [
        ("origine", "origin"), ("iléon", "ileon")]


def test_plural_forms_match_the_singular_term() -> None:
    assert find("ganglions médiastinaux, deux côlons") == [
        ("médiastinaux", "mediastinal"), ("côlons", "colon")]


def test_gender_is_not_guessed() -> None:
    assert find("adénopathies médiastinales") == []


def test_hyphen_and_space_separate_words_alike() -> None:
    assert find("ganglions sus claviculaires") == [("ganglions sus claviculaires", "node")]
    assert find("ganglion sus-claviculaire") == [("ganglion sus-claviculaire", "node")]


def test_whole_words_only() -> None:
    assert find("osseuse, cosmos, colonne") == []
    assert find("os.") == [("os", "bone")]


def test_words_separated_by_punctuation_do_not_form_a_term() -> None:
    assert find("côlon. Droit") == [("côlon", "colon")]


def test_a_term_inside_a_longer_match_is_found_by_find_all_only() -> None:
    lexicon = Lexicon.from_terms([("lobe du foie", "lobe"), ("foie", "liver")])
    folded = fold("Lobe du foie, foie et foies.")
    assert [payload for _, _, payload in lexicon.find(folded)] == ["lobe", "liver", "liver"]
    assert [(start, payload) for start, _, payload in lexicon.find_all(folded)] == [
        (0, "lobe"), (8, "liver"), (14, "liver"), (22, "liver")]


def test_first_payload_wins_and_get_looks_up_one_term() -> None:
    lexicon = Lexicon.from_terms([("foie", 1), ("Foie", 2), ("lobe du foie", 3)])
    assert len(lexicon) == 2
    assert lexicon.get("FOIES") == 1
    assert lexicon.get("lobe du foie") == 3
    assert lexicon.get("lobe") is None


def test_word_keys() -> None:
    assert word_key("lesions") == "lesion"
    assert word_key("mediastinaux") == "mediastinal"
    assert word_key("os") == "os"
    assert [key for _, _, key in words("l'ileon")] == ["l", "ileon"]


def test_one_megabyte_is_searched_quickly() -> None:
    terms = [(f"terme{n} numero{n % 7}", n) for n in range(5000)] + [("foie", -1)]
    lexicon = Lexicon.from_terms(terms)
    text = fold("Lésions du foie et terme42 numero0, le reste est du texte. " * 17000)
    started = time.perf_counter()
    found = lexicon.find(text)
    assert time.perf_counter() - started < 5
    assert len(found) == 34000
