// The document text with its sections and every mention highlighted.
//
// Offsets are Python string indices (code points); JavaScript strings count UTF-16 units, so
// they are converted first. Mentions at the same span share one <mark>; a mention inside another
// is nested in it; a mention that crosses another's end (or a section's) is cut in pieces, the
// first of which is the focusable one.

import { h } from "./dom.js";
import { describe, groupOf, labelName, QUALIFIERS } from "./labels.js";

/** A function from code-point offsets to UTF-16 offsets of `text`. */
function utf16Offsets(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
  const units = [];
  let unit = 0;
  for (const char of text) {
    units.push(unit);
    unit += char.length;
  }
  units.push(unit);
  return (i) => units[Math.min(Math.max(i, 0), units.length - 1)];
}

function spans(result, at) {
  const sections = result.sections
    .map((section) => ({ kind: "section", start: at(section.start), end: at(section.end), section }))
    .filter((item) => item.end > item.start);
  const bounds = [...new Set(sections.flatMap((item) => [item.start, item.end]))].sort((a, b) => a - b);
  const grouped = new Map();
  for (const mention of result.mentions) {
    const key = `${mention.start}:${mention.end}`;
    if (!grouped.has(key)) {
      grouped.set(key, { kind: "mention", start: at(mention.start), end: at(mention.end), mentions: [] });
    }
    grouped.get(key).mentions.push(mention);
  }
  const pieces = [];
  for (const span of grouped.values()) {  // never across a section boundary
    let start = span.start;
    for (const bound of bounds.filter((b) => b > span.start && b < span.end)) {
      pieces.push({ ...span, start, end: bound, piece: start !== span.start });
      start = bound;
    }
    if (span.end > start) pieces.push({ ...span, start, piece: start !== span.start });
  }
  return [...sections, ...pieces];
}

function order(a, b) {
  return a.start - b.start || b.end - a.end || (a.kind === "section" ? -1 : 1);
}

/** Nest spans into a tree; a span crossing its parent's end is cut there. */
function tree(items, length) {
  const root = { start: 0, end: length, children: [] };
  const queue = items.sort(order);
  const stack = [root];
  while (queue.length) {
    let item = queue.shift();
    while (stack.length > 1 && stack[stack.length - 1].end <= item.start) stack.pop();
    const parent = stack[stack.length - 1];
    if (item.end > parent.end) {
      const rest = { ...item, start: parent.end, piece: true };
      const at = queue.findIndex((other) => order(rest, other) < 0);
      queue.splice(at < 0 ? queue.length : at, 0, rest);
      item = { ...item, end: parent.end };
    }
    const node = { ...item, children: [] };
    parent.children.push(node);
    stack.push(node);
  }
  return root;
}

function markFor(node, text) {
  const mentions = node.mentions;
  const labels = [...new Set(mentions.map((m) => m.label))];
  const classes = ["m", `g-${groupOf(mentions[0].label)}`];
  for (const q of QUALIFIERS) if (mentions.every((m) => m[q])) classes.push(q);
  if (node.piece) classes.push("piece");
  const spanText = text.slice(node.start, node.end);
  return h("mark", {
    class: classes.join(" "),
    "data-mentions": mentions.map((m) => m.id).join(" "),
    "data-labels": labels.join(" "),
    tabindex: node.piece ? null : "0",
    role: node.piece ? null : "button",
    "aria-label": node.piece ? null : `${spanText} (${mentions.map(describe).join("; ")})`,
  });
}

function sectionFor(node) {
  const { label, title } = node.section;
  return h("section", { class: `doc-section ${label}`, "data-section": label, "aria-label": title || label },
    h("span", { class: "section-tag", "aria-hidden": "true" }, labelName(label)));
}

function render(node, text, marks) {
  const element = node.kind === "section" ? sectionFor(node) : markFor(node, text);
  fill(element, node, text, marks);
  if (node.kind === "mention") {
    for (const mention of node.mentions) {
      if (!marks.has(mention.id)) marks.set(mention.id, []);
      marks.get(mention.id).push(element);
    }
  }
  return element;
}

function fill(element, node, text, marks) {
  let position = node.start;
  for (const child of node.children) {
    if (child.start > position) element.append(text.slice(position, child.start));
    element.append(render(child, text, marks));
    position = child.end;
  }
  if (node.end > position) element.append(text.slice(position, node.end));
}

/** Render `result.text` into `container`; returns mention id -> its <mark> elements. */
export function renderText(container, result) {
  const at = utf16Offsets(result.text);
  const marks = new Map();
  const root = tree(spans(result, at), result.text.length);
  container.replaceChildren();
  fill(container, root, result.text, marks);
  return marks;
}

/** Without the text (stored without --include-text): the mentions as a list. */
export function renderMentionList(container, result) {
  const marks = new Map();
  const items = result.mentions.map((mention) => {
    const mark = markFor({ mentions: [mention], start: 0, end: mention.text.length }, mention.text);
    mark.append(mention.text);
    marks.set(mention.id, [mark]);
    return h("li", null, mark, " ", h("span", { class: "help" }, describe(mention)));
  });
  container.replaceChildren(
    h("p", { class: "notice" }, "The text of this document was not stored. Extract with ",
      h("code", null, "oncofr extract --include-text --db …"), " to see it here; its mentions are listed below."),
    h("ul", { class: "mention-list" }, items),
  );
  return marks;
}
