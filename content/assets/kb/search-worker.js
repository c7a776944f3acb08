// The search engine's own thread. search-boot.js starts it from <head>, so the index is read
// (IndexedDB, else the network), opened and warmed up while the page is still being parsed, laid
// out and set up by the theme: none of that waits for the page's main thread, and none of it
// holds the page up. search.js then asks it for results (one message per query).
//
// Started as search-worker.js?index=URL&kept=URL (kept: the index that localStorage says the store
// holds), it begins reading the index at once.
// Messages in:  {type: "open", url, kept}         say when the index is open (read again after a failure)
//               {type: "search", id, query}        the results for a query
//               {type: "explain", id, query, entry}
// Messages out: {type: "opened", meta}             the index answers (meta: what the page needs of it)
//               {type: "failed", message}          reading failed: the next "open" tries again
//               {type: "kept", url}                the store now holds url (localStorage is the page's)
//               {type: "answer", id, results, nearest} / {type: "explained", id, parts}
"use strict";

var engine = null, index = null, opening = null;
var STORE = "kb-search";
// No result is not a dead end: search.js lists the cards nearest in wording (see nearest()).
var NEAREST = 3;

function store(mode, use) {
  return new Promise(function (resolve) {
    if (!self.indexedDB) return resolve(null);
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

// The index's bytes are kept in IndexedDB under their content-hashed name: a page after the first
// opens them from there, not from the network (a private window's HTTP cache drops a file this
// size). Only this build's index is kept. Any failure of the store only means a download.
function download(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error(url + " " + response.status);
    return response.arrayBuffer();
  }).then(function (buffer) {
    store("readwrite", function (objects, resolve) {
      objects.clear();
      // put() copies the bytes at once: the engine's views over them are not disturbed.
      objects.put(buffer, url).onsuccess = function () { postMessage({ type: "kept", url: url }); };
      resolve(null);
    });
    return buffer;
  });
}

function read(url, kept) {
  // Which index the store holds is noted in the page's localStorage, so a first visit does not wait for IndexedDB.
  var stored = kept !== url ? Promise.resolve(null) : store("readonly", function (objects, resolve) {
    var get = objects.get(url);
    get.onsuccess = function () { resolve(get.result instanceof ArrayBuffer ? get.result : null); };
    get.onerror = function () { resolve(null); };
  });
  return stored.then(function (bytes) { return bytes || download(url); });
}

// The first query after opening ran cold, for 300 ms in the page: the engine's code not yet
// compiled, the pinyin tables not built. Here, between messages, it costs the agent nothing: a
// query that arrives meanwhile waits for one of these at most.
var WARM_UP = ["客户投诉怎么办", "tuihuo", "khhf"];
function warmUp(queries) {
  if (!queries.length) return;
  setTimeout(function () {
    engine.search(index, queries[0]);
    warmUp(queries.slice(1));
  }, 0);
}

// The cards that share the most (rare) characters with the query and, when even that finds
// fewer than NEAREST, the first cards of the book order (the opening, the everyday lines).
function nearest(raw) {
  var query = engine.topical(engine.normalise(String(raw).slice(0, engine.maxQuery)));
  var scores = new Map(), total = index.count;
  new Set(Array.from(query)).forEach(function (ch) {
    var entry = engine.postings(index, ch);
    if (!entry) return;
    var idf = Math.log(1 + total / entry.ids.length);
    for (var k = 0; k < entry.ids.length; k++) {
      var id = entry.ids[k];
      if (engine.kindOf(index, id) === "card") scores.set(id, (scores.get(id) || 0) + idf * entry.weights[k]);
    }
  });
  var ids = Array.from(scores.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
    .slice(0, NEAREST).map(function (pair) { return pair[0]; });
  for (var id = 0; ids.length < NEAREST && id < index.count; id++) {
    if (engine.kindOf(index, id) === "card" && ids.indexOf(id) === -1) ids.push(id);
  }
  return ids.map(function (id) { return shown(engine.doc(index, id)); });
}

// What the page shows of an entry: its fields, not the engine's working copies.
function shown(doc) {
  return { kind: doc.kind, url: doc.url, title: doc.title, alias: doc.alias, body: doc.body, group: doc.group,
           situation: doc.situation, script: doc.script };
}

// Everything starts the moment this thread does, without waiting for a message: the page's
// messages reach a starting worker only when the page's main thread is free, which at start-up
// it is not (parsing, layout, the theme's bundle). search-boot.js puts the index's address, and
// the one that localStorage says the store holds, in this script's address.
function begin(url, kept) {
  opening = read(url, kept).then(function (bytes) {
    // The engine's script is fetched and compiled meanwhile (importScripts below).
    return engine.openAsync(bytes);
  }).then(function (opened) {
    index = opened;
    warmUp(WARM_UP);
    return { count: index.count, log: index.log, agentPlaceholders: index.agentPlaceholders };
  }, function (error) {
    opening = null;
    throw error;
  });
  // A failure is reported when the page asks (its "open" message).
  opening.catch(function () {});
}

var started = new URL(self.location.href).searchParams;
if (started.get("index")) begin(started.get("index"), started.get("kept"));
importScripts("search-engine.js");
engine = self.kbSearchEngine;

function open(message) {
  if (!opening) begin(message.url, message.kept);
  opening.then(function (meta) { postMessage({ type: "opened", meta: meta }); },
               function (error) { postMessage({ type: "failed", message: String(error && error.message || error) }); });
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "open") return open(message);
  // search-boot.js sends queries only once "opened" has come.
  if (message.type === "search") {
    var results = engine.search(index, message.query).map(shown);
    postMessage({ type: "answer", id: message.id, results: results,
                  nearest: results.length || !String(message.query).trim() ? [] : nearest(message.query) });
  } else if (message.type === "explain") {
    postMessage({ type: "explained", id: message.id, parts: engine.explain(index, message.query, message.entry) });
  }
};
