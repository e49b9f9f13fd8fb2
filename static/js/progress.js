// The progress chart: the cumulative count per day against the target, the phases shaded behind (Chart.js).
(function () {
  "use strict";
  var canvas = document.getElementById("progress-chart");
  if (!canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(canvas.getAttribute("data-chart"));
  var locale = document.documentElement.lang || "vi";
  var labels = data.days.map(function (day) {
    var parts = day.split("-");
    return locale === "vi" ? parts[2] + "/" + parts[1] : new Date(day + "T00:00:00").toLocaleDateString(locale, { day: "numeric", month: "short" });
  });
  var datasets = [{
    label: canvas.getAttribute("data-label-count"), data: data.counts, borderColor: "#0d6efd",
    backgroundColor: "rgba(13,110,253,.12)", fill: true, pointRadius: 0, tension: 0.15
  }];
  if (data.target !== null) {
    datasets.push({
      label: canvas.getAttribute("data-label-target"), data: data.days.map(function () { return data.target; }),
      borderColor: "#dc3545", borderDash: [6, 4], pointRadius: 0, fill: false
    });
  }
  var shades = ["rgba(25,135,84,.07)", "rgba(255,193,7,.10)"];
  var phaseBands = {
    id: "phaseBands",
    beforeDatasetsDraw: function (chart) {
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      data.phases.forEach(function (phase, index) {
        var from = data.days.indexOf(phase.from), to = data.days.indexOf(phase.to);
        if (from < 0) { from = phase.from < data.days[0] ? 0 : -1; }
        if (to < 0) { to = phase.to > data.days[data.days.length - 1] ? data.days.length - 1 : -1; }
        if (from < 0 || to < 0) { return; }
        var left = x.getPixelForValue(from), right = x.getPixelForValue(to);
        ctx.save();
        ctx.fillStyle = shades[index % shades.length];
        ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
        ctx.fillStyle = "#6c757d";
        ctx.font = "12px sans-serif";
        ctx.fillText(phase.name, left + 4, area.top + 14);
        ctx.restore();
      });
    }
  };
  new Chart(canvas, {
    type: "line",
    data: { labels: labels, datasets: datasets },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxTicksLimit: 8 } } },
      plugins: { legend: { position: "bottom" } }
    },
    plugins: [phaseBands]
  });
})();
