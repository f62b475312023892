// The console's "Stream from OBS" panel: asks the media API for this host's RTMP server and
// stream key (the app opens a listener for them), shows them for copying into OBS, says
// whether OBS is on air, and closes the listener on request.
import { t } from "../shop/strings.js";

const STATUS_EVERY_MS = 3000;

export function mountRtmp({ csrf, onError = () => {} }) {
  const panel = document.querySelector("details.rtmp");
  if (!panel) return null;
  const url = `/api/v1/media/shows/${panel.dataset.showId}/rtmp`;
  const details = panel.querySelector("dl");
  const openButton = panel.querySelector("[data-action=rtmp-on]");
  const closeButton = panel.querySelector("[data-action=rtmp-off]");
  const status = panel.querySelector("[data-rtmp-status]");
  let polling = null;

  function show(data) {
    for (const field of panel.querySelectorAll("[data-rtmp]")) field.value = data ? data[field.dataset.rtmp] : "";
    details.hidden = !data;
    closeButton.hidden = !data;
    openButton.hidden = Boolean(data);
    status.hidden = !data;
    if (data) {
      status.textContent = data.on_air
        ? t("OBS is on air: viewers get it in three quality layers.")
        : t("Waiting for OBS: start streaming there.");
    }
    // While a listener runs, ask again now and then: OBS connects and drops on its own.
    if (data && !polling) polling = setInterval(refresh, STATUS_EVERY_MS);
    if (!data && polling) {
      clearInterval(polling);
      polling = null;
    }
  }

  // A poll changes the panel only on an answer: a failed request leaves it as it was.
  async function refresh() {
    const response = await fetch(url, { credentials: "same-origin" }).catch(() => null);
    if (response && (response.ok || response.status === 404)) {
      show(response.ok ? await response.json() : null);
    }
  }

  async function call(method) {
    const response = await fetch(url, {
      method,
      headers: { "X-CSRF-Token": csrf },
      credentials: "same-origin",
    });
    const data = response.status === 204 ? null : await response.json().catch(() => ({}));
    if (!response.ok && response.status !== 404) onError((data && data.detail) || t("RTMP: %(status)s", { status: response.status }));
    return response.ok ? data : null;
  }

  openButton.addEventListener("click", async () => show(await call("POST")));
  closeButton.addEventListener("click", async () => {
    await call("DELETE");
    show(null);
  });
  call("GET").then(show);  // a listener opened earlier keeps running across reloads
  return { panel };
}
