/* Sortable, filterable data tables by progressive enhancement.
 *
 * Without this script every table is complete, plain HTML. With it, each table inside a `.atlas-data` block gets
 * a sort button in every column header (keyboard-operable; the sorted column carries aria-sort) and a text
 * filter above it. It runs on every page load, including Material's instant navigation (document$).
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return { text: "", number: NaN, unknown: true };
    var clone = cell.cloneNode(true);
    clone.querySelectorAll("sup").forEach(function (sup) { sup.remove(); });  /* footnote numbers */
    var text = (clone.textContent || "").replace(/\s+/g, " ").trim();
    var unknown = text === "" || /^\?? ?unknown\b/i.test(text);
    var match = text.replace(/,/g, "").match(/^[≈≥≤<>~]?\s*(-?\d+(?:\.\d+)?)/);
    return { text: text, number: match ? parseFloat(match[1]) : NaN, unknown: unknown };
  }

  function compare(a, b) {
    if (!isNaN(a.number) && !isNaN(b.number) && a.number !== b.number) return a.number - b.number;
    return collator.compare(a.text, b.text);
  }

  function sortBy(table, index, button) {
    var header = button.closest("th");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row.dataset.atlasOrder = row.dataset.atlasOrder || String(i); });
    rows.sort(function (r1, r2) {
      var a = cellValue(r1, index), b = cellValue(r2, index);
      if (a.unknown !== b.unknown) return a.unknown ? 1 : -1;   /* unknown values last, either way */
      var result = ascending ? compare(a, b) : compare(b, a);
      return result || Number(r1.dataset.atlasOrder) - Number(r2.dataset.atlasOrder);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function addSorting(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "atlas-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      var mark = document.createElement("span");
      mark.className = "atlas-sort__mark";
      mark.setAttribute("aria-hidden", "true");
      button.appendChild(mark);
      button.title = "Sort by this column";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, button); });
    });
  }

  var filters = 0;

  function addFilter(block, table) {
    var body = table.tBodies[0];
    var total = body.rows.length;
    var id = "atlas-filter-" + (++filters);
    var wrap = document.createElement("div");
    wrap.className = "atlas-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Filter rows";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "atlas-filter__input";
    input.setAttribute("autocomplete", "off");
    var status = document.createElement("span");
    status.className = "atlas-filter__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.textContent = total + " of " + total + " rows";
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(status);
    block.insertBefore(wrap, block.firstChild);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown + " of " + total + " rows";
    });
  }

  function enhance(root) {
    (root || document).querySelectorAll(".atlas-data").forEach(function (block) {
      if (block.dataset.atlasEnhanced) return;
      var table = block.querySelector("table");
      if (!table || !table.tHead || !table.tBodies.length) return;
      block.dataset.atlasEnhanced = "true";
      addSorting(table);
      if (table.tBodies[0].rows.length > 1) addFilter(block, table);
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { enhance(document); });   /* every page, instant navigation too */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
