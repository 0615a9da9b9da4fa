// Type-ahead pickers for provider and municipality fields (Tom Select, vendored).
// Without JavaScript the plain <select> still works.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") { return; }
  document.querySelectorAll("select[data-typeahead]").forEach(function (select) {
    var label = document.querySelector("label[for='" + select.id + "']");
    var name = label ? label.textContent.replace("*", "").trim() : "";
    var picker = new TomSelect(select, {
      plugins: select.multiple ? ["remove_button"] : [],
      maxOptions: 500,
      allowEmptyOption: true,
    });
    // Tom Select points the <label> at its own text box; keep both named.
    if (name) {
      select.setAttribute("aria-label", name);
      if (picker.control_input) { picker.control_input.setAttribute("aria-label", name); }
    }
  });
})();
