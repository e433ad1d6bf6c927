// Loads the per-reader fragments after the cached page: the page itself is the same for all.
(function () {
  "use strict";
  function load(slot) {
    var url = slot.getAttribute("data-fragment");
    if (!url) return;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        if (!html) return;
        slot.innerHTML = html;
        // The reader's notices ("Confirmation e-mail sent") belong in the page, not the bar.
        var area = document.getElementById("notice-area");
        slot.querySelectorAll("[data-notices]").forEach(function (notices) {
          if (area) area.appendChild(notices);
        });
        // The network's sign-in (accounts/network.py): a top-level hop through the home site
        // when the server says so. It says so at most once per browser session and site (a
        // cookie for "ask", the session for "tell"); an "ask" is kept to once per tab here
        // too, in case the cookie does not stick.
        var check = slot.querySelector("[data-network-check]");
        if (check && navigator.cookieEnabled) {
          try {
            var ask = check.getAttribute("data-network-kind") === "ask";
            if (!ask || !window.sessionStorage.getItem("masthead-network-ask")) {
              if (ask) window.sessionStorage.setItem("masthead-network-ask", "1");
              window.location.replace(check.getAttribute("data-network-check"));
              return;
            }
          } catch (e) { /* no storage: stay as we are rather than risk a loop */ }
        }
        // A fragment may hold its own per-reader fragments (the comment thread holds the form).
        slot.querySelectorAll("[data-fragment]").forEach(load);
        slot.dispatchEvent(new CustomEvent("masthead:fragment", { bubbles: true }));
      })
      .catch(function () { /* a missing fragment leaves the page as it is */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-fragment]").forEach(load);
  });
})();

