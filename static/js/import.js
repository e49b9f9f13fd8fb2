// Saving thousands of rows takes a while; a second click would only queue behind the first, so the buttons rest.
(function () {
  "use strict";
  var form = document.getElementById("import-decision");
  if (!form) { return; }
  form.addEventListener("submit", function () {
    // After the submit event, so that the clicked button's choice is still sent.
    setTimeout(function () { form.querySelectorAll("button").forEach(function (b) { b.disabled = true; }); }, 0);
  });
})();
