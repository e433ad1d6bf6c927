// Location components on a cached page: the page names a fragment URL with {component}
// placeholders; this fills them from the reader's masthead_places cookie (or the site's
// default place) and loads the fragment. The cookie only names places, never the reader.
(function () {
  "use strict";
  var COMPONENTS = ["news", "weather", "traffic", "listings"];
  var SLUG = /^[-a-z0-9_]{1,220}$/;

  function readChoices() {
    var choices = {};
    var cookies = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < cookies.length; i++) {
      var part = cookies[i].trim();
      if (part.indexOf("masthead_places=") !== 0) continue;
      var value = part.substring("masthead_places=".length);
      if (value.charAt(0) === '"') value = value.substring(1, value.length - 1);
      value.split("&").forEach(function (pair) {
        var bits = pair.split("=");
        var component = decodeURIComponent(bits[0] || "");
        var slug = decodeURIComponent(bits[1] || "");
        if (COMPONENTS.indexOf(component) >= 0 && SLUG.test(slug)) choices[component] = slug;
      });
    }
    return choices;
  }

  function buildUrl(template, fallback, choices) {
    return template.replace(/\{(\w+)\}/g, function (whole, component) {
      var slug = choices[component] || fallback;
      return slug ? encodeURIComponent(slug) : whole;
    });
  }

  function load(slot, choices) {
    var template = slot.getAttribute("data-place-fragment");
    if (!template) return;
    var url = buildUrl(template, slot.getAttribute("data-default-place") || "", choices);
    if (url.indexOf("{") >= 0) return;  // no place to show: leave the slot's own text
    if (slot.getAttribute("data-loaded-url") === url) return;
    slot.setAttribute("data-loaded-url", url);
    fetch(url, { credentials: "omit", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        // A later load for another place (the reader's places arrived after the site's
        // default was asked for) owns the slot: an answer that comes back after it is dropped.
        if (slot.getAttribute("data-loaded-url") !== url) return;
        if (html.trim()) { slot.innerHTML = html; dropDismissed(slot); }
        else if (slot.querySelector("[data-dismiss-key]")) slot.innerHTML = "";  // no longer any
      })
      .catch(function () { /* the page stays readable without the component */ });
  }

  // A notice in a fragment (a traffic alert) that the reader hid stays hidden on every page,
  // until it changes: its data-dismiss-key names the notice and its version.
  var HIDDEN = "masthead-hidden-notices";
  function hiddenKeys() {
    try { return JSON.parse(localStorage.getItem(HIDDEN) || "[]"); } catch (e) { return []; }
  }
  function dropDismissed(root) {
    var hidden = hiddenKeys();
    root.querySelectorAll("[data-dismiss-key]").forEach(function (notice) {
      if (hidden.indexOf(notice.getAttribute("data-dismiss-key")) >= 0) notice.remove();
    });
    if (root.children.length === 0) root.innerHTML = "";
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-dismiss]");
    var notice = button && button.closest("[data-dismiss-key]");
    if (!notice) return;
    var hidden = hiddenKeys().concat([notice.getAttribute("data-dismiss-key")]).slice(-50);
    try { localStorage.setItem(HIDDEN, JSON.stringify(hidden)); } catch (e) { /* private mode */ }
    var slot = notice.parentElement;
    notice.remove();
    if (slot && slot.children.length === 0) slot.innerHTML = "";
  });

  function loadAll() {
    var choices = readChoices();
    document.querySelectorAll("[data-place-fragment]").forEach(function (slot) {
      load(slot, choices);
    });
  }

  window.mastheadPlaces = { reload: loadAll, choices: readChoices };
  document.addEventListener("DOMContentLoaded", loadAll);
  // A per-reader fragment (sign-in sync) may rewrite the cookie: it fires this event.
  document.addEventListener("masthead:places-changed", loadAll);
  // The reader fragment (masthead.js inserts it) marks when it rewrote the cookie to the
  // member's profile: load the components again for the member's places.
  if (window.MutationObserver) {
    document.addEventListener("DOMContentLoaded", function () {
      new MutationObserver(function () {
        var marker = document.querySelector("[data-places-changed]");
        if (marker) { marker.removeAttribute("data-places-changed"); loadAll(); }
      }).observe(document.body, { childList: true, subtree: true });
    });
  }
})();
