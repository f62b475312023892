// The viewer's cart and checkout for one show, in the market's currency.
//
//   import { mountCart, addToCart } from "/static/shop/cart.js";
//   const cart = mountCart(element, { showSlug: "spring-drop", market: "US" });
//   cart.addToCart(variantId, 1);                       // from a product card
//   addToCart(variantId, 1, { showSlug, market });      // or without the mounted cart
//
// Every change dispatches `crosslive:cart-changed` on document (detail: the cart JSON);
// mounted carts listen for it and re-render. All text goes in through textContent, never
// as HTML. The checkout sends one request per attempt with an Idempotency-Key made once
// for that attempt, and the button stays disabled while it is in flight. Each attempt carries
// the total the buyer saw (a price changed meanwhile comes back as 409 with the new total,
// shown before the buyer confirms again) and a solved checkout challenge (proof.js, in a
// Web Worker: a fraction of a second).

import { solveInWorker } from "./proof.js";
import { money, pageLanguage, t } from "./strings.js";

const EVENT = "crosslive:cart-changed";

function base(opts) {
  return `/api/v1/shows/${encodeURIComponent(opts.showSlug)}`;
}

function query(opts, extra = {}) {
  const params = new URLSearchParams(extra);
  if (opts.store) params.set("store", opts.store);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function describe(body) {
  if (body && typeof body.detail === "string") return body.detail;
  if (body && Array.isArray(body.detail)) {
    // Field validation errors: "address.postal_code: String should have at most 20 characters"
    return body.detail.map((e) => `${(e.loc || []).slice(1).join(".")}: ${e.msg}`).join("; ");
  }
  return t("Something went wrong");
}

// The cart belongs to the viewer's identity (identity.js), sent as a header.
const identity = () => globalThis.crossliveViewer?.headers() || {};

async function send(url, { headers = {}, ...init } = {}) {
  const response = await fetch(url, {
    ...init,
    headers: { "Content-Type": "application/json", ...identity(), ...headers },
  });
  globalThis.crossliveViewer?.adopt(response);
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = new Error(describe(body));
    error.status = response.status;
    error.code = body && body.code;
    error.fields = (body && body.fields) || {};
    throw error;
  }
  return body;
}

function newKey() {
  // getRandomValues works on plain http too (randomUUID needs a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function announce(cart) {
  document.dispatchEvent(new CustomEvent(EVENT, { detail: cart }));
  return cart;
}

// COUNTRY (the buyer's, once chosen) decides the tax and duties of the breakdown.
export async function getCart(opts, country) {
  const params = country ? { market: opts.market, country } : { market: opts.market };
  return send(`${base(opts)}/cart${query(opts, params)}`);
}

export async function addToCart(variantId, qty, opts) {
  const cart = await send(`${base(opts)}/cart/items${query(opts)}`, {
    method: "POST",
    body: JSON.stringify({ market: opts.market, variant_id: variantId, quantity: qty || 1 }),
  });
  return announce(cart);
}

