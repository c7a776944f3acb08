// Starts reading the search index while the page is still being parsed (macros/overrides/main.html
// loads this file first in <head>), so the bytes are there, or nearly, by the time search.js runs.
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

  function kept() {
    try { return localStorage.getItem(STORE); } catch (e) { return null; }
  }

  function download() {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(INDEX_FILE + " " + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      // Only this build's index is kept.
      store("readwrite", function (index, resolve) {
        index.clear();
        index.put(buffer, url).onsuccess = function () {
          try { localStorage.setItem(STORE, url); } catch (e) { /* not kept: the next page downloads it */ }
        };
        resolve(null);
      });
      return buffer;
    });
  }

  function read() {
    // Which index the store holds is noted in localStorage, so a first visit does not wait for IndexedDB.
    var stored = kept() !== url ? Promise.resolve(null) : store("readonly", function (index, resolve) {
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
  var pending = null;
  window.kbSearchBytes = function () {
    if (!pending) {
      pending = read();
      // The next call tries again (a network hiccup on the intranet, a deploy in progress).
      pending.catch(function () { pending = null; });
    }
    return pending;
  };
  window.kbSearchBytes();
})();
