// Phrase cards: agent placeholders from localStorage, copy as plain text, today's opening line.
(function () {
  "use strict";

  function applyPlaceholders() {
    var values = window.kbPlaceholders();
    document.querySelectorAll("[data-ph]").forEach(function (el) {
      var name = el.getAttribute("data-ph");
      var value = (values[name] || "").trim();
      // Unfilled placeholders keep their brackets, on screen and when copied.
      el.textContent = value || "[" + name + "]";
      el.classList.toggle("kb-ph--filled", value !== "");
    });
    document.querySelectorAll("[data-ph-input]").forEach(function (input) {
      if (document.activeElement !== input) input.value = values[input.getAttribute("data-ph-input")] || "";
    });
  }

  function textOf(line) {
    return line.textContent.replace(/\s+/g, " ").trim();
  }

  // The bar on every page (macros/overrides/main.html): the agent's details, or a request to fill them in.
  // How the bar shows a filled value, and names a missing one; other fields are shown as they are.
  var SHOWN_AS = { "工号": "工号 " }, NAMED = { "坐席姓名": "称呼" };
  function showMyInfo() {
    var state = document.querySelector("[data-my-info-state]");
    if (!state) return;
    var values = window.kbPlaceholders();
    var value = function (name) { return (values[name] || "").trim(); };
    var missing = window.kbAgentFields.filter(function (name) { return !value(name); });
    state.textContent = missing.length === 0
      ? window.kbAgentFields.map(function (name) { return (SHOWN_AS[name] || "") + value(name); }).join(" · ")
      : "还没填" + missing.map(function (name) { return NAMED[name] || name; }).join("、") + "：填一次，所有话术自动带入";
    document.querySelector("[data-my-info]").classList.toggle("kb-my-info--missing", missing.length > 0);
  }

  // A yellow agent blank (an unfilled [公司名称]) leads to its field: on this page, or on the card list's form.
  function goToField(name) {
    var input = document.querySelector('[data-ph-input="' + name + '"]');
    if (input) {
      input.scrollIntoView({ block: "center" });
      input.focus();
      return;
    }
    // No #我的信息 here: the theme would move the focus to that target after ours went to the field.
    window.location.href = window.kbAsset("phrasebooks/") + "?field=" + encodeURIComponent(name);
  }

  function focusRequestedField() {
    var name = new URLSearchParams(window.location.search).get("field");
    if (!name) return;
    var input = Array.prototype.find.call(document.querySelectorAll("[data-ph-input]"), function (field) {
      return field.getAttribute("data-ph-input") === name;
    });
    if (input) { input.scrollIntoView({ block: "center" }); input.focus(); }
  }

  function lineText(button) {
    return textOf(button.closest(".kb-line").querySelector("[data-line]"));
  }

  // The card's own script in order: its lines, or its steps' lines. Variants are alternatives, not part of it.
  function mainScript(card) {
    var body = card.querySelector(".kb-card__body");
    return Array.prototype.filter.call(body.querySelectorAll("[data-line]"), function (line) {
      return !line.closest(".kb-variant");
    }).map(textOf);
  }

  function flash(button, label) {
    var original = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", original);
    button.textContent = label;
    setTimeout(function () { button.textContent = original; }, 1500);
  }

  function dateKey(now) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  // The same markup as script() in macros/cards.html, for lines chosen in the browser.
  function renderSegments(target, segments) {
    target.textContent = "";
    segments.forEach(function (piece) {
      if (piece.placeholder === undefined) {
        target.appendChild(document.createTextNode(piece.text));
        return;
      }
      var span = document.createElement("span");
      span.className = "kb-ph" + (piece.agent ? " kb-ph--agent" : "");
      span.setAttribute("data-ph", piece.placeholder);
      target.appendChild(span);
    });
  }

  // The greeting that fits this minute: the page may stay open past 12:00 or midnight,
  // so it is worked out again before each copy, every minute and when the tab comes back.
  var greetingData = null;
  function showGreeting() {
    var widget = document.querySelector("[data-greeting]");
    if (!widget || !greetingData) return;
    var now = new Date();
    var holiday = greetingData.holidays[dateKey(now)];
    var pick = holiday || (now.getHours() < greetingData.morning_ends_at_hour ? greetingData.morning : greetingData["default"]);
    var why = holiday ? "（今天是" + holiday.holiday + "）" : (pick === greetingData.morning ? "（12:00 前）" : "（12:00 后）");
    var whyEl = widget.querySelector("[data-greeting-why]");
    // Unchanged: leave the line alone (a selection in it, a screen reader reading it).
    if (widget.getAttribute("data-greeting") === pick.card && whyEl.textContent === why) return;
    renderSegments(widget.querySelector("[data-greeting-line]"), pick.segments);
    whyEl.textContent = why;
    widget.setAttribute("data-greeting", pick.card);
    applyPlaceholders();
  }

  // Read once per visit, when a page with the greeting is first shown; each page after that
  // (instant navigation) shows it from what was read, and one timer keeps it current.
  var greetingLoading = null;
  function loadGreeting() {
    if (!document.querySelector("[data-greeting]")) return;
    if (greetingData) {
      showGreeting();
      return;
    }
    if (greetingLoading) return;
    greetingLoading = fetch(window.kbAsset("assets/kb/greeting.json"))
      .then(function (response) { return response.json(); })
      .then(function (data) {
        greetingData = data;
        showGreeting();
        setInterval(showGreeting, 60 * 1000);
      });
    // A failed read is tried again by the next page with the greeting.
    greetingLoading.catch(function () { greetingLoading = null; });
  }

  // Until greeting.json is here the line on screen is the build's everyday fallback: a copy
  // pressed as the page opens waits for it (at most GREETING_WAIT_MS), so 元旦 copies 新年好.
  var GREETING_WAIT_MS = 2000;
  function whenGreetingKnown() {
    if (greetingData || !greetingLoading) return Promise.resolve();
    var waited = new Promise(function (resolve) { setTimeout(resolve, GREETING_WAIT_MS); });
    return Promise.race([greetingLoading.catch(function () {}), waited]).then(showGreeting);
  }

  // After the feedback is shown: usage.js reports the copy (card, line, where from).
  function copied(button) {
    document.dispatchEvent(new CustomEvent("kb:copied", { detail: { button: button } }));
  }

  document.addEventListener("click", function (event) {
    var blank = event.target.closest(".kb-ph--agent:not(.kb-ph--call)");
    if (blank && !blank.classList.contains("kb-ph--filled")) {
      goToField(blank.getAttribute("data-ph"));
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    // What is copied is what fits now: another tab may have just started a new call, the clock moved on.
    if (event.target.closest("[data-copy-all], [data-copy]")) {
      applyPlaceholders();
      showGreeting();
    }
    var all = event.target.closest("[data-copy-all]");
    if (all) {
      var lines = mainScript(all.closest(".kb-card"));
      window.kbCopyText(lines.join("\n")).then(
        function () { flash(all, "已复制全部 " + lines.length + " 句"); window.kbAnnounce("已复制全部 " + lines.length + " 句话术。"); copied(all); },
        function () { flash(all, "复制失败，请手动选择"); }
      );
      return;
    }
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    if (button.closest("[data-greeting]") && !greetingData) {
      whenGreetingKnown().then(function () { copyLine(button); });
      return;
    }
    copyLine(button);
  });

  function copyLine(button) {
    var line = button.closest(".kb-line");
    var siblings = line.parentNode.querySelectorAll(".kb-line");
    var which = siblings.length > 1 ? "第 " + (Array.prototype.indexOf.call(siblings, line) + 1) + " 句" : "这句话术";
    window.kbCopyText(lineText(button)).then(
      function () { flash(button, "已复制"); window.kbAnnounce("已复制" + which + "。"); copied(button); },
      function () { flash(button, "复制失败，请手动选择"); }
    );
  }

  var savedTimer = null;
  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-ph-input]");
    if (!input) return;
    window.kbSavePlaceholder(input.getAttribute("data-ph-input"), input.value);
    // One 已保存 once typing pauses, not one per keystroke for a screen reader.
    var status = input.closest("[data-ph-form]").querySelector("[data-ph-status]");
    clearTimeout(savedTimer);
    savedTimer = setTimeout(function () {
      if (status) status.textContent = "已保存：" + input.closest("label").textContent.trim() + "。";
    }, 600);
  });

  // Editing a field replaces what it holds: typing the next customer's name after
  // clicking into the field must not give 王先生李女士.
  var justFocused = null;
  document.addEventListener("focusin", function (event) {
    var input = event.target.closest && event.target.closest("[data-ph-input]");
    if (!input) return;
    input.select();
    justFocused = input;
  });
  document.addEventListener("mouseup", function (event) {
    // The click that focused the field would otherwise put the caret where it landed.
    if (justFocused && event.target === justFocused) event.preventDefault();
    justFocused = null;
  });

  document.addEventListener("kb:placeholders-changed", function () {
    applyPlaceholders();
    showMyInfo();
    document.querySelectorAll("[data-ph-input]").forEach(function (input) {
      var name = input.getAttribute("data-ph-input");
      if (document.activeElement === input && window.kbPlaceholders()[name] === undefined) input.value = "";
    });
  });

  // Enter in a placeholder field must not submit (and reload) the page; no inline
  // handler for this, since the CSP allows only the site's own script files.
  document.addEventListener("submit", function (event) {
    if (event.target.closest("[data-ph-form]")) event.preventDefault();
  });

  document.addEventListener("visibilitychange", showGreeting);

  // On a slow link the form is on screen before this script runs, and an agent types the
  // customer's name at once: what was typed then is saved now. The stored (empty) value would
  // otherwise replace it at the first copy, which would paste [客户称呼].
  function keepEarlyTyping() {
    document.querySelectorAll("[data-ph-input]").forEach(function (input) {
      if (input.value !== input.defaultValue) window.kbSavePlaceholder(input.getAttribute("data-ph-input"), input.value);
    });
  }

  // Each page shown: its placeholders, the 我的信息 bar (swapped with the page), the greeting.
  function init() {
    // The copy buttons are disabled in the markup until this script can fill and copy their lines.
    document.querySelectorAll("[data-copy], [data-copy-all]").forEach(function (button) { button.disabled = false; });
    keepEarlyTyping();
    applyPlaceholders();
    showMyInfo();
    focusRequestedField();
    loadGreeting();
  }

  window.kbPage(init);
})();
