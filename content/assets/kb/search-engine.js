// Search engine of the header box, with no page in it: the same file runs in the browser
// (window.kbSearchEngine, used by search.js) and in Node (`node --test tests/engine`).
//
// The index is built at build time (hooks/kb/search_index.py documents the file). open()
// only lays typed-array views over the downloaded bytes, parses a small JSON header and
// (openAsync) inflates the entries' text in one piece, so nothing is indexed in the browser; an entry's text is decoded when it is re-scored
// or shown, and kept for the rest of the page.
//
// RANKING (README, 搜索, points here; this is the only place the formula is written):
//
//   score(doc) = max over variants v of the query:
//                w(v) · kind(doc) · ( BM25_SCALE · bm25(v, doc) · coverage(v, doc)² + bonuses(v, doc) )
//   BM25_SCALE = 3 (it was 2: the bonuses below, tens of points, decided almost every ranking on their
//   own; half as much again for what bm25 finds in every field gains on all four tuning sets).
//
//   - variants: the query as typed with its filler words (怎么办, 吗…) removed (w = 1), and with them
//     kept when the query is about saying something (AS_TYPED_WEIGHT 0.9: 说咋是不是不规范 asks
//     about the 禁语 咋, which is also a filler);
//     an English glossary word replaced by its Chinese (0.95, further meanings 0.9); a
//     pinyin run replaced by the corpus term it spells, in the term's order or, word by
//     word, in any order (0.9 × share of the term spelled; among equal readings, the term
//     more entries use first; a four-character word is its two halves, dhws: 无声电话, and a
//     one-character word stays beside its neighbour, so bzd is never 吧着等 for 等着吧); a homophone typo replaced by the term it sounds like (0.85,
//     0.75 for a near sound such as b/p; never a stretch made of words the text uses, 什么 or
//     话接 across 通话 and 接通; × ALONE_SHARE 0.6 for two characters that are each a common word
//     alone, 时别 of 说话时别插嘴, as likely 时 + 别 as 识别: hooks/kb/search_pinyin.py,
//     STANDALONE_FREQUENCY); each of these with a synonym swapped in (0.85 × w) or, when the
//     synonym is (nearly) the whole query, replaced by it (0.6 × w).
//     At most MAX_REWRITES rewrites and MAX_VARIANTS variants.
//     A pinyin run may also spell two or more of a term's words in any order (tbdfy: 听不懂方言
//     from 客户讲方言听不懂; 0.9 × 0.9, the rewrite being those words alone). Typed in full
//     syllables, a run may be a sequence of the terms' words and other syllables (jinyu: 禁语,
//     one word of 服务禁语; kehu hen shengqi: 客户生气, 很 being no word of a term): the rewrite is
//     those words, 0.9 × the share of the run's letters they spell (fillers spell none). Typed as
//     initials (3 to INITIALS_RUN letters), a run may be the names' words, of different names too, after
//     one letter no name spells (zzg: 找主管 → 主管, ypc: 要赔偿 → 赔偿; 0.9 × share × INITIALS_SHARE 0.9,
//     below a term's own words in another order; the two readings whose words more entries use).
//   - query terms: its character bigrams (qw 1 when jieba cut the bigram as a word
//     anywhere in the text, else 0.5), every longer corpus word inside it (1), and its
//     single characters (0.2; they match titles only, and only add to entries that other
//     terms found, or to a rule when the query is about saying something); and for a word
//     the entries' names never use, the name words nearest in meaning (插嘴 → 打断; qw =
//     RELATED_WEIGHT 0.45; from word vectors at build time: hooks/kb/search_related.py).
//   - bm25 = Σ over query terms t found in the doc of
//              qw(t) · idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·len/avglen))
//     idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5)); tf = Σ over fields of field weight × count
//     (title 3, alias 3, situation 2, body 1, related 1); k1 = 1.2, b = 0.5. Titles, aliases and
//     situations are indexed by bigrams and words, titles by characters too, the body by
//     its jieba words only (hooks/kb/search_index.py). related: the doc's words near its meaning,
//     chosen at build time from word vectors (up to 15 vocabulary words nearest the mean vector of
//     its title, alias and situation words: 控制负面情绪 → 消极 宣泄 克制 焦虑…; hooks/kb/search_related.py),
//     never shown. len: the weighted length in characters of every field but related.
//   - coverage = Σ qw·idf of the query terms the doc has / Σ qw·idf of all query terms, at most 1:
//     a long query rewards the doc that matches most of what it says, not one rare word. The
//     related words of one typed word count once in the total, as the best of them.
//   - bonuses, for the BONUS_CANDIDATES docs with the best bm25 · coverage² of a variant,
//     each worth the "information" I(x) = Σ idf of x's bigrams (in a variant with a synonym swapped in, a
//     part that overlaps the synonym is worth at most the word typed: × min(1, I(typed) / I(synonym)), for
//     the terms, title and name bonuses; 发火 → 情绪激动 earns a word of two's rarity, not four characters'):
//       phrase  the whole variant inside a field, the best field counting:
//               max PHRASE_BONUS[field] · I(v)               (title 5, alias 4, situation 3, body 2)
//       terms   each known term (a card's alias or tag, a synonym; not a card's description) inside v found
//               in a field:
//               Σ TERM_BONUS[field] · I(term)                (title 2, alias 1.5, situation 1.5, body 0.5)
//               (alias 1.5, was 2: a coordinate search over 24 of this formula's constants on the development
//               sets moved only this one by more than two queries, +4 top-1; a word that is also a card's
//               alias already earns the name bonus)
//       title   the longest part p of v inside the title, less for a long query and for a long title; p loses
//               an end character that begins or ends a word v goes on with (客户说 of 客户说话 is 客户):
//               TITLE_SUBSTRING_BONUS · I'(p) · min(1, (|p| + 2) / |v|) · √min(1, (|p| + 2) / |title|)   (4)
//               (客户 shared with 应对情绪激动的客户 says less than with 回访客户)
//               (I' counts a bigram the text never uses as a word at 0.5, as bm25's qw does)
//       exact   v is exactly the title, or one 禁语 a rule is named by: EXACT_NAME_BONUS · I(v);
//               exactly one alias: half that (8); and a page or section named so is not
//               discounted by its kind (kind = max(kind, card))
//       name    one of the doc's names (title, 禁语, alias) inside v; a one-character 禁语
//               only when v is about saying it (说, 能不能…):
//               NAME_IN_QUERY_BONUS · max(I(name), idf(name))                     (3)
//     said: in a variant of 10 characters or more (NAMED_SHARE_QUERY), the terms and name bonuses of a
//     name or term x are × √min(1, (|x| + 2) / (|v| − |lead|)): one word of a sentence is a share of it.
//     lead: in a variant of 14 characters or more (LEAD_QUERY), the words before a first verb of
//     saying (说 问 讲 骂 喊 嚷) within its first 12 (LEAD_MAX), two characters in or more, tell how
//     the customer spoke (客户特别生气说…); a term or name found only there earns LEAD_SHARE 0.25 of
//     its terms and name bonus, because the situation is what follows the verb.
//   - kind: card 1.3, rule 1.1, section 1.0, page 0.3.
//   - ties: the entry that comes first in the book.
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.kbSearchEngine = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FIELDS = ["title", "alias", "situation", "body"];
  var KIND_BOOST = { card: 1.3, rule: 1.1, section: 1.0, page: 0.3 };
  var PHRASE_BONUS = { title: 5, alias: 4, situation: 3, body: 2 };
  var TERM_BONUS = { title: 2, alias: 1.5, situation: 1.5, body: 0.5 };
  var TITLE_SUBSTRING_BONUS = 4;
  var EXACT_NAME_BONUS = 8;
  var NAME_IN_QUERY_BONUS = 3;
  // From this length on a variant describes the call, and a name or term inside it earns its terms and name
  // bonuses × √min(1, (|name| + 2) / (|v| − lead)): 投诉 in 站在客户立场体会对方感受能少多少投诉 is one
  // word of a sentence about empathy, not a request for the 投诉 cards. The lead (LEAD_QUERY) is left out
  // of the length: it tells how the customer spoke, and what follows it is the situation.
  var NAMED_SHARE_QUERY = 10;
  // The longest run of initials read as the names' words (initialsSequences).
  var INITIALS_RUN = 8;
  // What a reading of initials as words of different names is worth, as a share of a whole term (0.9 ×):
  // below a term's own words typed in another order (0.95), so dhws is 无声电话 before 电话晚上.
  var INITIALS_SHARE = 0.9;
  // How many readings of such a run become rewrites.
  var INITIALS_READINGS = 2;
  var BM25_SCALE = 3;
  var CHAR_WEIGHT = 0.2;
  var CROSSING_BIGRAM_WEIGHT = 0.5;
  var RELATED_WEIGHT = 0.45;
  var MAX_WORD = 8;
  var MAX_RESULTS = 10;
  // Any query answers at once: a pasted page of text is cut to its first characters.
  var MAX_QUERY = 64;
  var MAX_REWRITES = 8;
  var BONUS_CANDIDATES = 300;
  var MAX_VARIANTS = 16;  // rewrites times synonym swaps: bounds the work of one keystroke
  // A typo reading of two characters that are each a common word alone (soundAlikes) counts this share:
  // on the development sets 0.7 kept 识别 first for 客户说话时别插嘴, 0.6 and 0.5 put 避免打断客户 first
  // and kept 快地一直没到 on 快递迟迟不到.
  var ALONE_SHARE = 0.6;
  // A filler may be the very word asked about (说咋是不是不规范: 咋 is a 禁语), so a query about saying
  // something keeps a variant with its fillers, just below the one without (elsewhere 什么 only adds noise).
  var AS_TYPED_WEIGHT = 0.9;
  // Words that carry no topic in an agent's query ("中秋节怎么说").
  var FILLERS = /那个|就是|然后|到底|怎么说|怎么办|怎么处理|怎么回答|怎么回复|怎么弄|应该怎么|怎么样|怎么|怎样|如何|是什么|什么|哪些|吗|呢|啊|咋办|咋说|咋/g;
  // A one-character name (a 禁语 such as 啥) counts inside a query only when the query is about saying it.
  var ABOUT_SAYING = /说|讲|禁语|用语|可以|能不能|能否|行不行|算不算/;
  // An agent tells a call as how the customer spoke, then what they said (客户很着急地问…的那个业务…):
  // in a query of LEAD_QUERY characters or more, the words before a first verb of saying within its
  // first LEAD_MAX characters are the lead, and a name or term found only there earns LEAD_SHARE of its bonus.
  var SAYING = /说|问|讲|骂|喊|嚷/;
  var LEAD_QUERY = 14;
  var LEAD_MAX = 12;
  var LEAD_SHARE = 0.25;

  // A placeholder in a script ([客户称呼]): hooks/kb/cards.py's PLACEHOLDER, with the same characters
  // (JavaScript's \s lacks \x1c-\x1f and \x85, which Python's has); tests/fixtures/search_parity.json checks both.
  var PLACEHOLDER = /\[([^\[\]\s\x1c-\x1f\x85]{1,12})\]/g;

  // `line` with each placeholder replaced by value(name), or left as written when that gives "".
  function fillPlaceholders(line, value) {
    return String(line).replace(PLACEHOLDER, function (whole, name) { return value(name) || whole; });
  }

  function normalise(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/[\s\u200b，。、；：！？,.;:!?“”"'（）()【】\[\]·…\-—\/]+/g, "");
  }

  // Phone, order and ID numbers are personal data, however they are typed (as
  // scripts/search_report.py masks them again on reading the log, by the same rule): after NFKC
  // (①, ², ３ → 3), a run of decimal digits in any script (\p{Nd}: ١٣٨ too), Chinese numerals,
  // financial numerals simplified and traditional (壹…玖, 貳 參 陸) and dictation words (幺 洞 拐 勾),
  // with spaces, dashes, dots, commas, brackets and the like (一三八，零零一，三八零，零零) or a spoken 杠
  // between, and an ID card's final X, becomes # when it
  // has a digit or four numerals (一听二表态 stays).
  var NUMERALS = "\\p{Nd}〇○零一二三四五六七八九幺两兩洞拐勾壹贰貳叁參肆伍陆陸柒捌玖";
  var SEPARATORS = "-‐‑–—_.·/\u6760,\u3001+~*():;\u3002";  // 杠 、 。 and, after NFKC, ，（）：；～＋＊
  var NUMBER_RUN = new RegExp("[" + NUMERALS + "](?:[\\s\\-‐‑–—_.·/\\u6760,\\u3001+~*():;\\u3002]*[" + NUMERALS + "])*(?:[Xx](?![A-Za-z]))?", "gu");
  function masked(query) {
    return String(query).normalize("NFKC").replace(NUMBER_RUN, function (run) {
      var numerals = Array.from(run).filter(function (ch) {
        return !/\s/.test(ch) && SEPARATORS.indexOf(ch) === -1 && ch !== "X" && ch !== "x";
      }).length;
      return /\p{Nd}/u.test(run) || numerals >= 4 ? "#" : run;
    }).slice(0, MAX_QUERY);
  }

  function grams(text) {
    var chars = Array.from(text);
    if (chars.length === 1) return [chars[0]];
    var result = [];
    for (var i = 0; i + 1 < chars.length; i++) result.push(chars[i] + chars[i + 1]);
    return result;
  }

  // --- the index: views over the built file ------------------------------------

  var utf8 = new TextDecoder("utf-8");
  var encoder = new TextEncoder();

  function headerOf(buffer) {
    var bytes = new Uint8Array(buffer);
    if (String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== "KBS6") throw new Error("not a search index");
    var headerLength = new DataView(buffer).getUint32(4, true);
    return { header: JSON.parse(utf8.decode(bytes.subarray(8, 8 + headerLength))), base: 8 + headerLength };
  }

  // The docs section is raw-deflated (hooks/kb/search_index.py). In the browser it is inflated by
  // the platform, once, before the index opens (openAsync); in Node by zlib, inside open().
  function deflatedDocs(buffer) {
    var found = headerOf(buffer), place = found.header.sections.docs;
    return new Uint8Array(buffer, found.base + place[0], place[1]);
  }

  // Written and read straight, not through a Blob: a Blob's stream comes back through the browser
  // process, a task per piece, each waiting behind the page's own scripts (three times slower at start-up).
  function openAsync(buffer) {
    var inflater = new DecompressionStream("deflate-raw"), writer = inflater.writable.getWriter();
    writer.write(deflatedDocs(buffer));
    writer.close();
    var reader = inflater.readable.getReader(), parts = [], total = 0;
    function next() {
      return reader.read().then(function (step) {
        if (step.done) return;
        parts.push(step.value);
        total += step.value.length;
        return next();
      });
    }
    return next().then(function () {
      var docs = new Uint8Array(total), at = 0;
      parts.forEach(function (part) { docs.set(part, at); at += part.length; });
      return open(buffer, docs);
    });
  }

  function open(buffer, docs) {
    var found = headerOf(buffer), header = found.header, base = found.base;
    function view(name, Type) {
      var place = header.sections[name];
      return new Type(buffer, base + place[0], place[1] / Type.BYTES_PER_ELEMENT);
    }
    if (!docs) docs = new Uint8Array(require("node:zlib").inflateRawSync(deflatedDocs(buffer)));
    var synonyms = header.synonyms.map(function (group) { return group.map(normalise); });
    var glossary = new Map();
    header.glossary.forEach(function (group) { glossary.set(normalise(group[0]), group.slice(1).map(normalise)); });
    var count = header.entries, terms = header.term_count;
    return {
      header: header, count: count, kinds: header.kinds,
      docBytes: docs, docSlots: header.doc_slots, docStarts: null,
      docKinds: view("doc_kinds", Uint8Array), docLengths: view("doc_lengths", Uint16Array),
      termBytes: view("terms", Uint8Array), termOffsets: starts(view("term_sizes", Uint8Array), terms, false),
      termFlags: view("term_flags", Uint8Array), postStarts: starts(view("post_counts", Uint8Array), terms, true),
      idStarts: starts(view("id_sizes", Uint8Array), terms, true), ids: view("ids", Uint8Array), weights: view("weights", Uint8Array),
      k1: header.k1, b: header.b, averageLength: header.average_length || 1,
      synonyms: synonyms, glossary: glossary, terms: new Set(header.known_terms.map(normalise)),
      log: header.log !== false, agentPlaceholders: header.agent_placeholders || [],
      pinyinData: header.pinyin || { terms: [], chars: {} }, pinyin: null,
      related: relatedWords(header.related || {}),
      cache: new Map(), lookups: new Map(), decoded: new Map(),
      sums: new Float64Array(count), matched: new Float64Array(count)
    };
  }

  // The file stores n sizes (varints, or single bytes); where each item starts, and the end, are their
  // running sums: a few milliseconds at 10,000 cards, and five times fewer gzipped bytes than positions.
  function starts(bytes, n, varints) {
    var result = new Uint32Array(n + 1), next = [0], sum = 0, at = 0;
    for (var i = 0; i < n; i++) {
      // Most sizes fit one byte: read those without a call (this runs before the first query).
      if (!varints || bytes[at] < 0x80) sum += bytes[at++];
      else { next[0] = at; sum += varint(bytes, next); at = next[0]; }
      result[i + 1] = sum;
    }
    return result;
  }

  // Where each of the n values of the docs section starts, and one past the last's newline: each value
  // ends with a newline (hooks/kb/search_index.py). indexOf is the platform's own search, about 6 ms
  // over the 5 MB of 10,000 cards on a slow machine: done when the first entry is decoded, not on
  // opening, so a page that is never searched never pays it.
  function valueStarts(docs, n) {
    var result = new Uint32Array(n + 1), at = 0;
    for (var i = 0; i < n; i++) {
      var end = docs.indexOf(10, at);
      if (end === -1) throw new Error("not a search index");
      at = end + 1;
      result[i + 1] = at;
    }
    return result;
  }

  // The varint (7 bits a byte, low first) at bytes[next[0]]; next[0] moves past it.
  function varint(bytes, next) {
    var at = next[0], value = 0, shift = 0, byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (byte >= 0x80);
    next[0] = at;
    return value;
  }

  // Typed word → the name words it stands for, from the header's name word → "typed words".
  function relatedWords(byName) {
    var related = new Map();
    Object.keys(byName).forEach(function (name) {
      String(byName[name]).split(" ").forEach(function (typed) { if (typed) addTo(related, typed, name); });
    });
    return related;
  }

  // The entry as the build wrote it (kind, url, title, alias, body, group, situation, script),
  // with its fields normalised for the bonuses and its names; decoded once, on first use.
  function doc(index, id) {
    var found = index.cache.get(id);
    if (found) return found;
    // The docs are stored column by column (hooks/kb/search_index.py): field s of entry id is value s × count + id.
    if (!index.docStarts) index.docStarts = valueStarts(index.docBytes, index.count * index.docSlots);
    var row = [], starts = index.docStarts;
    for (var s = 0; s < index.docSlots; s++) {
      var from = starts[s * index.count + id], to = starts[s * index.count + id + 1] - 1;
      if (from === to) break;
      row.push(JSON.parse(utf8.decode(index.docBytes.subarray(from, to))));
    }
    var script = Array.isArray(row[7]) ? row[7] : [];
    var body = row[8] === 1 ? [row[6]].concat(script, [row[4]]).filter(Boolean).join(" ") : row[4];
    found = { id: id, kind: row[0], url: row[1], title: row[2], alias: row[3], body: body, group: row[5] || "",
              situation: row[6] || "", script: script };
    // A card's phrasebook (升级转接, 投诉处理) names its situation as much as its tags do.
    var alias = found.kind === "card" ? found.alias + " " + found.group : found.alias;
    found.n = { title: normalise(found.title), alias: normalise(alias), situation: normalise(found.situation),
                body: normalise(found.body) };
    // The entry's own names, whole: a query that is exactly one of them is the strongest signal there is.
    // A rule's title lists its 禁语 (服务禁语：A、B、C): each is a name of its own.
    var titles = [found.n.title];
    if (found.kind === "rule") titles = titles.concat(found.title.split(/[：:]/).pop().split("、").map(normalise));
    found.titles = titles.filter(Boolean);
    found.names = found.titles.concat(found.alias.split(" ").map(normalise).filter(Boolean));
    index.cache.set(id, found);
    return found;
  }

  function kindOf(index, id) {
    return index.kinds[index.docKinds[id]];
  }

  function compareBytes(a, blob, start, end) {
    var length = end - start, n = Math.min(a.length, length);
    for (var i = 0; i < n; i++) {
      var d = a[i] - blob[start + i];
      if (d) return d;
    }
    return a.length - length;
  }

  // The term's number in the sorted term table, or -1: a binary search on the UTF-8 bytes.
  function lookup(index, term) {
    var known = index.lookups.get(term);
    if (known !== undefined) return known;
    var key = encoder.encode(term), low = 0, high = index.header.term_count - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      var order = compareBytes(key, index.termBytes, index.termOffsets[middle], index.termOffsets[middle + 1]);
      if (order === 0) { found = middle; break; }
      if (order < 0) high = middle - 1;
      else low = middle + 1;
    }
    index.lookups.set(term, found);
    return found;
  }

  function documentFrequency(index, t) {
    return index.postStarts[t + 1] - index.postStarts[t];
  }

  function idfOf(index, t) {
    var df = documentFrequency(index, t);
    return Math.log(1 + (index.count - df + 0.5) / (df + 0.5));
  }

  // Term number t's postings: entry numbers and weighted term frequencies, decoded once and
  // kept (a keystroke's variants share most of their terms, and so do the next keystrokes).
  var DECODED_KEPT = 4000;
  function postingList(index, t) {
    var found = index.decoded.get(t);
    if (found) return found;
    var start = index.postStarts[t], count = index.postStarts[t + 1] - start;
    var bytes = index.ids, weights = index.weights, next = [index.idStarts[t]], entry = 0;
    found = { ids: new Uint32Array(count), tf: new Float32Array(count) };
    for (var k = 0; k < count; k++) {
      entry += varint(bytes, next);
      found.ids[k] = entry;
      found.tf[k] = weights[start + k] / 2;
    }
    if (index.decoded.size >= DECODED_KEPT) index.decoded.clear();
    index.decoded.set(t, found);
    return found;
  }

  // { ids, weights } of one term, as plain arrays (the nearest-card fallback of search.js).
  function postings(index, term) {
    var t = lookup(index, term);
    if (t === -1) return null;
    var list = postingList(index, t);
    return { ids: Array.from(list.ids), weights: Array.from(list.tf) };
  }

  // --- pinyin and typos ----------------------------------------------------------

  // Sounds agents mix up when typing by ear: zh/z, ch/c, sh/s, l/n, b/p, d/t, g/k, f/h, -ng/-n.
  function nearSound(syllable) {
    return syllable.replace(/^([zcs])h/, "$1").replace(/^l/, "n").replace(/^p/, "b").replace(/^t/, "d")
      .replace(/^k/, "g").replace(/^h/, "f").replace(/ng$/, "n");
  }

  function addTo(map, key, value) {
    var list = map.get(key);
    if (!list) { list = []; map.set(key, list); }
    list.push(value);
  }

  // Built on the first query, from the header: a few thousand terms, a few milliseconds.
  function pinyinOf(index) {
    if (index.pinyin) return index.pinyin;
    var data = index.pinyinData;
    var terms = data.terms.map(function (row) {
      var syl = row[1].split(" "), words = [], start = 0;
      (row[2] ? row[2].split(" ").map(Number) : [syl.length]).forEach(function (length) {
        words.push(syl.slice(start, start + length));
        start += length;
      });
      return { text: row[0], syl: syl, words: words };
    });
    var byLetter = new Map(), byWordLetter = new Map(), bySound = new Map(), readings = new Map();
    // Every word of two or more syllables in a term (the term's own words, and the stretches of them
    // that are words: 禁语 of 服务禁语), by its syllables typed whole: 禁语 under jinyu.
    var wordsBySpelling = new Map(), wordsByInitials = new Map();
    function spell(syllables, text) {
      [[wordsBySpelling, syllables.join("")], [wordsByInitials, syllables.map(function (s) { return s[0]; }).join("")]]
        .forEach(function (pair) {
          var known = pair[0].get(pair[1]);
          if (!known) pair[0].set(pair[1], [text]);
          else if (known.indexOf(text) === -1) known.push(text);
        });
    }
    terms.forEach(function (term, id) {
      addTo(byLetter, term.syl[0][0], id);
      addTo(bySound, nearSound(term.syl[0]), id);
      var chars = Array.from(term.text), start = 0;
      term.parts = chars.length === term.syl.length ? partsOf(term.words) : term.words;
      if (term.parts.length > 1) {
        new Set(term.parts.map(function (w) { return w[0][0]; })).forEach(function (letter) { addTo(byWordLetter, letter, id); });
      }
      if (chars.length !== term.syl.length) return;
      term.words.forEach(function (w) {
        if (w.length >= 2) spell(w, chars.slice(start, start + w.length).join(""));
        for (var i = 0; i + 2 <= w.length; i++) {
          for (var j = i + 2; j <= Math.min(w.length, i + 4) && j - i < w.length; j++) {
            var part = chars.slice(start + i, start + j).join(""), t = lookup(index, part);
            // A stretch of a word is a word of its own when jieba cut it so somewhere, or when it is half
            // of a four-character word, which are mostly two words of two (服务禁语: 服务, 禁语; never 务禁).
            var half = w.length === 4 && j - i === 2 && i !== 1;
            if (t !== -1 && (half || index.termFlags[t] & 1)) spell(w.slice(i, j), part);
          }
        }
        start += w.length;
      });
    });
    Object.keys(data.chars).forEach(function (syllable) {
      Array.from(data.chars[syllable]).forEach(function (ch) { addTo(readings, ch, syllable); });
    });
    var longestSpelling = 0;
    wordsBySpelling.forEach(function (texts, spelling) { longestSpelling = Math.max(longestSpelling, spelling.length); });
    index.pinyin = { terms: terms, byLetter: byLetter, byWordLetter: byWordLetter, bySound: bySound, readings: readings,
                     wordsBySpelling: wordsBySpelling, wordsByInitials: wordsByInitials, longestSpelling: longestSpelling,
                     syllables: new Set(Object.keys(data.chars)), alone: new Set(Array.from(data.alone || "")) };
    return index.pinyin;
  }

  // The pieces of a term whose initials may come in any order (khhf, dhws): its words, a four-character
  // word as its two halves (无声电话: 电话 无声), which are mostly words of their own. Every four-character
  // word is split: keeping whole those whose halves jieba never cut alone (胡搅蛮缠, but also 网络用语 in a
  // small corpus) changed no development query and no title-initials probe on the real content.
  function partsOf(words) {
    var parts = [];
    words.forEach(function (w) {
      if (w.length === 4) parts.push(w.slice(0, 2), w.slice(2));
      else parts.push(w);
    });
    return parts;
  }

  // A run of whole syllables read as the terms' words with other syllables between them
  // (kehuhenshengqi: 客户, hen, 生气): the words, and how many of the run's letters they spell;
  // the reading that spells most, with fewest pieces. null when no word is in it or the run is
  // not all syllables. Homophone words: the one more entries use.
  function spelledSequence(run, index) {
    var pinyin = pinyinOf(index), longest = Math.max(pinyin.longestSpelling, 6);
    // best[i]: the best reading of run[0, i): [letters spelled by words, pieces, previous i, word or null]
    var best = [[0, 0, -1, null]];
    for (var i = 0; i < run.length; i++) {
      if (!best[i]) continue;
      for (var end = i + 1; end <= Math.min(run.length, i + longest); end++) {
        var piece = run.slice(i, end), words = pinyin.wordsBySpelling.get(piece);
        var word = words ? mostUsed(words, index) : null;
        if (!word && !pinyin.syllables.has(piece)) continue;
        var next = [best[i][0] + (word ? piece.length : 0), best[i][1] + 1, i, word];
        var seen = best[end];
        if (!seen || next[0] > seen[0] || (next[0] === seen[0] && next[1] < seen[1])) best[end] = next;
      }
    }
    var last = best[run.length];
    if (!last || !last[0]) return null;
    var found = [];
    for (var at = run.length; at > 0; at = best[at][2]) if (best[at][3]) found.unshift(best[at][3]);
    return { text: found.join(""), share: last[0] / run.length };
  }

  // A run of initials read as the names' words (words of different names may follow each other: khtk,
  // 客户 退款), the first letter left over when it spells no word (zzg: 找 主管; ypc: 要 赔偿, a verb
  // before the word, as agents type it): the reading that spells most, with fewest pieces, as
  // INITIALS_READINGS texts, { text, share of the run spelled } each; [] when more than the first
  // letter is left over. Initials fit many words (zg: 这个, 主管, 照顾…): the words more entries use
  // come first, and the readings differ in the last word first. Any run of letters that are each some
  // word's initials reads as something (qqxxzz: 亲切 信息 尊重); one with a letter no syllable starts
  // with (i, u, v) past the first reads as nothing.
  function initialsSequences(run, index) {
    if (run.length < 3 || run.length > INITIALS_RUN) return [];
    var pinyin = pinyinOf(index);
    var best = [[0, 0, -1, null]];
    for (var i = 0; i < run.length; i++) {
      if (!best[i]) continue;
      for (var end = i + 1; end <= Math.min(run.length, i + 4); end++) {
        var words = end - i >= 2 ? pinyin.wordsByInitials.get(run.slice(i, end)) : null;
        // Only the first letter may be left over.
        if (end - i >= 2 ? !words : i > 0) continue;
        var next = [best[i][0] + (words ? end - i : 0), best[i][1] + 1, i, words];
        var seen = best[end];
        if (!seen || next[0] > seen[0] || (next[0] === seen[0] && next[1] < seen[1])) best[end] = next;
      }
    }
    var last = best[run.length];
    if (!last || last[0] < run.length - 1) return [];
    var slots = [];
    for (var at = run.length; at > 0; at = best[at][2]) if (best[at][3]) slots.unshift(byUse(best[at][3], index));
    var readings = [[]];
    slots.forEach(function (choices) {
      readings = [].concat.apply([], readings.map(function (r) { return choices.map(function (c) { return r.concat([c]); }); }))
        .slice(0, INITIALS_READINGS);
    });
    return readings.map(function (words) { return { text: words.join(""), share: last[0] / run.length }; });
  }

  // Texts, those more entries use first (a stable order among equals).
  function byUse(texts, index) {
    return texts.map(function (text) {
      var t = lookup(index, text);
      return [text, t === -1 ? 0 : documentFrequency(index, t)];
    }).sort(function (a, b) { return b[1] - a[1]; }).map(function (pair) { return pair[0]; });
  }

  // The text more entries use (the first of equals), from byUse's order.
  function mostUsed(texts, index) {
    return byUse(texts, index)[0] || null;
  }


  // How many of a term's syllables a run of Latin letters spells, from the term's first
  // syllable on, each syllable typed whole or as a prefix (sj, shengji, sjzhuanjie).
  // null when the run cannot be read that way.
  function spelled(run, syl) {
    var best = 0, full = 0;
    function walk(pos, index, whole) {
      if (pos === run.length) {
        if (index > best || (index === best && whole > full)) { best = index; full = whole; }
        return;
      }
      if (index >= syl.length) return;
      var s = syl[index];
      for (var k = Math.min(s.length, run.length - pos); k >= 1; k--) {
        if (run.slice(pos, pos + k) === s.slice(0, k)) walk(pos + k, index + 1, whole + (k === s.length ? 1 : 0));
      }
    }
    walk(0, 0, 0);
    return best ? { covered: best, whole: full } : null;
  }

  // The words of a term that a run spells, in the run's order, each word whole (its syllables typed
  // whole or as prefixes), the words in any order: khhf and kehuhuifang both find 回访客户. With
  // `some`, two or more of the term's words are enough (tbdfy: 听不懂方言 from 客户讲方言听不懂).
  // null when the run cannot be read so.
  function spelledWords(run, words, some) {
    var used = [], order = [];
    function word(pos, w, s) {
      var syl = words[w];
      if (s === syl.length) return rest(pos);
      for (var k = Math.min(syl[s].length, run.length - pos); k >= 1; k--) {
        if (run.slice(pos, pos + k) === syl[s].slice(0, k) && word(pos + k, w, s + 1)) return true;
      }
      return false;
    }
    // A word of one character (吧, 要) keeps its place: it follows the word before it in the term or is
    // followed by the word after it (bzd is 不知道, never 吧着等 for 等着吧; ybg is 要曝光). next: the word
    // that must come next, or -1.
    var next = -1;
    function rest(pos) {
      if (pos === run.length) return next === -1 && (some ? order.length >= 2 : used.every(Boolean));
      for (var w = 0; w < words.length; w++) {
        if (used[w] || words[w][0][0] !== run[pos] || (next !== -1 && w !== next)) continue;
        var placed = words[w].length > 1 || (order.length && order[order.length - 1] === w - 1);
        if (!placed && (w + 1 === words.length || used[w + 1])) continue;
        var before = next;
        next = placed ? -1 : w + 1;
        used[w] = true;
        order.push(w);
        if (word(pos, w, 0)) return true;
        used[w] = false;
        order.pop();
        next = before;
      }
      return false;
    }
    for (var w = 0; w < words.length; w++) used.push(false);
    return rest(0) ? order : null;
  }

  // Terms a Latin run may stand for, best first: the whole term spelled beats part of it,
  // and among equals the term that more entries use.
  function pinyinCandidates(run, index) {
    var pinyin = pinyinOf(index);
    var found = [], seen = new Set();
    (pinyin.byLetter.get(run[0]) || []).forEach(function (id) {
      var term = pinyin.terms[id];
      if (term.syl.length < 2 && run.length < 3) return;
      var match = spelled(run, term.syl);
      if (!match) return;
      var quality = match.covered / term.syl.length;
      if (quality < 0.5) return;
      seen.add(id);
      found.push({ text: term.text, quality: quality, rank: quality * 10 + match.whole + match.covered * 0.1 });
    });
    (pinyin.byWordLetter.get(run[0]) || []).forEach(function (id) {
      var term = pinyin.terms[id];
      if (seen.has(id)) return;
      if (spelledWords(run, term.parts, false)) {
        found.push({ text: term.text, quality: 0.95, rank: 9.5 + term.syl.length * 0.1 });
        return;
      }
      // Some of the term's words, in the order typed: the rewrite is those words alone.
      var some = run.length >= 3 ? spelledWords(run, term.parts, true) : null;
      if (!some) return;
      var chars = Array.from(term.text), starts = [0];
      if (chars.length !== term.syl.length) return;
      term.parts.forEach(function (w) { starts.push(starts[starts.length - 1] + w.length); });
      var text = some.map(function (w) { return chars.slice(starts[w], starts[w + 1]).join(""); }).join("");
      if (text.length < 3) return;
      found.push({ text: text, quality: 0.9, rank: 9 + text.length * 0.1 });
    });
    var sequence = run.length >= 4 ? spelledSequence(run, index) : null;
    var sequences = sequence ? [sequence] : initialsSequences(run, index);
    sequences.forEach(function (reading, order) {
      if (reading.text.length < 2) return;
      // Initials read as words of different names come after a term's own words in any order (0.95).
      var quality = reading.share * (sequence ? 1 : INITIALS_SHARE);
      found.push({ text: reading.text, quality: quality, rank: 9 * quality + reading.text.length * 0.1 - order * 0.01 });
    });
    found.forEach(function (hit) {
      var t = lookup(index, hit.text);
      hit.rank += t === -1 ? 0 : Math.log(1 + documentFrequency(index, t)) * 0.01;
    });
    var texts = new Set();
    return found.sort(function (a, b) { return b.rank - a.rank; }).filter(function (hit) {
      if (texts.has(hit.text)) return false;
      texts.add(hit.text);
      return true;
    }).slice(0, 5);
  }

  // Homophone typos: a stretch of the query that sounds like a corpus term but is written
  // differently (开场拍 → 开场白, 说明数 → 说明书).
  function soundAlikes(query, index) {
    var pinyin = pinyinOf(index);
    var chars = Array.from(query), found = [];
    var sounds = chars.map(function (ch) { return pinyin.readings.get(ch) || []; });
    // A stretch made of words the text itself uses (什么, or 话接 across 通话 and 接通) is no typo.
    var worded = chars.map(function () { return false; });
    for (var w = 0; w + 1 < chars.length; w++) {
      if (isWord(index, chars[w] + chars[w + 1])) worded[w] = worded[w + 1] = true;
    }
    for (var i = 0; i < chars.length; i++) {
      var tried = new Set();
      sounds[i].forEach(function (reading) {
        (pinyin.bySound.get(nearSound(reading)) || []).forEach(function (id) {
          if (tried.has(id)) return;
          tried.add(id);
          var term = pinyin.terms[id], n = term.syl.length;
          if (i + n > chars.length || n < 2) return;
          var written = chars.slice(i, i + n).join("");
          if (written === term.text || worded.slice(i, i + n).every(Boolean)) return;
          // Two characters that are each a common word alone are as likely two words (说话时别插嘴: 时 + 别,
          // not 识别) as a typo (快地一直没到: 快递): the typo reading stays, below the query as typed.
          var alone = n === 2 && pinyin.alone.has(chars[i]) && pinyin.alone.has(chars[i + 1]) ? ALONE_SHARE : 1;
          var near = 0;
          for (var k = 0; k < n; k++) {
            var heard = sounds[i + k];
            if (heard.indexOf(term.syl[k]) !== -1) continue;
            var alike = heard.some(function (r) { return nearSound(r) === nearSound(term.syl[k]); });
            if (!alike) return;
            near += 1;
          }
          if (near > 1 || (near === 1 && n < 3)) return;
          found.push({ from: written, to: term.text, weight: (near ? 0.75 : 0.85) * alone });
        });
      });
    }
    return found.sort(function (a, b) { return b.to.length - a.to.length || b.weight - a.weight; });
  }

  // Chinese rewrites of the query: glossary words and pinyin runs replaced, homophone typos fixed.
  function rewrites(query, index) {
    var list = [[query, 1]];
    var runs = query.match(/[a-z]+/g) || [];
    runs.forEach(function (run) {
      var english = index.glossary.get(run);
      if (english) {
        list = list.concat(english.map(function (zh, i) { return [query.split(run).join(zh), i ? 0.9 : 0.95]; }));
        return;
      }
      if (run.length < 2) return;
      pinyinCandidates(run, index).forEach(function (hit) {
        list.push([query.split(run).join(hit.text), 0.9 * hit.quality]);
      });
    });
    if (/[\u3400-\u9fff]/.test(query)) {
      soundAlikes(query, index).slice(0, 4).forEach(function (typo) {
        list.push([query.split(typo.from).join(typo.to), typo.weight]);
      });
    }
    return list.slice(0, MAX_REWRITES);
  }

  // The query as typed, plus each synonym swapped in; weights favour the words the agent typed.
  // A bare synonym stands in only when it is (nearly) the whole query.
  function variants(query, weight, synonyms) {
    var list = [[query, weight]];
    synonyms.forEach(function (group) {
      group.forEach(function (term) {
        if (term && query.indexOf(term) !== -1) {
          group.forEach(function (other) {
            if (other !== term) {
              list.push([query.split(term).join(other), 0.85 * weight, { from: term, to: other }]);
              if (term.length >= query.length - 1) list.push([other, 0.6 * weight, { from: term, to: other }]);
            }
          });
        }
      });
    });
    return list;
  }

  function topical(text) {
    var stripped = text.replace(FILLERS, "");
    return stripped.length >= 2 ? stripped : text;
  }

  // --- scoring -----------------------------------------------------------------

  function termsIn(text, terms) {
    var found = [];
    for (var i = 0; i < text.length; i++) {
      for (var j = text.length; j > i + 1; j--) {
        if (terms.has(text.slice(i, j))) found.push(text.slice(i, j));
      }
    }
    return found;
  }

  // The longest part (two characters or more) of text that is also in field, the first of equals:
  // a longest-common-substring table, one row at a time (a long query against 300 titles a variant).
  function longestSubstringIn(text, field) {
    var best = 0, end = 0, previous = new Uint16Array(field.length + 1), row = new Uint16Array(field.length + 1);
    for (var i = 1; i <= text.length; i++) {
      for (var j = 1; j <= field.length; j++) {
        row[j] = text.charCodeAt(i - 1) === field.charCodeAt(j - 1) ? previous[j - 1] + 1 : 0;
        if (row[j] > best) { best = row[j]; end = i; }
      }
      var swap = previous; previous = row; row = swap;
    }
    return best > 1 ? text.slice(end - best, end) : "";
  }

  // Whether jieba cut `text` as a word somewhere in the entries (a bigram may be in the index only as a crossing).
  function isWord(index, text) {
    var t = lookup(index, text);
    return t !== -1 && (index.termFlags[t] & 1) === 1;
  }

  // `part` of `text` without an end character that belongs to a word the text goes on with: 客户说 of
  // 客户说话 is 客户, as 说话 is a word and 户说 none; a title sharing 客户说 shares no more than 客户.
  function wordAligned(index, text, part) {
    var at = text.indexOf(part), end = at + part.length;
    function word(i) { return i >= 0 && i + 2 <= text.length && isWord(index, text.slice(i, i + 2)); }
    if (part.length < 3) return part;
    if (end < text.length && word(end - 1) && !word(end - 2)) part = part.slice(0, -1);
    if (at > 0 && word(at - 1) && !word(at)) part = part.slice(1);
    return part.length > 1 ? part : "";
  }

  // The index terms of a query, each with its weight qw (see the header).
  function queryTerms(index, text) {
    var chars = Array.from(text), found = new Map();
    function add(term, weight, weak, group) {
      var t = lookup(index, term);
      if (t !== -1 && !(found.has(t) && found.get(t).weight >= weight)) found.set(t, { term: term, t: t, weight: weight, weak: weak, group: group || null });
    }
    if (chars.length === 1) add(chars[0], 1, false);
    for (var i = 0; i < chars.length; i++) {
      if (chars.length > 1) add(chars[i], CHAR_WEIGHT, true);
      if (i + 1 < chars.length) {
        var bigram = chars[i] + chars[i + 1], t = lookup(index, bigram);
        if (t !== -1) add(bigram, index.termFlags[t] & 1 ? 1 : CROSSING_BIGRAM_WEIGHT, false);
      }
      for (var j = i + 3; j <= Math.min(chars.length, i + MAX_WORD); j++) add(chars.slice(i, j).join(""), 1, false);
    }
    // A word the entries never name (插嘴) stands also for the name words nearest in meaning (打断).
    for (var r = 0; r < chars.length && index.related.size; r++) {
      for (var n = 2; n <= 4 && r + n <= chars.length; n++) {
        var key = chars.slice(r, r + n).join(""), near = index.related.get(key);
        if (near) near.forEach(function (name) { add(name, RELATED_WEIGHT, false, key); });
      }
    }
    // Single characters come last: they add to entries that other terms found, and find none of
    // their own (量子纠缠 is no result, not four titles with 子 in them) except a rule whose
    // one-character 禁语 the query asks about.
    return Array.from(found.values()).sort(function (a, b) { return a.weak - b.weak; });
  }

  // The length of a long query's lead (see LEAD_QUERY), or 0: 客户特别生气说 in 客户特别生气说收到的杯子有裂缝….
  function leadOf(text) {
    if (text.length < LEAD_QUERY) return 0;
    var verb = SAYING.exec(text.slice(0, LEAD_MAX));
    return verb && verb.index >= 2 ? verb.index + 1 : 0;
  }

  // I(part). With `crossing` (the title bonus), a bigram the text never uses as a word (也没 of 也没办法,
  // from 到现在也没人联系) counts at that weight, as in bm25: its rarity alone would make it look like a rare name.
  function information(index, part, crossing) {
    return grams(part).reduce(function (sum, gram) {
      var t = lookup(index, gram);
      if (t === -1) return sum + Math.log(1 + index.count);
      return sum + idfOf(index, t) * (crossing && gram.length > 1 && !(index.termFlags[t] & 1) ? crossing : 1);
    }, 0);
  }

  // How much a part of a variant is worth, as a share of its information: 1, or, for a part that
  // overlaps a synonym swapped in, I(typed word) / I(synonym) when the synonym says more (发火 typed,
  // 情绪激动 swapped in: four characters' rarity for a word of two).
  function swappedShare(index, text, swap) {
    var ratio = swap ? Math.min(1, information(index, swap.from) / Math.max(information(index, swap.to), 1e-9)) : 1;
    var spans = [];
    if (ratio < 1) {
      for (var at = text.indexOf(swap.to); at !== -1; at = text.indexOf(swap.to, at + 1)) spans.push([at, at + swap.to.length]);
    }
    return function (part) {
      if (!spans.length || !part) return 1;
      // The part counts whole if it occurs once clear of the synonym.
      for (var from = text.indexOf(part); from !== -1; from = text.indexOf(part, from + 1)) {
        var end = from + part.length;
        if (!spans.some(function (span) { return from < span[1] && span[0] < end; })) return 1;
      }
      return ratio;
    };
  }

  // Adds one variant's scores into `scores` (entry → best score). With `trace` ({ id }),
  // the parts of that entry's score are written into trace.parts when they beat earlier ones.
  // `swap` ({ from, to }): the variant has the synonym `to` where the agent typed `from`.
  function scoreInto(scores, index, text, weight, trace, swap) {
    var terms = queryTerms(index, text), swapped = swappedShare(index, text, swap);
    var sums = index.sums, matched = index.matched, touched = [];
    var total = 0, k1 = index.k1, b = index.b, average = index.averageLength, lengths = index.docLengths;
    var traced = trace ? [] : null;
    var saying = ABOUT_SAYING.test(text);
    var ruleKind = index.kinds.indexOf("rule");
    // The related words of one typed word are one thing said: the query's total counts the best of them once.
    var groups = new Map();
    terms.forEach(function (q) {
      if (q.group) groups.set(q.group, Math.max(groups.get(q.group) || 0, q.weight * idfOf(index, q.t)));
    });
    groups.forEach(function (gain) { total += gain; });
    terms.forEach(function (q) {
      var idf = idfOf(index, q.t), qw = q.weight, gain = qw * idf;
      var list = postingList(index, q.t), ids = list.ids, tfs = list.tf;
      if (!q.group) total += gain;
      // The hot loop of a keystroke at 10,000 cards.
      for (var k = 0; k < ids.length; k++) {
        var id = ids[k];
        if (matched[id] === 0) {
          if (q.weak && !(saying && index.docKinds[id] === ruleKind)) continue;
          touched.push(id);
        }
        var tf = tfs[k];
        var part = gain * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[id] / average));
        sums[id] += part;
        matched[id] += gain;
        if (traced && id === trace.id) traced.push({ term: q.term, weight: qw, idf: idf, tf: tf, score: part });
      }
    });
    // Bonuses cost a substring search per field, so only the best-matching entries get them:
    // at 10,000 cards a common word (客户) would otherwise send every card through them.
    var bases = new Float64Array(touched.length);
    var ranked = touched.map(function (id, n) {
      var coverage = total ? Math.min(1, matched[id] / total) : 0;
      var pair = [id, BM25_SCALE * sums[id] * coverage * coverage, sums[id], coverage];
      bases[n] = pair[1];
      sums[id] = 0;
      matched[id] = 0;
      return pair;
    });
    if (ranked.length > BONUS_CANDIDATES) {
      // The cut-off base by a numeric sort of the bases alone; entries above it, then the first of those at it.
      var cut = bases.sort()[bases.length - BONUS_CANDIDATES];
      var above = ranked.filter(function (pair) { return pair[1] > cut; });
      var at = ranked.filter(function (pair) { return pair[1] === cut; }).sort(function (a, b) { return a[0] - b[0]; });
      ranked = above.concat(at.slice(0, BONUS_CANDIDATES - above.length));
    }
    var found = termsIn(text, index.terms), whole = information(index, text), lead = leadOf(text);
    // A bonus for a name or term that only the lead says: the mood of the call, not its situation.
    function share(part) {
      var at = text.indexOf(part);
      return lead && at + part.length <= lead && text.indexOf(part, lead) === -1 ? LEAD_SHARE : 1;
    }
    // In a long variant, what a name or term says is its share of the situation (NAMED_SHARE_QUERY).
    function said(part) {
      return text.length < NAMED_SHARE_QUERY ? 1 : Math.sqrt(Math.min(1, (part.length + 2) / (text.length - lead)));
    }
    ranked.forEach(function (pair) {
      var id = pair[0], entry = doc(index, id);
      var bonus = { phrase: 0, terms: 0, title: 0, exact: 0, name: 0 };
      FIELDS.forEach(function (field) {
        if (text.length > 1 && entry.n[field].indexOf(text) !== -1) bonus.phrase = Math.max(bonus.phrase, PHRASE_BONUS[field] * whole);
        found.forEach(function (term) {
          if (entry.n[field].indexOf(term) !== -1) bonus.terms += TERM_BONUS[field] * information(index, term) * share(term) * swapped(term) * said(term);
        });
      });
      // A few words of a long query that happen to be in a title say less than the same words typed alone.
      var part = wordAligned(index, text, longestSubstringIn(text, entry.n.title));
      // Nor do they say much when the title goes on for many more: 自己 of 为自己的失误道歉.
      bonus.title = TITLE_SUBSTRING_BONUS * information(index, part, CROSSING_BIGRAM_WEIGHT) * swapped(part) *
        Math.min(1, (part.length + 2) / text.length) * Math.sqrt(Math.min(1, (part.length + 2) / entry.n.title.length));
      var exact = text.length > 1 && entry.names.indexOf(text) !== -1;
      // The title (or a 禁语 the rule is named by) outranks an alias that happens to be the same word.
      if (exact) bonus.exact = EXACT_NAME_BONUS * whole * (entry.titles.indexOf(text) !== -1 ? 1 : 0.5);
      entry.names.forEach(function (name) {
        if (name === text || text.indexOf(name) === -1) return;
        if (name.length < 2 && (entry.kind !== "rule" || !ABOUT_SAYING.test(text))) return;
        var t = name.length === 1 ? lookup(index, name) : -1;
        var worth = Math.max(information(index, name), t === -1 ? 0 : idfOf(index, t));
        bonus.name = Math.max(bonus.name, NAME_IN_QUERY_BONUS * worth * share(name) * swapped(name) * said(name));
      });
      // A page named exactly so is what the agent asked for: its kind does not hold it back.
      var kind = exact ? Math.max(KIND_BOOST[entry.kind], KIND_BOOST.card) : KIND_BOOST[entry.kind];
      var bonuses = bonus.phrase + bonus.terms + bonus.title + bonus.exact + bonus.name;
      var score = (pair[1] + bonuses) * weight * kind;
      if (score > (scores.get(id) || 0)) {
        scores.set(id, score);
        if (trace && id === trace.id) {
          trace.parts = { variant: text, weight: weight, kind: kind, terms: traced, bm25: pair[2], coverage: pair[3],
                          scale: BM25_SCALE,
                          base: pair[1], bonuses: bonus, swap: swap || null, score: score };
        }
      }
    });
  }

  function eachVariant(index, raw, visit) {
    var query = normalise(String(raw).slice(0, MAX_QUERY));
    if (!query) return;
    var seen = new Set();
    rewrites(query, index).forEach(function (pair) {
      var withoutFillers = topical(pair[0]);
      var list = variants(withoutFillers, pair[1], index.synonyms);
      if (withoutFillers !== pair[0] && ABOUT_SAYING.test(pair[0])) list.push([pair[0], AS_TYPED_WEIGHT * pair[1]]);
      list.forEach(function (variant) {
        var key = variant[0] + "\u0000" + variant[1];
        if (!variant[0] || seen.has(key) || seen.size >= MAX_VARIANTS) return;
        seen.add(key);
        visit(variant[0], variant[1], variant[2] || null);
      });
    });
  }

  // The variants of a query a search scores, [text, weight] each, in order (tests read them).
  function queryVariants(index, raw) {
    var list = [];
    eachVariant(index, raw, function (text, weight) { list.push([text, weight]); });
    return list;
  }

  // The best entries for a query, best first (decoded entries: kind, url, title, alias, body, group, situation, script).
  function search(index, raw) {
    var scores = new Map();
    eachVariant(index, raw, function (text, weight, swap) { scoreInto(scores, index, text, weight, null, swap); });
    return Array.from(scores.entries())
      .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
      .slice(0, MAX_RESULTS)
      .map(function (pair) { return doc(index, pair[0]); });
  }

  // Why an entry scores what it does for a query: the parts of the formula above, for the
  // variant that gave its best score (null when no variant reaches it). `entry` is an entry
  // number or a url.
  function explain(index, raw, entry) {
    var id = typeof entry === "number" ? entry : -1;
    for (var i = 0; id === -1 && i < index.count; i++) if (doc(index, i).url === entry) id = i;
    if (id === -1) return null;
    var trace = { id: id, parts: null }, scores = new Map();
    eachVariant(index, raw, function (text, weight, swap) { scoreInto(scores, index, text, weight, trace, swap); });
    if (trace.parts) trace.parts.url = doc(index, id).url;
    return trace.parts;
  }

  return {
    open: open, openAsync: openAsync, search: search, explain: explain, doc: doc, kindOf: kindOf, postings: postings,
    normalise: normalise, masked: masked, fillPlaceholders: fillPlaceholders, grams: grams, topical: topical, rewrites: rewrites,
    variants: variants, byUse: byUse, queryTerms: queryTerms, wordAligned: wordAligned, scoreInto: scoreInto, leadOf: leadOf, queryVariants: queryVariants, maxQuery: MAX_QUERY
  };
});
