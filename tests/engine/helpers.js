// The fixture index the engine tests read: packed by tests/unit/test_search_engine.py into
// KB_ENGINE_INDEX (a build's own packer, on tests/fixtures/engine_corpus.json).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const engine = require(path.join(__dirname, "..", "..", "content", "assets", "kb", "search-engine.js"));

function fixtureIndex() {
  const file = process.env.KB_ENGINE_INDEX;
  if (!file) throw new Error("KB_ENGINE_INDEX is not set: run these through pytest tests/unit/test_search_engine.py");
  const bytes = fs.readFileSync(file);
  return engine.open(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

function urls(index, query) {
  return engine.search(index, query).map((doc) => doc.url);
}

module.exports = { engine, fixtureIndex, urls };
