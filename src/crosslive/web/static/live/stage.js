// A viewer on stage: the host's invitation (a `stage_invited` event on the show's log,
// addressed by a hash of this viewer's id), the consent dialog with a camera and microphone
// preview (nothing is sent before "Join the stage"), the one-time pass, the WHIP publish as
// a co-host (everyone plays it picture-in-picture), and leaving.
import { startPublishing } from "../media/publisher.js";
import { sha256 } from "../shop/plain-sha.js";
import { t } from "../shop/strings.js";

const INVITE_TTL_MS = 120_000;
const viewer = globalThis.crossliveViewer;

// The viewer id inside our signed token (its first part is base64url JSON).
function viewerId() {
  try {
    const body = (viewer.token() || "").split(".")[0].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(body + "=".repeat((4 - (body.length % 4)) % 4))).i || null;
  } catch {
    return null;
  }
}

function myTag() {
  const id = viewerId();
  if (!id) return null;
  const digest = sha256(new TextEncoder().encode(`stage:${id}`));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, 32);
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

export function mountStage({ show, api }) {
  let current = null;  // { invitation, dialog, stream, publisher }

  function close() {
    if (!current) return;
    current.stream?.getTracks().forEach((track) => track.stop());
    current.dialog.close();
    current.dialog.remove();
    current = null;
  }

  async function post(path) {
    const response = await fetch(api(path), { method: "POST", headers: viewer.headers() });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || t("Something went wrong"));
    return data;
  }

  function open(invitation, host) {
    const preview = el("video", { muted: true, playsInline: true, autoplay: true, className: "stage-preview" });
    const status = el("p", { className: "stage-status", role: "status" });
    const join = el("button", { type: "button", textContent: t("Join the stage"), disabled: true });
    const decline = el("button", { type: "button", className: "secondary", textContent: t("Not now") });
    const dialog = el(
      "dialog",
      { className: "stage-dialog" },
      el("h2", { textContent: t("%(host)s invites you on stage", { host }) }),
      el("p", { textContent: t("Everyone watching will see and hear you. Check your camera and microphone first.") }),
      preview,
      status,
      el("p", { className: "stage-actions" }, join, decline),
    );
    dialog.dataset.invitation = String(invitation);
    document.body.append(dialog);
    dialog.showModal();
    current = { invitation, dialog, stream: null, publisher: null };
    const mine = current;

    navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } })
      .then((stream) => {
        if (current !== mine) { stream.getTracks().forEach((track) => track.stop()); return; }
        mine.stream = stream;
        preview.srcObject = stream;
        preview.play().catch(() => {});
        join.disabled = false;
      })
      .catch(() => { status.textContent = t("Could not use your camera or microphone"); });

    decline.addEventListener("click", async () => {
      await post("/stage/leave").catch(() => {});  // off the stage at once, whatever follows
      await stopPublishing();
      close();
    });
    join.addEventListener("click", async () => {
      join.disabled = true;
      status.textContent = t("Joining the stage…");
      try {
        const pass = await post(`/stage/${invitation}/accept`);
        mine.publisher = await startPublishing({
          showSlug: show,
          token: pass.token,
          stream: mine.stream,
          whipUrl: pass.whip_url,
          headers: viewer.headers(),
          onState: (state) => {
            if (state === "live") status.textContent = t("You are on stage");
            if (state === "refused") status.textContent = t("You are no longer on stage");
          },
        });
        decline.textContent = t("Leave the stage");
        dialog.classList.add("on-stage");
      } catch (error) {
        status.textContent = error.message || t("Something went wrong");
      }
    });
  }

  async function stopPublishing() {
    if (current?.publisher) {
      const publisher = current.publisher;
      current.publisher = null;
      await publisher.stop().catch(() => {});
    }
  }

  // The show's event log handlers, by event kind.
  return {
    stage_invited(event) {
      const data = event.data;
      if (data.to !== myTag()) return;  // someone else's invitation
      if (Date.now() - Date.parse(event.at) > INVITE_TTL_MS) return;  // replayed, stale
      if (current) { stopPublishing(); close(); }
      open(Number(data.invitation_id), data.host || "");
    },
    stage_ended(event) {
      const data = event.data;
      if (!current || data.to !== myTag() || Number(data.invitation_id) !== current.invitation) return;
      stopPublishing();
      close();
    },
  };
}
