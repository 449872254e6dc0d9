// One document result on a page (templates/_document.html): the highlighted text, its legend,
// the record, the timeline, and the links between them.

import { announce, h } from "./dom.js";
import { evidenceHighlighter } from "./evidence.js";
import { describe, groupOf, labelName, QUALIFIERS } from "./labels.js";
import { renderRecord } from "./record-view.js";
import { renderMentionList, renderText } from "./text-view.js";
import { renderTimeline } from "./timeline.js";
import { attachTooltips, factList, mentionFacts } from "./tooltip.js";

const $ = (id) => document.getElementById(id);
let current = null;  // {result, byId, highlight} of the document shown

function legend(result, marks) {
  const counts = new Map();
  for (const mention of result.mentions) counts.set(mention.label, (counts.get(mention.label) || 0) + 1);
  const chips = [...counts].sort((a, b) => b[1] - a[1]).map(([label, count]) => {
    const chip = h("button", { type: "button", class: `legend-chip g-${groupOf(label)}`, "aria-pressed": "true", "data-label": label,
      title: `Show or hide the ${labelName(label)} highlights` }, labelName(label), h("span", { class: "n" }, count));
    chip.addEventListener("click", () => {
      chip.setAttribute("aria-pressed", chip.getAttribute("aria-pressed") === "true" ? "false" : "true");
      const hidden = new Set([...$("legend").querySelectorAll("[aria-pressed='false']")].map((c) => c.dataset.label));
      for (const mark of new Set([...marks.values()].flat())) {
        mark.classList.toggle("muted", mark.dataset.labels.split(" ").every((l) => hidden.has(l)));
      }
    });
    return chip;
  });
  const samples = QUALIFIERS.map((q) => h("span", { class: `m g-other ${q}` }, q));
  return [...chips, h("div", { class: "legend-qualifiers" }, "Qualifiers:", samples)];
}

function details(mark, byId, highlight) {
  const panel = $("details");
  const ids = mark.dataset.mentions.split(" ");
  const uses = [...$("record-body").querySelectorAll("button.ev")]
    .filter((button) => button.dataset.mentions.split(" ").some((id) => ids.includes(id)));
  const close = h("button", { type: "button", class: "button-link details-close" }, "Close");
  close.addEventListener("click", () => { panel.hidden = true; mark.focus(); });
  panel.replaceChildren(close,
    ...ids.map((id) => byId.get(id)).filter(Boolean).map((mention) => h("div", null,
      h("h4", null, `« ${mention.text} »`),
      factList([...mentionFacts(mention), ["id", mention.id], ...Object.entries(mention.attributes || {})
        .map(([key, value]) => [labelName(key), typeof value === "object" ? JSON.stringify(value) : String(value)])]))),
    uses.length
      ? h("p", null, "In the record: ", uses.map((button, i) => {
        const go = h("button", { type: "button", class: "ev" }, button.textContent);
        go.addEventListener("click", () => {
          button.scrollIntoView({ block: "center" });
          button.focus();
          button.classList.add("flash");
          window.setTimeout(() => button.classList.remove("flash"), 1500);
          highlight(button.dataset.mentions.split(" "));
        });
        return [i ? ", " : "", go];
      }))
      : h("p", { class: "empty" }, "Not used in the record (negated, hypothetical, or context only)."));
  panel.hidden = false;
  announce(`Details: ${ids.map((id) => byId.get(id)).filter(Boolean).map(describe).join("; ")}`);
}

/** Fill the document view with `result`; `actions` are extra links for its header. */
export function renderDocument(result, actions = []) {
  const byId = new Map(result.mentions.map((m) => [m.id, m]));
  $("doc-title").textContent = result.id;
  const meta = result.meta;
  $("doc-meta").textContent = [labelName(meta.type), meta.note_date && `note of ${meta.note_date}`, meta.source,
    `${result.mentions.length} mentions`, `${result.sections.length} sections`].filter(Boolean).join(" · ");
  $("doc-actions").replaceChildren(...actions);
  const text = $("text");
  const marks = typeof result.text === "string" ? renderText(text, result) : renderMentionList(text, result);
  $("legend").replaceChildren(...legend(result, marks));
  renderRecord($("record-body"), result);
  $("details").hidden = true;
  const highlight = evidenceHighlighter(marks);
  const root = $("doc");
  root.hidden = false;  // before the timeline, which takes the width it is given
  const timeline = $("timeline");
  renderTimeline(timeline, result, highlight);
  if (!current) wire(root, text, timeline);
  current = { result, byId, highlight };
}

/** Listeners, once per page; they act on the document shown. */
function wire(root, text, timeline) {
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button.ev[data-mentions]");
    if (button) current.highlight(button.dataset.mentions.split(" ").filter(Boolean));
    const mark = event.target.closest("mark.m[data-mentions]");
    if (mark && text.contains(mark)) details(mark, current.byId, current.highlight);
  });
  text.addEventListener("keydown", (event) => {
    const mark = event.target.closest("mark.m[data-mentions]");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      details(mark, current.byId, current.highlight);
    }
  });
  attachTooltips(text, { get: (id) => current.byId.get(id) });
  let width = timeline.clientWidth;
  window.addEventListener("resize", () => {
    if (Math.abs(timeline.clientWidth - width) > 40) {
      width = timeline.clientWidth;
      renderTimeline(timeline, current.result, current.highlight);
    }
  });
}
