// Comptoir's web view works without JavaScript; this file only makes it smoother.
// No inline scripts anywhere: behaviour hangs on data- attributes.
(function () {
  "use strict";

  function csrfToken(form) {
    var field = form && form.querySelector("input[name=csrf_token]");
    if (field) return field.value;
    var meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.content : "";
  }

  // Forms marked data-enhance submit in the background; the server answers the
  // HTML of the fragment to replace (the closest [data-fragment] around the form).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-enhance")) return;
    var fragment = form.closest("[data-fragment]");
    if (!fragment) return;
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRF-Token": csrfToken(form) }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var replacement = holder.firstElementChild;
      if (replacement) {
        fragment.replaceWith(replacement);
        document.dispatchEvent(new CustomEvent("comptoir:updated", { detail: replacement }));
      }
    }).catch(function () {
      form.removeAttribute("data-enhance");  // fall back to a normal submit
      form.submit();
    });
  });

  // Proposal forms marked data-live-preview re-check their texts as they are typed: the
  // server answers the page with the rules' previews (nothing is saved for a preview), and
  // its [data-preview-area] replaces ours. Without script, the "Check" button does the same.
  document.querySelectorAll("form[data-live-preview]").forEach(function (form) {
    var area = document.querySelector("[data-preview-area]");
    if (!area || !window.fetch || !window.DOMParser) return;
    var timer = null, sent = 0;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var data = new FormData(form);
        data.set("action", "preview");
        var ticket = ++sent;
        area.setAttribute("aria-busy", "true");
        // getAttribute: the form's own "action" buttons shadow the form.action property.
        fetch(form.getAttribute("action"), {
          method: "POST", body: data, credentials: "same-origin",
          headers: { "X-Requested-With": "fetch", "X-CSRF-Token": csrfToken(form) }
        }).then(function (response) { return response.text(); }).then(function (html) {
          if (ticket !== sent) return;  // a later keystroke's answer is on its way
          var fresh = new DOMParser().parseFromString(html, "text/html")
            .querySelector("[data-preview-area]");
          if (fresh) area.innerHTML = fresh.innerHTML;
        }).catch(function () {}).then(function () { area.removeAttribute("aria-busy"); });
      }, 500);
    });
  });

  // Close the account menu when clicking elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.usermenu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  // The unread badge refreshes itself while the page stays open.
  var bell = document.querySelector("[data-notification-bell]");
  if (bell && window.fetch) {
    setInterval(function () {
      fetch("/notifications/count", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          var badge = bell.querySelector("[data-badge]");
          badge.textContent = data.unread;
          badge.hidden = !data.unread;
        }).catch(function () {});
    }, 20000);
  }
})();
