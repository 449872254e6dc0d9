import oncofr


def test_case_series_cohort_block():
    text = (
        "Nous rapportons 7 cas de métastases hépatiques opérées. L'âge moyen était de 58 ans, "
        "avec des extrêmes allant de 41 à 77 ans. Il s'agissait de 5 femmes et 2 hommes. "
        "Le traitement était une hépatectomie dans 5 cas et une radiofréquence dans 2 cas. "
        "La survie globale à 3 ans était de 60 %."
    )
    result = oncofr.extract(text)
    assert result.meta.type == "case_series"
    cohort = result.record.cohort
    assert (
        cohort.patients == 7
        and cohort.age_mean == 58
        and (cohort.age_min, cohort.age_max) == (41, 77)
    )
    assert cohort.sex == {"F": 5, "M": 2}
    counted = {c.label: c.count for c in cohort.treatments}
    assert counted["hépatectomie"] == 5 and counted["radiofréquence"] == 2
    assert [(f.endpoint, f.value, f.unit, f.timepoint) for f in cohort.outcomes] == [
        ("overall_survival", 60, "%", "P3Y")
    ]


def test_review_findings_with_ranges_and_interventions():
    text = (
        "Cette revue de la littérature porte sur la radioembolisation. Après radioembolisation, "
        "la survie sans progression est de 14 à 20 mois et le taux de réponse objective de 45 %."
    )
    result = oncofr.extract(text)
    assert result.meta.type == "review"
    findings = [
        (f.endpoint, f.value, f.low, f.high, f.unit, f.intervention) for f in result.record.findings
    ]
    assert findings == [
        ("progression_free_survival", None, 14, 20, "mois", "radioembolisation"),
        ("objective_response_rate", 45, None, None, "%", "radioembolisation"),
    ]


def test_quality_warnings_point_at_their_evidence():
    text = (
        "Patiente de 52 ans. Anémie hypochrome microcytaire normochrome. "
        "Adénopathies infracentimétriques mesurant 25 mm. "
        "Traitement par zorbatinib. L'échocardiographie montre un ventricule latéral gauche dilaté."
    )
    result = oncofr.extract(text)
    kinds = sorted(w.kind for w in result.warnings)
    assert kinds.count("contradiction") >= 2
    assert "unknown_drug" in kinds and "impossible_anatomy" in kinds
    by_id = {m.id: m for m in result.mentions}
    for warning in result.warnings:
        assert warning.mentions and all(m in by_id for m in warning.mentions)
    words = {by_id[m].text.lower() for w in result.warnings for m in w.mentions}
    assert {"hypochrome", "normochrome", "zorbatinib", "ventricule latéral"} <= words


def test_a_plain_coherent_text_raises_no_warning():
    text = (
        "Homme de 61 ans, tumeur neuroendocrine de l'iléon avec métastases hépatiques. "
        "Lanréotide 120 mg tous les 28 jours, puis évérolimus 10 mg par jour."
    )
    assert oncofr.extract(text).warnings == []


def test_implausible_lab_age_and_date_are_flagged():
    text = "Patiente de 60 ans. Kaliémie à 250 mmol/L. Nourrisson de 8 mois. Revue le 12/03/2027."
    result = oncofr.extract(text, note_date="2024-01-10")
    by_id = {m.id: m for m in result.mentions}
    flagged = {w.kind: [by_id[m].text for m in w.mentions] for w in result.warnings}
    assert "Kaliémie à 250 mmol/L" in flagged["implausible_lab"]
    assert flagged["implausible_age"] == ["60 ans", "8 mois"]
    assert flagged["implausible_date"] == ["12/03/2027"]


def test_a_far_future_date_is_read_and_flagged():
    result = oncofr.extract("Revue le 12/03/2031.", note_date="2024-01-10")
    [date] = [m for m in result.mentions if m.label == "date"]
    assert date.value == "2031-03-12"
    assert [(w.kind, w.mentions) for w in result.warnings] == [("implausible_date", [date.id])]


def test_plausible_values_raise_no_implausibility():
    text = "Patiente de 60 ans. Kaliémie à 3,9 mmol/L. Revue le 12/03/2023."
    assert oncofr.extract(text, note_date="2024-01-10").warnings == []
