// Draws the indicator chart of a topic page from the JSON that the template embeds with
// json_script. The table beside the chart carries the same figures, so without JavaScript
// (or without this file) nothing is lost.
(function () {
  "use strict";
  var canvas = document.getElementById("indicator-chart");
  var source = document.getElementById("indicator-chart-data");
  if (!canvas || !source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var GOOD = "#1e7b34";
  var BAD = "#b02a37";
  var BASELINE = "#9aa1ad";
  var chart = new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.text.baseline, data: data.baseline, backgroundColor: BASELINE },
        {
          label: data.text.reported,
          data: data.reported,
          backgroundColor: data.good.map(function (good) { return good ? GOOD : BAD; })
        }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true } },
      plugins: {
        tooltip: {
          callbacks: {
            afterLabel: function (item) {
              if (item.datasetIndex !== 1) { return ""; }
              var change = (item.raw - 100).toFixed(2);
              return change + "% · " + (data.good[item.dataIndex] ? data.text.improved : data.text.worsened);
            }
          }
        }
      }
    }
  });
  canvas.setAttribute("data-rendered", String(chart.data.labels.length));
})();
