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
 */
(function () {
  "use strict";

  var TRIGGERS = "a.citation-link, a.preview-link";
  var OPEN_DELAY_MS = 150; // a pointer passing over a citation should not flash a popover
  var CLOSE_DELAY_MS = 300; // time to move the pointer from the link into the popover
  var GAP_PX = 6;
  var EDGE_PX = 8;

  var state = { link: null, box: null, openTimer: 0, closeTimer: 0, lastPointer: "", refocusing: false };
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

  function place(box, link) {
    // Style properties set through the CSSOM are allowed by a CSP without 'unsafe-inline'.
    box.style.left = "0px";
    box.style.top = "0px";
    var origin = (box.offsetParent || document.body).getBoundingClientRect();
    var anchor = link.getBoundingClientRect();
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var viewportWidth = document.documentElement.clientWidth;
    var left = Math.max(EDGE_PX, Math.min(anchor.left, viewportWidth - width - EDGE_PX));
    var top = anchor.bottom + GAP_PX;
    if (top + height > window.innerHeight && anchor.top - height - GAP_PX > 0) {
      top = anchor.top - height - GAP_PX; // no room below: open upwards
    }
    box.style.left = left - origin.left + "px";
    box.style.top = top - origin.top + "px";
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
        if (!state.refocusing && state.lastPointer !== "touch") {
          openPreview(link);
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
      if (state.box && !state.box.contains(event.target) && !state.link.contains(event.target)) {
        closePreview(false);
      }
    });
    document.addEventListener("keydown", function (event) {
      state.lastPointer = "";
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

  setUpPrintButtons();
  setUpPreviews();
})();
