// Tells the reader of a document's status page when the document is ready, without a
// reload: asks the server every few seconds and announces the change in the status
// region. The page works without this file (its "Reload the page" link).
(function () {
  "use strict";
  var box = document.getElementById("document-status");
  if (!box || !box.hasAttribute("data-pending") || !window.fetch) { return; }
  var text = document.getElementById("document-status-text");
  var download = document.getElementById("document-download");
  var reload = document.getElementById("document-reload");
  var help = document.getElementById("document-pending-help");
  var attempts = 0;

  function check() {
    attempts += 1;
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && state.status === "ready") {
          text.textContent = box.getAttribute("data-ready-text") || state.label;
          // A keyboard user on "Reload the page" is taken to the download that replaces it.
          var hadFocus = reload && reload === document.activeElement;
          if (download) { download.hidden = false; }
          if (reload) { reload.hidden = true; }
          if (hadFocus && download) { download.focus(); }
          if (help) { help.hidden = true; }
          return;
        }
        if (state && state.status === "failed") { window.location.reload(); return; }
        if (attempts < 200) { window.setTimeout(check, attempts < 10 ? 2000 : 5000); }
      })
      .catch(function () { if (attempts < 200) { window.setTimeout(check, 5000); } });
  }
  window.setTimeout(check, 1500);
})();
