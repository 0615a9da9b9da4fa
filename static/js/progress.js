// The yearly grid: a warning before leaving it, or submitting the report, with unsaved
// changes.
// Every page works without this file.
(function () {
  "use strict";
  var grid = document.querySelector("form[data-grid]");
  if (!grid) { return; }
  var dirty = false;
  function touched() { dirty = true; }
  grid.addEventListener("input", touched);
  grid.addEventListener("change", touched);
  grid.addEventListener("submit", function () { dirty = false; });
  // Submitting the report sends what was saved: say so if the grid holds changes.
  document.querySelectorAll("form[data-leave-grid]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (dirty && !window.confirm(form.getAttribute("data-unsaved"))) {
        event.preventDefault();
        return;
      }
      dirty = false; // answered: no second warning on leaving the page
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
