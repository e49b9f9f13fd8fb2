// The submission form lists the initiatives most like the title being typed; the form works without it.
(function () {
  "use strict";

  var panel = document.getElementById("similar-initiatives");
  var title = document.getElementById("title");
  if (!panel || !title) { return; }
  var list = panel.querySelector("[data-similar-list]");
  var warning = panel.querySelector("[data-similar-likely]");
  var hint = panel.querySelector("[data-similar-hint]");
  var heading = panel.querySelector("[data-similar-heading]");
  // The engine flags a likely duplicate from 70 out of 100; below it, the words say how alike the two read.
  function label(item) {
    if (item.likely_duplicate) { return panel.dataset.labelLikely; }
    return item.score >= 45 ? panel.dataset.labelClose : panel.dataset.labelRelated;
  }
  var describers = ["solution", "problem"].map(function (id) { return document.getElementById(id); })
    .filter(function (element) { return element; });
  var timer, latest = 0;

  function text(tag, className, content) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    element.textContent = content;
    return element;
  }

  function show(data) {
    list.innerHTML = "";
    data.results.forEach(function (item) {
      var row = document.createElement("li");
      row.className = "list-group-item d-flex justify-content-between align-items-start gap-2";
      var body = document.createElement("div");
      if (item.url) {
        var link = text("a", "", item.title);
        link.href = item.url;
        link.target = "_blank";
        link.rel = "noopener";
        body.appendChild(link);
      } else {
        body.appendChild(text("span", "", item.title));
      }
      if (item.unit) { body.appendChild(text("div", "small text-body-secondary", item.unit + " · " + item.year)); }
      row.appendChild(body);
      var badge = text("span", "badge " + (item.likely_duplicate ? "text-bg-warning" : "text-bg-light"), label(item));
      badge.title = panel.dataset.labelScore.replace("{score}", Math.round(item.score));
      row.appendChild(badge);
      list.appendChild(row);
    });
    hint.hidden = true;
    heading.hidden = false;
    panel.hidden = data.results.length === 0;
    // A warning already on the page (the server's, after a submission was held back) is not repeated.
    warning.hidden = !data.likely_duplicate || panel.dataset.warned === "1";
  }

  function ask() {
    list.innerHTML = "";
    heading.hidden = true;
    warning.hidden = true;
    hint.hidden = false;
    panel.hidden = false;
  }

  function search() {
    var typed = title.value.trim();
    if (!typed) { panel.hidden = true; return; }
    if (typed.split(/\s+/).length < 3 && typed.length < 15) { ask(); return; }
    var params = new URLSearchParams({ title: typed, programme: panel.dataset.programme });
    if (panel.dataset.initiative) { params.set("initiative", panel.dataset.initiative); }
    var description = describers.map(function (element) { return element.value; }).join("\n").trim();
    if (description) { params.set("description", description.slice(0, 2000)); }
    var ticket = ++latest;
    fetch(panel.dataset.url + "?" + params.toString(), { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (ticket === latest) { show(data); } })
      .catch(function () { /* a failed lookup leaves the form as it is */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(search, 400);
  }

  title.addEventListener("input", later);
  describers.forEach(function (element) { element.addEventListener("change", later); });
  search();
})();
