/* Charts for the dashboard and project pages. Data comes from json_script blocks; no inline script (CSP). */
(function () {
  "use strict";
  // Axis ticks, titles, legends and tooltips at 14 px (issue 43: at least 12 px; Chart.js draws 12 px by default).
  Chart.defaults.font.size = 14;
  const COLOURS = { green: "#2e7d32", amber: "#ed8b00", red: "#c62828", none: "#9aa5b1" };

  function data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  const text = data("chart-text") || {};

  function ragByArea(canvas, d) {
    const order = ["green", "amber", "red", "none"];
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: d.labels,
        datasets: order.map((rag) => ({ label: text.rag[rag], data: d.series[rag], backgroundColor: COLOURS[rag], rag: rag })),
      },
      options: {
        responsive: true,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        onClick: (event, elements) => {
          if (!elements.length) return;
          const el = elements[0];
          const rag = canvas._chart.data.datasets[el.datasetIndex].rag;
          window.location = canvas.dataset.link + "?area=" + d.keys[el.index] + "&rag=" + rag;
        },
      },
    });
  }

  function trend(canvas, d) {
    const bars = ["green", "amber", "red"].map((rag) => ({
      type: "bar", label: text.rag[rag], data: d.series[rag], backgroundColor: COLOURS[rag], stack: "rag", yAxisID: "y",
    }));
    const line = { type: "line", label: text.progress, data: d.progress, borderColor: "#0b4ea2", backgroundColor: "#0b4ea2", yAxisID: "y1", spanGaps: true };
    return new Chart(canvas, {
      data: { labels: d.labels, datasets: [...bars, line] },
      options: {
        responsive: true,
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: text.updates } },
          y1: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: "%" } },
        },
      },
    });
  }

  function attainment(canvas, d) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels: d.labels, datasets: [{ label: text.attainment, data: d.values, backgroundColor: "#0b4ea2" }] },
      options: {
        indexAxis: "y", responsive: true, scales: { x: { min: 0, max: 100 } },
        onClick: (event, elements) => {
          if (elements.length) window.location = canvas.dataset.link + "?area=" + d.keys[elements[0].index];
        },
      },
    });
  }

  function counts(canvas, d) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels: d.labels, datasets: [{ label: text.count, data: d.values, backgroundColor: "#0b4ea2" }] },
      options: {
        indexAxis: "y", responsive: true, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        onClick: (event, elements) => {
          if (elements.length) window.location = canvas.dataset.link + "?area=" + d.keys[elements[0].index];
        },
      },
    });
  }

  function money(canvas, d) {
    return new Chart(canvas, {
      data: {
        labels: d.labels,
        datasets: [
          { type: "bar", label: text.funds, data: d.funds, backgroundColor: "#9aa5b1" },
          { type: "bar", label: text.spent, data: d.spent, backgroundColor: "#0b4ea2" },
          { type: "line", label: text.planned, data: d.planned, borderColor: "#2e7d32", borderDash: [6, 3] },
        ],
      },
      options: { responsive: true, scales: { y: { beginAtZero: true, title: { display: true, text: text.unit } } } },
    });
  }

  function shortened(label) { return label.length > 18 ? label.slice(0, 17) + "…" : label; }
  function dayNumber(iso) { return Math.round(Date.parse(iso) / 86400000); }
  function isoDate(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }

  function timeline(canvas, d) {
    const labels = d.map((m) => m.label);
    const series = (key) => d.map((m) => (m[key] ? dayNumber(m[key]) : null));
    const points = (key, colour, style) => ({
      label: text.timeline[key], data: series(key), borderColor: colour, backgroundColor: colour,
      showLine: false, pointStyle: style, pointRadius: 7,
    });
    return new Chart(canvas, {
      type: "line",
      data: {
        labels: labels,
        datasets: [points("baseline", "#9aa5b1", "rect"), points("forecast", "#ed8b00", "triangle"), points("completed", "#2e7d32", "circle")]
          .filter((dataset) => dataset.data.some((value) => value !== null)),
      },
      options: {
        indexAxis: "y", responsive: true,
        scales: {
          x: { type: "linear", ticks: { callback: (value) => isoDate(value) } },
          // Long milestone names are cut short on the axis (a phone's canvas clipped them); tooltips and the table
          // keep them whole.
          y: { ticks: { callback: function (value) { return shortened(this.getLabelForValue(value)); } } },
        },
        plugins: { tooltip: { callbacks: { label: (ctx) => ctx.dataset.label + ": " + isoDate(ctx.parsed.x) } } },
      },
    });
  }

  function indicator(canvas, d) {
    const flat = (value) => d.labels.map(() => value);
    return new Chart(canvas, {
      type: "line",
      data: {
        labels: d.labels,
        datasets: [
          { label: text.actual, data: d.actuals, borderColor: "#0b4ea2", backgroundColor: "#0b4ea2" },
          { label: text.baseline, data: flat(d.baseline), borderColor: "#9aa5b1", borderDash: [4, 4], pointRadius: 0 },
          { label: text.target, data: flat(d.target), borderColor: "#2e7d32", borderDash: [6, 3], pointRadius: 0 },
        ],
      },
      options: { responsive: true },
    });
  }

  const BUILDERS = { "rag-by-area": ragByArea, trend: trend, attainment: attainment, counts: counts, money: money, timeline: timeline, indicator: indicator };

  function draw(root) {
    root.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      if (canvas._chart) return;
      let d = data(canvas.dataset.source);
      if (canvas.dataset.item !== undefined && d) d = d[Number(canvas.dataset.item)];
      if (d) canvas._chart = BUILDERS[canvas.dataset.chart](canvas, d);
    });
  }
  document.addEventListener("DOMContentLoaded", () => draw(document));
})();
