// The patient record beside the text. Every value with evidence is a button (class "ev") whose
// data-mentions lists the mention ids it comes from; document-view.js wires the clicks.

import { h } from "./dom.js";
import { formatValue, labelName } from "./labels.js";

const RESPONSES = { CR: "complete response", PR: "partial response", SD: "stable disease", PD: "progression" };
const FLAGS = { low: "↓ low", high: "↑ high", normal: "normal" };
const SEX = { F: "female", M: "male" };

/** A record value: a button showing its evidence when it has mentions, else plain text. */
function ev(text, mentions, what) {
  if (text === null || text === undefined || text === "") return null;
  if (!mentions || !mentions.length) return h("span", null, text);
  return h("button", {
    type: "button", class: "ev", "data-mentions": mentions.join(" "),
    "aria-label": `${text}: show the evidence${what ? ` of ${what}` : ""} in the text`,
  }, text);
}

function coded(item, what) {
  if (!item || (!item.code && !item.label)) return null;
  return ev([item.code, item.label].filter(Boolean).join(" · "), item.mentions, what);
}

function valued(item, what, suffix = "") {
  if (!item || item.value === null || item.value === undefined) return null;
  return ev(`${formatValue(item.value)}${suffix}`, item.mentions, what);
}

function pairs(rows) {
  const kept = rows.filter(([, value]) => value !== null && value !== undefined && value !== "");
  if (!kept.length) return null;
  return h("dl", { class: "kv" }, kept.map(([term, value]) => [h("dt", null, term), h("dd", null, value)]));
}

function part(title, content, count) {
  const body = content && (!Array.isArray(content) || content.length) ? content : h("p", { class: "empty" }, "none found");
  return h("section", { "aria-label": title },
    h("h4", null, title, count ? ` (${count})` : ""), body);
}

function badge(text, kind) {
  return text ? h("span", { class: `badge badge-${kind}` }, text) : null;
}


function patient(record, meta) {
  const { age, sex } = record.patient;
  const outcome = record.outcome;
  return part("Patient", pairs([
    ["age", valued(age, "the age", " years")],
    ["sex", sex && ev(SEX[sex.value] || formatValue(sex.value), sex.mentions, "the sex")],
    ["vital status", outcome.vital_status !== "unknown" ? ev(outcome.vital_status, outcome.mentions, "the outcome") : null],
    ["last status", outcome.last_status],
    ["last follow-up", outcome.last_follow_up],
    ["note date", meta.note_date],
  ]));
}

function tumours(record) {
  const cards = record.tumours.map((tumour) => h("div", { class: "card" },
    pairs([
      ["site", coded(tumour.topography, "the primary site")],
      ["morphology", coded(tumour.morphology, "the morphology")],
      ["grade", valued(tumour.grade, "the grade")],
      ["Ki-67", valued(tumour.ki67, "Ki-67", " %")],
      ["stage", valued(tumour.stage, "the stage")],
      ["markers", tumour.markers.length ? tumour.markers.map((marker, j) => [j ? ", " : "",
        ev(`${marker.name}${marker.result ? ` ${marker.result === "positive" ? "+" : marker.result === "negative" ? "−" : marker.result}` : ""}`,
          marker.mentions, marker.name)]) : null],
    ])));
  return part("Primary tumours", cards, cards.length);
}

function metastases(record) {
  const cards = record.metastases.map((metastasis) => {
    const mentions = [...new Set([...metastasis.topography.mentions, ...metastasis.mentions])];
    return h("div", { class: "card" },
      h("div", { class: "card-title" }, ev([metastasis.topography.code, metastasis.topography.label].filter(Boolean).join(" · "), mentions, "the metastasis")),
      pairs([
        ["segments", metastasis.segments.length ? metastasis.segments.map((seg) => badge(seg, "segment")) : null],
        ["largest", metastasis.largest_size_mm !== null ? `${metastasis.largest_size_mm} mm` : null],
        ["count", metastasis.count],
        ["date", metastasis.date],
        ["timing", metastasis.timing ? ev(metastasis.timing.value, metastasis.timing.mentions, "the timing") : null],
        ["uptake", metastasis.uptake ? ev(`${metastasis.uptake.scale} ${metastasis.uptake.value}`, metastasis.uptake.mentions, "the uptake score") : null],
      ]));
  });
  return part("Metastases", cards, cards.length);
}

