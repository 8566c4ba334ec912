(function (d) {
  var t;
  try { t = localStorage.getItem("cw-theme"); } catch (e) {}
  if (t !== "dark" && t !== "light") {
    t = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  d.dataset.theme = t;
})(document.documentElement);
