// Search engine behind Material's header box: CJK bigrams over card, rule, section and page entries,
// with pinyin, homophone typos and an English glossary turned into Chinese rewrites of the query.
//
// Material's own handlers never see the box's key events (a capturing listener
// on window takes them first); results are rendered with Material's markup.
//
// Ranking, as written in README (搜索):
//   score(doc) = max over rewrites r of  w(r) · kind(doc) · [ Σ_gram idf·field  · coverage²
//                                         + phrase + terms + title substring ]
//   - rewrites: the query as typed (w = 1); synonyms swapped in (0.85); an English
//     glossary word replaced by its Chinese (0.95); a pinyin run replaced by the corpus
//     term it spells (0.9 × how much of the term it covers); a homophone typo
//     replaced by the term it sounds like (0.85, 0.75 for a near sound such as b/p).
//   - field weights: title 3, alias 3, situation 3, body 1; the situation a card is for
//     therefore outweighs a strong word that only appears in its script.
//   - coverage = share of the query's distinct grams the doc has; squared, so a long
//     query rewards the doc that matches most of it, not the one rare word.
//   - bonuses are worth the IDF of the matched grams: the whole query in a field,
//     known terms (aliases, tags, synonyms) in a field, the longest part of the
//     query found in the title, and the query being exactly the title or one alias or tag.
//   - kind: card 1.3, rule 1.1, section 1.0, page 0.3.
//   - bonuses are computed for the 300 entries with the best gram score of each rewrite.
(function () {
  "use strict";

  var FIELDS = ["title", "alias", "situation", "body"];
  var FIELD_WEIGHT = { title: 3, alias: 3, situation: 3, body: 1 };
  var KIND_BOOST = { card: 1.3, rule: 1.1, section: 1.0, page: 0.3 };
  var PHRASE_BONUS = { title: 5, alias: 4, situation: 3, body: 2 };
  var TERM_BONUS = { title: 2, alias: 2, situation: 1.5, body: 0.5 };
  var TITLE_SUBSTRING_BONUS = 4;
  var EXACT_NAME_BONUS = 4;
  var MAX_RESULTS = 10;
  // Any query answers at once: a pasted page of text is cut to its first characters.
  var MAX_QUERY = 64;
  var MAX_REWRITES = 8;
  var BONUS_CANDIDATES = 300;
  var MAX_VARIANTS = 16;  // rewrites times synonym swaps: bounds the work of one keystroke
  var SETTLE_MS = 2000;
  // Words that carry no topic in an agent's query ("中秋节怎么说").
  var FILLERS = /怎么说|怎么办|怎么处理|怎么回答|怎么回复|怎么弄|应该怎么|怎么|如何|是什么|什么|哪些|吗|呢|啊|咋办|咋说|咋/g;
  var loading = null;  // the promise of the built index, shared by every query

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[\s\u200b，。、；：！？,.;:!?“”"'（）()【】\[\]·…\-—\/]+/g, "");
  }

  function grams(text) {
    var chars = Array.from(text);
    if (chars.length === 1) return [chars[0]];
    var result = [];
    for (var i = 0; i + 1 < chars.length; i++) result.push(chars[i] + chars[i + 1]);
    return result;
  }

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

  function buildPinyin(data) {
    var terms = data.terms.map(function (pair) { return { text: pair[0], syl: pair[1].split(" ") }; });
    var byLetter = new Map(), bySound = new Map(), readings = new Map();
    terms.forEach(function (term, id) {
      addTo(byLetter, term.syl[0][0], id);
      addTo(bySound, nearSound(term.syl[0]), id);
    });
    Object.keys(data.chars).forEach(function (syllable) {
      Array.from(data.chars[syllable]).forEach(function (ch) { addTo(readings, ch, syllable); });
    });
    return { terms: terms, byLetter: byLetter, bySound: bySound, readings: readings };
  }

  function build(data) {
    var docs = data.docs.map(function (row) {
      var doc = { kind: row[0], url: row[1], title: row[2], alias: row[3], body: row[4], group: row[5] || "",
                  situation: row[6] || "", script: Array.isArray(row[7]) ? row[7] : [] };
      // A card's phrasebook (升级转接, 投诉处理) names its situation as much as its tags do.
      var alias = doc.kind === "card" ? doc.alias + " " + doc.group : doc.alias;
      doc.n = { title: normalise(doc.title), alias: normalise(alias), situation: normalise(doc.situation),
                body: normalise(doc.body) };
      // The entry's own names, whole: a query that is exactly one of them is the strongest signal there is.
      doc.names = [doc.n.title].concat(doc.alias.split(" ").map(normalise));
      return doc;
    });
    // Postings as flat arrays per gram (doc ids and summed field weights): far
    // lighter to build than a Map per gram, which matters at 10,000 cards.
    var postings = new Map();
    var own = new Map();
    docs.forEach(function (doc, id) {
      own.clear();
      FIELDS.forEach(function (field) {
        var text = doc.n[field], weight = FIELD_WEIGHT[field], seen = new Set();
        var chars = Array.from(text);
        for (var i = 0; i < chars.length; i++) {
          seen.add(chars[i]);
          if (i + 1 < chars.length) seen.add(chars[i] + chars[i + 1]);
        }
        seen.forEach(function (gram) { own.set(gram, (own.get(gram) || 0) + weight); });
      });
      own.forEach(function (weight, gram) {
        var entry = postings.get(gram);
        if (!entry) { entry = { ids: [], weights: [] }; postings.set(gram, entry); }
        entry.ids.push(id);
        entry.weights.push(weight);
      });
    });
    var synonyms = data.synonyms.map(function (group) { return group.map(normalise); });
    // Known terms: what trainers wrote as aliases and tags, and the synonyms.
    var terms = new Set();
    docs.forEach(function (doc) {
      if (doc.kind === "card") doc.alias.split(" ").forEach(function (t) { t = normalise(t); if (t.length > 1) terms.add(t); });
    });
    synonyms.forEach(function (group) { group.forEach(function (t) { if (t.length > 1) terms.add(t); }); });
    var glossary = new Map();
    (data.glossary || []).forEach(function (group) { glossary.set(normalise(group[0]), group.slice(1).map(normalise)); });
    return { docs: docs, postings: postings, sums: new Float64Array(docs.length), counts: new Uint32Array(docs.length), synonyms: synonyms, terms: terms, glossary: glossary,
             pinyin: buildPinyin(data.pinyin || { terms: [], chars: {} }), log: data.log !== false,
             agentPlaceholders: data.agent_placeholders || [] };
  }

  // How many of a term's syllables a run of Latin letters spells, from the term's first
  // syllable on, each syllable typed whole or as a prefix (sj, shengji, sjzhuanjie).
  // 0 when the run cannot be read that way.
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
        if (run.charCodeAt(pos + k - 1) !== s.charCodeAt(k - 1)) continue;
        if (run.slice(pos, pos + k) === s.slice(0, k)) walk(pos + k, index + 1, whole + (k === s.length ? 1 : 0));
      }
    }
    walk(0, 0, 0);
    return best ? { covered: best, whole: full } : null;
  }

  // Terms a Latin run may stand for, best first: the whole term spelled beats part of it.
  function pinyinCandidates(run, pinyin) {
    var ids = pinyin.byLetter.get(run[0]) || [];
    var found = [];
    for (var i = 0; i < ids.length; i++) {
      var term = pinyin.terms[ids[i]];
      if (term.syl.length < 2 && run.length < 3) continue;
      var match = spelled(run, term.syl);
      if (!match) continue;
      var quality = match.covered / term.syl.length;
      if (quality < 0.5) continue;
      found.push({ text: term.text, quality: quality, rank: quality * 10 + match.whole + match.covered * 0.1 });
    }
    return found.sort(function (a, b) { return b.rank - a.rank; }).slice(0, 5);
  }

  // Homophone typos: a stretch of the query that sounds like a corpus term but is written
  // differently (开场拍 → 开场白, 说明数 → 说明书).
  function soundAlikes(query, pinyin) {
    var chars = Array.from(query), found = [];
    var sounds = chars.map(function (ch) { return pinyin.readings.get(ch) || []; });
    for (var i = 0; i < chars.length; i++) {
      var tried = new Set();
      sounds[i].forEach(function (reading) {
        (pinyin.bySound.get(nearSound(reading)) || []).forEach(function (id) {
          if (tried.has(id)) return;
          tried.add(id);
          var term = pinyin.terms[id], n = term.syl.length;
          if (i + n > chars.length || n < 2) return;
          var written = chars.slice(i, i + n).join("");
          if (written === term.text) return;
          var near = 0;
          for (var k = 0; k < n; k++) {
            var heard = sounds[i + k];
            if (heard.indexOf(term.syl[k]) !== -1) continue;
            var alike = heard.some(function (r) { return nearSound(r) === nearSound(term.syl[k]); });
            if (!alike) return;
            near += 1;
          }
          if (near > 1 || (near === 1 && n < 3)) return;
          found.push({ from: written, to: term.text, weight: near ? 0.75 : 0.85 });
        });
      });
    }
    return found.sort(function (a, b) { return b.to.length - a.to.length || b.weight - a.weight; });
  }

  // Chinese rewrites of the query: glossary words and pinyin runs replaced, homophone typos fixed.
  function rewrites(query, data) {
    var list = [[query, 1]];
    var runs = query.match(/[a-z]+/g) || [];
    runs.forEach(function (run) {
      var english = data.glossary.get(run);
      if (english) {
        list = list.concat(english.map(function (zh, i) { return [query.split(run).join(zh), i ? 0.9 : 0.95]; }));
        return;
      }
      if (run.length < 2) return;
      pinyinCandidates(run, data.pinyin).forEach(function (hit) {
        list.push([query.split(run).join(hit.text), 0.9 * hit.quality]);
      });
    });
    if (/[\u3400-\u9fff]/.test(query)) {
      soundAlikes(query, data.pinyin).slice(0, 4).forEach(function (typo) {
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
              list.push([query.split(term).join(other), 0.85 * weight]);
              if (term.length >= query.length - 1) list.push([other, 0.6 * weight]);
            }
          });
        }
      });
    });
    return list;
  }

  function termsIn(text, terms) {
    var found = [];
    for (var i = 0; i < text.length; i++) {
      for (var j = text.length; j > i + 1; j--) {
        if (terms.has(text.slice(i, j))) found.push(text.slice(i, j));
      }
    }
    return found;
  }

  function longestSubstringIn(text, field) {
    for (var length = text.length; length > 1; length--) {
      for (var i = 0; i + length <= text.length; i++) {
        if (field.indexOf(text.slice(i, i + length)) !== -1) return text.slice(i, i + length);
      }
    }
    return "";
  }

  function topical(text) {
    var stripped = text.replace(FILLERS, "");
    return stripped.length >= 2 ? stripped : text;
  }

  function scoreInto(scores, data, text, weight) {
    var total = data.docs.length;
    var unique = Array.from(new Set(grams(text)));
    // Scratch arrays per index, reset after use: no allocation per matching entry.
    var sums = data.sums, counts = data.counts, touched = [];
    var idf = {}, idfSum = 0;
    var found = termsIn(text, data.terms);
    // Bonuses are worth the information in the matched grams: a rare word counts more than 客户.
    var worth = function (part) {
      return grams(part).reduce(function (sum, gram) { return sum + (idf[gram] || 0); }, 0);
    };
    unique.forEach(function (gram) {
      var entry = data.postings.get(gram);
      idf[gram] = Math.log(1 + total / (entry ? entry.ids.length : total));
      idfSum += idf[gram];
      if (!entry) return;
      for (var k = 0; k < entry.ids.length; k++) {
        var id = entry.ids[k];
        if (counts[id] === 0) touched.push(id);
        sums[id] += idf[gram] * entry.weights[k];
        counts[id] += 1;
      }
    });
    // Bonuses cost a substring search per field, so only the best-matching entries get them:
    // at 10,000 cards a common gram (客户) would otherwise send every card through them.
    var ranked = touched.map(function (id) {
      var coverage = counts[id] / unique.length;
      var base = sums[id] * coverage * coverage;
      sums[id] = 0;
      counts[id] = 0;
      return [id, base];
    });
    if (ranked.length > BONUS_CANDIDATES) {
      ranked.sort(function (a, b) { return b[1] - a[1]; });
      ranked.length = BONUS_CANDIDATES;
    }
    ranked.forEach(function (pair) {
      var id = pair[0], doc = data.docs[id];
      var score = pair[1];
      FIELDS.forEach(function (field) {
        if (text.length > 1 && doc.n[field].indexOf(text) !== -1) score += PHRASE_BONUS[field] * idfSum;
        found.forEach(function (term) {
          if (doc.n[field].indexOf(term) !== -1) score += TERM_BONUS[field] * worth(term);
        });
      });
      score += TITLE_SUBSTRING_BONUS * worth(longestSubstringIn(text, doc.n.title));
      if (text.length > 1 && doc.names.indexOf(text) !== -1) score += EXACT_NAME_BONUS * idfSum;
      score *= weight * KIND_BOOST[doc.kind];
      if (score > (scores.get(id) || 0)) scores.set(id, score);
    });
  }

  function search(data, raw) {
    var query = normalise(String(raw).slice(0, MAX_QUERY));
    if (!query) return [];
    var scores = new Map(), seen = new Set();
    rewrites(query, data).forEach(function (pair) {
      variants(topical(pair[0]), pair[1], data.synonyms).forEach(function (variant) {
        var key = variant[0] + "\u0000" + variant[1];
        if (!variant[0] || seen.has(key) || seen.size >= MAX_VARIANTS) return;
        seen.add(key);
        scoreInto(scores, data, variant[0], variant[1]);
      });
    });
    return Array.from(scores.entries())
      .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
      .slice(0, MAX_RESULTS)
      .map(function (pair) { return data.docs[pair[0]]; });
  }

  var ready = null;  // the built index once loaded: queries before then are told to wait, not answered

  // No result is not a dead end: the cards that share the most (rare) characters with the
  // query, and when even that finds fewer than NEAREST, the first cards of the book order
  // (the opening, the everyday lines) so the agent always has somewhere to go.
  var NEAREST = 3;
  function nearest(data, raw) {
    var query = topical(normalise(String(raw).slice(0, MAX_QUERY)));
    var scores = new Map(), total = data.docs.length;
    new Set(Array.from(query)).forEach(function (ch) {
      var entry = data.postings.get(ch);
      if (!entry) return;
      var idf = Math.log(1 + total / entry.ids.length);
      for (var k = 0; k < entry.ids.length; k++) {
        var id = entry.ids[k];
        if (data.docs[id].kind === "card") scores.set(id, (scores.get(id) || 0) + idf * entry.weights[k]);
      }
    });
    var ids = Array.from(scores.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
      .slice(0, NEAREST).map(function (pair) { return pair[0]; });
    for (var id = 0; ids.length < NEAREST && id < data.docs.length; id++) {
      if (data.docs[id].kind === "card" && ids.indexOf(id) === -1) ids.push(id);
    }
    return ids.map(function (id) { return data.docs[id]; });
  }

  function load() {
    if (!loading) {
      var started = performance.now();
      loading = fetch(window.kbAsset("assets/kb/search.json"))
        .then(function (response) {
          if (!response.ok) throw new Error("search.json " + response.status);
          return response.json();
        })
        .then(function (data) {
          ready = build(data);
          window.kbSearch.loadMs = performance.now() - started;
          // Milliseconds from navigation start until a query can be answered (make bench reports it).
          window.kbSearch.readyAt = performance.now();
          // The theme's 正在初始化搜索引擎 would otherwise stay until the first keystroke.
          var box = document.querySelector("input.md-search__input");
          if (box && !box.value.trim()) renderWaiting(box, "");
          return ready;
        }, function (error) {
          // The next keystroke tries again (a network hiccup on the intranet, a deploy in progress).
          loading = null;
          throw error;
        });
    }
    return loading;
  }

  // --- copying a card's script -------------------------------------------------

  // Every line of the card's main script, filled from the 我的信息 form and this call's
  // values; other blanks stay bracketed so the agent sees what is still to say.
  function filledScript(doc, agentNames) {
    var values = window.kbPlaceholders();
    return doc.script.map(function (line) {
      return line.replace(/\[([^\[\]]+)\]/g, function (whole, name) {
        var value = agentNames.indexOf(name) !== -1 && typeof values[name] === "string" ? values[name].trim() : "";
        return value || whole;
      }).replace(/\s+/g, " ").trim();
    });
  }

  // --- the search-gap beacon --------------------------------------------------

  var session = { query: "", count: 0, idleSent: false, timer: null };

  // Phone, order and ID numbers are personal data: every run of digits becomes #, and so
  // does a run of four or more Chinese numerals (幺三八…), which is how a number is dictated.
  // scripts/search_report.py masks the same way again on reading the log.
  function masked(query) {
    return query.normalize("NFKC").replace(/[0-9]+/g, "#").replace(/[〇零一二三四五六七八九幺两]{4,}/g, "#")
      .slice(0, MAX_QUERY);
  }

  // first=0 marks an open or copy after this query already reported itself idle, so the
  // report counts one search, not two. target is the entry opened or copied (its index URL).
  function beacon(data, action, rank) {
    if (!data.log || !session.query.trim()) return;
    var doc = rank ? current.results[rank - 1] : null;
    var params = new URLSearchParams({ q: masked(session.query.trim()), n: String(session.count),
                                       rank: String(rank), action: action,
                                       first: session.idleSent && action !== "none" ? "0" : "1",
                                       target: doc ? doc.url : "" });
    // GET with keepalive outlives the navigation that opening a result starts; no cookies.
    try {
      fetch(window.kbAsset("_search-log") + "?" + params.toString(),
            { method: "GET", keepalive: true, credentials: "omit", cache: "no-store" })
        .catch(function () {});
    } catch (e) { /* a beacon never breaks searching */ }
  }

  function settleLater(data) {
    clearTimeout(session.timer);
    session.timer = setTimeout(function () {
      if (session.idleSent) return;
      session.idleSent = true;
      beacon(data, "none", 0);
    }, SETTLE_MS);
  }

  // --- results ----------------------------------------------------------------

  var KIND_LABEL = { card: "话术卡片", rule: "服务禁语", section: "手册", page: "页面" };
  var HINT = "↑↓ 选择　Enter 打开　Ctrl+Enter 复制话术　/ 聚焦搜索";
  var current = { results: [], selected: -1, data: null };
  // Screen readers: the box is a combobox that owns the result list (a listbox); the selected
  // result is its aria-activedescendant, so it is read out while the caret stays in the box.
  var LISTBOX_ID = "kb-search-listbox", OPTION_ID = "kb-search-option-", KEYS_ID = "kb-search-keys";
  // The result count is read out once typing pauses this long, not at every keystroke.
  var COUNT_SETTLE_MS = 700;
  var countTimer = null;

  function snippet(doc) {
    return doc.body.length > 90 ? doc.body.slice(0, 90) + "…" : doc.body;
  }

  // What a copy did: shown under the result count and read out by screen readers.
  function say(text) {
    var status = document.querySelector(".kb-search-status");
    if (status) status.textContent = text;
    window.kbAnnounce(text);
  }

  // The box, the list and the keys' description get their roles once; Material's markup has none.
  function combobox() {
    var box = document.querySelector("input.md-search__input");
    var list = document.querySelector(".md-search-result__list");
    if (!box || !list) return null;
    if (box.getAttribute("role") !== "combobox") {
      list.id = LISTBOX_ID;
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", "搜索结果");
      // Material sets the list's role to list or presentation each time the search opens or closes.
      new MutationObserver(function () {
        if (list.getAttribute("role") !== "listbox") list.setAttribute("role", "listbox");
      }).observe(list, { attributes: true, attributeFilter: ["role"] });
      var keys = document.createElement("span");
      keys.id = KEYS_ID;
      keys.className = "kb-visually-hidden";
      keys.textContent = HINT;
      box.parentNode.appendChild(keys);
      box.setAttribute("role", "combobox");
      box.setAttribute("aria-autocomplete", "list");
      box.setAttribute("aria-controls", LISTBOX_ID);
      box.setAttribute("aria-describedby", KEYS_ID);
      box.setAttribute("aria-expanded", "false");
    }
    return box;
  }

  function expand(open) {
    var box = combobox();
    if (!box) return;
    box.setAttribute("aria-expanded", open && current.results.length ? "true" : "false");
    if (!open || current.selected === -1) box.removeAttribute("aria-activedescendant");
  }

  // Once the agent stops typing, a screen reader says how many results there are.
  function announceCount(text) {
    clearTimeout(countTimer);
    if (!text) return;
    countTimer = setTimeout(function () { window.kbAnnounce(text, true); }, COUNT_SETTLE_MS);
  }

  function copyResult(index) {
    var doc = current.results[index], data = current.data;
    if (!doc) return Promise.resolve();
    if (doc.kind !== "card" || !doc.script || !doc.script.length) {
      say("只有话术卡片可以复制；按 Enter 打开“" + doc.title + "”。");
      return Promise.resolve();
    }
    clearTimeout(session.timer);
    beacon(data, "copy", index + 1);
    var lines = filledScript(doc, data.agentPlaceholders);
    return window.kbCopyText(lines.join("\n")).then(function () {
      say("已复制“" + doc.title + "”" + (lines.length > 1 ? "的全部 " + lines.length + " 句话术" : "的话术（1 句）") +
          "，可以直接粘贴。");
      document.dispatchEvent(new CustomEvent("kb:search-copied"));
    }, function () {
      say("复制失败：请打开卡片后手动复制。");
    });
  }

  function select(index) {
    var items = document.querySelectorAll(".md-search-result__list > .md-search-result__item");
    current.selected = index;
    items.forEach(function (item, i) {
      var on = i === index;
      item.classList.toggle("kb-search-selected", on);
      item.querySelector("[role=option]").setAttribute("aria-selected", on ? "true" : "false");
      if (on) item.scrollIntoView({ block: "nearest" });
    });
    var box = combobox();
    if (box && index !== -1) box.setAttribute("aria-activedescendant", OPTION_ID + index);
  }

  // Where an agent with no result can always go.
  var QUICK_LINKS = [["速查卡", "cheatsheet/"], ["话术卡片", "phrasebooks/"], ["服务禁语", "rules/"],
                     ["用语检查器", "rules/checker/"]];

  function noResultHelp(meta) {
    var help = document.createElement("span");
    help.className = "kb-search-none";
    help.appendChild(document.createTextNode("下面是最接近的卡片。也可以换个说法：用场景词（如“退货”“投诉”）、客户的原话或拼音首字母；常用速查："));
    QUICK_LINKS.forEach(function (pair, index) {
      var link = document.createElement("a");
      link.href = window.kbAsset(pair[1]);
      link.textContent = pair[0];
      if (index) help.appendChild(document.createTextNode("、"));
      help.appendChild(link);
    });
    help.appendChild(document.createTextNode("。"));
    meta.appendChild(help);
  }

  function render(input, results, truncated, fallback) {
    var root = document.querySelector(".md-search-result");
    if (!root) return;
    var meta = root.querySelector(".md-search-result__meta");
    var list = root.querySelector(".md-search-result__list");
    list.textContent = "";
    current.results = results;
    current.selected = -1;
    if (!input.value.trim()) {
      meta.textContent = "键入以开始搜索";
      expand(false);
      announceCount("");
      return;
    }
    meta.textContent = (results.length ? results.length + " 个符合条件的结果" : "没有找到符合条件的结果") +
      (truncated ? "（查询太长，只按前 " + MAX_QUERY + " 个字搜索）" : "");
    var shown = results;
    if (!results.length && fallback && fallback.length) {
      noResultHelp(meta);
      shown = fallback;
      current.results = fallback;
    }
    announceCount(results.length ? results.length + " 个符合条件的结果，按↓选择。" :
      "没有找到符合条件的结果。" + (shown.length ? "列出最接近的 " + shown.length + " 张卡片，按↓选择。" : ""));
    root.toggleAttribute("data-kb-nearest", shown !== results);
    var hint = document.createElement("span");
    hint.className = "kb-search-hint";
    hint.textContent = shown.length ? HINT : "";
    meta.appendChild(hint);
    // Shown only: say() reads it out through the page's one live region.
    var status = document.createElement("span");
    status.className = "kb-search-status";
    meta.appendChild(status);
    shown.forEach(function (doc, index) {
      // The link itself is the option (a listbox holds options only); the li is layout.
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      item.setAttribute("role", "none");
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = window.kbAsset(doc.url);
      link.tabIndex = -1;
      link.id = OPTION_ID + index;
      link.setAttribute("role", "option");
      link.setAttribute("aria-selected", "false");
      // Read out as title and kind; the snippet follows as its description.
      link.setAttribute("aria-label", doc.title + "，" + KIND_LABEL[doc.kind] + (doc.group ? "，" + doc.group : ""));
      link.setAttribute("aria-describedby", OPTION_ID + index + "-text");
      link.setAttribute("data-kind", doc.kind);
      link.setAttribute("data-rank", String(index + 1));
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var title = document.createElement("h1");
      title.textContent = doc.title;
      var label = document.createElement("p");
      label.className = "kb-search-kind";
      label.textContent = KIND_LABEL[doc.kind] + (doc.group ? " · " + doc.group : "");
      var text = document.createElement("p");
      text.id = OPTION_ID + index + "-text";
      text.textContent = snippet(doc);
      article.appendChild(title);
      article.appendChild(label);
      article.appendChild(text);
      link.appendChild(article);
      item.appendChild(link);
      if (doc.kind === "card" && doc.script && doc.script.length) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "kb-search-copy md-button";
        button.textContent = "复制";
        button.title = "按顺序复制这张卡片的全部话术（Ctrl+Enter）";
        button.setAttribute("data-rank", String(index + 1));
        // For the mouse: a listbox may hold options only, and the keyboard copies with
        // Ctrl+Enter (the box's description says so), so the button is out of the tab order
        // and out of the screen reader's view.
        button.tabIndex = -1;
        button.setAttribute("aria-hidden", "true");
        item.appendChild(button);
      }
      list.appendChild(item);
    });
    expand(true);
  }

  // Before the index is ready the list says so: an empty list there would read as 没有找到.
  function renderWaiting(input, text) {
    var root = document.querySelector(".md-search-result");
    if (!root) return;
    root.querySelector(".md-search-result__list").textContent = "";
    root.querySelector(".md-search-result__meta").textContent = input.value.trim() ? text : "键入以开始搜索";
    current.results = [];
    current.selected = -1;
    expand(false);
  }

  function run(input) {
    var started = performance.now();
    var value = input.value;
    if (!ready) renderWaiting(input, "正在准备搜索，马上显示结果…");
    return load().then(function (data) {
      // Keystrokes typed while the index loaded each queued a run: only the box's latest value is answered.
      if (input.value !== value) return;
      if (value !== session.query) {
        session.query = value;
        session.idleSent = false;
      }
      var results = search(data, value);
      current.data = data;
      render(input, results, value.length > MAX_QUERY, results.length || !value.trim() ? [] : nearest(data, value));
      // Which query the list now answers: tests (and anyone scripting the box) wait on it, not on the meta text.
      var root = document.querySelector(".md-search-result");
      if (root) root.setAttribute("data-kb-query", value);
      session.count = results.length;
      if (value.trim()) settleLater(data);
      window.kbSearch.lastMs = performance.now() - started;
      document.dispatchEvent(new CustomEvent("kb:search-rendered"));
    }, function () {
      if (input.value === value) renderWaiting(input, "搜索暂时无法加载，请再按一次键或刷新页面。");
    });
  }

  function isSearchBox(target) {
    return target && target.matches && target.matches("input.md-search__input");
  }

  var lastRun = null;
  function runIfChanged(input) {
    // Arrow keys, Ctrl and Enter also fire keyup: re-rendering then would drop the selection.
    if (input.value === lastRun) return;
    lastRun = input.value;
    run(input);
  }

  ["input", "keyup", "keypress"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (!isSearchBox(event.target)) return;
      event.stopImmediatePropagation();
      if ((type === "input" || type === "keyup") && !event.isComposing) runIfChanged(event.target);
    }, true);
  });

  window.addEventListener("compositionend", function (event) {
    if (isSearchBox(event.target)) runIfChanged(event.target);
  }, true);

  function open(index) {
    var links = document.querySelectorAll(".md-search-result__link");
    if (!links[index]) return;
    clearTimeout(session.timer);
    if (current.data) beacon(current.data, "open", index + 1);
    window.location.href = links[index].href;
  }

  window.addEventListener("keydown", function (event) {
    if (!isSearchBox(event.target)) return;
    var count = current.results.length;
    if (event.key === "Escape") {
      // Material closes the search (not stopped here); the list is then gone for a screen reader too.
      current.selected = -1;
      select(-1);
      expand(false);
      announceCount("");
    } else if (event.key === "Enter") {
      event.preventDefault();
      event.stopImmediatePropagation();
      var index = current.selected === -1 ? 0 : current.selected;
      if (event.ctrlKey || event.metaKey) copyResult(index);
      else open(index);
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && count) {
      // The caret stays in the box; the selection is a highlighted result, so typing goes on.
      event.preventDefault();
      event.stopImmediatePropagation();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = current.selected === -1 ? (step > 0 ? 0 : count - 1) : current.selected + step;
      select(Math.min(Math.max(next, 0), count - 1));
    }
  }, true);

  window.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".kb-search-copy");
    if (button) {
      event.preventDefault();
      event.stopImmediatePropagation();
      copyResult(Number(button.getAttribute("data-rank")) - 1);
      var box = document.querySelector("input.md-search__input");
      if (box) box.focus();
      return;
    }
    var link = event.target.closest && event.target.closest("a.md-search-result__link[data-rank]");
    if (link && current.data) {
      clearTimeout(session.timer);
      beacon(current.data, "open", Number(link.getAttribute("data-rank")));
    }
  }, true);

  window.addEventListener("focusin", function (event) {
    if (!isSearchBox(event.target)) return;
    load();
    // Material reopens the last results when the box gets the focus back.
    expand(true);
  }, true);

  window.kbReady(combobox);

  // Build the index while the agent reads the page, so the first search is instant.
  window.addEventListener("load", function () {
    (window.requestIdleCallback || function (callback) { setTimeout(callback, 200); })(function () { load(); });
  });

  window.kbSearch = { search: function (query) { return load().then(function (data) { return search(data, query); }); },
                      normalise: normalise, grams: grams, masked: masked, maxQuery: MAX_QUERY,
                      loadMs: null, lastMs: null, readyAt: null };
})();
