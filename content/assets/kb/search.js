// The header search box: Material's markup, answered by the engine in search-engine.js
// (window.kbSearchEngine; its header comment has the ranking formula) from the index the
// build writes (assets/kb/search.<hash>.bin), whose bytes search-boot.js starts reading in <head>.
//
// Material's own handlers never see the box's key events (a capturing listener
// on window takes them first); results are rendered with Material's markup.
(function () {
  "use strict";

  var engine = window.kbSearchEngine;
  var MAX_QUERY = engine.maxQuery;
  var SETTLE_MS = 2000;
  var loading = null;  // the promise of the opened index, shared by every query

  var ready = null;  // the built index once loaded: queries before then are told to wait, not answered
  var UNAVAILABLE = "搜索暂时无法加载，请再按一次键或刷新页面。";
  var loadedBytes = null;  // the bytes it was opened from: refused (search-boot.js) if they turn out broken

  // No result is not a dead end: the cards that share the most (rare) characters with the
  // query, and when even that finds fewer than NEAREST, the first cards of the book order
  // (the opening, the everyday lines) so the agent always has somewhere to go.
  var NEAREST = 3;
  function nearest(data, raw) {
    var query = engine.topical(engine.normalise(String(raw).slice(0, MAX_QUERY)));
    var scores = new Map(), total = data.count;
    new Set(Array.from(query)).forEach(function (ch) {
      var entry = engine.postings(data, ch);
      if (!entry) return;
      var idf = Math.log(1 + total / entry.ids.length);
      for (var k = 0; k < entry.ids.length; k++) {
        var id = entry.ids[k];
        if (engine.kindOf(data, id) === "card") scores.set(id, (scores.get(id) || 0) + idf * entry.weights[k]);
      }
    });
    var ids = Array.from(scores.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
      .slice(0, NEAREST).map(function (pair) { return pair[0]; });
    for (var id = 0; ids.length < NEAREST && id < data.count; id++) {
      if (engine.kindOf(data, id) === "card" && ids.indexOf(id) === -1) ids.push(id);
    }
    return ids.map(function (id) { return engine.doc(data, id); });
  }

  // search-boot.js runs first in <head>: without it (a failed download) there is no index to read.
  function indexBytes() {
    return window.kbSearchBytes ? window.kbSearchBytes() : Promise.reject(new Error("search-boot.js"));
  }

  function load() {
    if (!loading) {
      var started = performance.now();
      // search-boot.js (in <head>) started reading the bytes while the page was parsed.
      loading = indexBytes()
        .then(function (bytes) { loadedBytes = bytes; return engine.openAsync(bytes); })
        .then(function (opened) {
          // Views over the bytes, a small header and the entries' text inflated: nothing to build (search-engine.js).
          ready = opened;
          window.kbSearch.loadMs = performance.now() - started;
          // Milliseconds from navigation start until a query can be answered (make bench reports it).
          window.kbSearch.readyAt = performance.now();
          performance.mark("kb:search-ready");
          // The theme's 正在初始化搜索引擎 would otherwise stay until the first keystroke.
          var box = document.querySelector("input.md-search__input");
          if (box && !box.value.trim()) renderWaiting(box, "");
          return ready;
        }, function (error) {
          // The next keystroke tries again (a network hiccup on the intranet, a deploy in progress).
          broken();
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
      return engine.fillPlaceholders(line, function (name) {
        return agentNames.indexOf(name) !== -1 && typeof values[name] === "string" ? values[name].trim() : "";
      }).replace(/\s+/g, " ").trim();
    });
  }

  // --- the search-gap beacon --------------------------------------------------

  var session = { query: "", count: 0, idleSent: false, timer: null };

  // Phone, order and ID numbers are personal data: masked in the engine (digit runs and
  // dictated numerals become #), as scripts/search_report.py masks them again.
  var masked = engine.masked;

  // first=0 marks an open or copy after this query already reported itself idle, so the
  // report counts one search, not two. target is the entry opened or copied (its index URL).
  function beacon(data, action, rank) {
    // usage.js runs after the theme's bundle: an Enter typed as the page opened can act before it is there.
    if (!data.log || !session.query.trim() || !window.kbBeacon) return;
    var doc = rank ? current.results[rank - 1] : null;
    // The one sender (usage.js): GET with keepalive, which outlives the navigation that opening a
    // result starts; no cookies; the query masked with the engine's function. A count past the
    // sender's counters (999) is sent as 999, never as a false zero.
    window.kbBeacon.send("_search-log", { q: masked(session.query.trim()), n: Math.min(session.count, 999), rank: rank,
                                          action: action, first: session.idleSent && action !== "none" ? 0 : 1,
                                          target: doc ? doc.url : "" });
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
  // answered: the box value the list answers; answering: the run that will answer the latest value.
  var current = { results: [], nearest: false, selected: -1, data: null, answered: null, answering: Promise.resolve() };
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
    // The count of a query typed just before would otherwise be read out over the copy's confirmation.
    clearTimeout(countTimer);
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
      document.dispatchEvent(new CustomEvent("kb:search-copied", { detail: { url: doc.url } }));
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

  // 已更新 on a result whose words changed since the agent last viewed them: after its kind, and in
  // the option's name a screen reader reads.
  function markUpdated(link, doc) {
    if (typeof window.kbUpdatedBadge !== "function" || link.querySelector("[data-kb-updated]")) return;
    var badge = window.kbUpdatedBadge(doc.kind, doc.url);
    if (!badge) return;
    link.setAttribute("aria-label", link.getAttribute("aria-label") + "，" + badge.textContent);
    var label = link.querySelector(".kb-search-kind");
    label.appendChild(document.createTextNode(" "));
    label.appendChild(badge);
  }

  // An agent who types as the page opens sees results before updates.js has compared the versions:
  // their marks come in place when it has, the option the agent is on staying selected.
  document.addEventListener("kb:updates", function () {
    current.results.forEach(function (doc, index) {
      var link = document.getElementById(OPTION_ID + index);
      if (link) markUpdated(link, doc);
    });
  });

  function render(input, results, truncated, fallback) {
    var root = document.querySelector(".md-search-result");
    if (!root) return;
    var meta = root.querySelector(".md-search-result__meta");
    var list = root.querySelector(".md-search-result__list");
    list.textContent = "";
    current.results = results;
    current.nearest = false;
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
      current.nearest = true;
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
      markUpdated(link, doc);
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
    // Enter pressed now waits for this query's results, not the list that was there before.
    current.answered = null;
    root.removeAttribute("data-kb-query");
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
      var results, near;
      try {
        results = engine.search(data, value);
        near = results.length || !value.trim() ? [] : nearest(data, value);
      } catch (error) {
        // An index that opened but is broken inside (search-engine.js reads its entries on first use):
        // the next keystroke downloads it again instead of failing the same way on every query.
        // Only the engine's own reading counts: an error of the page's scripts is no reason to drop the index.
        broken();
        throw error;
      }
      current.data = data;
      render(input, results, value.length > MAX_QUERY, near);
      // Which query the list now answers: tests (and anyone scripting the box) wait on it, not on the meta text.
      current.answered = value;
      var root = document.querySelector(".md-search-result");
      if (root) root.setAttribute("data-kb-query", value);
      session.count = results.length;
      if (value.trim()) settleLater(data);
      window.kbSearch.lastMs = performance.now() - started;
      document.dispatchEvent(new CustomEvent("kb:search-rendered"));
    }).catch(function (error) {
      // Any key retries, Enter and the arrows too (runIfChanged would skip a box that did not change).
      lastRun = null;
      if (input.value === value) {
        renderWaiting(input, UNAVAILABLE);
        // Heard as well as seen: the count a screen reader hears after typing would otherwise never come.
        announceCount(UNAVAILABLE);
      }
      if (window.console) console.error(error);
    });
  }

  // The index could not be opened or read: forget it, and refuse its bytes (none when the download failed).
  function broken() {
    if (loadedBytes) window.kbSearchBytes.discard(loadedBytes);
    loadedBytes = ready = loading = current.data = null;
  }

  function isSearchBox(target) {
    return target && target.matches && target.matches("input.md-search__input");
  }

  var lastRun = null;
  function runIfChanged(input) {
    // Arrow keys, Ctrl and Enter also fire keyup: re-rendering then would drop the selection.
    if (input.value === lastRun) return;
    lastRun = input.value;
    current.answering = run(input);
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
    // The count of the query just typed would be read out over the page the agent lands on.
    clearTimeout(countTimer);
    if (current.data) beacon(current.data, "open", index + 1);
    go(links[index].href);
  }

  // A narrow screen's search covers the page and locks its scrolling, and closing it puts the page
  // back where it was: a result on the page the agent is on changed the address and stayed at the
  // top. So the search is closed first, and the page goes to the result once it can scroll.
  function go(href) {
    var url = new URL(href, window.location.href), toggle = document.getElementById("__search");
    if (url.pathname !== window.location.pathname || !url.hash || !toggle || !toggle.checked) {
      // Instant navigation keeps this script, its listeners and the open index (common.js).
      window.kbNavigate(href);
      return;
    }
    // The box gives up the focus with the search, as on a page that opens: a / pressed at once for
    // the next query then opens the search again (typed into the hidden box, it was a character).
    var box = document.querySelector("input.md-search__input");
    if (box) box.blur();
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    var frames = 0;
    (function whenUnlocked() {
      // Material unlocks the page a few frames after the search closes, putting it back where it was.
      if (document.body.hasAttribute("data-md-scrolllock") && ++frames < 60) {
        requestAnimationFrame(whenUnlocked);
        return;
      }
      requestAnimationFrame(function () {
        // Going to the # takes the focus from the box: an agent already typing the next query keeps it.
        var typing = isSearchBox(document.activeElement) && document.activeElement;
        if (window.location.hash !== url.hash) window.location.hash = url.hash;
        if (typing && document.activeElement !== typing) typing.focus();
        var target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
        if (target) target.scrollIntoView();
      });
    })();
  }

  // Material closes the search 125 ms after every change of the address, its # too: an agent who
  // took a result on this page and pressed / at once for the next query had the search closed
  // under their typing. It stays open while the box keeps the focus: each way the agent closes
  // it (Escape, Tab, a click elsewhere, a result) takes the focus out of the box, at once after.
  // (The header, and so the toggle, is parsed before this script runs.)
  var searchToggle = document.getElementById("__search");
  if (searchToggle) searchToggle.addEventListener("change", function () {
    if (searchToggle.checked) return;
    setTimeout(function () {
      if (!searchToggle.checked && isSearchBox(document.activeElement)) searchToggle.click();
    }, 0);
  });

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
      var copy = event.ctrlKey || event.metaKey, box = event.target;
      var act = function () {
        var index = current.selected === -1 ? 0 : current.selected;
        // Nothing matched: the nearest cards are a list to choose from, not an answer to paste by habit.
        if (copy && current.nearest && current.selected === -1) {
          clearTimeout(countTimer);
          say("没有找到符合条件的结果，没有复制。按↓选一张最接近的卡片，再按 Ctrl+Enter 复制。");
        } else if (copy) copyResult(index);
        else open(index);
      };
      if (current.answered === box.value) {
        act();
        return;
      }
      // An agent types and presses Enter at once, before the index or this query's results are
      // there: the key is kept and acts on the results of what the box says, not on the last list.
      runIfChanged(box);
      current.answering.then(function () {
        if (current.answered === box.value) act();
      });
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
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
      event.preventDefault();
      event.stopImmediatePropagation();
      go(link.href);
    }
  }, true);

  window.addEventListener("focusin", function (event) {
    if (!isSearchBox(event.target)) return;
    load().catch(function () { /* the next keystroke tries again and says so */ });
    // Material reopens the last results when the box gets the focus back.
    expand(true);
  }, true);

  window.kbReady(combobox);

  // A page swapped in by instant navigation (common.js; the header and this box stay) starts with
  // an empty box, as a page load did: a query typed after / is a new one, not added to the last.
  // Not while the agent is typing in it.
  document.addEventListener("kb:page", function () {
    var box = document.querySelector("input.md-search__input");
    if (!box || !box.value || document.activeElement === box) return;
    box.value = "";
    lastRun = null;
    current.answering = run(box);
  });

  // Open the index at once: there is nothing to build, and an agent may type the moment the page opens.
  load().catch(function () { /* the next keystroke tries again and says so */ });

  window.kbSearch = { search: function (query) { return load().then(function (data) { return engine.search(data, query); }); },
                      explain: function (query, url) { return load().then(function (data) { return engine.explain(data, query, url); }); },
                      normalise: engine.normalise, grams: engine.grams, masked: masked, maxQuery: MAX_QUERY,
                      loadMs: null, lastMs: null, readyAt: null };
})();
