/* Material's inline start-up script (material/templates/partials/javascripts/base.html), the same code served as a
 * file so the Content-Security-Policy allows only the site's own scripts. The site's root is the folder above this
 * file's assets/ folder: what Material computes from the page's base_url. */
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}

/* What the bundle would change later, done here, in the head, before the body exists, where it restyles nothing:
 * - Instant navigation makes every relative href absolute as the bundle starts. On a stylesheet link that replaces
 *   the stylesheet, and the whole page, already painted, was styled again (on the studies index at a phone's 4x,
 *   two tasks of 170 and 230 ms). The head's links are resolved here; the bundle skips absolute ones.
 * - The root's classes and attributes: no-js becomes js, and js-focus-visible (the bundle's focus-visible polyfill)
 *   is added, the bundle's own changes, each of which restyled every element after first paint (Material's
 *   `table:not([class])` rules make any class change on the root restyle the whole page); atlas-js says the
 *   atlas's scripts run (docs/assets/tables.js: detail columns, the sort bar on phones), so the first paint already
 *   has the enhanced tables' layout. */
document.querySelectorAll("link[href]").forEach(function (link) {
  if (!/^(?:[a-z]+:)?\/\//i.test(link.getAttribute("href"))) link.href = link.href;
});
document.documentElement.classList.replace("no-js", "js");
document.documentElement.classList.add("js-focus-visible", "atlas-js");
document.documentElement.setAttribute("data-js-focus-visible", "");
