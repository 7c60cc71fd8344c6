/* Data tables by progressive enhancement (the HTML comes from macros/render/datatable.py).
 *
 * Without this script every table is complete, plain HTML (and a card per row on phones, by CSS). With it, each
 * table inside a `.atlas-data` block gets:
 * - a sort button in every column header (keyboard-operable; the sorted column carries aria-sort), sorting by the
 *   keys the renderer wrote (`data-sort`: numbers, ISO dates or text; empty = unknown, last in both directions);
 * - a phrase filter (the words typed, in that order, at word boundaries) and one select per facet the table
 *   declares (`data-facet-<key>` on the table, values on each row), with a live count of the rows shown;
 * - detail columns hidden at desktop width, offered per row ("Details") and per table ("Show all columns");
 * - its state (filter, facets, sort) in the URL query, so a filtered view can be shared.
 * It runs on every page load, including Material's instant navigation (document$).
 */
(function () {
  "use strict";

  /* The root's atlas-js class, which the enhanced tables' CSS keys on, is set in the head (docs/assets/md-base.js). */
  var collator = null;   /* made on the first sort: creating one is a long task on a phone */
  var FACET = "data-facet-";
  var filters = 0;
  /* The script's own words in the page's language (the Chinese edition's pages have lang="zh-Hans"). */
  var ZH = /^zh/.test(document.documentElement.lang);
  var WORDS = ZH ? {
    sort: "按此列排序", filter: "筛选行", phrase: "输入词或短语", all: "全部", of: function (n, m) { return "显示 " + n + " 行，共 " + m + " 行"; },
    columns: "显示所有列", code: "代码（可横向滚动）", table: "表格（可横向滚动）"
  } : {
    sort: "Sort by this column", filter: "Filter rows", phrase: "a word or phrase", all: "All",
    of: function (n, m) { return n + " of " + m + " rows"; }, columns: "Show all columns", code: "Code (scrolls sideways)", table: "Table (scrolls sideways)"
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  /* Text of a node without footnote numbers (<sup>), whitespace collapsed. */
  function plainText(node) {
    var parts = [];
    (function collect(parent) {   /* a plain walk: a TreeWalker's filter calls back per node, 3-4x the time */
      for (var child = parent.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === Node.TEXT_NODE) parts.push(child.nodeValue);
        else if (child.nodeType === Node.ELEMENT_NODE && child.tagName !== "SUP" &&
                 !child.classList.contains("atlas-more")) collect(child);
      }
    })(node);
    return parts.join(" ").replace(/\s+/g, " ").trim();
  }

  function compareText(a, b) {
    collator = collator || new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    return collator.compare(a, b);
  }

  /* Facet values in natural order (numbers by value, letters regardless of case), as the collator would sort these
     short labels, without making one at load. */
  function natural(a, b) {
    var x = a.toLowerCase().match(/\d+|\D+/g) || [], y = b.toLowerCase().match(/\d+|\D+/g) || [];
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] === y[i]) continue;
      var numbers = /^\d/.test(x[i]) && /^\d/.test(y[i]);
      return numbers ? Number(x[i]) - Number(y[i]) : x[i] < y[i] ? -1 : 1;
    }
    return x.length - y.length;
  }

  function slug(text) { return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""); }

  /* One enhanced table: its rows, and the state shared by sorting, filtering and the URL. */
  function Table(block, table, prefix) {
    this.block = block;
    this.table = table;
    this.body = table.tBodies[0];
    this.rows = Array.prototype.slice.call(this.body.rows);
    this.headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    this.prefix = prefix;
    this.texts = null;      /* row texts, computed on first filtering */
    this.facets = [];       /* {key, select} */
    this.input = null;
    this.status = null;
    this.sorted = null;     /* {index, ascending} */
    this.rows.forEach(function (row, i) { row.atlasOrder = i; });
  }

  Table.prototype.key = function (row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    if (cell.hasAttribute("data-sort")) return cell.getAttribute("data-sort");
    var text = plainText(cell);
    return /^\?? ?unknown\b/i.test(text) ? "" : text;
  };

  Table.prototype.sort = function (index, ascending) {
    var self = this;
    var header = this.headers[index];
    var type = header.getAttribute("data-sort-type") || "text";
    this.headers.forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    this.sorted = { index: index, ascending: ascending };
    var keyed = this.rows.map(function (row) {
      var key = self.key(row, index);
      return { row: row, key: type === "number" && key !== "" ? parseFloat(key) : key };
    });
    keyed.sort(function (a, b) {
      var ua = a.key === "" || (type === "number" && isNaN(a.key)), ub = b.key === "" || (type === "number" && isNaN(b.key));
      if (ua !== ub) return ua ? 1 : -1;   /* unknown values last, either way */
      var result = 0;
      if (!ua) {
        if (type === "number") result = a.key - b.key;
        else if (type === "date") result = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
        else result = compareText(a.key, b.key);
      }
      return (ascending ? result : -result) || a.row.atlasOrder - b.row.atlasOrder;
    });
    var order = [];
    keyed.forEach(function (item) {
      order.push(item.row);
      if (item.row.atlasDetails) order.push(item.row.atlasDetails);
    });
    this.arrange(order);
  };

  /* Puts the rows in this order. Where the browser has moveBefore they move in place, keeping their rendering state
     (sorting 500 rows: about a third of the CPU of re-adding them); elsewhere they are re-added to a detached tbody. */
  Table.prototype.arrange = function (rows) {
    var body = this.body;
    if (body.moveBefore) rows.forEach(function (row) { body.moveBefore(row, null); });
    else this.detached(function () { rows.forEach(function (row) { body.appendChild(row); }); });
  };

  /* Many rows change at once in a tbody taken out of the document: one mutation of the page, not hundreds. For
     showing and hiding rows it is cheaper than changing them in place (a first filter of 500 rows: about 70 ms of CPU
     against 180). */
  Table.prototype.detached = function (change) {
    var body = this.body, parent = body.parentNode, next = body.nextSibling;
    parent.removeChild(body);
    change();
    parent.insertBefore(body, next);
  };

  Table.prototype.addSorting = function () {
    var self = this;
    this.headers.forEach(function (th, index) {
      var button = el("button", { type: "button", "class": "atlas-sort" });
      while (th.firstChild) button.appendChild(th.firstChild);
      button.appendChild(el("span", { "class": "atlas-sort__mark", "aria-hidden": "true" }));
      button.title = WORDS.sort;
      th.appendChild(button);
      button.addEventListener("click", function () {
        self.sort(index, th.getAttribute("aria-sort") !== "ascending");
        self.save();
      });
    });
  };

  Table.prototype.addControls = function () {
    var self = this;
    /* The empty, hidden block the engine writes before the table (macros/render/datatable.py): filling it restyles
       it alone, where a new element beside the table restyled the whole table. */
    var bar = this.block.querySelector(".atlas-filter") ||
      this.block.insertBefore(el("div", { "class": "atlas-filter" }), this.block.firstChild);
    var id = "atlas-filter-" + (++filters);
    bar.appendChild(el("label", { "for": id }, WORDS.filter));
    this.input = el("input", { type: "search", id: id, "class": "atlas-filter__input", autocomplete: "off",
                               placeholder: WORDS.phrase });
    bar.appendChild(this.input);
    (this.table.getAttribute("data-facets") || "").split(" ").filter(Boolean).forEach(function (key) {
      var name = FACET + key;
      var counts = {};
      self.rows.forEach(function (row) {
        (row.getAttribute(name) || "").split("|").forEach(function (v) { if (v) counts[v] = (counts[v] || 0) + 1; });
      });
      var values = Object.keys(counts).sort(natural);
      if (values.length < 2) return;
      var select = el("select", { id: id + "-" + key, "class": "atlas-filter__facet", "data-facet": key });
      select.appendChild(el("option", { value: "" }, WORDS.all));
      values.forEach(function (v) { select.appendChild(el("option", { value: v }, v + " (" + counts[v] + ")")); });
      var wrap = el("span", { "class": "atlas-filter__group" });
      wrap.appendChild(el("label", { "for": select.id }, self.table.getAttribute(name)));
      wrap.appendChild(select);
      bar.appendChild(wrap);
      select.addEventListener("change", function () { self.filter(); self.save(); });
      self.facets.push({ key: key, select: select });
    });
    this.status = el("span", { "class": "atlas-filter__status", role: "status", "aria-live": "polite" });
    bar.appendChild(this.status);
    bar.hidden = false;
    this.input.addEventListener("input", function () { self.filter(); self.save(); });
    this.count(this.rows.length);
  };

  Table.prototype.count = function (shown) {
    this.status.textContent = WORDS.of(shown, this.rows.length);
  };

  function phrase(query) {
    var words = query.toLowerCase().replace(/\s+/g, " ").trim();
    if (!words) return null;
    var escaped = words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp("(?:^|[^\\p{L}\\p{N}])" + escaped + "(?![\\p{L}\\p{N}])", "u");
  }

  Table.prototype.filter = function () {
    var self = this;
    var pattern = phrase(this.input.value);
    if (pattern && !this.texts) this.texts = this.rows.map(function (row) { return plainText(row).toLowerCase(); });
    var wanted = this.facets.filter(function (f) { return f.select.value; });
    var shown = 0;
    this.detached(function () {
      self.rows.forEach(function (row) {
        var match = (!pattern || pattern.test(self.texts[row.atlasOrder])) && wanted.every(function (f) {
          return (row.getAttribute(FACET + f.key) || "").split("|").indexOf(f.select.value) !== -1;
        });
        row.hidden = !match;
        if (row.atlasDetails) row.atlasDetails.hidden = !match;
        if (match) shown += 1;
      });
    });
    this.count(shown);
  };

  Table.prototype.addDetails = function () {
    var self = this;
    var details = [];
    this.headers.forEach(function (th, i) { if (th.classList.contains("atlas-detail")) details.push(i); });
    if (!details.length) return;
    var toggle = el("button", { type: "button", "class": "atlas-columns", "aria-pressed": "false" }, WORDS.columns);
    toggle.addEventListener("click", function () {
      var all = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", String(all));
      self.block.classList.toggle("atlas-all-columns", all);
    });
    var bar = this.block.querySelector(".atlas-filter");
    (bar || this.block).appendChild(toggle);
    if (bar) bar.hidden = false;
    /* Each row's "Details" button is in the HTML (macros/render/datatable.py), shown where this script runs. */
    this.body.addEventListener("click", function (event) {
      var button = event.target.closest("button.atlas-more");
      if (!button) return;
      var row = button.closest("tr");
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      if (!row.atlasDetails) row.atlasDetails = self.detailsRow(row, details);
      if (open) row.parentNode.insertBefore(row.atlasDetails, row.nextSibling);
      else row.atlasDetails.remove();
      if (!open) row.atlasDetails = null;
    });
  };

  Table.prototype.detailsRow = function (row, indexes) {
    var self = this;
    var list = el("dl", { "class": "atlas-details" });
    indexes.forEach(function (i) {
      list.appendChild(el("dt", {}, plainText(self.headers[i])));
      var value = el("dd");
      Array.prototype.forEach.call(row.cells[i].childNodes, function (n) { value.appendChild(n.cloneNode(true)); });
      value.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });   /* ids stay unique */
      list.appendChild(value);
    });
    var cell = el("td", { colspan: String(this.headers.length), "class": "atlas-details-cell" });
    cell.appendChild(list);
    var tr = el("tr", { "class": "atlas-details-row" });
    tr.appendChild(cell);
    return tr;
  };

  /* The URL query: q, each facet key, sort (a column's slug) and dir; prefixed "t2-"... for later tables. */
  Table.prototype.save = function () {
    var params = new URLSearchParams(location.search);
    var p = this.prefix;
    var set = function (name, value) { if (value) params.set(p + name, value); else params.delete(p + name); };
    set("q", this.input ? this.input.value.trim() : "");
    this.facets.forEach(function (f) { set(f.key, f.select.value); });
    set("sort", this.sorted ? slug(plainText(this.headers[this.sorted.index])) : "");
    set("dir", this.sorted && !this.sorted.ascending ? "desc" : "");
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  };

  Table.prototype.restore = function () {
    var params = new URLSearchParams(location.search);
    var p = this.prefix;
    var changed = false;
    if (this.input && params.get(p + "q")) { this.input.value = params.get(p + "q"); changed = true; }
    this.facets.forEach(function (f) {
      var value = params.get(p + f.key);
      if (value && Array.prototype.some.call(f.select.options, function (o) { return o.value === value; })) {
        f.select.value = value;
        changed = true;
      }
    });
    if (changed) this.filter();
    var column = params.get(p + "sort");
    if (column) {
      var index = this.headers.map(function (th) { return slug(plainText(th)); }).indexOf(column);
      if (index !== -1) this.sort(index, params.get(p + "dir") !== "desc");
    }
  };

  /* On paper a link shows where it leads: its absolute address, unless its text already says so. */
  function markPrintTargets(root) {
    root.querySelectorAll(".md-content a[href]:not([data-print-href])").forEach(function (a) {
      var href = a.getAttribute("href");
      if (href.charAt(0) === "#" || a.classList.contains("headerlink") || a.closest("sup")) return;
      var target = a.href.replace(/\/index\.html$/, "/");
      if ((a.textContent || "").indexOf(target.replace(/^https?:\/\//, "").replace(/\/$/, "")) === -1) {
        a.setAttribute("data-print-href", target);
      }
    });
  }

  /* Regions that scroll are reachable by keyboard: Material's table wrappers and code blocks. Data tables read as
     cards at phone width (atlas.css), which never scroll sideways: their widths are not read there, since reading
     them would lay out tables whose rendering is skipped off-screen; they are if the page widens. */
  var cards = window.matchMedia("(max-width: 600px)");
  function focusableScrolling(root) {
    var nodes = Array.prototype.filter.call(
      root.querySelectorAll(".md-typeset__scrollwrap:not([tabindex]), .md-typeset pre > code:not([tabindex])"),
      function (node) { return !(cards.matches && node.closest(".atlas-data")); });
    /* All widths are read before any attribute is written: a write between two reads would make the browser work
       out the page's styles again for the second read (once per region on a page of many tables). */
    nodes.filter(function (node) { return node.scrollWidth > node.clientWidth + 1; }).forEach(function (node) {
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "region");
      node.setAttribute("aria-label", node.tagName === "CODE" ? WORDS.code : WORDS.table);
    });
  }

  /* Each run is a User Timing measure "atlas:tables" (DevTools shows it; the browser tests hold it to a budget). */
  function measured(work) {
    var start = performance.now();
    work();
    performance.measure("atlas:tables", { start: start, end: performance.now() });
  }

  /* Each table in a task of its own, after the one in which the page starts (Material's bundle mounts its components
     then): no task grows long enough to block a phone's main thread. What reads layout waits until the next frame
     has been drawn, when layout is clean and reading it costs nothing. */
  function enhance(root) {
    var blocks = Array.prototype.filter.call(root.querySelectorAll(".atlas-data"), function (block) {
      var table = block.querySelector("table");
      return !block.dataset.atlasEnhanced && table && table.tHead && table.tBodies.length;
    });
    blocks.forEach(function (block, count) {
      block.dataset.atlasEnhanced = "true";
      setTimeout(function () {
        measured(function () { enhanceTable(block, block.querySelector("table"), count ? "t" + (count + 1) + "-" : ""); });
      }, 0);
    });
    setTimeout(function () {
      requestAnimationFrame(function () {
        setTimeout(function () { measured(function () { focusableScrolling(root); }); }, 0);
        setTimeout(function () { measured(function () { markPrintTargets(root); }); }, 0);
      });
    }, 0);
  }

  function enhanceTable(block, table, prefix) {
    var t = new Table(block, table, prefix);
    t.addSorting();
    if (t.rows.length > 1) t.addControls();
    t.addDetails();
    t.restore();
  }

  cards.addEventListener("change", function () {
    if (!cards.matches) measured(function () { focusableScrolling(document); });
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { enhance(document); });   /* every page, instant navigation too */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
