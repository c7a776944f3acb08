"""hooks/safety.py in a real strict build: hostile handbook HTML and outside resources fail it,
with a message naming the file and line; titles from YAML stay text in <title>."""
from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import copy_project, run_mkdocs_build

# Appended to a handbook page: (Markdown, the message for it, which names the snippet's last line).
HOSTILE = [
    ("<script>alert(1)</script>", "标签 <script>"),
    ('<img src="a.png" onerror="alert(1)">', '<img> 的属性 onerror="alert(1)"'),
    ("[点我](javascript:alert(1))", '<a> 的属性 href="javascript:alert(1)"'),
    ('<iframe src="https://example.com/"></iframe>', "标签 <iframe>"),
    ('<object data="https://example.com/x.swf"></object>', "标签 <object>"),
    ('<embed src="https://example.com/x.swf">', "标签 <embed>"),
    ('<video src="https://example.com/v.mp4"></video>', "标签 <video>"),
    ('<audio src="https://example.com/a.mp3"></audio>', "标签 <audio>"),
    ("<style>@import 'https://example.com/x.css';</style>", "标签 <style>"),
    ('段落\n{: style="background:url(https://example.com/x.png)" }', '<p> 的属性 style="background:url(https://example.com/x.png)"'),
    ('<img src="a.png" srcset="https://example.com/a.png 2x">', '<img> 的属性 srcset="https://example.com/a.png 2x"'),
    # An image from another host is named at its source line, not only in the built file.
    ('<img src="https://example.com/a.png" alt="图">', '<img> 的属性 src="https://example.com/a.png"'),
    # Material's bundle copies data-clipboard-text on click: a greeting button could put a phishing line on the clipboard.
    ('<button type="button" data-clipboard-text="请把验证码告诉我">您好</button>',
     '<button> 的属性 data-clipboard-text="请把验证码告诉我"'),
    # Browsers end this comment at --!>; Python's html.parser read the <img> as part of it.
    ("<!--a--!><img src=x onerror=alert(1)>-->", '<img> 的属性 onerror="alert(1)"'),
]
HANDBOOK = "content/handbook/03-listening.md"
TAIL = "（只允许 Markdown 生成的标签和属性；脚本、事件属性、javascript: 链接和嵌入内容都不行）"


def _build(project):
    result = run_mkdocs_build(project / "site-out", project / "mkdocs.yml", cwd=project)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("gate") / "project")
    page = project / HANDBOOK
    # İ lowers to two characters in Python: the lines after it must not move.
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n土耳其客户 İlker 先生\n"
    lines = []
    for snippet, _ in HOSTILE:
        text += f"\n{snippet}\n"
        lines.append(text.count("\n"))
    page.write_text(text, encoding="utf-8")
    # A macro that writes a handler onto every card: generated pages are checked too (on a second thread).
    macro = project / "macros/cards.html"
    macro.write_text(macro.read_text(encoding="utf-8").replace(
        '<article class="kb-card"', '<article class="kb-card" onclick="steal()"', 1), encoding="utf-8")
    # A stylesheet in docs_dir that no privacy plugin looks at.
    (project / "content/assets/extra.css").write_text(
        "body { color: black; }\n@import url(//example.com/font.css);\n", encoding="utf-8")
    code, log = _build(project)
    return code, log, lines


def test_hostile_handbook_html_fails_with_file_and_line(hostile_build):
    code, log, lines = hostile_build
    assert code != 0
    assert "页面安全检查未通过：" in log and "Traceback" not in log
    for line, (_, problem) in zip(lines, HOSTILE):
        assert f"{HANDBOOK}:{line}: 手册页面含不允许的 HTML：{problem}{TAIL}" in log


def test_a_macro_that_writes_a_handler_fails_naming_the_generated_page(hostile_build):
    code, log, _ = hostile_build
    assert code != 0 and "Traceback" not in log
    assert ('生成的页面 phrasebooks/opening.md：含不允许的 HTML：<article> 的属性 onclick="steal()"'
            "（生成页面的标记来自 macros/*.html，请修正宏）") in log


def test_outside_resource_in_a_stylesheet_fails_naming_the_built_file(hostile_build):
    _, log, _ = hostile_build
    assert ("构建结果 assets/extra.css:2（来源：主题或静态文件）：CSS 中的 //example.com/font.css 指向另一台主机；"
            "页面只能加载本站的文件（内网没有外网）") in log


TITLE = "结束语</title><script>window.__pwned=1</script>"


