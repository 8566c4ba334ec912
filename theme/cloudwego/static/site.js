(function () {
  "use strict";
  var d = document, root = d.documentElement, KEY = "cw-theme";
  var dark = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;
  var toggles = d.querySelectorAll(".theme-toggle");

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function current() {
    return root.dataset.theme || (dark && dark.matches ? "dark" : "light");
  }
  function apply(t, save) {
    root.dataset.theme = t;
    if (save) { try { localStorage.setItem(KEY, t); } catch (e) {} }
    toggles.forEach(function (b) { b.setAttribute("aria-pressed", String(t === "dark")); });
  }
  toggles.forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      apply(current() === "dark" ? "light" : "dark", true);
    });
  });
  apply(current(), false);
  if (dark && dark.addEventListener) {
    dark.addEventListener("change", function (e) {
      if (!stored()) apply(e.matches ? "dark" : "light", false);
    });
  }

  if (typeof Documentation !== "undefined" && Documentation.LOCALE === "unknown") {
    Documentation.ngettext = function (s, p, n) {
      var t = Documentation.TRANSLATIONS[s];
      if (Array.isArray(t) && t.length) return t[Math.min(n === 1 ? 0 : 1, t.length - 1)];
      return typeof t === "string" ? t : n === 1 ? s : p;
    };
  }

  var side = d.getElementById("side");
  if (side && window.matchMedia && matchMedia("(min-width: 60em)").matches) side.open = true;

  var live = d.createElement("span");
  live.className = "vh";
  live.setAttribute("aria-live", "polite");
  d.body.appendChild(live);

  var copyLabel = root.dataset.copy || "Copy";
  var copiedLabel = root.dataset.copied || "Copied";

  function codeText(pre) {
    var c = pre.cloneNode(true);
    c.querySelectorAll(".linenos").forEach(function (e) { e.remove(); });
    if (!c.querySelector(".gp")) return c.textContent;
    c.querySelectorAll(".gp").forEach(function (e) { e.textContent = "\u0001"; });
    var out = [], more = false;
    c.textContent.split("\n").forEach(function (line) {
      if (line.charAt(0) === "\u0001") line = line.replace(/^(\u0001\s*)+/, "");
      else if (!more) return;
      out.push(line);
      more = /\\$/.test(line);
    });
    return out.join("\n");
  }

  function write(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (ok, fail) {
      var t = d.createElement("textarea");
      t.value = text;
      t.className = "vh";
      d.body.appendChild(t);
      t.select();
      var done = false;
      try { done = d.execCommand("copy"); } catch (e) {}
      t.remove();
      if (done) ok(); else fail();
    });
  }

  d.querySelectorAll("div.highlight pre").forEach(function (pre) {
    var box = pre.parentNode, b = d.createElement("button"), timer;
    b.type = "button";
    b.className = "copy";
    b.textContent = copyLabel;
    b.setAttribute("aria-label", copyLabel);
    b.addEventListener("click", function () {
      write(codeText(pre)).then(function () {
        b.textContent = copiedLabel;
        b.classList.add("done");
        live.textContent = copiedLabel;
        clearTimeout(timer);
        timer = setTimeout(function () {
          b.textContent = copyLabel;
          b.classList.remove("done");
          live.textContent = "";
        }, 2000);
      }, function () {});
    });
    box.insertBefore(b, pre);
    if (pre.scrollWidth > pre.clientWidth) pre.tabIndex = 0;
  });

  d.querySelectorAll(".body table").forEach(function (t) {
    if (t.parentNode.classList.contains("tw")) return;
    var w = d.createElement("div");
    w.className = "tw";
    t.parentNode.insertBefore(w, t);
    w.appendChild(t);
    if (w.scrollWidth > w.clientWidth) w.tabIndex = 0;
  });
})();
