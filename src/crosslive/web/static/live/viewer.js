// The viewer's live room: chat, pinned products, credential cards, host-answering banner.
// Everything a person wrote is put on the page with textContent, never as HTML.
import { mountPlayer } from "../media/player.js";
import { ShowSocket, withStore } from "./socket.js";
import { money, t } from "../shop/strings.js";
import { translatedText } from "./translated.js";
import { isolated, SEPARATOR } from "./isolated.js";
import { mountCaptions } from "./captions.js";
import { mountPicturePlace } from "./picture-place.js";
import { actionReporter } from "./actions.js";
import { mountStage } from "./stage.js";
import { mountConsult } from "./consult.js";
import { reviewHandlers } from "./sheet-reviews.js";
import { setStock } from "./stock.js";
import { addToCart } from "./add-to-cart.js";
import { playClip, stopClip } from "./clip.js";
import { localSupportHours } from "../shop/support-hours.js";

const body = document.body;
const show = body.dataset.show;
const store = body.dataset.store;
const country = body.dataset.country;
const feed = document.querySelector(".chat-feed");
const pins = document.querySelector(".pins");
const composer = document.querySelector(".composer");
const errorBox = document.querySelector(".composer-error");
const answering = document.querySelector(".answering");
const overlay = document.querySelector(".credential-overlay");
const MAX_FEED = 80;
const reported = actionReporter(api("/actions"), { market: body.dataset.market });
// The language chat is read and written in: the page's (the browser's unless changed).
const language = document.documentElement.lang;

function api(path) {
  return withStore(`/api/v1/live/${encodeURIComponent(show)}${path}`, store);
}

function fragment(path) {
  const url = new URL(`/live/${encodeURIComponent(show)}${path}`, location.origin);
  url.searchParams.set("store", store);
  if (country) url.searchParams.set("country", country);
  return url.pathname + url.search;
}

function addMessage(event) {
  const data = event.data;
  if (data.deleted) return;
  const item = document.createElement("li");
  item.className = "msg" + (data.staff ? " staff" : "") + (data.question ? " question" : "");
  item.dataset.message = String(data.message_id);
  // The name and the text: isolated runs, each in its own direction (isolated.js).
  const name = isolated("msg-name", data.name);
  const text = isolated("msg-body", "");
  item.append(name, SEPARATOR, text, ...translatedText(text, data));
  if (data.staff) name.after(" ", isolated("msg-role", t("host")));
  if (data.question) text.before(isolated("msg-tag", t("Question")), " ");
  feed.append(item);
  while (feed.children.length > MAX_FEED) feed.firstElementChild.remove();
  feed.scrollTop = feed.scrollHeight;
}

// An instant answer from the store's facts (or a note that the host will answer), under
// the question it answers. The asker reads it in the language they asked in.
const asked = new Set();
async function askForAnswer(messageId) {
  asked.add(Number(messageId));
  await fetch(api("/ask"), {
    method: "POST",
    headers: { "Content-Type": "application/json", ...viewer.headers() },
    body: JSON.stringify({ message_id: messageId, country: country || "" }),
  }).catch(() => null);
}

function addAnswer(data) {
  const item = feed.querySelector(`[data-message="${Number(data.message_id)}"]`);
  if (!item || item.querySelector(".auto-answer")) return;
  const answer = document.createElement("span");
  answer.className = "auto-answer" + (data.escalated ? " escalated" : "");
  // Others read it in their language (the same facts, that language's template).
  const own = asked.has(Number(data.message_id));
  const read = !own && data.translation?.body ? data.translation : { lang: data.language, body: data.answer };
  answer.lang = read.lang;
  answer.dir = read.lang === "ar" ? "rtl" : "auto";
  answer.textContent = read.body;
  item.append(answer);
}

function removeMessage(id) {
  feed.querySelector(`[data-message="${Number(id)}"]`)?.remove();
}

const pinState = new Map();

