// Shows admin: local times shown and typed in the browser's time zone (stored in UTC),
// and the line-up editor (add, remove, move up and down). Its words come in the seller's
// language (web/admin_js_strings.py).
import { pageLanguage, t } from "../shop/strings.js";

function pad(n) { return String(n).padStart(2, "0"); }

function toLocalInput(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function showLocalTimes() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("[data-timezone]").forEach((el) => { el.textContent = zone; });
  document.querySelectorAll("time.local[datetime]").forEach((el) => {
    const date = new Date(el.getAttribute("datetime"));
    if (!Number.isNaN(date.getTime())) {
      el.textContent = date.toLocaleString(pageLanguage(), { dateStyle: "medium", timeStyle: "short" });
      el.title = `${el.getAttribute("datetime")} (UTC)`;
    }
  });
}

function wireSchedule() {
  const local = document.getElementById("scheduled_local");
  const utc = document.getElementById("scheduled_at");
  if (!local || !utc) return;
  if (utc.value) {
    const date = new Date(utc.value);
    if (!Number.isNaN(date.getTime())) local.value = toLocalInput(date);
  }
  const sync = () => {
    const date = local.value ? new Date(local.value) : null;  // no offset: read as local time
    utc.value = date && !Number.isNaN(date.getTime()) ? date.toISOString() : "";
  };
  local.addEventListener("change", sync);
  local.addEventListener("input", sync);
  local.form.addEventListener("submit", sync);
}

function wireLineup() {
  const list = document.getElementById("lineup");
  const template = document.getElementById("lineup-item");
  const picker = document.getElementById("lineup-product");
  const add = document.getElementById("lineup-add");
  if (!list || !template) return;
  // The picker offers only what is not in the line-up: a removed product goes back in its
  // place by title (the order the page lists them in), an added one leaves it.
  const offer = (id, title) => {
    if (!picker || !id || picker.querySelector(`option[value="${CSS.escape(id)}"]`)) return;
    const after = [...picker.options].find((o) => o.text.localeCompare(title) > 0);
    picker.insertBefore(new Option(title, id), after || null);
  };
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-move]");
    if (!button) return;
    const item = button.closest("li");
    const move = button.dataset.move;
    if (move === "up" && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
    } else if (move === "down" && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
    } else if (move === "remove") {
      item.remove();
      offer(item.dataset.productId, item.querySelector(".lineup-title").textContent);
    }
  });
  if (!picker || !add) return;
  add.addEventListener("click", () => {
    const id = picker.value;
    if (!id || list.querySelector(`li[data-product-id="${CSS.escape(id)}"]`)) return;
    const title = picker.options[picker.selectedIndex].text;
    const item = template.content.firstElementChild.cloneNode(true);
    item.dataset.productId = id;
    item.querySelector("input").value = id;
    item.querySelector(".lineup-title").textContent = title;
    item.querySelectorAll("button[data-move]").forEach((b) => {
      const verb = { up: "Move %(title)s up", down: "Move %(title)s down", remove: "Remove %(title)s" }[b.dataset.move];
      b.setAttribute("aria-label", t(verb, { title }));
    });
    list.appendChild(item);
    picker.options[picker.selectedIndex].remove();
  });
}

function wireConfirms() {
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  showLocalTimes();
  wireSchedule();
  wireLineup();
  wireConfirms();
});
