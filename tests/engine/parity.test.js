// The JavaScript side of tests/fixtures/search_parity.json (tests/unit/test_search_parity.py is the Python side).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { engine } = require("./helpers.js");

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "search_parity.json"), "utf8"));

test("search normalisation matches the fixture", () => {
  for (const { text, normal } of cases.normalise) assert.equal(engine.normalise(text), normal, text);
});

test("placeholders are found as the fixture says", () => {
  for (const { text, names } of cases.placeholders) {
    const found = [];
    engine.fillPlaceholders(text, (name) => { found.push(name); return ""; });
    assert.deepEqual(found, names, JSON.stringify(text));
  }
});

test("number masking matches the fixture", () => {
  for (const { text, masked } of cases.masked.concat(cases.personal)) assert.equal(engine.masked(text), masked, text);
});
