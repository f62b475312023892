// A pushed credential's video clip: it plays muted, picture-in-picture over the show, with
// the seller's subtitles showing, and the overlay closes on its own when the clip ends.
const SAFETY_MS = 5000;

// Starts the clip in OVERLAY, if the card has one, and calls CLOSE when it is over (or after
// FALLBACK_MS for a card without a clip). Returns the timer that closes it regardless.
export function playClip(overlay, close, fallbackMs) {
  const video = overlay.querySelector("video.credential-clip");
  overlay.classList.toggle("with-clip", Boolean(video));
  if (!video) return setTimeout(close, fallbackMs);
  video.muted = true;
  for (const track of video.textTracks) track.mode = "showing";
  video.addEventListener("ended", close, { once: true });
  video.addEventListener("error", close, { once: true });
  video.play().catch(() => {});  // autoplay of a muted video is allowed; a refusal keeps the poster
  // A clip that stalls still goes: its length plus a margin.
  return setTimeout(close, Number(video.dataset.durationMs || 0) + SAFETY_MS);
}

export function stopClip(overlay) {
  const video = overlay.querySelector("video.credential-clip");
  if (!video) return;
  video.pause();
  video.remove();
  overlay.classList.remove("with-clip");
}
