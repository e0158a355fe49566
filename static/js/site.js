/* Progressive touches: focus and title after an htmx swap, and the share block's copy button. */
(function () {
  "use strict";

  function focusMain(root) {
    var target = root.querySelector(".error-summary") || root.querySelector("h1");
    if (!target) return;
    target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: false });
  }

  function setUpCopy(root) {
    root.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!field || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          if (status) status.textContent = button.getAttribute("data-copied");
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpCopy(document);
    if (document.querySelector(".error-summary")) focusMain(document);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var main = document.getElementById("main");
    if (event.detail.target !== main) return;
    setUpCopy(main);
    focusMain(main);
  });

  // htmx keeps a page for the back button as HTML, which holds attributes, not what was typed or
  // ticked: write the answers into attributes first so going back shows them, as without JS.
  document.addEventListener("htmx:beforeHistorySave", function () {
    document.querySelectorAll("#main input, #main option").forEach(function (field) {
      if (field.tagName === "OPTION") {
        field.toggleAttribute("selected", field.selected);
      } else if (field.type === "radio" || field.type === "checkbox") {
        field.toggleAttribute("checked", field.checked);
      } else if (field.type !== "hidden") {
        field.setAttribute("value", field.value);
      }
    });
  });

  document.addEventListener("htmx:historyRestore", function () {
    var main = document.getElementById("main");
    if (main) {
      setUpCopy(main);
      focusMain(main);
    }
  });
})();
