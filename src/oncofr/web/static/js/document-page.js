// A stored document: GET /v1/documents/{id}, with its JSON and FHIR exports.

import { api, documentPath } from "./api.js";
import { h, showError } from "./dom.js";
import { renderDocument } from "./document-view.js";

const id = document.getElementById("page").dataset.docId;
const path = `/v1/documents/${documentPath(id)}`;

try {
  const result = await api(path);
  renderDocument(result, [
    h("a", { class: "button", href: path, download: `${id.split("/").pop()}.json` }, "Download JSON"),
    h("a", { class: "button", href: `${path}/fhir`, download: `${id.split("/").pop()}.fhir.json` }, "FHIR Bundle"),
  ]);
} catch (failure) {
  showError(document.getElementById("load-error"), failure.message);
} finally {
  document.getElementById("loading").hidden = true;
}
