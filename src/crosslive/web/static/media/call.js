// One side of a one-to-one video call (crosslive.consultations): publish this side's camera
// with the one-time pass (our offer, the server's answer, as WHIP), then watch the other side
// (the server's offer, our answer), asking again while the other side has not joined yet.
// joinCall({pass, stream, remote, onGone}) resolves to { stop(), watching }; `remote` is the
// <video> it fills. While joined the page pings every pass.ping_every_s (a page silent for 30 s
// ends the call on the server); when the page goes away (pagehide) a navigator.sendBeacon
// hangs up at once, and a page going to the background sends one last ping by beacon.
// onGone() runs when a ping is refused (the call is over); onMoved() when a ping answers
// `rejoin` (the media node of the call went down or restarted: join again with a fresh pass).

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
    await sleep(1000);  // the other side has not published yet
  }
}

function heartbeat(pass, onGone, onMoved) {
  const ping = async () => {
    try {
      const response = await fetch(pass.ping_url, { method: "POST", headers: { Authorization: `Bearer ${pass.token}` } });
      if (response.status === 401) onGone?.();
      else if (response.ok && (await response.json().catch(() => ({}))).rejoin) onMoved?.();
    } catch { /* offline for a moment: the next ping tells */ }
  };
  const timer = setInterval(ping, (pass.ping_every_s || 5) * 1000);
  // A closed tab or a navigation away hangs up at once (a beacon survives the page); a hidden
  // tab keeps the call (the viewer may look at a product) but its heartbeat is refreshed.
  const leave = () => navigator.sendBeacon(pass.leave_url, pass.token);
  const hidden = () => { if (document.visibilityState === "hidden") ping(); };
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", hidden);
  ping();
  return () => {
    clearInterval(timer);
    window.removeEventListener("pagehide", leave);
    document.removeEventListener("visibilitychange", hidden);
  };
}

export async function joinCall({ pass, stream, remote, onGone, onMoved }) {
  let stopped = false;
  const peers = [await publish(pass, stream)];
  const quiet = heartbeat(pass, () => { if (!stopped) onGone?.(); }, () => { if (!stopped) onMoved?.(); });
  const stop = () => {
    stopped = true;
    quiet();
    for (const pc of peers) pc.close();
    remote.srcObject = null;
  };
  // Resolves once the other side plays (or the call was stopped while waiting for them).
  const watching = watch(pass, remote, () => stopped).then((pc) => {
    if (pc && stopped) pc.close();
    else if (pc) peers.push(pc);
  });
  return { stop, watching };
}
