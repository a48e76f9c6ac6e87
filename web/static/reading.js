// "Older posts", "More comments", "More results": links that work as plain links without
// JavaScript. With it, the next page is fetched and put in place of the link (the
// closest [data-fragment]), so the reader keeps their place.
(function () {
  "use strict";

  function nodesOf(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return Array.prototype.slice.call(holder.content.childNodes);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-more]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var slot = link.closest("[data-fragment]");
    if (!slot || !window.fetch) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    fetch(link.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var nodes = nodesOf(html);
        slot.replaceWith.apply(slot, nodes);
        var first = nodes.filter(function (node) { return node.nodeType === 1; })[0];
        if (first) document.dispatchEvent(new CustomEvent("comptoir:updated", { detail: first }));
      })
      .catch(function () {
        window.location.href = link.href;  // the plain link still works
      });
  });
})();
