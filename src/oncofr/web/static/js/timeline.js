// The timeline chart, drawn as inline SVG: a row per dated treatment (a bar for a course of
// drugs or radiation, a diamond for a procedure) and lanes of dated events. Every bar and marker
// is focusable and shows its evidence in the text when activated.

import { h, s } from "./dom.js";
import { labelName } from "./labels.js";

const TREATMENT_COLOURS = {
  systemic: "#2e7d32", radionuclide: "#6a3fc1", radiotherapy: "#ad1457", surgery: "#1d5fbf",
  ablation: "#c25e00", intra_arterial: "#00796b", other: "#616161",
};
const COURSES = new Set(["systemic", "radionuclide", "radiotherapy"]);  // last a while
const EVENT_COLOURS = {
  diagnosis: "#b3261e", progression: "#a4161a", death: "#1b1f24", assessment: "#ad1457",
  surgery: "#1d5fbf", treatment_start: "#2e7d32", treatment_stop: "#2e7d32",
};
const GUTTER = 190;  // row labels
const RIGHT = 44;  // room for the labels after the last date
const ROW = 24;
const TOP = 10;
const DAY = 86400000;

/** Milliseconds of an ISO 8601 date, possibly partial (2019, 2019-06, 2019-06-03), or null. */
function parseDate(text) {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(text || "");
  if (!match) return null;
  return Date.UTC(Number(match[1]), match[2] ? Number(match[2]) - 1 : 0, match[3] ? Number(match[3]) : 1);
}

const short = (text, n = 28) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

function ticks(min, max) {
  const years = (max - min) / (365.25 * DAY);
  const out = [];
  if (years > 2) {
    const step = years > 30 ? 10 : years > 12 ? 5 : years > 6 ? 2 : 1;
    for (let y = Math.ceil(new Date(min).getUTCFullYear() / step) * step; Date.UTC(y, 0, 1) <= max; y += step) {
      out.push([Date.UTC(y, 0, 1), String(y)]);
    }
    return out;
  }
  const step = years > 1 ? 3 : 1;
  const first = new Date(min);
  for (let m = first.getUTCMonth(); Date.UTC(first.getUTCFullYear(), m, 1) <= max; m += step) {
    const t = Date.UTC(first.getUTCFullYear(), m, 1);
    if (t >= min) out.push([t, new Date(t).toISOString().slice(0, 7)]);
  }
  return out;
}

/** A focusable chart item that shows the evidence of `mentions`. */
function item(label, mentions, onEvidence, ...shapes) {
  const group = s("g", { class: "tl-item", tabindex: "0", role: "button", "aria-label": label },
    s("title", null, label), ...shapes);
  const activate = () => onEvidence(mentions || []);
  group.addEventListener("click", activate);
  group.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); activate(); }
  });
  return group;
}

/** Greedy lanes: each marker goes in the first lane where it overlaps nothing. */
function assignLanes(markers) {
  const ends = [];
  for (const marker of markers) {
    let lane = ends.findIndex((end) => end < marker.left);
    if (lane < 0) lane = ends.push(0) - 1;
    ends[lane] = marker.right;
    marker.lane = lane;
  }
  return ends.length;
}

function gather(result) {
  const record = result.record;
  const rows = record.treatments
    .map((t) => ({ t, start: parseDate(t.start), end: parseDate(t.end) }))
    .filter((row) => row.start !== null)
    .sort((a, b) => a.start - b.start || (a.t.line || 99) - (b.t.line || 99));
  const named = new Set(rows.map((row) => row.t.name));
  const events = record.events.filter((e) => !named.has(e.label));  // already a row
  return {
    rows,
    events: events.map((e) => ({ e, at: parseDate(e.date) })).filter((x) => x.at !== null),
    undated: events.filter((e) => parseDate(e.date) === null),
    note: parseDate(result.meta.note_date),
  };
}

function drawRows(svg, rows, x, max, onEvidence) {
  rows.forEach(({ t, start, end }, i) => {
    const y = TOP + i * ROW;
    const colour = TREATMENT_COLOURS[t.type] || TREATMENT_COLOURS.other;
    const label = `${t.line ? `L${t.line} ` : ""}${t.name}`;
    const said = `${label}, ${labelName(t.type)}, ${t.start}${t.end ? ` to ${t.end}` : ""}`
      + `${t.best_response ? `, best response ${t.best_response}` : ""}`;
    svg.append(s("text", { class: "tl-row-label", x: GUTTER - 8, y: y + 15, "text-anchor": "end" }, short(label)));
    let right;
    let shape;
    if (end === null && !COURSES.has(t.type)) {  // a procedure: one day
      const cx = x(start);
      right = cx + 8;
      shape = s("path", { class: "tl-shape", d: `M${cx} ${y + 3}l7 9l-7 9l-7 -9z`, fill: colour });
    } else {
      right = x(end === null ? max : end);
      const width = Math.max(6, right - x(start));
      shape = s("rect", { class: "tl-shape tl-bar", x: x(start), y: y + 4, width, height: ROW - 8, rx: 4,
        fill: end === null ? `url(#${fadeId(t.type)})` : colour });
      right = x(start) + width;
    }
    const response = t.best_response
      ? s("text", { class: "tl-label", x: right + 4, y: y + 16 }, t.best_response) : null;
    svg.append(item(said, t.mentions, onEvidence, shape, response));
  });
}

