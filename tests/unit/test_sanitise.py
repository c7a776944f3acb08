"""The allow-list and the outside-resource scan, without a build (hooks/kb/sanitise.py)."""
from __future__ import annotations

import pytest

from kb import outside, page_scan, sanitise, source_lines, theme_scripts

# What our Markdown extensions produce passes untouched.
MARKDOWN_OUTPUT = [
    '<h2 id="倾听">倾听<a class="headerlink" href="#倾听" title="Permanent link">&para;</a></h2>',
    '<div class="admonition tip"><p class="admonition-title">提示</p><p>先道歉。</p></div>',
    '<details class="note" open><summary>展开</summary><p>内容</p></details>',
    '<table><thead><tr><th align="center">说法</th><th align="left">原因</th></tr></thead>'
    '<tbody><tr><td align="center">您好</td><td>礼貌</td></tr></tbody></table>',
    '<dl><dt>倾听</dt><dd><p>听完再说</p></dd></dl>',
    '<pre><code class="language-text">您好\n</code></pre>',
    '<p><img alt="图" src="../images/a.png"> <a href="07-complaints.md#x">见第7章</a> <a href="https://www.gov.cn/">外链</a></p>',
    '<p class="kb-note">attr_list 的类</p><div class="kb-greeting" data-greeting markdown="0">'
    '<button type="button" class="kb-copy" data-copy title="复制开头语">复制</button></div>',
]


@pytest.mark.parametrize("fragment", MARKDOWN_OUTPUT)
def test_markdown_output_passes(fragment):
    assert sanitise.clean_page(fragment).problems == []


HOSTILE = [
    ("<script>alert(1)</script>", "标签 <script>"),
    ('<img src="x" onerror="alert(1)">', '<img> 的属性 onerror="alert(1)"'),
    ('<a href="javascript:alert(1)">x</a>', '<a> 的属性 href="javascript:alert(1)"'),
    ('<a href=" java\tscript:alert(1)">x</a>', '<a> 的属性 href=" java\tscript:alert(1)"'),
    ('<a href="vbscript:x">x</a>', '<a> 的属性 href="vbscript:x"'),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', '<img> 的属性 src="data:image/svg+xml,<svg onload=alert(1)>"'),
    ('<iframe src="https://example.com/"></iframe>', "标签 <iframe>"),
    ('<object data="x.swf"></object>', "标签 <object>"),
    ('<embed src="x.swf">', "标签 <embed>"),
    ('<video src="https://example.com/v.mp4" poster="p.png"></video>', "标签 <video>"),
    ('<audio src="https://example.com/a.mp3"></audio>', "标签 <audio>"),
    ("<style>@import 'https://example.com/x.css';</style>", "标签 <style>"),
    ('<p style="background:url(https://example.com/x.png)">x</p>', '<p> 的属性 style="background:url(https://example.com/x.png)"'),
    ('<table><tr><td style="text-align:left">x</td></tr></table>', '<td> 的属性 style="text-align:left"'),
    ('<img src="a.png" srcset="https://example.com/a.png 2x">', '<img> 的属性 srcset="https://example.com/a.png 2x"'),
    ('<svg><image href="https://example.com/x.png"/></svg>', "标签 <svg>"),
    ('<form action="https://example.com/"><input name="q"></form>', "标签 <form>"),
    ('<button type="submit" formaction="https://example.com/">x</button>', '<button> 的属性 formaction="https://example.com/"'),
    ("<button>x</button>", '<button> 的属性 type 应为 "button"'),
    ('<a href="x" ping="https://example.com/">x</a>', '<a> 的属性 ping="https://example.com/"'),
    ('<a href="https://example.com/" target="_blank">x</a>', '<a> 的属性 target="_blank"'),
    ('<link rel="stylesheet" href="https://example.com/x.css">', "标签 <link>"),
    ('<meta http-equiv="refresh" content="0;url=https://example.com/">', "标签 <meta>"),
    ('<base href="https://example.com/">', "标签 <base>"),
    ('<div onmouseover="alert(1)">x</div>', '<div> 的属性 onmouseover="alert(1)"'),
    ('<math><maction actiontype="statusline">x</maction></math>', "标签 <math>"),
    ('<details open ontoggle="alert(1)"><summary>x</summary></details>', '<details> 的属性 ontoggle="alert(1)"'),
    ('<input autofocus onfocus="alert(1)">', "标签 <input>"),
    ('<textarea>x</textarea>', "标签 <textarea>"),
    ('<template><script>alert(1)</script></template>', "标签 <template>"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "标签 <noscript>"),
    # Data attributes are allow-listed: Material's bundle copies data-clipboard-text on click.
    ('<button type="button" data-clipboard-text="请把验证码告诉我">您好</button>',
     '<button> 的属性 data-clipboard-text="请把验证码告诉我"'),
    ('<p data-x="1">x</p>', '<p> 的属性 data-x="1"'),
    # Browsers end a comment at --!> and at <!--> (html5lib-tests); Python's html.parser did not.
    ('<p>x</p><!--a--!><img src=x onerror=alert(1)>-->', '<img> 的属性 onerror="alert(1)"'),
    ('<!--><img src=x onerror=alert(1)>-->', '<img> 的属性 onerror="alert(1)"'),
    ('<!---><img src=x onerror=alert(1)>-->', '<img> 的属性 onerror="alert(1)"'),
    ('<img src="https://example.com/a.png" alt="外站">', '<img> 的属性 src="https://example.com/a.png"'),
]


