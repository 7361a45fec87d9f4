// Accessible names for the admin's autocomplete boxes (select2), which has no option for them:
// the box, its value and its search field are named after the field's label, the box says
// which list it opens, and the mouse-only "clear" cross is hidden from screen readers (the
// keyboard clears with Backspace). select2 redraws these on every change, so this runs again
// whenever the page changes.
(function () {
  "use strict";

  function nameOf(select) {
    if (select.getAttribute("aria-label")) return select.getAttribute("aria-label");
    const label = select.id ? document.querySelector('label[for="' + CSS.escape(select.id) + '"]') : null;
    return label ? label.textContent.trim().replace(/:$/, "") : select.name;
  }

  function name(element, text) {
    if (element && element.getAttribute("aria-label") !== text) element.setAttribute("aria-label", text);
  }

  function fix() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2-container")) return;
      const text = nameOf(select);
      const selection = container.querySelector(".select2-selection");
      if (selection) {
        // Its default name is its current value alone; the field's name comes first now.
        if (selection.hasAttribute("aria-labelledby")) selection.removeAttribute("aria-labelledby");
        name(selection, text);
        // A combobox names the list it opens with aria-controls (select2 uses aria-owns).
        const list = "select2-" + select.id + "-results";
        if (select.id && selection.getAttribute("aria-controls") !== list) selection.setAttribute("aria-controls", list);
      }
      name(container.querySelector(".select2-selection__rendered[role='textbox']"), text);
      name(container.querySelector(".select2-search__field"), "Search " + text);
    });
    // The search box of an open single-choice list sits at the end of the page.
    document.querySelectorAll(".select2-dropdown .select2-search__field[aria-controls]").forEach(function (field) {
      const id = field.getAttribute("aria-controls").replace(/^select2-/, "").replace(/-results$/, "");
      const select = document.getElementById(id);
      if (select) name(field, "Search " + nameOf(select));
    });
    document.querySelectorAll(".select2-selection__clear:not([aria-hidden])").forEach(function (cross) {
      cross.setAttribute("aria-hidden", "true");
    });
  }

  let queued = false;
  function soon() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () {
      queued = false;
      fix();
    });
  }

  function start() {
    fix();
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
