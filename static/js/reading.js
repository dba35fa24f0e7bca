/*
 * LDN Explained: reading aids. Our own small script; no framework, no inline code, no eval.
 *
 * Everything here is an enhancement: without it, a citation is a plain link that jumps to
 * its bibliography entry (whose back-link returns), and the print button stays hidden.
 *
 * Previews: hovering, focusing or tapping a preview link shows, in a small accessible
 * popover, the content of the element the link points at — a bibliography entry today,
 * a glossary definition tomorrow. A link is a preview link when it matches TRIGGERS and
 * its href ends in #id (same page, or another page of this site, fetched once).
 * The popover is titled with the link's aria-label (or its text): "Reference 3". The target
 * element may override that and the wording of the link to the full entry with:
 *   data-preview-title  the popover's title
 *   data-preview-more   the text of the link to the full entry (default: "Go to <title> in the list")
 * and elements inside it marked data-preview-skip are left out (back-links, for instance).
 *
 * Keyboard: focusing a preview link shows its popover, but the popover costs no Tab: its links
 * and button are out of the Tab order, so Tab goes on to the next link in the text. The down
 * arrow moves into the popover (its controls then take Tab), Escape goes back to the link.
 * The popover never covers the line of its link: on a wide screen it sits in the margin beside
 * the text, otherwise below the line (or above it, whichever has more room).
 */
