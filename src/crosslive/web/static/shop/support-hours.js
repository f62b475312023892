// Local support hours, written in the viewer's own time zone. The server states the coming
// week's windows as UTC instants (data-windows); this groups them by their local hours and
// names the days in the page's language (Intl), Monday first whichever day the week starts
// on today, e.g. "Mon, Tue, and Sat 02:00–11:00" ("月、火、土 02:00–11:00"); days with other
// hours follow as the language joins clauses ("; " in English, "、" in Japanese, "；" in Chinese).
import { t } from "/static/shop/strings.js";

const WEEK = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function describe(windows, timeZone, lang = document.documentElement.lang || "en") {
  const day = new Intl.DateTimeFormat(lang, { weekday: "short", timeZone });
  const dayIndex = new Intl.DateTimeFormat("en-US", { weekday: "short", timeZone });
  const clock = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", timeZone });
  const list = new Intl.ListFormat(lang, { type: "conjunction" });
  const groups = new Map();
  for (const [start, end] of windows) {
    const from = new Date(start);
    const hours = `${clock.format(from)}–${clock.format(new Date(end))}`;
    if (!groups.has(hours)) groups.set(hours, new Map());
    groups.get(hours).set(WEEK.indexOf(dayIndex.format(from)), day.format(from));
  }
  return [...groups]
    .map(([hours, days]) => {
      const names = [...days].sort(([a], [b]) => a - b).map(([, name]) => name);
      return `${list.format(names)} ${hours}`;
    })
    .reduce((hours, more) => t("%(hours)s; %(more)s", { hours, more }));
}

export function localSupportHours(root = document) {
  for (const line of root.querySelectorAll(".support[data-windows]")) {
    let windows;
    try { windows = JSON.parse(line.dataset.windows); } catch { continue; }
    if (!windows.length) continue;
    const store = line.querySelector(".support-hours");
    // The zone as the page's language names it ("China Time", "中国时间"), not its IANA id.
    const zoneName = line.dataset.zoneName || line.dataset.timezone;
    store.textContent = `${describe(windows, line.dataset.timezone)} (${zoneName})`;
    const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (viewerZone === line.dataset.timezone) continue;
    line.querySelector(".support-local-hours").textContent = describe(windows, viewerZone);
    line.querySelector(".support-local").hidden = false;
  }
}

localSupportHours();
