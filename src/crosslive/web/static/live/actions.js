// What the viewer did on the page that the server cannot see (a product sheet opened, a
// credential seen), for the seller's insights. Kept light: each thing once per page, sent in
// one batch a few seconds after the first, and on leaving the page (keepalive).
const SEND_AFTER_MS = 5000;

export function actionReporter(url, { market = "", viewer = globalThis.crossliveViewer } = {}) {
  const seen = new Set();
  let queue = [];
  let timer = null;

  function flush() {
    clearTimeout(timer);
    timer = null;
    if (!queue.length) return;
    const actions = queue.slice(0, 50);
    queue = queue.slice(50);
    fetch(url, {
      method: "POST",
      keepalive: true,
      headers: { "Content-Type": "application/json", ...(viewer ? viewer.headers() : {}) },
      body: JSON.stringify({ market: market || null, actions }),
    }).then((response) => viewer?.adopt(response)).catch(() => {});
  }

  function add(kind, ref, where) {
    const key = `${kind}:${ref}`;
    if (!Number.isInteger(ref) || ref <= 0 || seen.has(key)) return;
    seen.add(key);
    queue.push(where ? { kind, ref, where } : { kind, ref });
    if (!timer) timer = setTimeout(flush, SEND_AFTER_MS);
  }

  addEventListener("pagehide", flush);
  return {
    sheetOpened(productId, credentialIds = []) {
      add("sheet_opened", Number(productId));
      for (const id of credentialIds) add("credential_seen", Number(id), "panel");
    },
    credentialPushed(credentialId) { add("credential_seen", Number(credentialId), "push"); },
    flush,
  };
}
