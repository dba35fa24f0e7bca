/* Images dropped or pasted into the article body. markdownx's own uploader shows no progress,
   logs refusals to the console and types "Invalid response" into the text; this one takes the
   drop first (capture phase, so markdownx never sees it), sends the file, and writes each
   upload's progress and answer beside the point where it was dropped, in a live region that
   screen readers announce. The message floats over the editor, so nothing else moves. */
(function () {
  "use strict";

  var FAILED = "The image could not be sent: the connection dropped. Your text is safe; try again.";
  var UNREADABLE = "The image could not be added. Try a PNG or JPEG file.";
  var SHOWN_MS = 12000;

  function csrfToken(form) {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = form && form.querySelector("input[name='csrfmiddlewaretoken']");
    return field ? field.value : "";
  }

  function liveRegion(container) {
    var region = container.querySelector(".upload-statuses");
    if (!region) {
      region = document.createElement("div");
      region.className = "upload-statuses";
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-relevant", "additions text");
      container.appendChild(region);
    }
    return region;
  }

  /* A message box for one upload, at height `y` (viewport) over the editor. */
  function statusAt(container, textarea, y) {
    var status = document.createElement("div");
    status.className = "upload-status";
    var text = document.createElement("span");
    text.className = "upload-status-text";
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "upload-status-close";
    close.textContent = "×";
    close.setAttribute("aria-label", "Dismiss this message");
    close.addEventListener("click", function () { status.remove(); textarea.focus(); });
    status.appendChild(text);
    status.appendChild(bar);
    status.appendChild(close);
    var box = textarea.getBoundingClientRect(), origin = container.getBoundingClientRect();
    var inside = Math.max(box.top, Math.min(y, box.bottom - 40));
    status.style.top = Math.round(inside - origin.top) + "px";
    status.style.left = Math.round(box.left - origin.left + 8) + "px";
    status.style.width = Math.round(Math.max(box.width - 16, 120)) + "px";
    liveRegion(container).appendChild(status);
    return {
      say: function (message, kind) {
        text.textContent = message;
        status.classList.toggle("is-error", kind === "error");
        if (kind !== "progress") bar.remove();
        if (kind === "done") window.setTimeout(function () { status.remove(); }, SHOWN_MS);
      },
      progress: function (fraction) { bar.value = Math.round(fraction * 100); }
    };
  }

  function insertAt(textarea, offset, code) {
    var value = textarea.value;
    var before = value.slice(0, offset), after = value.slice(offset);
    var lead = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
    var tail = after === "" || /^\n\n/.test(after) ? "" : (/^\n/.test(after) ? "\n" : "\n\n");
    textarea.value = before + lead + code + tail + after;
    textarea.selectionStart = textarea.selectionEnd = offset + lead.length + code.length;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));  // preview, autosave
  }

  function send(container, textarea, file, y, offset) {
    var status = statusAt(container, textarea, y);
    var name = file.name || "the image";
    status.say("Sending " + name + "…", "progress");
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken(textarea.form));
    data.append("image", file);
    var request = new XMLHttpRequest();
    request.open("POST", textarea.getAttribute("data-markdownx-upload-urls-path"));
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) status.progress(event.loaded / event.total);
    });
    request.addEventListener("error", function () { status.say(FAILED, "error"); });
    request.addEventListener("load", function () {
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (ignored) { /* an HTML error page */ }
      if (request.status === 200 && answer.image_code) {
        // Text typed while the file travelled moves the insertion point along with it.
        var at = Math.min(offset.get(), textarea.value.length);
        insertAt(textarea, at, answer.image_code);
        status.say(answer.message || "Image added. Describe it between the square brackets.", "done");
      } else {
        status.say(answer.error || UNREADABLE, "error");
      }
    });
    request.send(data);
  }

  /* The insertion point, kept up to date as the editor types before the answer comes. */
  function trackedOffset(textarea, start) {
    var offset = start, last = textarea.value;
    function shift() {
      var now = textarea.value, prefix = 0;
      while (prefix < offset && prefix < now.length && now[prefix] === last[prefix]) prefix++;
      if (prefix < offset) offset = Math.max(prefix, offset + now.length - last.length);
      last = now;
    }
    textarea.addEventListener("input", shift);
    return {
      get: function () { textarea.removeEventListener("input", shift); return offset; }
    };
  }

  function take(event, container, textarea, files, y, offset) {
    if (!files || !files.length) return;
    event.preventDefault();
    event.stopPropagation();
    Array.prototype.forEach.call(files, function (file, n) {
      send(container, textarea, file, y + n * 48, trackedOffset(textarea, offset));
    });
  }

  function wire(container) {
    var textarea = container.querySelector("textarea.markdownx-editor");
    if (!textarea || !window.LdnCaret) return;
    liveRegion(container);  // present from the start, so its first message is announced
    container.addEventListener("drop", function (event) {
      if (event.target !== textarea) return;
      take(event, container, textarea, event.dataTransfer && event.dataTransfer.files,
        event.clientY, window.LdnCaret.lineEndAt(textarea, event.clientY));
    }, true);
    container.addEventListener("paste", function (event) {
      if (event.target !== textarea) return;
      take(event, container, textarea, event.clipboardData && event.clipboardData.files,
        window.LdnCaret.caretY(textarea), textarea.selectionStart);
    }, true);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdownx").forEach(wire);
  });
})();
