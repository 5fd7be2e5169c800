// Progress bars take their width from data-width (no inline styles under our CSP).
document.querySelectorAll("[data-width]").forEach(function (el) {
  el.style.width = el.getAttribute("data-width") + "%";
});