export async function setQuantity(variantId, qty, opts) {
  const cart = await send(`${base(opts)}/cart/items/${variantId}${query(opts)}`, {
    method: "PUT",
    body: JSON.stringify({ market: opts.market, quantity: qty }),
  });
  return announce(cart);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function field(label, name, attrs = {}) {
  const input = el("input", { name, id: `cart-${name}`, "aria-describedby": `cart-${name}-error`, ...attrs });
  const problem = el("span", { class: "cart-field-error", id: `cart-${name}-error` });
  return el("label", { for: `cart-${name}` }, el("span", { text: label }), input, problem);
}

// What the server found wrong with each address field (its country's rules), next to the
// field; the fields it did not name are cleared.
function markFields(form, fields = {}) {
  for (const problem of form.querySelectorAll(".cart-field-error")) {
    const name = problem.id.replace(/^cart-/, "").replace(/-error$/, "");
    const text = fields[name] || "";
    problem.textContent = text;
    form.querySelector(`[name=${name}]`)?.toggleAttribute("aria-invalid", Boolean(text));
  }
}

// A country's name in the page's language ("Vereinigte Staaten"); its code where the browser
// has no name for it.
function countryName(code) {
  try {
    return new Intl.DisplayNames([pageLanguage()], { type: "region" }).of(code) || code;
  } catch {
    return code;
  }
}

function countryField(countries) {
  const select = el("select", { name: "country", id: "cart-country", required: "" });
  for (const code of countries) select.append(el("option", { value: code, text: countryName(code) }));
  return el("label", { for: "cart-country" }, el("span", { text: t("Country") }), select);
}

function renderItems(list, cart, opts, onError) {
  list.replaceChildren();
  for (const item of cart.items) {
    const qty = el("input", {
      type: "number", min: "0", max: "99", value: String(item.quantity),
      "aria-label": t("Quantity of %(product)s", { product: item.product_title }), "data-variant": String(item.variant_id),
    });
    qty.addEventListener("change", () => {
      setQuantity(item.variant_id, Number(qty.value), opts).catch(onError);
    });
    list.append(el("li", { class: "cart-line" },
      el("span", { class: "cart-title", text: `${item.product_title} (${item.variant_label})${item.sold_out ? ` · ${t("sold out")}` : ""}` }),
      qty,
      el("span", { class: "cart-line-total", text: money(item.line_total_minor, cart.currency, item.line_total) })));
  }
}

function choice(value, label, checked) {
  const input = el("input", { type: "radio", name: "payment_method", value, id: `cart-pay-${value}` });
  input.checked = checked;
  return el("label", { for: `cart-pay-${value}` }, input, el("span", { text: label }));
}

// Card / wallet (Stripe's hosted page) when the store has Stripe set up, or bank transfer.
function paymentChoice(opts) {
  if (!opts.cards) return null;
  return el("fieldset", { class: "cart-payment" }, el("legend", { text: t("Pay with") }),
    choice("stripe", t("Card / wallet"), true), choice("manual", t("Bank transfer"), false));
}

function buildForm(cart, opts) {
  return el("form", { class: "cart-checkout", novalidate: "" },
    field(t("Email"), "email", { type: "email", required: "", autocomplete: "email" }),
    field(t("Full name"), "name", { required: "", autocomplete: "name" }),
    field(t("Address"), "line1", { required: "", autocomplete: "address-line1" }),
    field(t("Address line 2"), "line2", { autocomplete: "address-line2" }),
    field(t("City"), "city", { required: "", autocomplete: "address-level2" }),
    field(t("State / region"), "region", { autocomplete: "address-level1" }),
    field(t("Postal code"), "postal_code", { autocomplete: "postal-code" }),
    countryField(cart.market.countries),
    paymentChoice(opts),
    el("button", { type: "submit", class: "cart-submit", text: t("Place order") }));
}

async function solvedChallenge(opts) {
  const challenge = await send(`${base(opts)}/checkout/challenge${query(opts)}`, {
    method: "POST",
    body: JSON.stringify({ market: opts.market }),
  });
  const nonce = await solveInWorker(challenge.challenge, challenge.bits);
  return { challenge: challenge.challenge, nonce };
}

function checkoutBody(form, market, opts) {
  const data = new FormData(form);
  const value = (name) => String(data.get(name) || "");
  return {
    market,
    email: value("email"),
    name: value("name"),
    address: {
      line1: value("line1"), line2: value("line2"), city: value("city"),
      region: value("region"), postal_code: value("postal_code"), country: value("country"),
    },
    payment_method: value("payment_method") || "manual",
    // The live room's language (its page speaks the viewer's); elsewhere the server reads
    // the browser's Accept-Language.
    language: opts.language || "",
  };
}

// What the buyer pays before confirming (the server's landed-cost breakdown): the charges
// above the total, and below it what is due on delivery and the delivery promise.
function chargeRows(b, currency) {
  const row = (label, minor, shown) => el("p", { text: `${label}: ${money(minor, currency, shown)}` });
  const rows = [
    row(t("Subtotal"), b.subtotal_minor, b.subtotal), row(t("Shipping"), b.shipping_minor, b.shipping),
  ];
  if (b.tax_minor) rows.push(row(b.tax_included ? t("VAT included") : t("Sales tax"), b.tax_minor, b.tax));
  if (b.duties_minor) rows.push(row(t("Import duties"), b.duties_minor, b.duties));
  return rows;
}

function afterTotalRows(b, currency) {
  const rows = [];
  if (b.duties_at_door_minor) {
    const amount = money(b.duties_at_door_minor, currency, b.duties_at_door);
    const text = t("Due on delivery (duties and import tax, estimate): %(amount)s", { amount });
    rows.push(el("p", { class: "cart-door", text }));
  }
  if (b.delivery) rows.push(el("p", { text: b.delivery }));
  return rows;
}

export function mountCart(container, opts) {
  const status = el("p", { class: "cart-status", role: "status" });
  const list = el("ul", { class: "cart-lines" });
  const charges = el("div", { class: "cart-charges" });
  const total = el("p", { class: "cart-total" });
  const afterTotal = el("div", { class: "cart-after-total" });
  const formSlot = el("div");
  const done = el("div", { class: "cart-done" });
  container.replaceChildren(
    el("h2", { text: t("Your cart") }), list, charges, total, afterTotal, formSlot, status, done,
  );
  let attempt = null; // one Idempotency-Key and body per checkout attempt
  let shown = null; // the cart as the buyer last saw it: the total they confirm
  let inFlight = false;

  const showError = (error) => {
    status.setAttribute("role", "alert");
    status.textContent = error.message;
  };

  const render = (cart) => {
    shown = cart;
    renderItems(list, cart, opts, showError);
    const b = cart.breakdown;
    charges.replaceChildren(...(cart.items.length ? chargeRows(b, cart.currency) : []));
    afterTotal.replaceChildren(...(cart.items.length ? afterTotalRows(b, cart.currency) : []));
    const amount = money(b.total_minor, cart.currency, b.total);
    total.textContent = cart.items.length ? t("Total %(amount)s", { amount }) : t("Your cart is empty.");
    if (!cart.items.length) formSlot.replaceChildren();
    else if (!formSlot.firstChild) formSlot.append(buildForm(cart, opts));
    const form = formSlot.querySelector("form");
    if (form && !form.dataset.bound) {
      form.dataset.bound = "1";
      form.querySelector("select[name=country]")?.addEventListener("change", () => refresh());
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        submit(form);
      });
    }
  };

  async function newAttempt(form) {
    return {
      key: newKey(),
      body: {
        ...checkoutBody(form, opts.market, opts),
        confirmed_total_minor: shown.breakdown.total_minor,
        currency: shown.currency,
        proof: await solvedChallenge(opts),
      },
    };
  }

  async function place(form, retries) {
    // A retry after a lost answer resends the same key and body: the server replays it.
    attempt = attempt || (await newAttempt(form));
    try {
      return await send(`${base(opts)}/checkout${query(opts)}`, {
        method: "POST",
        headers: { "Idempotency-Key": attempt.key },
        body: JSON.stringify(attempt.body),
      });
    } catch (error) {
      if (error.status) attempt = null; // answered: the next try is a new attempt
      if (error.code === "challenge" && retries > 0) return place(form, retries - 1);
      throw error;
    }
  }

  async function submit(form) {
    if (inFlight || !shown) return;
    inFlight = true;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.setAttribute("role", "status");
    status.textContent = t("Placing your order…");
    try {
      const order = await place(form, 1);
      attempt = null;
      if (order.payment?.provider === "stripe") {
        // Paid on Stripe's page; the order turns paid when Stripe's webhook says so.
        status.textContent = t("Opening the secure payment page…");
        const page = await send(`/api/v1/orders/${encodeURIComponent(order.public_id)}/card-payment`, {
          method: "POST",
        });
        window.location.assign(page.url);
        return;
      }
      status.setAttribute("role", "status");
      const amount = money(order.total_minor, order.currency, order.total);
      status.textContent = t("Order placed: %(amount)s", { amount });
      done.replaceChildren(el("a", {
        // The signed link (the same one the confirmation email carries), on this site.
        href: new URL(order.url).pathname, class: "order-link", text: t("See your order"),
      }));
      formSlot.replaceChildren();
      refresh();
    } catch (error) {
      showError(error);
      markFields(form, error.fields);
      if (error.status === 409) refresh(); // sold out or a new price: show the cart as it is now
    } finally {
      inFlight = false;
      button.disabled = false;
    }
  }

  const chosenCountry = () => formSlot.querySelector("select[name=country]")?.value || "";

  // Each answer is rendered only if nothing newer was asked or shown since it was asked:
  // the first refresh must not paint an empty cart over an item added while it was on the way.
  let asked = 0;

  async function refresh() {
    const ticket = ++asked;
    try {
      const cart = await getCart(opts, chosenCountry());
      if (ticket === asked) render(cart);
    } catch (error) {
      if (ticket === asked) showError(error);
    }
  }

  const onChanged = (event) => {
    const cart = event.detail;
    if (!cart || cart.show !== opts.showSlug || cart.market.code !== opts.market) return;
    if (chosenCountry() && chosenCountry() !== cart.market.countries[0]) refresh();
    else {
      asked += 1;
      render(cart);
    }
  };
  document.addEventListener(EVENT, onChanged);
  refresh();
  return {
    refresh,
    addToCart: (variantId, qty) => addToCart(variantId, qty, opts),
    destroy: () => document.removeEventListener(EVENT, onChanged),
  };
}
