// Draws each dashboard chart (Apache ECharts) from the table beside it (table[data-chart]), so
// the chart shows exactly the figures of the table and of its CSV download. Without
// JavaScript or without the library the tables stay and the chart boxes stay hidden.
(function () {
  "use strict";

  var PALETTE = ["#2457a6", "#a86400", "#1e7b34", "#b02a37", "#6c757d", "#0a7ea4"];
  var TONES = { better: "#1e7b34", worse: "#b02a37" };
  var charts = [];

  function columns(spec) {
    return spec ? spec.split(",").map(Number) : [];
  }

  function number(cell) {
    var raw = cell.getAttribute("data-value");
    return raw === "" || raw === null ? null : Number(raw);
  }

  function draw(table) {
    var box = document.getElementById(table.dataset.canvas);
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
    var stacked = table.dataset.stacked === "true";
    var horizontal = table.dataset.horizontal === "true";
    var series = columns(table.dataset.series).map(function (index, position) {
      var colour = PALETTE[position % PALETTE.length];
      return {
        name: headers[index],
        type: table.dataset.chart,
        stack: stacked ? "total" : undefined,
        itemStyle: { color: colour },
        lineStyle: { color: colour },
        data: rows.map(function (row) {
          var value = number(row.cells[index]);
          // Colour each bar by its assessment (direction-aware), not by series.
          return toned ? { value: value, itemStyle: { color: TONES[row.dataset.tone] || PALETTE[4] } } : value;
        }),
      };
    });
    var categoryAxis = { type: "category", data: labels, axisLabel: { hideOverlap: true } };
    var valueAxis = { type: "value" };
    box.closest(".figure-body").classList.add("charted");
    var chinese = document.documentElement.lang.indexOf("zh") === 0;
    var chart = window.echarts.init(box, null, { renderer: "canvas", locale: chinese ? "ZH" : "EN" });
    chart.setOption({
      animation: false,
      color: PALETTE,
      // Drawn on the canvas: HTML tooltips carry inline styles, which the CSP forbids.
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { show: series.length > 1, top: 0, type: "scroll" },
      grid: { left: 8, right: 16, bottom: 8, top: series.length > 1 ? 36 : 12, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? Object.assign({}, categoryAxis, { inverse: true }) : valueAxis,
      series: series,
    });
    box.setAttribute("data-rendered", String(rows.length));
    charts.push(chart);
  }

  function drawAll() {
    if (typeof window.echarts === "undefined") {
      return;
    }
    document.querySelectorAll("table[data-chart]").forEach(draw);
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
