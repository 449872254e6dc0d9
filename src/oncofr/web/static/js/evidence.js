// Clicking a record value: scroll to its evidence in the text and highlight it.

import { announce, reducedMotion } from "./dom.js";

/** A function that highlights the marks of the given mention ids (and only those). */
export function evidenceHighlighter(marks) {
  let shown = [];
  return function highlight(ids) {
    for (const mark of shown) mark.classList.remove("evidence");
    shown = [...new Set(ids.flatMap((id) => marks.get(id) || []))];
    for (const mark of shown) mark.classList.add("evidence");
    if (!shown.length) {
      announce("This value has no evidence in the text.");
      return;
    }
    const first = shown[0];
    first.scrollIntoView({ block: "center", behavior: reducedMotion() ? "auto" : "smooth" });
    (first.closest("[tabindex='0']") || first).focus({ preventScroll: true });
    announce(`${shown.length} evidence passage${shown.length > 1 ? "s" : ""} highlighted.`);
  };
}