async function showPin(productId) {
  pinState.set(productId, true);
  if (pins.querySelector(`.pin[data-product="${Number(productId)}"]`)) return;
  const response = await fetch(fragment(`/cards/${Number(productId)}`));
  // Unpinned (or pinned twice) while the card was on its way.
  if (response.status !== 200 || !pinState.get(productId)) return;  // 204: not for this market
  if (pins.querySelector(`.pin[data-product="${Number(productId)}"]`)) return;
  const template = document.createElement("template");
  template.innerHTML = await response.text();  // server-rendered, escaped by the template
  const card = template.content.firstElementChild;
  pins.prepend(card);
  wireCard(card);
  card.classList.add("arrived");
}

function hidePin(productId) {
  pinState.set(productId, false);
  pins.querySelector(`.pin[data-product="${Number(productId)}"]`)?.remove();
}

const PUSH_FRESH_MS = 15000;

async function showCredential(credentialId, at) {
  // A push replayed from history after it was relevant is not shown again.
  if (at && Date.now() - Date.parse(at) > PUSH_FRESH_MS) return;
  const response = await fetch(fragment(`/credentials/${Number(credentialId)}`));
  if (response.status !== 200) return;  // not for this viewer's market
  stopClip(overlay);
  overlay.querySelector(".credential-slot").innerHTML = await response.text();
  overlay.hidden = false;
  reported.credentialPushed(credentialId);
  clearTimeout(showCredential.timer);
  showCredential.timer = playClip(overlay, hideOverlay, 12000);
}

function hideOverlay() {
  overlay.hidden = true;
  stopClip(overlay);
}

// The credential expired or was withdrawn: every card of it goes, the pushed one too.
function removeCredential(credentialId) {
  for (const card of document.querySelectorAll(`.credential[data-credential="${Number(credentialId)}"]`)) {
    if (card.closest(".credential-slot")) hideOverlay();
    card.remove();
  }
}

function setAnswering(data) {
  const said = isolated("answering-body", data.translation?.body || data.body);
  const lang = data.translation?.body ? data.translation.lang : data.lang;
  if (lang) said.lang = lang;
  answering.querySelector(".answering-text").replaceChildren(isolated("answering-name", data.name), SEPARATOR, said);
  answering.hidden = false;
  answering.dataset.message = String(data.message_id);
  feed.querySelector(`[data-message="${Number(data.message_id)}"]`)?.classList.add("being-answered");
}

function clearAnswering(data) {
  if (answering.dataset.message === String(data.message_id)) answering.hidden = true;
  feed.querySelector(`[data-message="${Number(data.message_id)}"]`)?.classList.remove("being-answered");
}

function setState(state) {
  const badge = document.querySelector(".room-top .badge");
  badge.className = `badge ${state === "live" ? "live" : state === "ended" ? "ended" : "soon"}`;
  badge.textContent = state === "live" ? t("LIVE") : state === "ended" ? t("Ended") : t("Soon");
  showState = state;
  syncPlayer();
}

// The video: plays while the show is live; otherwise (and while the host's camera is not on
// the air yet) a plain message says what is going on. The player reconnects by itself.
const video = document.querySelector("#video");
const videoState = document.querySelector("[data-video-state]");
const soundOn = document.querySelector(".sound-on");
let showState = body.dataset.state;
let player = null;
let playing = false;

// The picture's shape: a landscape broadcast is shown whole on any screen (never cropped to
// its middle), on a phone held upright above the chat; only a portrait stream on a portrait
// screen fills it, under the chat (live.css).
mountPicturePlace({ stage: document.querySelector(".stage"), video });

function renderVideoState() {
  const title = videoState.querySelector("[data-video-title]");
  const detail = videoState.querySelector("[data-video-detail]");
  soundOn.hidden = !(playing && video.muted);
  videoState.hidden = playing;
  if (playing) {
    videoState.dataset.videoState = "playing";
  } else if (showState === "ended") {
    videoState.dataset.videoState = "ended";
    title.textContent = t("The show has ended");
    detail.textContent = "";
  } else if (showState !== "live") {
    videoState.dataset.videoState = "scheduled";
    title.textContent = t("The show starts soon");
  } else if (body.dataset.media !== "on" || player?.state.lastStatus === 503) {
    videoState.dataset.videoState = "off";
    title.textContent = t("Live video is not available right now");
    detail.textContent = t("Chat and products work meanwhile; the video comes back by itself.");
  } else {
    videoState.dataset.videoState = "waiting";
    title.textContent = t("Waiting for the host's camera…");
    detail.textContent = t("The video starts by itself as soon as the host is on the air.");
  }
}

