// A table wider than the screen scrolls inside its own region (.table-responsive); such a region is made reachable
// by keyboard (a tab stop, named by the table's caption or the nearest heading) so it can be scrolled with the
// arrow keys. Regions that fit take no tab stop.
(function () {
  function label(region) {
    var caption = region.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var section = region.closest("section, .card, details");
    var heading = section && section.querySelector("h1, h2, h3, summary");
    return heading ? heading.textContent.trim() : document.title;
  }
  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (region) {
      var wide = region.scrollWidth > region.clientWidth + 1;
      if (wide && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        region.setAttribute("aria-label", label(region));
        region.dataset.marked = "1";
      } else if (!wide && region.dataset.marked) {
        region.removeAttribute("tabindex");
        region.removeAttribute("role");
        region.removeAttribute("aria-label");
        delete region.dataset.marked;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSettle", mark);
  document.addEventListener("toggle", mark, true);
})();
