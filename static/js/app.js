// Progressive enhancements: confirmation prompts and unit suggestions; every page works without them.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });

  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  // <input data-unit-search="/units/search.json"> gets a list of matching units; picking one fills in its code.
  document.querySelectorAll("input[data-unit-search]").forEach(function (input) {
    var box = document.createElement("div");
    box.className = "list-group suggestions shadow-sm";
    box.setAttribute("role", "listbox");
    input.parentNode.classList.add("position-relative");
    input.parentNode.appendChild(box);
    var label = document.getElementById(input.id + "-chosen");

    function clear() { box.innerHTML = ""; }

    input.addEventListener("input", debounce(function () {
      var text = input.value.trim();
      if (text.length < 2) { clear(); return; }
      fetch(input.getAttribute("data-unit-search") + "?q=" + encodeURIComponent(text),
            { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          clear();
          data.results.forEach(function (unit) {
            var item = document.createElement("button");
            item.type = "button";
            item.className = "list-group-item list-group-item-action";
            item.setAttribute("role", "option");
            var name = document.createElement("div");
            name.textContent = unit.name;
            var meta = document.createElement("small");
            meta.className = "text-body-secondary";
            meta.textContent = unit.code + (unit.parent ? " · " + unit.parent : "");
            item.appendChild(name);
            item.appendChild(meta);
            item.addEventListener("click", function () {
              if (input.hasAttribute("data-unit-open")) {
                window.location.href = input.getAttribute("data-unit-open") + encodeURIComponent(unit.code);
                return;
              }
              input.value = unit.code;
              // Unions often share a name ("Công đoàn Ủy ban nhân dân xã …"): the unit above tells them apart.
              if (label) { label.textContent = unit.name + (unit.parent ? " — " + unit.parent : ""); }
              clear();
            });
            box.appendChild(item);
          });
        })
        .catch(clear);
    }, 250));
    document.addEventListener("click", function (event) { if (!box.contains(event.target) && event.target !== input) { clear(); } });
  });
})();
