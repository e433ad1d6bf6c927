// A live blog page keeps itself current: every 2 s it asks the blog's changes since
// the version it shows (one cached answer per version for every reader, see live_views.py),
// holds new updates behind an "N new updates" button unless the reader is at the top of the
// stream, and replaces edited updates and removes deleted ones in place.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-blog]");
  if (!root || !window.fetch) return;
  var stream = root.querySelector("[data-live-stream]");
  var button = root.querySelector("[data-live-new]");
  var keyEvents = root.querySelector("[data-live-key-events]");
  var pinned = root.querySelector("[data-live-pinned]");
  var lastTime = root.querySelector("[data-live-last]");
  var url = root.getAttribute("data-live-changes");
  var version = parseInt(root.getAttribute("data-live-version"), 10) || 0;
  var newestFirst = stream.getAttribute("data-live-order") !== "oldest";
  // New updates belong on this page only at the stream's live end: the first page when
  // newest first, the last page (no "later" link) when oldest first.
  var liveEnd = newestFirst ? !/[?&]before=/.test(location.search) : !root.querySelector(".pager [rel=next]");
  // Every 2 s while the tab is visible: with a reporter posting every few seconds, a reader
  // sees an update within 3 s of its post (docs/performance.md "Live blogs").
  var INTERVAL = 2000;
  var MAX_INTERVAL = 60000;
  var delay = INTERVAL;
  var timer = null;
  var waiting = [];

  function element(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content.firstElementChild;
  }

  function atTop() {
    // The start of the stream is on screen: new updates go in without moving what is read.
    return stream.getBoundingClientRect().top > -20;
  }

  function insert(item) {
    var empty = stream.querySelector("[data-live-empty]");
    if (empty) empty.remove();
    if (newestFirst) stream.insertBefore(item, stream.firstChild);
    else stream.appendChild(item);
    var time = item.querySelector("time");
    if (lastTime && time) {
      lastTime.textContent = time.textContent;
      lastTime.setAttribute("datetime", time.getAttribute("datetime"));
    }
  }

  function showWaiting() {
    // Oldest of the held updates first, so the newest ends up on top.
    waiting.forEach(insert);
    waiting = [];
    button.hidden = true;
  }

  function label() {
    if (!waiting.length) {
      button.hidden = true;
      return;
    }
    button.textContent = waiting.length === 1 ? "1 new update" : waiting.length + " new updates";
    button.hidden = false;
  }

  button.addEventListener("click", function () {
    showWaiting();
    stream.scrollIntoView({ block: "start" });
  });

  function heldIndex(id) {
    for (var i = 0; i < waiting.length; i++) {
      if (waiting[i].getAttribute("data-live-update") === String(id)) return i;
    }
    return -1;
  }

  function apply(data) {
    data.updates.forEach(function (update) {
      var shown = stream.querySelector('[data-live-update="' + update.id + '"]');
      var held = heldIndex(update.id);
      if (update.deleted) {
        if (shown) shown.remove();
        if (held >= 0) waiting.splice(held, 1);
        return;
      }
      var item = element(update.html);
      if (shown) shown.replaceWith(item);
      else if (held >= 0) waiting[held] = item;
      else if (liveEnd) waiting.push(item);
    });
    if ("key_events_html" in data) {
      keyEvents.innerHTML = data.key_events_html;
      keyEvents.hidden = !data.key_events;
    }
    if ("pinned_html" in data) pinned.innerHTML = data.pinned_html;
    if (waiting.length && (!newestFirst || atTop())) showWaiting();
    else label();
    version = data.version;
  }

  function poll() {
    timer = null;
    if (document.hidden) return;
    // no-store: the answer allows stale-while-revalidate, and Chromium would otherwise give
    // each poll the previous poll's answer from its own cache (refreshing it in the
    // background), so every update would show one poll late. The shared cache still answers.
    fetch(url + "?since=" + version, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        apply(data);
        delay = INTERVAL;
        if (data.status !== "live") return; // coverage ended: nothing more will come
        // A reader far behind gets changes in batches: ask for the rest at once.
        schedule(data.complete ? delay : 0);
      })
      .catch(function () {
        delay = Math.min(delay * 2, MAX_INTERVAL);
        schedule(delay);
      });
  }

  function schedule(wait) {
    if (timer === null) timer = setTimeout(poll, wait);
  }

  // Key events: the summary links to an update's anchor when the page shows it.
  keyEvents.addEventListener("click", function (event) {
    var link = event.target.closest("[data-live-anchor]");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("data-live-anchor"));
    if (target) {
      event.preventDefault();
      target.scrollIntoView({ block: "start" });
      history.replaceState(null, "", "#" + target.id);
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) schedule(0);
  });
  if (root.getAttribute("data-live-status") === "live") schedule(INTERVAL);
})();
