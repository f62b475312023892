// A show's replay: the video with its chapters, the product card of the moment (the
// products pinned at the video's current time) and the show's cart, as in the live room.
import { money, t } from "../shop/strings.js";
import { addToCart } from "./add-to-cart.js";
import { mountReplayChat } from "./replay-chat.js";
import { mountConsult } from "./consult.js";

const body = document.body;
const show = body.dataset.show;
const store = body.dataset.store;
const video = document.querySelector("#video");
const moments = JSON.parse(document.querySelector("#replay-moments").textContent);
const pins = document.querySelector(".replay-pins");
let cart = null;
const chatPanel = document.querySelector(".replay-chat");
const followChat = chatPanel
  ? mountReplayChat(chatPanel, JSON.parse(document.querySelector("#replay-chat").textContent), () => fromFile(video.currentTime))
  : () => null;

// Times in the page are seconds of the trimmed replay; the file starts moments.start earlier.
const toFile = (at) => moments.start + at;
const fromFile = (at) => at - moments.start;

function pinnedAt(at) {
  return new Set(moments.pins.filter((p) => p.start <= at + 0.25 && (p.end === null || at < p.end)).map((p) => p.product_id));
}

function showMoment() {
  const now = pinnedAt(fromFile(video.currentTime));
  for (const card of pins.querySelectorAll(".pin")) {
    card.hidden = !now.has(Number(card.dataset.product));
  }
  let current = null;
  for (const button of document.querySelectorAll(".chapter")) {
    if (Number(button.dataset.at) <= fromFile(video.currentTime) + 0.25) current = button;
    button.removeAttribute("aria-current");
  }
  current?.setAttribute("aria-current", "true");
  followChat();
}

function jump(at) {
  video.currentTime = toFile(at);
  showMoment();
  video.play().catch(() => null);
}

document.querySelectorAll(".chapter, .missing-span").forEach((button) => {
  button.addEventListener("click", () => jump(Number(button.dataset.at)));
});

video.addEventListener("loadedmetadata", () => {
  if (video.currentTime < moments.start) video.currentTime = moments.start;
});
video.addEventListener("timeupdate", () => {
  // The seller's trim: nothing before the start, nothing after the end.
  if (video.currentTime < moments.start - 0.5) video.currentTime = moments.start;
  if (video.currentTime >= moments.end) {
    video.pause();
    video.currentTime = moments.end;
  }
  showMoment();
});
video.addEventListener("seeked", showMoment);

function wireCard(card) {
  const dialog = card.querySelector("dialog");
  card.querySelector("form.buy")?.addEventListener("submit", (e) => { e.preventDefault(); addToCart(cart, card, e.target); });
  card.querySelector(".pin-open").addEventListener("click", () => dialog.showModal());
  card.querySelector(".sheet-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (e) => { if (e.target === dialog) dialog.close(); });
}
pins.querySelectorAll(".pin").forEach(wireCard);
showMoment();

if (body.dataset.cart === "yes") {
  import("/static/shop/cart.js").then(({ mountCart }) => {
    const drawer = document.querySelector(".cart-drawer");
    cart = mountCart(document.querySelector("#cart"), { showSlug: show, market: body.dataset.market, store, cards: body.dataset.card === "yes", language: document.documentElement.lang });
    document.addEventListener("crosslive:cart-changed", (e) => {
      const items = e.detail?.items || [];
      drawer.hidden = items.length === 0;
      if (items.length) drawer.open = true;
      const count = items.reduce((n, item) => n + item.quantity, 0);
      drawer.querySelector(".cart-summary").textContent = items.length ? `${count} · ${money(e.detail.subtotal_minor, e.detail.currency, e.detail.subtotal)}` : "";
    });
  }).catch((err) => console.warn("cart unavailable", err));
}

// A one-to-one video call with the store, from the replay as from the live room.
mountConsult({ button: document.querySelector(".consult-open"), show, store, market: body.dataset.market, onCart: () => cart?.refresh() });
