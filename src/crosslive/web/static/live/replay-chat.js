// The show's chat replayed beside its video: the messages written up to the video's current
// time (the last SHOWN of them), following playback and every seek. Text goes in as text.
// The panel is a <details>: closing it hides the chat, and the choice is remembered.
const KEY = "crosslive.replay-chat";
const SHOWN = 40;

export function mountReplayChat(panel, lines, now) {
  const list = panel.querySelector(".replay-chat-lines");
  try { if (localStorage.getItem(KEY) === "hidden") panel.open = false; } catch { /* private mode */ }
  panel.addEventListener("toggle", () => {
    try { localStorage.setItem(KEY, panel.open ? "shown" : "hidden"); } catch { /* private mode */ }
  });
  let count = -1;

  function item(line) {
    const li = document.createElement("li");
    li.className = line.staff ? "replay-chat-line staff" : "replay-chat-line";
    li.dataset.at = String(line.at);
    const name = document.createElement("strong");
    name.textContent = line.name;
    const body = document.createElement("span");
    body.textContent = line.body;
    if (line.lang) body.lang = line.lang;
    li.append(name, " ", body);
    return li;
  }

  function follow() {
    const at = now();
    let upTo = 0;
    while (upTo < lines.length && lines[upTo].at <= at + 0.25) upTo += 1;
    if (upTo === count) return;
    count = upTo;
    list.replaceChildren(...lines.slice(Math.max(0, upTo - SHOWN), upTo).map(item));
    list.scrollTop = list.scrollHeight;
  }
  return follow;
}
