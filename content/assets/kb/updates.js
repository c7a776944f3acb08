// 已更新: a card, 服务禁语 rule or handbook section whose words changed since the agent
// last viewed it carries a mark with the date of the change, until the agent has viewed it.
//
// assets/kb/versions.json (hooks/updates.py) holds every item's content hash and date.
// localStorage "kb.seen" holds the hash of each item as the agent last viewed it.
// - First visit ever (nothing stored, or what is stored is unreadable): every item of
//   the site counts as viewed, and nothing is marked; otherwise day one would mark all.
// - An item the store does not know yet (added since) is recorded quietly when its page
//   is opened: there is no earlier version the agent could have learnt.
// - Viewed: the item's heading was on screen for VIEW_MS while the tab was visible
//   (opening a card's link scrolls it there). The mark stays for this visit and is
//   gone on the next one.
(function () {
  "use strict";
  var STORE = "kb.seen", VIEW_MS = 1000;
  // The store is untrusted: an oversized value is dropped rather than parsed.
  var MAX_STORED_CHARS = 4000000, MAX_HASH_CHARS = 64;
  var DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

  function plainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // The stored hashes by item, or null when there is nothing usable (a first visit).
  function readSeen() {
    var raw, value;
    try { raw = window.localStorage.getItem(STORE); } catch (e) { return null; }
    if (typeof raw !== "string" || raw.length > MAX_STORED_CHARS) return null;
    try { value = JSON.parse(raw); } catch (e) { return null; }
    if (!plainObject(value) || !plainObject(value.items)) return null;
    // No prototype: a stored key such as "constructor" is only ever a key.
    var seen = Object.create(null);
    Object.keys(value.items).forEach(function (key) {
      var hash = value.items[key];
      if (typeof hash === "string" && hash.length <= MAX_HASH_CHARS) seen[key] = hash;
    });
    return seen;
  }

  function writeSeen(seen) {
    try { window.localStorage.setItem(STORE, JSON.stringify({ items: seen })); } catch (e) { /* not kept */ }
  }

  // Only well-formed entries of the build's file: [hash, "YYYY-MM-DD"].
  function versionsOf(data) {
    var items = Object.create(null);
    if (!plainObject(data) || !plainObject(data.items)) return items;
    Object.keys(data.items).forEach(function (key) {
      var entry = data.items[key];
      if (Array.isArray(entry) && typeof entry[0] === "string" && typeof entry[1] === "string") items[key] = entry;
    });
    return items;
  }

  // This page's path under the site's root, as the build names pages ("handbook/01-basics/").
  function pagePath() {
    var root = new URL(window.kbAsset(""), window.location.href).pathname;
    var path = window.location.pathname;
    if (path.indexOf(root) !== 0) return null;
    try { return decodeURIComponent(path.slice(root.length)); } catch (e) { return null; }
  }

  // The items on this page: [{key, heading}].
  function pageItems() {
    var found = [];
    document.querySelectorAll("article.kb-card[data-card]").forEach(function (card) {
      var heading = card.querySelector("h2");
      if (heading) found.push({ key: "card:" + card.getAttribute("data-card"), heading: heading });
    });
    document.querySelectorAll("tr[data-rule]").forEach(function (row) {
      var heading = row.querySelector("h3");
      if (heading) found.push({ key: "rule:" + row.getAttribute("data-rule"), heading: heading });
    });
    var path = pagePath();
    if (path !== null) {
      document.querySelectorAll(".md-content .md-typeset h2[id], .md-content .md-typeset h3[id]").forEach(function (heading) {
        found.push({ key: "section:" + path + "#" + heading.id, heading: heading });
      });
    }
    return found;
  }

  function dateText(iso) {
    var match = DATE.exec(iso);
    if (!match) return "";
    var month = Number(match[2]) + "月" + Number(match[3]) + "日";
    return Number(match[1]) === new Date().getFullYear() ? month : match[1] + "年" + month;
  }

  function mark(heading, iso) {
    // Inside the heading, before its ¶ link: a screen reader reads it with the title.
    var permalink = heading.querySelector(".headerlink");
    heading.insertBefore(document.createTextNode(" "), permalink);
    heading.insertBefore(badge(iso), permalink);
  }

  function badge(iso) {
    var badge = document.createElement("span");
    badge.className = "kb-updated";
    badge.setAttribute("data-kb-updated", "");
    badge.appendChild(document.createTextNode("已更新"));
    var shown = dateText(iso);
    if (shown) {
      badge.appendChild(document.createTextNode(" · "));
      var time = document.createElement("time");
      time.setAttribute("datetime", iso);
      time.textContent = shown;
      badge.appendChild(time);
    }
    return badge;
  }

  // This visit's comparison: the build's versions and what the agent had viewed when the page
  // opened (store null on a first visit, when nothing is marked).
  var compared = { versions: Object.create(null), store: null };

  // The version of an item changed since the agent last viewed it, or null.
  function changedVersion(key) {
    var version = compared.versions[key], store = compared.store;
    return version && store !== null && key in store && store[key] !== version[0] ? version : null;
  }

  // The 速查卡 lists cards by name: a changed card says so after its name, until it is viewed
  // on its own page (the sheet shows only the lines chosen for print, so reading it there does not count).
  function markCheatSheet() {
    document.querySelectorAll("[data-cheat-card]").forEach(function (entry) {
      var version = changedVersion("card:" + entry.getAttribute("data-cheat-card"));
      var name = entry.querySelector(".kb-cheat__name");
      if (!version || !name || entry.querySelector("[data-kb-updated]")) return;
      name.parentNode.insertBefore(badge(version[1]), name.nextSibling);
    });
  }

  // The mark for a search result (search.js), or null: the item is keyed as pageItems() keys it on its
  // own page. Until the versions are compared there is none; "kb:updates" then says they are.
  window.kbUpdatedBadge = function (kind, url) {
    var anchor = url.slice(url.indexOf("#") + 1);
    var key = kind === "card" || kind === "rule" ? kind + ":" + anchor : kind === "section" ? "section:" + url : "";
    var version = key ? changedVersion(key) : null;
    return version ? badge(version[1]) : null;
  };

  function recordViewed(key, hash) {
    if (compared.store !== null) compared.store[key] = hash;
    // Read again: another tab may have recorded other items meanwhile.
    var seen = readSeen() || Object.create(null);
    seen[key] = hash;
    writeSeen(seen);
  }

  // Each marked heading counts as viewed after VIEW_MS on screen in a visible tab.
  function watch(marked) {
    if (!marked.length) return;
    if (!("IntersectionObserver" in window)) {
      marked.forEach(function (item) { recordViewed(item.key, item.hash); });
      return;
    }
    var timers = new Map(), byHeading = new Map();
    // A second on screen in a tab in front; a tab in the background waits until it is in front.
    function arm(item) {
      timers.set(item, setTimeout(function () {
        if (document.visibilityState === "hidden") { arm(item); return; }
        observer.unobserve(item.heading);
        recordViewed(item.key, item.hash);
        item.heading.setAttribute("data-kb-viewed", "");
      }, VIEW_MS));
    }
    marked.forEach(function (item) { byHeading.set(item.heading, item); });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var item = byHeading.get(entry.target);
        if (!item) return;
        clearTimeout(timers.get(item));
        if (entry.isIntersecting) arm(item);
      });
    }, { threshold: 1 });
    marked.forEach(function (item) { observer.observe(item.heading); });
  }

  function apply(versions) {
    // Without the build's versions there is nothing to compare, and nothing to record.
    if (!Object.keys(versions).length) return;
    var seen = readSeen();
    var store = Object.create(null);
    if (seen === null) {
      Object.keys(versions).forEach(function (key) { store[key] = versions[key][0]; });
      writeSeen(store);
      return;
    }
    // Items that no longer exist are forgotten, so the store stays the size of the site.
    Object.keys(versions).forEach(function (key) { if (key in seen) store[key] = seen[key]; });
    var marked = [];
    pageItems().forEach(function (item) {
      var version = versions[item.key];
      if (!version || item.heading.querySelector("[data-kb-updated]")) return;
      if (!(item.key in store)) {
        store[item.key] = version[0];
      } else if (store[item.key] !== version[0]) {
        mark(item.heading, version[1]);
        marked.push({ key: item.key, hash: version[0], heading: item.heading });
      }
    });
    writeSeen(store);
    compared.versions = versions;
    compared.store = store;
    markCheatSheet();
    document.dispatchEvent(new CustomEvent("kb:updates"));
    if (marked.length && window.kbAnnounce) {
      window.kbAnnounce("本页有 " + marked.length + " 处内容在你上次看过之后已更新。", true);
    }
    watch(marked);
  }

  // Each page shown, its own items (the build may have changed since the last page: no-cache).
  window.kbPage(function () {
    if (!window.fetch) return;
    // no-cache: a new build's versions apply at once, as deploy/nginx-kb.conf serves them.
    fetch(window.kbAsset("assets/kb/versions.json"), { cache: "no-cache", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { apply(versionsOf(data)); })
      .catch(function () { /* no marks without the versions file */ });
  });
})();