const fadeId = (type) => `tl-fade-${type}`;

/** Gradients that fade the bars whose end is unknown. */
function fades(rows) {
  const types = new Set(rows.filter((row) => row.end === null).map((row) => row.t.type));
  return s("defs", null, [...types].map((type) => {
    const colour = TREATMENT_COLOURS[type] || TREATMENT_COLOURS.other;
    return s("linearGradient", { id: fadeId(type) },
      s("stop", { offset: "0.6", "stop-color": colour }),
      s("stop", { offset: "1", "stop-color": colour, "stop-opacity": "0.08" }));
  }));
}

function drawEvents(svg, markers, top, right, onEvidence) {
  for (const m of markers) {
    const y = top + m.lane * ROW + ROW / 2;
    const colour = EVENT_COLOURS[m.e.kind] || "#5b6b7f";
    const flip = m.x + 14 + m.width > right;  // the label goes left of its marker
    svg.append(item(`${m.e.date}, ${labelName(m.e.kind)}: ${m.e.label}`, m.e.mentions, onEvidence,
      s("circle", { class: "tl-shape", cx: m.x, cy: y, r: 5, fill: colour }),
      s("text", { class: "tl-label", x: flip ? m.x - 9 : m.x + 9, y: y + 4, "text-anchor": flip ? "end" : "start" }, short(m.e.label))));
  }
}

function legend(rows) {
  const types = [...new Set(rows.map((row) => row.t.type))];
  return h("div", { class: "tl-legend", "aria-hidden": "true" }, types.map((type) => {
    const swatch = h("span", { class: "tl-swatch" });
    swatch.style.setProperty("background", TREATMENT_COLOURS[type] || TREATMENT_COLOURS.other);
    return h("span", null, swatch, labelName(type));
  }), h("span", null, "◆ procedure · ▬ course (fading: end unknown) · ● event"));
}

function chart(container, { rows, events, note }, onEvidence) {
  const times = [...rows.flatMap((row) => [row.start, row.end]), ...events.map((x) => x.at), note]
    .filter((t) => t !== null);
  let min = Math.min(...times);
  let max = Math.max(...times);
  if (max - min < 180 * DAY) { min -= 90 * DAY; max += 90 * DAY; }
  const pad = (max - min) * 0.03;
  min -= pad;
  max += pad;
  const width = Math.max(560, container.clientWidth);
  const right = width - RIGHT;
  const x = (t) => GUTTER + ((t - min) / (max - min)) * (right - GUTTER);

  const markers = events.map(({ e, at }) => ({ e, x: x(at), width: Math.min(e.label.length, 28) * 6.6 }))
    .sort((a, b) => a.x - b.x);
  for (const m of markers) {
    const flip = m.x + 14 + m.width > right;
    m.left = flip ? m.x - 14 - m.width : m.x - 6;
    m.right = flip ? m.x + 6 : m.x + 14 + m.width;
  }
  const lanes = assignLanes(markers);
  const eventsTop = TOP + rows.length * ROW + (rows.length ? 8 : 0);
  const axisY = eventsTop + lanes * ROW + 6;
  const svg = s("svg", { viewBox: `0 0 ${width} ${axisY + 24}`, width, role: "group",
    "aria-label": "Timeline of treatments and events" });
  svg.append(fades(rows));
  for (const [t, label] of ticks(min, max)) {
    svg.append(s("line", { class: "tl-grid", x1: x(t), x2: x(t), y1: TOP, y2: axisY }),
      s("text", { class: "tl-axis", x: x(t), y: axisY + 16, "text-anchor": "middle" }, label));
  }
  svg.append(s("g", { class: "tl-axis" }, s("line", { x1: GUTTER, x2: right, y1: axisY, y2: axisY })));
  if (note !== null) {
    svg.append(s("line", { class: "tl-note", x1: x(note), x2: x(note), y1: TOP - 6, y2: axisY }),
      s("text", { class: "tl-note-label", x: x(note) - 4, y: TOP + 2, "text-anchor": "end" }, "note date"));
  }
  drawRows(svg, rows, x, max, onEvidence);
  if (markers.length) {
    svg.append(s("text", { class: "tl-row-label", x: GUTTER - 8, y: eventsTop + 16, "text-anchor": "end" }, "Events"));
  }
  drawEvents(svg, markers, eventsTop, right, onEvidence);
  container.append(svg, legend(rows));
}

/** Draw the timeline of `result` into `container`; `onEvidence(ids)` shows evidence. */
export function renderTimeline(container, result, onEvidence) {
  const data = gather(result);
  container.replaceChildren();
  if (data.rows.length || data.events.length) chart(container, data, onEvidence);
  else container.append(h("p", { class: "empty" }, "No dated event or treatment."));
  if (data.undated.length) {
    container.append(h("p", { class: "tl-undated" }, h("strong", null, "Undated: "), data.undated.map((e, i) => [i ? ", " : "",
      h("button", { type: "button", class: "ev", "data-mentions": e.mentions.join(" ") }, `${labelName(e.kind)} (${e.label})`)])));
  }
}
