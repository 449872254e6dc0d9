"""The keep filter of a trained model: features, fit, thresholds, and mention removal."""

from __future__ import annotations

from oncofr.document import Document
from oncofr.pipeline import Pipeline
from oncofr.recognize.keep_filter import (
    FREE_SITE,
    Example,
    KeepFilter,
    features,
    fit_keep_filter,
    free_sites,
    lesion_spans,
    rule_candidates,
    rules_thresholds,
    variants,
)


def recognised(text: str) -> Document:
    document = Document(id="d", original=text)
    Pipeline.from_config([{"name": "clean.text"}, {"name": "segment.sentences"},
                          {"name": "recognize.icdo3"}]).run(document)
    return document


def test_features_hold_the_words_context_and_code_of_a_mention() -> None:
    document = recognised("Découverte d'une lésion hépatique de 3 cm.")
    lesion = next(c for c in rule_candidates(document, ["morphology"]))
    found = features(document, lesion, "8000/1")
    assert {"morphology|text=lesion", "morphology|code=8000/1", "morphology|before0=une",
            "morphology|after0=hepatique", "morphology|last+after=lesion|hepatique"} <= set(found)
    assert all(feature.startswith("morphology|") for feature in found)
    assert f"morphology|{FREE_SITE}" not in found


def test_free_sites_are_the_sites_no_mention_covers() -> None:
    document = recognised("Nodule hépatique. La rate et le pancréas sont normaux.")
    assert [(document.text[c.start:c.end], c.code) for c in free_sites(document)] == [
        ("rate", "C42.2"), ("pancréas", "C25.9")]
    spleen = free_sites(document)[0]
    assert f"topography|{FREE_SITE}" in features(document, spleen, spleen.code)


def test_a_site_s_features_say_where_the_nearest_lesions_of_its_sentence_lie() -> None:
    document = recognised("Une masse du pancréas, puis la rate, sans nodule sur l'estomac. "
                          "Le rein est normal.")
    lesions = lesion_spans(document)
    site = {document.text[c.start:c.end]: c for c in free_sites(document)
            + rule_candidates(document, ["topography"])}

    def where(text: str) -> set[str]:
        return {feature for feature in features(document, site[text], None, lesions)
                if "lesion_" in feature or "between=" in feature}

    assert where("pancréas") == {"topography|lesion_before=2", "topography|between=du",
                                 "topography|lesion_after=4-6"}
    assert where("rate") == {"topography|lesion_before=4-6", "topography|lesion_after=2"}
    assert where("estomac") == {"topography|lesion_before=3", "topography|between=sur l",
                                "topography|lesion_after=none"}
    assert where("rein") == {"topography|lesion_before=none", "topography|lesion_after=none"}
    named = recognised("Un nodule et un carcinome rénal à cellules claires.")
    kidney = rule_candidates(named, ["topography"])[0]  # inside the carcinoma's name
    assert {f for f in features(named, kidney, None, lesion_spans(named))
            if "lesion_" in f} == {
        "topography|lesion_before=4-6", "topography|lesion_after=none"}
    assert not any("lesion_" in feature for feature in features(
        document, rule_candidates(document, ["morphology"])[0], None, lesions))


def examples(convention: dict[str, bool], copies: int) -> list[Example]:
    return [Example("morphology", ["morphology|bias", f"morphology|text={text}"], in_gold)
            for text, in_gold in convention.items() for _ in range(copies)]


def test_the_filter_learns_which_mentions_the_gold_holds() -> None:
    keep = fit_keep_filter(examples({"nodule": True, "kyste": False}, 10), {"morphology": 10})
    assert keep is not None
    assert keep.thresholds == {"morphology": round(10 / 30, 4)}
    assert keep.keeps("morphology", ["morphology|bias", "morphology|text=nodule"])
    assert not keep.keeps("morphology", ["morphology|bias", "morphology|text=kyste"])
    assert keep.keeps("topography", ["anything"])  # a label it has no threshold for


def test_nothing_to_learn_gives_no_filter() -> None:
    assert fit_keep_filter(examples({"nodule": True}, 5), {"morphology": 5}) is None
    assert fit_keep_filter([], {}) is None


def test_thresholds_are_half_the_rules_f1() -> None:
    found = [Example("topography", [], True)] * 2 + [Example("topography", [], False)]
    free = [Example("topography", [], False, free=True)] * 5  # not the rules' mentions
    assert rules_thresholds(found + free, {"topography": 4}) == {"topography": round(2 / 7, 4)}


def test_a_filter_round_trips_through_json() -> None:
    keep = KeepFilter({"morphology|bias": -0.5, "morphology|text=kyste": -3.0},
                      {"morphology": 0.4}, free_sites=True,
                      boundary_weights={"morphology|variant=end+2": 1.5})
    assert KeepFilter.from_json(keep.to_json()) == keep
    assert round(keep.probability(["morphology|bias"]), 4) == 0.3775
    assert round(keep.boundary_probability(["morphology|variant=end+2"]), 4) == 0.8176


def test_a_filter_saved_before_boundaries_loads_without_them() -> None:
    keep = KeepFilter.from_json({"weights": {"morphology|bias": 1.0},
                                 "thresholds": {"morphology": 0.4}, "free_sites": False})
    assert keep.boundary_weights == {}


def spans_of(document: Document, found: list) -> list[str]:
    return [document.text[c.start:c.end] for c in found]


def test_variants_move_each_end_within_the_sentence_and_off_other_mentions() -> None:
    document = recognised("Bilan fait. Une métastase à distance du foie. Suite.")
    metastasis = next(c for c in rule_candidates(document, ["morphology"]))
    assert document.text[metastasis.start:metastasis.end] == "métastase"
    found = variants(document, metastasis, [])
    assert spans_of(document, found) == [
        "métastase à", "métastase à distance", "métastase à distance du",
        "Une métastase"]  # the sentence starts before « Une »: no start-2
    assert found[1].change == ("variant=end+2", "took=a", "took=distance")
    assert found[1].mention is metastasis.mention and found[1].code is None
    taken = [(document.text.index("distance"), document.text.index("distance") + 8)]
    assert spans_of(document, variants(document, metastasis, taken)) == [
        "métastase à", "Une métastase"]


def test_a_variant_drops_an_end_word_and_stops_at_punctuation() -> None:
    document = recognised("Récidive locale, foie.")
    recurrence = next(c for c in rule_candidates(document, ["morphology"]))
    assert spans_of(document, variants(document, recurrence, [])) == ["Récidive", "locale"]
    assert [c.change for c in variants(document, recurrence, [])] == [
        ("variant=end-1", "left=locale"), ("variant=start+1", "left=recidive")]


def test_removed_mention_ids_are_never_reused() -> None:
    document = recognised("Nodule hépatique.")
    first = document.mentions[0]
    document.remove_mention(first)
    added = document.add_mention("morphology", 0, 6, code="8000/1")
    assert first.id not in document.clean_spans
    assert added.id not in (first.id, document.mentions[0].id)
    assert len({m.id for m in document.mentions}) == len(document.mentions) == 2


def test_mentions_are_replaced_and_removed_by_id_in_place() -> None:
    document = recognised("Nodule hépatique. Masse rénale.")
    nodule, liver, mass, kidney = document.mentions
    document.replace_mentions({liver.id: liver.model_copy(update={"code": "C22.1"})})
    document.remove_mentions([nodule, mass])
    assert [(m.id, m.text, m.code) for m in document.mentions] == [
        (liver.id, "hépatique", "C22.1"), (kidney.id, "rénale", kidney.code)]
    assert set(document.clean_spans) == {liver.id, kidney.id}