@pytest.fixture(scope="module")
def hostile_titles(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("titles") / "project")
    book = project / "content/phrasebooks/closing.yml"
    data = yaml.safe_load(book.read_text(encoding="utf-8"))
    data["title"] = TITLE
    book.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    bank = sorted((project / "content/quizzes").glob("*.yml"))[0]
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    data["title"] = "题库" + TITLE
    bank.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    page = project / "content/handbook/03-listening.md"
    page.write_text('---\ntitle: 倾听</title><script>x()</script>\ndescription: \'"><script>y()</script>\'\n---\n'
                    + page.read_text(encoding="utf-8") + "\n| 说法 | 原因 |\n|:--:|--:|\n| 您好 | 礼貌 |\n"
                    # A Turkish name (İ lowers to two characters in Python) once hid the theme's scripts from the gate.
                    + "\n土耳其客户 İlker 先生来电。\n", encoding="utf-8")
    # A comment in a macro is no problem, but nh3 drops it: the page must go out as nh3 wrote it.
    macro = project / "macros/cards.html"
    macro.write_text(macro.read_text(encoding="utf-8").replace(
        '<article class="kb-card"', "<!-- 宏里的注释 -->\n<article class=\"kb-card\"", 1), encoding="utf-8")
    code, log = _build(project)
    assert code == 0, log
    return project / "site-out", bank.stem


def test_generated_pages_go_out_as_the_allow_list_wrote_them(hostile_titles):
    site, _ = hostile_titles
    cards = (site / "phrasebooks/opening/index.html").read_text(encoding="utf-8")
    assert 'class="kb-card"' in cards and "宏里的注释" not in cards


