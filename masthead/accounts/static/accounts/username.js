// Checks a username's availability as the reader types (the server repeats the check on submit).
(function () {
  "use strict";
  function attach(input) {
    var url = input.getAttribute("data-availability-url");
    var status = document.createElement("span");
    status.id = input.id + "_availability";
    status.className = "username-availability";
    status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", status);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + status.id);
    var timer = null, latest = 0;
    function check() {
      var value = input.value.trim();
      if (!value) { status.textContent = ""; status.removeAttribute("data-state"); return; }
      var ticket = ++latest;
      fetch(url + "?username=" + encodeURIComponent(value), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (ticket !== latest) return;  // an older answer arriving late
          status.textContent = data.message;
          status.setAttribute("data-state", data.available ? "available" : "unavailable");
        })
        .catch(function () { status.textContent = ""; });
    }
    // The server's own error for the refused name (forms/field.html) says it once; the live
    // check only speaks again once the reader changes the name, and then replaces it.
    var serverError = document.getElementById(input.id + "_error");
    input.addEventListener("input", function () {
      if (serverError) { serverError.remove(); serverError = null; }
      clearTimeout(timer);
      timer = setTimeout(check, 250);
    });
    if (input.value && input.getAttribute("aria-invalid") !== "true") check();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-availability-url]").forEach(attach);
  });
})();
