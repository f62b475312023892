// The viewer's one identity (chat, cart, size advice, video): a signed token the server
// made, kept in localStorage and sent as the X-Viewer-Token header (a header, not a cookie,
// so it also works in the live room embedded on a seller's own site). Pages inline this
// file in their head with <meta name="crosslive-viewer" content="TOKEN">: a fresh token
// for a viewer who has none yet. Defines globalThis.crossliveViewer.
(() => {
  const KEY = "crosslive:viewer";
  const HEADER = "X-Viewer-Token";
  const read = () => {
    try { return JSON.parse(localStorage.getItem(KEY) || "null"); } catch { return null; }
  };
  const write = (value) => {
    try { localStorage.setItem(KEY, JSON.stringify(value)); } catch { /* private mode: this page only */ }
  };
  // Before there was one identity, each store's chat kept its own token and name.
  const legacy = () => {
    try {
      for (let i = 0; i < localStorage.length; i += 1) {
        const key = localStorage.key(i);
        if (key && key.startsWith("crosslive-viewer:")) return JSON.parse(localStorage.getItem(key));
      }
    } catch { /* unreadable: start afresh */ }
    return null;
  };
  let current = read() || legacy();
  if (!current || !current.token) {
    const offered = document.querySelector('meta[name="crosslive-viewer"]')?.content;
    current = offered ? { token: offered, name: "" } : null;
  }
  if (current) write(current);

  globalThis.crossliveViewer = {
    header: HEADER,
    token: () => (current ? current.token : null),
    name: () => (current ? current.name || "" : ""),
    headers: () => (current ? { [HEADER]: current.token } : {}),
    // The chat join answers with the same identity and the chosen name in it.
    set(token, name = "") {
      current = { token, name };
      write(current);
    },
    // A server that could not verify our token (its key changed) sends a new one back.
    adopt(response) {
      const token = response.headers.get(HEADER);
      if (token && (!current || token !== current.token)) this.set(token, "");
    },
  };
})();
