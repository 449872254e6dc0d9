from builder import document_with

from oncofr.record.treatments import paired_procedures
from oncofr.registry import create
from oncofr.resources import load_table


def run(document, *names):
    for name in names:
        create(name)(document)
    return document.record


def drug(dci, atc, drug_class, **attributes):
    return {
        "code": atc,
        "system": "atc",
        "value": dci,
        "attributes": {"class": drug_class, **attributes},
    }


def test_drugs_with_linked_doses_responses_dates_lines_and_stop_reason():
    text = (
        "Octréotide LAR 30 mg de décembre 2014 à septembre 2015, maladie stable. "
        "Puis relais par évérolimus 10 mg/jour, interrompu en novembre 2015 pour progression. "
        "Amlodipine 5 mg pour l'hypertension."
    )
    document = document_with(
        text,
        [
            ("drug", "Octréotide", drug("octréotide", "H01CB02", "somatostatin_analogue")),
            ("dose", "30 mg", {"value": {"value": 30, "unit": "mg"}, "attributes": {"drug": "m1"}}),
            ("date", "décembre 2014", {"value": "2014-12"}),
            ("date", "septembre 2015", {"value": "2015-09"}),
            ("response", "maladie stable", {"code": "SD", "system": "recist"}),
            ("drug", "évérolimus", drug("évérolimus", "L01EG02", "mtor_inhibitor")),
            (
                "dose",
                "10 mg/jour",
                {"value": {"value": 10, "unit": "mg"}, "attributes": {"drug": "m6"}},
            ),
            ("date", "novembre 2015", {"value": "2015-11"}),
            ("response", "progression", {"code": "PD", "system": "recist"}),
            ("drug", "Amlodipine", drug("amlodipine", "C08CA01", "cardiovascular")),
        ],
    )
    treatments = run(document, "record.treatments").treatments
    assert [t.name for t in treatments] == [
        "octréotide",
        "évérolimus",
    ]  # amlodipine is no cancer drug
    octreotide, everolimus = treatments
    assert (
        octreotide.dose.value == 30
        and octreotide.start == "2014-12"
        and octreotide.end == "2015-09"
    )
    assert octreotide.best_response == "SD" and octreotide.line == 1
    assert everolimus.dose.value == 10 and everolimus.best_response == "PD"
    assert everolimus.stop_reason == "progression" and everolimus.line == 2


def test_negated_or_hypothetical_treatments_are_not_given():
    text = "Une chimioembolisation est envisagée. Pas de sunitinib. Hépatectomie droite réalisée."
    document = document_with(
        text,
        [
            (
                "procedure",
                "chimioembolisation",
                {
                    "value": "chimioembolisation",
                    "hypothetical": True,
                    "attributes": {"type": "intra_arterial"},
                },
            ),
            ("drug", "sunitinib", {**drug("sunitinib", "L01EX01", "tki"), "negated": True}),
            (
                "procedure",
                "Hépatectomie droite",
                {"value": "hépatectomie", "attributes": {"type": "surgery"}},
            ),
        ],
    )
    assert [(t.type, t.name) for t in run(document, "record.treatments").treatments] == [
        ("surgery", "hépatectomie droite")
    ]


def test_best_response_is_the_best_one_stated_and_explicit_lines_win():
    text = "Lanréotide en 2e ligne. Progression. Puis réponse partielle sous lanréotide."
    document = document_with(
        text,
        [
            ("drug", "Lanréotide", drug("lanréotide", "H01CB03", "somatostatin_analogue", line=2)),
            ("response", "Progression", {"code": "PD"}),
            ("response", "réponse partielle", {"code": "PR"}),
            ("drug", "lanréotide", drug("lanréotide", "H01CB03", "somatostatin_analogue")),
        ],
    )
    [lanreotide] = run(document, "record.treatments").treatments
    assert lanreotide.best_response == "PR" and lanreotide.line == 2


def test_a_response_does_not_judge_a_drug_named_far_after_it():
    text = ("Lanréotide en 2e ligne. Maladie stable à six mois, puis au cours du troisième mois "
            "la dose d'évérolimus a été réduite.")
    document = document_with(
        text,
        [
            ("drug", "Lanréotide", drug("lanréotide", "H01CB03", "somatostatin_analogue")),
            ("response", "Maladie stable", {"code": "SD"}),
            ("drug", "évérolimus", drug("évérolimus", "L01EG02", "mtor_inhibitor")),
        ],
    )
    responses = {t.name: t.best_response for t in run(document, "record.treatments").treatments}
    assert responses == {"lanréotide": "SD", "évérolimus": None}


