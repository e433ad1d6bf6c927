// Live word counter for a reader's story: counts the way the server does (contributions/text.py):
// a word is a run of non-space characters containing at least one letter or digit.
(function () {
  "use strict";
  function count(text) {
    var n = 0;
    (text.match(/\S+/g) || []).forEach(function (w) { if (/[\p{L}\p{N}]/u.test(w)) n += 1; });
    return n;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-word-counter]").forEach(function (area) {
      var out = document.getElementById(area.getAttribute("data-word-counter"));
      if (!out) return;
      var min = parseInt(out.getAttribute("data-min-words") || "200", 10);
      function update() {
        var n = count(area.value);
        var noun = n === 1 ? "word" : "words";
        out.textContent = n >= min
          ? n + " " + noun + ": long enough to send."
          : n + " " + noun + "; at least " + min + " needed (" + (min - n) + " to go).";
        out.classList.toggle("contrib-count--short", n < min);
      }
      area.addEventListener("input", update);
      update();
    });
  });
})();
