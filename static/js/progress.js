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
  // The save bar stays at the window's bottom: a field reached with Tab that it would
  // cover, even in part, scrolls clear of it (the browser stops once part of it shows).
  var bar = grid.querySelector(".sticky-bottom");
  grid.addEventListener("focusin", function (event) {
    if (!bar || bar.contains(event.target)) { return; }
    window.requestAnimationFrame(function () {
      var covered = event.target.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
      if (covered > 0) { window.scrollBy({ top: covered + 16, behavior: "instant" }); }
    });
  });
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
