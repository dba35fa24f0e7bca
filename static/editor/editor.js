/* The article editor's helpers: insert citation keys and filter the key list. No dependencies.
   Uploads: uploads.js; the preview following the caret: follow.js. */
(function () {
  "use strict";

  function editorFor(element) {
    var form = element.closest("form") || document;
    return form.querySelector("textarea.markdownx-editor");
  }

  function insertAtCursor(textarea, text) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
    textarea.selectionStart = textarea.selectionEnd = start + text.length;
    textarea.focus();
    // markdownx refreshes its preview on input.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-insert-citation]");
    if (!button) return;
    var textarea = editorFor(button);
    if (textarea) insertAtCursor(textarea, "[@" + button.getAttribute("data-insert-citation") + "]");
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches("[data-reference-filter]")) return;
    var words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
    var list = event.target.closest("[data-reference-keys]");
    list.querySelectorAll("li[data-search]").forEach(function (item) {
      var haystack = item.getAttribute("data-search");
      item.hidden = !words.every(function (word) { return haystack.indexOf(word) !== -1; });
    });
  });
})();
