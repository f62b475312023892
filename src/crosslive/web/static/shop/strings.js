// The page's words for ES modules, in the viewer's language.
//
//   import { t } from "/static/shop/strings.js";
//   t("Total %(amount)s", { amount: "19,99 €" });
//
// The server puts the translated strings (web/js_strings.py) as JSON in <body data-strings>,
// keyed by their English text; a string the page lacks reads as that English text.

let table = null;

function strings() {
  if (table === null) {
    try {
      table = JSON.parse(document.body?.dataset.strings || "{}");
    } catch {
      table = {};
    }
  }
  return table;
}

export function t(message, values = {}) {
  const text = strings()[message] || message;
  return text.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// The page's language (<html lang>), for Intl formatting.
export function pageLanguage() {
  return document.documentElement.lang || "en";
}