def test_adverse_event_attributed_to_the_drug_before_it():
    text = "Évérolimus 10 mg par jour. Mucite de grade 2 puis cystite hémorragique."
    document = document_with(
        text,
        [
            ("drug", "Évérolimus", drug("évérolimus", "L01EG02", "mtor_inhibitor")),
            ("adverse_event", "Mucite", {"value": "mucite", "attributes": {"grade": "2"}}),
            ("adverse_event", "cystite hémorragique", {"value": "cystite hémorragique"}),
        ],
    )
    events = run(document, "record.adverse_events").adverse_events
    assert [(e.term, e.grade, e.attributed_to) for e in events] == [
        ("mucite", "2", "évérolimus"),
        ("cystite hémorragique", None, "évérolimus"),
    ]


def test_outcome_and_timeline_order():
    text = (
        "En 2019, résection iléale. Évérolimus débuté en mars 2020. Scanner : progression. "
        "Décès en janvier 2021."
    )
    document = document_with(
        text,
        [
            ("date", "2019", {"value": "2019"}),
            (
                "procedure",
                "résection iléale",
                {"value": "résection iléale", "attributes": {"type": "surgery"}},
            ),
            ("drug", "Évérolimus", drug("évérolimus", "L01EG02", "mtor_inhibitor")),
            ("date", "mars 2020", {"value": "2020-03"}),
            ("response", "progression", {"code": "PD"}),
            ("outcome", "Décès", {"value": "dead"}),
            ("date", "janvier 2021", {"value": "2021-01"}),
        ],
        type="case_report",
    )
    record = run(
        document, "record.tumours", "record.treatments", "record.outcome", "record.timeline"
    )
    assert record.outcome.vital_status == "dead" and record.outcome.last_follow_up == "2021-01"
    assert [(e.kind, e.date) for e in record.events] == [
        ("surgery", "2019"),
        ("treatment_start", "2020-03"),
        ("progression", None),
        ("death", "2021-01"),
    ]


def test_output_links_point_at_the_renumbered_mentions():
    import oncofr

    result = oncofr.extract(
        "Patient traité par évérolimus 10 mg par jour et sunitinib 37,5 mg par jour."
    )
    by_id = {m.id: m for m in result.mentions}
    doses = [m for m in result.mentions if m.label == "dose"]
    assert [by_id[d.attributes["drug"]].value for d in doses] == ["évérolimus", "sunitinib"]


def test_a_response_judges_every_drug_given_together():
    text = "Chimiothérapie par FOLFOX puis lanréotide. Réponse partielle au scanner."
    folfox = [
        ("drug", "FOLFOX", drug(dci, atc, "chemotherapy", regimen="FOLFOX"))
        for dci, atc in (
            ("5-fluorouracile", "L01BC02"),
            ("acide folinique", "V03AF03"),
            ("oxaliplatine", "L01XA03"),
        )
    ]
    document = document_with(
        text,
        [
            *folfox[:1],
            ("drug", "lanréotide", drug("lanréotide", "H01CB03", "somatostatin_analogue")),
            ("response", "Réponse partielle", {"code": "PR"}),
        ],
    )
    for label, _, fields in folfox[1:]:
        start = text.index("FOLFOX")
        document.add_mention(label, start, start + len("FOLFOX"), **fields)
    treatments = run(document, "record.treatments").treatments
    assert {t.name: t.best_response for t in treatments} == {
        "5-fluorouracile": "PR",
        "acide folinique": "PR",
        "oxaliplatine": "PR",
        "lanréotide": "PR",
    }


def test_surgery_names_keep_their_qualifiers_and_generic_surgery_gives_way():
    text = "Intervention chirurgicale : hépatectomie droite élargie puis métastasectomie hépatique."
    document = document_with(
        text,
        [
            (
                "procedure",
                "Intervention chirurgicale",
                {"code": "surgery", "value": "chirurgie", "attributes": {"type": "surgery"}},
            ),
            (
                "procedure",
                "hépatectomie",
                {"code": "hepatectomy", "value": "hépatectomie", "attributes": {"type": "surgery"}},
            ),
            (
                "procedure",
                "métastasectomie",
                {
                    "code": "metastasectomy",
                    "value": "métastasectomie",
                    "attributes": {"type": "surgery"},
                },
            ),
        ],
    )
    names = [t.name for t in run(document, "record.treatments").treatments]
    assert names == ["hépatectomie droite élargie", "métastasectomie hépatique"]


