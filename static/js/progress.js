// The yearly grid: a warning before leaving it with unsaved changes.
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
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
