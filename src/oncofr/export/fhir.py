"""FHIR R4 `Bundle` (type `collection`) built from one document result.

Resources: DocumentReference (the source text: id, hash, size), Patient, Observation (age,
labs, Ki-67, grade, stage, IHC markers, largest metastasis size, best response), Condition
(one per primary tumour, one per metastatic site), MedicationStatement (drugs and
radionuclides), Procedure (surgery, ablation, embolisation, radiotherapy…) and AdverseEvent.
Every resource id is a UUID derived from the document id, the resource kind and its index, so
exporting the same result twice gives the same bundle; references are `urn:uuid:` full URLs.
The mentions a resource comes from are kept in a `source-mention` extension with their
offsets into the original text. Mapping tables: `docs/exports.md`.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from oncofr.export.common import MentionIndex, dose_text, is_medication, iso_date, ucum
from oncofr.models import (
    AdverseEvent,
    Coded,
    DocumentResult,
    Lab,
    Marker,
    Mention,
    Metastasis,
    Treatment,
    Tumour,
    Valued,
)

ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ATC = "http://www.whocc.no/atc"
SNOMED = "http://snomed.info/sct"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_RELATED = "http://hl7.org/fhir/StructureDefinition/condition-related"
PROCEDURE_SYSTEM = "https://oncofr.org/procedure"
ONCOFR = "https://oncofr.org/fhir"
ONCOFR_CODES = f"{ONCOFR}/CodeSystem/observation"
ONCOFR_ROLE = f"{ONCOFR}/CodeSystem/tumour-role"
ONCOFR_TREATMENT_TYPE = f"{ONCOFR}/CodeSystem/treatment-type"
ONCOFR_RECIST = f"{ONCOFR}/CodeSystem/recist-response"
SOURCE_MENTION = f"{ONCOFR}/StructureDefinition/source-mention"
TREATMENT_LINE = f"{ONCOFR}/StructureDefinition/treatment-line"
LESION_COUNT = f"{ONCOFR}/StructureDefinition/lesion-count"
METASTASIS_TIMING = f"{ONCOFR}/StructureDefinition/metastasis-timing"
AE_GRADE = f"{ONCOFR}/StructureDefinition/adverse-event-grade"
DOCUMENT_IDS = "https://oncofr.org/document"
PATIENT_IDS = "https://oncofr.org/patient"

GENDERS = {"F": "female", "M": "male"}
FLAGS = {"low": "L", "high": "H", "normal": "N"}
MARKER_RESULTS = {"positive": ("10828004", "Positive"), "negative": ("260385009", "Negative")}
RECIST = {"CR": "réponse complète", "PR": "réponse partielle", "SD": "maladie stable",
          "PD": "progression"}

Resource = dict[str, Any]


def to_fhir_bundle(result: DocumentResult, patient_id: str | None = None) -> dict[str, Any]:
    """The FHIR R4 collection Bundle of one result; `patient_id` identifies the Patient
    (and makes its resource id shared by all documents of that patient)."""
    return _BundleBuilder(result, patient_id).build()


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Parse `bundle` with `fhir.resources` (R4B models); raise on any structural error.

    Needs the `fhir` extra (`pip install oncofr[fhir]`).
    """
    try:
        from fhir.resources.R4B.bundle import Bundle
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("FHIR validation needs `pip install oncofr[fhir]`") from error
    Bundle.model_validate(bundle)


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    return {"system": system, "code": code} | ({"display": display} if display else {})


def concept(text: str | None, *codings: dict[str, str]) -> dict[str, Any]:
    """A CodeableConcept from codings and a text (either may be absent)."""
    return ({"coding": list(codings)} if codings else {}) | ({"text": text} if text else {})


def quantity(value: float, unit: str | None) -> dict[str, Any]:
    """A Quantity with its UCUM code when the unit is known to UCUM."""
    code = ucum(unit)
    return ({"value": value} | ({"unit": unit} if unit else {})
            | ({"system": UCUM, "code": code} if code else {}))


def period(start: str | None, end: str | None) -> dict[str, str]:
    return {key: date for key, date in (("start", iso_date(start)), ("end", iso_date(end)))
            if date}


def _compact(resource: Resource) -> Resource:
    """`resource` without empty values (FHIR forbids empty elements)."""
    return {key: value for key, value in resource.items() if value not in (None, "", [], {})}


