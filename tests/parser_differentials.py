"""Markup that parsers read differently, and mutation XSS: the page gate's hardest inputs.

Each vector, if it ran, would set window.__kbPwned (no alert, so a test can see it).
Collected from public corpora and written in their forms:
- html5lib-tests tokenizer cases for comments (--!>, <!-->, <!--->, nested and
  unterminated comments), CDATA outside foreign content and RCDATA (<title>, <textarea>);
- DOMPurify's test vectors (test/fixtures/expect.mjs) and html5sec.org: <noscript>,
  <template>, <svg> and <math> namespace confusion, <style> in foreign content, <xmp>,
  <noembed>, <iframe srcdoc>, and attribute-value breakouts;
- mutation-XSS write-ups on serialisation round trips (the p title="</noscript>" family).
"""
from __future__ import annotations

P = "window.__kbPwned=1"

VECTORS = [
    # Comments that browsers end early (html5lib-tests tokenizer: comment.test).
    f"<!--a--!><img src=x onerror={P}>-->",
    f"<!--><img src=x onerror={P}>-->",
    f"<!---><img src=x onerror={P}>-->",
    f"<!-- a --!><svg onload={P}>-->",
    f"<!--<!--><img src=x onerror={P}>-->",
    f"<!----!><img src=x onerror={P}>-->",
    f"<!--\n--!>\n<img src=x onerror={P}>",
    f"<! x ><img src=x onerror={P}>",
    f"<?x ><img src=x onerror={P}>?>",
    f"</x <img src=x onerror={P}>>",
    # CDATA is a bogus comment outside foreign content, and ends at the first >.
    f"<![CDATA[><img src=x onerror={P}>]]>",
    f"<svg><![CDATA[><image xlink:href=\"]]><img src=x onerror={P}>\">]]></svg>",
    # RCDATA and raw text: <title>, <textarea>, <xmp>, <noembed>, <noframes>, <iframe>.
    f"<title><img src=x onerror={P}></title>",
    f"<textarea></textarea><img src=x onerror={P}></textarea>",
    f"<xmp><p title=\"</xmp><img src=x onerror={P}>\"></xmp>",
    f"<noembed><p title=\"</noembed><img src=x onerror={P}>\"></noembed>",
    f"<noframes><p title=\"</noframes><img src=x onerror={P}>\"></noframes>",
    f"<iframe><p title=\"</iframe><img src=x onerror={P}>\"></iframe>",
    # <noscript>: raw text with scripting on (browsers), markup with it off (some sanitisers).
    f"<noscript><p title=\"</noscript><img src=x onerror={P}>\"></noscript>",
    f"<noscript><style></noscript><img src=x onerror={P}></style></noscript>",
    # <template> content and namespace confusion (DOMPurify's mXSS family).
    f"<template><img src=x onerror={P}></template>",
    f"<svg></p><style><a id=\"</style><img src=x onerror={P}>\">",
    f"<math><mtext><table><mglyph><style><img src=x onerror={P}>",
    f"<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror={P}&gt;\">",
    f"<svg><style><img src=x onerror={P}></style></svg>",
    f"<form><math><mtext></form><form><mglyph><style></math><img src=x onerror={P}>",
    f"<svg><foreignObject><img src=x onerror={P}></foreignObject></svg>",
    f"<math><annotation-xml encoding=\"text/html\"><img src=x onerror={P}></annotation-xml></math>",
    # Scripts and handlers in unusual dress (html5sec.org).
    f"<scr<script>ipt>{P}</script>",
    f"<script/x>{P}</script>",
    f"<img src=x onerror\n={P}>",
    f"<img/src=x/onerror={P}>",
    f"<details open ontoggle={P}>",
    f"<svg><animate onbegin={P} attributeName=x dur=1s>",
    f"<svg><set attributeName=onmouseover to={P}>",
    f"<a href=\"jav&#x09;ascript:{P}\">x</a>",
    f"<a href=\"&#106;avascript:{P}\">x</a>",
    f"<iframe srcdoc=\"&lt;img src=x onerror=parent.{P.replace('window.', '')}&gt;\"></iframe>",
    f"<object data=\"javascript:{P}\"></object>",
    f"<p title=\"x\" <img src=x onerror={P}>>",
    f"<div id=\"x\" title='\"><img src=x onerror={P}>'>y</div>",
    # DOMPurify's expect.mjs payloads that an outside review (2026-12-02) found the gate passes: inert in Chromium.
    f"123<a href='\u2028javascript:{P}'>I am a dolphin!</a>",
    f"<![><img src=\"]><img src=x onerror={P}//\">",
    f"<!-- `<img/src=xxx onerror={P}//--!>//",
    f"<frameset onload={P}>",
    f"<?xml-stylesheet href=\"javascript:{P}\"?><root/>",
    f"<a href=http://foo.bar/#x=`y></a><img alt=\"`><img src=xx onerror={P}></a>\">",
]
