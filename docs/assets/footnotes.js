/* A citation's reference in place: tapping, clicking or hovering a footnote number shows the reference beside it
 * (a popover), so a phone reader does not jump to the end of the page and back. The link still leads to the
 * References section without this script, and "All references" in the popover goes there too.
 *
 * One delegated listener per event for the whole page: nothing is set up per footnote, so a page with hundreds of
 * citations costs nothing at load (Material's footnote tooltips did, and are switched off in mkdocs.yml).
 */
(function () {
  "use strict";
  var ZH = /^zh/.test(document.documentElement.lang);  /* the Chinese edition's pages: lang="zh-Hans" */

  var note = null;      /* the popover element, made on first use */
  var current = null;   /* the footnote link it belongs to */
  var hoverTimer = 0;

  function popover() {
    if (note && note.isConnected) return note;
    note = document.createElement("div");
    note.className = "atlas-note md-typeset";
    note.setAttribute("popover", "auto");
    note.setAttribute("role", "dialog");
    note.addEventListener("toggle", function (event) {
      if (event.newState === "closed") current = null;
    });
    document.body.appendChild(note);
    return note;
  }

  function reference(link) {
    var id = decodeURIComponent(link.hash.slice(1));   /* Material may have made the href absolute */
    return id ? document.getElementById(id) : null;
  }

  function place(box, link) {
    var r = link.getBoundingClientRect();
    var width = Math.min(420, window.innerWidth - 16);
    box.style.width = width + "px";
    box.style.left = Math.max(8, Math.min(r.left - width / 2, window.innerWidth - width - 8)) + "px";
    var below = r.bottom + 6;
    box.style.top = below + "px";
    var height = box.getBoundingClientRect().height;
    if (below + height > window.innerHeight - 8 && r.top - height - 6 > 8) box.style.top = (r.top - height - 6) + "px";
  }

  function show(link, focus) {
    var item = reference(link);
    if (!item) return false;
    var box = popover();
    box.textContent = "";
    box.setAttribute("aria-label", (ZH ? "参考文献 " : "Reference ") + link.textContent.trim());
    var body = document.createElement("div");
    Array.prototype.forEach.call(item.childNodes, function (n) { body.appendChild(n.cloneNode(true)); });
    body.querySelectorAll(".footnote-backref").forEach(function (n) { n.remove(); });
    body.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
    box.appendChild(body);
    var foot = document.createElement("p");
    foot.className = "atlas-note__foot";
    var all = document.createElement("a");
    all.href = "#" + item.id;
    all.textContent = ZH ? "全部参考文献" : "All references";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "atlas-note__close";
    close.textContent = ZH ? "关闭" : "Close";
    close.addEventListener("click", function () { box.hidePopover(); link.focus(); });
    all.addEventListener("click", function () { box.hidePopover(); });
    foot.appendChild(all);
    foot.appendChild(close);
    box.appendChild(foot);
    if (!box.matches(":popover-open")) box.showPopover();
    current = link;
    place(box, link);
    if (focus) close.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.footnote-ref");
    if (!link) return;
    if (show(link, event.detail === 0)) event.preventDefault();   /* detail 0: the keyboard pressed it */
  });

  /* Hover shows the reference too, where there is a mouse. */
  if (window.matchMedia("(hover: hover)").matches) {
    document.addEventListener("mouseover", function (event) {
      var link = event.target.closest && event.target.closest("a.footnote-ref");
      clearTimeout(hoverTimer);
      if (link && link !== current) hoverTimer = setTimeout(function () { show(link, false); }, 150);
    });
  }

  /* A new page (Material's instant navigation) starts without an open reference. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () {
      if (note && note.matches(":popover-open")) note.hidePopover();
    });
  }
})();
