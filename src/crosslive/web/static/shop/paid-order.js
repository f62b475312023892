// After Stripe's hosted page sends the buyer back (/live/{show}?paid_order=ID), the live room
// shows "Payment received — confirming…" and asks for the order's status until Stripe's
// webhook has made it paid. The redirect itself proves nothing: only the server's answer turns
// the notice into "Paid". The question carries the viewer's own token (identity.js), and the
// server answers only the viewer who placed the order, with its status and nothing else.
//
//   import { watchPaidOrder } from "/static/shop/paid-order.js";
//   watchPaidOrder(noticeElement, publicId);

import { t } from "./strings.js";

const CONFIRMING = "Payment received — confirming…";
const TEXT = {
  paid: "Paid",
  shipped: "Paid",
  delivered: "Paid",
  closed: "Paid",
  cancelled: "This order was cancelled before the payment arrived; a payment made is refunded in full.",
};
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 5000;
const GIVE_UP_AFTER_MS = 10 * 60 * 1000;

async function statusOf(publicId) {
  const response = await fetch(`/api/v1/orders/${encodeURIComponent(publicId)}/status`, {
    headers: { ...(globalThis.crossliveViewer?.headers() || {}) },
    cache: "no-store",
  });
  if (response.status === 404 || response.status === 401) return "unknown";
  if (!response.ok) return null; // busy or offline: ask again later
  const body = await response.json();
  return typeof body.status === "string" ? body.status : null;
}

function show(notice, status, text) {
  notice.dataset.status = status;
  notice.textContent = t(text); // text only, never HTML
  notice.hidden = false;
}

export function watchPaidOrder(notice, publicId) {
  if (!notice || !publicId) return;
  show(notice, "confirming", CONFIRMING);
  const started = Date.now();
  let delay = FIRST_DELAY_MS;
  const ask = async () => {
    let status = null;
    try {
      status = await statusOf(publicId);
    } catch {
      status = null; // the network dropped: try again
    }
    if (status === "unknown") {
      show(notice, "unknown", "We could not find this order in this browser.");
      return;
    }
    if (status && TEXT[status]) {
      show(notice, status, TEXT[status]);
      return;
    }
    if (Date.now() - started > GIVE_UP_AFTER_MS) {
      show(notice, "slow", "Payment not confirmed yet. Your order page and email will show it once it is.");
      return;
    }
    delay = Math.min(delay * 1.5, MAX_DELAY_MS);
    setTimeout(ask, delay);
  };
  ask();
}
