// The two editions (English at the site root, Chinese under zh/): hooks/editions.py writes each page's
// counterparts as <link rel="alternate" hreflang> and as the language switcher's links.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base, location.href);

  function edition(url) {
    var path = url.pathname.slice(root.pathname.length);
    return path === "zh" || path.indexOf("zh/") === 0 ? "zh" : "en";
  }

  // A link into the other edition loads the page in full: instant navigation would keep this page's header,
  // <html lang> and search language.
  document.addEventListener("click", function (ev) {
    var link = ev.target instanceof Element ? ev.target.closest("a[href]") : null;
    if (!link || link.target || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
    var url = new URL(link.href, location.href);
    if (url.origin === location.origin && edition(url) !== edition(location)) ev.stopPropagation();
  }, true);

  // Instant navigation replaces the head's alternates but not the header: point the switcher at this page.
  function sync() {
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      var alternate = document.head.querySelector(
        'link[rel="alternate"][hreflang="' + link.getAttribute("hreflang") + '"]');
      if (alternate) link.href = alternate.href;
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(sync); else sync();

  // Material runs a search query on keyup only: Chinese text committed by an input method without a key release,
  // or pasted with the mouse, found nothing once the index was built. Every change to the query runs it.
  document.addEventListener("input", function (ev) {
    var box = ev.target;
    if (box instanceof HTMLInputElement && box.matches(".md-search__input") && !ev.isComposing)
      box.dispatchEvent(new KeyboardEvent("keyup"));
  });
})();
