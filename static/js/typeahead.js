// Type-ahead pickers for provider and municipality fields (Tom Select, vendored).
// Without JavaScript the plain <select> still works.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") { return; }
  document.querySelectorAll("select[data-typeahead]").forEach(function (select) {
    var label = document.querySelector("label[for='" + select.id + "']");
    var picker = new TomSelect(select, {
      plugins: select.multiple ? ["remove_button"] : [],
      maxOptions: 500,
      allowEmptyOption: true,
    });
    // Keep the field's label on the text box people type into.
    if (label && picker.control_input) {
      picker.control_input.setAttribute("aria-label", label.textContent.trim());
    }
  });
})();
