// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Type-ahead pickers for provider and municipality fields (Tom Select, vendored).
  document.querySelectorAll("select[data-typeahead]").forEach(function (select) {
    if (typeof TomSelect === "undefined") { return; }
    new TomSelect(select, {
      plugins: select.multiple ? ["remove_button"] : [],
      maxOptions: 500,
      allowEmptyOption: true,
    });
  });
  // Forms that ask for confirmation before a destructive action.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