function syncPlayer() {
  if (showState === "live" && body.dataset.media === "on" && !player) {
    player = mountPlayer(video, {
      showSlug: show,
      store,
      market: body.dataset.market,
      country,
      pipVideo: document.querySelector("#pip"),
      prefetched: window.crossliveOffer || null,
      onEvent: (kind) => {
        if (kind === "playing") playing = true;
        if (kind === "reconnecting") playing = false;
        if (kind === "playing" || kind === "reconnecting") renderVideoState();
      },
    });
    window.crossliveOffer = null;
  } else if (showState !== "live" && player) {
    player.stop();
    player = null;
    playing = false;
    video.srcObject = null;
  }
  renderVideoState();
}

soundOn.addEventListener("click", () => {
  video.muted = false;
  video.play().catch(() => {});
  renderVideoState();
});

const captions = mountCaptions({ screen: document.querySelector(".screen"), video, state: body.dataset.captions || "" });

// consult_*: a one-to-one video call with the store; a product the host sends is in the cart.
const consult = mountConsult({ button: document.querySelector(".consult-open"), show, store, market: body.dataset.market, onCart: () => cart?.refresh() });

const handlers = {
  caption: captions.caption,
  captions: captions.switched,
  ...mountStage({ show, api }),  // stage_invited, stage_ended: a viewer on stage
  ...consult,
  stock_changed: (e) => setStock(e.data.variants),
  show_state: (e) => setState(e.data.state),
  stage: (e) => player?.restage(e.data.stage),
  // The media server restarted: the picture's (and a call's) connection is dead, join again now.
  media_restart: (e) => { player?.rejoin(); consult.media_restart?.(e); },
  message: addMessage,
  message_deleted: (e) => removeMessage(e.data.message_id),
  pinned: (e) => showPin(e.data.product_id),
  unpinned: (e) => hidePin(e.data.product_id),
  credential_pushed: (e) => showCredential(e.data.credential_id, e.at),
  credential_removed: (e) => removeCredential(e.data.credential_id),
  ...reviewHandlers(pins, fragment),  // review_posted, _hidden, _restored: the open sheet's reviews
  answering: (e) => setAnswering(e.data),
  answered: (e) => clearAnswering(e.data),
  auto_answer: (e) => addAnswer(e.data),
};

let cart = null;

// The room's one size advisor follows the open sheet of a product that has a size chart;
// the viewer's answers are kept per show, so the next product needs no retyping.
function openSheet(card, dialog) {
  const advisor = document.querySelector("[data-fit-advisor]");
  if (advisor && card.dataset.sized === "1") {
    (dialog.querySelector(".size-chart") || dialog.querySelector(".sheet-body").lastElementChild).after(advisor);
    window.crossliveFitAdvisor?.setProduct(card.dataset.product);
  }
  dialog.showModal();
  localSupportHours(dialog);
  // The sheet's trust panel shows the credentials that apply to this viewer's market.
  const credentials = [...dialog.querySelectorAll(".trust [data-credential]")].map((c) => Number(c.dataset.credential));
  reported.sheetOpened(Number(card.dataset.product), credentials);
}

