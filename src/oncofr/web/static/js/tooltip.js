// The code and normalised value of a mention, shown while it is hovered or focused.

import { h } from "./dom.js";
import { formatValue, labelName, qualifiersOf } from "./labels.js";

/** Rows (term, description) that describe one mention. */
export function mentionFacts(mention) {
  const rows = [["label", labelName(mention.label)]];
  if (mention.code) rows.push(["code", `${mention.code}${mention.system ? ` (${mention.system})` : ""}`]);
  const value = formatValue(mention.value);
  if (value) rows.push(["value", value]);
  const qualifiers = qualifiersOf(mention);
  if (qualifiers.length) rows.push(["qualifiers", qualifiers.join(", ")]);
  if (mention.section) rows.push(["section", labelName(mention.section)]);
  return rows;
}

export function factList(rows) {
  return h("dl", null, rows.map(([term, value]) => [h("dt", null, term), h("dd", null, value)]));
}

/** Show a tooltip for the marks inside `container`; `byId` maps mention ids to mentions. */
export function attachTooltips(container, byId) {
  const tip = h("div", { class: "tooltip", role: "tooltip", id: "mention-tooltip", hidden: true });
  document.body.append(tip);
  let current = null;

  function show(mark) {
    current = mark;
    const mentions = mark.dataset.mentions.split(" ").map((id) => byId.get(id)).filter(Boolean);
    tip.replaceChildren(...mentions.map((m) => h("div", { class: "tip-mention" }, factList(mentionFacts(m)))));
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const width = tip.offsetWidth;
    const left = Math.min(Math.max(8, box.left), window.innerWidth - width - 8);
    const below = box.bottom + 6 + tip.offsetHeight < window.innerHeight;
    tip.style.setProperty("left", `${left}px`);
    tip.style.setProperty("top", `${below ? box.bottom + 6 : box.top - tip.offsetHeight - 6}px`);
  }

  function hide() {
    current = null;
    tip.hidden = true;
  }

  const markOf = (event) => event.target.closest && event.target.closest("mark.m");
  container.addEventListener("mouseover", (event) => {
    const mark = markOf(event);
    if (mark && mark !== current) show(mark);
  });
  container.addEventListener("mouseleave", hide);
  container.addEventListener("focusin", (event) => { if (markOf(event)) show(markOf(event)); });
  container.addEventListener("focusout", hide);
  container.addEventListener("scroll", hide, { passive: true });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hide(); });
}
