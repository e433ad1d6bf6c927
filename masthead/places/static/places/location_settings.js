// Location Settings, enhanced: type-ahead suggestions under each place box and "Use my
// location". Without this file the form still works: the server looks the typed name up.
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;  // text only: place names never become markup
    return node;
  }

  function setPlace(fieldset, place) {
    var input = fieldset.querySelector("input[type=search]");
    var hidden = fieldset.querySelector("input[type=hidden]");
    input.value = place.label;
    hidden.value = place.slug;
    fieldset.querySelectorAll("input[type=radio]").forEach(function (r) { r.checked = false; });
  }

  function typeahead(fieldset) {
    var input = fieldset.querySelector("input[type=search]");
    var hidden = fieldset.querySelector("input[type=hidden]");
    var endpoint = input.getAttribute("data-place-search");
    var listId = input.id + "-suggestions";
    var list = el("ul", { "id": listId, "role": "listbox", "class": "place-suggestions",
                         "aria-label": "Suggested places" });
    list.hidden = true;
    input.parentNode.insertBefore(list, input.nextSibling);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");
    var timer = null;
    var asked = "";

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); }

    function show(places) {
      list.textContent = "";
      places.forEach(function (place, i) {
        var option = el("li", { "role": "option", "id": listId + "-" + i, "tabindex": "-1",
                                "data-slug": place.slug }, place.label);
        option.addEventListener("mousedown", function (e) { e.preventDefault(); });
        option.addEventListener("click", function () { setPlace(fieldset, place); close(); input.focus(); });
        option.addEventListener("keydown", function (e) {
          if (e.key === "Enter") { e.preventDefault(); option.click(); }
          if (e.key === "ArrowDown" && option.nextSibling) { e.preventDefault(); option.nextSibling.focus(); }
          if (e.key === "ArrowUp") { e.preventDefault(); (option.previousSibling || input).focus(); }
          if (e.key === "Escape") { close(); input.focus(); }
        });
        list.appendChild(option);
      });
      list.hidden = places.length === 0;
      input.setAttribute("aria-expanded", places.length ? "true" : "false");
    }

    input.addEventListener("input", function () {
      hidden.value = "";  // typed text is looked up again unless a suggestion is chosen
      window.clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = window.setTimeout(function () {
        asked = q;
        fetch(endpoint + "?q=" + encodeURIComponent(q), { credentials: "omit",
              headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { places: [] }; })
          .then(function (data) { if (asked === q) show(data.places || []); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !list.hidden && list.firstChild) { e.preventDefault(); list.firstChild.focus(); }
      if (e.key === "Escape") close();
    });
    input.addEventListener("blur", function () { window.setTimeout(function () {
      if (!list.contains(document.activeElement)) close();
    }, 150); });
    // A reader on a slow connection may have typed before this script ran: look it up now.
    if (document.activeElement === input && input.value.trim().length >= 2) {
      input.dispatchEvent(new Event("input"));
    }
  }

  function nearest(fieldset) {
    var button = fieldset.querySelector("[data-place-nearest]");
    if (!button || !navigator.geolocation) return;
    button.hidden = false;
    var status = el("span", { "class": "place-nearest-status", "role": "status" });
    button.parentNode.insertBefore(status, button.nextSibling);
    button.addEventListener("click", function () {
      status.textContent = "Finding where you are…";
      navigator.geolocation.getCurrentPosition(function (position) {
        // Rounded to about 10 km before it leaves the browser.
        var lat = Math.round(position.coords.latitude * 10) / 10;
        var lon = Math.round(position.coords.longitude * 10) / 10;
        fetch(button.getAttribute("data-place-nearest") + "?lat=" + lat + "&lon=" + lon,
              { credentials: "omit", headers: { "Accept": "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            if (data.place) { setPlace(fieldset, data.place); status.textContent = "Found " + data.place.label + ". Save to use it."; }
            else { status.textContent = "No place found near you; please search instead."; }
          })
          .catch(function () { status.textContent = "Could not look up your location; please search instead."; });
      }, function () {
        status.textContent = "Your location is not available; please search instead.";
      }, { maximumAge: 600000, timeout: 10000 });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".location-form__component").forEach(function (fieldset) {
      typeahead(fieldset);
      nearest(fieldset);
    });
  });
})();
