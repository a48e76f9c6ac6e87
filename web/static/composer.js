// The composer without a page reload: the Markdown preview on demand, and suggestions
// for @mentions and #hashtags (keyboard: arrows, Enter or Tab to choose, Escape to close).
// Without JavaScript the preview button submits the form to /compose/preview and the
// textarea is a plain textarea.
(function () {
  "use strict";

  function csrfOf(form) {
    var field = form.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  // ---- Preview -------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-preview]") : null;
    if (!button || !window.fetch) return;
    var form = button.form;
    var slot = form && form.querySelector("[data-preview-slot]");
    if (!slot) return;
    event.preventDefault();
    button.setAttribute("aria-busy", "true");
    fetch(button.formAction, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRF-Token": csrfOf(form) }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var holder = document.createElement("template");
      holder.innerHTML = html.trim();
      var fresh = holder.content.firstElementChild;
      if (fresh) form.querySelector("[data-preview-slot]").replaceWith(fresh);
      button.removeAttribute("aria-busy");
    }).catch(function () {
      form.action = button.formAction;  // fall back to the page that shows the preview
      form.submit();
    });
  });

  // ---- Suggestions ---------------------------------------------------------------
  // data-autocomplete="text": @name and #tag anywhere in a text; "handle": the whole field.
  var MENTION = /(^|[^\w.@/])@([\p{L}\p{N}._-]{1,40})$/u;
  var HASHTAG = /(^|[^\w&/#])#([\p{L}\p{N}_-]{1,50})$/u;
  var popup = null, state = null, timer = null, sequence = 0;

  function ensurePopup() {
    if (popup) return popup;
    popup = document.createElement("ul");
    popup.id = "autocomplete-list";
    popup.className = "autocomplete";
    popup.setAttribute("role", "listbox");
    popup.hidden = true;
    popup.addEventListener("mousedown", function (event) {
      var item = event.target.closest("[role=option]");
      if (!item) return;
      event.preventDefault();  // keep the focus in the field
      choose(Number(item.dataset.index));
    });
    document.body.appendChild(popup);
    return popup;
  }

  function tokenOf(field) {
    if (field.dataset.autocomplete === "handle") {
      var whole = field.value.trim().replace(/^@/, "");
      return whole ? { trigger: "@", query: whole, start: 0, end: field.value.length } : null;
    }
    var caret = field.selectionStart;
    if (caret !== field.selectionEnd) return null;
    var before = field.value.slice(0, caret);
    var match = MENTION.exec(before) || HASHTAG.exec(before);
    if (!match) return null;
    var trigger = match[0].charAt(match[1].length);
    return { trigger: trigger, query: match[2], start: caret - match[2].length - 1, end: caret };
  }

  function close() {
    if (state) state.field.setAttribute("aria-expanded", "false");
    if (state) state.field.removeAttribute("aria-activedescendant");
    state = null;
    if (popup) { popup.hidden = true; popup.textContent = ""; }
  }

  function lookUp(field) {
    var token = tokenOf(field);
    if (!token) { close(); return; }
    var url = (token.trigger === "@" ? "/api/people?q=" : "/api/tags?q=") +
      encodeURIComponent(token.query);
    var asked = ++sequence;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (items) {
        if (asked !== sequence || document.activeElement !== field) return;  // a later answer wins
        show(field, token, Array.isArray(items) ? items : []);
      })
      .catch(close);
  }

  function show(field, token, items) {
    if (!items.length) { close(); return; }
    var list = ensurePopup();
    list.textContent = "";
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = "autocomplete-option-" + index;
      option.setAttribute("role", "option");
      option.dataset.index = String(index);
      var main = document.createElement("span");
      var side = document.createElement("span");
      side.className = "autocomplete-side";
      if (token.trigger === "@") {
        main.textContent = item.name;
        side.textContent = "@" + item.handle;
      } else {
        main.textContent = "#" + item.tag;
        side.textContent = String(item.uses);
      }
      option.appendChild(main);
      option.appendChild(side);
      list.appendChild(option);
    });
    state = { field: field, token: token, items: items, active: 0 };
    var box = field.getBoundingClientRect();
    list.style.left = (box.left + window.scrollX) + "px";
    list.style.top = (box.bottom + window.scrollY + 2) + "px";
    list.style.width = Math.max(box.width, 220) + "px";
    list.hidden = false;
    field.setAttribute("aria-expanded", "true");
    highlight(0);
  }

  function highlight(index) {
    if (!state) return;
    state.active = (index + state.items.length) % state.items.length;
    Array.prototype.forEach.call(popup.children, function (option, i) {
      option.setAttribute("aria-selected", i === state.active ? "true" : "false");
    });
    state.field.setAttribute("aria-activedescendant", "autocomplete-option-" + state.active);
  }

  function choose(index) {
    if (!state) return;
    var field = state.field, token = state.token, item = state.items[index];
    if (field.dataset.autocomplete === "handle") {
      field.value = item.handle;
    } else {
      var inserted = (token.trigger === "@" ? "@" + item.handle : "#" + item.tag) + " ";
      field.value = field.value.slice(0, token.start) + inserted + field.value.slice(token.end);
      var caret = token.start + inserted.length;
      field.setSelectionRange(caret, caret);
    }
    close();
    field.focus();
  }

  function prepare(field) {
    if (field.dataset.autocompleteReady) return;
    field.dataset.autocompleteReady = "1";
    field.setAttribute("autocomplete", "off");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", "autocomplete-list");
    field.setAttribute("aria-expanded", "false");
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-autocomplete]")) {
      prepare(event.target);
      ensurePopup();
    }
  });

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("[data-autocomplete]") || !window.fetch) return;
    clearTimeout(timer);
    timer = setTimeout(function () { lookUp(field); }, 120);
  });

  document.addEventListener("keydown", function (event) {
    if (!state || event.target !== state.field) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(state.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(state.active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  document.addEventListener("focusout", function (event) {
    if (state && event.target === state.field) close();
  });
})();
