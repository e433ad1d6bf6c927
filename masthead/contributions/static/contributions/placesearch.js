// "Where it happened": suggestions from the places catalogue (/location/search/, a cacheable
// JSON answer) in a <datalist>; picking one records its slug in the hidden field, typing
// anything else keeps it free text.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-place-search]").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("list"));
      var slugField = document.getElementById(input.getAttribute("data-place-slug"));
      var url = input.getAttribute("data-place-search");
      var timer = null;
      var known = {};
      function sync() {
        if (slugField) slugField.value = known[input.value] || "";
      }
      function search() {
        var q = input.value.trim();
        if (q.length < 2 || !list) return;
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { places: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.places || []).forEach(function (place) {
              var option = document.createElement("option");
              option.value = place.label || place.name;  // text only, never markup
              known[option.value] = place.slug;
              list.appendChild(option);
            });
            sync();
          })
          .catch(function () { /* suggestions are a convenience */ });
      }
      input.addEventListener("input", function () {
        sync();
        window.clearTimeout(timer);
        timer = window.setTimeout(search, 250);
      });
    });
  });
})();
