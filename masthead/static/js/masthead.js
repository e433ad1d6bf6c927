// Loads the per-reader fragments after the cached page: the page itself is the same for all.
(function () {
  "use strict";
  function load(slot) {
    var url = slot.getAttribute("data-fragment");
    if (!url) return;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (html) { slot.innerHTML = html; } })
      .catch(function () { /* a missing fragment leaves the page as it is */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-fragment]").forEach(load);
  });
})();
