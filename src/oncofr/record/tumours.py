"""Primary tumours and metastatic sites of the record, from ICD-O-3 mentions.

Method:
1. In each sentence, every topography mention belongs to the morphology mention before it
   (« métastases hépatiques d'une tumeur neuroendocrine de l'iléon »: `hépatiques` goes with
   `métastases`, `iléon` with `tumeur neuroendocrine`); a topography before any morphology goes
   with the first one if it is adjacent.
2. A morphology with behaviour `/6` (metastasis words) makes its sites metastases; one with
   behaviour `/3` makes a primary tumour at its site (`C80.9` when no site is ever stated).
   Negated, hypothetical and family mentions are left out, so ruled-out differential diagnoses
   never become primaries.
3. Primaries at the same site (3-character category) merge, keeping the most specific
   morphology; a morphology without a site joins the only primary, if there is one.
4. Grade, Ki-67, stage and markers attach to the primary nearest before them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oncofr.document import Document
from oncofr.models import Coded, Marker, Mention, Metastasis, Tumour, Valued
from oncofr.record.attributes import grade_of, normalise_net_morphology
from oncofr.registry import factory
from oncofr.relate.index import MentionIndex, is_asserted

UNKNOWN_PRIMARY = "C80.9"
MAX_SITE_GAP = 60  # characters between a morphology and a site stated before it


@dataclass
class _Finding:
    morphology: Mention
    sites: list[Mention] = field(default_factory=list)


def pair_sites(index: MentionIndex) -> list[_Finding]:
    """Each asserted morphology mention with the topography mentions that belong to it."""
    findings: list[_Finding] = []
    current: dict[int, _Finding] = {}
    pending: dict[int, list[Mention]] = {}
    for mention in index.labelled("morphology", "topography"):
        sentence = index.sentence[mention.id]
        if mention.label == "morphology":
            finding = _Finding(mention)
            early = [s for s in pending.pop(sentence, []) if mention.start - s.end <= MAX_SITE_GAP]
            finding.sites.extend(early)
            current[sentence] = finding
            findings.append(finding)
        elif sentence in current:
            current[sentence].sites.append(mention)
        else:
            pending.setdefault(sentence, []).append(mention)
    return findings


def _behaviour(code: str | None) -> str:
    return code.rsplit("/", 1)[-1] if code and "/" in code else ""


def _specificity(code: str | None) -> int:
    """Generic codes (8000-8005) rank below any named histology."""
    return 0 if not code or code.startswith(("8000", "8001", "8005")) else 1


def build_primaries(index: MentionIndex, findings: list[_Finding]) -> list[Tumour]:
    groups: dict[str, Tumour] = {}
    sourceless: list[Mention] = []
    for finding in findings:
        morphology = finding.morphology
        if _behaviour(morphology.code) != "3":
            continue
        if not finding.sites:
            sourceless.append(morphology)
            continue
        site = finding.sites[0]
        key = (site.code or UNKNOWN_PRIMARY)[:3]
        tumour = groups.get(key)
        if tumour is None:
            groups[key] = Tumour(
                topography=Coded(code=site.code, label=site.text.lower(), mentions=[site.id]),
                morphology=_coded(morphology),
            )
        else:
            _merge_morphology(tumour, morphology)
    tumours = list(groups.values())
    if sourceless and len(tumours) <= 1:
        if not tumours:
            first, *sourceless = sourceless
            unknown = Coded(code=UNKNOWN_PRIMARY, label="site primitif inconnu")
            tumours.append(Tumour(topography=unknown, morphology=_coded(first)))
        for morphology in sourceless:
            _merge_morphology(tumours[0], morphology)
    return tumours


def _coded(mention: Mention) -> Coded:
    return Coded(code=mention.code, label=mention.text.lower(), mentions=[mention.id])


def _merge_morphology(tumour: Tumour, morphology: Mention) -> None:
    held = tumour.morphology
    if held is None or _specificity(morphology.code) > _specificity(held.code):
        mentions = (held.mentions if held else []) + [morphology.id]
        tumour.morphology = Coded(code=morphology.code, label=morphology.text.lower(),
                                  mentions=mentions)
    else:
        held.mentions = held.mentions + [morphology.id]


def build_metastases(index: MentionIndex, findings: list[_Finding]) -> list[Metastasis]:
    """One metastasis per distinct site code, with segments, size, count and first date."""
    by_code: dict[str, Metastasis] = {}
    for finding in findings:
        if _behaviour(finding.morphology.code) != "6":
            continue
        for site in finding.sites:
            if not site.code:
                continue
            metastasis = by_code.get(site.code)
            if metastasis is None:
                metastasis = by_code[site.code] = Metastasis(
                    topography=Coded(code=site.code, label=site.text.lower(), mentions=[site.id]))
            metastasis.mentions = metastasis.mentions + [finding.morphology.id, site.id]
            _add_details(index, metastasis, finding.morphology)
    return list(by_code.values())


def _add_details(index: MentionIndex, metastasis: Metastasis, anchor: Mention) -> None:
    sentence = index.sentence[anchor.id]
    for mention in index.in_sentence(sentence, "liver_segment", "size", "lesion_count"):
        if not is_asserted(mention):
            continue
        if mention.label == "liver_segment" and metastasis.topography.code.startswith("C22"):
            values = mention.value if isinstance(mention.value, list) else [mention.value]
            segments = metastasis.segments + [str(v) for v in values if str(v) not in metastasis.segments]
            metastasis.segments = segments
        elif mention.label == "size" and isinstance(mention.value, int | float):
            if metastasis.largest_size_mm is None or mention.value > metastasis.largest_size_mm:
                metastasis.largest_size_mm = float(mention.value)
        elif mention.label == "lesion_count" and isinstance(mention.value, int):
            metastasis.count = max(metastasis.count or 0, mention.value)
    if metastasis.date is None:
        date = index.first_date(anchor)
        metastasis.date = date.value if date is not None else None


def attach_attributes(index: MentionIndex, tumours: list[Tumour]) -> None:
    """Grade, Ki-67, stage and markers go to the primary whose mention precedes them most
    closely (the only primary when there is one)."""
    if not tumours:
        return
    anchors = {
        mention_id: tumour
        for tumour in tumours
        for mention_id in (tumour.morphology.mentions if tumour.morphology else [])
    }
    anchor_mentions = [index.by_id[m] for m in anchors if m in index.by_id]

    def owner(mention: Mention) -> Tumour:
        nearest = index.closest(mention, anchor_mentions, sentences_back=len(index.document.sentences))
        return anchors[nearest.id] if nearest is not None else tumours[0]

    for mention in index.labelled("grade", "differentiation", "ki67", "stage", "biomarker"):
        if mention.attributes.get("target") == "adverse_event":
            continue
        tumour = owner(mention)
        if mention.label in ("grade", "differentiation"):
            grade = grade_of(mention)
            # An explicit grade outranks a differentiation word stated elsewhere.
            if grade and (tumour.grade is None or mention.label == "grade"
                          and not _explicit(index, tumour.grade)):
                tumour.grade = Valued(value=grade, mentions=[mention.id])
        elif mention.label == "ki67" and isinstance(mention.value, int | float):
            if tumour.ki67 is None or mention.value > tumour.ki67.value:
                tumour.ki67 = Valued(value=float(mention.value), mentions=[mention.id])
        elif mention.label == "stage":
            group = mention.attributes.get("group") or (
                mention.value if mention.attributes.get("kind") == "group" else None)
            if group and tumour.stage is None:
                tumour.stage = Valued(value=group, mentions=[mention.id])
        elif mention.label == "biomarker" and isinstance(mention.value, dict):
            tumour.markers = tumour.markers + [Marker(
                name=str(mention.value.get("name")), result=mention.value.get("result"),
                mentions=[mention.id])]
    for tumour in tumours:
        normalise_net_morphology(tumour)


def _explicit(index: MentionIndex, grade: Valued) -> bool:
    return any(index.by_id[m].label == "grade" for m in grade.mentions if m in index.by_id)


@factory("record.tumours")
def make_tumours():
    """Fill `record.tumours` (primaries) and `record.metastases`."""

    def tumours(document: Document) -> None:
        index = MentionIndex(document)
        findings = pair_sites(index)
        primaries = build_primaries(index, findings)
        attach_attributes(index, primaries)
        document.record.tumours = primaries
        document.record.metastases = build_metastases(index, findings)

    return tumours
