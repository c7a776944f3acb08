// Hit rates of the engine by kind in Node, on a built site's index: quicker than the Chromium run
// (tests/browser/test_search.py), same targets and the same rule for a hit (README, 命中率).
//
//     node bench/search_quality.js SITE_DIR SET.tsv [SET.tsv…] [--misses]
//
// --misses lists the queries that missed, except in a held-out set (a file named *heldout*):
// those are reported as rates only, so nobody tunes against them.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const engine = require(path.join(__dirname, "..", "content", "assets", "kb", "search-engine.js"));

// The engine opened on a built site's index file.
function siteIndex(site) {
  const dir = path.join(site, "assets", "kb");
  const bytes = fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((name) => /^search\..*\.bin$/.test(name))));
  return engine.open(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

// Whether a result's url is a target (card:ID | rule:ID | section:CHAPTER#heading).
function matcher(target) {
  const [kind, name] = [target.slice(0, target.indexOf(":")), target.slice(target.indexOf(":") + 1)];
  if (kind === "card") return (url) => url.endsWith("#" + name);
  if (kind === "rule") return (url) => url === "rules/#" + name;
  const [chapter, heading] = name.split("#");
  return (url) => url.startsWith("handbook/" + chapter) && url.endsWith("/#" + heading);
}

const rate = (n, d) => (d ? (100 * n / d).toFixed(1) + "%" : "-");

// A query file's rows, each its tab-separated fields; comments and blank lines left out.
function rows(file) {
  return fs.readFileSync(file, "utf8").split("\n").filter((line) => line && !line.startsWith("#")).map((line) => line.split("\t"));
}

// Every entry's url in an opened index.
function siteUrls(index) {
  return Array.from({ length: index.count }, (_, id) => engine.doc(index, id).url);
}

// Whether the index has any of a query's targets ("card:a|section:b"): a query it has none of is not counted.
function anyInIndex(urls, targets) {
  const hits = targets.split("|").map(matcher);
  return urls.some((url) => hits.some((hit) => hit(url)));
}

function main(args) {
  const showMisses = args.includes("--misses");
  const [site, ...sets] = args.filter((arg) => arg !== "--misses");
  const index = siteIndex(site);
  const urls = siteUrls(index);
  for (const file of sets) {
    const heldOut = /heldout/.test(path.basename(file));

    const kinds = new Map(), misses = [];
    let skipped = 0;
    for (const row of rows(file)) {
      // The original set (search_queries.tsv) has no ids or kinds: query, target, text the page must hold.
      const [id, kind, query, targets] = /^(card|rule|section):/.test(row[1]) ? [row[0], "original", row[0], row[1]] : row;
      if (!anyInIndex(urls, targets)) { skipped++; continue; }
      const hits = targets.split("|").map(matcher);
      const found = engine.search(index, query).map((doc) => doc.url);
      const top = found.slice(0, 3).map((url) => hits.some((hit) => hit(url)));
      const tally = kinds.get(kind) || [0, 0, 0];
      tally[0]++; tally[1] += top[0] ? 1 : 0; tally[2] += top.some(Boolean) ? 1 : 0;
      kinds.set(kind, tally);
      if (!top[0]) misses.push(`${id}\t${query}\t${targets}\t→ ${found.slice(0, 3).join("  ")}`);
    }
    const total = [...kinds.values()].reduce((a, t) => a.map((v, i) => v + t[i]), [0, 0, 0]);
    console.log(`${path.basename(file)}: ${total[0]} queries${skipped ? ` (${skipped} skipped: no target in this index)` : ""}, ` +
                `top-1 ${rate(total[1], total[0])}, top-3 ${rate(total[2], total[0])}`);
    for (const [kind, t] of kinds) console.log(`  ${kind.padEnd(11)} ${String(t[0]).padStart(3)}  ${rate(t[1], t[0]).padStart(6)}  ${rate(t[2], t[0]).padStart(6)}`);
    if (showMisses && !heldOut) misses.forEach((line) => console.log("  miss " + line));
  }
}

if (require.main === module) main(process.argv.slice(2));
module.exports = { siteIndex, matcher, rows, siteUrls, anyInIndex };