// Live page: polls tiny cacheable JSON answers for new stories (front page) and breaking news
// (every page). Polls pause while the tab is hidden and back off when the server is busy.
(function () {
  "use strict";
  var MAX_BACKOFF_MS = 10 * 60 * 1000;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;  // text only: nothing from the server becomes markup
    return node;
  }

  function safeUrl(url) {
    if (!url) return null;
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) { return null; }
  }

  // A poller calls fetchOnce every `seconds` while the tab is visible; after a 429/5xx or a
  // network failure it waits twice as long each time (or what Retry-After says).
  function poller(seconds, fetchOnce) {
    var base = Math.max(1, seconds) * 1000;
    var delay = base;
    var timer = null;
    function schedule(ms) {
      window.clearTimeout(timer);
      timer = window.setTimeout(tick, ms + Math.random() * Math.min(ms * 0.1, 5000));
    }
    function tick() {
      if (document.hidden) return;  // visibilitychange resumes the poll
      fetchOnce().then(function () {
        delay = base;
        schedule(delay);
      }, function (retryAfter) {
        delay = Math.min(Math.max(delay * 2, (retryAfter || 0) * 1000), MAX_BACKOFF_MS);
        schedule(delay);
      });
    }
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) { window.clearTimeout(timer); } else { schedule(Math.min(delay, 2000)); }
    });
    return { start: function (first) { schedule(first === undefined ? delay : first); } };
  }

  function getJson(url) {
    return fetch(url, { credentials: "omit", headers: { "Accept": "application/json" } })
      .then(function (r) {
        if (r.status === 429 || r.status >= 500) {
          return Promise.reject(parseInt(r.headers.get("Retry-After") || "0", 10) || 0);
        }
        return r.ok ? r.json() : Promise.reject(0);
      }, function () { return Promise.reject(0); });
  }

  function newStories(slot) {
    var endpoint = slot.getAttribute("data-new-stories");
    var since = slot.getAttribute("data-since") || "";
    var latest = null;

    function showNotice(data) {
      latest = data;
      var button = slot.querySelector(".new-stories-notice");
      if (!button) {
        button = el("button", { "type": "button", "class": "new-stories-notice" },
          "There are new stories on the homepage. Click here to see them.");
        button.addEventListener("click", reveal);
        slot.insertBefore(button, slot.firstChild);
      }
      button.setAttribute("data-count", String(data.count));
      slot.hidden = false;
    }

    // Brings the new stories in above the front page, without a reload: the reader's place
    // in the page (and anything they opened) stays as it was.
    function reveal() {
      if (!latest) return;
      var list = slot.querySelector(".new-stories-list");
      if (!list) {
        list = el("section", { "class": "new-stories-list", "aria-labelledby": "new-stories-heading", "tabindex": "-1" });
        list.appendChild(el("h2", { "id": "new-stories-heading" }, "New stories"));
        list.appendChild(el("ul"));
        slot.appendChild(list);
      }
      var ul = list.querySelector("ul");
      latest.stories.slice().reverse().forEach(function (story) {
        var href = safeUrl(story.url);
        if (!href || ul.querySelector('[data-story-id="' + story.id + '"]')) return;
        var li = el("li", { "data-story-id": String(story.id) });
        li.appendChild(el("a", { "href": href }, story.title));
        ul.insertBefore(li, ul.firstChild);
      });
      if (latest.count > latest.stories.length) {
        var more = list.querySelector(".new-stories-more") || list.appendChild(
          el("p", { "class": "new-stories-more" }));
        more.textContent = "";
        var reload = el("a", { "href": window.location.pathname }, "Show the updated front page");
        more.appendChild(reload);
      }
      if (latest.newest) { since = latest.newest; slot.setAttribute("data-since", since); }
      var button = slot.querySelector(".new-stories-notice");
      if (button) button.remove();
      latest = null;
      list.focus();
    }

    var poll = poller(parseInt(slot.getAttribute("data-poll-seconds") || "45", 10), function () {
      return getJson(endpoint + "?since=" + encodeURIComponent(since)).then(function (data) {
        if (!since && data.newest) { since = data.newest; return; }
        if (data.count > 0) showNotice(data);
      });
    });
    poll.start();
  }

  function breakingNews(slot) {
    var endpoint = slot.getAttribute("data-breaking");
    var expiryTimer = null;

    function render(banners) {
      slot.textContent = "";
      window.clearTimeout(expiryTimer);
      var now = Date.now();
      var showing = banners.filter(function (b) { return Date.parse(b.expires_at) > now; });
      if (!showing.length) { slot.hidden = true; return; }
      showing.forEach(function (banner) {
        var box = el("div", { "class": "breaking-banner", "role": "alert", "data-banner-id": String(banner.id) });
        box.appendChild(el("span", { "class": "breaking-banner__label" }, "Breaking news"));
        var href = safeUrl(banner.url);
        box.appendChild(href ? el("a", { "href": href }, banner.text) : el("span", {}, banner.text));
        slot.appendChild(box);
      });
      slot.hidden = false;
      // Expired banners leave by themselves, even between polls.
      var soonest = Math.min.apply(null, showing.map(function (b) { return Date.parse(b.expires_at); }));
      expiryTimer = window.setTimeout(function () { render(showing); }, Math.max(0, soonest - now) + 50);
    }

    var poll = poller(parseInt(slot.getAttribute("data-poll-seconds") || "45", 10), function () {
      return getJson(endpoint).then(function (data) { render(data.banners || []); });
    });
    poll.start(0);  // a new page shows the banner at once
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-new-stories]").forEach(newStories);
    document.querySelectorAll("[data-breaking]").forEach(breakingNews);
  });
})();

// Rows that scroll sideways when they outrun the screen (the network's sites, the sections):
// each opens with the reader's own site or section in sight, not cut at the screen's edge.
// The sections row is cached once per site for every page, so which section the reader is in
// is marked here: the link whose address the page's own begins with, the longest one.
(function () {
  "use strict";
  var ROOM = 40;  // px kept clear beyond the link, where the edge's shade lies
  function markSection(row) {
    var path = window.location.pathname, best = null;
    row.querySelectorAll("a[href^='/']").forEach(function (link) {
      var href = link.getAttribute("href");
      var within = href === "/" ? path === "/" : path.indexOf(href) === 0;
      if (within && (!best || href.length > best.getAttribute("href").length)) best = link;
    });
    if (best) best.setAttribute("aria-current", best.getAttribute("href") === path ? "page" : "true");
  }
  function reveal(row) {
    var current = row.querySelector("[aria-current]");
    if (!current || row.scrollWidth <= row.clientWidth) return;
    var box = row.getBoundingClientRect();
    var link = current.getBoundingClientRect();
    if (link.right > box.right) row.scrollLeft += link.right - box.right + ROOM;
    else if (link.left < box.left) row.scrollLeft -= box.left - link.left + ROOM;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".sections ul").forEach(markSection);
    document.querySelectorAll(".network-bar ul, .sections ul").forEach(reveal);
  });
})();
