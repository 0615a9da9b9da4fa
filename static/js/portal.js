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
  // A table wider than the screen scrolls in its own box; keyboard users reach such a
  // box with Tab and scroll it with the arrow keys (WCAG 2.1.1). Boxes that fit add no
  // tab stop. Named after the table's caption.
  function scrollableTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption) { box.setAttribute("aria-label", caption.textContent.trim()); }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  scrollableTables();
  var resizing;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(scrollableTables, 200);
  });
})();