def test_regimen_drugs_of_any_class_are_treatments():
    text = "Six cures de FOLFOX."
    document = document_with(
        text,
        [
            ("drug", "FOLFOX", drug("acide folinique", "V03AF03", "supportive", regimen="FOLFOX")),
        ],
    )
    assert [t.name for t in run(document, "record.treatments").treatments] == ["acide folinique"]


def test_the_side_of_a_paired_organ_is_not_part_of_the_surgery_name():
    text = "Mastectomie radicale gauche modifiée, puis hépatectomie gauche."
    document = document_with(
        text,
        [
            ("procedure", "Mastectomie radicale", {
                "code": "mastectomy", "value": "mastectomie", "attributes": {"type": "surgery"}}),
            ("procedure", "hépatectomie", {
                "code": "hepatectomy", "value": "hépatectomie", "attributes": {"type": "surgery"}}),
        ],
    )
    names = [t.name for t in run(document, "record.treatments").treatments]
    assert names == ["mastectomie radicale modifiée", "hépatectomie gauche"]


def test_paired_procedures_are_procedure_ids():
    procedure_ids = {row["id"] for row in load_table("procedures").rows}
    assert paired_procedures() <= procedure_ids


def test_a_prrt_and_its_radiopharmaceutical_are_one_treatment_named_with_the_isotope():
    text = (
        "Lanréotide dès le 20.10.2014, puis PRRT au 177Lu-DOTATATE (4 cycles de 7,4 GBq) "
        "en 12/2015. Réponse partielle après la PRRT."
    )
    prrt = {"code": "prrt", "value": "radiothérapie interne vectorisée",
            "attributes": {"type": "radionuclide"}}
    document = document_with(
        text,
        [
            ("drug", "Lanréotide", drug("lanréotide", "H01CB03", "somatostatin_analogue")),
            ("date", "20.10.2014", {"value": "2014-10-20"}),
            ("procedure", "PRRT", prrt),
            ("drug", "177Lu-DOTATATE", drug("lutécium (177Lu) oxodotréotide", "V10XX04", "prrt")),
            ("dose", "7,4 GBq", {"value": {"value": 7.4, "unit": "GBq"},
                                 "attributes": {"drug": "m4"}}),
            ("date", "12/2015", {"value": "2015-12"}),
            ("response", "Réponse partielle", {"code": "PR", "system": "recist"}),
            ("procedure", "PRRT", prrt),
        ],
    )
    lanreotide, radionuclide = run(document, "record.treatments").treatments
    assert (lanreotide.name, lanreotide.start) == ("lanréotide", "2014-10-20")
    assert radionuclide.name == "radiothérapie interne vectorisée au 177Lu"
    assert (radionuclide.type, radionuclide.atc) == ("radionuclide", "V10XX04")
    assert (radionuclide.dose.value, radionuclide.dose.unit) == (7.4, "GBq")
    assert (radionuclide.start, radionuclide.best_response) == ("2015-12", "PR")
    assert {"m3", "m4", "m8"} <= set(radionuclide.mentions)


def test_a_radiopharmaceutical_named_alone_keeps_its_dci():
    text = "Quatre cures de Lutathera."
    document = document_with(
        text, [("drug", "Lutathera", drug("lutécium (177Lu) oxodotréotide", "V10XX04", "prrt"))]
    )
    [treatment] = run(document, "record.treatments").treatments
    assert (treatment.type, treatment.name) == ("radionuclide", "lutécium (177lu) oxodotréotide")


def test_a_response_to_the_treatment_judges_the_last_one_named_however_far_back():
    text = (
        "Trois cycles de cisplatine-étoposide. Bonne tolérance. Scanner de contrôle. "
        "Lésions hépatiques diminuées. Réponse partielle au traitement administré. "
        "Maladie stable."
    )
    document = document_with(
        text,
        [
            ("drug", "cisplatine", drug("cisplatine", "L01XA01", "chemotherapy")),
            ("drug", "étoposide", drug("étoposide", "L01CB01", "chemotherapy")),
            ("response", "Réponse partielle", {"code": "PR", "system": "recist"}),
            ("response", "Maladie stable", {"code": "SD", "system": "recist"}),
        ],
    )
    treatments = run(document, "record.treatments").treatments
    assert [(t.name, t.best_response) for t in treatments] == [
        ("cisplatine", "PR"), ("étoposide", "PR"),
    ]


