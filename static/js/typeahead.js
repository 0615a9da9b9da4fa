// Type-ahead pickers for provider and municipality fields (Tom Select, vendored).
// Without JavaScript the plain <select> still works. The texts come translated from the
// <script> element's data attributes (templates/includes/typeahead.html).
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") { return; }
  var text = document.currentScript.dataset;
  function escaped(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span.innerHTML;
  }
  document.querySelectorAll("select[data-typeahead]").forEach(function (select) {
    var label = document.querySelector("label[for='" + select.id + "']");
    var name = label ? label.textContent.replace("*", "").trim() : "";
    var describedBy = select.getAttribute("aria-describedby");
    var invalid = select.getAttribute("aria-invalid");
    var picker = new TomSelect(select, {
      plugins: select.multiple ? { remove_button: { title: text.remove } } : [],
      maxOptions: 500,
      allowEmptyOption: true,
      render: {
        no_results: function () {
          return '<div class="no-results">' + escaped(text.noResults) + "</div>";
        },
      },
    });
    var input = picker.control_input;
    // What is chosen, said with the name (the text box itself is empty).
    var chosen = document.createElement("span");
    chosen.className = "visually-hidden";
    chosen.id = select.id + "-chosen";
    picker.wrapper.appendChild(chosen);
    function sayChosen() {
      var names = picker.items.map(function (value) {
        var option = picker.options[value];
        return option ? option.text : "";
      }).filter(Boolean);
      chosen.textContent = names.length ? text.chosen + " " + names.join(", ") : "";
    }
    sayChosen();
    picker.on("change", sayChosen);
    // Tom Select points the <label> at its own text box; keep both named. The text box
    // carries the field's error too; the original <select> is hidden from screen readers,
    // which would otherwise find the field twice.
    if (name) { input.setAttribute("aria-label", name); }
    input.setAttribute("aria-describedby", [chosen.id, describedBy].filter(Boolean).join(" "));
    if (invalid) { input.setAttribute("aria-invalid", invalid); }
    select.setAttribute("aria-hidden", "true");
  });
})();
