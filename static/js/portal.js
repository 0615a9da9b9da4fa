// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Forms that ask for confirmation before a destructive action.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // After a failed save, take keyboard and screen-reader users to the list of errors;
  // each of its links takes them into the field it names (opening what hides it).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) { return; }
      event.preventDefault();
      var details = target.closest("details");
      if (details) { details.open = true; }
      if (!target.matches("input, select, textarea, button, a[href], [tabindex]")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    });
  }
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
  // A signed-in session ends after some minutes without a request, and 12 hours after
  // signing in (the server's SessionLifetimeMiddleware). Typing or clicking on a page
  // counts as activity. A user away from the page is warned before the end and may stay
  // signed in (WCAG 2.2.1). A form sent after the session ended (or after its user signed
  // out in another window) is held back, with what was typed, until its user has signed
  // in again; it is then sent with the new form token. Markup: includes/session.html.
  var sessionBox = document.querySelector("[data-session]");
  if (sessionBox) { watchSession(sessionBox); }

  function watchSession(box) {
    var idle = Number(box.getAttribute("data-idle-seconds")) * 1000;
    var pageUser = Number(box.getAttribute("data-user"));
    var warning = box.querySelector("#session-warning");
    var endedBox = box.querySelector("[data-session-ended]");
    var lead = Math.min(120000, idle / 4); // warn this long before the end
    // The server notes activity with this precision, so the end may come this much sooner.
    var precision = Math.min(60000, Math.floor(idle / 10000) * 1000);
    var endsAt = Date.now() + idle - precision;
    // Or the absolute end, 12 hours after signing in, if sooner (by this computer's clock:
    // the server's answer, asked before warning, sets it right).
    var signedInAt = Number(box.getAttribute("data-signed-in-at"));
    if (signedInAt) {
      endsAt = Math.min(endsAt, (signedInAt + Number(box.getAttribute("data-max-seconds"))) * 1000);
    }
    var lastExtended = Date.now();
    var timer = null;
    var returnFocus = null;
    var sending = null;
    var pending = [];
    var ended = false;

    // A question to the server, given up after five seconds (a busy server must not
    // keep a form from being sent).
    function ask(url, token) {
      var options = { credentials: "same-origin", headers: { "Accept": "application/json" } };
      if (token) {
        options.method = "POST";
        options.headers["X-CSRFToken"] = token;
      }
      var stop = window.AbortController ? new AbortController() : null;
      if (stop) {
        options.signal = stop.signal;
        window.setTimeout(function () { stop.abort(); }, 5000);
      }
      return fetch(url, options).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      });
    }
    // Signed in as the user the page was drawn for? Someone else signed in meanwhile
    // counts as signed out: the page's forms are not theirs.
    function status() {
      return ask(box.getAttribute("data-status-url")).then(function (now) {
        if (now.signed_in && now.user !== pageUser) { now.signed_in = false; }
        return now;
      });
    }
    function extend(now) {
      lastExtended = Date.now();
      return ask(box.getAttribute("data-extend-url"), now.csrf_token);
    }
    function statusAndExtend() {
      return status().then(function (now) { return now.signed_in ? extend(now) : now; });
    }
    function later(delay) {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, Math.max(0, delay));
    }
    // What the server said: signed out, far from the end, or near it.
    function learn(now) {
      if (!now.signed_in) {
        window.clearTimeout(timer);
        hideWarning();
        showEnded();
        return;
      }
      clearEnded(now.csrf_token);
      endsAt = Date.now() + now.seconds_left * 1000;
      if (now.seconds_left * 1000 > lead + 1000) {
        hideWarning();
        later(endsAt - lead - Date.now());
      } else {
        showWarning(now.limit);
        later(endsAt - Date.now() + 1000);
      }
    }
    function check() { status().then(learn, function () { later(30000); }); }

    // Idle: "stay signed in" helps. Twelve hours after signing in: nothing does, so the
    // warning says to save, and offers no button.
    function showWarning(limit) {
      box.querySelector("[data-session-end]").textContent = new Intl.DateTimeFormat(
        document.documentElement.lang, { hour: "numeric", minute: "2-digit" }
      ).format(new Date(endsAt));
      var absolute = limit === "absolute";
      warning.querySelector("[data-limit=idle]").hidden = absolute;
      warning.querySelector("[data-limit=absolute]").hidden = !absolute;
      var stay = warning.querySelector("[data-session-extend]");
      stay.hidden = absolute;
      if (!warning.hidden) { return; }
      returnFocus = document.activeElement;
      warning.hidden = false;
      if (absolute) {
        warning.setAttribute("tabindex", "-1");
        warning.focus();
      } else {
        stay.focus();
      }
    }
    function hideWarning() {
      if (warning.hidden) { return; }
      var hadFocus = warning.contains(document.activeElement);
      warning.hidden = true;
      if (hadFocus && returnFocus && document.contains(returnFocus)) { returnFocus.focus(); }
    }
    function showEnded() {
      ended = true;
      if (!endedBox.firstElementChild) {
        endedBox.appendChild(document.getElementById("session-ended").content.cloneNode(true));
        endedBox.querySelector("[data-session-dismiss]").addEventListener("click", function () {
          endedBox.textContent = "";
        });
      }
    }
    // Signed in again (in another window): the page's forms get the new form token.
    function clearEnded(token) {
      if (!ended) { return; }
      ended = false;
      endedBox.textContent = "";
      document.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach(function (input) {
        input.value = token;
      });
    }

    warning.querySelector("[data-session-extend]").addEventListener("click", function () {
      statusAndExtend().then(learn, check);
    });
    function active() {
      if (Date.now() - lastExtended > idle / 6 && !ended) {
        statusAndExtend().then(learn, function () {});
      }
    }
    ["keydown", "pointerdown", "input"].forEach(function (name) {
      document.addEventListener(name, active, true);
    });
    // Back from another window (where the user may have signed in again, or out).
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { check(); }
    });

    // Before a form is sent: is its user still signed in? Held back if not, and the
    // session extended first if it is about to end. Its own handlers (confirmations) run
    // when it is sent again, after the answer. Without requestSubmit (which keeps the
    // pressed button's name and value, and the form's handlers) forms go as they are.
    if (!HTMLFormElement.prototype.requestSubmit) { later(endsAt - lead - Date.now()); return; }
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form === sending || form.method !== "post" || form.hasAttribute("data-session-free")) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      if (pending.indexOf(form) !== -1) { return; } // pressed twice: sent once
      pending.push(form);
      form.setAttribute("aria-busy", "true");
      var submitter = event.submitter && event.submitter.form === form ? event.submitter : null;
      function done() {
        pending.splice(pending.indexOf(form), 1);
        form.removeAttribute("aria-busy");
      }
      function send() {
        done();
        sending = form;
        try {
          form.requestSubmit(submitter);
        } finally {
          sending = null;
        }
      }
      status().then(function (now) {
        if (!now.signed_in) {
          done();
          learn(now);
          return null;
        }
        form.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach(function (input) {
          input.value = now.csrf_token;
        });
        // Seconds from the end: extended first, so that the form arrives in time.
        return now.seconds_left < 30 && now.limit === "idle" ? extend(now) : now;
      }).then(function (now) {
        if (now) {
          learn(now);
          send();
        }
      }, send);
    }, true);

    later(endsAt - lead - Date.now());
  }
})();
