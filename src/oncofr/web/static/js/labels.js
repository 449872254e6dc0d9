// Mention labels: their colour group, how they read, and how their values are written.

const GROUPS = {
  tumour: ["morphology"],
  site: ["topography", "anatomy"],
  grade: ["differentiation", "grade", "stage", "tnm", "ki67", "mitotic_index"],
  marker: ["biomarker"],
  time: ["date", "duration"],
  patient: ["age", "sex", "performance_status", "patient_count", "age_statistic", "sex_count",
    "case_count"],
  drug: ["drug", "regimen"],
  posology: ["dose", "frequency", "route"],
  procedure: ["procedure"],
  lab: ["lab"],
  disorder: ["disorder"],
  response: ["response", "outcome", "endpoint"],
  toxicity: ["adverse_event"],
  lesion: ["liver_segment", "size", "lesion_count", "metastasis_timing", "uptake_score"],
  warning: ["quality_evidence"],
};
const GROUP_OF = new Map(Object.entries(GROUPS).flatMap(([g, labels]) => labels.map((l) => [l, g])));
export const QUALIFIERS = ["negated", "hypothetical", "historical", "family"];

export function groupOf(label) {
  return GROUP_OF.get(label) || "other";
}

export function labelName(label) {
  return label.replaceAll("_", " ");
}

/** A normalised value as text: 30 mg, potassium 2.5 mmol/L, P3Y… */
export function formatValue(value) {
  if (value === null || value === undefined || value === "") return "";
  if (Array.isArray(value)) return value.map(formatValue).join(", ");
  if (typeof value === "object") {
    if ("value" in value || "unit" in value || "test" in value) {
      return [value.test, formatValue(value.value), value.unit].filter((x) => x || x === 0).join(" ");
    }
    return Object.entries(value).map(([k, v]) => `${k}: ${formatValue(v)}`).join(", ");
  }
  return String(value);
}

export function qualifiersOf(mention) {
  return QUALIFIERS.filter((q) => mention[q]);
}

/** One line about a mention, for screen readers: "drug, atc C08CA01, historical". */
export function describe(mention) {
  const code = mention.code ? `${mention.system || "code"} ${mention.code}` : "";
  const value = formatValue(mention.value);
  const said = value.toLowerCase() === mention.text.toLowerCase() ? "" : value;
  return [labelName(mention.label), code, said, ...qualifiersOf(mention)].filter(Boolean).join(", ");
}
