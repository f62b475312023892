// Adding a product sheet's chosen variant to CART (the live room's and a replay's alike):
// its button waits while the request goes, and the sheet's note says how it went for 2.5 s.
import { t } from "../shop/strings.js";

export async function addToCart(cart, card, form) {
  if (!cart) return;
  const button = form.querySelector("button");
  button.disabled = true;
  const note = card.querySelector(".added");
  try {
    await cart.addToCart(Number(form.elements.variant.value), 1);
    note.textContent = t("Added to your cart");
  } catch (err) {
    note.textContent = err.message || t("Could not add it to the cart");
  } finally {
    note.hidden = false;
    setTimeout(() => { note.hidden = true; }, 2500);
    button.disabled = false;
  }
}
