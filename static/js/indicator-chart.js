// Draws the indicator chart of a topic page (Apache ECharts) from the JSON that the template
// embeds with json_script. The table below the chart carries the same figures, so without
// JavaScript (or without this file) nothing is lost.
(function () {
  "use strict";
  var box = document.getElementById("indicator-chart");
  var source = document.getElementById("indicator-chart-data");
  if (!box || !source || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var GOOD = "#1e7b34";
  var BAD = "#b02a37";
  var BASELINE = "#9aa1ad";
  var chinese = document.documentElement.lang.indexOf("zh") === 0;

  function change(index) {
    var value = data.reported[index] - 100;
    return (value > 0 ? "+" : "") + value.toFixed(1) + "%";
  }

  var chart = window.echarts.init(box, null, { renderer: "canvas", locale: chinese ? "ZH" : "EN" });
  chart.setOption({
    animation: false,
    // Rich-text tooltips are drawn on the canvas: HTML tooltips carry inline styles, which
    // the Content-Security-Policy forbids.
    tooltip: {
      trigger: "axis",
      renderMode: "richText",
      formatter: function (items) {
        var index = items[0].dataIndex;
        return data.labels[index] + "\n" + data.text.reported + ": " + change(index) + " · " +
          (data.good[index] ? data.text.improved : data.text.worsened);
      }
    },
    legend: { data: [data.text.baseline, data.text.reported], top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, width: 90, overflow: "break" } },
    yAxis: { type: "value", min: 0 },
    series: [
      { name: data.text.baseline, type: "bar", data: data.baseline, itemStyle: { color: BASELINE } },
      {
        name: data.text.reported,
        type: "bar",
        itemStyle: { color: GOOD },  // the legend's swatch; each bar has its own colour
        data: data.reported.map(function (value, index) {
          return { value: value, itemStyle: { color: data.good[index] ? GOOD : BAD } };
        }),
        label: {
          show: true,
          position: "top",
          formatter: function (item) { return change(item.dataIndex); }
        }
      }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
  box.closest("figure").classList.add("charted");
  box.setAttribute("data-rendered", String(data.labels.length));
})();
