/* The authors editor's buttons: add a row, remove one, move one up. The rows are plain inputs
   named authors-N-family/given/literal; the server reads them in order and skips empty ones. */
(function () {
  "use strict";

  function renumber(editor) {
    var name = editor.getAttribute("data-name");
    editor.querySelectorAll("tr.author-row").forEach(function (row, index) {
      row.querySelector(".author-number").textContent = index + 1;
      [["family", "family name"], ["given", "given names or initials"], ["literal", "organisation's name"]].forEach(function (part) {
        var input = row.querySelector("input[name$='-" + part[0] + "']");
        input.name = name + "-" + index + "-" + part[0];
        input.setAttribute("aria-label", "Author " + (index + 1) + ": " + part[1]);
      });
    });
  }

  function button(text, action, label) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button";
    element.textContent = text;
    element.setAttribute("data-author-action", action);
    element.setAttribute("aria-label", label);
    return element;
  }

  function addButtons(row) {
    var cell = row.querySelector(".author-actions");
    cell.textContent = "";
    cell.appendChild(button("Move up", "up", "Move this author up"));
    cell.appendChild(button("Remove", "remove", "Remove this author"));
  }

  function changed(editor) {
    renumber(editor);
    var first = editor.querySelector("input");
    if (first) first.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function wire(editor) {
    var body = editor.querySelector("tbody");
    body.querySelectorAll("tr.author-row").forEach(addButtons);
    var add = document.createElement("button");
    add.type = "button";
    add.className = "button";
    add.textContent = "Add an author";
    add.setAttribute("data-add-author", "");
    editor.querySelector("table").insertAdjacentElement("afterend", add);
    add.addEventListener("click", function () {
      var row = body.querySelector("tr.author-row").cloneNode(true);
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      body.appendChild(row);
      addButtons(row);
      renumber(editor);
      row.querySelector("input").focus();
    });
    body.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-author-action");
      if (!action) return;
      var row = event.target.closest("tr");
      if (action === "remove") {
        if (body.querySelectorAll("tr.author-row").length > 1) row.remove();
        else row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      } else if (action === "up" && row.previousElementSibling) {
        body.insertBefore(row, row.previousElementSibling);
        event.target.focus();
      }
      changed(editor);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-authors-editor]").forEach(wire);
  });
})();
