// Golden rankings of the engine on the fixture corpus: what each rule of the formula
// (search-engine.js header) is for, one query each.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { engine, fixtureIndex, urls } = require("./helpers.js");

const index = fixtureIndex();

test("pinyin initials find a term's words in any order", () => {
  // The text says 回访客户: kh (客户) then hf (回访) still reaches it.
  for (const query of ["hfkh", "khhf", "kehuhuifang"]) {
    assert.equal(urls(index, query)[0], "phrasebooks/revisit/#revisit-opening", query);
  }
});

test("pinyin initials find the two halves of a four-character word in either order", () => {
  // 服务禁语 is one word to jieba, mostly two of two: jyfw (禁语服务) is it too.
  assert.ok(engine.rewrites("jyfw", index).some(([text]) => text === "服务禁语"));
  assert.ok(urls(index, "jyfw")[0].startsWith("rules/#"));
});

test("in pinyin initials a one-character word keeps its place beside its neighbour", () => {
  // 请主管来处理: 来 goes after 主管 or before 处理, never first (bzd must not read 等着吧 as 吧着等).
  assert.deepEqual(engine.rewrites("lzgqcl", index).map(([text]) => text), ["lzgqcl"]);
  // 请 followed by 主管, after 处理: the words in another order, each one-character word in its place.
  assert.ok(engine.rewrites("clqzg", index).some(([text]) => text === "处理请主管"));
  assert.equal(urls(index, "clqzg")[0], "phrasebooks/escalation/#escalate-supervisor");
});

test("a one-character word that cannot go where it was tried leaves the words after it free", () => {
  // 方言与网络用语 typed 用语 与网络 方言: 与 (y) is tried first at the second y, with 网络 to follow; that
  // fails at y, and 用语's own y must then be free to follow any word, not only 网络.
  assert.ok(engine.rewrites("yyywlfy", index).some(([text]) => text === "方言与网络用语"));
  assert.ok(engine.rewrites("fwyyjyygf", index).some(([text]) => text === "服务禁语与规范用语"));
});

test("initials that fit several words read as the words more entries use first", () => {
  // dd is 订单 (three entries), 等待 and 打断 (one each): with two readings kept, 订单 is one of them.
  const readings = engine.rewrites("tkdd", index).slice(1).map(([text]) => text);
  assert.equal(readings[0], "退款订单", JSON.stringify(readings));
  assert.ok(!readings.includes("退款打断"), JSON.stringify(readings));
  // The order itself, whatever order the words were met in: more-used first, equals as they came.
  assert.deepEqual(engine.byUse(["打断", "等待", "订单"], index), ["订单", "打断", "等待"]);
  assert.deepEqual(engine.byUse(["物流", "网络"], index), ["网络", "物流"]);
});

test("pinyin initials after one letter no name spells are still the names' words", () => {
  // 找主管: 找 is in no name; zg is 主管 (of 请主管来处理), two letters of three.
  // 0.9 × 2/3 of the letters × 0.9: below a term's own words typed in another order.
  const [[, weight]] = engine.rewrites("zzg", index).filter(([text]) => text === "主管");
  assert.ok(Math.abs(weight - 0.9 * (2 / 3) * 0.9) < 1e-9, String(weight));
  assert.equal(urls(index, "zzg")[0], "phrasebooks/escalation/#escalate-supervisor");
  // Words of different names after it: 退款 主管 (要退款主管?), 主管 处理.
  assert.ok(engine.rewrites("ytkzg", index).some(([text]) => text === "退款主管"));
  assert.ok(engine.rewrites("yzgcl", index).some(([text]) => text === "主管处理"));
  // Only the first letter may be left over: tky is no reading (ty is no word either), nor is a
  // keyboard run (v starts no syllable).
  assert.deepEqual(engine.rewrites("tky", index), [["tky", 1]]);
  assert.deepEqual(engine.rewrites("zxcvbn", index), [["zxcvbn", 1]]);
});

test("pinyin initials may spell some of a term's words, in another order", () => {
  // 客户要求退款或退货: tkyq is 退款 then 要求, two of its words; none of its words alone spells the run.
  assert.equal(urls(index, "tkyq")[0], "phrasebooks/orders/#refund-request");
});

test("full pinyin of one word of a four-character name finds it; never a stretch across its two words", () => {
  // 服务禁语 is one word to jieba; 禁语 is its second half, 务禁 spans both halves.
  for (const query of ["jinyu", "jin yu"]) assert.ok(urls(index, query)[0].startsWith("rules/#"), query);
  assert.ok(engine.rewrites("jinyu", index).some(([text]) => text === "禁语"));
  assert.deepEqual(engine.rewrites("wujin", index).map(([text]) => text), ["wujin"]);
});

