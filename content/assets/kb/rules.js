// 服务禁语 matcher (mirror of hooks/kb/rules.py, same steps and order), filter and checker.
(function () {
  "use strict";

  // The same set as hooks/kb/dropped_chars.json: invisible characters must not split a 禁语.
  // U+2800 (braille blank) renders as a space but is in neither property: dropped too (dropped_chars.json).
  var DROPPED = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]/u;
  // Longer pastes are checked up to here, so the tab stays responsive (issue 10: 200,000 characters froze it).
  var MAX_CHECKED = 20000;
  // Sentence ends after normalisation (。 stays, ！？ become !?), as _SENTENCE_END in rules.py.
  var NORMAL_SENTENCE_END = "。!?";

  function normalise(text) {
    var chars = [], origin = [], index = 0;
    // Iterate by code point, as Python does.
    for (var char of text) {
      var pieces = char.normalize("NFKC").toLowerCase();
      for (var piece of pieces) {
        if (!DROPPED.test(piece)) { chars.push(piece); origin.push(index); }
      }
      index += char.length;
    }
    return { text: chars.join(""), chars: chars, origin: origin, length: chars.length };
  }

  // Positions in code points, like Python's str indices; `hay` is an array of code points.
  function spans(hay, needle) {
    var result = [];
    var ndl = Array.from(needle);
    if (!ndl.length) return result;
    for (var i = 0; i + ndl.length <= hay.length; ) {
      var ok = true;
      for (var j = 0; j < ndl.length; j++) if (hay[i + j] !== ndl[j]) { ok = false; break; }
      if (ok) { result.push([i, i + ndl.length]); i += ndl.length; } else { i += 1; }
    }
    return result;
  }

  function findMatches(text, rules) {
    var norm = normalise(text);
    var candidates = [];
    rules.forEach(function (rule, order) {
      var allowed = [];
      rule.allow.forEach(function (term) { allowed = allowed.concat(spans(norm.chars, normalise(term).text)); });
      var openers = [];
      (rule.allow_after || []).forEach(function (term) { openers = openers.concat(spans(norm.chars, normalise(term).text)); });
      rule.forbidden.forEach(function (phrase) {
        spans(norm.chars, normalise(phrase).text).forEach(function (span) {
          var inside = allowed.some(function (a) { return a[0] <= span[0] && span[1] <= a[1]; });
          // 经检测，…没有质量问题: an opener earlier in the same sentence makes it a checked result.
          var reported = openers.some(function (o) {
            return o[1] <= span[0] && !norm.chars.slice(o[1], span[0]).some(function (c) { return NORMAL_SENTENCE_END.indexOf(c) >= 0; });
          });
          if (!inside && !reported) candidates.push({ start: span[0], end: span[1], order: order, phrase: phrase });
        });
      });
    });
    candidates.sort(function (a, b) {
      return a.start - b.start || (b.end - b.start) - (a.end - a.start) || a.order - b.order ||
        (a.phrase < b.phrase ? -1 : a.phrase > b.phrase ? 1 : 0);
    });
    var kept = [], takenUntil = -1;
    candidates.forEach(function (c) {
      if (c.start >= takenUntil) { kept.push(c); takenUntil = c.end; }
    });
    // Map back to UTF-16 offsets of the original text for slicing in the browser,
    // and report code-point offsets too, for comparison with Python.
    if (!kept.length) return [];
    var cpIndexOf = new Int32Array(text.length + 1), cp = 0, offset = 0;
    for (var char of text) { cpIndexOf[offset] = cp; offset += char.length; cp += 1; }
    cpIndexOf[offset] = cp;
    return kept.map(function (c) {
      var start16 = norm.origin[c.start];
      var lastStart16 = norm.origin[c.end - 1];
      var end16 = lastStart16 + (text.codePointAt(lastStart16) > 0xffff ? 2 : 1);
      return { rule: rules[c.order].id, phrase: c.phrase, start: cpIndexOf[start16], end: cpIndexOf[end16],
               found: text.slice(start16, end16), start16: start16, end16: end16 };
    });
  }

  window.kbRules = { normalise: normalise, findMatches: findMatches, dropped: DROPPED };

  function initFilter() {
    var filter = document.querySelector("[data-rule-filter]");
    if (!filter) return;
    var buttons = filter.querySelectorAll("[data-category]");
    var rows = document.querySelectorAll("tr[data-rule]");

    function show(category) {
      // aria-pressed tells a screen reader which filter is on; the class only shows it.
      buttons.forEach(function (b) {
        var on = b.getAttribute("data-category") === category;
        b.classList.toggle("is-active", on);
        b.setAttribute("aria-pressed", on ? "true" : "false");
      });
      rows.forEach(function (row) {
        row.hidden = category !== "" && row.getAttribute("data-category") !== category;
      });
    }

    function targetRow() {
      var id;
      try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return null; }
      var target = id && document.getElementById(id);
      var row = target && target.closest("tr[data-rule]");
      return row ? { heading: target, row: row } : null;
    }

    filter.addEventListener("click", function (event) {
      var button = event.target.closest("[data-category]");
      if (!button) return;
      show(button.getAttribute("data-category"));
      // A filter that hides the rule in the address drops the #: landing on that rule again
      // (the same search result) is then a hash change that reveal() sees.
      var landed = targetRow();
      if (landed && landed.row.hidden) history.replaceState(history.state, "", location.pathname + location.search);
    });

    // Landing on a rule (a search result, a link, the address bar) while a filter hides it
    // would scroll to a row 0 px tall: show every category again and say so.
    function reveal() {
      var landed = targetRow();
      if (!landed || !landed.row.hidden) return;
      var was = filter.querySelector('[aria-pressed="true"]');
      show("");
      landed.heading.scrollIntoView();
      window.kbAnnounce("“" + landed.row.getAttribute("data-category") + "”类的规则“" + landed.heading.textContent +
        "”不在“" + (was ? was.textContent : "") + "”筛选里，已切换为“全部”。");
    }
    window.addEventListener("hashchange", function revealed() {
      // The table is no longer shown (instant navigation swapped the page): its listener goes with it.
      if (!filter.isConnected) window.removeEventListener("hashchange", revealed);
      else reveal();
    });
    reveal();
  }

  var SENTENCE_END = /[。！？!?\n]/;
  var CLAUSE_END = /[，,；;。！？!?\n]/;
  var FINAL_PUNCTUATION = /[。！？!?]+$/;
  // A replacement with a clause mark inside, or a question, is a sentence of its own, not a drop-in phrase.
  var INNER_CLAUSE_MARK = /[，,；;。！？!?]/;

  // Marks a deleted phrase can leave dangling: 好的，你懂的，这个… must not become 好的，，这个….
  var PAUSE_MARK = /[，,；;、]/;
  var SPACE = /[ \t]/;

  // Deleting a phrase (a swap to "") also takes the mark it leaves dangling, full-width or half-width:
  // the pause after it when it opened the sentence (那个那个，您的… → 您的…) or when one came
  // before it too (好的，你懂的，这个 → 好的，这个), or the pause before it when the sentence ends
  // right after it (续费的，你懂的。 → 续费的。). Spaces around the phrase go with it.
  function deletionRange(value, start, end) {
    var before = start, after = end;
    while (before > 0 && SPACE.test(value[before - 1])) before -= 1;
    while (after < value.length && SPACE.test(value[after])) after += 1;
    var prev = before > 0 ? value[before - 1] : "";
    var next = after < value.length ? value[after] : "";
    var opens = prev === "" || SENTENCE_END.test(prev);
    if (PAUSE_MARK.test(next) && (opens || PAUSE_MARK.test(prev))) {
      after += 1;
      if (opens) while (after < value.length && SPACE.test(value[after])) after += 1;
      return [before, after, "", false];
    }
    if (PAUSE_MARK.test(prev) && (next === "" || SENTENCE_END.test(next))) return [before - 1, after, "", false];
    if (opens && next !== "" && SENTENCE_END.test(next)) return [before, after + 1, "", false];
    return [start, end, "", false];
  }

  // Returns [start, end, text, split]. Without a word-level swap, the clause holding the match is
  // replaced and the rest of the sentence kept: the fix for 这个不归我管 in 这个不归我管，但是我帮你问问
  // must not lose 我帮你问问. An agent wants the 规范用语 said whole, as trained, and their own words
  // kept: so a whole-sentence replacement is never spliced into the middle of their sentence. It
  // ends the sentence with its own mark and what followed starts the next one (好的。请说吧，我在听 →
  // …请问有什么可以帮您？我在听); only a statement that opens the sentence leads into the rest with a
  // comma, as trained (我跟您解释一下，这个要先登录). Replacing the whole sentence would lose the
  // agent's facts; a copy-only suggestion would make them retype around it.
  function swapRange(value, match, rule, replacement) {
    if (Object.prototype.hasOwnProperty.call(rule.swaps, match.phrase)) {
      var swap = rule.swaps[match.phrase];
      if (swap === "") return deletionRange(value, match.start16, match.end16);
      return [match.start16, match.end16, swap, false];
    }
    var start = match.start16, end = match.end16;
    while (start > 0 && !CLAUSE_END.test(value[start - 1])) start -= 1;
    while (end < value.length && !CLAUSE_END.test(value[end])) end += 1;
    if (end >= value.length || SENTENCE_END.test(value[end])) {
      return [start, Math.min(end + 1, value.length), replacement, false];
    }
    var opens = start === 0 || SENTENCE_END.test(value[start - 1]);
    var sentence = INNER_CLAUSE_MARK.test(replacement.replace(FINAL_PUNCTUATION, "")) || /[！？!?]$/.test(replacement);
    if (!sentence || (opens && /。$/.test(replacement))) {
      // The sentence goes on after a comma: the replacement's own full stop would end it too early.
      return [start, end, replacement.replace(FINAL_PUNCTUATION, ""), false];
    }
    // The comma after the clause gives way to the replacement's own end.
    return [start, end + 1, FINAL_PUNCTUATION.test(replacement) ? replacement : replacement + "。", true];
  }

  // Blanks such as [相关部门] left by a replacement are marked, as on the cards, until the agent fills them.
  var BLANK = /\[[^\[\]\s]{1,12}\]/g;
  function appendText(target, text) {
    var last = 0, found;
    BLANK.lastIndex = 0;
    while ((found = BLANK.exec(text))) {
      target.appendChild(document.createTextNode(text.slice(last, found.index)));
      var blank = document.createElement("span");
      blank.className = "kb-ph";
      blank.title = "按这通电话替换";
      blank.textContent = found[0];
      target.appendChild(blank);
      last = found.index + found[0].length;
    }
    target.appendChild(document.createTextNode(text.slice(last)));
  }

  // The first MAX_CHECKED UTF-16 units, without splitting a surrogate pair.
  function checkedPart(value) {
    if (value.length <= MAX_CHECKED) return value;
    var end = MAX_CHECKED;
    var unit = value.charCodeAt(end - 1);
    if (unit >= 0xd800 && unit <= 0xdbff) end -= 1;
    return value.slice(0, end);
  }

  // Read once per visit: the checker shown again (instant navigation) checks at once. A failed
  // read is forgotten (before the checker hears of it), so the next keystroke fetches again.
  var rulesLoading = null;
  function loadRules() {
    if (!rulesLoading) {
      rulesLoading = fetch(window.kbAsset("assets/kb/rules.json")).then(function (response) {
        if (!response.ok) throw new Error("rules.json " + response.status);
        return response.json();
      });
      rulesLoading.catch(function () { rulesLoading = null; });
    }
    return rulesLoading;
  }

  // The draft as its checker last showed it. Back to the checker after a look at another page put
  // the draft back when that was a page load (the browser restores a form's fields); a page swapped
  // in (instant navigation) is fresh from the server, so the draft is put back from here. Only by
  // Back or Forward, as the browser did (a link opens an empty checker), and only in the call it
  // was written in: after 新来电 it is the last customer's.
  var kept = null;

  function initChecker() {
    var root = document.querySelector("[data-checker]");
    if (!root) return;
    var input = root.querySelector("[data-checker-input]");
    if (kept && kept.text && window.kbPageFromHistory() && kept.call === window.kbCallId()) input.value = kept.text;
    var output = root.querySelector("[data-checker-output]");
    var issues = root.querySelector("[data-checker-issues]");
    var summary = root.querySelector("[data-checker-summary]");
    var rules = null, byId = {}, loading = null, failed = false;

    function render() {
      var value = input.value;
      // (A checker swapped out may still render once its rules arrive: it keeps nothing then.)
      if (root.isConnected) kept = { text: value, call: window.kbCallId() };
      var checked = checkedPart(value);
      var matches = rules ? findMatches(checked, rules) : [];
      output.textContent = "";
      issues.textContent = "";
      var last = 0;
      matches.forEach(function (match, index) {
        var rule = byId[match.rule];
        appendText(output, value.slice(last, match.start16));
        var mark = document.createElement("mark");
        mark.textContent = match.found;
        mark.title = rule.reason;
        mark.setAttribute("data-rule", rule.id);
        mark.setAttribute("data-severity", rule.severity);
        output.appendChild(mark);
        last = match.end16;

        var item = document.createElement("li");
        item.setAttribute("data-issue", rule.id);
        var head = document.createElement("p");
        var word = document.createElement("mark");
        word.textContent = match.found;
        head.appendChild(word);
        head.appendChild(document.createTextNode((rule.severity === "error" ? " 服务禁语：" : " 提醒：") + rule.reason));
        item.appendChild(head);
        var options = Object.prototype.hasOwnProperty.call(rule.swaps, match.phrase) ? [rule.swaps[match.phrase]] : rule.replacements;
        options.forEach(function (replacement) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "kb-copy";
          button.setAttribute("data-swap", String(index));
          button.textContent = replacement === "" ? "删除" : "替换为：" + replacement;
          button.addEventListener("click", function () {
            var range = swapRange(input.value, match, rule, replacement);
            input.value = input.value.slice(0, range[0]) + range[2] + input.value.slice(range[1]);
            render();
            // The list was rebuilt under the keyboard: go on to the suggestion now in this place
            // (the next one), or back to the draft when none is left, and say what changed in
            // the summary (one live region, so it is read once).
            var left = issues.querySelectorAll("[data-issue]");
            var next = left.length ? left[Math.min(index, left.length - 1)].querySelector("button") : input;
            next.focus();
            summary.textContent = "已把“" + match.found + "”" + (replacement === "" ? "删除" : "改为规范用语") +
              (range[3] ? "，后面的话另起一句" : "") + "。" + summary.textContent;
          });
          item.appendChild(button);
        });
        issues.appendChild(item);
      });
      appendText(output, value.slice(last));
      var truncated = checked.length < value.length;
      root.toggleAttribute("data-truncated", truncated);
      // Before the rules arrive nothing has been checked: saying 没有发现 then would be a false all-clear.
      summary.textContent = (value.trim() === "" ? "" : !rules ?
        (failed ? "禁语表暂时无法加载：再输入一个字会重试，或刷新页面。" : "正在载入禁语表，马上检查…") :
        (matches.length ? "发现 " + matches.length + " 处需要修改。" : "没有发现服务禁语。")) +
        (truncated ? "文本过长（共 " + value.length + " 个字符），只检查了前 " + checked.length + " 个字符，请分段检查。" : "");
    }

    input.addEventListener("input", function () {
      load();
      render();
    });
    var copy = root.querySelector("[data-checker-copy]");
    if (copy) copy.addEventListener("click", function () {
      var blanks = (input.value.match(BLANK) || []).length;
      window.kbCopyText(input.value).then(function () {
        window.kbAnnounce("已复制检查后的文字" + (blanks ? "；还有 " + blanks + " 处方括号要按这通电话替换。" : "。"));
      }, function () {
        window.kbAnnounce("复制失败：请在输入框里全选后手动复制。");
      });
    });
    // A failed download (a deploy in progress, a hiccup on the intranet) is said, never left at
    // 马上检查; the next keystroke tries again, as the search box does. The download itself is
    // shared by every checker shown in this visit (loadRules).
    function load() {
      if (rules || loading) return;
      failed = false;
      loading = loadRules().then(function (data) {
        rules = data;
        data.forEach(function (rule) { byId[rule.id] = rule; });
        root.setAttribute("data-ready", "");
        render();
      }, function () {
        loading = null;
        failed = true;
        render();
      });
    }
    load();
  }

  // Each page shown: its rule table's filter, its checker.
  function init() { initFilter(); initChecker(); }
  window.kbPage(init);
})();
