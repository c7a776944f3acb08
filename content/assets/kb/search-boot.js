// Starts reading the search index while the page is still being parsed (macros/overrides/main.html
// loads this file first in <head>), so the bytes are there, or nearly, by the time search.js runs.
// It also takes the keys that open the search (/, s, f) from that first moment: see the end.
// search.js asks for them with window.kbSearchBytes(); a failure is retried by calling again.
//
// The index's bytes are kept in IndexedDB under their content-hashed name: a page after the
// first opens them from there, not from the network (a private window's HTTP cache drops a
// file this size). Any failure of the store only means a download.
(function () {
  "use strict";

  // The build writes the content-hashed file name here (hooks/search.py).
  var INDEX_FILE = "assets/kb/search.index.bin";
  // This script is assets/kb/search-boot.js: the site's root is two levels up, from any page.
  var url = new URL("../../" + INDEX_FILE, document.currentScript.src).href;
  var STORE = "kb-search";
  var REFUSED = "kb-search-refused";

  function store(mode, use) {
    return new Promise(function (resolve) {
      if (!window.indexedDB) return resolve(null);
      var request;
      try { request = indexedDB.open(STORE, 1); } catch (e) { return resolve(null); }
      request.onupgradeneeded = function () { request.result.createObjectStore("index"); };
      request.onerror = function () { resolve(null); };
      request.onsuccess = function () {
        try {
          var transaction = request.result.transaction("index", mode);
          use(transaction.objectStore("index"), resolve);
          transaction.oncomplete = function () { request.result.close(); };
        } catch (e) { resolve(null); }
      };
    });
  }

  function remembered(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  function download() {
    // After bytes were refused, past the browser's HTTP cache too: it would give back the same broken
    // copy for a year (deploy/nginx-kb.conf serves the index as immutable).
    // The next page is told so in localStorage (REFUSED), until a download is kept.
    var reload = refusedAny || remembered(REFUSED) === url;
    return fetch(url, reload ? { cache: "reload" } : {}).then(function (response) {
      if (!response.ok) throw new Error(INDEX_FILE + " " + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      // Only this build's index is kept.
      store("readwrite", function (index, resolve) {
        index.clear();
        index.put(buffer, url).onsuccess = function () {
          // Bytes search.js could not read may be refused before the store has them (discard below).
          if (refused.has(buffer)) return;
          try {
            localStorage.setItem(STORE, url);
            localStorage.removeItem(REFUSED);
          } catch (e) { /* not kept: the next page downloads it */ }
        };
        resolve(null);
      });
      return buffer;
    });
  }

  function read() {
    // Which index the store holds is noted in localStorage, so a first visit does not wait for IndexedDB.
    var stored = remembered(STORE) !== url ? Promise.resolve(null) : store("readonly", function (index, resolve) {
      var get = index.get(url);
      get.onsuccess = function () { resolve(get.result instanceof ArrayBuffer ? get.result : null); };
      get.onerror = function () { resolve(null); };
    });
    return stored.then(function (bytes) { return bytes || download(); }).then(function (bytes) {
      performance.mark("kb:index-bytes");
      return bytes;
    });
  }

  // Marks for tracing start-up (a browser's performance panel, bench traces): when the read starts,
  // when the bytes are here (kb:index-bytes) and when search.js can answer (kb:search-ready).
  performance.mark("kb:index-read");
  var pending = null, refused = new WeakSet(), refusedAny = false;
  window.kbSearchBytes = function () {
    if (!pending) {
      pending = read();
      // The next call tries again (a network hiccup on the intranet, a deploy in progress).
      pending.catch(function () { pending = null; });
    }
    return pending;
  };
  // Bytes that search.js could not open or read (cut short by a proxy, changed in the store): the
  // next call downloads them again, and neither this page nor the next reads these from the store,
  // which would otherwise break search in this browser until the next build.
  window.kbSearchBytes.discard = function (bytes) {
    refused.add(bytes);
    refusedAny = true;
    pending = null;
    try {
      if (localStorage.getItem(STORE) === url) localStorage.removeItem(STORE);
      localStorage.setItem(REFUSED, url);
    } catch (e) { /* nothing was kept */ }
  };
  window.kbSearchBytes();
})();

// --- the keys that open the search ------------------------------------------------
//
// An agent on a call opens a page, presses / and types at once. Material's own handler for
// / s f exists only once its bundle has run (after the page's other scripts), and its search box
// is hidden (.no-js) until then: a / pressed earlier was lost, the word typed after it went
// nowhere, and an Enter then followed whatever link had the focus. So these keys are handled here,
// from the moment <head> is parsed, and Material's handler never sees them (no double handling).
// Until the box can take the focus, the keys typed after / are kept, and put into the box in
// their order once it can. The search is opened before the box is focused: on a narrow screen
// Material's order (focus, then open) gave a box 0 px wide for a moment, whose caret stayed at
// the start, so 投诉 came out as 诉投.
(function () {
  "use strict";

  var OPEN_KEYS = ["/", "s", "f"];
  // Keys typed after / before the box could take them: strings and Enter (with or without Ctrl), in order.
  var waiting = null;

  // As Material decides (its isSusceptibleToKeyboard): where the key is the agent's text, not a command.
  // The 客户称呼 field, the checker's textarea, the 我的信息 form: a / typed there stays a /.
  function typing(el) {
    if (!el || !el.tagName) return false;
    if (el.tagName === "INPUT") return el.type !== "radio";
    return el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable;
  }

  function box() { return document.querySelector("input.md-search__input"); }

  // Open Material's search (its toggle, as its own setToggle does: a click, so its listeners hear
  // it) and put the caret in the box, selected as Material does. False while the box is hidden.
  function focusBox() {
    var input = box(), toggle = document.getElementById("__search");
    if (!input || !toggle) return false;
    if (!toggle.checked) toggle.click();
    if (document.activeElement !== input) {
      input.focus();
      input.select();
    }
    return document.activeElement === input;
  }

  // Put the kept keys into the box, as if typed there: search.js answers the input event.
  function replay() {
    var input = box(), kept = waiting;
    waiting = null;
    kept.forEach(function (key) {
      if (typeof key === "string") {
        input.setRangeText(key, input.selectionStart, input.selectionEnd, "end");
        input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: key }));
      } else {
        input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: key.ctrl, metaKey: key.meta,
                                                           bubbles: true, cancelable: true }));
      }
    });
  }

  function tryReplay() {
    if (!waiting) return;
    if (focusBox()) replay();
    // The theme's scripts have all run and the box still cannot be focused (its search failed):
    // the keys go back to the page.
    else if (document.readyState === "complete") waiting = null;
  }

  function keep(event) {
    var last = waiting[waiting.length - 1];
    if (event.key === "Enter") waiting.push({ ctrl: event.ctrlKey, meta: event.metaKey });
    else if (event.key === "Backspace") {
      if (typeof last === "string") {
        if (last.length > 1) waiting[waiting.length - 1] = last.slice(0, -1);
        else waiting.pop();
      }
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (typeof last === "string") waiting[waiting.length - 1] = last + event.key;
      else waiting.push(event.key);
    } else return false;
    return true;
  }

  window.addEventListener("keydown", function (event) {
    if (event.isComposing) return;
    if (waiting) {
      if (event.key === "Escape") {
        waiting = null;
        return;
      }
      if (keep(event)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
      tryReplay();
      return;
    }
    if (OPEN_KEYS.indexOf(event.key) === -1 || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || typing(document.activeElement)) return;
    // With the search open, Material puts any other key into the box (a result has the focus):
    // an s or f is then a letter of the query.
    var toggle = document.getElementById("__search");
    if (event.key !== "/" && toggle && toggle.checked) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!focusBox()) {
      waiting = [];
      if (document.readyState === "complete") waiting = null;
    }
  }, true);

  // The moment the box can take the focus: the theme's bundle removes no-js from <html> first thing.
  new MutationObserver(tryReplay).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  document.addEventListener("DOMContentLoaded", tryReplay);
  window.addEventListener("load", tryReplay);
  // A click elsewhere is the agent changing their mind: the kept keys are dropped.
  window.addEventListener("pointerdown", function () { waiting = null; }, true);

  // 新来电 (Alt+N, common.js) pressed before common.js has run is not lost either: the page would
  // show the last customer's name to an agent who believes a new call has started. common.js
  // starts the new call when it runs.
  window.addEventListener("keydown", function (event) {
    if (window.kbNewCall || !event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.code !== "KeyN" && event.key !== "n" && event.key !== "N") return;
    event.preventDefault();
    window.kbNewCallPressed = true;
  }, true);
})();