(function () {
  "use strict";

  var TRIGGERS = "a.citation-link, a.preview-link";
  var OPEN_DELAY_MS = 150; // a pointer passing over a citation should not flash a popover
  var CLOSE_DELAY_MS = 300; // time to move the pointer from the link into the popover
  var GAP_PX = 6;
  var EDGE_PX = 8;
  var MARGIN_MIN_PX = 256; // the least room beside the text column for a popover there
  var ENTER_KEY = "ArrowDown";
  var CONTROLS = "a[href], button";

  var state = { link: null, box: null, openTimer: 0, closeTimer: 0, lastPointer: "", refocusing: false, byKeyboard: false, lastKey: "" };
  var pages = {}; // address -> Promise of a parsed Document, for links to other pages
  var serial = 0;

  function setUpPrintButtons() {
    document.querySelectorAll(".print-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  function findTarget(link) {
    var url = new URL(link.getAttribute("href"), document.baseURI);
    if (url.origin !== window.location.origin || url.hash.length < 2) {
      return Promise.resolve(null);
    }
    var id = decodeURIComponent(url.hash.slice(1));
    var here = window.location;
    if (url.pathname === here.pathname && url.search === here.search) {
      return Promise.resolve(document.getElementById(id));
    }
    var address = url.origin + url.pathname + url.search;
    if (!pages[address]) {
      pages[address] = fetch(address, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          // DOMParser never runs scripts; its document is only read from.
          return new DOMParser().parseFromString(html, "text/html");
        })
        .catch(function () {
          delete pages[address];
          return null;
        });
    }
    return pages[address].then(function (doc) {
      return doc ? doc.getElementById(id) : null;
    });
  }

  function buildBox(link, target) {
    var id = "preview-" + ++serial;
    // A span, so it may sit inside the paragraph right after its link: the next Tab
    // goes into the popover, and the Tab after it leaves for the rest of the page.
    var box = document.createElement("span");
    box.className = "preview";
    box.id = id;
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-labelledby", id + "-title");

    var titleText =
      target.getAttribute("data-preview-title") || link.getAttribute("aria-label") || link.textContent.trim();
    var title = document.createElement("span");
    title.className = "preview-title";
    title.id = id + "-title";
    title.textContent = titleText;

    var closeButton = document.createElement("button");
    closeButton.type = "button";
    closeButton.className = "preview-close";
    closeButton.setAttribute("aria-label", "Close " + titleText);
    closeButton.textContent = "×";
    closeButton.addEventListener("click", function () {
      closePreview(true);
    });

    var body = document.createElement("span");
    body.className = "preview-body";
    Array.prototype.forEach.call(target.childNodes, function (node) {
      body.appendChild(document.importNode(node, true));
    });
    body.querySelectorAll("[data-preview-skip], script, style").forEach(function (el) {
      el.remove();
    });
    body.querySelectorAll("[id]").forEach(function (el) {
      el.removeAttribute("id"); // the original keeps its id; a copy must not clash
    });

    var more = document.createElement("a");
    more.className = "preview-more";
    more.href = link.href;
    more.textContent =
      target.getAttribute("data-preview-more") ||
      "Go to " + titleText.charAt(0).toLowerCase() + titleText.slice(1) + " in the list";
    more.addEventListener("click", function () {
      closePreview(false);
    });

    var head = document.createElement("span");
    head.className = "preview-head";
    head.appendChild(title);
    head.appendChild(closeButton);
    box.appendChild(head);
    box.appendChild(body);
    box.appendChild(more);
    if (state.byKeyboard) {
      var hint = document.createElement("span");
      hint.className = "preview-hint";
      hint.textContent = "Press the down arrow key to move into this box, Escape to leave it. Tab goes on with the text.";
      box.appendChild(hint);
    }
    box.tabIndex = -1; // a popover cut to fit would otherwise be a Tab stop as a scrolling box
    box.querySelectorAll(CONTROLS).forEach(function (control) {
      control.tabIndex = -1; // out of the Tab order until the reader moves in (enterPreview)
    });

    box.addEventListener("pointerenter", function (event) {
      if (event.pointerType === "mouse") {
        window.clearTimeout(state.closeTimer);
      }
    });
    box.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "mouse" && !box.contains(document.activeElement)) {
        scheduleClose();
      }
    });
    return box;
  }

  function lineOf(link) {
    // The line the link sits on, across the whole text column: the part the popover must not cover.
    var block = link.closest("p, li, dd, td, div") || link.parentElement;
    var column = block.getBoundingClientRect();
    var anchor = link.getBoundingClientRect();
    var lineHeight = parseFloat(window.getComputedStyle(block).lineHeight) || anchor.height;
    var middle = anchor.top + anchor.height / 2;
    return { left: column.left, right: column.right, top: Math.min(anchor.top, middle - lineHeight / 2), bottom: Math.max(anchor.bottom, middle + lineHeight / 2) };
  }

  function place(box, link) {
    // Style properties set through the CSSOM are allowed by a CSP without 'unsafe-inline'.
    box.style.left = "0px";
    box.style.top = "0px";
    box.style.maxHeight = "";
    box.style.width = "";
    var origin = (box.offsetParent || document.body).getBoundingClientRect();
    var line = lineOf(link);
    var viewportWidth = document.documentElement.clientWidth;
    var viewportHeight = window.innerHeight;
    var article = link.closest(".article-body, main") || document.body;
    var columnRight = article.getBoundingClientRect().right;
    var beside = viewportWidth - columnRight - 2 * EDGE_PX;
    var left;
    var top;
    if (beside >= MARGIN_MIN_PX) {
      // Room in the margin: beside the text, level with the line, covering none of it.
      box.style.width = Math.min(beside, box.offsetWidth) + "px";
      box.style.maxHeight = viewportHeight - 2 * EDGE_PX + "px";
      left = columnRight + EDGE_PX;
      top = Math.max(EDGE_PX, Math.min(line.top, viewportHeight - box.offsetHeight - EDGE_PX));
    } else {
      var below = viewportHeight - line.bottom - GAP_PX - EDGE_PX;
      var above = line.top - GAP_PX - EDGE_PX;
      var height = box.offsetHeight;
      var anchor = link.getBoundingClientRect();
      left = Math.max(EDGE_PX, Math.min(anchor.left, viewportWidth - box.offsetWidth - EDGE_PX));
      if (height <= below || below >= above) {
        if (height > below) {
          box.style.maxHeight = Math.max(below, 96) + "px";
        }
        top = line.bottom + GAP_PX;
      } else {
        if (height > above) {
          box.style.maxHeight = above + "px";
          height = above;
        }
        top = line.top - GAP_PX - height; // more room above: open upwards
      }
    }
    box.style.left = left - origin.left + "px";
    box.style.top = top - origin.top + "px";
  }

  function enterPreview() {
    var controls = state.box ? state.box.querySelectorAll(CONTROLS) : [];
    if (!controls.length) {
      return false;
    }
    controls.forEach(function (control) {
      control.removeAttribute("tabindex");
    });
    controls[0].focus();
    return true;
  }

  function openPreview(link) {
    window.clearTimeout(state.openTimer);
    window.clearTimeout(state.closeTimer);
    if (state.link === link) {
      return;
    }
    closePreview(false);
    state.link = link;
    findTarget(link).then(function (target) {
      if (state.link !== link || state.box) {
        return; // another link was chosen while this one was loading
      }
      if (!target) {
        state.link = null;
        return;
      }
      var box = buildBox(link, target);
      state.box = box;
      link.insertAdjacentElement("afterend", box);
      link.setAttribute("aria-expanded", "true");
      link.setAttribute("aria-controls", box.id);
      place(box, link);
    });
  }

  function closePreview(returnFocus) {
    window.clearTimeout(state.openTimer);
    window.clearTimeout(state.closeTimer);
    var link = state.link;
    var box = state.box;
    if (!link) {
      return;
    }
    state.link = null;
    state.box = null;
    link.setAttribute("aria-expanded", "false");
    link.removeAttribute("aria-controls");
    if (box) {
      var focusWasInside = box.contains(document.activeElement);
      box.remove();
      if (returnFocus || focusWasInside) {
        state.refocusing = true; // focusing the link must not open the popover again
        link.focus();
        state.refocusing = false;
      }
    }
  }

  function scheduleClose() {
    window.clearTimeout(state.closeTimer);
    state.closeTimer = window.setTimeout(function () {
      closePreview(false);
    }, CLOSE_DELAY_MS);
  }

  function setUpPreviews() {
    var links = document.querySelectorAll(TRIGGERS);
    links.forEach(function (link) {
      link.setAttribute("aria-haspopup", "dialog");
      link.setAttribute("aria-expanded", "false");
      link.addEventListener("pointerenter", function (event) {
        if (event.pointerType !== "mouse") {
          return;
        }
        window.clearTimeout(state.closeTimer);
        window.clearTimeout(state.openTimer);
        state.openTimer = window.setTimeout(function () {
          state.byKeyboard = false;
          openPreview(link);
        }, OPEN_DELAY_MS);
      });
      link.addEventListener("pointerleave", function (event) {
        if (event.pointerType === "mouse") {
          window.clearTimeout(state.openTimer);
          if (state.link === link) {
            scheduleClose();
          }
        }
      });
      link.addEventListener("focus", function () {
        // A back-link lands on its citation and focuses it: the sentence must show, not a popover over it.
        var landedOn = link.matches(":target") && state.lastKey !== "Tab";
        if (!state.refocusing && !landedOn && state.lastPointer !== "touch") {
          state.byKeyboard = state.lastPointer === "";
          openPreview(link);
        }
      });
      link.addEventListener("keydown", function (event) {
        if (event.key === ENTER_KEY && !event.altKey && !event.ctrlKey && !event.metaKey && state.link === link && enterPreview()) {
          event.preventDefault(); // the arrow moves into the popover instead of scrolling the page
        }
      });
      link.addEventListener("click", function (event) {
        // A first tap shows the preview; a second tap on the same link follows it.
        if (state.lastPointer === "touch" && state.link !== link) {
          event.preventDefault();
          openPreview(link);
        } else {
          closePreview(false);
        }
      });
    });
    if (!links.length) {
      return;
    }
    document.addEventListener("pointerdown", function (event) {
      state.lastPointer = event.pointerType;
      state.lastKey = "";
      state.byKeyboard = false;
      if (state.box && !state.box.contains(event.target) && !state.link.contains(event.target)) {
        closePreview(false);
      }
    });
    document.addEventListener("keydown", function (event) {
      state.lastPointer = "";
      state.lastKey = event.key;
      if (event.key === "Escape" && state.link) {
        var focusNearby = state.link === document.activeElement || (state.box && state.box.contains(document.activeElement));
        closePreview(focusNearby);
      }
    });
    document.addEventListener("focusin", function (event) {
      if (state.link && event.target !== state.link && !(state.box && state.box.contains(event.target))) {
        closePreview(false);
      }
    });
    window.addEventListener("resize", function () {
      closePreview(false);
    });
  }

  // print.css prints a link to another page of this site with its full address.
  document.documentElement.style.setProperty("--site-origin", JSON.stringify(window.location.origin));
  setUpPrintButtons();
  setUpPreviews();
})();
