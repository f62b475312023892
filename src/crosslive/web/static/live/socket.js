// A show's event log over a WebSocket: resumes from the last event id after a reconnect,
// pings so the server keeps us, and reconnects with backoff. Events published by two app
// processes can arrive out of id order: each kept event is shown once, whatever its order.
// onReconnect (optional) runs when the log is back after a drop: the app may have been
// restarted meanwhile, and what the page held with it (the picture) may need a new try.

const REMEMBERED = 1000;
// A restarted app answers within seconds: the pause between tries grows to MAX_RETRY_MS
// only, each one a random part of it, so a room of pages does not come back all at once.
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 2000;

export class ShowSocket {
  constructor(path, onEvent, { onReconnect = () => {} } = {}) {
    this.path = path;
    this.onEvent = onEvent;
    this.onReconnect = onReconnect;
    this.lastId = null;
    this.seen = new Set();
    this.retry = FIRST_RETRY_MS;
    this.dropped = false;
    this.closed = false;
    this.connect();
  }

  url() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const url = new URL(`${proto}//${location.host}${this.path}`);
    if (this.lastId !== null) url.searchParams.set("last_event_id", String(this.lastId));
    return url.toString();
  }

  remember(id) {
    this.seen.add(id);
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.values().next().value);
    if (this.lastId === null || id > this.lastId) this.lastId = id;
  }

  connect() {
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.onopen = () => {
      this.retry = FIRST_RETRY_MS;
      if (this.dropped) this.onReconnect();
      this.dropped = false;
      this.pinger = setInterval(() => ws.readyState === 1 && ws.send("ping"), 20000);
    };
    ws.onmessage = (message) => {
      let event;
      try { event = JSON.parse(message.data); } catch { return; }
      if (event.kind === "heartbeat") return;
      if (event.kind === "resync") { location.reload(); return; }
      if (event.id !== null && event.id !== undefined) {
        if (this.seen.has(event.id)) return;
        this.remember(event.id);
      }
      this.onEvent(event);
    };
    ws.onclose = () => {
      clearInterval(this.pinger);
      if (this.closed) return;
      this.dropped = true;
      setTimeout(() => this.connect(), this.retry * (0.5 + Math.random() / 2));
      this.retry = Math.min(this.retry * 2, MAX_RETRY_MS);
    };
  }
}

export function withStore(path, store) {
  const url = new URL(path, location.origin);
  if (store) url.searchParams.set("store", store);
  return url.pathname + url.search;
}
