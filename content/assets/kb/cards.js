// Phrase cards: agent placeholders from localStorage, copy as plain text, today's opening line.
(function () {
  "use strict";

  var STORE = "kb.placeholders";

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

  function lineText(button) {
    var line = button.closest(".kb-line").querySelector("[data-line]");
    return line.textContent.replace(/\s+/g, " ").trim();
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

  function showGreeting() {
    var widget = document.querySelector("[data-greeting]");
    if (!widget) return Promise.resolve();
    return fetch(window.kbAsset("assets/kb/greeting.json"))
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var now = new Date();
        var holiday = data.holidays[dateKey(now)];
        var pick = holiday || (now.getHours() < data.morning_ends_at_hour ? data.morning : data["default"]);
        renderSegments(widget.querySelector("[data-greeting-line]"), pick.segments);
        widget.querySelector("[data-greeting-why]").textContent =
          holiday ? "（今天是" + holiday.holiday + "）" : (pick === data.morning ? "（12:00 前）" : "（12:00 后）");
        widget.setAttribute("data-greeting", pick.card);
      });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    window.kbCopyText(lineText(button)).then(
      function () { flash(button, "已复制"); },
      function () { flash(button, "复制失败，请手动选择"); }
    );
  });

  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-ph-input]");
    if (!input) return;
    var values = window.kbPlaceholders();
    values[input.getAttribute("data-ph-input")] = input.value;
    window.kbWrite(STORE, values);
    applyPlaceholders();
  });

  // Enter in a placeholder field must not submit (and reload) the page; no inline
  // handler for this, since the CSP allows only the site's own script files.
  document.addEventListener("submit", function (event) {
    if (event.target.closest("[data-ph-form]")) event.preventDefault();
  });

  window.addEventListener("storage", function (event) {
    if (event.key === STORE) applyPlaceholders();
  });

  function init() {
    applyPlaceholders();
    showGreeting().then(applyPlaceholders);
  }

  window.kbReady(init);
})();
