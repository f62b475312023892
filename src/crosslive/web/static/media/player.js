// Viewer playback: the picture of a server-offer join (early-join.js: POST -> Janus offer,
// answer, trickled candidates), co-hosts picture-in-picture, getStats reports every few
// seconds (the server picks this viewer's simulcast layer from them) and reconnection on
// any failure, without a reload: at once when the media server restarted (rejoin(), from
// the show's event log), or after STALL_GRACE_MS without inbound media.
// mountPlayer(video, {showSlug, store}) returns a handle with state and stop().

// The join's first steps live in early-join.js, which a live page inlines in its head;
// other pages load it on first use (a static import would cost far viewers a round trip
// before the player could start).
async function joinSteps() {
  if (!globalThis.crossliveJoin) await import("./early-join.js");
  return globalThis.crossliveJoin;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Media that stops arriving (no inbound bytes at all) for this long means the media server
// or the path to it is gone: rejoin rather than wait for ICE to give up (tens of seconds).
// Where the page hears the show's event log, a media server restart rejoins it sooner.
const STALL_GRACE_MS = 2000;
const STALL_CHECK_MS = 500;

async function inboundBytes(peer) {
  let bytes = 0;
  (await peer.getStats()).forEach((s) => {
    if (s.type === "inbound-rtp") bytes += s.bytesReceived || 0;
  });
  return bytes;
}

function statsSummary(report, previous, seconds) {
  const now = { bytes: 0, lost: 0, received: 0, frames: 0, jbDelay: 0, jbCount: 0 };
  const out = { freezes: 0, freeze_s: 0, rtt_ms: 0, available_kbps: null };
  report.forEach((s) => {
    if (s.type === "inbound-rtp" && s.kind === "video" && s.mid === previous.mainMid) {
      now.bytes += s.bytesReceived || 0;
      now.lost += s.packetsLost || 0;
      now.received += s.packetsReceived || 0;
      now.frames += s.framesDecoded || 0;
      now.jbDelay += s.jitterBufferDelay || 0;
      now.jbCount += s.jitterBufferEmittedCount || 0;
      out.freezes += s.freezeCount || 0;
      out.freeze_s += s.totalFreezesDuration || 0;
      out.width = s.frameWidth || 0;
    }
    if (s.type === "candidate-pair" && s.nominated && s.state === "succeeded") {
      out.rtt_ms = (s.currentRoundTripTime || 0) * 1000;
      if (s.availableIncomingBitrate) out.available_kbps = s.availableIncomingBitrate / 1000;
    }
  });
  const last = previous.counters || { bytes: 0, lost: 0, received: 0, frames: 0, jbDelay: 0, jbCount: 0 };
  const lost = Math.max(0, now.lost - last.lost);
  const received = Math.max(0, now.received - last.received);
  out.kbps = Math.max(0, (now.bytes - last.bytes) * 8) / 1000 / seconds;
  out.loss = lost + received > 0 ? lost / (lost + received) : 0;
  out.fps = Math.max(0, now.frames - last.frames) / seconds;
  const jbCount = now.jbCount - last.jbCount;
  out.jitter_buffer_ms = jbCount > 0 ? ((now.jbDelay - last.jbDelay) / jbCount) * 1000 : 0;
  previous.counters = now;
  return out;
}

// On a lossy link the picture stutters while frames wait for retransmissions that arrive
// after their play-out time, and a frame given up breaks the picture until the next
// keyframe. Holding frames about three round trips (a lost request or retransmission gets
// two more chances) keeps it smooth; clean links keep the lowest delay.
const LOSSY = 0.02;
const CLEAN_REPORTS_TO_RELAX = 3;

function holdFor(figures, hold) {
  if (figures.loss >= LOSSY) {
    hold.clean = 0;
    const rtt = figures.rtt_ms || 100;
    hold.ms = Math.max(hold.ms, Math.min(1000, Math.round(3 * rtt + 100)));
  } else if (++hold.clean >= CLEAN_REPORTS_TO_RELAX) {
    hold.ms = 0;
  }
  return hold.ms;
}

function applyHold(peer, ms) {
  for (const receiver of peer.getReceivers()) {
    if (receiver.track.kind === "video" && "jitterBufferTarget" in receiver) {
      receiver.jitterBufferTarget = ms || null;
    }
  }
}

// Pre-warming: call as early as the page allows (or inline early-join.js in the page head
// and call crossliveJoin.start there), then pass the promise to mountPlayer as
// `prefetched`: the join (offer, answer, ICE, DTLS) then overlaps the page load. Resolves
// to a join under way, or null (the player then joins itself).
export function startViewing(showSlug, { store = "", apiBase = "/api/v1/media", iceServers = [] } = {}) {
  const query = store ? `?store=${encodeURIComponent(store)}` : "";
  const url = `${apiBase}/shows/${encodeURIComponent(showSlug)}/viewers${query}`;
  return joinSteps().then((join) => join.start(url, { apiBase, iceServers }));
}

export function mountPlayer(video, {
  showSlug,
  store = "",
  apiBase = "/api/v1/media",
  statsEverySec = 3,
  iceServers = [],
  pipVideo = null,
  layer = null,
  prefetched = null,
  onEvent = () => {},
  market = "",
  country = "",
} = {}) {
  const state = {
    // firstFrameMs: the first picture, from the player's start; joinFirstFrameMs: the
    // current join's, from that join's start (what the server records for the session).
    attempts: 0, playing: false, layer, viewerId: null, firstFrameMs: null, joinFirstFrameMs: null,
    framesDecoded: 0, reconnects: 0, lastError: null, lastStatus: null, width: 0, stopped: false, stage: 0,
    holdMs: 0,
    // Milliseconds from the attempt's start to each step of the join (first-frame
    // breakdown); steps taken while the page was still loading count as 0.
    get marks() {
      return Object.fromEntries(Object.entries(steps.times)
        .filter(([name]) => name !== "began")
        .map(([name, at]) => [name, Math.max(0, Math.round(at - steps.since))]));
    },
  };
  let steps = { times: {}, since: 0 };
  const mountedAt = performance.now();
  const hold = { ms: 0, clean: 0 };
  let pc = null;
  video.autoplay = true;
  video.playsInline = true;

  async function post(path, body) {
    return (await joinSteps()).post(`${apiBase}${path}`, body);
  }

  async function connect(attemptStart) {
    const params = new URLSearchParams();
    if (store) params.set("store", store);
    // Kept with the session for the insights (video quality by market and region).
    if (market) params.set("market", market);
    if (country) params.set("country", country);
    // After a reconnect, resume on the layer the server last chose for this viewer.
    if (state.layer !== null) params.set("layer", String(state.layer));
    const query = params.toString() ? `?${params}` : "";
    // A page may have joined while it was still loading (startViewing); that resolves to
    // a join under way (or, from older pages, to the bare offer).
    const early = state.attempts === 1 ? await prefetched : null;
    let joined = early && early.peer ? early : null;
    if (!joined) {
      const offer = early || (await post(`/shows/${encodeURIComponent(showSlug)}/viewers${query}`, {}));
      state.viewerId = offer.viewer_id;
      joined = (await joinSteps()).answer(offer, { apiBase, iceServers, began: attemptStart });
    }
    const { offer, peer, described, answered, times } = joined;
    pc = peer;
    state.viewerId = offer.viewer_id;
    state.framesDecoded = 0;
    state.layer = offer.layer;
    state.stage = offer.stage ?? 0;
    steps = { times, since: attemptStart };
    await described;
    // The host's audio and video come first, a co-host's after them.
    const main = new MediaStream();
    const pip = new MediaStream();
    peer.getTransceivers().forEach((transceiver, index) => {
      (index < 2 ? main : pip).addTrack(transceiver.receiver.track);
    });
    video.srcObject = main;
    if (pipVideo && pip.getTracks().length) {
      pipVideo.srcObject = pip;
      pipVideo.hidden = false;
    }
    // Neither playing nor watching for the first picture waits for the server to take
    // the answer: the picture may arrive first.
    const shown = firstFrame(attemptStart);
    shown.catch(() => {});
    video.play().catch(() => {});
    await answered;
    // A media server restart meanwhile: this join is to the Janus that went away.
    await Promise.race([shown, new Promise((resolve, reject) => {
      abortJoin = () => reject(new Error("media server restarted"));
      if (rejoinNow) abortJoin();
    })]);
    abortJoin = () => {};
    const videoTransceiver = peer.getTransceivers().find((t) => t.receiver.track.kind === "video");
    return { peer, mainMid: videoTransceiver ? videoTransceiver.mid : "1" };
  }

  function firstFrame(attemptStart) {
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error("no picture")), 10000);
      const done = () => {
        clearTimeout(timeout);
        if (!("frame" in steps.times)) steps.times.frame = performance.now();
        // This join's own wait, from its start (in a live room: the page head).
        state.joinFirstFrameMs = steps.times.frame - steps.times.began;
        state.playing = true;
        if (state.firstFrameMs === null) state.firstFrameMs = performance.now() - attemptStart;
        resolve();
      };
      if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(done);
      else video.addEventListener("playing", done, { once: true });
    });
  }

  async function monitor(session) {
    const previous = { mainMid: session.mainMid, counters: null };
    if (hold.ms) applyHold(session.peer, hold.ms);  // a reconnect keeps the link's hold
    let reportedFirst = false;
    let stalled = 0;
    let lostSince = null;
    let lastStats = performance.now();
    let bytes = -1;
    let flowingAt = performance.now();
    while (!state.stopped) {
      await Promise.race([sleep(STALL_CHECK_MS), new Promise((resolve) => { nudge = resolve; })]);
      nudge = () => {};
      if (rejoinNow) throw new Error("media server restarted");
      if (restaged) throw new Error("line-up changed");
      const bad = ["disconnected", "failed", "closed"].includes(session.peer.connectionState);
      lostSince = bad ? (lostSince ?? performance.now()) : null;
      if (lostSince && performance.now() - lostSince > 2500) throw new Error("connection lost");
      const nowBytes = await inboundBytes(session.peer);
      if (nowBytes !== bytes) { bytes = nowBytes; flowingAt = performance.now(); }
      if (performance.now() - flowingAt > STALL_GRACE_MS) throw new Error("media stalled");
      if (performance.now() - lastStats < statsEverySec * 1000) continue;
      const seconds = (performance.now() - lastStats) / 1000;
      lastStats = performance.now();
      const figures = statsSummary(await session.peer.getStats(), previous, seconds);
      const heldBefore = hold.ms;
      if (holdFor(figures, hold) !== heldBefore) applyHold(session.peer, hold.ms);
      state.holdMs = hold.ms;
      state.framesDecoded = previous.counters.frames;
      state.width = figures.width || 0;
      stalled = figures.fps === 0 ? stalled + seconds : 0;
      if (stalled >= 4) throw new Error("picture stalled");
      const body = { ...figures };
      delete body.width;
      if (!reportedFirst) body.first_frame_ms = Math.round(state.joinFirstFrameMs);
      const advice = await post(`/viewers/${state.viewerId}/stats`, body);
      reportedFirst = true;
      state.layer = advice.layer;
      onEvent("stats", { ...figures, layer: advice.layer });
      if (advice.reconnect) throw new Error("line-up changed");
    }
  }

  async function run() {
    let backoff = 300;
    while (!state.stopped) {
      state.attempts += 1;
      const attemptStart = state.attempts === 1 ? mountedAt : performance.now();
      try {
        const session = await connect(attemptStart);
        state.lastStatus = null;
        onEvent("playing", state);
        backoff = 300;
        await monitor(session);
      } catch (error) {
        state.lastError = String(error.message || error);
        state.lastStatus = error.status || null;
        if (error.status === 404 || error.status === 503) backoff = Math.max(backoff, 1000);
      }
      state.playing = false;
      if (pc) pc.close();
      let leaving = null;
      if (state.viewerId) {
        leaving = fetch(`${apiBase}/viewers/${state.viewerId}`, { method: "DELETE" }).catch(() => {});
        state.viewerId = null;
      }
      // stop() resolves once the server has been told; a reconnect does not wait for it.
      if (state.stopped) {
        await leaving;
        return;
      }
      state.reconnects += 1;
      onEvent("reconnecting", state);
      // After a restart or a new line-up, no pause: nothing failed (after a restart the
      // first try may find the host not back yet, 404, and the `stage` event of their
      // return wakes the next one).
      if (!rejoinNow && !restaged) {
        await Promise.race([sleep(backoff), new Promise((resolve) => { wake = resolve; })]);
      }
      wake = () => {};
      restaged = false;
      rejoinNow = false;
      backoff = Math.min(backoff * 2, 4000);
    }
  }

  // The show's publishers changed (its event log says so): rejoin now rather than at the
  // next stats report, or, while waiting to retry, retry at once.
  let restaged = false;
  let wake = () => {};
  // The media server restarted (the event log says so): this connection is dead; drop it
  // and join again now. While waiting to retry, retry at once.
  let rejoinNow = false;
  let nudge = () => {};
  let abortJoin = () => {};
  const running = run();
  return {
    state,
    peer: () => pc,
    rejoin() {
      rejoinNow = true;
      nudge();
      abortJoin();
      wake();
    },
    // The page's event log is back after a drop (the app may have restarted): while
    // waiting to retry, retry at once.
    retryNow() {
      wake();
    },
    restage(stage) {
      if (state.viewerId && stage <= state.stage) return;  // our offer has that line-up
      restaged = true;
      wake();
    },
    async stop() {
      state.stopped = true;
      if (pc) pc.close();
      await running;
    },
  };
}
