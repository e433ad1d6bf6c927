/* Search as you type: headlines and tags under any search box marked data-suggest (or the
   masthead's), as an ARIA combobox with a listbox popup. Debounced, one request in flight,
   answers kept per prefix; Up/Down move, Enter opens, Escape closes; the box still submits a
   full search when nothing is chosen. Without JavaScript the form works as before. */
(function () {
  "use strict";
  var DELAY = 150;
  var count = 0;

  function setup(input, endpoint) {
    if (!input || input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    count += 1;
    var listId = "search-suggestions-" + count;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var timer = null, active = -1, items = [], kept = {}, asked = "";

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(index) {
      active = index;
      items.forEach(function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function show(suggestions) {
      list.innerHTML = "";
      items = suggestions.map(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.url = s.url;
        var label = document.createElement("span");
        label.className = "search-suggestions__kind";
        label.textContent = s.kind === "tag" ? "Topic: " : "";
        li.appendChild(label);
        li.appendChild(document.createTextNode(s.text));
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.href = s.url;
        });
        list.appendChild(li);
        return li;
      });
      active = -1;
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      status.textContent = items.length
        ? items.length + (items.length === 1 ? " suggestion" : " suggestions") + ", use up and down to choose"
        : "";
    }
    function ask() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      if (kept[q]) { show(kept[q]); return; }
      asked = q;
      fetch(endpoint + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          kept[q] = data.suggestions || [];
          if (asked === q && input.value.trim() === q) show(kept[q]);
        })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        choose((active + 1) % items.length);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        choose(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].dataset.url;
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function start() {
    document.querySelectorAll("[data-suggest]").forEach(function (holder) {
      var input = holder.matches("input") ? holder : holder.querySelector("input");
      setup(input, holder.getAttribute("data-suggest"));
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
