// Draws each dashboard chart from the table beside it (table[data-chart]), so the chart shows
// exactly the figures of the table and of its CSV download. Without Chart.js the tables stay.
(function () {
  "use strict";

  var PALETTE = ["#2457a6", "#a86400", "#1e7b34", "#b02a37", "#6c757d", "#0a7ea4"];
  var TONES = { better: "#1e7b34", worse: "#b02a37" };

  function columns(spec) {
    return spec ? spec.split(",").map(Number) : [];
  }

  function number(cell) {
    var raw = cell.getAttribute("data-value");
    return raw === "" || raw === null ? null : Number(raw);
  }

  function draw(table) {
    var canvas = document.getElementById(table.dataset.canvas);
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return th.textContent.trim();
    });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var labels = rows.map(function (row) {
      return columns(table.dataset.labels)
        .map(function (index) { return row.cells[index].textContent.trim(); })
        .join(" · ");
    });
    var toned = table.dataset.toned === "true";
    var datasets = columns(table.dataset.series).map(function (index, position) {
      var colour = PALETTE[position % PALETTE.length];
      var dataset = {
        label: headers[index],
        data: rows.map(function (row) { return number(row.cells[index]); }),
        backgroundColor: colour,
        borderColor: colour,
      };
      if (toned) {
        // Colour each bar by its assessment (direction-aware), not by series.
        dataset.backgroundColor = rows.map(function (row) {
          return TONES[row.dataset.tone] || PALETTE[4];
        });
      }
      return dataset;
    });
    var stacked = table.dataset.stacked === "true";
    canvas.closest(".figure-body").classList.add("charted");
    return new window.Chart(canvas, {
      type: table.dataset.chart,
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: table.dataset.horizontal === "true" ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } },
      },
    });
  }

  function drawAll() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("table[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