class _BundleBuilder:
    """Accumulates the entries of one document's bundle."""

    def __init__(self, result: DocumentResult, patient_id: str | None) -> None:
        self.result = result
        self.patient_id = patient_id
        self.mentions = MentionIndex(result)
        self.entries: list[Resource] = []
        self.counts: dict[str, int] = {}
        self.patient = self._reference("Patient", str(uuid.uuid5(
            uuid.NAMESPACE_URL, f"{PATIENT_IDS}/{patient_id}")) if patient_id else None)
        self.primaries: list[dict[str, str]] = []
        self.treatments: dict[str, dict[str, str]] = {}

    def build(self) -> dict[str, Any]:
        self._document()
        self._patient()
        record = self.result.record
        for tumour in record.tumours:
            self._tumour(tumour)
        for metastasis in record.metastases:
            self._metastasis(metastasis)
        for treatment in record.treatments:
            self._treatment(treatment)
        for lab in record.labs:
            self._lab(lab)
        for event in record.adverse_events:
            self._adverse_event(event)
        return {"resourceType": "Bundle", "id": self._uuid("bundle"),
                "identifier": {"system": DOCUMENT_IDS, "value": self.result.id},
                "type": "collection", "entry": self.entries}

    # identifiers and references
    def _uuid(self, key: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{DOCUMENT_IDS}/{self.result.id}#{key}"))

    def _reference(self, kind: str, name: str | None = None) -> dict[str, str]:
        """A reference to a new resource: `name` is its id, by default a UUID from the
        document id, the kind and the kind's running index."""
        if name is None:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            name = self._uuid(f"{kind}-{self.counts[kind]}")
        return {"reference": f"urn:uuid:{name}", "type": kind}

    def _add(self, reference: dict[str, str], resource: Resource,
             mention_ids: Sequence[str] = (), at: int | None = None) -> dict[str, str]:
        """Add `resource` under `reference` with its source mentions (at entry index `at`,
        by default last); return the reference."""
        spans = [_source_mention(m) for m in self.mentions.get(mention_ids)]
        body = {"resourceType": reference["type"],
                "id": reference["reference"].removeprefix("urn:uuid:"),
                "extension": spans + resource.pop("extension", [])} | resource
        entry = {"fullUrl": reference["reference"], "resource": _compact(body)}
        self.entries.insert(len(self.entries) if at is None else at, entry)
        return reference

    # resources
    def _document(self) -> None:
        result = self.result
        content: dict[str, Any] = {"contentType": "text/plain;charset=utf-8",
                                   "language": result.meta.language, "title": result.id}
        if result.text is not None:
            data = result.text.encode("utf-8")
            content |= {"size": len(data),
                        "hash": base64.b64encode(hashlib.sha1(data).digest()).decode("ascii")}
        self._add(self._reference("DocumentReference"), {
            "identifier": [{"system": DOCUMENT_IDS, "value": result.id}],
            "status": "current", "type": concept(result.meta.type),
            "subject": self.patient, "description": result.meta.source,
            "content": [{"attachment": content}],
            "context": {"period": period(result.meta.note_date, None)} if iso_date(
                result.meta.note_date) else None})

    def _patient(self) -> None:
        patient, outcome = self.result.record.patient, self.result.record.outcome
        sex = patient.sex.value if patient.sex else None
        deceased = {"dead": True, "alive": False}.get(outcome.vital_status)
        self._add(self.patient, {
            "identifier": [{"system": PATIENT_IDS, "value": self.patient_id}]
            if self.patient_id else None,
            "gender": GENDERS.get(sex, "unknown"), "deceasedBoolean": deceased},
            (patient.sex.mentions if patient.sex else []) + outcome.mentions)
        if _has_value(patient.age):
            self._observation(concept("Âge", coding(LOINC, "30525-0", "Age")),
                              {"valueQuantity": quantity(patient.age.value, "a")},
                              patient.age.mentions)
        if outcome.last_status:
            self._observation(concept("Dernier état de la maladie", coding(
                ONCOFR_CODES, "disease-status")), {
                    "effectiveDateTime": iso_date(outcome.last_follow_up),
                    "valueCodeableConcept": concept(outcome.last_status)}, outcome.mentions)

    def _observation(self, code: dict[str, Any], value: Resource, mention_ids: list[str],
                     **extra: Any) -> dict[str, str]:
        return self._add(self._reference("Observation"),
                         {"status": "final", **extra, "code": code, "subject": self.patient,
                          **value}, mention_ids)

    def _tumour(self, tumour: Tumour) -> None:
        ids = _coded_mentions(tumour.topography) + _coded_mentions(tumour.morphology)
        codings = []
        if tumour.morphology and tumour.morphology.code:
            codings.append(coding(ICDO3, tumour.morphology.code, tumour.morphology.label))
        if cim10 := self.mentions.cim10(ids):
            codings.append(coding(ICD10, cim10.code, cim10.text))
        label = next((c.label for c in (tumour.morphology, tumour.topography) if c and c.label),
                     None)
        reference, position = self._reference("Condition"), len(self.entries)
        stage = self._tumour_observations(tumour, reference)
        self._add(reference, {
            "verificationStatus": concept(None, coding(CONDITION_VERIFICATION, "confirmed")),
            "category": [concept("tumeur primitive", coding(ONCOFR_ROLE, "primary"))],
            "code": concept(label, *codings), "bodySite": _sites(tumour.topography),
            "subject": self.patient,
            "stage": [{"summary": concept(tumour.stage.value), "assessment": [stage]}]
            if stage else None}, ids, at=position)
        self.primaries.append(reference)

    def _tumour_observations(self, tumour: Tumour,
                             condition: dict[str, str]) -> dict[str, str] | None:
        """Ki-67, grade and markers of a tumour; return the stage observation's reference."""
        if _has_value(tumour.ki67):
            self._observation(concept("Ki-67", coding(
                LOINC, "29593-1", "Cells.Ki-67 nuclear Ag/cells in Tissue by Immune stain")),
                {"valueQuantity": quantity(tumour.ki67.value, "%")}, tumour.ki67.mentions,
                focus=[condition])
        if _has_value(tumour.grade):
            self._observation(concept("Grade", coding(ONCOFR_CODES, "tumour-grade")),
                              {"valueCodeableConcept": concept(str(tumour.grade.value))},
                              tumour.grade.mentions, focus=[condition])
        for marker in tumour.markers:
            self._marker(marker, condition)
        if not _has_value(tumour.stage):
            return None
        return self._observation(concept("Stade", coding(ONCOFR_CODES, "stage-group")),
                                 {"valueCodeableConcept": concept(str(tumour.stage.value))},
                                 tumour.stage.mentions, focus=[condition])

    def _marker(self, marker: Marker, condition: dict[str, str]) -> None:
        known = MARKER_RESULTS.get((marker.result or "").lower())
        value = concept(marker.result, coding(SNOMED, *known)) if known else concept(
            marker.result)
        self._observation(concept(marker.name, coding(ONCOFR_CODES, "ihc-marker")),
                          {"valueCodeableConcept": value} if value else {}, marker.mentions,
                          focus=[condition])

    def _metastasis(self, metastasis: Metastasis) -> None:
        reference = self._reference("Condition")
        related = [{"url": CONDITION_RELATED, "valueReference": self.primaries[0]}] if len(
            self.primaries) == 1 else []
        count = [{"url": LESION_COUNT, "valueInteger": metastasis.count}] if (
            metastasis.count is not None) else []
        timing = [{"url": METASTASIS_TIMING, "valueCode": metastasis.timing.value}] if (
            metastasis.timing) else []
        self._add(reference, {
            "extension": related + count + timing,
            "verificationStatus": concept(None, coding(CONDITION_VERIFICATION, "confirmed")),
            "category": [concept("métastase", coding(ONCOFR_ROLE, "metastasis"))],
            "code": concept("métastase", coding(
                SNOMED, "128462008", "Secondary malignant neoplastic disease"),
                coding(ICDO3, "8000/6", "Neoplasm, metastatic")),
            "bodySite": _sites(metastasis.topography)
            + [concept(f"segment {segment}") for segment in metastasis.segments],
            "subject": self.patient, "onsetDateTime": iso_date(metastasis.date)},
            _coded_mentions(metastasis.topography) + metastasis.mentions)
        if metastasis.largest_size_mm is not None:
            self._observation(
                concept("Taille de la plus grande lésion", coding(
                    LOINC, "33728-7", "Size.maximum dimension in Tumor")),
                {"valueQuantity": quantity(metastasis.largest_size_mm, "mm")},
                metastasis.mentions, focus=[reference])
        if metastasis.uptake:
            scale = metastasis.uptake.scale
            self._observation(
                concept(f"Score de captation ({scale})", coding(ONCOFR_CODES, f"uptake-{scale}")),
                {"valueInteger": round(metastasis.uptake.value)},
                metastasis.uptake.mentions, focus=[reference])

    def _treatment(self, treatment: Treatment) -> None:
        medication = is_medication(treatment)
        reference = self._reference("MedicationStatement" if medication else "Procedure")
        line = [{"url": TREATMENT_LINE, "valueInteger": treatment.line}] if (
            treatment.line is not None) else []
        common = {"extension": line, "subject": self.patient,
                  "category": concept(treatment.type, coding(ONCOFR_TREATMENT_TYPE,
                                                             treatment.type)),
                  "reasonReference": self.primaries}
        body = _medication_statement(treatment) if medication else self._procedure(treatment)
        self._add(reference, common | body, treatment.mentions)
        self.treatments.setdefault(treatment.name.lower(), reference)
        if treatment.best_response:
            self._observation(
                concept("Meilleure réponse (RECIST 1.1)", coding(ONCOFR_CODES, "best-response")),
                {"valueCodeableConcept": concept(None, coding(
                    ONCOFR_RECIST, treatment.best_response, RECIST[treatment.best_response]))},
                [], focus=[reference])

    def _procedure(self, treatment: Treatment) -> Resource:
        procedure_id = self.mentions.code(treatment.mentions, "procedure")
        dates = period(treatment.start, treatment.end)
        dose = dose_text(treatment.dose)
        return {"status": "completed",
                "code": concept(treatment.name, *(
                    [coding(PROCEDURE_SYSTEM, procedure_id)] if procedure_id else [])),
                "performedPeriod": dates if "end" in dates else None,
                "performedDateTime": dates.get("start") if "end" not in dates else None,
                "note": [{"text": f"dose : {dose}"}] if dose else None}

    def _lab(self, lab: Lab) -> None:
        self._observation(
            concept(lab.test, *([coding(LOINC, lab.loinc)] if lab.loinc else [])),
            {"effectiveDateTime": iso_date(lab.date),
             "valueQuantity": quantity(lab.value, lab.unit) if lab.value is not None else None,
             "interpretation": [concept(None, coding(INTERPRETATION, FLAGS[lab.flag]))]
             if lab.flag else None},
            lab.mentions,
            category=[concept(None, coding(OBSERVATION_CATEGORY, "laboratory"))])

    def _adverse_event(self, event: AdverseEvent) -> None:
        suspect = self.treatments.get((event.attributed_to or "").lower())
        grade = [{"url": AE_GRADE, "valueString": event.grade}] if event.grade else []
        self._add(self._reference("AdverseEvent"), {
            "extension": grade, "actuality": "actual", "event": concept(event.term),
            "subject": self.patient,
            "suspectEntity": [{"instance": suspect}] if suspect else None}, event.mentions)


def _medication_statement(treatment: Treatment) -> Resource:
    dosage = _compact({
        "text": ", ".join(filter(None, (dose_text(treatment.dose), treatment.frequency,
                                        treatment.route))),
        "timing": {"code": concept(treatment.frequency)} if treatment.frequency else None,
        "route": concept(treatment.route) if treatment.route else None,
        "doseAndRate": [{"doseQuantity": quantity(treatment.dose.value, treatment.dose.unit)}]
        if treatment.dose and treatment.dose.value is not None else None})
    return {"status": _medication_status(treatment),
            "statusReason": [concept(treatment.stop_reason)] if treatment.stop_reason else None,
            "medicationCodeableConcept": concept(treatment.name, *(
                [coding(ATC, treatment.atc)] if treatment.atc else [])),
            "effectivePeriod": period(treatment.start, treatment.end),
            "dosage": [dosage] if dosage else None}


def _medication_status(treatment: Treatment) -> str:
    if treatment.stop_reason:
        return "stopped"
    return "completed" if treatment.end else "unknown"


def _sites(site: Coded | None) -> list[dict[str, Any]]:
    """The bodySite list of a Coded topography (ICD-O-3 code and label)."""
    if site is None or not (site.code or site.label):
        return []
    return [concept(site.label, *([coding(ICDO3, site.code)] if site.code else []))]


def _coded_mentions(coded: Coded | None) -> list[str]:
    return coded.mentions if coded else []


def _has_value(valued: Valued | None) -> bool:
    return valued is not None and valued.value is not None


def _source_mention(mention: Mention) -> dict[str, Any]:
    """The `source-mention` extension: mention id, offsets into the original text, surface."""
    parts = (("id", "valueString", mention.id), ("start", "valueInteger", mention.start),
             ("end", "valueInteger", mention.end), ("text", "valueString", mention.text))
    return {"url": SOURCE_MENTION, "extension": [{"url": name, kind: value}
                                                 for name, kind, value in parts]}
