// How much of the held-out figures' shortfall is the targets' wording rather than the engine: the held-out sets
// scored against their frozen targets, against a second blind judgement of the same queries
// (tests/fixtures/second_judge_heldout.tsv), against either judge and against both.
//
//     node bench/two_judges.js SITE_DIR
//
// Rates only, like every held-out report: no query and no miss is printed.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const engine = require("../content/assets/kb/search-engine.js");
const { siteIndex, matcher, rows, siteUrls, anyInIndex } = require("./search_quality.js");

const FIXTURES = path.join(__dirname, "..", "tests", "fixtures");

// A held-out file's set name as the second judgement keys it: search_queries_heldout_2026-12-03o.tsv → 2026-12-03o.
function setName(file) {
  return file.replace(/^search_queries_heldout_?/, "").replace(/\.tsv$/, "") || "first";
}

function main([site]) {
  const index = siteIndex(site);
  const urls = siteUrls(index);
  const second = new Map(rows(path.join(FIXTURES, "second_judge_heldout.tsv"))
    .map(([key, targets]) => [key, targets ? targets.split("|") : []]));
  const judgements = { "first judge (as frozen)": (a) => a, "second judge": (a, b) => b,
                       "either judge": (a, b) => [...new Set([...a, ...b])], "both judges": (a, b) => a.filter((t) => b.includes(t)) };
  const totals = new Map(Object.keys(judgements).map((name) => [name, new Map()]));
  let unjudged = 0, skipped = 0, undecided = 0;
  const used = new Set();
  const files = fs.readdirSync(FIXTURES).filter((name) => /^search_queries_heldout.*\.tsv$/.test(name)).sort();
  for (const file of files) {
    for (const [id, kind, query, targets] of rows(path.join(FIXTURES, file))) {
      const key = setName(file) + "/" + id;
      // A set frozen after the second judgement was written is left out of every line, not judged by one side.
      if (!second.has(key)) { unjudged++; continue; }
      used.add(key);
      // As bench/search_quality.js does: a query none of whose frozen targets this index has is not counted.
      if (!anyInIndex(urls, targets)) { skipped++; continue; }
      if (!second.get(key).length) undecided++;
      const top = engine.search(index, query).slice(0, 3).map((doc) => doc.url);
      for (const [name, combine] of Object.entries(judgements)) {
        const hits = combine(targets.split("|"), second.get(key)).map(matcher);
        const found = top.map((url) => hits.some((hit) => hit(url)));
        for (const group of ["all", kind]) {
          const tally = totals.get(name).get(group) || [0, 0, 0];
          tally[0]++; tally[1] += found[0] ? 1 : 0; tally[2] += found.some(Boolean) ? 1 : 0;
          totals.get(name).set(group, tally);
        }
      }
    }
  }
  const stray = [...second.keys()].filter((key) => !used.has(key));
  const unknown = [...new Set([...second.values()].flat())].filter((target) => !anyInIndex(urls, target));
  if (stray.length || unknown.length) {
    throw new Error(`the second judgement does not fit: ${stray.length} keys match no held-out query (${stray.slice(0, 3).join(", ")}), ` +
                    `${unknown.length} targets are not in this index (${unknown.slice(0, 3).join(", ")})`);
  }
  const rate = ([n, one, three]) => `${(100 * one / n).toFixed(1)}% / ${(100 * three / n).toFixed(1)}%`;
  console.log(`${files.length} held-out sets, top-1 / top-3` + (unjudged ? `; ${unjudged} queries with no second judgement left out` : "") +
              (skipped ? `; ${skipped} skipped: no frozen target in this index` : "") +
              (undecided ? `; ${undecided} the second judge could not place (a miss for that judge and for both)` : ""));
  for (const [name, groups] of totals) {
    console.log(`${name.padEnd(24)} ${rate(groups.get("all"))} of ${groups.get("all")[0]}`);
    for (const [group, tally] of groups) if (group !== "all") console.log(`  ${group.padEnd(11)} ${rate(tally)}`);
  }
}

main(process.argv.slice(2));
