// Beacons for the trainers' report (make report, scripts/report.py): what agents copy, their
// 有用 / 不好用 votes on cards and their quiz answers. One sender for every kind, the search-gap
// beacon's included (search.js): a GET to a path under the site, keepalive so it outlives a
// navigation, no cookies, never awaited, so a slow or hanging log never holds up the page.
//
// What may be sent (send() enforces it field by field, whatever the caller passes):
// - text a person typed (the search query, "text" fields) goes through the search engine's one
//   masking function (engine.masked: every digit-like run, however written, becomes #);
// - counters are whole numbers up to 999 (three digits cannot carry a phone or order number);
// - everything else is the site's own: ids from the page's markup (card and quiz item ids, page
//   URLs; never five digits in a row), values from fixed lists (the 不好用 reasons), or random ids
//   made of letters only.
// A value that does not fit its field is sent empty. No user id, no cookie, nothing stored
// about the agent: the vote id and the attempt id below name one vote and one exam sitting.
(function () {
  "use strict";

  var engine = window.kbSearchEngine;
  var USAGE_PATH = "_usage-log";
  var MAX_COUNTER = 999;
  var MAX_VALUE = 200;
  // A hanging log endpoint must not keep connections (six per host) busy for the pages to come:
  // a beacon gives up after GIVE_UP_MS, at most MAX_WAITING are out at once, and the rest wait
  // in a short queue (an exam sends one per question) that drops the newest when it is full.
  var GIVE_UP_MS = 10000;
  var MAX_WAITING = 2;
  var MAX_QUEUED = 100;
  var waiting = 0;
  var queue = [];
  var SHAPES = {
    counter: null,
    text: null,
    slug: /^[a-z0-9][a-z0-9-]{0,79}$/,
    url: /^[^\s?<>"'`\\]{0,200}$/,
    letters: /^[a-z]{1,24}$/,
    // Option keys (a, b, t …) joined by dots; the banks' keys are letters.
    keys: /^[a-z]{1,8}(\.[a-z]{1,8}){0,9}$/,
  };
  // Every field any beacon carries, and its shape; a field not listed here is never sent.
  var FIELDS = {
    // search-gap beacon (search.js)
    q: "text", n: "counter", rank: "counter", action: "letters", first: "counter", target: "url",
    // usage beacons
    k: "letters", card: "slug", line: "counter", src: "letters",
    vote: "letters", why: "letters", vid: "letters", seq: "counter",
    item: "slug", pick: "keys", ok: "counter", mode: "letters", att: "letters",
  };

  function fieldValue(name, value) {
    var shape = FIELDS[name];
    if (shape === "counter") {
      return typeof value === "number" && value >= 0 && value <= MAX_COUNTER && Math.floor(value) === value ? String(value) : "0";
    }
    var text = typeof value === "string" ? value.slice(0, MAX_VALUE) : "";
    if (shape === "text") return engine.masked(text);
    // The site's ids never hold five digits in a row; a phone, ID-card or order number always does,
    // so a caller that passed typed text where an id belongs sends nothing.
    return SHAPES[shape].test(text) && !/\d{5}/.test(text) ? text : "";
  }

  function send(path, fields) {
    var params = new URLSearchParams();
    Object.keys(fields).forEach(function (name) {
      if (FIELDS[name]) params.set(name, fieldValue(name, fields[name]));
    });
    if (queue.length < MAX_QUEUED) queue.push(window.kbAsset(path) + "?" + params.toString());
    sendQueued();
  }

  function sendQueued() {
    while (waiting < MAX_WAITING && queue.length) {
      waiting += 1;
      var answered = function () { waiting -= 1; sendQueued(); };
      try {
        var options = { method: "GET", keepalive: true, credentials: "omit", cache: "no-store" };
        if (window.AbortSignal && AbortSignal.timeout) options.signal = AbortSignal.timeout(GIVE_UP_MS);
        fetch(queue.shift(), options).then(answered, answered);
      } catch (e) { waiting -= 1; /* a beacon never breaks the page */ }
    }
  }

  // The kinds this build sends (hooks/usage.py writes them into every page's head).
  function on(kind) {
    var meta = document.querySelector('meta[name="kb-beacons"]');
    return !!meta && (meta.getAttribute("content") || "").split(/\s+/).indexOf(kind) !== -1;
  }

  function usage(kind, fields) {
    if (!on(kind)) return;
    fields.k = kind;
    send(USAGE_PATH, fields);
  }

  // Letters only: masking could never change it, and it looks like no number. 16 letters, 75 bits.
  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return String.fromCharCode(97 + b % 26); }).join("");
  }

  window.kbBeacon = { send: send, on: on, usage: usage, randomId: randomId };

  // --- copies -------------------------------------------------------------------

  // A line's number is its place among the card's [data-line] elements in page order:
  // the main script first, then the variants. 0 is the whole script (复制全部, a search result).
  function lineNumber(card, line) {
    return Array.prototype.indexOf.call(card.querySelectorAll("[data-line]"), line) + 1;
  }

  // cards.js tells what it copied (the button), search.js which card (its URL's anchor).
  document.addEventListener("kb:copied", function (event) {
    var button = event.detail && event.detail.button;
    if (!button) return;
    var greeting = button.closest("[data-greeting]");
    if (greeting) {
      usage("copy", { card: greeting.getAttribute("data-greeting"), line: 1, src: "home" });
      return;
    }
    var card = button.closest("[data-card]");
    if (!card) return;
    var all = button.hasAttribute("data-copy-all");
    var line = all ? null : button.closest(".kb-line").querySelector("[data-line]");
    usage("copy", { card: card.getAttribute("data-card"), line: all ? 0 : lineNumber(card, line), src: all ? "all" : "card" });
  });

  document.addEventListener("kb:search-copied", function (event) {
    var url = event.detail && typeof event.detail.url === "string" ? event.detail.url : "";
    var anchor = url.split("#")[1] || "";
    if (url.indexOf("phrasebooks/") === 0 && anchor) usage("copy", { card: anchor, line: 0, src: "search" });
  });

  // Text selected and copied by hand (Ctrl+C): on the printable 速查卡, or on a card page.
  document.addEventListener("copy", function () {
    var selection = window.getSelection && window.getSelection();
    if (!selection || selection.isCollapsed || !selection.anchorNode) return;
    var start = selection.anchorNode.nodeType === 1 ? selection.anchorNode : selection.anchorNode.parentElement;
    if (!start || !start.closest) return;
    var cheat = start.closest("[data-cheat-card]");
    if (cheat) {
      var printed = start.closest("[data-line-no]");
      usage("copy", { card: cheat.getAttribute("data-cheat-card"),
                      line: printed ? Number(printed.getAttribute("data-line-no")) : 0, src: "cheatsheet" });
      return;
    }
    var card = start.closest("[data-card]");
    var line = start.closest("[data-line]");
    if (card) usage("copy", { card: card.getAttribute("data-card"), line: line ? lineNumber(card, line) : 0, src: "select" });
  });

  // --- votes ----------------------------------------------------------------------

  // One vote per card per browser: kb.votes = {card id: {vote, why, vid, seq}}. The stored
  // object is untrusted (another version, a person with the developer tools): each entry is
  // checked and a bad one counts as no vote. vid is random per card, so it ties together the
  // changes of one vote and nothing else; seq orders them, so the report keeps the latest.
  var VOTES = "kb.votes";
  var REASON_OF = Object.create(null);  // a stored "constructor" is no reason

  function storedVote(cardId) {
    var entry = window.kbReadObject(VOTES)[cardId];
    if (!entry || typeof entry !== "object") return null;
    var vote = entry.vote === "up" || entry.vote === "down" ? entry.vote : "";
    var why = vote === "down" && typeof entry.why === "string" && REASON_OF[entry.why] ? entry.why : "";
    var vid = typeof entry.vid === "string" && SHAPES.letters.test(entry.vid) && entry.vid.length === 16 ? entry.vid : "";
    var seq = typeof entry.seq === "number" && entry.seq >= 0 && entry.seq < MAX_COUNTER ? Math.floor(entry.seq) : 0;
    return vid ? { vote: vote, why: why, vid: vid, seq: seq } : null;
  }

  function saveVote(cardId, next) {
    var all = window.kbReadObject(VOTES);
    all[cardId] = next;
    window.kbWrite(VOTES, all);
  }

  function showVote(block, current) {
    var vote = current ? current.vote : "", why = current ? current.why : "";
    block.querySelectorAll("[data-vote-value]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-vote-value") === vote ? "true" : "false");
    });
    block.querySelectorAll("[data-vote-reason]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-vote-reason") === why ? "true" : "false");
    });
    block.querySelector("[data-vote-reasons]").hidden = vote !== "down";
  }

  // value: up | down | "" (withdrawn); why: a reason key or "".
  function vote(block, value, why) {
    var cardId = block.getAttribute("data-vote");
    var before = storedVote(cardId);
    if (before && before.vote === value && before.why === why) return;
    var next = { vote: value, why: why, vid: before ? before.vid : randomId(), seq: before ? before.seq + 1 : 0 };
    saveVote(cardId, next);
    showVote(block, next);
    block.querySelector("[data-vote-status]").textContent = !value ? "已撤回评价。"
      : value === "up" ? "谢谢，已记下：有用。"
      : why ? "谢谢，已记下：不好用（" + REASON_OF[why] + "）。" : "已记下：不好用。可以再选一个原因。";
    usage("vote", { card: cardId, vote: value || "none", why: why, vid: next.vid, seq: next.seq });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-vote-value], [data-vote-reason]");
    var block = button && button.closest("[data-vote]");
    if (!block || !on("vote")) return;
    var pressed = button.getAttribute("aria-pressed") === "true";
    if (button.hasAttribute("data-vote-reason")) {
      vote(block, "down", pressed ? "" : button.getAttribute("data-vote-reason"));
    } else {
      // Pressing the pressed button again withdraws the vote.
      vote(block, pressed ? "" : button.getAttribute("data-vote-value"), "");
    }
  });

  function initVotes() {
    if (!on("vote")) return;
    document.querySelectorAll("[data-vote]").forEach(function (block) {
      block.querySelectorAll("[data-vote-reason]").forEach(function (button) {
        REASON_OF[button.getAttribute("data-vote-reason")] = button.textContent.trim();
      });
      showVote(block, storedVote(block.getAttribute("data-vote")));
      block.hidden = false;
    });
  }

  // --- quizzes --------------------------------------------------------------------

  // quiz.js tells each first answer in practice, and the whole sitting at 交卷 in an exam.
  // The attempt id is made for that one sitting: it lets the report rank sittings by score
  // (item discrimination), and a retake or another sitting gets a new one.
  function quizItem(answer, mode, attempt) {
    usage("quiz", { item: answer.item, pick: answer.pick.join("."), ok: answer.ok ? 1 : 0, mode: mode, att: attempt || "" });
  }

  document.addEventListener("kb:quiz-answered", function (event) {
    if (event.detail) quizItem(event.detail, "practice", "");
  });

  document.addEventListener("kb:quiz-submitted", function (event) {
    if (!event.detail || !Array.isArray(event.detail.answers) || !on("quiz")) return;
    var attempt = randomId();
    event.detail.answers.forEach(function (answer) { quizItem(answer, "exam", attempt); });
  });

  // Each page shown: its cards' votes.
  window.kbPage(initVotes);
})();
