(function (d) {
  var t;
  try { t = localStorage.getItem("cw-theme"); } catch (e) {}
  if (t !== "dark" && t !== "light") {
    t = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  d.dataset.theme = t;
  // Styles for what site.js adds (menu drawer, code bars) apply from the first paint.
  d.classList.add("js");
})(document.documentElement);