def test_an_adverse_event_is_the_reason_to_stop_the_drug_the_stop_word_names():
    text = (
        "Paclitaxel associé au bévacizumab, compliqué d'une hypertension artérielle de grade 3 "
        "ayant conduit à l'arrêt du bévacizumab."
    )
    document = document_with(
        text,
        [
            ("drug", "Paclitaxel", drug("paclitaxel", "L01CD01", "chemotherapy")),
            ("drug", "bévacizumab", drug("bévacizumab", "L01FG01", "monoclonal_antibody")),
            ("adverse_event", "hypertension artérielle", {"attributes": {"grade": "3"}}),
            ("drug", "bévacizumab", drug("bévacizumab", "L01FG01", "monoclonal_antibody")),
        ],
    )
    treatments = run(document, "record.treatments").treatments
    assert [(t.name, t.stop_reason) for t in treatments] == [
        ("paclitaxel", None), ("bévacizumab", "toxicity"),
    ]


def test_the_timeline_names_a_later_mention_of_an_act_as_its_treatment():
    text = "PRRT au 177Lu-DOTATATE en 12/2015. Scintigraphie après la PRRT le 3 mars 2016."
    prrt = {"code": "prrt", "value": "radiothérapie interne vectorisée",
            "attributes": {"type": "radionuclide"}}
    document = document_with(
        text,
        [
            ("procedure", "PRRT", prrt),
            ("drug", "177Lu-DOTATATE", drug("lutécium (177Lu) oxodotréotide", "V10XX04", "prrt")),
            ("date", "12/2015", {"value": "2015-12"}),
            ("procedure", "PRRT", prrt),
            ("date", "3 mars 2016", {"value": "2016-03-03"}),
        ],
    )
    record = run(document, "record.treatments", "record.timeline")
    assert [(e.date, e.kind, e.label) for e in record.events] == [
        ("2015-12", "treatment_start", "radiothérapie interne vectorisée au 177Lu"),
        ("2016-03-03", "radionuclide", "radiothérapie interne vectorisée au 177Lu"),
    ]


def test_a_treatment_first_listed_undated_takes_the_dates_of_where_it_was_given():
    text = (
        "Traitements : sirolimus. Le scanner de septembre 2015 montre une maladie stable sous "
        "sirolimus. Il a commencé le sirolimus en mars 2014."
    )
    document = document_with(
        text,
        [
            ("drug", "sirolimus", drug("sirolimus", "L04AH01", "mtor_inhibitor")),
            ("date", "septembre 2015", {"value": "2015-09"}),
            ("response", "maladie stable", {"code": "SD", "system": "recist"}),
            ("drug", "sirolimus", drug("sirolimus", "L04AH01", "mtor_inhibitor")),
            ("drug", "sirolimus", drug("sirolimus", "L04AH01", "mtor_inhibitor")),
            ("date", "mars 2014", {"value": "2014-03"}),
        ],
    )
    [sirolimus] = run(document, "record.treatments").treatments
    assert sirolimus.start == "2014-03"  # not the date of the scan that saw it stable


def test_drugs_first_named_in_one_sentence_share_an_implicit_line():
    text = "Chimiothérapie par doxorubicine et ifosfamide. Puis sirolimus en mars 2014."
    document = document_with(
        text,
        [
            ("drug", "doxorubicine", drug("doxorubicine", "L01DB01", "chemotherapy")),
            ("drug", "ifosfamide", drug("ifosfamide", "L01AA06", "chemotherapy")),
            ("drug", "sirolimus", drug("sirolimus", "L04AH01", "mtor_inhibitor")),
        ],
    )
    treatments = run(document, "record.treatments").treatments
    assert [(t.name, t.line) for t in treatments] == [
        ("doxorubicine", 1), ("ifosfamide", 1), ("sirolimus", 2),
    ]


def surgery(code, value):
    return {"code": code, "value": value, "attributes": {"type": "surgery"}}


