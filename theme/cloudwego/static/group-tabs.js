/* Tabs of sphinx-tabs (loaded only on pages that show them; extensions/page_assets.py).
 * Group tabs with the same name switch together on the page, and the reader's choice is
 * remembered across pages and visits (localStorage); arrow keys, Home and End move between
 * the tabs of a list, as the WAI-ARIA tabs pattern describes. */
(function () {
  "use strict";
  var d = document, KEY = "cw-tab-groups", KEEP = 20;

  function remembered() {
    try {
      var list = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) { return []; }
  }
  function remember(name) {  // most recent first: Go over Python and Thrift over Protobuf both hold
    var list = remembered().filter(function (n) { return n !== name; });
    list.unshift(name);
    try { localStorage.setItem(KEY, JSON.stringify(list.slice(0, KEEP))); } catch (e) {}
  }
  function tabsOf(list) { return Array.prototype.slice.call(list.querySelectorAll("[role=tab]")); }

  function select(tab) {
    tabsOf(tab.parentNode).forEach(function (t) {
      var on = t === tab, panel = d.getElementById(t.getAttribute("aria-controls"));
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      if (panel) panel.hidden = !on;
    });
  }
  function selectGroup(name, except) {
    d.querySelectorAll(".sphinx-tabs-tab.group-tab").forEach(function (t) {
      if (t !== except && t.getAttribute("name") === name) select(t);
    });
  }

  var label = d.documentElement.dataset.tabs;  // sphinx-tabs names every list in English
  d.querySelectorAll(".sphinx-tabs [role=tablist]").forEach(function (list) {
    list.classList.remove("closeable");
    if (label) list.setAttribute("aria-label", label);
    list.addEventListener("click", function (e) {
      var tab = e.target.closest("[role=tab]");
      if (!tab || tab.parentNode !== list) return;
      var before = list.getBoundingClientRect().top;
      select(tab);
      if (tab.classList.contains("group-tab")) {
        selectGroup(tab.getAttribute("name"), tab);
        remember(tab.getAttribute("name"));
      }
      // Panels above may change height: keep the clicked tab where the reader sees it.
      window.scrollBy(0, list.getBoundingClientRect().top - before);
    });
    list.addEventListener("keydown", function (e) {
      var tabs = tabsOf(list), at = tabs.indexOf(e.target), next = null;
      if (at < 0) return;
      if (e.key === "ArrowRight") next = tabs[(at + 1) % tabs.length];
      else if (e.key === "ArrowLeft") next = tabs[(at - 1 + tabs.length) % tabs.length];
      else if (e.key === "Home") next = tabs[0];
      else if (e.key === "End") next = tabs[tabs.length - 1];
      if (!next) return;
      e.preventDefault();
      next.focus();
      next.click();
    });
  });

  // The reader's earlier choice: for each list, the most recent remembered name it has.
  var choices = remembered();
  d.querySelectorAll(".sphinx-tabs [role=tablist]").forEach(function (list) {
    var tabs = tabsOf(list);
    for (var i = 0; i < choices.length; i++) {
      var match = tabs.filter(function (t) {
        return t.classList.contains("group-tab") && t.getAttribute("name") === choices[i];
      })[0];
      if (match) { select(match); return; }
    }
  });
})();
