// The live room's variant choices follow the stock (a `stock_changed` event).
import { t } from "../shop/strings.js";

// Units came back on sale (an unpaid order ran out of time) or ran out: the open cards'
// variant choices follow. The label's " · sold out" is the server's, added when rendered.
export function setStock(variants) {
  for (const { id, in_stock: inStock } of variants) {
    for (const option of document.querySelectorAll(`select[name="variant"] option[value="${Number(id)}"]`)) {
      option.disabled = !inStock;
      const soldOut = ` · ${t("sold out")}`;
      const label = option.textContent.endsWith(soldOut) ? option.textContent.slice(0, -soldOut.length) : option.textContent;
      option.textContent = inStock ? label : `${label}${soldOut}`;
    }
  }
}
