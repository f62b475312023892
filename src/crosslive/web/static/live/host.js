// The host console: pin/unpin, push credentials, answer questions, chat and moderate, counters.
import { mountCamera } from "./camera.js";
import { mountRtmp } from "./rtmp.js";
import { mountStageHost } from "./stage-host.js";
import { mountConsultHost } from "./consult-host.js";
import { ShowSocket, withStore } from "./socket.js";
import { t } from "../shop/strings.js";
import { translatedText } from "./translated.js";

const app = document.querySelector(".console-app");
const show = app.dataset.show;
const store = app.dataset.store;
const canHost = app.dataset.canHost === "yes";
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const chat = document.querySelector(".console-chat");
const questions = document.querySelector(".question-list");
const errorBox = document.querySelector(".console-error");
const camera = canHost && app.dataset.media === "on" ? mountCamera({ show, csrf, onError: showError }) : null;
if (canHost) mountRtmp({ csrf, onError: showError });

function showError(message) {
  errorBox.hidden = false;
  errorBox.textContent = message;
}

async function call(method, path, body) {
  const response = await fetch(`/api/v1/host/${encodeURIComponent(show)}${path}`, {
    method,
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = await response.json().catch(() => ({}));
  errorBox.hidden = response.ok;
  if (!response.ok) errorBox.textContent = data.detail || t("Request failed (%(status)s)", { status: response.status });
  return response.ok ? data : null;
}
const stage = canHost ? mountStageHost({ call, after: errorBox }) : null;
// One-to-one video calls with viewers (any of the store's shows), where video is on.
const calls = canHost && app.dataset.media === "on" ? mountConsultHost({ csrf, after: errorBox.closest("section"), onError: showError }) : null;

function button(label, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.addEventListener("click", onClick);
  return b;
}

function addChat(data) {
  if (data.deleted) return;
  const li = document.createElement("li");
  li.dataset.message = String(data.message_id);
  li.className = (data.staff ? "staff" : "") + (data.question ? " question" : "");
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = data.name;
  const text = document.createElement("span");
  text.className = "text";
  // The host reads chat in the browser's language (the socket's Accept-Language).
  li.append(who, text, ...translatedText(text, data));
  if (data.question) {
    who.after(" ", Object.assign(document.createElement("span"), { className: "q-tag", textContent: t("Question") }));
  }
  if (!data.staff) {
    const mod = document.createElement("span");
    mod.className = "mod";
    mod.append(
      button(t("Delete"), () => call("DELETE", `/messages/${data.message_id}`)),
      button(t("Mute"), () => call("POST", `/messages/${data.message_id}/mute`)),
    );
    if (stage) mod.append(stage.inviteButton(data.message_id));
    li.append(mod);
  }
  chat.append(li);
  chat.scrollTop = chat.scrollHeight;
  if (data.question) addQuestion(data);
}

function addQuestion(data) {
  if (questions.querySelector(`[data-message="${Number(data.message_id)}"]`)) return;
  const li = document.createElement("li");
  li.dataset.message = String(data.message_id);
  const who = document.createElement("strong");
  who.textContent = data.name;
  const text = document.createElement("span");
  text.textContent = " " + (data.translation?.body || data.body);
  li.append(who, text);
  if (canHost) {
    const actions = document.createElement("span");
    actions.className = "q-actions";
    actions.append(
      button(t("Answer now"), () => call("POST", `/questions/${data.message_id}/answering`)),
      button(t("Done"), () => call("POST", `/questions/${data.message_id}/answered`)),
      stage.inviteButton(data.message_id),
    );
    li.append(actions);
  }
  questions.append(li);
  countQuestions();
}

// What the viewer was told straight away: the answer from the store's facts, or that the
// question waits for the host. An answered question leaves the queue (the dashboard no longer
// counts it either); the answer stays under it in the chat, where the host can still correct
// a wrong one by answering it live. An escalated one stays queued, marked as waiting.
function showAutoAnswer(data) {
  const id = Number(data.message_id);
  const queued = questions.querySelector(`[data-message="${id}"]`);
  if (data.escalated) {
    if (!queued || queued.querySelector(".auto-answer")) return;
    queued.append(autoAnswerNote(data));
    return;
  }
  if (queued) {
    queued.remove();
    countQuestions();
  }
  const said = chat.querySelector(`[data-message="${id}"]`);
  if (said && !said.querySelector(".auto-answer")) said.append(autoAnswerNote(data));
}

function autoAnswerNote(data) {
  const note = document.createElement("small");
  note.className = "auto-answer" + (data.escalated ? " escalated" : "");
  note.textContent = data.escalated
    ? t("Not answered automatically: waiting for you")
    : t("Answered automatically (%(sources)s): %(answer)s", { sources: data.sources.join(", "), answer: data.answer });
  return note;
}

function countQuestions() {
  document.querySelector("[data-question-count]").textContent = String(questions.children.length);
}

function removeEverywhere(id) {
  document.querySelectorAll(`[data-message="${Number(id)}"]`).forEach((el) => el.remove());
  countQuestions();
}

function setPinned(productId, pinned) {
  document.querySelector(`.product-row[data-product="${Number(productId)}"]`)?.classList.toggle("is-pinned", pinned);
  const list = document.querySelector(`.checklist[data-checklist="${Number(productId)}"]`);
  if (list) list.hidden = !pinned;
  const none = document.querySelector("[data-no-pins]");
  if (none) none.hidden = document.querySelector(".checklist:not([hidden])") !== null;
}

// What to show on camera: a tick is stored per show, product and item, and every console
// hears it through the show's event log.
function setChecked(productId, item, done) {
  const box = document.querySelector(`.checklist[data-checklist="${Number(productId)}"] [data-item="${CSS.escape(item)}"]`);
  if (box) box.checked = done;
}
document.querySelectorAll(".checklist").forEach((list) => {
  const productId = Number(list.dataset.checklist);
  list.querySelectorAll("[data-item]").forEach((box) => {
    box.addEventListener("change", async () => {
      const done = box.checked;
      const ok = await call("POST", "/camera-checks", { product_id: productId, item: box.dataset.item, done });
      if (!ok) box.checked = !done;
    });
  });
});

function setState(state) {
  const badge = document.querySelector("[data-state]");
  badge.textContent = t(state.toUpperCase());
  badge.className = `state state-${state}`;
  const goLive = document.querySelector("[data-action=go-live]");
  const end = document.querySelector("[data-action=end]");
  if (goLive) goLive.hidden = state !== "scheduled";
  if (end) end.hidden = state !== "live";
  if (state === "ended" && camera) camera.stop();
}

document.querySelector("[data-action=go-live]")?.addEventListener("click", () => call("POST", "/go-live"));
document.querySelector("[data-action=end]")?.addEventListener("click", async () => {
  if (!confirm(t("End the show for everyone?"))) return;
  // Unpublish first: once the show has ended its publish token no longer opens anything.
  if (camera) await camera.stop();
  await call("POST", "/end");
});

// It expired or was withdrawn: viewers no longer see it, so it can no longer be pushed.
function blockCredential(credentialId) {
  const row = document.querySelector(`.credential-list [data-credential="${Number(credentialId)}"]`);
  if (!row || row.classList.contains("blocked")) return;
  row.classList.add("blocked");
  row.querySelector("[data-action=push]")?.remove();
  const badge = document.createElement("span");
  badge.className = "badge bad";
  badge.title = t("Viewers never see it");
  badge.textContent = t("expired or withdrawn");
  row.append(badge);
}

const handlers = {
  credential_removed: (e) => blockCredential(e.data.credential_id),
  show_state: (e) => setState(e.data.state),
  message: (e) => addChat(e.data),
  message_deleted: (e) => removeEverywhere(e.data.message_id),
  pinned: (e) => setPinned(e.data.product_id, true),
  unpinned: (e) => setPinned(e.data.product_id, false),
  answering: (e) => questions.querySelector(`[data-message="${Number(e.data.message_id)}"]`)?.classList.add("answering"),
  answered: (e) => { questions.querySelector(`[data-message="${Number(e.data.message_id)}"]`)?.remove(); countQuestions(); },
  auto_answer: (e) => showAutoAnswer(e.data),
  counters_changed: () => countersSoon(),
  // A viewer on stage: invited, accepted, gone; `stage`: the publishers changed.
  stage_invited: () => stage?.refresh(),
  stage_accepted: () => stage?.refresh(),
  stage_ended: () => stage?.refresh(),
  consult_requested: () => calls?.refresh(),
  consult_ended: () => calls?.refresh(),
  stage: () => stage?.refresh(),
  camera_check: (e) => setChecked(e.data.product_id, e.data.item, e.data.done),
  captions: (e) => { if (captionsSwitch) captionsSwitch.checked = Boolean(e.data.enabled); },
  // Transcription fell behind and dropped audio: say so for a while.
  captions_behind: () => {
    if (!behindNotice) return;
    behindNotice.hidden = false;
    clearTimeout(behindTimer);
    behindTimer = setTimeout(() => { behindNotice.hidden = true; }, 10000);
  },
  // The media server restarted and forgot the camera's publish: publish again now.
  media_restart: () => { camera?.publisher?.republish(); calls?.check(); countersSoon(); },
  // An edge node went down or came back up: its state and viewers now.
  media_nodes: () => countersSoon(),
};

const captionsSwitch = document.querySelector("[data-action=captions]");
const behindNotice = document.querySelector("[data-captions-behind]");
let behindTimer = null;
captionsSwitch?.addEventListener("change", async () => {
  const done = await call("PUT", "/captions", { enabled: captionsSwitch.checked });
  if (!done) captionsSwitch.checked = !captionsSwitch.checked;
});

// Static rows rendered by the server.
document.querySelectorAll(".product-row").forEach((row) => {
  const id = Number(row.dataset.product);
  row.querySelector("[data-action=pin]")?.addEventListener("click", () => {
    // Some of the show's markets cannot buy it (market rules): the host decides knowingly.
    const warning = row.dataset.pinWarning;
    if (warning && !confirm(`${warning}\n\n${t("Pin it anyway?")}`)) return;
    call("POST", "/pins", { product_id: id });
  });
  row.querySelector("[data-action=unpin]")?.addEventListener("click", () => call("DELETE", `/pins/${id}`));
});
document.querySelectorAll(".credential-list [data-action=push]").forEach((b) => {
  const id = Number(b.closest("li").dataset.credential);
  b.addEventListener("click", () => call("POST", "/credential-push", { credential_id: id }));
});
questions.querySelectorAll("li").forEach((li) => {
  const id = Number(li.dataset.message);
  li.querySelector("[data-action=answering]")?.addEventListener("click", () => call("POST", `/questions/${id}/answering`));
  li.querySelector("[data-action=answered]")?.addEventListener("click", () => call("POST", `/questions/${id}/answered`));
  if (stage) li.querySelector(".q-actions")?.append(stage.inviteButton(id));
});

document.querySelector(".console-composer").addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = document.querySelector("#staff-message");
  if (!input.value.trim()) return;
  const posted = await call("POST", "/messages", { body: input.value });
  if (!posted) return;
  input.value = "";
  // Posted, but a claim in it needs proof in some market: say which and how to reword it.
  const warnings = posted.warnings || [];
  errorBox.hidden = warnings.length === 0;
  errorBox.textContent = warnings
    .map((w) => t("Posted, but \"%(words)s\" needs proof in %(market)s: %(suggestion)s", { words: w.span, market: w.market, suggestion: w.suggestion }))
    .join(" ");
});