function wireCard(card) {
  const dialog = card.querySelector("dialog");
  card.querySelector("form.buy")?.addEventListener("submit", (e) => { e.preventDefault(); addToCart(cart, card, e.target); });
  card.querySelector(".pin-open").addEventListener("click", () => openSheet(card, dialog));
  card.querySelector(".sheet-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (e) => { if (e.target === dialog) dialog.close(); });
}

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

function chatMode(name) {
  // The hidden name field stays filled: the browser refuses to submit a form whose
  // required field is empty, even a hidden one (a returning viewer could not send).
  composer.querySelector("#viewer-name").value = name;
  composer.querySelector(".join-step").hidden = true;
  composer.querySelector(".chat-step").hidden = false;
  composer.dataset.name = name;
}

// The viewer's identity (identity.js) carries the chat name once they chose one.
const viewer = globalThis.crossliveViewer;

async function join(name) {
  const response = await fetch(api("/viewers"), {
    method: "POST", headers: { "Content-Type": "application/json", ...viewer.headers() },
    body: JSON.stringify({ name }),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) { showError(data.detail || t("Could not join the chat")); return false; }
  viewer.set(data.token, data.name);
  showError("");
  chatMode(data.name);
  return true;
}

async function send(form, rejoined = false) {
  const input = form.querySelector("#message");
  const question = form.querySelector("[name=question]");
  if (!viewer.name() || !input.value.trim()) return;
  const response = await fetch(api("/messages"), {
    method: "POST",
    headers: { "Content-Type": "application/json", ...viewer.headers() },
    body: JSON.stringify({ body: input.value, question: question.checked, lang: language || null }),
  });
  if (response.ok) {
    const asked = question.checked;
    input.value = ""; question.checked = false; showError("");
    if (asked) askForAnswer((await response.json()).data.message_id);
    return;
  }
  // A chat join lasts one show and some hours: join this show again under the same name,
  // then send once more (a refused join says why: muted, too many names).
  if (response.status === 401 && !rejoined) {
    if (await join(viewer.name())) await send(form, true);
    return;
  }
  const data = await response.json().catch(() => ({}));
  showError(data.detail || t("Message not sent"));
}

composer.addEventListener("submit", (e) => {
  e.preventDefault();
  if (!composer.querySelector(".join-step").hidden) join(composer.querySelector("#viewer-name").value);
  else send(composer);
});

document.querySelector("#country")?.addEventListener("change", (e) => e.target.form.submit());
// The language switcher: the page answers ?lang= in that language and remembers it.
document.querySelector("#lang")?.addEventListener("change", (e) => e.target.form.submit());

// The show's start in the viewer's own time zone, written in the page's language.
for (const node of document.querySelectorAll("time.starts-at")) {
  const moment = new Date(node.getAttribute("datetime"));
  if (Number.isNaN(moment.getTime())) continue;
  node.textContent = new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    dateStyle: "medium", timeStyle: "short",
  }).format(moment);
}
overlay.querySelector(".overlay-close").addEventListener("click", hideOverlay);
pins.querySelectorAll(".pin").forEach(wireCard);

if (viewer.name()) chatMode(viewer.name());

async function mountOptional() {
  if (body.dataset.cart === "yes") {
    try {
      const { mountCart } = await import("/static/shop/cart.js");
      const drawer = document.querySelector(".cart-drawer");
      cart = mountCart(document.querySelector("#cart"), { showSlug: show, market: body.dataset.market, store, cards: body.dataset.card === "yes", language: document.documentElement.lang });
      // The drawer shows once the cart has something in it.
      document.addEventListener("crosslive:cart-changed", (e) => {
        const items = e.detail?.items || [];
        drawer.hidden = items.length === 0;
        const count = items.reduce((n, item) => n + item.quantity, 0);
        drawer.querySelector(".cart-summary").textContent = items.length ? `${count} · ${money(e.detail.subtotal_minor, e.detail.currency, e.detail.subtotal)}` : "";
      });
    } catch (err) { console.warn("cart unavailable", err); }
  }
}
mountOptional();
syncPlayer();

// Back from Stripe's payment page: confirm the payment with the server, not the address bar.
const paidOrder = new URLSearchParams(window.location.search).get("paid_order");
if (paidOrder) {
  import("/static/shop/paid-order.js")
    .then(({ watchPaidOrder }) => watchPaidOrder(document.querySelector(".paid-notice"), paidOrder))
    .catch((err) => console.warn("payment notice unavailable", err));
}

const socketPath = new URL(withStore(`/live/${encodeURIComponent(show)}/ws`, store), location.origin);
if (language) socketPath.searchParams.set("lang", language);
new ShowSocket(socketPath.pathname + socketPath.search, (event) => {
  const handle = handlers[event.kind];
  if (handle) handle(event);
}, { onReconnect: () => { player?.retryNow(); consult.media_restart?.(); } });  // the app may have restarted meanwhile
