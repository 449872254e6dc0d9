// The paste-and-extract page: send the text (or file) to POST /v1/extract, show the result.

import { api } from "./api.js";
import { announce, h, showError } from "./dom.js";
import { renderDocument } from "./document-view.js";

const form = document.getElementById("extract-form");
const textInput = document.getElementById("text-input");
const fileInput = document.getElementById("file");
const button = document.getElementById("extract-button");
const error = document.getElementById("form-error");

// An invented note, to try the page.
const EXAMPLE = `Compte rendu de consultation d'oncologie digestive

Histoire de la maladie
Mme L., 58 ans, suivie pour un adénocarcinome du côlon sigmoïde découvert en mars 2020, opéré par sigmoïdectomie le 12/04/2020.
Métastases hépatiques des segments IV et VII (la plus grande de 32 mm) diagnostiquées en septembre 2020.

Traitement
Chimiothérapie par FOLFOX et bévacizumab 5 mg/kg toutes les deux semaines débutée le 01/10/2020, arrêtée en mars 2021 pour neuropathie de grade 2.
Le scanner d'évaluation montre une réponse partielle.

Biologie
ACE 12 ng/mL, hémoglobine 10,9 g/dL, créatinine 70 µmol/L.

Conclusion
Pas de métastase pulmonaire. Une radiofréquence hépatique pourrait être discutée en RCP.`;

document.getElementById("example").addEventListener("click", () => {
  textInput.value = EXAMPLE;
  document.getElementById("note-date").value = "2021-06-15";
  textInput.focus();
});

function download(result) {
  const blob = new Blob([JSON.stringify(result, null, 2)], { type: "application/json" });
  return h("a", { class: "button", href: URL.createObjectURL(blob), download: `${result.id}.json` }, "Download JSON");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  showError(error, "");
  const noteDate = document.getElementById("note-date").value || null;
  const file = fileInput.files[0];
  let options;
  if (file) {
    const body = new FormData();
    body.append("file", file);
    if (noteDate) body.append("note_date", noteDate);
    options = { method: "POST", body };
  } else if (textInput.value.trim()) {
    options = {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: textInput.value, note_date: noteDate, id: "pasted-text" }),
    };
  } else {
    showError(error, "Paste a text or choose a file first.");
    textInput.focus();
    return;
  }
  button.disabled = true;
  button.textContent = "Extracting…";
  form.setAttribute("aria-busy", "true");
  try {
    const result = await api("/v1/extract", options);
    renderDocument(result, [download(result)]);
    announce(`Extracted ${result.mentions.length} mentions.`);
    document.getElementById("doc").scrollIntoView({ block: "start" });
  } catch (failure) {
    showError(error, failure.message);
  } finally {
    button.disabled = false;
    button.textContent = "Extract";
    form.removeAttribute("aria-busy");
  }
});