async function refreshCounters() {
  const response = await fetch(`/api/v1/host/${encodeURIComponent(show)}/counters`, {
    headers: { "X-CSRF-Token": csrf }, credentials: "same-origin",
  });
  if (!response.ok) return;
  const c = await response.json();
  document.querySelector('[data-counter="viewers"]').textContent = String(c.viewers);
  document.querySelector('[data-counter="add_to_carts"]').textContent = String(c.add_to_carts);
  document.querySelector('[data-counter="orders"]').textContent = String(c.orders);
  document.querySelector('[data-counter="revenue"]').textContent = c.revenue.map((r) => r.display).join(" · ") || "0";
  (c.nodes || []).forEach(showNode);
}

// With edge nodes: each node's viewers of this show, and whether it is up.
function showNode(node) {
  const box = document.querySelector(`[data-node="${CSS.escape(node.name)}"]`);
  if (!box) return;
  box.classList.toggle("is-down", !node.up);
  box.querySelector("[data-node-viewers]").textContent = String(node.viewers);
  box.querySelector("[data-node-state]").textContent = node.up ? t("up") : t("down");
}
// Sales and the media nodes' state move the counters at once (counters_changed and
// media_nodes events, without the figures: the event log is public); viewer counts are polled.
let counterTimer = null;
function countersSoon() {
  if (!counterTimer) counterTimer = setTimeout(() => { counterTimer = null; refreshCounters(); }, 300);
}
refreshCounters();
setInterval(refreshCounters, 5000);

new ShowSocket(withStore(`/live/${encodeURIComponent(show)}/ws`, store), (event) => {
  const handle = handlers[event.kind];
  if (handle) handle(event);
}, { onReconnect: () => { camera?.publisher?.check(); calls?.check(); } });  // the app may have restarted
