// Charts for the insights dashboards, drawn from the data tables beside them.
// Each <div class="chart-box" data-chart-for="TABLE-ID" data-chart-kind="bar|line">
// gets a chart of that table's columns marked data-chart-series; the table stays the
// accessible source of the figures (the chart is hidden from screen readers). Hidden
// figures ("<5") have an empty data-value and are left out of the chart.
(function () {
  "use strict";

  const COLOURS = ["#1d5c8f", "#b3541e", "#2e7d32"];
  const DASHES = [[], [6, 4], [2, 3]];
  // Long group names ("Intellectuele, wetenschappelijke en artistieke beroepen") are cut
  // off by the chart's label area, so they wrap over lines of about this many letters.
  const LABEL_WIDTH = 26;

  function wrapped(label) {
    const lines = [];
    let line = "";
    for (const word of label.split(/\s+/)) {
      if (line && (line + " " + word).length > LABEL_WIDTH) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    }
    if (line) lines.push(line);
    return lines.length > 1 ? lines : label;
  }

  function seriesOf(table) {
    const headers = Array.from(table.querySelectorAll("thead th"));
    const series = [];
    headers.forEach((th, index) => {
      if (th.hasAttribute("data-chart-series")) series.push({ index, label: th.textContent.trim() });
    });
    const rows = Array.from(table.querySelectorAll("tbody tr"));
    const labels = rows.map((row) => wrapped(row.querySelector("th").textContent.trim()));
    return {
      labels,
      datasets: series.map((s, n) => ({
        label: s.label,
        data: rows.map((row) => {
          const cell = row.children[s.index];
          const value = cell ? cell.getAttribute("data-value") : "";
          return value === "" || value === null ? null : Number(value);
        }),
        backgroundColor: COLOURS[n % COLOURS.length],
        borderColor: COLOURS[n % COLOURS.length],
        borderDash: DASHES[n % DASHES.length],
        pointStyle: ["circle", "rect", "triangle"][n % 3],
      })),
    };
  }

  function draw(box) {
    const table = document.getElementById(box.dataset.chartFor);
    if (!table || typeof window.Chart === "undefined") return;
    const kind = box.dataset.chartKind;
    const data = seriesOf(table);
    if (!data.labels.length) return;
    const canvas = document.createElement("canvas");
    canvas.setAttribute("aria-hidden", "true");
    box.appendChild(canvas);
    box.hidden = false;
    if (kind === "bar") {
      // Room for every bar: the box grows with the number of rows.
      const lines = data.labels.reduce((sum, label) => sum + (Array.isArray(label) ? label.length : 1), 0);
      box.style.height = Math.max(12, data.labels.length * 1.6 + lines * 0.8 + 4) + "rem";
    }
    new window.Chart(canvas, {
      type: kind === "line" ? "line" : "bar",
      data,
      options: {
        indexAxis: kind === "line" ? "x" : "y",
        maintainAspectRatio: false,
        animation: false,
        spanGaps: false,
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
        plugins: { legend: { display: data.datasets.length > 1 } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".chart-box[data-chart-for]").forEach(draw);
  });
})();
