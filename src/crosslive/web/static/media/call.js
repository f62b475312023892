// One side of a one-to-one video call (crosslive.consultations): publish this side's camera
// with the one-time pass (our offer, the server's answer, as WHIP), then watch the other side
// (the server's offer, our answer), asking again while the other side has not joined yet.
// joinCall({pass, renew, stream, remote, onGone}) resolves to { stop(), check(), watching };
// `remote` is the <video> it fills. While joined the page pings every pass.ping_every_s (a
// page silent for 30 s ends the call on the server); when the page goes away (pagehide) a
// navigator.sendBeacon hangs up at once, and a page going to the background sends one last
// ping by beacon. onGone() runs when a ping is refused (the call is over).
//
// Coming back by itself: the ping's answer says whether the media server still has this
// side's publisher and watcher. After a Janus restart (or an app restart, which takes Janus
// with it) it has neither: the page gets a fresh pass with renew() (the call's join
// endpoint), publishes again and watches again; a side whose peer published again watches
// again. Besides the heartbeat, the page pings at once when the other side's media stalls
// for STALL_GRACE_MS, and check() (the event log's `media_restart`, its reconnect) does too.
// remote.dataset.joins counts the joins (1, then one more per rejoin).

const STALL_GRACE_MS = 2000;
const STALL_CHECK_MS = 500;
const RETRY_MS = 1000;

function gatheringDone(pc, timeoutMs) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") { clearTimeout(timer); resolve(); }
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sdpRequest(url, method, token, sdp) {
  const headers = { Authorization: `Bearer ${token}` };
  if (sdp) headers["Content-Type"] = "application/sdp";
  return fetch(url, { method, headers, body: sdp || undefined });
}

async function publish(pass, stream) {
  const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: "max-bundle" });
  for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
  await pc.setLocalDescription(await pc.createOffer());
  await gatheringDone(pc, 1500);
  const response = await sdpRequest(pass.publish_url, "POST", pass.token, pc.localDescription.sdp);
  if (response.status !== 201) { pc.close(); throw new Error(`publish refused: ${response.status}`); }
  await pc.setRemoteDescription({ type: "answer", sdp: await response.text() });
  return pc;
}

async function watch(pass, remote, isStopped) {
  for (;;) {
    if (isStopped()) return null;
    const response = await sdpRequest(pass.watch_url, "POST", pass.token);
    if (response.status === 201) {
      const location = response.headers.get("Location");
      const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: "max-bundle" });
      const media = new MediaStream();
      pc.addEventListener("track", (event) => {
        media.addTrack(event.track);
        remote.srcObject = media;
        remote.play().catch(() => {});
      });
      await pc.setRemoteDescription({ type: "offer", sdp: await response.text() });
      await pc.setLocalDescription(await pc.createAnswer());
      await gatheringDone(pc, 1500);
      const answered = await sdpRequest(location, "PATCH", pass.token, pc.localDescription.sdp);
      if (answered.status !== 204) { pc.close(); throw new Error(`answer refused: ${answered.status}`); }
      return pc;
    }
    if (response.status !== 409) throw new Error(`watch refused: ${response.status}`);
    await sleep(RETRY_MS);  // the other side has not published yet
  }
}

async function inboundBytes(pc) {
  let bytes = 0;
  (await pc.getStats()).forEach((s) => { if (s.type === "inbound-rtp") bytes += s.bytesReceived || 0; });
  return bytes;
}

export async function joinCall({ pass, renew, stream, remote, onGone }) {
  const call = { pass, sender: null, receiver: null, waiting: false, stopped: false, watchRound: 0, busy: null, round: 0 };
  call.sender = await publish(pass, stream);
  remote.dataset.joins = "1";

  function startWatching() {
    const round = ++call.watchRound;
    const done = () => call.stopped || call.watchRound !== round;
    call.receiver?.close();
    call.receiver = null;
    call.waiting = true;
    // Resolves once the other side plays (or this watch was stopped or replaced meanwhile);
    // a watch that failed is tried again on the next ping that says this side watches nothing.
    return watch(call.pass, remote, done).then((pc) => {
      if (done()) { pc?.close(); return; }
      call.waiting = false;
      call.receiver = pc;
    }, () => { if (!done()) call.waiting = false; });
  }

  // One rejoin or rewatch at a time; a failed one is tried again on the next ping.
  // A ping answered across one says nothing about the new join: its answer is dropped.
  function once(work) {
    if (call.busy || call.stopped) return call.busy;
    call.round += 1;
    call.busy = work().catch(() => {}).finally(() => { call.busy = null; call.round += 1; });
    return call.busy;
  }

  const rejoin = () => once(async () => {
    const fresh = await renew();
    if (call.stopped) return;
    call.pass = fresh;
    call.sender?.close();
    call.sender = null;
    call.sender = await publish(fresh, stream);
    remote.dataset.joins = String(Number(remote.dataset.joins) + 1);
    startWatching();
  });

  let pinging = null;
  async function ping() {
    const used = call.pass;
    const round = call.busy ? -1 : call.round;
    let response;
    try {
      response = await fetch(used.ping_url, { method: "POST", headers: { Authorization: `Bearer ${used.token}` } });
    } catch { return; }  // offline (or the app restarting) for a moment: the next ping tells
    if (call.stopped || used !== call.pass) return;  // a rejoin replaced the pass meanwhile
    if (response.status === 401) { onGone?.(); return; }
    if (round !== call.round) return;  // a rejoin ran meanwhile
    if (!response.ok) return;
    const media = await response.json().catch(() => ({}));
    if (media.publishing === false && renew) rejoin();
    else if (media.watching === false && !call.waiting && !call.busy) startWatching();
  }
  const check = () => {
    if (!pinging) pinging = ping().finally(() => { pinging = null; });
    return pinging;
  };

  const timer = setInterval(check, (pass.ping_every_s || 5) * 1000);
  // A closed tab or a navigation away hangs up at once (a beacon survives the page); a hidden
  // tab keeps the call (the viewer may look at a product) but its heartbeat is refreshed.
  const leave = () => navigator.sendBeacon(call.pass.leave_url, call.pass.token);
  const hidden = () => { if (document.visibilityState === "hidden") check(); };
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", hidden);
  check();

  // The other side's media stopped (Janus died, the app restarted, the peer published anew):
  // ask the server at once, then again each STALL_GRACE_MS while it stays stopped.
  (async () => {
    let bytes = 0;
    let flowingAt = performance.now();
    while (!call.stopped) {
      await sleep(STALL_CHECK_MS);
      const pc = call.receiver;
      if (!pc || call.busy) { flowingAt = performance.now(); continue; }
      const now = await inboundBytes(pc).catch(() => bytes);
      if (now !== bytes) { bytes = now; flowingAt = performance.now(); continue; }
      if (performance.now() - flowingAt > STALL_GRACE_MS) { flowingAt = performance.now(); check(); }
    }
  })();

  const stop = () => {
    call.stopped = true;
    clearInterval(timer);
    window.removeEventListener("pagehide", leave);
    document.removeEventListener("visibilitychange", hidden);
    call.sender?.close();
    call.receiver?.close();
    remote.srcObject = null;
  };
  return { stop, check, watching: startWatching() };
}
