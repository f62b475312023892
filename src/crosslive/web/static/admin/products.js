// Product form: add and remove variant / size-chart rows. The form also works without this:
// one blank row is always rendered, and blank rows are ignored when saved.
for (const button of document.querySelectorAll("[data-add-row]")) {
  button.addEventListener("click", () => {
    const table = document.getElementById(button.dataset.addRow);
    const row = table.querySelector("template").content.cloneNode(true);
    table.tBodies[0].append(row);
    table.tBodies[0].lastElementChild.querySelector("input")?.focus();
  });
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-remove-row]");
  if (button) {
    button.closest("tr").remove();
  }
});
