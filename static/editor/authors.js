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
    function addRow() {
      var row = body.querySelector("tr.author-row").cloneNode(true);
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      body.appendChild(row);
      addButtons(row);
      renumber(editor);
      return row;
    }
    add.addEventListener("click", function () { addRow().querySelector("input").focus(); });
    // An autosaved draft restored (unsaved.js): as many rows as the draft had, before it fills them.
    editor.closest("form").addEventListener("autosave:restoring", function (event) {
      var pattern = new RegExp("^" + editor.getAttribute("data-name") + "-(\\d+)-(family|given|literal)$"), count = 0;
      Object.keys(event.detail.fields).forEach(function (name) {
        var match = pattern.exec(name);
        if (match) count = Math.max(count, Number(match[1]) + 1);
      });
      var rows = body.querySelectorAll("tr.author-row");
      for (var n = rows.length; n < count; n++) addRow();
      for (var extra = rows.length - 1; extra >= Math.max(count, 1); extra--) rows[extra].remove();
      renumber(editor);
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