function treatments(record) {
  const cards = record.treatments.map((treatment) => {
    const dose = treatment.dose && treatment.dose.value !== null ? formatValue(treatment.dose) : null;
    const posology = [dose, treatment.frequency, treatment.route].filter(Boolean).join(" · ");
    return h("div", { class: "card" },
      h("div", { class: "card-title" },
        treatment.line ? `L${treatment.line} · ` : "", ev(treatment.name, treatment.mentions, treatment.name),
        h("span", { class: "card-line" }, ` — ${labelName(treatment.type)}${treatment.atc ? `, ATC ${treatment.atc}` : ""}`)),
      pairs([
        ["dose", posology || null],
        [treatment.end ? "period" : "start", treatment.end ? `${treatment.start || "?"} → ${treatment.end}` : treatment.start],
        ["best response", treatment.best_response ? badge(`${treatment.best_response} · ${RESPONSES[treatment.best_response]}`, treatment.best_response) : null],
        ["stopped for", treatment.stop_reason],
      ]));
  });
  return part("Treatments", cards, cards.length);
}

function labs(record) {
  if (!record.labs.length) return part("Labs", null);
  const rows = record.labs.map((lab) => h("tr", null,
    h("td", null, ev(lab.test, lab.mentions, lab.test)),
    h("td", { class: "num" }, lab.value === null ? "" : `${lab.value} ${lab.unit || ""}`),
    h("td", null, lab.flag ? badge(FLAGS[lab.flag], lab.flag) : ""),
    h("td", null, lab.loinc || ""),
    h("td", null, lab.date || "")));
  const table = h("table", null,
    h("thead", null, h("tr", null, ["test", "value", "flag", "LOINC", "date"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, rows));
  return part("Labs", table, rows.length);
}

function adverseEvents(record) {
  const items = record.adverse_events.map((event) => h("div", { class: "card" },
    h("div", { class: "card-title" }, ev(event.term, event.mentions, event.term),
      event.grade ? h("span", { class: "card-line" }, ` — grade ${event.grade}`) : null),
    event.attributed_to ? h("div", { class: "card-line" }, `attributed to ${event.attributed_to}`) : null));
  return part("Adverse events", items, items.length);
}

function series(record) {
  const cohort = record.cohort;
  const parts = [];
  if (cohort) {
    const ages = [cohort.age_mean !== null ? `mean ${cohort.age_mean}` : null,
      cohort.age_median !== null ? `median ${cohort.age_median}` : null,
      cohort.age_min !== null ? `range ${cohort.age_min}–${cohort.age_max}` : null].filter(Boolean).join(", ");
    parts.push(part("Case series", pairs([
      ["patients", cohort.patients],
      ["age", ages || null],
      ["sex", Object.entries(cohort.sex).map(([k, v]) => `${k} ${v}`).join(", ") || null],
      ["treatments", cohort.treatments.length ? cohort.treatments.map((t, i) => [i ? ", " : "", ev(`${t.label}${t.count !== null ? ` (${t.count})` : ""}`, t.mentions, t.label)]) : null],
    ])));
  }
  const findings = (record.findings || []).concat(cohort ? cohort.outcomes : []);
  if (findings.length) {
    parts.push(part("Findings", findings.map((f) => h("div", { class: "card" },
      h("div", { class: "card-title" }, ev(f.endpoint, f.mentions, f.endpoint)),
      h("div", { class: "card-line" }, [f.value !== null ? `${f.value}` : f.low !== null ? `${f.low}–${f.high}` : "",
        f.unit, f.timepoint ? `at ${f.timepoint}` : "", f.intervention ? `· ${f.intervention}` : ""].filter(Boolean).join(" ")))), findings.length));
  }
  return parts;
}

function warnings(result) {
  if (!result.warnings.length) return null;
  return h("section", { "aria-label": "Warnings" },
    h("h4", null, `Warnings (${result.warnings.length})`),
    h("ul", { class: "warnings" }, result.warnings.map((warning) => h("li", null,
      h("strong", null, labelName(warning.kind)), ": ",
      ev(warning.message, warning.mentions, "the warning")))));
}

/** Render the record of `result` into `container`. */
export function renderRecord(container, result) {
  const record = result.record;
  container.replaceChildren(
    warnings(result) || "",
    patient(record, result.meta),
    tumours(record),
    metastases(record),
    treatments(record),
    labs(record),
    adverseEvents(record),
    ...series(record),
  );
}
