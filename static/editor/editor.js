/* The article editor's helpers: insert citation keys, filter the key list, and show the
   upload's answer (django-markdownx only logs errors to the console). No dependencies. */
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

  function statusFor(container) {
    var status = container.querySelector(".upload-status");
    if (!status) {
      status = document.createElement("div");
      status.className = "upload-status";
      status.setAttribute("role", "alert");
      container.insertBefore(status, container.firstChild);
    }
    return status;
  }

  function wireUploads(container) {
    var textarea = container.querySelector("textarea.markdownx-editor");
    container.addEventListener("markdownx.fileUploadEnd", function (event) {
      var answer = event.detail && event.detail[0];
      var status = statusFor(container);
      status.classList.remove("is-error");
      status.textContent = (answer && answer.message) || "Image added. Describe it between the square brackets.";
    });
    container.addEventListener("markdownx.fileUploadError", function (event) {
      var answer = event.detail && event.detail[0];
      var status = statusFor(container);
      status.classList.add("is-error");
      status.textContent = (answer && answer.error) || "The image could not be added. Try a PNG or JPEG file.";
      // markdownx inserts "Invalid response" into the text after this event; take it out again.
      var before = textarea.value, at = textarea.selectionStart;
      window.setTimeout(function () {
        if (textarea.value.indexOf("Invalid response") !== -1 && textarea.value !== before) {
          textarea.value = before;
          textarea.selectionStart = textarea.selectionEnd = at;
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }
      }, 0);
    });
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdownx").forEach(wireUploads);
  });
})();
