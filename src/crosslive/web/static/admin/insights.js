// Insights: one bar chart per table that has one, drawn with the vendored Chart.js from the
// labels and values the page carries in data attributes (no inline script).
"use strict";

function draw(canvas) {
  const Chart = window.Chart;
  if (!Chart) return;
  const labels = JSON.parse(canvas.dataset.labels || "[]");
  const values = JSON.parse(canvas.dataset.values || "[]");
  const name = canvas.dataset.name || "";
  const percent = canvas.dataset.percent === "1"; // the name is in the seller's language
  new Chart(canvas, {
    type: "bar",
    data: { labels, datasets: [{ label: name, data: percent ? values.map((v) => v * 100) : values }] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, title: { display: true, text: percent ? `${name} (%)` : name } } },
    },
  });
}

document.querySelectorAll("canvas[data-chart]").forEach(draw);
