// A show's event log over a WebSocket: resumes from the last event id after a reconnect,
// pings so the server keeps us, and reconnects with backoff. Events published by two app
// processes can arrive out of id order: each kept event is shown once, whatever its order.

const REMEMBERED = 1000;

export class ShowSocket {
  constructor(path, onEvent) {
    this.path = path;
    this.onEvent = onEvent;
    this.lastId = null;
    this.seen = new Set();
    this.retry = 500;
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
      this.retry = 500;
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
      setTimeout(() => this.connect(), this.retry);
      this.retry = Math.min(this.retry * 2, 10000);
    };
  }
}

export function withStore(path, store) {
  const url = new URL(path, location.origin);
  if (store) url.searchParams.set("store", store);
  return url.pathname + url.search;
}
