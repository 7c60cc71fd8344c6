/* The search index (search/search_index.json, over a megabyte) is fetched when a reader first opens search, not on
 * every page load: Material's bundle requests it as it starts, and parsing it and handing it to the search worker
 * blocked a phone's main thread on every page. This script, loaded just before the bundle, holds that one request
 * until the search dialog opens (focus in the search box, the search toggle, the s, f and / keys, which focus it)
 * or the page was reached from a search result (`?h=`, which the bundle highlights). Without JavaScript nothing
 * changes; every other request goes out as before.
 */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var released = new URLSearchParams(location.search).has("h");

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.atlasIndex = INDEX.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.atlasIndex && !released) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest("[data-md-component=search]")) release();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) release();
  });
  document.addEventListener("pointerdown", function (event) {   /* a head start while the dialog opens */
    if (event.target.closest && event.target.closest("label[for=__search], .md-search")) release();
  });
})();
