/* Search results of the search page: Sphinx finds and ranks the pages (searchtools.js); this lists
 * them with where each page lives (Docs › Hertz, Cookbook › Kitex recipes) and a snippet of the page
 * around the words searched for, rather than its first sentence, fetched as the reader scrolls to
 * it. Loaded on the search page only. */
(function () {
  "use strict";
  if (typeof Search === "undefined") return;
  var d = document, SNIPPET = 240, BEFORE = 70;
  var SKIP = ".headerlink, script, style, .proof-versions, .code-bar, .toctree-wrapper";

  function titlesByDocname() {
    var index = Search._index, map = {};
    index.docnames.forEach(function (doc, i) { map[doc] = index.titles[i]; });
    return map;
  }

  // "cookbook/hertz/middleware" lives in "cookbook/index" › "cookbook/hertz/index".
  function where(docname, titles) {
    var parts = docname.split("/"), trail = [];
    for (var i = 1; i < parts.length; i++) {
      var parent = parts.slice(0, i).join("/") + "/index";
      if (parent !== docname && titles[parent]) trail.push(titles[parent]);
    }
    return trail;
  }

  function pageText(html, anchor) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll(SKIP).forEach(function (e) { e.remove(); });
    var main = doc.querySelector('[role="main"]');
    var id = anchor ? decodeURIComponent(anchor.slice(1)) : "", part = null;
    if (id && main) main.querySelectorAll("[id]").forEach(function (e) { if (!part && e.id === id) part = e; });
    return ((part || main || doc.body).textContent || "").replace(/\s+/g, " ").trim();
  }

  // The window of the text that holds the most of the words searched for, earliest first.
  function snippet(text, words) {
    var lower = text.toLowerCase(), hits = [];
    words.forEach(function (w) {
      for (var at = lower.indexOf(w); at >= 0 && hits.length < 200; at = lower.indexOf(w, at + w.length)) {
        hits.push([at, w]);
      }
    });
    if (!hits.length) return null;
    hits.sort(function (a, b) { return a[0] - b[0]; });
    var best = hits[0][0], most = 0;
    hits.forEach(function (h) {
      var seen = {};
      hits.forEach(function (o) { if (o[0] >= h[0] && o[0] < h[0] + SNIPPET - BEFORE) seen[o[1]] = 1; });
      var n = Object.keys(seen).length;
      if (n > most) { most = n; best = h[0]; }
    });
    var start = Math.max(0, best - BEFORE);
    if (start > 0) {  // start at a word or sentence boundary
      var cut = text.slice(start, best).search(/[\s，。；：、]/);
      if (cut >= 0 && cut < BEFORE / 2) start += cut + 1;
    }
    return { text: text.substr(start, SNIPPET), start: start, end: start + SNIPPET < text.length };
  }

  function marked(into, text, words) {
    var lower = text.toLowerCase(), at = 0;
    while (at < text.length) {
      var next = -1, word = "";
      words.forEach(function (w) {
        var i = lower.indexOf(w, at);
        if (i >= 0 && (next < 0 || i < next || (i === next && w.length > word.length))) { next = i; word = w; }
      });
      if (next < 0) { into.appendChild(d.createTextNode(text.slice(at))); break; }
      into.appendChild(d.createTextNode(text.slice(at, next)));
      var m = into.appendChild(d.createElement("mark"));
      m.textContent = text.substr(next, word.length);
      at = next + word.length;
    }
  }

  function item(result, titles, words) {
    var docName = result[0], title = result[1], anchor = result[2], descr = result[3];
    var opts = DOCUMENTATION_OPTIONS, li = d.createElement("li");
    li.className = "kind-" + result[6];
    var a = li.appendChild(d.createElement("a"));
    a.href = docName + opts.LINK_SUFFIX + anchor;
    a.textContent = title;
    var trail = where(docName, titles);
    if (trail.length) {
      var w = li.appendChild(d.createElement("span"));
      w.className = "where";
      trail.forEach(function (t) { w.appendChild(d.createElement("span")).textContent = t; });
    }
    if (descr) {
      li.appendChild(d.createElement("p")).textContent = descr;
    } else if (opts.SHOW_SEARCH_SUMMARY) {
      var root = d.documentElement.dataset.content_root || "";
      whenNear(li, function () {
        fetch(root + docName + opts.FILE_SUFFIX).then(function (r) { return r.text(); }).then(function (html) {
          var text = pageText(html, anchor), found = snippet(text, words);
          var p = d.createElement("p");
          p.className = "context";
          if (found) {
            marked(p, (found.start ? "… " : "") + found.text.trim() + (found.end ? " …" : ""), words);
          } else {
            p.textContent = text.slice(0, SNIPPET) + (text.length > SNIPPET ? " …" : "");
          }
          li.appendChild(p);
        }).catch(function () {});
      });
    }
    return li;
  }

  // A snippet needs its page: a word found on a hundred pages would download a hundred of them at
  // once. Each result fetches its page when it comes within a screen of the window.
  var near = typeof IntersectionObserver === "undefined" ? null : new IntersectionObserver(function (seen) {
    seen.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      near.unobserve(entry.target);
      var load = waiting.get(entry.target);
      waiting.delete(entry.target);
      load();
    });
  }, { rootMargin: "100% 0px" });
  var waiting = new Map();

  function whenNear(element, load) {
    if (!near) return load();
    waiting.set(element, load);
    near.observe(element);
  }

  // Sphinx scores a page by its best word alone, and ties go by title: "Kitex 重试" put every
  // meeting that mentions Kitex in a heading before the retry recipe.  Here every word counts —
  // in a heading 15, in the text 5, in the title of the result 10 more — weighed by how rare
  // the word is on the site (a word on every other page says little about any of them).
  function rank(results, searchTerms) {
    var index = Search._index, file = {}, pages = index.docnames.length;
    index.docnames.forEach(function (doc, i) { file[doc] = i; });
    function hits(table, word) {
      if (!Object.prototype.hasOwnProperty.call(table, word)) return [];
      return typeof table[word] === "number" ? [table[word]] : table[word];
    }
    var words = [];
    searchTerms.forEach(function (w) {
      var inText = hits(index.terms, w), inHeadings = hits(index.titleterms, w);
      var found = new Set(inText.concat(inHeadings)).size;
      words.push({ word: w, text: inText, headings: inHeadings, weight: Math.log(1 + pages / (1 + found)) });
    });
    // The words are stemmed ("retry" is "retri"), so the title is split and stemmed the same way
    // before it is compared: "Retry and fallback" holds "retri", though not as a substring.
    var stemmer = new Stemmer();
    function stems(title) {
      return new Set(splitQuery(title.toLowerCase()).map(function (t) { return stemmer.stemWord(t); }));
    }
    return results.map(function (r, order) {
      var f = file[r[0]], title = String(r[1]).toLowerCase(), inTitle = stems(title), score = 0;
      words.forEach(function (w) {
        var s = w.headings.indexOf(f) >= 0 ? 15 : w.text.indexOf(f) >= 0 ? 5 : 2;  // 2: a partial match
        if (inTitle.has(w.word) || title.indexOf(w.word) >= 0) s += 10;
        score += s * w.weight;
      });
      return [score, order, r];
    }).sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; }).map(function (x) { return x[2]; });
  }

  Search.query = function (query) {
    var parsed = Search._parseQuery(query);
    var results = rank(Search._performSearch.apply(null, parsed).reverse(), parsed[1]);  // best first
    var words = [];
    [parsed[3], parsed[1]].forEach(function (set) {  // as typed, then as stemmed
      set.forEach(function (w) { w = String(w).toLowerCase(); if (w && words.indexOf(w) < 0) words.push(w); });
    });
    var titles = titlesByDocname();
    results.forEach(function (result) { Search.output.appendChild(item(result, titles, words)); });
    _finishSearch(results.length);
  };
})();
