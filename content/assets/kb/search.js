// Search engine behind Material's header box: CJK bigrams over card, rule, section and page entries.
//
// Material's own handlers never see the box's key events (a capturing listener
// on window takes them first); results are rendered with Material's markup.
(function () {
  "use strict";

  var FIELD_WEIGHT = { title: 3, alias: 3, body: 1 };
  var KIND_BOOST = { card: 1.3, rule: 1.1, section: 1.0, page: 0.5 };
  var PHRASE_BONUS = { title: 5, alias: 4, body: 2 };
  var TERM_BONUS = { title: 2, alias: 2, body: 0.5 };
  var TITLE_SUBSTRING_BONUS = 4;
  var MAX_RESULTS = 10;
  // Words that carry no topic in an agent's query ("中秋节怎么说").
  var FILLERS = /怎么说|怎么办|怎么处理|怎么回答|怎么回复|怎么弄|怎么|如何|是什么|什么|哪些|一下|吗|呢|啊/g;
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

  function build(data) {
    var docs = data.docs.map(function (row) {
      return { kind: row[0], url: row[1], title: row[2], alias: row[3], body: row[4], group: row[5] || "",
               n: { title: normalise(row[2]), alias: normalise(row[3]), body: normalise(row[4]) } };
    });
    // Postings as flat arrays per gram (doc ids and summed field weights): far
    // lighter to build than a Map per gram, which matters at 10,000 cards.
    var postings = new Map();
    var own = new Map();
    docs.forEach(function (doc, id) {
      own.clear();
      ["title", "alias", "body"].forEach(function (field) {
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
    return { docs: docs, postings: postings, synonyms: synonyms, terms: terms };
  }

  // The query as typed, plus each synonym swapped in; weights favour the words the agent typed.
  // A bare synonym stands in only when it is (nearly) the whole query.
  function variants(query, synonyms) {
    var list = [[query, 1]];
    synonyms.forEach(function (group) {
      group.forEach(function (term) {
        if (term && query.indexOf(term) !== -1) {
          group.forEach(function (other) {
            if (other !== term) {
              list.push([query.split(term).join(other), 0.85]);
              if (term.length >= query.length - 1) list.push([other, 0.6]);
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

  function search(data, raw) {
    var query = normalise(raw);
    var topical = query.replace(FILLERS, "");
    if (topical.length >= 2) query = topical;
    if (!query) return [];
    var total = data.docs.length;
    var scores = new Map();
    variants(query, data.synonyms).forEach(function (pair) {
      var text = pair[0], weight = pair[1];
      var unique = Array.from(new Set(grams(text)));
      var idf = {}, idfSum = 0, hits = new Map();
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
          var hit = hits.get(id);
          if (!hit) { hit = { sum: 0, count: 0 }; hits.set(id, hit); }
          hit.sum += idf[gram] * entry.weights[k];
          hit.count += 1;
        }
      });
      hits.forEach(function (hit, id) {
        var doc = data.docs[id];
        var coverage = hit.count / unique.length;
        var score = hit.sum * coverage * coverage;
        ["title", "alias", "body"].forEach(function (field) {
          if (text.length > 1 && doc.n[field].indexOf(text) !== -1) score += PHRASE_BONUS[field] * idfSum;
          found.forEach(function (term) {
            if (doc.n[field].indexOf(term) !== -1) score += TERM_BONUS[field] * worth(term);
          });
        });
        score += TITLE_SUBSTRING_BONUS * worth(longestSubstringIn(text, doc.n.title));
        score *= weight * KIND_BOOST[doc.kind];
        if (score > (scores.get(id) || 0)) scores.set(id, score);
      });
    });
    return Array.from(scores.entries())
      .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
      .slice(0, MAX_RESULTS)
      .map(function (pair) { return data.docs[pair[0]]; });
  }

  function load() {
    if (!loading) {
      var started = performance.now();
      loading = fetch(window.kbAsset("assets/kb/search.json"))
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var built = build(data);
          window.kbSearch.loadMs = performance.now() - started;
          return built;
        });
    }
    return loading;
  }

  var KIND_LABEL = { card: "话术卡片", rule: "服务禁语", section: "手册", page: "页面" };

  function snippet(doc) {
    return doc.body.length > 90 ? doc.body.slice(0, 90) + "…" : doc.body;
  }

  function render(input, results) {
    var root = document.querySelector(".md-search-result");
    if (!root) return;
    var meta = root.querySelector(".md-search-result__meta");
    var list = root.querySelector(".md-search-result__list");
    list.textContent = "";
    if (!input.value.trim()) {
      meta.textContent = "键入以开始搜索";
      return;
    }
    meta.textContent = results.length ? results.length + " 个符合条件的结果" : "没有找到符合条件的结果";
    results.forEach(function (doc) {
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = window.kbAsset(doc.url);
      link.tabIndex = -1;
      link.setAttribute("data-kind", doc.kind);
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var title = document.createElement("h1");
      title.textContent = doc.title;
      var label = document.createElement("p");
      label.className = "kb-search-kind";
      label.textContent = KIND_LABEL[doc.kind] + (doc.group ? " · " + doc.group : "");
      var text = document.createElement("p");
      text.textContent = snippet(doc);
      article.appendChild(title);
      article.appendChild(label);
      article.appendChild(text);
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  function run(input) {
    var started = performance.now();
    return load().then(function (data) {
      var results = search(data, input.value);
      render(input, results);
      window.kbSearch.lastMs = performance.now() - started;
      document.dispatchEvent(new CustomEvent("kb:search-rendered"));
    });
  }

  function isSearchBox(target) {
    return target && target.matches && target.matches("input.md-search__input");
  }

  function moveFocus(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll(".md-search-result__link"));
    if (!links.length) return;
    var current = links.indexOf(document.activeElement);
    var next = current === -1 ? (step > 0 ? 0 : links.length - 1) : Math.min(Math.max(current + step, 0), links.length - 1);
    links[next].focus();
  }

  ["input", "keyup", "keypress"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (!isSearchBox(event.target)) return;
      event.stopImmediatePropagation();
      if (type === "input" && !event.isComposing) run(event.target);
      if (type === "keyup" && !event.isComposing && event.key !== "Enter") run(event.target);
    }, true);
  });

  window.addEventListener("compositionend", function (event) {
    if (isSearchBox(event.target)) run(event.target);
  }, true);

  window.addEventListener("keydown", function (event) {
    var inBox = isSearchBox(event.target);
    var inResults = event.target.closest && event.target.closest(".md-search-result");
    if (!inBox && !inResults) return;
    if (event.key === "Enter" && inBox) {
      event.preventDefault();
      event.stopImmediatePropagation();
      var first = document.querySelector(".md-search-result__link");
      if (first) window.location.href = first.href;
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      event.stopImmediatePropagation();
      moveFocus(event.key === "ArrowDown" ? 1 : -1);
    }
  }, true);

  window.addEventListener("focusin", function (event) {
    if (isSearchBox(event.target)) load();
  }, true);

  // Build the index while the agent reads the page, so the first search is instant.
  window.addEventListener("load", function () {
    (window.requestIdleCallback || function (callback) { setTimeout(callback, 200); })(function () { load(); });
  });

  window.kbSearch = { search: function (query) { return load().then(function (data) { return search(data, query); }); },
                      normalise: normalise, grams: grams, loadMs: null, lastMs: null };
})();