test("full pinyin keeps the names' words and passes over syllables that are none", () => {
  // 想 is in no name: kehu xiang tuikuan is 客户 … 退款, spelled by 11 of its 16 letters.
  assert.equal(urls(index, "kehu xiang tuikuan")[0], "phrasebooks/orders/#refund-request");
  const [text, weight] = engine.rewrites("kehuxiangtuikuan", index)[1];
  assert.equal(text, "客户退款");
  assert.ok(Math.abs(weight - 0.9 * 11 / 16) < 1e-9, String(weight));
  // Syllables alone, with no word of a name among them, are no reading: English stays English.
  assert.deepEqual(engine.rewrites("case", index).map(([text]) => text), ["case"]);
});

test("a word no entry uses finds the entries named by the words nearest in meaning", () => {
  // 声调 is in no entry; the word vectors put 语调 next to it (hooks/kb/search_related.py).
  assert.ok(!index.related.has("语调"), "a name word is not expanded");
  assert.ok(index.related.get("声调").includes("语调"), JSON.stringify(index.related.get("声调")));
  assert.equal(urls(index, "说话的声调")[0], "handbook/05-nonverbal/#语音语调的影响");
  const parts = engine.explain(index, "说话的声调", "handbook/05-nonverbal/#语音语调的影响");
  assert.ok(parts.terms.some((term) => term.term === "语调" && term.weight === 0.45), JSON.stringify(parts.terms));
});

// The words near an entry's meaning (hooks/kb/search_related.py, entry_expansions) are a field of their
// own: a query in words that no other field of the entry has still reaches it, through those words themselves.
function reachedByItsRelatedWords(query, url, word) {
  const entry = engine.search(index, query).find((found) => found.url === url);
  assert.ok(entry, query);
  const text = [entry.title, entry.alias, entry.situation, entry.body].join(" ");
  assert.ok(!text.includes(word), `${word} is in the entry's own text`);
  const parts = engine.explain(index, query, url);
  assert.ok(parts.terms.some((term) => term.term === word && term.weight === 1), JSON.stringify(parts.terms));
}

test("a description in other words reaches its section through the words near its meaning", () => {
  // 语音语调的影响 never says 嗓音; the vectors put 嗓音 near the mean of 语音, 语调, 影响.
  assert.equal(urls(index, "客户的嗓音")[0], "handbook/05-nonverbal/#语音语调的影响");
  reachedByItsRelatedWords("客户的嗓音", "handbook/05-nonverbal/#语音语调的影响", "嗓音");
});

test("the customer's own word reaches the card whose meaning is near it", () => {
  // 客户要求退款或退货 never says 维权; the card about calming an angry customer came first without it.
  assert.equal(urls(index, "客户想维权")[0], "phrasebooks/orders/#refund-request");
  reachedByItsRelatedWords("客户想维权", "phrasebooks/orders/#refund-request", "维权");
});

test("words the text uses are not read as a homophone typo of another term", () => {
  // 什么 sounds like the 禁语 神马, but it is a word of the text: no rewrite to it, no rule first.
  assert.deepEqual(engine.rewrites("客户问什么业务", index).map((pair) => pair[0]), ["客户问什么业务"]);
  // The rule may still come up, for 业务 in its body (请问您需要办理什么业务), but never through 神马.
  const slang = engine.explain(index, "客户问什么业务", "rules/#internet-slang");
  assert.ok(!slang.variant.includes("神马"), slang.variant);
  assert.deepEqual(slang.bonuses, { phrase: 0, terms: 0, title: 0, exact: 0, name: 0 });
  // A real typo still is: 神码 (not a word) → 神马.
  assert.equal(urls(index, "神码")[0], "rules/#internet-slang");
});

test("a page's own title puts the page first, above a card that mentions it", () => {
  assert.equal(urls(index, "用语检查器")[0], "rules/checker/");
  assert.equal(urls(index, "服务禁语与规范用语")[0], "rules/");
});

test("a one-character 禁语 inside a question finds its rule, and only when the question is about saying it", () => {
  assert.equal(urls(index, "跟客户说啥可以吗")[0], "rules/#dialect");
  assert.equal(urls(index, "啥")[0], "rules/#dialect");
  assert.ok(!urls(index, "退款啥时候到").includes("rules/#dialect"));
});

test("the words that name a situation outweigh an emotional word in a long query", () => {
  const found = urls(index, "客户骂得很难听说上周的工单一直没人处理");
  assert.equal(found[0], "phrasebooks/complaints/#cannot-solve-now", found.join(" "));
});

