// The stand-alone cart page (/shows/{show}/cart): the cart of the show named in #cart's data.
import { mountCart } from "/static/shop/cart.js";

const el = document.getElementById("cart");
window.crossliveCart = mountCart(el, {
  showSlug: el.dataset.show, market: el.dataset.market, store: el.dataset.store || null,
});
