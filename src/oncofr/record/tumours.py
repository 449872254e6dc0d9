"""Primary tumours and metastatic sites of the record, from ICD-O-3 mentions.

Method:
1. In each sentence, every topography mention belongs to the morphology mention before it
   (« métastases hépatiques d'une tumeur neuroendocrine de l'iléon »: `hépatiques` goes with
   `métastases`, `iléon` with `tumeur neuroendocrine`); a topography before any morphology goes
   with the first one if it is adjacent.
2. A morphology with behaviour `/6` (metastasis words) makes its sites metastases, as do
   disease-course and spread words whatever their code (`attributes.course`: « progression
   de la maladie », « rechute », « carcinomatose »), except at a primary's own organ
   (« progression pulmonaire » of a lung cancer); one with behaviour `/3` makes a primary
   tumour at its site (`C80.9` when no site is ever stated).
   Negated, hypothetical and family mentions are left out, so ruled-out differential diagnoses
   never become primaries.
   A metastasis word with no site of its own, written after a sampled lesion of its sentence
   (a `sampling` word of `oncology_cues.tsv` shortly before it), is at that lesion's sites
   (« ponction du ganglion axillaire : métastase d'un carcinome »).
   A site introduced by « d'origine », « primitif » or « point de départ » after a metastasis
   word names the primary (« métastases hépatiques d'origine mammaire »), not a metastasis.
   A further site written right after a procedure is the act's, not the lesion's
   (« métastases hépatiques quatre ans après chirurgie du sein »).
3. Primaries at the same site (3-character category) merge, keeping the most specific
   morphology (coded with the whole term when a grade was split off: « chondrosarcome
   dédifférencié » 9243/3), and among those one stated as the final diagnosis
   (« diagnostic définitif », a Diagnostic section); at the same rank, one that refines the
   one held replaces it (a mixed histology: MANEC rather than its adenocarcinoma; a term
   with its differentiation: « chondrosarcome dédifférencié » rather than
   « chondrosarcome »); a morphology without a site joins the only primary, if there is one,
   or takes the site of a tumour or mass word (`/1`, `/3` or `/9`) that is no metastasis site
   (« une masse du pancréas … un léiomyosarcome »). Where both histologies are named and
   arise in different tissues (`tissue` in `icdo3_morphology_groups.tsv`), it is rather
   another primary, at the site of a tumour or mass word that is no primary's yet, or of
   unknown site: an adenocarcinoma written without its site is not the histology of
   « carcinome basocellulaire de la joue » but that of « une tumeur de la jonction
   œsogastrique ». A histology whose group has a site (`icdo3_morphology_groups.tsv`: a
   leukaemia, a myeloma or another marrow disease, the bone marrow C42.1; a hepatocellular
   carcinoma, the liver C22.0; a renal cell carcinoma, the kidney C64.9) written without a
   site is a primary of that organ, neither the histology of another primary nor a primary
   that site-less histologies join.
   A region site (`C76.x`) of a skin tumour is the skin of that region (`skin_of_region.tsv`):
   with a skin word, which it takes in (« mélanome cutané du dos », « nodules cutanés de la
   cuisse »), or for a histology of the skin (`tissue` in `icdo3_morphology_groups.tsv`:
   « carcinome basocellulaire de la joue » C44.3, not C76.0).
4. A primary coded at organ level (`.9`) takes the subsite when the document names exactly
   one subsite of that organ outside metastases (« sein » + « quadrant supéro-externe »;
   a skin region placed as in 3: « tumeur cutanée » + « lésion cutanée du dos »).
   A metastatic site coded « not otherwise specified » (`.9`) gives way to a more specific
   metastatic site it covers (« métastases osseuses » + « métastases vertébrales »: C41.2, not
   also C41.9): its own category, or those `topography_families.tsv` lists (nervous system
   NOS C72.9 covers C70-C72). Its mentions join the first such site. A lesion word (`/1`:
   « lésion », « nodule », « masse ») at such a more specific site is where the spread was
   seen (« rechute osseuse … lésions osseuses vertébrales »: C41.2), unless the site is a
   primary's organ.
5. Grade, Ki-67, stage and markers attach to the primary nearest before them; a marker is
   listed once per name and result, and a negated marker whose result the negation states
   (« pas de mutation KRAS »: wild type, « négatif pour le CD45 ») is listed too.
6. A metastasis takes the details asserted in the sentences of its metastasis words, and of
   the lesion words at its site outside the primaries' organs (« lésions hépatiques … les
   plus grandes mesurant 4,3 cm »): liver segments, the largest size and the highest lesion
   count of those words (a size or count is the morphology mention's it overlaps, else the
   nearest before it: not the « masse pancréatique de 6 cm » of « … et des métastases
   hépatiques de 2 cm »), the first timing stated
   (« métastases hépatiques synchrones ») and the highest uptake score of the first scale
   stated (« fixation de grade 4 selon Krenning »). An uptake score stated in a sentence
   without a metastasis word (« Octreoscan : fixation hépatique Krenning 4 ») goes to the
   metastasis of the one metastatic organ that sentence names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.models import Coded, Marker, Mention, Metastasis, Tumour, Uptake, Valued
from oncofr.recognize.icdo3 import find_sites, topography_families
from oncofr.recognize.oncology_cues import cue_lexicon
from oncofr.record.attributes import grade_of, normalise_net_morphology
from oncofr.registry import factory
from oncofr.relate.index import MentionIndex, is_asserted, mention_index
from oncofr.resources import load_table
from oncofr.resources.names import histology_names, site_names

UNKNOWN_PRIMARY = "C80.9"
# Marker results a negation states: a negated marker with one of them is a finding
NEGATED_RESULTS = frozenset({"negative", "wild_type", "not_amplified", "retained"})
SKIN = "C44.9"  # skin NOS
MAX_SITE_GAP = 60  # characters between a morphology and a site stated before it
_ORIGIN = re.compile(r"\b(?:origine|primitif|primitive|point de depart)\b")
_ACT_TO_SITE = re.compile(r"(?:du|des|de la|de l['’]|de|d['’])?")
_FINAL_DIAGNOSIS = re.compile(r"\bdiagnostic (?:definitif|final|retenu)\b|\bconclusion\b")


@dataclass
class _Finding:
    morphology: Mention
    sites: list[Mention] = field(default_factory=list)
    origins: list[Mention] = field(default_factory=list)  # sites of the primary it comes from
    joined: dict[str, list[str]] = field(default_factory=dict)  # site id -> words folded in

    def site_mentions(self, site: Mention) -> list[str]:
        """The mention ids a site stands for: its own, and the skin word it took in."""
        return [site.id, *self.joined.get(site.id, [])]


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
            finding = current[sentence]
            previous = (finding.sites or [finding.morphology])[-1]
            between = fold(index.document.original[previous.end : mention.start])
            if finding.sites and _site_of_an_act(index, mention):
                continue
            if _role(finding.morphology) == "6" and _ORIGIN.search(between):
                finding.origins.append(mention)
            else:
                finding.sites.append(mention)
        else:
            pending.setdefault(sentence, []).append(mention)
    for finding in findings:
        _place_on_skin(finding)
    _place_at_sampled_lesions(index, findings)
    return findings


def _place_at_sampled_lesions(index: MentionIndex, findings: list[_Finding]) -> None:
    """A metastasis word with no site of its own, written after a sampled lesion in its
    sentence with no named histology or other metastasis between, is at that lesion's sites
    (« ponction du ganglion axillaire : métastase d'un carcinome », « exérèse du nodule
    cérébelleux … métastase d'un adénocarcinome »)."""
    sampled: _Finding | None = None
    sentence = None
    for finding in findings:
        morphology = finding.morphology
        if index.sentence[morphology.id] != sentence:
            sampled, sentence = None, index.sentence[morphology.id]
        role = _role(morphology)
        if role == "6" and sampled is not None and not (finding.sites or finding.origins):
            finding.sites = list(sampled.sites)
            finding.joined = dict(sampled.joined)
        elif role == "1" and _is_generic(morphology.code) and finding.sites:
            sampled = finding if _sampled(index, morphology) else sampled
        elif role == "6" or (role == "3" and not _is_generic(morphology.code)):
            sampled = None


def _sampled(index: MentionIndex, lesion: Mention) -> bool:
    """Whether a sampling act (`sampling` in `oncology_cues.tsv`) is written shortly before a
    lesion word, in its sentence."""
    before = fold(index.document.original[max(0, lesion.start - MAX_SITE_GAP) : lesion.start])
    clause = re.split(r"[.;\n]", before)[-1]
    return bool(cue_lexicon("sampling").find(clause))


def _place_on_skin(finding: _Finding) -> None:
    """Code a region site of a skin tumour to the skin of that region (`skin_of_region.tsv`):
    with a skin word (« mélanome cutané du dos »: C44.5, the skin word folded into it) or for
    a histology of the skin (« carcinome basocellulaire de la joue »: C44.3, not C76.0)."""
    skin_words = [site for site in finding.sites if site.code == SKIN]
    tissue = _group_row(_histology(finding.morphology)).get("tissue")
    of_the_skin = bool(skin_words) or tissue == "skin"
    skin_codes = {site.id: code for site in finding.sites if (code := _skin_of(site))}
    if not (of_the_skin and skin_codes):
        return
    finding.joined[next(iter(skin_codes))] = [word.id for word in skin_words]
    finding.sites = [site.model_copy(update={"code": skin_codes[site.id]})
                     if site.id in skin_codes else site
                     for site in finding.sites if site.code != SKIN]


def _skin_of(region: Mention) -> str | None:
    """The skin subsite of a region site (C76.x), if the table has one."""
    rows = _skin_of_region()
    return rows.get((region.code or "", fold(region.text))) or rows.get(
        (region.code or "", ""))


@cache
def _skin_of_region() -> dict[tuple[str, str], str]:
    """(region code, folded region word or "" for the default) -> skin code."""
    found = {}
    for row in load_table("skin_of_region").rows:
        for term in row["terms"].split("|"):
            found[(row["region"], fold(term))] = row["skin"]
    return found


def _site_of_an_act(index: MentionIndex, site: Mention) -> bool:
    """Whether the site is written right after a procedure (« chirurgie du sein »)."""
    original = index.document.original
    return any(
        act.end <= site.start
        and _ACT_TO_SITE.fullmatch(fold(original[act.end : site.start]).strip()) is not None
        for act in index.in_sentence(index.sentence[site.id], "procedure")
    )


def _behaviour(code: str | None) -> str:
    return code.rsplit("/", 1)[-1] if code and "/" in code else ""


def _role(morphology: Mention) -> str:
    """The behaviour digit the record acts on: that of the code, except for disease-course and
    spread words (`attributes.course`: « progression de la maladie », « rechute »,
    « carcinomatose »), which count as spread (`6`) whatever code the annotation convention
    gives them."""
    return "6" if morphology.attributes.get("course") else _behaviour(morphology.code)


# Neoplasm, tumour, cells (8000-8005) say nothing of the histology; carcinoma and sarcoma
# "not otherwise specified" name only its family.
GENERIC_CODES = ("8000", "8001", "8005")
FAMILY_CODES = ("8010", "8800")


def _is_generic(code: str | None) -> bool:
    return not code or code.startswith(GENERIC_CODES)


def _rank(index: MentionIndex, mention: Mention) -> tuple[int, int]:
    """Named histologies outrank family names (« carcinome », even when it is written
    « carcinome indifférencié »), which outrank generic codes; then a final diagnosis outranks
    earlier ones."""
    final = mention.section == "diagnosis" or bool(
        _FINAL_DIAGNOSIS.search(fold(index.sentence_text(mention)))
    )
    return (_specificity(mention), 1 if final else 0)


def _specificity(mention: Mention) -> int:
    """2 for a named histology, 1 for a family name, 0 for a generic code."""
    code = mention.code or ""
    return 0 if _is_generic(code) else 1 if code.startswith(FAMILY_CODES) else 2


def _outranks(index: MentionIndex, mention: Mention, held: Mention) -> bool:
    """Whether a histology replaces the one a tumour holds: a higher rank, or the same rank
    and it refines the one held."""
    rank, held_rank = _rank(index, mention), _rank(index, held)
    return rank > held_rank or (rank == held_rank and _refines(mention, held))


def _refines(mention: Mention, held: Mention) -> bool:
    """Whether a histology says more than one of the same rank: a mixed histology (`mixed` in
    `icdo3_morphology_groups.tsv`) than its components (« adénocarcinome … et carcinome
    neuroendocrine (MANEC) »), a term with its differentiation than the plain one
    (« chondrosarcome dédifférencié » 9243/3 than « chondrosarcome » 9220/3)."""
    code, held_code = _histology(mention), _histology(held)
    if code == held_code:
        return False
    return _group_row(code).get("mixed") == "yes" or (
        code != mention.code and mention.code == held_code)


def _site_hints(findings: list[_Finding]) -> list[Mention]:
    """Where a site-less primary may be: origins of metastases, then sites of tumour words."""
    metastatic = {
        site.code for f in findings if _role(f.morphology) == "6" for site in f.sites
    }
    origins = [site for f in findings for site in f.origins]
    generic = [
        site
        for f in findings
        if _is_generic(f.morphology.code) and _role(f.morphology) in ("1", "3", "9")
        for site in f.sites[:1]
    ]
    return [site for site in origins + generic if site.code and site.code not in metastatic]


def build_primaries(index: MentionIndex, findings: list[_Finding]) -> list[Tumour]:
    groups: dict[str, Tumour] = {}
    by_group_site: dict[str, Tumour] = {}  # histologies of a group with a site, named without one
    sourceless: list[Mention] = []
    for finding in findings:
        morphology = finding.morphology
        if _role(morphology) != "3":
            continue
        if not finding.sites:
            site = _group_site(_histology(morphology))
            if site is not None:
                _add_primary_at(index, by_group_site, site, morphology)
            else:
                sourceless.append(morphology)
            continue
        _add_primary(index, groups, finding.sites[0], morphology,
                     finding.site_mentions(finding.sites[0]))
    if sourceless and len(groups) <= 1:
        if not groups:
            first, *sourceless = sourceless
            hints = _site_hints(findings)
            if hints:
                _add_primary(index, groups, hints[0], first, [hints[0].id])
            else:
                groups[UNKNOWN_PRIMARY] = Tumour(topography=_unknown_site(),
                                                 morphology=_coded(first))
        for morphology in sourceless:
            tumour = next((t for t in groups.values()
                           if not _other_tissue(index, t, morphology)), None)
            if tumour is not None:
                _merge_morphology(index, tumour, morphology)
                continue
            hint = next((site for site in _site_hints(findings)
                         if (site.code or "")[:3] not in groups), None)
            if hint is not None:
                _add_primary(index, groups, hint, morphology, [hint.id])
            else:
                _add_primary_at(index, groups, _unknown_site(), morphology)
    for key, tumour in by_group_site.items():
        if key in groups:
            for mention in tumour.morphology.mentions if tumour.morphology else []:
                _merge_morphology(index, groups[key], index.by_id[mention])
        else:
            groups[key] = tumour
    return list(groups.values())


def _unknown_site() -> Coded:
    return Coded(code=UNKNOWN_PRIMARY, label="site primitif inconnu")


def _add_primary(index: MentionIndex, groups: dict[str, Tumour], site: Mention,
                 morphology: Mention, site_mentions: list[str]) -> None:
    coded = Coded(code=site.code, label=site.text.lower(), mentions=site_mentions)
    _add_primary_at(index, groups, coded, morphology)


def _add_primary_at(
    index: MentionIndex, groups: dict[str, Tumour], site: Coded, morphology: Mention
) -> None:
    key = (site.code or UNKNOWN_PRIMARY)[:3]
    if key in groups:
        _merge_morphology(index, groups[key], morphology)
    else:
        groups[key] = Tumour(topography=site, morphology=_coded(morphology))


@cache
def _groups() -> tuple[tuple[int, int, dict[str, str]], ...]:
    """(first, last, row) of the histological groups of `icdo3_morphology_groups.tsv`."""
    return tuple((int(row["first"]), int(row["last"]), row)
                 for row in load_table("icdo3_morphology_groups").rows)


def _group_row(code: str | None) -> dict[str, str]:
    """The row of the histological group of a morphology code (empty if none)."""
    prefix = (code or "")[:4]
    if not prefix.isdigit():
        return {}
    number = int(prefix)
    return next((row for first, last, row in _groups() if first <= number <= last), {})


def _group_site(code: str | None) -> Coded | None:
    """The site a histology is coded to when the text gives none (`icdo3_morphology_groups.tsv`:
    bone marrow for a leukaemia or a myeloma, the liver for a hepatocellular carcinoma), if
    its group has one."""
    site = _group_row(code).get("site")
    return Coded(code=site, label=site_names().get(site, site)) if site else None


def _histology(mention: Mention) -> str | None:
    """The code of the histology a morphology mention names: that of the whole term when a
    grade was split off it (« chondrosarcome » of « chondrosarcome dédifférencié »: 9243/3)."""
    return mention.attributes.get("term_code") or mention.code


def _coded(mention: Mention) -> Coded:
    code = _histology(mention)
    label = histology_names().get(code or "") if code != mention.code else None
    return Coded(code=code, label=label or mention.text.lower(), mentions=[mention.id])


def _other_tissue(index: MentionIndex, tumour: Tumour, morphology: Mention) -> bool:
    """Whether a named histology cannot be that of a tumour whose histology is named too: they
    arise in different tissues (« carcinome basocellulaire de la joue » and an adenocarcinoma
    written without its site are two tumours)."""
    held_mention = _held_mention(index, tumour)
    if held_mention is None or _specificity(held_mention) < 2 or _specificity(morphology) < 2:
        return False
    return (_group_row(_histology(held_mention)).get("tissue")
            != _group_row(_histology(morphology)).get("tissue"))


def _held_mention(index: MentionIndex, tumour: Tumour) -> Mention | None:
    """The mention of the morphology a tumour holds (its first)."""
    held = tumour.morphology
    return index.by_id.get(held.mentions[0]) if held and held.mentions else None


def _merge_morphology(index: MentionIndex, tumour: Tumour, morphology: Mention) -> None:
    held = tumour.morphology
    held_mention = _held_mention(index, tumour)
    if held_mention is None or _outranks(index, morphology, held_mention):
        # The chosen morphology's own mention comes first.
        tumour.morphology = _coded(morphology)
        tumour.morphology.mentions += held.mentions if held else []
    else:
        held.mentions = held.mentions + [morphology.id]


def refine_subsites(index: MentionIndex, tumours: list[Tumour], metastases: list[Metastasis],
                    findings: list[_Finding]) -> None:
    """Replace an organ-level code (`C50.9`) by the one subsite of that organ the text names
    (a region of the skin counts as a subsite of the skin: « lésion cutanée du dos »)."""
    metastatic = {m.topography.code for m in metastases}
    placed = {site.id: site for finding in findings for site in finding.sites}
    sites = [placed.get(mention.id, mention) for mention in index.labelled("topography")]
    for tumour in tumours:
        code = tumour.topography.code if tumour.topography else None
        if not code or not code.endswith(".9") or code == UNKNOWN_PRIMARY:
            continue
        subsites = {
            m.code: m
            for m in sites
            if m.code
            and m.code[:3] == code[:3]
            and not m.code.endswith((".8", ".9"))
            and m.code not in metastatic
        }
        if len(subsites) == 1:
            [(subsite, mention)] = subsites.items()
            tumour.topography = Coded(
                code=subsite,
                label=mention.text.lower(),
                mentions=tumour.topography.mentions + [mention.id],
            )


def build_metastases(index: MentionIndex, findings: list[_Finding],
                     primaries: list[Tumour]) -> list[Metastasis]:
    """One metastasis per distinct site code, with segments, size, count and first date.
    A region after a lymph-node word is coded as its nodes (« adénopathies médiastinales
    métastatiques »: C77.1, not the mediastinum). The course of the disease at a primary's
    own site (« progression pulmonaire » of a lung cancer) is no metastasis, and at a known
    metastatic site it dates the course, not the metastasis (« métastases hépatiques » …
    « progression hépatique en janvier 2016 »)."""
    by_code: dict[str, Metastasis] = {}
    primary_sites = _primary_organs(primaries)
    for finding in findings:
        if _role(finding.morphology) != "6":
            continue
        course = bool(finding.morphology.attributes.get("course"))
        for site in finding.sites:
            code = _metastatic_code(site)
            if not code or (course and _organ(code) in primary_sites):
                continue
            _add_site(index, by_code, finding, site, code,
                      dated=not (course and code in by_code))
    return list(by_code.values())


def _add_site(index: MentionIndex, by_code: dict[str, Metastasis], finding: _Finding,
              site: Mention, code: str, dated: bool = True) -> None:
    """Add a finding's site to the metastasis of `code` (created on first sight), with the
    finding's words and details, and its date unless `dated` is false (a lesion or
    disease-course word at a known metastatic site: often a later examination's)."""
    metastasis = by_code.get(code)
    if metastasis is None:
        metastasis = by_code[code] = Metastasis(topography=Coded(
            code=code, label=site.text.lower(), mentions=finding.site_mentions(site)))
    metastasis.mentions = list(dict.fromkeys([*metastasis.mentions, finding.morphology.id,
                                              *finding.site_mentions(site)]))
    _add_details(index, metastasis, finding.morphology)
    if dated and metastasis.date is None:
        date = index.first_date(finding.morphology)
        metastasis.date = date.value if date is not None else None


def add_lesion_sites(index: MentionIndex, findings: list[_Finding],
                     metastases: list[Metastasis], primaries: list[Tumour]) -> list[Metastasis]:
    """Lesion words (`/1`) outside the primaries' organs: at a metastatic site, its mentions
    and details (« métastases hépatiques » … « lésions hépatiques, la plus grande de 43 mm »);
    at a site that a metastatic site coded NOS covers (« métastases osseuses » + « lésions
    vertébrales »), a metastasis of its own, which `fold_unspecified_sites` then prefers."""
    known = {m.topography.code: m for m in metastases if m.topography.code}
    primary_sites = _primary_organs(primaries)
    added: dict[str, Metastasis] = {}
    for finding in findings:
        if _role(finding.morphology) != "1":
            continue
        for site in finding.sites:
            code = _metastatic_code(site)
            if not code or _organ(code) in primary_sites:
                continue
            if code in known:
                _add_site(index, known, finding, site, code, dated=False)
            elif any(_covered_by(nos, code) for nos in known):
                _add_site(index, added, finding, site, code)
    return metastases + list(added.values())


def _metastatic_code(site: Mention) -> str | None:
    """A site's code as a metastasis: its nodes' after a lymph-node word (`lymph_node`)."""
    return site.attributes.get("lymph_node") or site.code


def _primary_organs(primaries: list[Tumour]) -> set[str]:
    return {_organ(tumour.topography.code) for tumour in primaries
            if tumour.topography and tumour.topography.code}


def _organ(code: str) -> str:
    """The organ a site code names: its 3-character category, but the whole code for the
    ill-defined regions (C76.1 thorax and C76.2 abdomen are different places)."""
    return code if code.startswith("C76") else code[:3]


def _add_details(index: MentionIndex, metastasis: Metastasis, anchor: Mention) -> None:
    sentence = index.sentence[anchor.id]
    for mention in index.in_sentence(sentence, "liver_segment", "size", "lesion_count",
                                     "metastasis_timing", "uptake_score"):
        if not is_asserted(mention):
            continue
        if mention.label == "metastasis_timing":
            if metastasis.timing is None:  # the first stated
                metastasis.timing = Valued(value=mention.value, mentions=[mention.id])
        elif mention.label == "uptake_score":
            _add_uptake(metastasis, mention)
        elif mention.label == "liver_segment" and metastasis.topography.code.startswith("C22"):
            values = mention.value if isinstance(mention.value, list) else [mention.value]
            segments = metastasis.segments + [
                str(v) for v in values if str(v) not in metastasis.segments
            ]
            metastasis.segments = segments
        elif (mention.label in ("size", "lesion_count")
              and not _measures_site(index, mention, anchor, metastasis.topography.code)):
            continue  # another lesion's (« masse pancréatique de 6 cm et métastases… »)
        elif mention.label == "size" and isinstance(mention.value, int | float):
            if metastasis.largest_size_mm is None or mention.value > metastasis.largest_size_mm:
                metastasis.largest_size_mm = float(mention.value)
        elif mention.label == "lesion_count" and isinstance(mention.value, int):
            metastasis.count = max(metastasis.count or 0, mention.value)


def _measures_site(index: MentionIndex, mention: Mention, anchor: Mention, code: str) -> bool:
    """Whether a size or count of the anchor's sentence is about the metastasis at `code`:
    it is about the morphology mention it overlaps (« 5 lésions »), else the nearest before
    it, else the first after it (disease-course words, « infiltration diaphragmatique »,
    are not measured); that is the anchor, or a word after it that is neither a primary
    tumour (`/3`) nor followed by sites of its own that are not `code`'s (« métastases
    hépatiques … métastasectomie (5 lésions) »)."""
    words = [word for word in index.in_sentence(index.sentence[mention.id], "morphology")
             if word.id == anchor.id or not word.attributes.get("course")]
    overlapping = [m for m in words if m.start < mention.end and mention.start < m.end]
    before = [m for m in words if m.end <= mention.start]
    after = [m for m in words if m.start >= mention.end]
    measured = next(iter(overlapping or before[-1:] or after), None)
    if measured is None or measured.id == anchor.id:
        return True
    if _role(measured) == "3" or measured.start < anchor.start:
        return False
    following = [m.start for m in words if m.start >= measured.end]
    sites = [site for site in index.in_sentence(index.sentence[mention.id], "topography")
             if measured.end <= site.start < min(following, default=site.start + 1)]
    return not sites or any(code in (site.code, _metastatic_code(site)) for site in sites)


def _add_uptake(metastasis: Metastasis, mention: Mention) -> None:
    """Keep the highest uptake score of the first scale stated."""
    scale = str(mention.attributes.get("scale", ""))
    if not isinstance(mention.value, int | float) or not scale:
        return
    held = metastasis.uptake
    if held is None or (held.scale == scale and mention.value > held.value):
        metastasis.uptake = Uptake(scale=scale, value=float(mention.value),
                                   mentions=[mention.id])


def attach_sentence_uptake(index: MentionIndex, metastases: list[Metastasis]) -> None:
    """Give the uptake scores of sentences without a metastasis word to the metastasis whose
    organ the sentence names (as a site mention or a topography term), when it names the organ
    of exactly one metastasis."""
    for mention in index.labelled("uptake_score"):
        sentence = index.sentence[mention.id]
        if any(_role(word) == "6" for word in index.in_sentence(sentence, "morphology")):
            continue  # `_add_details` read it with the metastasis words of its sentence
        organs = {_organ(code) for code in _site_codes_of_sentence(index, mention)}
        named = [m for m in metastases if m.topography.code and _organ(m.topography.code) in organs]
        if len(named) == 1:
            _add_uptake(named[0], mention)


def _site_codes_of_sentence(index: MentionIndex, mention: Mention) -> set[str]:
    """The codes of the sites a mention's sentence names: its topography mentions and the
    terms of the topography lexicon in it (« fixation hépatique » has no lesion word)."""
    codes = {site.code for site in index.in_sentence(index.sentence[mention.id], "topography")
             if site.code}
    codes.update(site.code for _, _, site in find_sites(fold(index.sentence_text(mention))))
    return codes


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
        nearest = index.closest(
            mention, anchor_mentions, sentences_back=len(index.document.sentences)
        )
        return anchors[nearest.id] if nearest is not None else tumours[0]

    labels = ("grade", "differentiation", "ki67", "stage", "biomarker")
    for mention in index.labelled(*labels, asserted=False):
        if mention.attributes.get("target") == "adverse_event" or not (
                is_asserted(mention) or _negative_marker(mention)):
            continue
        tumour = owner(mention)
        if mention.label in ("grade", "differentiation"):
            grade = grade_of(mention)
            # An explicit grade outranks a differentiation word stated elsewhere.
            if grade and (
                tumour.grade is None
                or mention.label == "grade"
                and not _explicit(index, tumour.grade)
            ):
                tumour.grade = Valued(value=grade, mentions=[mention.id])
        elif mention.label == "ki67" and isinstance(mention.value, int | float):
            if tumour.ki67 is None or mention.value > tumour.ki67.value:
                tumour.ki67 = Valued(value=float(mention.value), mentions=[mention.id])
        elif mention.label == "stage":
            group = mention.attributes.get("group") or (
                mention.value if mention.attributes.get("kind") == "group" else None
            )
            if group and tumour.stage is None:
                tumour.stage = Valued(value=group, mentions=[mention.id])
        elif mention.label == "biomarker" and isinstance(mention.value, dict):
            _add_marker(tumour, str(mention.value.get("name")), mention.value.get("result"),
                        mention.id)
    for tumour in tumours:
        normalise_net_morphology(tumour)


def _negative_marker(mention: Mention) -> bool:
    """A marker negated with a result the negation states (« pas de mutation KRAS »: wild
    type; « négatif pour le CD45 »): the recogniser read the negation as the result."""
    return (mention.label == "biomarker" and mention.negated
            and not (mention.hypothetical or mention.family)
            and isinstance(mention.value, dict)
            and mention.value.get("result") in NEGATED_RESULTS)


def _add_marker(tumour: Tumour, name: str, result: str | None, mention_id: str) -> None:
    """A marker once per name and result: a second study with the same result (IHC of the
    primary, then of a metastasis) adds its mention to the first."""
    same = next((m for m in tumour.markers if (m.name, m.result) == (name, result)), None)
    if same is not None:
        same.mentions = [*same.mentions, mention_id]
    else:
        tumour.markers = [*tumour.markers, Marker(name=name, result=result,
                                                  mentions=[mention_id])]


def _explicit(index: MentionIndex, grade: Valued) -> bool:
    return any(index.by_id[m].label == "grade" for m in grade.mentions if m in index.by_id)


def _covered_by(nos: str, code: str) -> bool:
    """Whether `code` is a more specific site than the NOS code `nos`."""
    if code == nos or not nos.endswith(".9") or code.endswith(".9"):
        return False
    return code[:3] in (nos[:3], *topography_families().get(nos, ()))


def fold_unspecified_sites(metastases: list[Metastasis]) -> list[Metastasis]:
    """Metastases less the NOS sites a more specific one covers; their mentions join it."""
    kept = []
    for metastasis in metastases:
        nos = metastasis.topography.code
        specific = next(
            (other for other in metastases if _covered_by(nos, other.topography.code)), None
        )
        if specific is None:
            kept.append(metastasis)
            continue
        specific.mentions = specific.mentions + [
            mention for mention in metastasis.mentions if mention not in specific.mentions
        ]
    return kept


@factory("record.tumours")
def make_tumours():
    """Fill `record.tumours` (primaries) and `record.metastases`."""

    def tumours(document: Document) -> None:
        index = mention_index(document)
        findings = pair_sites(index)
        primaries = build_primaries(index, findings)
        metastases = fold_unspecified_sites(
            add_lesion_sites(index, findings,
                             build_metastases(index, findings, primaries), primaries))
        refine_subsites(index, primaries, metastases, findings)
        attach_sentence_uptake(index, metastases)
        attach_attributes(index, primaries)
        document.record.tumours = primaries
        document.record.metastases = metastases

    return tumours
