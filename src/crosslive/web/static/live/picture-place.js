// The picture's shape, from the video's own size once known (`loadedmetadata`, `resize`),
// and where a landscape picture goes on a phone held upright (live.css, `.wide-picture`):
// whole, under the header and the stack of labels and buttons at its top corner, with the
// chat scrolling in the space left between it and the products and message box. A portrait
// picture keeps the full screen with the chat over it; laptops and phones held sideways
// keep their layout whatever the picture (the rules apply to an upright screen narrower
// than 900 px only). On a phone held sideways (live.css) the chat starts under that same
// stack (--under-stack) and ends above the message box (--above-composer), and the captions
// start under the header (--under-header).
const GAP_PX = 8;
// A nearly square picture never takes more than this share of the screen's height: the
// chat keeps room to be read.
const MOST_OF_HEIGHT = 0.45;
// Under a landscape picture the chat keeps room for three lines (a line is about 31 px, with
// 6 px between lines, and a gap for rounding): on a short phone the picture shrinks first.
const CHAT_ROOM_PX = 3 * 31 + 2 * 6 + 2 * GAP_PX;
// Where the stack is taller still (a long language, a note about shipping), the chat gives
// way down to one line before the picture goes under this height.
const CHAT_LEAST_PX = 31 + 2 * GAP_PX;
const PICTURE_LEAST_PX = 100;
// The labels' gap under the header (its own 10 px padding above that) and under the note
// about shipping (as between the labels, live.css).
const HEADER_GAP_PX = 2;
const NOTE_GAP_PX = 6;

function shown(el) {
  return Boolean(el) && el.getClientRects().length > 0;
}

export function mountPicturePlace({ stage, video }) {
  const screen = stage.querySelector(".screen");
  const above = [".room-top", ".top-notes", ".ship-note"].map((s) => stage.querySelector(s)).filter(Boolean);
  const below = [".shelf", ".composer"].map((s) => stage.querySelector(s)).filter(Boolean);
  const composer = stage.querySelector(".composer");
  const header = above.filter((el) => !el.matches(".top-notes"));
  const roomTop = stage.querySelector(".room-top");
  const note = stage.querySelector(".ship-note");
  const feed = stage.querySelector(".chat-feed");
  const sideways = window.matchMedia("(orientation: landscape) and (max-width: 899px)");

  // On a phone held sideways the note about shipping sits in the end column, clear of the
  // labels and the chat at the start (unless a narrow screen makes it reach across).
  function noteAside() {
    if (!sideways.matches || !shown(note) || !feed) return false;
    const [a, b] = [note.getBoundingClientRect(), feed.getBoundingClientRect()];
    return a.right <= b.left || b.right <= a.left;
  }

  function place() {
    const frame = screen.getBoundingClientRect();
    const under = (els) => Math.max(0, ...els.filter(shown).map((el) => el.getBoundingClientRect().bottom - frame.top)) + GAP_PX;
    // The labels go under the header's rows and the note about shipping under it (live.css,
    // .top-notes), however many lines a language wraps them to: measured first.
    const foot = (el, gap) => (shown(el) ? el.getBoundingClientRect().bottom - frame.top + gap : 0);
    const aside = noteAside();
    const notesTop = Math.max(foot(roomTop, HEADER_GAP_PX), aside ? 0 : foot(note, NOTE_GAP_PX));
    if (notesTop > 0) stage.style.setProperty("--notes-top", `${Math.round(notesTop)}px`);
    const top = under(above);
    stage.style.setProperty("--under-stack", `${Math.round(aside ? under(above.filter((el) => el !== note)) : top)}px`);
    stage.style.setProperty("--under-header", `${Math.round(under(header))}px`);
    // The guest's picture-in-picture never reaches past the screen's foot (live.css, .pip).
    stage.style.setProperty("--screen-height", `${Math.round(frame.height)}px`);
    if (composer) stage.style.setProperty("--above-composer", `${Math.round(frame.bottom - composer.getBoundingClientRect().top + GAP_PX)}px`);
    // The products' shelf and the message box grow upwards (a pinned card, an error line);
    // captions on a short screen end above them (--above-shelf, live.css).
    const floor = Math.min(frame.height, ...below.filter(shown).map((el) => el.getBoundingClientRect().top - frame.top));
    stage.style.setProperty("--above-shelf", `${Math.round(floor)}px`);
    const { videoWidth: w, videoHeight: h } = video;
    const known = w > 0 && h > 0;
    video.classList.toggle("portrait", known && h > w);
    stage.classList.toggle("wide-picture", known && w > h);
    if (!known || h > w) return;
    // A short screen under a tall stack of labels: the picture shrinks rather than go under
    // the products or take the chat's three lines, then the chat gives way down to one.
    const room = floor - GAP_PX - top - GAP_PX;
    const least = Math.min(PICTURE_LEAST_PX, room - CHAT_LEAST_PX);
    const height = Math.min(frame.width * (h / w), frame.height * MOST_OF_HEIGHT, Math.max(0, room - CHAT_ROOM_PX, least));
    stage.style.setProperty("--picture-top", `${top}px`);
    stage.style.setProperty("--picture-bottom", `${top + height}px`);
    // The chat's top on a whole pixel, as its scrolling is: its newest line ends in view.
    stage.style.setProperty("--chat-top", `${Math.round(top + height + GAP_PX)}px`);
    stage.style.setProperty("--chat-bottom", `${Math.round(frame.height - floor + GAP_PX)}px`);
  }

  // The "host is answering" banner sits where the chat's newest lines would be (at the
  // chat's foot under a landscape picture, and on a phone held sideways): while it shows,
  // the chat ends above it (--answering-space, live.css), and a chat that was scrolled to
  // its newest line stays there.
  const banner = stage.querySelector(".answering");
  function reserve() {
    const atNewest = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 2;
    // offsetHeight: the banner's own height, not as its pop-in animation scales it.
    const space = shown(banner) ? banner.offsetHeight + GAP_PX : 0;
    stage.style.setProperty("--answering-space", `${Math.round(space)}px`);
    if (atNewest) feed.scrollTop = feed.scrollHeight;
  }

  // `emptied`: the show ended or the player let go of the stream; back to the full screen.
  for (const kind of ["loadedmetadata", "resize", "emptied"]) video.addEventListener(kind, place);
  window.addEventListener("resize", place);
  if ("ResizeObserver" in window) {
    const watch = new ResizeObserver(place);
    for (const el of [screen, ...above, ...below]) watch.observe(el);
    if (banner && feed) new ResizeObserver(reserve).observe(banner);
  }
  place();
  return { place };
}
