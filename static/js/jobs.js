// A job's page: ask for its state every two seconds and move the bar; show the outcome when it ends.
(function () {
  "use strict";
  var card = document.getElementById("job");
  if (!card || card.getAttribute("data-finished") === "true") { return; }
  var bar = card.querySelector(".progress-bar");
  var holder = document.getElementById("job-progress");
  var count = document.getElementById("job-count");
  var number = new Intl.NumberFormat(document.documentElement.lang || "vi");
  function poll() {
    fetch(card.getAttribute("data-state-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { window.setTimeout(poll, 5000); return; }
        if (job.finished) { window.location.reload(); return; }
        if (job.percent !== null) {
          bar.style.width = job.percent + "%";
          holder.setAttribute("aria-valuenow", String(Math.round(job.percent)));
        }
        if (job.total) { count.textContent = number.format(job.done) + " / " + number.format(job.total); }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
