/* Where a textarea draws a given character, and which character sits under a point.
   A textarea does not say; a hidden copy of it (same font, width and wrapping) holding the
   text up to that character does. Shared by follow.js and uploads.js as window.LdnCaret. */
(function () {
  "use strict";

  var COPIED = ["boxSizing", "width", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
    "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "borderStyle",
    "fontFamily", "fontSize", "fontWeight", "fontStyle", "lineHeight", "letterSpacing", "wordSpacing",
    "tabSize", "textIndent", "textTransform"];
  var copy = null, mark = null, text = null;

  function prepare(textarea) {
    if (!copy) {
      copy = document.createElement("div");
      copy.setAttribute("aria-hidden", "true");
      text = document.createTextNode("");
      mark = document.createElement("span");
      mark.textContent = "\u200b";
      copy.appendChild(text);
      copy.appendChild(mark);
    }
    var style = window.getComputedStyle(textarea);
    COPIED.forEach(function (name) { copy.style[name] = style[name]; });
    copy.style.position = "absolute";
    copy.style.top = "0";
    copy.style.left = "-10000px";
    copy.style.visibility = "hidden";
    copy.style.whiteSpace = "pre-wrap";
    copy.style.overflowWrap = "break-word";
    if (!copy.parentNode) document.body.appendChild(copy);
  }

  /* Distance in pixels from the top of the textarea's content to the line of character `offset`. */
  function lineTop(textarea, offset) {
    prepare(textarea);
    text.data = textarea.value.slice(0, offset);
    return mark.offsetTop;
  }

  /* The caret's line, in viewport pixels. */
  function caretY(textarea) {
    return textarea.getBoundingClientRect().top + lineTop(textarea, textarea.selectionStart) - textarea.scrollTop;
  }

  /* The end of the source line drawn at viewport height `y` (the last line when below the text). */
  function lineEndAt(textarea, y) {
    var target = y - textarea.getBoundingClientRect().top + textarea.scrollTop;
    var value = textarea.value, low = 0, high = value.length;
    prepare(textarea);
    while (low < high) {  // the last offset whose line starts at or above the point
      var middle = Math.ceil((low + high) / 2);
      if (lineTop(textarea, middle) <= target) low = middle; else high = middle - 1;
    }
    var end = value.indexOf("\n", low);
    return end === -1 ? value.length : end;
  }

  window.LdnCaret = { lineTop: lineTop, caretY: caretY, lineEndAt: lineEndAt };
})();