test("a filler that is the 禁语 asked about still finds its rule", () => {
  // 咋 is a filler (咋办) and a 禁语: the query without its fillers loses it, the query as typed keeps it.
  assert.equal(urls(index, "说咋是不是不规范")[0], "rules/#dialect");
  const parts = engine.explain(index, "说咋是不是不规范", "rules/#dialect");
  assert.equal(parts.variant, "说咋是不是不规范");
  assert.equal(parts.weight, 0.9);
  // Only a query about saying something keeps its fillers: elsewhere 什么 is noise (it is in several 禁语).
  assert.deepEqual(engine.queryVariants(index, "退款是什么").filter((v) => v[0].includes("什么")), []);
});

test("in a long sentence, an alias that only tells how the customer spoke does not outweigh what was said", () => {
  // 发脾气 is an alias of the calming card; before 说 it is the mood of the call, the situation (退款…到账) follows.
  assert.equal(engine.leadOf("客户发脾气说上个月的退款到现在还没到账"), 6);
  assert.equal(urls(index, "客户发脾气说上个月的退款到现在还没到账")[0], "phrasebooks/orders/#refund-request");
  const parts = engine.explain(index, "客户发脾气说上个月的退款到现在还没到账", "phrasebooks/complaints/#calm-agitated-customer");
  assert.ok(parts.bonuses.name > 0 && parts.bonuses.name < 10, JSON.stringify(parts.bonuses));
  // When the mood is what the agent asks about, it still leads; a short query has no lead at all.
  assert.equal(urls(index, "客户发脾气说话很冲我该怎么让他平静下来")[0], "phrasebooks/complaints/#calm-agitated-customer");
  assert.equal(engine.leadOf("客户发脾气说想退货"), 0);
});

test("in a sentence, a name inside it earns the share of the sentence it says", () => {
  // 退款 is two characters of a sentence about learning: the section on it comes before the refund card.
  assert.equal(urls(index, "新人怎么持续提高处理退款的能力")[0], "handbook/11-improvement/#持续学习和提升");
  // √((2 + 2) / 13): 怎么 is a filler, so the variant is 新人持续提高处理退款的能力.
  const parts = engine.explain(index, "新人怎么持续提高处理退款的能力", "phrasebooks/orders/#refund-request");
  assert.equal(parts.variant, "新人持续提高处理退款的能力");
  const whole = engine.explain(index, "处理退款", "phrasebooks/orders/#refund-request");
  assert.ok(Math.abs(parts.bonuses.name / whole.bonuses.name - Math.sqrt(4 / 13)) < 1e-9, JSON.stringify(parts.bonuses));
  // Typed short, the name is the query: the card comes first.
  assert.equal(urls(index, "处理退款")[0], "phrasebooks/orders/#refund-request");
});

test("a part of a title that is no word of the text earns half its rarity in the title bonus", () => {
  // 求退 spans 要求|退款 in 客户要求退款或退货: rare as a bigram, yet no name. It counts at 0.5, as in bm25.
  const parts = engine.explain(index, "我想求退吧", "phrasebooks/orders/#refund-request");
  const crossing = parts.terms.find((term) => term.term === "求退");
  assert.equal(crossing.weight, 0.5);
  // (2 + 2) / 5: the part's share of the query; √((2 + 2) / 9): of the title (客户要求退款或退货).
  const expected = 4 * 0.5 * crossing.idf * (2 + 2) / 5 * Math.sqrt((2 + 2) / 9);
  assert.ok(Math.abs(parts.bonuses.title - expected) < 1e-9, JSON.stringify(parts.bonuses));
});

test("a title match outranks the same words in another entry's body", () => {
  assert.equal(urls(index, "回电告知")[0], "phrasebooks/orders/#callback-result");
});

test("single characters alone find nothing", () => {
  assert.deepEqual(urls(index, "量子纠缠"), []);
});

test("synonyms, the glossary and homophone typos rewrite the query", () => {
  assert.equal(urls(index, "找领导")[0], "phrasebooks/escalation/#escalate-supervisor");
  assert.equal(urls(index, "客户要refund")[0], "phrasebooks/orders/#refund-request");
  assert.equal(urls(index, "回方开场")[0], "phrasebooks/revisit/#revisit-opening");
});

