// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Forms that ask for confirmation before a destructive action.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // After a failed save, take keyboard and screen-reader users to the list of errors.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
