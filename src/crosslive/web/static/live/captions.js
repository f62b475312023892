// Live captions over the picture: each `caption` event of the show's log, in the viewer's
// language when the server translated it (data.translation), else in the host's language,
// labelled with that language's name. On by default while the picture is muted (as every
// page starts); the CC button turns them off or on, and the choice is remembered.
import { t } from "../shop/strings.js";

const KEY = "crosslive.captions";
// A caption stays up for its phrase's length, within these bounds, or until the next one.
const MIN_MS = 2500;
const MAX_MS = 7000;
const GAP_PX = 10;

export function mountCaptions({ screen, video, state }) {
  const box = document.createElement("p");
  box.className = "captions";
  box.setAttribute("aria-live", "polite");
  box.hidden = true;
  const text = document.createElement("span");
  text.className = "caption-text";
  // Each caption in its own direction: an English line on an Arabic page ends with its stop.
  text.dir = "auto";
  const label = document.createElement("small");
  label.className = "caption-lang";
  box.append(text, label);
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "captions-toggle";
  toggle.textContent = t("Captions");
  screen.append(box);
  // Under the ad and paid-host labels, never over them.
  const notes = screen.querySelector(".top-notes");
  (notes || screen).append(toggle);
  // The box sits a gap below that stack (labels and this button), however many labels it
  // holds and however their text wraps at this width: never over or touching the button.
  const place = () => {
    if (notes) box.style.setProperty("--under-notes", `${notes.offsetTop + notes.offsetHeight + GAP_PX}px`);
  };
  if (notes && "ResizeObserver" in window) new ResizeObserver(place).observe(notes);
  window.addEventListener("resize", place);
  // The chat keeps clear of the box as it is, one line or three (live-phone.css): its
  // height (--captions-height) and foot (--captions-foot) while shown; a chat that was at
  // its newest line stays there.
  const feed = screen.querySelector(".chat-feed");
  const reserve = () => {
    const atNewest = feed && feed.scrollHeight - feed.scrollTop - feed.clientHeight < 2;
    if (box.hidden) {
      screen.style.removeProperty("--captions-height");
      screen.style.removeProperty("--captions-foot");
    } else {
      screen.style.setProperty("--captions-height", `${box.offsetHeight}px`);
      screen.style.setProperty("--captions-foot", `${box.offsetTop + box.offsetHeight + GAP_PX}px`);
    }
    if (atNewest) feed.scrollTop = feed.scrollHeight;
  };
  if ("ResizeObserver" in window) new ResizeObserver(reserve).observe(box);

  let allowed = state === "on";  // the host's switch ("" : this server has no captions)
  let chosen = localStorage.getItem(KEY);  // "on" | "off" | null (not chosen: follow mute)
  let timer = null;

  const wanted = () => (chosen ? chosen === "on" : video.muted);
  function render() {
    toggle.hidden = !allowed;
    toggle.setAttribute("aria-pressed", String(allowed && wanted()));
    // While captions are on, a picture above the chat keeps a band under it for them.
    screen.classList.toggle("captions-on", allowed && wanted());
    if (!allowed || !wanted()) box.hidden = true;
  }
  toggle.addEventListener("click", () => {
    chosen = wanted() ? "off" : "on";
    try { localStorage.setItem(KEY, chosen); } catch { /* private mode */ }
    render();
  });
  video.addEventListener("volumechange", render);

  function show(data) {
    if (!allowed || !wanted()) return;
    const translated = data.translation && !data.translation.unavailable ? data.translation : null;
    text.textContent = translated ? translated.body : data.body;
    text.lang = translated ? translated.lang : data.lang || "";
    const page = document.documentElement.lang || "en";
    let name = "";
    if (!translated && data.lang && data.lang.split("-")[0] !== page.split("-")[0]) {
      try { name = new Intl.DisplayNames([page], { type: "language" }).of(data.lang) || data.lang; } catch { name = data.lang; }
    }
    label.textContent = name;
    label.hidden = !name;
    box.hidden = false;
    place();
    box.dataset.line = String(data.line_id || "");
    const length = Math.min(MAX_MS, Math.max(MIN_MS, (data.end_ms - data.start_ms || 0) + 1500));
    clearTimeout(timer);
    timer = setTimeout(() => { box.hidden = true; }, length);
  }

  render();
  return {
    caption: (event) => show(event.data),
    switched: (event) => { allowed = Boolean(event.data.enabled); render(); },
  };
}
