/* Never lose typing in the admin. On every admin change form: a "leave this page?" prompt while
   there are unsaved changes. Where the form has an autosave address (articles, references, terms,
   topics, claims, conditions): what is typed is sent to the server every few seconds, kept for this
   person only, and offered back when they return. No dependencies, no inline code (the site's CSP). */
(function () {
  "use strict";

  var AUTOSAVE_EVERY_MS = 4000;
  var SKIPPED_TYPES = { submit: 1, button: 1, reset: 1, file: 1, image: 1 };

  function fieldsOf(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || element.disabled || SKIPPED_TYPES[element.type] || name === "csrfmiddlewaretoken") return;
      var values = fields[name] || (fields[name] = []);
      if (element.type === "checkbox" || element.type === "radio") {
        if (element.checked) values.push(element.value);
      } else if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.options, function (option) {
          if (option.selected) values.push(option.value);
        });
      } else {
        values.push(element.value);
      }
    });
    return fields;
  }

  function changed(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function fill(form, fields) {
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || element.disabled || SKIPPED_TYPES[element.type] || name === "csrfmiddlewaretoken") return;
      if (!(name in fields)) {
        if ((element.type === "checkbox" || element.type === "radio") && element.checked) {
          element.checked = false;
          changed(element);
        }
        return;
      }
      var values = fields[name];
      if (element.type === "checkbox" || element.type === "radio") {
        var on = values.indexOf(element.value) !== -1;
        if (element.checked !== on) { element.checked = on; changed(element); }
      } else if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
        changed(element);
      } else {
        var index = seen[name] || 0;
        seen[name] = index + 1;
        if (index < values.length && element.value !== values[index]) {
          element.value = values[index];
          changed(element);
        }
      }
    });
  }

  function watch(form) {
    var key = function () { return JSON.stringify(fieldsOf(form)); };
    // A refused save comes back with what was typed: it is still unsaved.
    var refused = !!document.querySelector(".errornote, .errorlist");
    var initial = refused ? null : key();
    var submitting = false;
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || key() === initial) return;
      event.preventDefault();
      event.returnValue = "";
    });
    var box = form.querySelector("[data-autosave-url]");
    if (box) autosave(form, box, key, function () { return initial; }, refused);
  }

  function autosave(form, box, key, initial, refused) {
    var url = box.getAttribute("data-autosave-url");
    var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
    var status = box.querySelector(".autosave-status");
    var offer = box.querySelector(".autosave-offer");
    var lastSent = initial();
    var ready = false;

    function show(text, problem) {
      status.textContent = text;
      status.classList.toggle("is-error", !!problem);
      status.hidden = false;
    }

    function payload(fields, discard) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
      if (discard) data.append("discard", "1");
      else data.append("payload", JSON.stringify(fields));
      return data;
    }

    function send(discard) {
      var now = key();
      return fetch(url, {
        method: "POST", body: payload(JSON.parse(now), discard), credentials: "same-origin",
        headers: { "X-Requested-With": "XMLHttpRequest" }
      }).then(function (response) {
        var json = response.redirected ? null : response.json().catch(function () { return null; });
        return Promise.resolve(json).then(function (answer) {
          if (!answer) {
            show("Your changes could not be kept: your session has ended. Log in again in a new tab; " +
              "your text is still here.", true);
          } else if (answer.error) {
            show(answer.error, true);
          } else {
            lastSent = now;
            if (answer.kept) show("Your unsaved changes are kept for you (" + answer.when + "). " +
              "Nobody else sees them, and nothing changes on the site until you press Save.");
            else status.hidden = true;
          }
        });
      }).catch(function () {
        show("Your changes could not be kept just now (no connection?). Your text is still here; " +
          "we will try again.", true);
      });
    }

    function tick() {
      if (!ready) return;
      var now = key();
      if (now === lastSent) return;
      // Typed back to what was saved: no draft is needed any more.
      send(now === initial());
    }

    function offerBack(draft) {
      var saved = JSON.stringify(draft.fields);
      if (saved === key()) return;
      offer.querySelector(".autosave-offer-text").textContent =
        "You have unsaved changes from " + draft.when + " — restore them?";
      offer.hidden = false;
      offer.querySelector("[data-autosave-restore]").addEventListener("click", function () {
        // Widgets that add inputs with script (the authors editor's rows) make room for the draft's first.
        form.dispatchEvent(new CustomEvent("autosave:restoring", { bubbles: true, detail: { fields: draft.fields } }));
        fill(form, draft.fields);
        lastSent = key();
        offer.hidden = true;
        show("Your changes from " + draft.when + " are back in the form. Press Save to keep them.");
        var first = form.querySelector("textarea, input:not([type=hidden])");
        if (first) first.focus();
      });
      offer.querySelector("[data-autosave-discard]").addEventListener("click", function () {
        offer.hidden = true;
        send(true);
      });
    }

    if (refused) {
      ready = true;
    } else {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (response) { return response.redirected ? null : response.json(); })
        .then(function (answer) { if (answer && answer.draft) offerBack(answer.draft); })
        .catch(function () {})
        .then(function () { ready = true; });
    }
    window.setInterval(tick, AUTOSAVE_EVERY_MS);
    // Closing or leaving the tab: one last copy, if anything changed since the previous one.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState !== "hidden" || !ready || key() === lastSent || key() === initial()) return;
      if (navigator.sendBeacon(url, payload(JSON.parse(key()), false))) lastSent = key();
    });
  }

  // Admin change forms are named after their model ("article_form"); the changelist's is not.
  function start() {
    document.querySelectorAll("#content-main form[id$='_form'], form[data-unsaved-warning]").forEach(watch);
  }
  // Deferred scripts run before other listeners' DOMContentLoaded work (prepopulated slugs, markdownx):
  // wait for load so the first snapshot is the form as the editor sees it.
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