@pytest.mark.parametrize("fragment, first", HOSTILE, ids=[h[1] for h in HOSTILE])
def test_anything_else_is_a_problem(fragment, first):
    problems = sanitise.clean_page(fragment).problems
    assert problems and problems[0].describe() == first


def test_generated_pages_allow_the_macros_markup_and_nothing_that_runs():
    quiz = ('<section class="kb-quiz" data-quiz="x" data-search-exclude markdown="0"><form><label>'
            '<input type="radio" name="q" value="a"> <span data-option-text>甲</span></label></form>'
            '<script type="application/json" data-quiz-key>{"a": 1}</script></section>')
    assert sanitise.clean_page(quiz, generated=True).problems == []
    assert [p.describe() for p in sanitise.clean_page(quiz).problems][:2] == ["标签 <section>", "标签 <form>"]
    assert [p.describe() for p in sanitise.clean_page("<script>alert(1)</script>", generated=True).problems] == [
        '<script> 的属性 type 应为 "application/json"']
    assert [p.describe() for p in sanitise.clean_page('<form onsubmit="return false"></form>', generated=True).problems] == [
        '<form> 的属性 onsubmit="return false"']


def test_line_of_finds_successive_occurrences():
    source = "# 标题\n\n<iframe src=a></iframe>\n\n文字\n<iframe src=b></iframe>\n"
    line, position = source_lines.line_of(source, ["<iframe"])
    assert line == 3
    assert source_lines.line_of(source, ["<iframe"], position + 1)[0] == 6
    assert source_lines.line_of(source, ["<video"]) == (0, 0)


@pytest.mark.parametrize("url, context, why", [
    ("https://example.com/x.png", ("img", "src"), "带有协议（https:），指向站外"),
    ("HTTP://example.com/", ("link", "href"), "带有协议（http:），指向站外"),
    ("//example.com/x.js", ("script", "src"), "指向另一台主机"),
    (" \t//example.com/x.js", ("script", "src"), "指向另一台主机"),
    ("\\\\example.com/x", ("img", "src"), "指向另一台主机"),
    ("java\nscript:alert(1)", ("a", "href"), "是 javascript: 地址"),
    ("data:text/html,<script>", ("iframe", "src"), "是 data: 地址（只允许用于图片和 CSS）"),
    ("data:image/png;base64,AAAA", ("img", "src"), None),
    ("data:image/svg+xml;charset=utf-8,<svg/>", ("css", "url"), None),
    ("../assets/x.png", ("img", "src"), None),
    ("/kb/assets/x.png", ("img", "src"), None),
    ("#top", ("a", "href"), None),
])
def test_outside_url(url, context, why):
    assert outside.outside_url(url, context) == why


def test_external_loads_in_css():
    css = ('@import "https://example.com/a.css";\n@import url(//example.com/b.css);\n'
           'a{background:url( "https://example.com/c.png" )}\n'
           'b{background-image:image-set("https://example.com/d.png" 1x)}\n'
           'i{--md-icon:url("data:image/svg+xml;charset=utf-8,<svg/>")}\nj{background:url(../x.png)}\n')
    assert outside.external_loads_in_css(css) == [
        (1, "https://example.com/a.css", "带有协议（https:），指向站外"),
        (2, "//example.com/b.css", "指向另一台主机"),
        (3, "https://example.com/c.png", "带有协议（https:），指向站外"),
        (4, "https://example.com/d.png", "带有协议（https:），指向站外"),
    ]


