// A chat message in the reader's language: the translation when there is one, with the
// original a tap away; the original, marked "translation unavailable", when none could be
// made. The server sends each reader only their language (data.translation).
import { t } from "../shop/strings.js";

const LABELS = {
  original: t("Original"), translation: t("Translation"), unavailable: t("translation unavailable"),
};

// Fills SPAN with the message's text and returns what goes after it (a toggle or a note).
export function translatedText(span, data) {
  span.textContent = data.body;
  if (data.lang) span.lang = data.lang;
  const translation = data.translation;
  if (!translation) return [];
  if (translation.unavailable) {
    const note = document.createElement("small");
    note.className = "msg-note";
    note.textContent = LABELS.unavailable;
    return [note];
  }
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "msg-original";
  let original = false;
  const show = () => {
    span.textContent = original ? data.body : translation.body;
    span.lang = original ? data.lang || "" : translation.lang;
    toggle.textContent = original ? LABELS.translation : LABELS.original;
    toggle.setAttribute("aria-pressed", String(original));
  };
  toggle.addEventListener("click", () => { original = !original; show(); });
  show();
  return [toggle];
}
