/* The live preview follows the text being edited: the preview stays in view (sticky, editor.css)
   and scrolls so the rendered block matching the caret's paragraph sits level with the caret.
   Blocks are matched by their words (citations, anchors and Markdown marks left out), so the
   server's renderer needs no source positions. */
(function () {
  "use strict";

  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, dt, dd, td, th, pre, figcaption";
  var PROBE_WORDS = 5;

  function words(text) {
    return text.toLowerCase()
      .replace(/\[\+?@[^\]]*\]/g, " ")        // [@key], [+@key; @other]
      .replace(/\{#[^}]*\}/g, " ")            // {#anchor}
      .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")  // images
      .replace(/\]\([^)]*\)/g, " ")           // the address of a link
      .replace(/^!!!.*$/gm, " ")              // an admonition's first line
      .match(/[\p{L}\p{N}]+/gu) || [];
  }

  /* The source paragraph holding `offset`: [start, end) between blank lines. */
  function paragraphAround(value, offset) {
    var start = value.lastIndexOf("\n\n", Math.max(offset - 1, 0));
    start = start === -1 ? 0 : start + 2;
    var end = value.indexOf("\n\n", offset);
    return [start, end === -1 ? value.length : end];
  }

  /* Runs of words to look for, nearest the caret first. */
  function probes(value, offset) {
    var span = paragraphAround(value, offset);
    var before = words(value.slice(span[0], offset)), after = words(value.slice(offset, span[1]));
    var all = before.concat(after), around = before.length, found = [];
    if (!all.length) return found;
    var size = Math.min(PROBE_WORDS, all.length);
    for (var distance = 0; distance <= all.length; distance++) {
      [around - size - distance + 1, around - size + distance + 1].forEach(function (start) {
        start = Math.max(0, Math.min(start, all.length - size));
        var probe = all.slice(start, start + size).join(" ");
        if (found.indexOf(probe) === -1) found.push(probe);
      });
      if (found.length >= 12) break;
    }
    return found;
  }

  function innermost(blocks) {
    return blocks.filter(function (block) {
      return !blocks.some(function (other) { return other !== block && block.contains(other); });
    });
  }

  /* The preview block showing the caret's paragraph; the one nearest `guess` (0..1) when several do. */
  function matchingBlock(preview, value, offset) {
    var blocks = Array.prototype.slice.call(preview.querySelectorAll(BLOCKS));
    var texts = blocks.map(function (block) { return " " + words(block.textContent).join(" ") + " "; });
    var guess = value.length ? offset / value.length : 0, list = probes(value, offset);
    for (var i = 0; i < list.length; i++) {
      var hits = blocks.filter(function (block, n) { return texts[n].indexOf(" " + list[i] + " ") !== -1; });
      hits = innermost(hits);
      if (hits.length) {
        return hits.reduce(function (best, block) {
          var at = block.offsetTop / Math.max(preview.scrollHeight, 1);
          var bestAt = best.offsetTop / Math.max(preview.scrollHeight, 1);
          return Math.abs(at - guess) < Math.abs(bestAt - guess) ? block : best;
        });
      }
    }
    return null;
  }

  function topWithin(preview, element) {
    return element.getBoundingClientRect().top - preview.getBoundingClientRect().top + preview.scrollTop;
  }

  function follow(textarea, preview) {
    var value = textarea.value, offset = textarea.selectionStart;
    var block = matchingBlock(preview, value, offset), target;
    if (block) {
      // Deep into a long paragraph, go as deep into its rendering.
      var span = paragraphAround(value, offset);
      var within = span[1] > span[0] ? (offset - span[0]) / (span[1] - span[0]) : 0;
      target = topWithin(preview, block) + within * Math.max(block.offsetHeight - 24, 0);
    } else {
      target = (value.length ? offset / value.length : 0) * preview.scrollHeight;
    }
    var level = window.LdnCaret.caretY(textarea) - preview.getBoundingClientRect().top;
    level = Math.max(0, Math.min(level, preview.clientHeight - 48));
    var top = Math.max(0, Math.min(target - level, preview.scrollHeight - preview.clientHeight));
    if (Math.abs(preview.scrollTop - top) > 2) preview.scrollTop = top;
  }

  function wire(container) {
    var textarea = container.querySelector("textarea.markdownx-editor");
    var preview = container.querySelector(".markdownx-preview");
    if (!textarea || !preview || !window.LdnCaret) return;
    var pending = false, active = false;
    function soon() {
      if (pending || !active) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; follow(textarea, preview); });
    }
    textarea.addEventListener("focus", function () { active = true; soon(); });
    ["keyup", "click", "input", "select"].forEach(function (type) { textarea.addEventListener(type, soon); });
    container.addEventListener("markdownx.update", soon);
    window.addEventListener("scroll", soon, { passive: true });
    window.addEventListener("resize", soon);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdownx").forEach(wire);
  });
})();