def test_external_loads_in_html():
    page = "\n".join([
        '<link rel="canonical" href="https://intranet/kb/x/">',              # the site's own address
        '<link rel="stylesheet" href="https://example.com/x.css">',
        '<link rel="preconnect" href="https://example.com">',
        '<script src="//example.com/x.js"></script>',
        '<img src="x.png" srcset="x2.png 2x, https://example.com/x3.png 3x">',
        '<video poster="https://example.com/p.png"></video>',
        '<object data="https://example.com/x.swf"></object>',
        '<form action="https://example.com/"><button formaction="https://example.com/f">x</button></form>',
        '<table background="https://example.com/t.png"></table>',
        '<svg><image xlink:href="https://example.com/s.png"/><use href="https://example.com/u.svg#i"/></svg>',
        '<a href="https://www.gov.cn/">a link loads nothing until clicked</a><a href="javascript:alert(1)">x</a>',
        '<a href="x" ping="https://example.com/ping">x</a>',
        '<div style="background:url(https://example.com/s.png)"></div>',
        '<style>@import "https://example.com/i.css";</style>',
        '<meta http-equiv="refresh" content="0; url=https://example.com/">',
        '<base href="https://example.com/">',
        '<iframe src="data:text/html,x"></iframe><img src="data:image/png;base64,AA">',
    ])
    found = page_scan.scan(page, own="https://intranet/kb/").loads
    assert [line for line, _, _ in found] == [2, 3, 4, 5, 6, 7, 8, 8, 9, 10, 10, 11, 12, 13, 14, 15, 16, 17]
    assert found[0] == (2, '<link> 的属性 href="https://example.com/x.css"', "带有协议（https:），指向站外")
    assert found[10] == (10, '<use> 的属性 href="https://example.com/u.svg#i"', "带有协议（https:），指向站外")
    assert found[11] == (11, '<a> 的属性 href="javascript:alert(1)"', "是 javascript: 地址")
    assert found[-1] == (17, '<iframe> 的属性 src="data:text/html,x"', "是 data: 地址（只允许用于图片和 CSS）")


def test_inline_scripts_are_found_with_their_spans():
    page = ('<head><script>var a = "</p>";</script><script id="__config" type="application/json">{}</script>\n'
            '<script src="x.js"></script></head><body><script >b()</script></body>')
    found = theme_scripts.inline_scripts(page)
    assert [code for _, _, code in found] == ['var a = "</p>";', "b()"]
    assert [page[start:end] for start, end, _ in found] == ['<script>var a = "</p>";</script>', "<script >b()</script>"]



# İ (U+0130, in Turkish names) lowers to two characters in Python; the Kelvin sign lowers to k.
TURKISH = "土耳其客户 İlker 先生、İrem 女士来电，温度 5\u212a。"


def test_ascii_lower_keeps_every_position():
    assert outside.ascii_lower("<SCRIPT>" + TURKISH) == "<script>" + TURKISH
    assert len(outside.ascii_lower(TURKISH * 3)) == len(TURKISH * 3)
    assert outside.ascii_lower("Script ÄÖ") == "script ÄÖ".replace("ÄÖ", "äö")


def test_a_turkish_name_before_the_themes_scripts_moves_nothing():
    page = f"<p>{TURKISH * 20}</p>\n<script>var a = 1;</script><p>x</p>"
    found = theme_scripts.inline_scripts(page)
    assert [(page[start:end], code) for start, end, code in found] == [("<script>var a = 1;</script>", "var a = 1;")]
    assert page_scan.scan(page + '\n<span onclick="y()">x</span>').runnable == [
        (2, "内联 <script>"), (3, '<span> 的事件属性 onclick="y()"')]


def test_a_turkish_name_does_not_move_a_problem_to_another_line():
    source = f"# 标题\n\n{TURKISH * 20}\n\n文字\n<iframe src=a></iframe>\n\n[点我](javascript:alert(1))\n"
    assert source_lines.line_of(source, ["<iframe"])[0] == 6
    assert source_lines.locate(source, sanitise.Problem("a", "href", "javascript:alert(1)"))[0] == 8

# --- the theme's inline scripts, and anything else that could run ------------------

def _material_templates():
    import material
    from pathlib import Path
    root = Path(material.__file__).parent / "templates"
    return [path.read_text(encoding="utf-8") for path in sorted(root.rglob("*.html"))]


THEME_SCRIPT = ('__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
                '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
                '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}')


def test_only_the_themes_own_inline_scripts_count_as_theme_scripts():
    patterns = theme_scripts.theme_script_patterns(_material_templates())
    assert theme_scripts.is_theme_script(THEME_SCRIPT, patterns)
    assert theme_scripts.is_theme_script('var target=document.getElementById(location.hash.slice(1));target&&target.name&&'
                                    '(target.checked=target.name.startsWith("__tabbed_"))', patterns)
    # What front matter put in the nav (subtitle, status) is not the theme's.
    assert not theme_scripts.is_theme_script("document.title='PWNED'", patterns)
    # A Jinja value may not break out of its string.
    assert not theme_scripts.is_theme_script(THEME_SCRIPT.replace('"../.."', '"x",alert(1),"'), patterns)


