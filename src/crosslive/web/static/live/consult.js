// "Video call with the store" (live room, replay, embed): the viewer asks (an optional email
// for when nobody is free), waits, and once a host takes the call both talk one-to-one in a
// private room; products the host sends land in this viewer's cart. Either side hangs up.
// Nothing is recorded. The request's state is polled (and re-read at once on its events).
// After a media server (or app) restart the call joins again by itself with a fresh pass
// (media/call.js); the show's `media_restart` and the event log's reconnect make it ask now.
import { joinCall } from "../media/call.js";
import { t } from "../shop/strings.js";

const viewer = globalThis.crossliveViewer;
const POLL_MS = 2000;

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

async function send(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { "Content-Type": "application/json", ...viewer.headers(), ...(options.headers || {}) },
  });
  const token = response.headers.get("X-Viewer-Token");
  if (token) viewer.set(token, viewer.name());
  const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.detail || t("Something went wrong"));
  return data;
}

export function mountConsult({ button, show, store, market, productId = () => null, onCart = () => {} }) {
  if (!button) return {};
  const status = el("p", { className: "consult-status", role: "status" });
  const email = el("input", { type: "email", name: "email", maxLength: 254, autocomplete: "email" });
  const ask = el("button", { type: "submit", className: "primary", textContent: t("Ask for a call") });
  const close = el("button", { type: "button", className: "secondary", textContent: t("Close") });
  const hangUp = el("button", { type: "button", className: "secondary", textContent: t("Hang up"), hidden: true });
  const mine = el("video", { muted: true, playsInline: true, autoplay: true, className: "consult-self" });
  const theirs = el("video", { playsInline: true, autoplay: true, className: "consult-remote" });
  const videos = el("div", { className: "consult-videos", hidden: true }, theirs, mine);
  const cards = el("ul", { className: "consult-cards" });
  const form = el(
    "form",
    { className: "consult-ask" },
    el("label", {}, t("Your email, in case nobody is free right now"), email),
    ask,
  );
  const dialog = el(
    "dialog",
    { className: "consult-dialog" },
    el("h2", { textContent: t("Video call with the store") }),
    el("p", { textContent: t("Talk one-to-one with someone from the store, on camera. Nothing is recorded.") }),
    form, status, videos, cards,
    el("p", { className: "consult-actions" }, hangUp, close),
  );
  document.body.append(dialog);
  let current = null;  // { id, state, call, stream, timer, shown }

  const path = (p) => `/api/v1${p}`;
  const query = store ? `?store=${encodeURIComponent(store)}` : "";

  function finish(message) {
    if (!current) return;
    clearInterval(current.timer);
    current.call?.stop();
    current.stream?.getTracks().forEach((track) => track.stop());
    videos.hidden = true;
    hangUp.hidden = true;
    form.hidden = false;
    status.textContent = message;
    dialog.dataset.state = "over";
    current = null;
  }

  async function startCall(state) {
    current.joining = true;
    status.textContent = t("%(host)s is with you", { host: state.host });
    try {
      current.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } });
      mine.srcObject = current.stream;
      mine.play().catch(() => {});
      videos.hidden = false;
      const join = () => send(path(`/live/consultations/${current.id}/join`), { method: "POST" });
      current.call = await joinCall({ pass: await join(), renew: join, stream: current.stream, remote: theirs, onGone: poll });
    } catch (error) {
      status.textContent = error.message || t("Could not use your camera or microphone");
    }
  }

  function showCards(list) {
    for (const card of list.slice(current.shown)) {
      cards.append(el("li", { className: "consult-card", textContent: t("Added to your cart: %(product)s", { product: `${card.title} (${card.variant})` }) }));
      onCart(card);
    }
    current.shown = list.length;
  }

  async function poll() {
    if (!current) return;
    let state;
    try { state = await send(path(`/live/consultations/${current.id}`)); } catch { return; }
    if (!current) return;
    dialog.dataset.state = state.state;
    if (state.state === "accepted" && !current.joining) startCall(state);
    showCards(state.cards || []);
    if (state.state === "expired") {
      finish(state.email
        ? t("Nobody is free right now. We will email you at %(email)s.", { email: state.email })
        : t("Nobody is free right now. Please try again later."));
    } else if (state.state === "ended") finish(t("The call has ended"));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    ask.disabled = true;
    try {
      const body = { email: email.value.trim(), market, language: document.documentElement.lang, product_id: productId() };
      const state = await send(path(`/live/${encodeURIComponent(show)}/consultations${query}`), { method: "POST", body: JSON.stringify(body) });
      current = { id: state.consultation_id, shown: 0, timer: setInterval(poll, POLL_MS) };
      dialog.dataset.consultation = String(current.id);
      dialog.dataset.state = "waiting";
      form.hidden = true;
      hangUp.hidden = false;
      cards.replaceChildren();
      status.textContent = t("Waiting for someone from the store…");
    } catch (error) {
      status.textContent = error.message;
    } finally {
      ask.disabled = false;
    }
  });
  hangUp.addEventListener("click", async () => {
    if (!current) return;
    await send(path(`/live/consultations/${current.id}/hangup`), { method: "POST" }).catch(() => {});
    finish(t("The call has ended"));
  });
  close.addEventListener("click", () => dialog.close());
  button.addEventListener("click", () => dialog.showModal());

  // The show's event log: re-read the request at once when something happened to a call.
  const now = () => { if (current) poll(); };
  // media_restart (also called when the log is back after a drop): is the call's media still there?
  const check = () => current?.call?.check();
  return { consult_accepted: now, consult_ended: now, consult_expired: now, consult_card: now, media_restart: check };
}
