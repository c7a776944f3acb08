// The Node half of bench/minisearch_compare.py: scores the same variants and terms with our
// engine and with MiniSearch, and prints top-1 / top-3 of each on every query set.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const engine = require(path.join(__dirname, "..", "content", "assets", "kb", "search-engine.js"));

const [site, minisearchFile, entriesFile, setFiles] = process.argv.slice(2);
const loaded = require(minisearchFile);
const MiniSearch = loaded.default || loaded;
const { siteIndex, matcher, rows: queryRows } = require("./search_quality.js");
const index = siteIndex(site);
const entries = JSON.parse(fs.readFileSync(entriesFile, "utf8")).map((entry, id) => ({ id, ...entry }));

const KIND = { card: 1.3, rule: 1.1, section: 1.0, page: 0.3 };
const mini = new MiniSearch({
  fields: ["title", "alias", "situation", "body"], storeFields: ["url", "kind"],
  tokenize: (text) => text.split(" ").filter(Boolean), processTerm: (term) => term,
  searchOptions: { boost: { title: 3, alias: 3, situation: 2, body: 1 } },
});
mini.addAll(entries);

function miniSearch(raw) {
  const scores = new Map();
  const query = engine.normalise(String(raw).slice(0, engine.maxQuery));
  for (const [rewritten, weight] of engine.rewrites(query, index)) {
    for (const [text, w] of engine.variants(engine.topical(rewritten), weight, index.synonyms).slice(0, 16)) {
      const terms = engine.queryTerms(index, text).filter((q) => !q.weak);
      for (const hit of mini.search({ queries: terms.map((q) => q.term), combineWith: "OR" },
                                    { boostTerm: (term) => terms.find((q) => q.term === term).weight })) {
        const score = hit.score * w * KIND[hit.kind];
        if (score > (scores.get(hit.url) || 0)) scores.set(hit.url, score);
      }
    }
  }
  return [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([url]) => url);
}

for (const file of setFiles.split(",")) {
  const rows = queryRows(file);
  const tally = { ours: [0, 0], minisearch: [0, 0] };
  for (const [, , query, targets] of rows) {
    const hits = targets.split("|").map(matcher);
    const found = { ours: engine.search(index, query).map((doc) => doc.url), minisearch: miniSearch(query) };
    for (const name of Object.keys(found)) {
      const top = found[name].slice(0, 3).map((url) => hits.some((hit) => hit(url)));
      tally[name][0] += top[0] ? 1 : 0;
      tally[name][1] += top.some(Boolean) ? 1 : 0;
    }
  }
  const rate = (n) => (100 * n / rows.length).toFixed(1) + "%";
  for (const name of Object.keys(tally)) {
    console.log(`${path.basename(file)}\t${name}\ttop-1 ${rate(tally[name][0])}\ttop-3 ${rate(tally[name][1])}\t(${rows.length})`);
  }
}
