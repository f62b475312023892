// Host publishing over WHIP (RFC 9725): camera + microphone, 720p, three simulcast layers.
// startPublishing({showSlug, token, video}) returns a handle with stop(); it reconnects by
// itself when the connection fails, or at once on republish() (the media server restarted).

const LAYERS = [
  { rid: "h", maxBitrate: 1_800_000 },
  { rid: "m", scaleResolutionDownBy: 2, maxBitrate: 300_000 },
  { rid: "l", scaleResolutionDownBy: 4, maxBitrate: 150_000 },
];

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function gatheringDone(pc, timeoutMs) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

export async function startPublishing({
  showSlug,
  token,
  video = null,
  stream = null,
  whipUrl = `/whip/${encodeURIComponent(showSlug)}`,
  width = 1280,
  height = 720,
  frameRate = 30,
  iceServers = [],
  // Sent with every request besides the bearer token (a viewer on stage: X-Viewer-Token).
  headers = {},
  onState = () => {},
}) {
  const media =
    stream ||
    (await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: { width: { ideal: width }, height: { ideal: height }, frameRate: { ideal: frameRate } },
    }));
  if (video) {
    video.srcObject = media;
    video.muted = true;
    video.play().catch(() => {});
  }
  const state = { connected: false, attempts: 0, location: null, stopped: false, error: null };
  let pc = null;

  async function connectOnce() {
    state.attempts += 1;
    pc = new RTCPeerConnection({ iceServers, bundlePolicy: "max-bundle" });
    for (const track of media.getAudioTracks()) {
      pc.addTransceiver(track, { direction: "sendonly", streams: [media] });
    }
    for (const track of media.getVideoTracks()) {
      const settings = track.getSettings();
      const simulcast = (settings.height || height) >= 540;
      pc.addTransceiver(track, {
        direction: "sendonly",
        streams: [media],
        sendEncodings: simulcast ? LAYERS.map((layer) => ({ ...layer })) : undefined,
      });
    }
    await pc.setLocalDescription(await pc.createOffer());
    await gatheringDone(pc, 1500);
    const response = await fetch(whipUrl, {
      method: "POST",
      headers: { "Content-Type": "application/sdp", ...headers, Authorization: `Bearer ${token}` },
      body: pc.localDescription.sdp,
    });
    if (response.status !== 201) {
      const error = new Error(`publish refused: ${response.status}`);
      error.status = response.status;
      throw error;
    }
    state.location = new URL(response.headers.get("Location"), location.href).href;
    await pc.setRemoteDescription({ type: "answer", sdp: await response.text() });
    await waitConnected(pc);
  }

  function waitConnected(peer) {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (peer.connectionState === "connected") resolve();
        if (peer.connectionState === "failed" || peer.connectionState === "closed") {
          reject(new Error("connection failed"));
        }
      };
      peer.addEventListener("connectionstatechange", check);
      setTimeout(() => reject(new Error("connection timed out")), 15000);
      check();
    });
  }

  // Resolves when the connection is lost, or at once when the media server restarted.
  let restarted = () => {};
  function watch(peer) {
    return new Promise((resolve) => {
      let lostSince = null;
      const done = () => {
        clearInterval(timer);
        restarted = () => {};
        resolve();
      };
      const timer = setInterval(() => {
        const bad = ["disconnected", "failed", "closed"].includes(peer.connectionState);
        lostSince = bad ? (lostSince ?? Date.now()) : null;
        if (state.stopped || (lostSince && Date.now() - lostSince > 3000)) done();
      }, 500);
      restarted = done;
    });
  }

  async function run() {
    let backoff = 300;
    while (!state.stopped) {
      try {
        await connectOnce();
        state.connected = true;
        state.error = null;
        onState("live", state);
        backoff = 300;
        await watch(pc);
      } catch (error) {
        state.error = String(error.message || error);
        if (error.status === 401 || error.status === 403) {
          onState("refused", state);
          return;
        }
      }
      state.connected = false;
      if (pc) pc.close();
      if (state.stopped) return;
      onState("reconnecting", state);
      if (!again) {
        await Promise.race([sleep(backoff), new Promise((resolve) => { retryNow = resolve; })]);
      }
      retryNow = () => {};
      again = false;
      backoff = Math.min(backoff * 2, 5000);
    }
  }

  let retryNow = () => {};
  let again = false;
  const running = run();
  return {
    state,
    stream: media,
    peer: () => pc,
    // The media server restarted and forgot this publish (the show's event log says so):
    // publish again now rather than when ICE notices, seconds later.
    republish() {
      again = true;
      restarted();
      retryNow();
    },
    // The show's event log is back after a drop: the app may have restarted and forgotten
    // this publish. Off the air, retry now; on it, ask the server (404: it does not know
    // this session, publish again now rather than when ICE notices).
    async check() {
      if (state.stopped) return;
      if (!state.connected || !state.location) { retryNow(); return; }
      const answer = await fetch(`${state.location}/alive`, {
        method: "POST",
        headers: { ...headers, Authorization: `Bearer ${token}` },
      }).catch(() => null);
      if (answer && answer.status === 404) this.republish();
    },
    async stop() {
      state.stopped = true;
      if (state.location) {
        await fetch(state.location, {
          method: "DELETE",
          headers: { ...headers, Authorization: `Bearer ${token}` },
        }).catch(() => {});
      }
      if (pc) pc.close();
      await running;
    },
  };
}
