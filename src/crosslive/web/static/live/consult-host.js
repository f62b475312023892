// The console's side of one-to-one video calls (crosslive.consultations): the store's waiting
// requests (from any show, its replay or embed) with "Take the call"; the call itself (this
// host's camera, the viewer's video, "Send to their cart" for the show's products, Hang up).
// Nothing is recorded. The list is polled; call events re-read it at once. After a media
// server (or app) restart the call joins again by itself with a fresh pass (media/call.js).
import { joinCall } from "../media/call.js";
import { t } from "../shop/strings.js";

const POLL_MS = 3000;

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

export function mountConsultHost({ csrf, after, onError }) {
  const list = el("ul", { className: "consult-requests" });
  const note = el("p", { className: "muted", textContent: t("Calls are private and not recorded.") });
  const mine = el("video", { muted: true, playsInline: true, autoplay: true, className: "consult-self" });
  const theirs = el("video", { playsInline: true, autoplay: true, className: "consult-remote" });
  const choice = el("select", { className: "consult-product", ariaLabel: t("Product") });
  const sendCard = el("button", { type: "button", textContent: t("Send to their cart") });
  const hangUp = el("button", { type: "button", className: "secondary", textContent: t("Hang up") });
  const sent = el("ul", { className: "consult-cards" });
  const callBox = el("div", { className: "consult-call", hidden: true }, el("div", { className: "consult-videos" }, theirs, mine), el("p", {}, choice, sendCard, hangUp), sent);
  const box = el("section", { className: "panel consult-panel" }, el("h2", { textContent: t("Video calls") }), note, list, callBox);
  after.after(box);
  let active = null;  // { id, call, stream }

  async function request(method, path, body) {
    const response = await fetch(`/api/v1/host/consultations${path}`, {
      method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) onError(data.detail || t("Request failed (%(status)s)", { status: response.status }));
    return response.ok ? data : null;
  }

  function stop() {
    if (!active) return;
    active.call?.stop();
    active.stream?.getTracks().forEach((track) => track.stop());
    active = null;
    callBox.hidden = true;
    sent.replaceChildren();
  }

  async function start(id, pass) {
    active = { id };
    const mineNow = active;
    callBox.hidden = false;
    callBox.dataset.consultation = String(id);
    try {
      mineNow.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } });
      mine.srcObject = mineNow.stream;
      mine.play().catch(() => {});
      const renew = async () => {
        const fresh = await request("POST", `/${id}/join`);
        if (!fresh) throw new Error("no fresh pass");
        return fresh;
      };
      mineNow.call = await joinCall({ pass, renew, stream: mineNow.stream, remote: theirs, onGone: refresh });
      if (active !== mineNow) mineNow.call.stop();
    } catch (error) {
      onError(error.message || t("Could not use your camera or microphone"));
    }
  }

  function row(item) {
    const when = new Date(item.requested_at);
    const what = [item.language_name, item.market, item.product, item.show].filter(Boolean).join(" · ");
    const li = el("li", { className: "consult-request" }, el("strong", { textContent: t("Video call request") }), ` ${what} `);
    li.dataset.consultation = String(item.consultation_id);
    li.dataset.state = item.state;
    if (item.note) li.append(el("q", { textContent: item.note }));
    li.append(el("time", { dateTime: item.requested_at, textContent: ` ${when.toLocaleTimeString()} ` }));
    if (item.state === "waiting") {
      const take = el("button", { type: "button", textContent: t("Take the call") });
      take.addEventListener("click", async () => {
        take.disabled = true;
        const pass = await request("POST", `/${item.consultation_id}/accept`);
        if (pass) { stop(); start(item.consultation_id, pass); }
        refresh();
      });
      li.append(take);
    }
    return li;
  }

  function showCall(item) {
    const chosen = choice.value;
    choice.replaceChildren(...item.products.map((p) => el("option", { value: String(p.variant_id), textContent: `${p.title} (${p.variant})` })));
    if (chosen) choice.value = chosen;
    sent.replaceChildren(...item.cards.map((c) => el("li", { textContent: t("In their cart: %(product)s", { product: `${c.title} (${c.variant})` }) })));
  }

  async function refresh() {
    const items = await request("GET", "");
    if (!items) return;
    list.replaceChildren(...items.map(row));
    const current = active && items.find((item) => item.consultation_id === active.id && item.state === "accepted");
    if (active && !current) stop();  // the viewer hung up
    else if (current) showCall(current);
  }

  sendCard.addEventListener("click", async () => {
    if (!active || !choice.value) return;
    sendCard.disabled = true;
    await request("POST", `/${active.id}/cards`, { variant_id: Number(choice.value) });
    sendCard.disabled = false;
    refresh();
  });
  hangUp.addEventListener("click", async () => {
    if (!active) return;
    const id = active.id;
    stop();
    await request("POST", `/${id}/hangup`);
    refresh();
  });

  refresh();
  setInterval(refresh, POLL_MS);
  // The media server restarted (or the event log came back after a drop): ask the call now.
  return { refresh, check: () => active?.call?.check() };
}
