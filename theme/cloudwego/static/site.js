(function () {
  "use strict";
  var d = document, root = d.documentElement, KEY = "cw-theme";
  var media = function (q) { return window.matchMedia ? matchMedia(q) : { matches: false }; };
  var onChange = function (m, f) { if (m.addEventListener) m.addEventListener("change", f); };
  var dark = media("(prefers-color-scheme: dark)");
  var phone = media("(max-width: 59.99em)");   // the menu is a drawer
  var wide = media("(min-width: 75em)");       // the page's contents sit in a right column
  var narrowHeader = media("(max-width: 47.99em)");  // the search box folds into its button

  /* ---- colour scheme ---- */
  var toggles = d.querySelectorAll(".theme-toggle");
  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function current() {
    return root.dataset.theme || (dark.matches ? "dark" : "light");
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
  onChange(dark, function (e) { if (!stored()) apply(e.matches ? "dark" : "light", false); });

  if (typeof Documentation !== "undefined" && Documentation.LOCALE === "unknown") {
    Documentation.ngettext = function (s, p, n) {
      var t = Documentation.TRANSLATIONS[s];
      if (Array.isArray(t) && t.length) return t[Math.min(n === 1 ? 0 : 1, t.length - 1)];
      return typeof t === "string" ? t : n === 1 ? s : p;
    };
  }

  var top = d.querySelector(".top");
  function headerHeight() { return top ? top.getBoundingClientRect().height : 0; }

  /* ---- the menu: a sidebar on wide screens, a drawer on phones ---- */
  var side = d.getElementById("side");
  var menuButton = d.querySelector(".menu-btn");
  var scrim = d.querySelector(".scrim");
  var behind = [top, d.getElementById("toc"), d.getElementById("main")];

  function setDrawer(open, returnFocus) {
    if (!side) return;
    side.classList.toggle("open", open);
    root.classList.toggle("drawer-open", open);
    if (menuButton) menuButton.setAttribute("aria-expanded", String(open));
    if (scrim) scrim.hidden = !open;
    behind.forEach(function (el) { if (el) el.inert = open; });
    if (open) {
      var here = side.querySelector("[aria-current=page]") || side.querySelector("a, button");
      if (here) here.focus();
    } else if (returnFocus && menuButton) {
      menuButton.focus();
    }
  }

  if (side) {
    side.open = true;
    if (menuButton) {
      menuButton.hidden = false;
      menuButton.addEventListener("click", function () { setDrawer(!side.classList.contains("open"), false); });
    }
    var closer = side.querySelector(".menu-close");
    if (closer) {
      closer.hidden = false;
      closer.addEventListener("click", function () { setDrawer(false, true); });
    }
    if (scrim) scrim.addEventListener("click", function () { setDrawer(false, true); });
    d.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && side.classList.contains("open")) setDrawer(false, true);
    });
    onChange(phone, function () { if (!phone.matches) setDrawer(false, false); });
    loadTree(side);
  }

  /* The whole site's tree, one file per language (extensions/site_navigation.py). */
  function loadTree(side) {
    var nav = side.querySelector(".secnav"), src = side.getAttribute("data-nav");
    if (!nav || !src || !window.fetch) return;
    var url = new URL(src, location.href);
    fetch(url.href).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (data) {
      nav.replaceChildren(tree(data, new URL("../", url), side.getAttribute("data-pages-in") || "{}"));
      var cur = nav.querySelector("[aria-current=page]"), box = side.querySelector(".side-in");
      if (cur && box && box.scrollHeight > box.clientHeight) {
        box.scrollTop = Math.max(0, cur.offsetTop - box.clientHeight / 3);
      }
    }).catch(function () { /* the page's own section list stays */ });
  }

  function samePage(a, b) {
    return a.replace(/index\.html$/, "") === b.replace(/index\.html$/, "");
  }

  function tree(data, base, pagesIn) {
    var here = location.pathname, count = 0;
    function contains(node) {
      if (samePage(new URL(node[1], base).pathname, here)) return true;
      return (node[2] || []).some(contains);
    }
    function list(nodes, level) {
      var ul = d.createElement("ul");
      ul.className = level ? "branch" : "tree";
      nodes.forEach(function (node) {
        var li = d.createElement("li"), row = d.createElement("div"), a = d.createElement("a");
        var kids = node[2], open = contains(node);
        row.className = "row";
        a.href = new URL(node[1], base).href;
        a.textContent = node[0];
        if (samePage(a.pathname, here)) a.setAttribute("aria-current", "page");
        else if (open) a.className = "in-path";
        row.appendChild(a);
        li.appendChild(row);
        if (kids && kids.length) {
          var twist = d.createElement("button"), id = "cw-nav-" + (++count), sub = null;
          twist.type = "button";
          twist.className = "twist";
          twist.setAttribute("aria-label", pagesIn.replace("{}", node[0]));
          twist.setAttribute("aria-controls", id);
          var show = function (on) {
            if (on && !sub) {  // built when first opened: closed branches cost nothing
              sub = list(kids, level + 1);
              sub.id = id;
              li.appendChild(sub);
            }
            if (sub) sub.hidden = !on;
            twist.setAttribute("aria-expanded", String(on));
            li.classList.toggle("open", on);
          };
          twist.addEventListener("click", function () { show(twist.getAttribute("aria-expanded") !== "true"); });
          row.appendChild(twist);
          show(open);
        }
        ul.appendChild(li);
      });
      return ul;
    }
    return list(data.tree || [], 0);
  }

  /* ---- on this page: a right column on wide screens, the current section highlighted ---- */
  var toc = d.getElementById("toc");
  if (toc) {
    var summary = toc.querySelector("summary");
    var placeToc = function () {
      if (wide.matches) toc.open = true;
      if (summary) summary.tabIndex = wide.matches ? -1 : 0;
    };
    placeToc();
    onChange(wide, placeToc);
    if (summary) summary.addEventListener("click", function (e) { if (wide.matches) e.preventDefault(); });
    var links = [], targets = [];
    toc.querySelectorAll("a[href^='#']").forEach(function (a) {
      var id = decodeURIComponent(a.hash.slice(1)), el = id && d.getElementById(id);
      if (el) { links.push(a); targets.push(el); }
    });
    var active = null, queued = false;
    var spy = function () {
      queued = false;
      var line = headerHeight() + 24, at = 0;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i].getBoundingClientRect().top <= line) at = i; else break;
      }
      if (window.innerHeight + window.scrollY >= d.documentElement.scrollHeight - 2) at = targets.length - 1;
      var link = links[at] || null;
      if (link === active) return;
      if (active) active.removeAttribute("aria-current");
      if (link) link.setAttribute("aria-current", "true");
      active = link;
    };
    if (targets.length) {
      window.addEventListener("scroll", function () {
        if (!queued) { queued = true; requestAnimationFrame(spy); }
      }, { passive: true });
      spy();
    }
  }

  /* ---- the search box folds into its button on phones ---- */
  var form = d.querySelector(".site-search"), q = d.getElementById("cw-q");
  if (form && q) {
    var fold = function (open) {
      form.classList.toggle("open", open);
      if (top) top.classList.toggle("searching", open);
      if (open) q.focus();
    };
    form.addEventListener("submit", function (e) {
      if (narrowHeader.matches && !form.classList.contains("open")) { e.preventDefault(); fold(true); }
    });
    q.addEventListener("keydown", function (e) { if (e.key === "Escape") { fold(false); form.querySelector("button").focus(); } });
    form.addEventListener("focusout", function (e) {
      if (!form.contains(e.relatedTarget) && !q.value) fold(false);
    });
  }

  /* ---- the language switcher of the search page keeps the query ---- */
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    d.querySelectorAll(".lang a").forEach(function (a) {
      var u = new URL(a.href);
      if (/\/search\.html$/.test(u.pathname)) { u.searchParams.set("q", query); a.href = u.href; }
    });
  }

  /* ---- code blocks: a bar with the language and a copy button, never over the code ---- */
  var live = d.createElement("span");
  live.className = "vh";
  live.setAttribute("aria-live", "polite");
  d.body.appendChild(live);

  var copyLabel = root.dataset.copy || "Copy";
  var copiedLabel = root.dataset.copied || "Copied";
  var LANGS = { go: "Go", console: "Shell", shell: "Shell", bash: "Bash", sh: "Shell", python: "Python",
    py: "Python", yaml: "YAML", json: "JSON", thrift: "Thrift", proto: "Protobuf", protobuf: "Protobuf",
    toml: "TOML", ini: "INI", dockerfile: "Dockerfile", makefile: "Makefile", html: "HTML", xml: "XML",
    dot: "DOT", diff: "Diff", sql: "SQL", javascript: "JavaScript", js: "JavaScript" };

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

  d.querySelectorAll("div.highlight > pre").forEach(function (pre) {
    var box = pre.parentNode, bar = d.createElement("div"), b = d.createElement("button"), timer;
    var lang = /(?:^|\s)highlight-([\w+-]+)/.exec(box.parentNode.className || "");
    bar.className = "code-bar";
    if (lang && lang[1] !== "text" && lang[1] !== "none" && lang[1] !== "default") {
      var name = d.createElement("span");
      name.className = "code-lang";
      name.textContent = LANGS[lang[1]] || lang[1];
      bar.appendChild(name);
    }
    b.type = "button";
    b.className = "copy";
    b.textContent = copyLabel;
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
    // A note the build puts on a block (first child of div.highlight-<lang>, class code-note,
    // such as why it is not run) joins the bar, between the language and the button.
    var note = box.parentNode.querySelector(":scope > .code-note");
    if (note) {
      bar.appendChild(note);
      box.classList.add("noted");  // the bar grows with the note instead of a fixed height
    }
    bar.appendChild(b);
    box.insertBefore(bar, pre);
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
