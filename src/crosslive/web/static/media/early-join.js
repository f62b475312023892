// Joining a show's video: the server-offer flow up to the answer. A live page inlines this
// file in its head, where it runs before any module has loaded, so the whole join (the
// offer, WebRTC's start-up in the page, the answer, ICE and DTLS) overlaps the page load;
// player.js imports the same file for every later join and shows the picture.
// Either way it only defines globalThis.crossliveJoin.
(() => {
  // Janus 1.1.2 drops DTLS that arrives before its own ICE check of the viewer succeeded,
  // and the browser resends its ClientHello only after 2 x RTT; so by default Janus is the
  // DTLS client. Over a long link Janus as the server finishes the handshake, and asks the
  // host for a keyframe, a round trip sooner, if our ClientHello reaches it after that
  // check: we then keep Janus's candidates back for a moment after sending the answer, so
  // our own checks (and the ClientHello that follows them) start once Janus has the answer
  // and is checking us (measured at 200 ms RTT: first frame 946 -> 780 ms, median).
  const LATE_CHECKS_MIN_RTT_MS = 120;
  const LATE_CHECKS_MS = 80;
  // Janus checks the candidates it is given at once, but one it only learns from our first
  // connectivity check before the answer arrives is lost (Janus 1.1.2); so the answer waits
  // a moment for our first candidate (gathered within milliseconds).
  const FIRST_CANDIDATE_WAIT_MS = 40;

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // The viewer's identity (identity.js) rides along where the page has one.
  const identity = () => globalThis.crossliveViewer?.headers() || {};

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...identity() },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const error = new Error(`${new URL(url, location.href).pathname}: ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return response.status === 204 ? null : response.json();
  }

  // With a viewer API beside the edge (offer.edge_api: its URL and our pass), the answer and
  // candidates go there, over the short link, as CORS "simple" requests (text/plain, the
  // pass in the body: no preflight round trip); when it fails, to the app as before.
  function signaller(offer, viewer) {
    const edge = offer.edge_api;
    if (!edge) return (path, body) => post(`${viewer}${path}`, body);
    const edgeViewer = `${edge.url}/viewers/${encodeURIComponent(offer.viewer_id)}`;
    return async (path, body) => {
      try {
        const response = await fetch(`${edgeViewer}${path}`, {
          method: "POST",
          headers: { "Content-Type": "text/plain" },
          body: JSON.stringify({ ...body, token: edge.token }),
        });
        if (response.ok) return null;
      } catch {
        // The edge API is down: the app still reaches the edge's Janus.
      }
      return post(`${viewer}${path}`, body);
    };
  }

  // The round trip to the server: the quickest request -> first byte among the page's
  // scripts, styles and the offer, less the time the server says it spent on it
  // (Server-Timing; the offer's can be a join of tens of milliseconds), so one request
  // slowed by a busy page or server does not count. 0 when the browser does not say
  // (cross-origin loads without Timing-Allow-Origin). Not the page itself: one from a
  // cache or a service worker shows no round trip at all.
  function linkRoundTrip() {
    const times = performance.getEntriesByType("resource")
      .filter((e) => e.requestStart > 0 && e.responseStart > e.requestStart)
      .map((e) => e.responseStart - e.requestStart
        - (e.serverTiming || []).reduce((sum, timing) => sum + timing.duration, 0));
    return times.length ? Math.max(0, Math.min(...times)) : 0;
  }

  // The round trip as this page's own load saw it: its connection's handshake, or its
  // request -> first byte less the server's time (Server-Timing). For a page that came with
  // an offer: such a page is never cached (no-store), and no other load has happened yet.
  function pageRoundTrip() {
    const [page] = performance.getEntriesByType("navigation");
    if (!page) return 0;
    const times = [];
    const tcpEnd = page.secureConnectionStart > 0 ? page.secureConnectionStart : page.connectEnd;
    if (tcpEnd > page.connectStart) times.push(tcpEnd - page.connectStart);
    if (page.responseStart > page.requestStart) {
      times.push(page.responseStart - page.requestStart
        - (page.serverTiming || []).reduce((sum, timing) => sum + timing.duration, 0));
    }
    return times.length ? Math.max(0, Math.min(...times)) : 0;
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

  // A candidate's identity: foundation, component, transport, priority, address, port and
  // type. The same candidate reads "... generation 0 network-id 1" in the SDP and
  // "... generation 0 ufrag abcd network-id 1" in its icecandidate event.
  const candidateKey = (candidate) => candidate.split(" ").slice(0, 8).join(" ");

  // Candidates gathered before the answer goes out travel inside it; later ones are
  // trickled in small batches once the answer is sent (Janus warns about, and does the work
  // of, every candidate it is given twice).
  function trickler(send) {
    let batch = [];
    let timer = null;
    let open = false;
    let inAnswer = new Set();
    let first = null;
    const seen = new Promise((resolve) => { first = resolve; });
    const flush = () => {
      const candidates = batch.filter((c) => c === null || !inAnswer.has(candidateKey(c.candidate)));
      batch = [];
      timer = null;
      if (candidates.length) send("/candidates", { candidates }).catch(() => {});
    };
    return {
      seen,
      push(candidate) {
        first();
        batch.push(candidate);
        if (open && !timer) timer = setTimeout(flush, 10);
      },
      open(sdp) {
        inAnswer = new Set(sdp.split(/\r?\n/).filter((l) => l.startsWith("a=candidate:")).map((l) => candidateKey(l.slice(2))));
        open = true;
        flush();
      },
    };
  }

  // The connection gathers its candidates as soon as it exists (a pool of one set), so they
  // are in hand when the answer is made instead of some milliseconds after it.
  const newPeer = (iceServers) =>
    new RTCPeerConnection({ iceServers, bundlePolicy: "max-bundle", iceCandidatePoolSize: 1 });

  // Answer OFFER (a viewer offer from POST .../viewers, or the page's) in PEER, or a new connection. Returns
  // at once with the connection, `described` (the offer is applied: its transceivers
  // exist), `answered` (the server took the answer) and `times`, when each step happened
  // (performance.now(); `began` is when the join started).
  // SHOW: the page's show, which an offer handed over with the page must be answered for.
  // RTT: the link's round trip where the caller knows it (ms).
  function answer(offer, { apiBase = "/api/v1/media", iceServers = [], began = null, peer = null, show = "", rtt = null } = {}) {
    const times = { began: began ?? performance.now(), offer: performance.now() };
    const at = (name) => { if (!(name in times)) times[name] = performance.now(); };
    peer = peer ?? newPeer(iceServers);
    peer.addEventListener("iceconnectionstatechange", () => {
      if (peer.iceConnectionState === "connected") at("ice");
    });
    peer.addEventListener("connectionstatechange", () => {
      if (peer.connectionState === "connected") at("dtls");
    });
    const viewer = `${apiBase}/viewers/${offer.viewer_id}`;
    const send = signaller(offer, viewer);
    const trickle = trickler(send);
    peer.onicecandidate = (event) => trickle.push(event.candidate ? event.candidate.toJSON() : null);
    // Not with an edge node: the answer reaches its Janus through the app (origin -> edge),
    // long after our checks over the short link to the edge, so Janus checks us and starts
    // DTLS as soon as it has the answer (regions bench, late checks at an edge: ICE up 40 ms
    // after the answer went out, DTLS 500-550 ms after: our early ClientHello was lost).
    const late = !offer.edge && (rtt ?? linkRoundTrip()) >= LATE_CHECKS_MIN_RTT_MS;
    const remote = late ? withoutCandidates(offer.sdp) : { sdp: offer.sdp, candidates: [] };
    const described = peer.setRemoteDescription({ type: "offer", sdp: remote.sdp })
      .then(() => at("offer_set"));
    const answered = (async () => {
      await described;
      const local = await peer.createAnswer();
      // Janus is the DTLS client unless our checks start late.
      if (!late) local.sdp = local.sdp.replace(/a=setup:active/g, "a=setup:passive");
      await peer.setLocalDescription(local);
      at("answer_set");
      await Promise.race([trickle.seen, sleep(FIRST_CANDIDATE_WAIT_MS)]);
      const sdp = peer.localDescription.sdp;
      at("answer_sent");
      const taken = send("/answer", show ? { sdp, show } : { sdp });
      trickle.open(sdp);
      if (late) {
        setTimeout(() => {
          for (const candidate of remote.candidates) peer.addIceCandidate(candidate).catch(() => {});
          at("checks");
        }, LATE_CHECKS_MS);
      }
      await taken;
      at("answer_acked");
    })();
    // The player awaits both; a page that never mounts one may not.
    described.catch(() => {});
    answered.catch(() => {});
    return { offer, peer, described, answered, times };
  }

  // The show a join URL (.../shows/{slug}/viewers) is for.
  const showOf = (url) => decodeURIComponent(new URL(url, location.href).pathname.split("/").slice(-2)[0]);

  // The offer the server handed over with this page (<script type="application/json"
  // id="crosslive-offer">), for that page's show: taken once, the element removed.
  function pageOffer(url) {
    const element = document.getElementById("crosslive-offer");
    if (!element) return null;
    element.remove();
    try {
      const offer = JSON.parse(element.textContent);
      return offer.show === showOf(url) ? offer : null;
    } catch {
      return null;
    }
  }

  // Join the show of URL: answer the offer that came with the page at once where there is
  // one, else ask for one (POST url) and answer it. Resolves to answer's result, or null
  // when the show is not playable now (the player then asks again itself). The connection
  // is made first, so WebRTC's start-up in the page and the candidate gathering overlap
  // the offer's round trip.
  function start(url, options = {}) {
    const began = performance.now();
    const given = pageOffer(url);
    if (given) {
      return Promise.resolve(answer(given, { ...options, began, show: given.show, rtt: pageRoundTrip() }));
    }
    const peer = newPeer(options.iceServers || []);
    return post(url, {})
      .then((offer) => answer(offer, { ...options, began, peer }))
      .catch(() => {
        peer.close();
        return null;
      });
  }

  globalThis.crossliveJoin = { answer, start, post };
})();