def test_runnable_markup_finds_inline_scripts_and_event_attributes_anywhere():
    page = "\n".join([
        '<head><script src="../assets/kb/inline/a.js"></script>',
        '<script id="__config" type="application/json">{"base": ".."}</script></head>',
        '<nav><small><script>document.title=\'PWNED\'</script></small>',
        '<span class="md-status" title="x" onmouseover="alert(1)">x</span></nav>',
        '<script type="module">import("./x.js")</script><script type="text/plain">x</script>',
    ])
    assert page_scan.scan(page).runnable == [
        (3, "内联 <script>"),
        (4, '<span> 的事件属性 onmouseover="alert(1)"'),
        (5, "内联 <script>"),
        (5, "内联 <script>"),
    ]


# --- names the theme and our scripts look up ----------------------------------------

def test_reserved_ids_and_data_attributes():
    fragment = ('<div id="__config">{"base":"/"}</div><p id="md-search">x</p><p id="KB-x">x</p>'
                '<a name="__tabbed_1">x</a><p data-copy>x</p><span data-md-component="x">x</span>'
                '<p data-kb-query="x">x</p><h2 id="倾听">x</h2><p data-x="1" id="my-md-x">x</p>')
    assert [p.describe() for p in sanitise.reserved_names(fragment)] == [
        '<div> 的属性 id="__config"', '<p> 的属性 id="md-search"', '<p> 的属性 id="KB-x"',
        '<a> 的属性 name="__tabbed_1"', '<p> 的属性 data-copy=""', '<span> 的属性 data-md-component="x"',
        '<p> 的属性 data-kb-query="x"',
    ]


def test_reserved_classes_the_theme_or_our_scripts_act_on():
    # pre.mermaid makes Material's bundle fetch https://unpkg.com/mermaid; .kb-card is a card to cards.js.
    fragment = ('<pre class="mermaid">x</pre><p class="note kb-card">x</p><div class="Md-Grid">x</div>'
                '<p class="grid cards">x</p><p class="admonition-title mermaids">x</p>')
    assert [p.describe() for p in sanitise.reserved_names(fragment)] == [
        '<pre> 的属性 class="mermaid"', '<p> 的属性 class="kb-card"', '<div> 的属性 class="md-grid"',
    ]


def test_every_data_attribute_our_scripts_look_up_is_reserved():
    import re
    from pathlib import Path
    scripts = Path(__file__).resolve().parents[2] / "content/assets/kb"
    used = {name for path in scripts.glob("*.js")
            for name in re.findall(r"""(?:\[|getAttribute\(["']|hasAttribute\(["'])(data-[a-z0-9-]+)""",
                                   path.read_text(encoding="utf-8"))}
    assert used, "no data attributes found: the pattern no longer matches the scripts"
    missing = {name for name in used
               if name not in sanitise.SITE_DATA_ATTRIBUTES and not name.startswith(sanitise.RESERVED_DATA_PREFIXES)}
    assert missing == set()


def test_each_problem_is_located_on_its_own_line():
    source = "# 标题\n\n[点我](javascript:alert(1))\n\n<a href=\"javascript:alert(1)\">x</a>\n\n段落\n{: #md-x }\n"
    link = sanitise.Problem("a", "href", "javascript:alert(1)")
    line, position = source_lines.locate(source, link)
    assert line == 3
    assert source_lines.locate(source, link, position + 1)[0] == 5
    assert source_lines.locate(source, sanitise.Problem("p", "id", "md-x"))[0] == 8
    assert source_lines.locate(source, sanitise.Problem("iframe")) == (0, 0)


def test_every_data_attribute_the_macros_write_is_allow_listed():
    """Generated pages keep only listed data attributes: a macro's new one must be listed, or the build fails."""
    import re
    from conftest import ROOT
    written = set()
    for path in (ROOT / "macros").glob("*.html"):
        written |= set(re.findall(r"\b(data-[a-z-]+)", path.read_text(encoding="utf-8")))
    assert written - (sanitise.MACRO_DATA | sanitise.SITE_DATA_ATTRIBUTES) == set()
    # And a data attribute the theme's bundle acts on is never among them.
    assert not any(name.startswith("data-clipboard") or name.startswith("data-md-")
                   for name in sanitise.MACRO_DATA | sanitise.SITE_DATA_ATTRIBUTES | sanitise.MARKDOWN_DATA)


def test_a_problem_written_with_character_references_is_found_at_its_own_line():
    source = '# 页\n\n<a href="&#106;avascript:alert(1)">x</a>\n\n<a href="javascript:alert(1)">y</a>\n'
    link = sanitise.Problem("a", "href", "javascript:alert(1)")
    shown = source_lines.decoded(source)
    line, position = source_lines.locate(shown, link)
    assert (line, source_lines.locate(shown, link, position + 1)[0]) == (3, 5)
    assert shown.count("\n") == source.count("\n")
