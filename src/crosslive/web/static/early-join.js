// Joining a show's video as early as a page allows. A live page inlines this file in its
// head, where it runs before any module has loaded: it asks for Janus's offer, starts
// WebRTC in the page and applies the offer while the rest of the page loads. player.js
// imports the same file for every later join. Either way it only defines
// globalThis.crossliveJoin.
(() => {
  // Janus 1.1.2 drops DTLS that arrives before its own ICE check of the viewer succeeded,
  // and the browser resends its ClientHello only after 2 x RTT; so by default Janus is the
  // DTLS client. Over a long link Janus as the server finishes the handshake, and asks the
  // host for a keyframe, a round trip sooner, if our ClientHello reaches it after that
  // check: the player then keeps Janus's candidates back for a moment after sending the
  // answer, so our own checks (and the ClientHello that follows them) start once Janus has
  // the answer and is checking us (measured at 200 ms RTT: first frame 946 -> 780 ms).
  const LATE_CHECKS_MIN_RTT_MS = 120;

  // The round trip to the server: the quickest request -> first byte among the page's
  // scripts, styles and the offer, so one request slowed by a busy page does not count.
  // 0 when the browser does not say (cross-origin loads without Timing-Allow-Origin).
  // Not the page itself: one from a cache or a service worker shows no round trip at all.
  function linkRoundTrip() {
    const times = performance.getEntriesByType("resource")
      .filter((e) => e.requestStart > 0 && e.responseStart > e.requestStart)
      .map((e) => e.responseStart - e.requestStart);
    return times.length ? Math.min(...times) : 0;
  }

  // The offer without its candidates, and the candidates to add later (with their m= section).
  function withoutCandidates(sdp) {
    const kept = [];
    const candidates = [];
    let mid = null;
    for (const line of sdp.split("\r\n")) {
      if (line.startsWith("a=mid:")) mid = line.slice(6);
      if (line.startsWith("a=candidate:")) candidates.push({ candidate: line.slice(2), sdpMid: mid });
      else if (line !== "a=end-of-candidates") kept.push(line);
    }
    return { sdp: kept.join("\r\n"), candidates };
  }

  // A peer connection with the server's offer applied. `late`: our connectivity checks
  // start only when the player adds `candidates`, shortly after sending the answer.
  async function prepare(offer, iceServers = []) {
    const peer = new RTCPeerConnection({ iceServers, bundlePolicy: "max-bundle" });
    const late = linkRoundTrip() >= LATE_CHECKS_MIN_RTT_MS;
    const remote = late ? withoutCandidates(offer.sdp) : { sdp: offer.sdp, candidates: [] };
    try {
      await peer.setRemoteDescription({ type: "offer", sdp: remote.sdp });
    } catch (error) {
      peer.close();
      throw error;
    }
    return { offer, peer, late, candidates: remote.candidates };
  }

  // Ask for the offer (POST url) and prepare it. Resolves to prepare's result, or null when
  // the show is not playable now (the player then asks again itself).
  function start(url, iceServers = []) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" })
      .then((response) => (response.status === 201 ? response.json() : null))
      .then((offer) => (offer ? prepare(offer, iceServers) : null))
      .catch(() => null);
  }

  globalThis.crossliveJoin = { prepare, start };
})();
