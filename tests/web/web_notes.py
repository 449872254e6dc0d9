"""Invented French notes for the web tests."""

NOTE_DATE = "2023-01-10"
NOTES = {
    "cr-001": (
        "Compte rendu de consultation\n\nHistoire de la maladie\nM. B., 63 ans, suivi pour une "
        "tumeur neuroendocrine du pancréas de grade 2, Ki-67 à 12 %, avec des métastases "
        "hépatiques du segment VII.\n\nTraitement\nTraitement par évérolimus 10 mg/jour débuté "
        "en janvier 2022, avec une réponse partielle. Pas de métastase osseuse."
    ),
    "cr-002": (
        "Mme D., 52 ans. Adénocarcinome du sein gauche opéré en 2019. Métastases pulmonaires en "
        "2021. Chimiothérapie par docétaxel 75 mg/m2 toutes les trois semaines ; progression en "
        "2022."
    ),
    "dossier/cr-003": (
        "Patiente de 70 ans suivie pour une tumeur carcinoïde de l'iléon. Traitement par "
        "lanréotide 120 mg. Maladie stable. Kaliémie à 3,1 mmol/L."
    ),
}
FAILED_ID = "cr-404"
