"""Procedures: `recognize.procedures`."""

from __future__ import annotations

from oncofr.document import Document
from oncofr.models import Mention
from oncofr.pipeline import Pipeline

PIPELINE = Pipeline.from_config(
    [{"name": name} for name in ("clean.text", "segment.sentences", "recognize.procedures")]
)


def procedures(text: str) -> list[Mention]:
    result = PIPELINE.run(Document(id="t", original=text))
    for mention in result.mentions:
        assert text[mention.start : mention.end] == mention.text
    return [m for m in result.mentions if m.label == "procedure"]


def test_acts_with_id_name_and_type():
    found = procedures("Hépatectomie droite puis chimioembolisation et radiofréquence d'un nodule.")
    assert [(m.text, m.code, m.value, m.attributes["type"]) for m in found] == [
        ("Hépatectomie droite", "hepatectomy", "hépatectomie", "surgery"),
        ("chimioembolisation", "chemoembolization", "chimioembolisation", "intra_arterial"),
        ("radiofréquence", "radiofrequency_ablation", "radiofréquence", "ablation"),
    ]
    assert {m.system for m in found} == {"oncofr-procedure"}


def test_octreoscan_with_krenning_score():
    (scan,) = procedures(
        "Un octréoscan montre une fixation hépatique intense (3/4 sur l'échelle de Krenning)."
    )
    assert scan.code == "somatostatin_receptor_scintigraphy" and scan.attributes["krenning"] == 3
    (scan,) = procedures("Octreoscan : score de Krenning 4 sur les lésions.")
    assert scan.attributes["krenning"] == 4
    (scan,) = procedures("Octréoscan sans fixation anormale.")
    assert "krenning" not in scan.attributes


def test_segmentectomy_segments():
    (act,) = procedures("Segmentectomie des segments hépatiques II/III le mois suivant.")
    assert act.attributes["segments"] == ["II", "III"]
    (act,) = procedures("Bisegmentectomie VI et VII.")
    assert act.attributes["segments"] == ["VI", "VII"]
    (act,) = procedures("Hépatectomie du segment 4b.")
    assert act.attributes["segments"] == ["IVb"]
    (act,) = procedures("Hépatectomie en 2012.")
    assert "segments" not in act.attributes


def test_upper_case_short_forms_only_as_written():
    assert [m.code for m in procedures("Une TEP au FDG a été réalisée.")] == ["pet_ct"]
    assert procedures("Il est tep positif.") == []


def test_prrt_wording_that_names_lutetium_177_is_the_177lu_act():
    found = procedures("Traitement par radionucléides marqués au 177Lutetium, puis PRRT.")
    assert [(m.text, m.code, m.value) for m in found] == [
        ("radionucléides marqués au 177Lutetium", "prrt_177lu",
         "radiothérapie interne vectorisée au 177Lu"),
        ("PRRT", "prrt", "radiothérapie interne vectorisée"),
    ]


def test_vectorised_radiotherapy_given_intra_arterially_is_radioembolisation():
    found = procedures("En 2019, radiothérapie vectorisée par voie intra-artérielle du foie "
                       "droit.")
    assert [m.code for m in found] == ["radioembolization"]