def test_a_pathological_response_judges_the_neoadjuvant_line_not_the_surgery():
    text = (
        "Chimiothérapie néoadjuvante par épirubicine et cyclophosphamide, puis docétaxel. "
        "Mastectomie gauche en mars 2019, puis radiothérapie pariétale et létrozole. "
        "L'analyse de la pièce opératoire montre une réponse complète."
    )
    document = document_with(
        text,
        [
            ("drug", "épirubicine", drug("épirubicine", "L01DB03", "chemotherapy")),
            ("drug", "cyclophosphamide", drug("cyclophosphamide", "L01AA01", "chemotherapy")),
            ("drug", "docétaxel", drug("docétaxel", "L01CD02", "chemotherapy")),
            ("procedure", "Mastectomie", surgery("mastectomy", "mastectomie")),
            (
                "procedure",
                "radiothérapie",
                {"code": "external_radiotherapy", "value": "radiothérapie",
                 "attributes": {"type": "radiotherapy"}},
            ),
            ("drug", "létrozole", drug("létrozole", "L02BG04", "hormone_therapy")),
            ("response", "réponse complète", {"code": "CR", "system": "recist"}),
        ],
    )
    treatments = run(document, "record.treatments").treatments
    assert {t.name: t.best_response for t in treatments} == {
        "épirubicine": "CR", "cyclophosphamide": "CR", "docétaxel": "CR",
        "mastectomie": None, "radiothérapie": None, "létrozole": None,
    }


def test_a_pathological_response_after_chemoradiotherapy_judges_both():
    text = (
        "Radiothérapie pelvienne avec capécitabine concomitante. Proctectomie en mai. "
        "Examen histologique de la pièce : réponse complète."
    )
    document = document_with(
        text,
        [
            (
                "procedure",
                "Radiothérapie",
                {"code": "external_radiotherapy", "value": "radiothérapie",
                 "attributes": {"type": "radiotherapy"}},
            ),
            ("drug", "capécitabine", drug("capécitabine", "L01BC06", "chemotherapy")),
            ("procedure", "Proctectomie", surgery("proctectomy", "proctectomie")),
            ("response", "réponse complète", {"code": "CR", "system": "recist"}),
        ],
    )
    treatments = run(document, "record.treatments").treatments
    assert {t.name: t.best_response for t in treatments} == {
        "radiothérapie": "CR", "capécitabine": "CR", "proctectomie": None,
    }


def test_a_pathological_response_after_drugs_given_since_the_surgery_judges_those_drugs():
    text = (
        "Hépatectomie en 2016, après deux cures de gemcitabine. Récidive sur la tranche "
        "d'hépatectomie. Cisplatine et étoposide pendant trois cycles. Réponse histologique "
        "complète sur la biopsie."
    )
    document = document_with(
        text,
        [
            ("procedure", "Hépatectomie", surgery("hepatectomy", "hépatectomie")),
            ("drug", "gemcitabine", drug("gemcitabine", "L01BC05", "chemotherapy")),
            ("procedure", "hépatectomie", surgery("hepatectomy", "hépatectomie")),
            ("drug", "Cisplatine", drug("cisplatine", "L01XA01", "chemotherapy")),
            ("drug", "étoposide", drug("étoposide", "L01CB01", "chemotherapy")),
            ("response", "Réponse histologique complète", {"code": "CR", "system": "recist"}),
        ],
    )
    treatments = run(document, "record.treatments").treatments
    assert {t.name: t.best_response for t in treatments} == {
        "hépatectomie": None, "gemcitabine": None, "cisplatine": "CR", "étoposide": "CR",
    }


def test_a_surgery_written_in_the_plural_is_one_treatment_named_in_the_singular():
    text = "Métastasectomies hépatiques en 2019, puis nouvelle métastasectomie hépatique en 2021."
    metastasectomy = {"code": "metastasectomy", "value": "métastasectomie",
                      "attributes": {"type": "surgery"}}
    document = document_with(
        text,
        [("procedure", "Métastasectomies", metastasectomy),
         ("procedure", "métastasectomie", metastasectomy)],
    )
    treatments = run(document, "record.treatments").treatments
    assert [(t.name, len(t.mentions)) for t in treatments] == [("métastasectomie hépatique", 2)]


def test_a_case_series_has_no_single_patient_outcome():
    text = "Six patientes opérées. Deux décès à 2 ans, quatre évolutions favorables en 2020."
    mentions = [("outcome", "décès", {"value": "dead"}), ("date", "2020", {"value": "2020"})]
    series = run(document_with(text, mentions, type="case_series"), "record.outcome")
    assert series.outcome.vital_status == "unknown" and series.outcome.last_follow_up is None
    report = run(document_with(text, mentions, type="case_report"), "record.outcome")
    assert report.outcome.vital_status == "dead" and report.outcome.last_follow_up == "2020"