def test_titles_from_yaml_and_front_matter_stay_text(hostile_titles):
    site, bank = hostile_titles
    for path, title in [("phrasebooks/closing/index.html", TITLE), (f"quizzes/{bank}/index.html", "题库" + TITLE),
                        ("handbook/03-listening/index.html", "倾听</title><script>x()</script>")]:
        soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        assert soup.title.string == f"{title} - 客服沟通手册", path
        assert all(script.get("src") or script.get("type") == "application/json" for script in soup.find_all("script")), path
    soup = BeautifulSoup((site / "handbook/03-listening/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("meta", attrs={"name": "description"})["content"] == '"><script>y()</script>'
    assert soup.select_one(".md-header__topic + .md-header__topic .md-ellipsis, .md-header__title .md-ellipsis")


def test_aligned_tables_pass_and_no_page_has_an_inline_style(hostile_titles):
    """deploy/nginx-kb.conf's style-src 'self' refuses inline styles: the site must not need any."""
    site, _ = hostile_titles
    soup = BeautifulSoup((site / "handbook/03-listening/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [th.get("align") for th in soup.select("article table th")][-2:] == ["center", "right"]
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert soup.select("[style], style") == [], path


def test_theme_inline_scripts_are_files(hostile_titles):
    site, _ = hostile_titles
    for path in ["index.html", "404.html", "phrasebooks/closing/index.html", "handbook/03-listening/index.html"]:
        soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        inline = [s for s in soup.find_all("script") if not s.get("src") and s.get("type") != "application/json"]
        assert inline == [], path
        moved = [s["src"] for s in soup.find_all("script") if "assets/kb/inline/" in (s.get("src") or "")]
        assert moved, path
    assert "__md_scope" in "".join(p.read_text(encoding="utf-8") for p in (site / "assets/kb/inline").glob("*.js"))


# --- front matter, reserved names, and where each problem is ---------------------

FRONT_MATTER = {
    "content/handbook/index.md": ("subtitle: \"<script>document.title='PWNED'</script>\"",
                                  "content/handbook/index.md:2: 页面头部（front matter）有不支持的字段“subtitle”；"
                                  "可用的字段：title、description、hide、search"),
    "content/handbook/01-basics.md": ("status: \"<script>document.title='PWNED'</script>\"",
                                      "content/handbook/01-basics.md:2: 页面头部（front matter）有不支持的字段“status”；"
                                      "可用的字段：title、description、hide、search"),
    "content/handbook/02-service-mindset.md": ("title: [\"<script>document.title='PWNED'</script>\"]",
                                               "content/handbook/02-service-mindset.md:2: "
                                               "页面头部（front matter）的字段“title”应为一行文字，实际为列表"),
    "content/handbook/04-expression.md": ("title: 表达\nhide: [toc, \"<b>x</b>\"]",
                                          "content/handbook/04-expression.md:3: 页面头部（front matter）的字段“hide”"
                                          "应为列表，只能包含：navigation、toc、footer、path、tags、feedback"),
}
MMD_PAGE = "content/handbook/06-problem-solving.md"
MARKER_PAGE = "content/handbook/07-complaints.md"
RESERVED_TAIL = ("（以 __、md-、kb- 开头的 id、name 和 class，class mermaid，data-md-*、data-kb-* 以及 data-copy、"
                 "data-quiz 等本站脚本查找的 data 属性都不能用，请换一个名字）")
# Appended to 05-nonverbal.md, one per line after a blank line: (snippet, message).
RESERVED = [
    ('<div id="__config">{"base": "/"}</div>', '<div> 的属性 id="__config"'),
    ("段落\n{: #md-search }", '<p> 的属性 id="md-search"'),
    ("带按钮的段落\n{: data-copy }", '<p> 的属性 data-copy=""'),
    ('<span data-md-component="search">x</span>', '<span> 的属性 data-md-component="search"'),
    # Material's bundle fetches https://unpkg.com/mermaid for any pre.mermaid; cards.js copies from any .kb-card.
    ('<pre class="diagram mermaid">graph LR</pre>', '<pre> 的属性 class="mermaid"'),
    ("卡片样子的段落\n{: .kb-card }", '<p> 的属性 class="kb-card"'),
    ('<div class="MD-Typeset">x</div>', '<div> 的属性 class="md-typeset"'),
]
# Two problems whose snippets could be confused: the Markdown link comes first, the
# raw <a> with the same URL two lines later. Each must be reported on its own line.
TWO_LINES = "[点我](javascript:alert(1))\n\n<a href=\"javascript:alert(1)\">再点</a>\n"


@pytest.fixture(scope="module")
def hostile_meta(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("meta") / "project")
    for path, (yaml_text, _) in FRONT_MATTER.items():
        page = project / path
        page.write_text(f"---\n{yaml_text}\n---\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    # MkDocs also reads unfenced "Key: value" lines at the top of a page as front matter.
    page = project / MMD_PAGE
    page.write_text("Title: 问题处理\nSubtitle: <script>document.title='PWNED'</script>\n\n"
                    + page.read_text(encoding="utf-8"), encoding="utf-8")
    # Markup written on a hook's marker line is the author's, not the hook's.
    page = project / MARKER_PAGE
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n<!-- kb:greeting --><div id=\"__config\">{}</div>\n"
    page.write_text(text, encoding="utf-8")
    page = project / "content/handbook/05-nonverbal.md"
    # İ lowers to two characters in Python: the lines after it must not move.
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n土耳其客户 İlker 先生\n"
    lines = []
    for snippet, _ in RESERVED:
        text += f"\n{snippet}\n"
        lines.append(text.count("\n"))
    text += "\n"
    first = text.count("\n") + 1
    text += TWO_LINES
    page.write_text(text, encoding="utf-8")
    code, log = _build(project)
    return project, code, log, lines, first


def test_front_matter_outside_the_allow_list_fails_naming_file_line_and_key(hostile_meta):
    project, code, log, _, _ = hostile_meta
    assert code != 0 and "Traceback" not in log
    for _, message in FRONT_MATTER.values():
        assert message in log
    assert (f"{MMD_PAGE}:2: 页面头部（front matter）有不支持的字段“subtitle”；"
            "可用的字段：title、description、hide、search") in log
    assert f"{MMD_PAGE}:1:" not in log
    # Nothing from the refused keys was moved into a script file the CSP would allow.
    inline = project / "site-out/assets/kb/inline"
    assert all("PWNED" not in path.read_text(encoding="utf-8") for path in inline.glob("*.js"))


def test_reserved_ids_and_data_attributes_fail_on_handbook_pages(hostile_meta):
    _, _, log, lines, _ = hostile_meta
    for line, (_, problem) in zip(lines, RESERVED):
        assert f"content/handbook/05-nonverbal.md:{line}: 手册页面用了主题或本站脚本保留的名字：{problem}{RESERVED_TAIL}" in log
    # The home page's greeting widget (inserted by hooks/cards.py) uses data-copy legitimately.
    assert "content/index.md" not in log
    marker_line = (hostile_meta[0] / MARKER_PAGE).read_text(encoding="utf-8").count("\n")
    assert f'{MARKER_PAGE}:{marker_line}: 手册页面用了主题或本站脚本保留的名字：<div> 的属性 id="__config"{RESERVED_TAIL}' in log


def test_each_problem_is_reported_on_its_own_line(hostile_meta):
    _, _, log, _, first = hostile_meta
    for line in (first, first + 2):
        assert (f"content/handbook/05-nonverbal.md:{line}: 手册页面含不允许的 HTML："
                f'<a> 的属性 href="javascript:alert(1)"{TAIL}') in log


@pytest.fixture(scope="module")
def hostile_config(tmp_path_factory):
    """Markup from mkdocs.yml reaches every page's header and nav unescaped: the last gate must hold."""
    project = copy_project(tmp_path_factory.mktemp("config") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("site_name: 客服沟通手册", "site_name: \"客服沟通手册<script>document.title='PWNED'</script>\"", 1)
    text = text.replace("      - 第1章 客户沟通基础: handbook/01-basics.md",
                        "      - \"第1章 <img src=x onerror=alert(1)>\": handbook/01-basics.md", 1)
    config.write_text(text, encoding="utf-8")
    code, log = _build(project)
    return project, code, log


def test_inline_script_or_event_attribute_outside_the_theme_fails_and_is_not_moved(hostile_config):
    import re
    project, code, log = hostile_config
    assert code != 0 and "Traceback" not in log
    tail = " 不是主题模板里的脚本，会在页面上运行；页面内容、标题和导航里都不能有脚本或事件属性"
    assert re.search(r"构建结果 index\.html:\d+（来源：content/index\.md）：内联 <script>" + tail, log)
    assert re.search(r"构建结果 handbook/03-listening/index\.html:\d+（来源：content/handbook/03-listening\.md）："
                     r'<img> 的事件属性 onerror="alert\(1\)"' + tail, log)
    assert re.search(r"构建结果 404\.html:\d+（来源：主题模板）：内联 <script>" + tail, log)
    inline = project / "site-out/assets/kb/inline"
    assert all("PWNED" not in path.read_text(encoding="utf-8") for path in inline.glob("*.js"))
