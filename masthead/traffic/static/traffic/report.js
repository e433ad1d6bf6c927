// Report form, enhanced: suggestions for the place box from the places search (a datalist
// whose values are slugs). Without this file the server looks the typed name up.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("input[data-place-search]");
    if (!input) return;
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) return;
      timer = window.setTimeout(function () {
        fetch(input.getAttribute("data-place-search") + "?q=" + encodeURIComponent(q),
              { credentials: "omit", headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { places: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.places || []).forEach(function (place) {
              var option = document.createElement("option");
              option.value = place.slug;
              option.textContent = place.label;  // text only: names never become markup
              list.appendChild(option);
            });
          })
          .catch(function () { /* the typed name is looked up on submit */ });
      }, 150);
    });
  });
})();
