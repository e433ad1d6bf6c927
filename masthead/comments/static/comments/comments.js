// Comments: teaser counts in one request, the thread's sort/more links in place, the reader's
// own edit/delete links, and the live character counter. No markup from the server is ever
// built from strings here: fragments are parsed by DOMParser (which runs no script) and moved.
(function () {
  "use strict";

  function fillCounts() {
    var slots = document.querySelectorAll("[data-comment-count]");
    if (!slots.length) return;
    var ids = [];
    slots.forEach(function (s) {
      var id = s.getAttribute("data-comment-count");
      if (/^\d+$/.test(id) && ids.indexOf(id) < 0) ids.push(id);
    });
    ids.sort();
    fetch("/fragments/comments/counts/?ids=" + ids.slice(0, 100).join(","), {
      credentials: "omit", headers: { "Accept": "application/json" }
    }).then(function (r) { return r.ok ? r.json() : { counts: {} }; }).then(function (data) {
      slots.forEach(function (s) {
        var n = (data.counts || {})[s.getAttribute("data-comment-count")] || 0;
        if (n > 0) {
          s.textContent = n + (n === 1 ? " comment" : " comments");
          s.hidden = false;
        }
      });
    }).catch(function () { /* counts are a nicety */ });
  }

  function counter(area) {
    var out = document.getElementById(area.getAttribute("data-comment-counter"));
    if (!out || area.getAttribute("data-counting")) return;
    area.setAttribute("data-counting", "1");
    var max = parseInt(area.getAttribute("maxlength") || "0", 10);
    function update() {
      var used = area.value.length;
      out.textContent = used + " of " + max + " characters";
      out.classList.toggle("comment-form__counter--over", max && used > max * 0.9);
    }
    area.addEventListener("input", update);
    update();
  }

  function ownActions() {
    var me = document.querySelector(".comments-me");
    if (!me) return;
    (me.getAttribute("data-editable-comments") || "").split(" ").forEach(function (id) {
      if (!/^\d+$/.test(id)) return;
      // The whole document: the reader's fragment arrives after (and outside) the thread.
      document.querySelectorAll('#comment-' + id + ' > .comment__box [data-own-actions]').forEach(function (el) {
        el.hidden = false;
      });
    });
  }

  function setUp(root) {
    (root || document).querySelectorAll("textarea[data-comment-counter]").forEach(counter);
    ownActions();
  }

  function fetchFragment(url) {
    return fetch(url, { credentials: "omit", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
  }

  function adopt(nodes, target, before) {
    Array.prototype.slice.call(nodes).forEach(function (n) {
      target.insertBefore(document.importNode(n, true), before || null);
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-comments-sort],[data-comments-more],[data-comments-replies]");
    if (!link) return;
    event.preventDefault();
    var url = link.getAttribute("href");
    fetchFragment(url).then(function (doc) {
      if (link.hasAttribute("data-comments-sort")) {
        var thread = link.closest(".comments__thread");
        var fresh = doc.querySelector(".comments__thread");
        if (thread && fresh) { thread.replaceWith(document.importNode(fresh, true)); }
      } else if (link.hasAttribute("data-comments-more")) {
        var list = link.parentNode.querySelector(".comments__list");
        var items = doc.querySelectorAll(".comments__list > li");
        if (list) adopt(items, list);
        var next = doc.querySelector("[data-comments-more]");
        if (next) { link.replaceWith(document.importNode(next, true)); } else { link.remove(); }
      } else {
        var replies = link.parentNode.querySelector(".comments__replies");
        var more = doc.querySelectorAll(".comments__replies > li");
        if (replies) adopt(more, replies);
        var again = doc.querySelector("[data-comments-replies]");
        if (again) { link.replaceWith(document.importNode(again, true)); } else { link.remove(); }
      }
      setUp(document);
    }).catch(function () { window.location.href = url; });
  });

  document.addEventListener("masthead:fragment", function (event) { setUp(event.target); });
  document.addEventListener("DOMContentLoaded", function () {
    fillCounts();
    setUp(document);
  });
})();
