// Horizontal bar charts in inline SVG, drawn at the width of their panel; a bar can be a button
// (to filter on its key).

import { h, s } from "./dom.js";

const BAR = 24;
const MAX_BARS = 10;

function bar(item, row, width, labelWidth, max, unit, onSelect) {
  const y = row * BAR + 2;
  const name = item.label ? `${item.key} ${item.label}` : item.key;
  const said = `${name}: ${item.count}${unit}`;
  const length = Math.max(2, ((width - labelWidth - 36) * item.count) / max);
  const chars = Math.floor(labelWidth / 7);
  const group = s("g", { class: "bar-item" },
    s("title", null, said),
    s("rect", { class: "bar-bg", x: 0, y, width, height: BAR - 2 }),
    s("text", { class: "bar-label", x: labelWidth - 6, y: y + 15, "text-anchor": "end" },
      name.length > chars ? `${name.slice(0, chars - 1)}…` : name),
    s("rect", { class: "bar", x: labelWidth, y: y + 4, width: length, height: BAR - 10, rx: 3 }),
    s("text", { class: "bar-count", x: labelWidth + length + 5, y: y + 15 }, item.count));
  if (!onSelect) {
    group.setAttribute("role", "img");
    group.setAttribute("aria-label", said);
    return group;
  }
  group.setAttribute("tabindex", "0");
  group.setAttribute("role", "button");
  group.setAttribute("aria-label", `${said}. Filter on ${item.key}`);
  group.addEventListener("click", () => onSelect(item));
  group.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); onSelect(item); }
  });
  return group;
}

/** Append a chart panel to `container`: `items` are {key, label?, count}, most first;
 * `onSelect(item)` makes each bar a button. */
export function barChart(container, title, items, { unit = "", onSelect = null } = {}) {
  const id = `chart-${title.toLowerCase().replace(/\W+/g, "-")}`;
  const panel = h("section", { class: "panel chart", "aria-labelledby": id }, h("h2", { class: "panel-title", id }, title));
  container.append(panel);
  if (!items.length) {
    panel.append(h("p", { class: "empty" }, "none"));
    return;
  }
  const shown = items.slice(0, MAX_BARS);
  const width = Math.max(240, panel.clientWidth - 32);
  const labelWidth = Math.round(width * 0.45);
  const max = Math.max(...shown.map((item) => item.count));
  const svg = s("svg", { viewBox: `0 0 ${width} ${shown.length * BAR + 4}`, width, role: "group", "aria-labelledby": id },
    shown.map((item, row) => bar(item, row, width, labelWidth, max, unit, onSelect)));
  panel.append(svg);
  if (items.length > MAX_BARS) panel.append(h("p", { class: "help" }, `and ${items.length - MAX_BARS} more`));
}
