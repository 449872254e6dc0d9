// The cohort page: filters (as `oncofr query`), counts, charts, the table and its CSV.

import { api, documentPath } from "./api.js";
import { announce, h, showError } from "./dom.js";
import { barChart } from "./charts.js";

const form = document.getElementById("filters");
const error = document.getElementById("filter-error");
const COLUMNS = [
  ["doc_id", "Document"], ["doc_type", "Type"], ["note_date", "Note date"], ["age", "Age"],
  ["sex", "Sex"], ["primary_sites", "Primary sites"], ["morphologies", "Morphologies"],
  ["ki67", "Ki-67 %"], ["metastasis_sites", "Metastasis sites"], ["treatments", "Treatments"],
];
const NUMERIC = new Set(["age", "ki67"]);
let rows = [];
let sort = { key: "doc_id", direction: 1 };

function filters() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (String(value).trim()) params.set(key, String(value).trim());
  return params;
}

function cell(row, key) {
  const value = row[key];
  if (key === "doc_id") return h("a", { href: `/documents/${documentPath(value)}` }, value);
  if (value === null || value === undefined) return "";
  return typeof value === "number" ? String(Math.round(value * 10) / 10) : String(value);
}

function renderTable() {
  const sorted = [...rows].sort((a, b) => {
    const x = a[sort.key]; const y = b[sort.key];
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : 1) * sort.direction;
  });
  const head = COLUMNS.map(([key, title]) => {
    const button = h("button", { type: "button", class: "sort" }, title);
    button.addEventListener("click", () => {
      sort = { key, direction: sort.key === key ? -sort.direction : 1 };
      renderTable();
      document.querySelector(`th[data-key="${key}"] button`).focus();
    });
    const state = sort.key === key ? (sort.direction > 0 ? "ascending" : "descending") : null;
    return h("th", { scope: "col", "data-key": key, "aria-sort": state, class: NUMERIC.has(key) ? "num" : null }, button);
  });
  const body = sorted.map((row) => h("tr", null, COLUMNS.map(([key]) => h("td", { class: NUMERIC.has(key) ? "num" : null }, cell(row, key)))));
  document.getElementById("table").replaceChildren(
    rows.length ? h("table", null, h("thead", null, h("tr", null, head)), h("tbody", null, body))
      : h("p", { class: "empty" }, "No patient record meets these filters."));
}

function filterOn(name) {
  return (item) => {
    form.elements[name].value = item.key;
    load();
  };
}

function renderSummary(summary, total) {
  const sex = Object.entries(summary.sex).map(([k, v]) => `${k} ${v}`).join(", ");
  document.getElementById("counts").replaceChildren(
    h("strong", null, summary.patients), ` of ${summary.total} patient records`,
    sex ? ` · ${sex}` : "", total > rows.length ? ` · table shows the first ${rows.length}` : "");
  const charts = document.getElementById("charts");
  charts.replaceChildren();
  barChart(charts, "Primary sites", summary.primary_sites, { unit: " records", onSelect: filterOn("primary") });
  barChart(charts, "Metastatic sites", summary.metastasis_sites, { unit: " records", onSelect: filterOn("metastasis") });
  barChart(charts, "Treatments", summary.treatments, { unit: " records", onSelect: filterOn("drug") });
  barChart(charts, "Best responses", summary.responses, { unit: " treatments", onSelect: filterOn("response") });
}

async function load() {
  const params = filters();
  const query = params.toString() ? `?${params}` : "";
  history.replaceState(null, "", `/cohort${query}`);
  document.getElementById("csv").setAttribute("href", `/v1/patients.csv${query}`);
  showError(error, "");
  try {
    const [page, summary] = await Promise.all([api(`/v1/patients${query}`), api(`/v1/patients/summary${query}`)]);
    rows = page.patients;
    renderTable();
    renderSummary(summary, page.total);
    announce(`${summary.patients} patient records match.`);
  } catch (failure) {
    showError(error, failure.message);
  }
}

for (const [key, value] of new URLSearchParams(location.search)) {
  if (form.elements[key]) form.elements[key].value = value;
}
form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
form.addEventListener("reset", () => window.setTimeout(load, 0));
load();
