// The console's camera panel: on the host's click it gets this host's publish token from the
// shows API (cookie session + CSRF header), publishes camera and microphone over WHIP with
// publisher.js, shows the local preview and whether the picture is on the air, and stops
// when the host stops it or the show ends. Each host (lead or co-host) publishes as themselves.
import { startPublishing } from "../media/publisher.js";
import { t } from "../shop/strings.js";

const LABELS = {
  off: t("Camera off"),
  starting: t("Starting the camera…"),
  live: t("On the air"),
  reconnecting: t("Connection lost, reconnecting…"),
  refused: t("The server refused this camera"),
  failed: t("The camera could not start"),
};

export function mountCamera({ show, csrf, onError = () => {} }) {
  const panel = document.querySelector(".stage-panel");
  const preview = panel.querySelector("#self-view");
  const status = panel.querySelector("[data-publish-state]");
  const startButton = panel.querySelector("[data-action=camera-on]");
  const stopButton = panel.querySelector("[data-action=camera-off]");
  let publisher = null;

  function setStatus(name, detail = "") {
    status.dataset.publishState = name;
    status.textContent = detail ? `${LABELS[name]}: ${detail}` : LABELS[name];
    const running = ["starting", "live", "reconnecting"].includes(name);
    if (startButton) startButton.hidden = running;
    if (stopButton) stopButton.hidden = !running;
    preview.hidden = !running;
  }

  async function publishToken() {
    const response = await fetch(`/api/v1/shows/${encodeURIComponent(show)}/publish-token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || t("publish token refused (%(status)s)", { status: response.status }));
    return data.token;
  }

  async function start() {
    if (publisher) return;
    setStatus("starting");
    try {
      const token = await publishToken();
      publisher = await startPublishing({
        showSlug: show,
        token,
        video: preview,
        onState: (name, state) => setStatus(name, name === "refused" ? state.error || "" : ""),
      });
      window.crossliveCamera = publisher;
    } catch (error) {
      publisher = null;
      const message = String(error.message || error);
      setStatus("failed", message);
      onError(message);
    }
  }

  async function stop() {
    const running = publisher;
    publisher = null;
    if (!running) return;
    await running.stop();
    running.stream.getTracks().forEach((track) => track.stop());
    preview.srcObject = null;
    setStatus("off");
  }

  startButton?.addEventListener("click", start);
  stopButton?.addEventListener("click", stop);
  setStatus("off");
  return { start, stop, get publisher() { return publisher; } };
}
