// Quizzes: practice and exam modes, shuffled options, progress in localStorage, CSV export.
(function () {
  "use strict";

  function shuffle(container) {
    var items = Array.prototype.slice.call(container.children);
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = items[i]; items[i] = items[j]; items[j] = swap;
    }
    items.forEach(function (item) { container.appendChild(item); });
  }

  // A field starting with = + - @ (or a tab/CR) is a formula to a spreadsheet: the agent's name
  // comes from localStorage, so it is prefixed with ' and stays text when the trainer opens the file.
  function csvField(value) {
    var text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  // The answer key is base64 of UTF-8 JSON (hooks/quizzes.py): not a secret,
  // but not readable at a glance in the page source either. It is decoded only
  // when an answer is to be shown: each answer in practice, at 交卷 in an exam.
  function decodeKey(element) {
    var bytes = Uint8Array.from(atob(element.getAttribute("data-quiz-key")), function (c) { return c.charCodeAt(0); });
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function stringList(value) {
    return Array.isArray(value) ? value.filter(function (item) { return typeof item === "string"; }) : [];
  }

  function count(value) {
    return typeof value === "number" && isFinite(value) && value >= 0 ? Math.floor(value) : null;
  }

  // Whatever is stored under kb.quiz.<slug> is checked field by field; a field
  // of the wrong type falls back to its default, so odd storage never stops a quiz.
  function loadSaved(storeKey) {
    var stored = window.kbReadObject(storeKey);
    var progress = {};
    var rawProgress = stored.progress && typeof stored.progress === "object" && !Array.isArray(stored.progress)
      ? stored.progress : {};
    Object.keys(rawProgress).forEach(function (qid) { progress[qid] = stringList(rawProgress[qid]); });
    var result = function (value) {
      if (!value || typeof value !== "object") return null;
      var score = count(value.score), total = count(value.total);
      return score !== null && total !== null && score <= total ? { score: score, total: total } : null;
    };
    var mode = stored.mode === "exam" ? "exam" : "practice";
    return {
      mode: mode,
      progress: progress,
      // Practice questions the agent answered (not only moved through with the arrow keys):
      // only these show their feedback again after a reload.
      judged: mode === "practice" ? stringList(stored.judged) : [],
      // An exam handed in stays handed in, over reloads, until 重新作答.
      submitted: mode === "exam" && stored.submitted === true,
      best: result(stored.best),
      last: result(stored.last),
    };
  }

  function initQuiz(root) {
    var slug = root.getAttribute("data-quiz");
    var keyElement = root.querySelector("[data-quiz-key]");
    var decoded = null;
    function answerKey() { return decoded || (decoded = decodeKey(keyElement)); }
    var storeKey = "kb.quiz." + slug;
    var questions = Array.prototype.slice.call(root.querySelectorAll("[data-question]"));
    var score = root.querySelector("[data-score]");
    var result = root.querySelector("[data-result]");
    var message = root.querySelector("[data-message]");
    var reviewButton = root.querySelector("[data-review-wrong]");
    var title = document.querySelector("article h1") ? document.querySelector("article h1").textContent.replace("¶", "").trim() : slug;
    var saved = loadSaved(storeKey);
    var mode = saved.mode;
    var submitted = false;
    // True while an arrow key's own events run (see the keydown listener below).
    var browsing = false;
    // Space on the option already chosen sends no click in Chromium; a browser that sends one
    // must not make it a second answer.
    var spaceOn = null, spaceJudged = null;
    // Questions answered since the page opened or the last 重新作答: a practice answer is
    // reported once, the first (usage.js sends it), so changing one's mind does not count twice.
    var reported = {};

    // One stored state per quiz, shown alike in every open tab: each tab takes up whatever another
    // tab writes (the storage listener below), so the state a tab writes back is the one its agent
    // sees, and a tab left open from earlier cannot put its old sitting or mode back. That is simpler
    // than merging a practice part and an exam sitting field by field, and it is what a reload shows
    // anyway. The best score is merged all the same: a write from a tab whose storage event has not
    // arrived yet (a frozen background tab) must still never lower it.
    function save() {
      var stored = loadSaved(storeKey).best;
      if (stored && (!saved.best || stored.score > saved.best.score)) saved.best = stored;
      window.kbWrite(storeKey, saved);
      showBest();
    }

    function selected(q) {
      return Array.prototype.map.call(q.querySelectorAll("input:checked"), function (i) { return i.value; }).sort();
    }

    function isCorrect(q) {
      var answer = answerKey()[q.getAttribute("data-question")].answer.slice().sort();
      var chosen = selected(q);
      return answer.length === chosen.length && answer.every(function (k, i) { return k === chosen[i]; });
    }

    function optionText(q, k) {
      return q.querySelector('[data-option="' + k + '"] [data-option-text]').textContent;
    }

    function answerOf(q) {
      return { item: q.getAttribute("data-question"), pick: selected(q), ok: isCorrect(q) };
    }

    function reportFirstAnswer(q) {
      var qid = q.getAttribute("data-question");
      if (mode !== "practice" || reported[qid] || !selected(q).length) return;
      reported[qid] = true;
      document.dispatchEvent(new CustomEvent("kb:quiz-answered", { detail: answerOf(q) }));
    }

    function isJudged(q) {
      return saved.judged.indexOf(q.getAttribute("data-question")) !== -1 && selected(q).length > 0;
    }

    function setJudged(q, judged) {
      var qid = q.getAttribute("data-question");
      saved.judged = saved.judged.filter(function (id) { return id !== qid; });
      if (judged) saved.judged.push(qid);
      save();
    }

    // The agent answered a practice question (a click or tap on an option, Space or Enter on it,
    // 核对本题): judge it, show and read out the feedback, report the first answer.
    function judge(q) {
      if (mode !== "practice" || submitted || !selected(q).length) return;
      setJudged(q, true);
      showFeedback(q);
      announceFeedback(q);
      reportFirstAnswer(q);
    }

    function showFeedback(q) {
      // In an exam nothing about right or wrong shows before 交卷.
      if (mode === "exam" && !submitted) return;
      var entry = answerKey()[q.getAttribute("data-question")];
      var ok = isCorrect(q);
      var box = q.querySelector("[data-feedback]");
      box.textContent = "";
      var verdict = document.createElement("p");
      verdict.className = "kb-feedback__verdict";
      verdict.textContent = ok ? "回答正确。" : "回答错误。正确答案：" + entry.answer.map(function (k) { return optionText(q, k); }).join("；");
      box.appendChild(verdict);
      selected(q).forEach(function (k) {
        var p = document.createElement("p");
        p.textContent = "“" + optionText(q, k) + "”：" + entry.feedback[k];
        box.appendChild(p);
      });
      var explanation = document.createElement("p");
      explanation.textContent = entry.explanation + " ";
      var link = document.createElement("a");
      link.href = entry.link;
      link.textContent = "查看相关内容";
      explanation.appendChild(link);
      box.appendChild(explanation);
      box.hidden = false;
      q.classList.toggle("is-correct", ok);
      q.classList.toggle("is-wrong", !ok);
      q.querySelectorAll("[data-option]").forEach(function (label) {
        label.classList.toggle("is-answer", entry.answer.indexOf(label.getAttribute("data-option")) !== -1);
      });
    }

    // Feedback the agent asked for by answering is read out; what the page shows on its own
    // (restoring answers, every question at 交卷) is not.
    function announceFeedback(q) {
      if (mode === "exam" && !submitted) return;
      var number = questions.indexOf(q) + 1;
      var verdict = q.querySelector(".kb-feedback__verdict");
      if (verdict) window.kbAnnounce("第 " + number + " 题：" + verdict.textContent, true);
    }

    function clearFeedback(q) {
      var box = q.querySelector("[data-feedback]");
      box.hidden = true;
      box.textContent = "";
      q.classList.remove("is-correct", "is-wrong");
      q.querySelectorAll("[data-option]").forEach(function (label) { label.classList.remove("is-answer"); });
    }

    function showBest() {
      var best = saved.best;  // validated in loadSaved
      root.querySelector("[data-best]").textContent = best ? "最好成绩：" + best.score + "/" + best.total : "";
    }

    function setMode(next) {
      // Switching mode starts afresh: answers given in practice mode (with
      // their feedback) must not carry into an exam, nor exam answers back out.
      var switching = next !== mode;
      mode = next;
      saved.mode = mode;
      save();
      if (switching) retake();
      showMode();
    }

    function showMode() {
      root.setAttribute("data-mode", mode);
      root.querySelectorAll("[data-mode-button]").forEach(function (b) {
        b.classList.toggle("is-active", b.getAttribute("data-mode-button") === mode);
      });
      root.querySelector("[data-mode-text]").textContent = mode === "practice"
        ? "练习模式：点选一个选项立即显示对错和解释。"
        : "考试模式：答题时不显示对错，全部答完后点“交卷”，一次性显示得分和答案。";
      root.querySelector("[data-keys-hint]").textContent = mode === "practice"
        ? "用键盘时，方向键只移动选择，按空格键或回车键作答；多选题用空格键勾选，再按“核对本题”。"
        : "用键盘时，方向键选择选项，选中的就是答案；多选题用空格键勾选。";
      questions.forEach(function (q) {
        if (mode === "practice" && isJudged(q)) showFeedback(q);
        else if (!submitted) clearFeedback(q);
      });
    }

    function restore() {
      questions.forEach(function (q) {
        var chosen = saved.progress[q.getAttribute("data-question")] || [];
        q.querySelectorAll("input").forEach(function (input) { input.checked = chosen.indexOf(input.value) !== -1; });
      });
    }

    function retake() {
      reported = {};
      saved.progress = {};
      saved.judged = [];
      saved.submitted = false;
      save();
      clearScreen();
      questions.forEach(function (q) { shuffle(q.querySelector("[data-options]")); });
    }

    // Nothing answered, nothing judged, nothing locked: the screen of a sitting not yet begun.
    function clearScreen() {
      submitted = false;
      root.classList.remove("is-submitted", "is-reviewing");
      reviewButton.textContent = "只看错题";
      questions.forEach(function (q) {
        q.querySelectorAll("input").forEach(function (input) { input.checked = false; input.disabled = false; });
        clearFeedback(q);
        q.closest("li").hidden = false;
      });
      result.hidden = true;
      score.textContent = "";
      message.textContent = "";
      reviewButton.hidden = true;
    }

    // Shows the stored state as it is (on opening, and when another tab wrote it); writes nothing,
    // so two tabs never answer each other's storage events.
    function render() {
      mode = saved.mode;
      clearScreen();
      restore();
      if (saved.submitted) showSubmitted(true);
      showMode();
      showBest();
    }

    // The handed-in exam: score, every question's feedback, answers locked. Shown at 交卷 and
    // again when a page with a handed-in exam opens (again: true), which sends and records nothing.
    function showSubmitted(again) {
      submitted = true;
      var right = questions.filter(isCorrect).length;
      score.textContent = right + "/" + questions.length;
      result.hidden = false;
      // The message is a polite live region: the score is read out with it.
      message.textContent = (again ? "已交卷，" : "") + "得分 " + right + "/" + questions.length + "：" +
        (right === questions.length ? "全部答对！" : "答错 " + (questions.length - right) + " 题，可以只看错题。") +
        (again ? "要再考一次，请点“重新作答”。" : "");
      questions.forEach(function (q) {
        showFeedback(q);
        q.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
      });
      root.classList.add("is-submitted");
      reviewButton.hidden = right === questions.length;
      return right;
    }

    function submit() {
      // Handed in already: a second 交卷, with the answers now known, is no second sitting.
      if (submitted) {
        message.textContent = "已经交卷。要再考一次，请点“重新作答”。";
        return;
      }
      var unanswered = questions.filter(function (q) { return selected(q).length === 0; });
      if (unanswered.length) {
        message.textContent = "还有 " + unanswered.length + " 题没有作答。";
        unanswered[0].scrollIntoView({ block: "center" });
        return;
      }
      var right = showSubmitted(false);
      // One exam sitting, every question with the options chosen: usage.js gives it an attempt id.
      document.dispatchEvent(new CustomEvent("kb:quiz-submitted", { detail: { answers: questions.map(answerOf) } }));
      questions.forEach(function (q) { saved.progress[q.getAttribute("data-question")] = selected(q); });
      saved.submitted = true;
      if (!saved.best || right > saved.best.score) saved.best = { score: right, total: questions.length };
      saved.last = { score: right, total: questions.length, at: new Date().toISOString() };
      save();
      showBest();
    }

    function reviewWrong() {
      var reviewing = !root.classList.contains("is-reviewing");
      root.classList.toggle("is-reviewing", reviewing);
      reviewButton.textContent = reviewing ? "显示全部题目" : "只看错题";
      questions.forEach(function (q) { q.closest("li").hidden = reviewing && isCorrect(q); });
    }

    function download() {
      // The CSV carries the key, so in an exam it waits for 交卷 like everything else.
      if (mode === "exam" && !submitted) {
        message.textContent = "交卷后才能下载成绩。";
        return;
      }
      var agent = window.kbPlaceholders();
      var text = function (value) { return typeof value === "string" ? value : ""; };
      var when = new Date().toLocaleString("zh-CN");
      var rows = [["题库", "题号", "题目", "你的答案", "正确答案", "结果", "坐席", "工号", "时间"]];
      questions.forEach(function (q, index) {
        var entry = answerKey()[q.getAttribute("data-question")];
        var chosen = selected(q);
        rows.push([
          title, index + 1, q.querySelector("legend").textContent.trim(),
          chosen.map(function (k) { return optionText(q, k); }).join("；"),
          entry.answer.map(function (k) { return optionText(q, k); }).join("；"),
          chosen.length === 0 ? "未作答" : (isCorrect(q) ? "正确" : "错误"),
          text(agent["坐席姓名"]), text(agent["工号"]), when,
        ]);
      });
      var csv = "\ufeff" + rows.map(function (row) { return row.map(csvField).join(","); }).join("\r\n") + "\r\n";
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      link.download = "成绩-" + slug + ".csv";
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
    }

    // An arrow key in a radio group moves the checked state and fires click and change, as a choice
    // would: that is the agent going through the options, not answering. Its events all run inside
    // the keydown's default action, so the flag is up for them and down straight after.
    // Space on an option answers with it, and so does Enter (a click on the input).
    root.addEventListener("keydown", function (event) {
      var input = event.target;
      if (input.type !== "radio" || !input.closest("[data-question]")) return;
      if (/^(Arrow)?(Up|Down|Left|Right)$/.test(event.key)) {
        browsing = true;
        setTimeout(function () { browsing = false; }, 0);
      } else if (event.key === " ") {
        spaceOn = input.checked ? input : null;
      } else if (event.key === "Enter" && !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey) {
        event.preventDefault();
        input.click();
      }
    }, true);
    // Space on the option already chosen (after the arrow keys chose it) is an answer too. A browser
    // that clicks it anyway does so right after this listener: that click is not a second answer.
    root.addEventListener("keyup", function (event) {
      var input = spaceOn;
      spaceOn = null;
      if (event.key !== " " || input !== event.target) return;
      spaceJudged = input;
      setTimeout(function () { spaceJudged = null; }, 0);
      judge(input.closest("[data-question]"));
    }, true);

    root.addEventListener("change", function (event) {
      var q = event.target.closest("[data-question]");
      if (!q || submitted) return;
      saved.progress[q.getAttribute("data-question")] = selected(q);
      save();
      // The choice changed without an answer (an arrow key, a box ticked before 核对本题): the
      // feedback on screen is about another choice, and a reload must not judge this one.
      if (browsing) clearFeedback(q);
      if (browsing || q.getAttribute("data-type") === "multiple") setJudged(q, false);
    });
    root.addEventListener("click", function (event) {
      // A click, tap, Space or Enter on an option answers a single-choice question at once.
      if (event.target.type === "radio" && event.target.closest("[data-question]")) {
        if (!browsing && spaceJudged !== event.target) judge(event.target.closest("[data-question]"));
        return;
      }
      var target = event.target.closest("button");
      if (!target) return;
      if (target.hasAttribute("data-mode-button")) setMode(target.getAttribute("data-mode-button"));
      else if (target.hasAttribute("data-check")) judge(target.closest("[data-question]"));  // no-op in an exam
      else if (target.hasAttribute("data-submit")) submit();
      else if (target.hasAttribute("data-retake")) retake();
      else if (target.hasAttribute("data-review-wrong")) reviewWrong();
      else if (target.hasAttribute("data-download")) download();
    });

    // Another tab wrote this quiz (an answer, a mode, 交卷, 重新作答; key null: storage cleared):
    // this tab shows the same, so an exam handed in there is handed in here too, with no second
    // sitting on the answers that tab has just shown, and nothing here is stale when next written.
    window.addEventListener("storage", function tookUp(event) {
      // The quiz is no longer shown (instant navigation swapped the page): its listener goes with it.
      if (!root.isConnected) {
        window.removeEventListener("storage", tookUp);
        return;
      }
      if (event.key !== storeKey && event.key !== null) return;
      saved = loadSaved(storeKey);
      // A question the other tab cleared (重新作答, another mode) is a new question here: its next
      // practice answer is reported again.
      Object.keys(reported).forEach(function (qid) { if (!(saved.progress[qid] || []).length) delete reported[qid]; });
      render();
    });

    questions.forEach(function (q) { shuffle(q.querySelector("[data-options]")); });
    render();
    root.setAttribute("data-ready", "");
  }

  // Each page shown: its quizzes (a page swapped in brings new elements, each set up once).
  function init() { document.querySelectorAll("[data-quiz]").forEach(initQuiz); }
  window.kbPage(init);
})();
