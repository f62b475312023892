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

// Minor units per currency, as crosslive/money.py counts them (not always ISO 4217's).
const ZERO_DECIMAL = new Set(["JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD"]);
const THREE_DECIMAL = new Set(["KWD", "BHD", "OMR", "JOD", "TND"]);

// A price as the page's language writes it ("49,00 $" in German). English pages keep the
// server's own text (SHOWN), the house format the emails and the order page use.
export function money(minor, currency, shown) {
  const language = pageLanguage();
  if (language === "en" || typeof minor !== "number" || !currency) return shown;
  const code = currency.toUpperCase();
  const digits = ZERO_DECIMAL.has(code) ? 0 : THREE_DECIMAL.has(code) ? 3 : 2;
  try {
    return new Intl.NumberFormat(language, {
      style: "currency", currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits,
    }).format(minor / 10 ** digits);
  } catch {
    return shown;
  }
}
