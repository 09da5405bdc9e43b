// Caspian Crossroads, in the static book only (see crossroads/book.py).
//
// 1. The Jupyter widgets manager (3 MB) is loaded only when an explorer comes near
//    the screen, so that it never slows the first view of a page. It renders the
//    widgets on the window's load event, which is over by then: we send it one.
// 2. Explorer controls whose panes are precomputed answer without a kernel (jslink);
// the others need a running notebook. As the widget manager draws an explorer,
// show its note, and disable each control that needs a kernel with the reason.
(function () {
  "use strict";
  var WHY = "Needs the running notebook: open this chapter on Binder or in JupyterLab.";
  var counter = 0;
  var me = document.currentScript;

  function loadWidgetManager() {
    var script = document.createElement("script");
    script.src = new URL(me.dataset.widgetManager, me.src).href;  // relative to _static/
    script.integrity = me.dataset.widgetManagerIntegrity;
    script.crossOrigin = "anonymous";
    script.onload = function () { window.dispatchEvent(new Event("load")); };
    document.head.appendChild(script);
  }

  function whenExplorersNear() {
    var views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
    if (!views.length || !me || !me.dataset.widgetManager) return;
    if (!("IntersectionObserver" in window)) { loadWidgetManager(); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        loadWidgetManager();
      }
    }, { rootMargin: "800px 0px" });
    views.forEach(function (view) { observer.observe(view.parentElement); });
  }

  function scan() {
    document.querySelectorAll(".crossroads-explorer").forEach(function (explorer) {
      var note = explorer.querySelector(".crossroads-static-note");
      if (!note) return;
      if (!note.id) {
        note.id = "crossroads-static-note-" + (++counter);
        note.style.display = "block";
      }
      explorer.querySelectorAll(".crossroads-needs-kernel select:not([disabled]), " +
                                ".crossroads-needs-kernel input:not([disabled])").forEach(function (field) {
        // The widget view re-applies its model's `disabled` on every update: pin it.
        field.setAttribute("disabled", "");
        Object.defineProperty(field, "disabled", { get: function () { return true; }, set: function () {} });
        field.title = WHY;
        field.setAttribute("aria-describedby", note.id);
        field.closest(".crossroads-needs-kernel").title = WHY;
      });
    });
  }

  // Widget views set `disabled` from their model right after they are inserted: scan
  // once the current task is over, not in the middle of it.
  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; scan(); }, 50);
  }
  // Classes (`_dom_classes`) arrive after a view is inserted: watch them too.
  // The theme's search dialog is a form without a submit button (WCAG technique H32):
  // give it one, visible to keyboard and screen-reader users when focused.
  function searchSubmit() {
    document.querySelectorAll("#pst-search-dialog form").forEach(function (form) {
      if (form.querySelector('[type="submit"]')) return;
      var button = document.createElement("button");
      button.type = "submit";
      button.textContent = "Search";
      button.className = "crossroads-search-submit";
      form.appendChild(button);
    });
  }
  document.addEventListener("DOMContentLoaded", searchSubmit);

  new MutationObserver(later).observe(document.documentElement,
    { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
  document.addEventListener("DOMContentLoaded", later);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", whenExplorersNear);
  } else {
    whenExplorersNear();
  }
})();