test("explain gives the parts of a score, and they add up to it", () => {
  const query = "客户骂得很难听说上周的工单一直没人处理";
  const top = engine.search(index, query)[0];
  const parts = engine.explain(index, query, top.url);
  assert.equal(parts.url, top.url);
  const bonuses = Object.values(parts.bonuses).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs((parts.base + bonuses) * parts.weight * parts.kind - parts.score) < 1e-9);
  assert.ok(Math.abs(parts.scale * parts.bm25 * parts.coverage * parts.coverage - parts.base) < 1e-9);
  const bm25 = parts.terms.reduce((sum, term) => sum + term.score, 0);
  assert.ok(Math.abs(bm25 - parts.bm25) < 1e-9);
  assert.ok(parts.terms.some((term) => term.term === "工单"));
  assert.equal(engine.explain(index, "量子纠缠", top.url), null);
});

test("results are decoded entries with their whole script", () => {
  const [first] = engine.search(index, "回访开场");
  assert.equal(first.kind, "card");
  assert.deepEqual(first.script, ["您好，我是[公司名称]的回访专员，耽误您一分钟可以吗？"]);
  assert.ok(first.body.startsWith("给老客户打回访电话"));
});

test("a title's part of a query never ends inside a word the query goes on with", () => {
  // 客户说要报警 would share 客户说 with 客户说话的时候别插嘴, but there 说 begins the word 说话 (户说 is none).
  assert.equal(engine.wordAligned(index, "客户说话的时候别插嘴", "客户说"), "客户");
  assert.equal(engine.wordAligned(index, "想要客户说话", "户说话"), "说话");
  // A part that ends where a word of the query ends stays whole.
  assert.equal(engine.wordAligned(index, "避免打断客户说话", "避免打断客户"), "避免打断客户");
  assert.equal(urls(index, "客户说话的时候别插嘴")[0], "handbook/03-listening/#避免打断客户");
});

test("words that name no topic in a customer's sentence are dropped like 怎么 and 吗", () => {
  // 那个 and 就是 are in the 禁语 那个那个 and 就是就是; in 我那个退款 they only point at the refund.
  assert.equal(engine.queryVariants(index, "我那个退款到底怎么弄")[0][0], "我退款");
  assert.equal(urls(index, "我那个退款到底怎么弄")[0], "phrasebooks/orders/#refund-request");
});

test("a synonym swapped in is worth no more than the word the agent typed", () => {
  // 发火 → 情绪激动 (a synonym group of the fixture): four characters' rarity for a word of two once put the
  // calming card, whose title has 情绪激动, above the card about what the sentence asks (核实, while the customer waits).
  assert.equal(urls(index, "需要核实信息又怕客户发火")[0], "phrasebooks/verify-wait/#verify-hold");
  const parts = engine.explain(index, "需要核实信息又怕客户发火", "phrasebooks/complaints/#calm-agitated-customer");
  assert.deepEqual(parts.swap, { from: "发火", to: "情绪激动" });
  // The synonym still finds the calming card when it is what the agent asks about.
  assert.equal(urls(index, "客户发火")[0], "phrasebooks/complaints/#calm-agitated-customer");
});

test("bm25 weighs 3, and a word shared with a long title says less than the same word covering a short one", () => {
  // 客户 is one word of 应对情绪激动的客户 (9 characters): it no longer outweighs what bm25 finds for 方言 in the 方言 rule.
  assert.equal(urls(index, "客户讲方言")[0], "rules/#dialect");
  const parts = engine.explain(index, "客户讲方言", "phrasebooks/complaints/#calm-agitated-customer");
  assert.equal(parts.scale, 3);
  const share = 4 * parts.terms.filter((term) => term.term === "客户")[0].idf * Math.min(1, (2 + 2) / 5);
  assert.ok(Math.abs(parts.bonuses.title - share * Math.sqrt((2 + 2) / 9)) < 1e-9, JSON.stringify(parts.bonuses));
});

test("two characters that are each a common word alone are read as two words before a typo", () => {
  // 说话时别插嘴: 时 + 别, not 识别 mistyped. The typo reading stays, at ALONE_SHARE of its weight.
  const typo = engine.rewrites("客户说话时别插嘴", index).find(([text]) => text.includes("识别"));
  assert.ok(typo && Math.abs(typo[1] - 0.85 * 0.6) < 1e-9, JSON.stringify(typo));
  assert.equal(urls(index, "客户说话时别插嘴")[0], "handbook/03-listening/#避免打断客户");
  // 快地 (快 and 地 are common words alone too) still finds 快递 when nothing else in the query does.
  assert.equal(urls(index, "快地一直没到")[0], "phrasebooks/orders/#delivery-delay");
  // A typo whose characters are not both common words alone keeps its full weight: 神码 → 神马 (码 is rare alone).
  assert.deepEqual(engine.rewrites("神码", index)[1], ["神马", 0.85]);
});
