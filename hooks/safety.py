"""One gate on the way out: what may reach a page.

- Titles stay text everywhere. Material prints page titles as HTML (MkDocs
  hands them over escaped) but its <title> runs them through `striptags`,
  which unescapes: a YAML title `结束语</title><script>` became a live
  script. The theme's `striptags` is replaced by one that keeps the text
  escaped, and front-matter title, description and author are escaped once,
  like the titles MkDocs derives from headings.
- Page HTML is held to an allow-list by nh3 (hooks/kb/sanitise.py): handbook
  pages to what our Markdown extensions produce, generated pages (cards,
  rules, quizzes) to that plus what our macros produce. Their YAML text is
  already escaped, so on them the gate catches a mistake in a macro.
- After the build, every attribute and style in built HTML and CSS that can
  load something must stay on the site. Material's JavaScript bundles are not
  scanned (minified code can't be read reliably); tests/browser/test_offline.py
  proves zero outside requests instead.
- The theme's inline scripts are moved to files under assets/kb/inline/, so
  deploy/nginx-kb.conf can send script-src 'self' and no hash list has to
  follow each build.

Every problem is collected and the build fails once, in on_post_build, with
a message per problem naming the file and line.
"""
from __future__ import annotations

import hashlib
import html
from pathlib import Path
from urllib.parse import urlsplit

import markupsafe
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from kb import sanitise
from kb import state
from kb.render import environment, macros

INLINE_DIR = "assets/kb/inline"
# Front-matter keys the theme prints as HTML.
ESCAPED_META = ("title", "description", "author")


def on_config(config):
    state.of(config).update(safety_problems=[], inline_scripts={}, built_from={},
                            safety_macros=macros(environment(), "safety.html"))
    return config


def on_env(env, config, files):
    env.filters["striptags"] = _striptags_as_text
    return env


def on_page_markdown(markdown, page, config, files):
    for key in ESCAPED_META:
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key])
    return markdown


def on_page_content(content, page, config, files):
    generated = page.file.generated_by is not None
    problems = sanitise.html_problems(content, generated=generated)
    if problems:
        state.of(config)["safety_problems"] += _page_messages(problems, page, config)
    return content


def on_post_page(output, page, config):
    build = state.of(config)
    build["built_from"][page.file.dest_uri] = _source_name(page, config)
    return _move_inline_scripts(output, lambda path: get_relative_url(path, page.url), build)


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    # 404.html is served for any path, so the theme links it from the site's root path.
    base = urlsplit(config.site_url or "/").path or "/"
    base = base if base.endswith("/") else base + "/"
    return _move_inline_scripts(output_content, lambda path: base + path, state.of(config))


def on_post_build(config):
    build = state.of(config)
    site = Path(config.site_dir)
    for name, code in build["inline_scripts"].items():
        target = site / INLINE_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code, encoding="utf-8")
    problems = build["safety_problems"] + _outside_loads(site, build["built_from"], config.site_url or "")
    if problems:
        raise PluginError("页面安全检查未通过：\n" + "\n".join(problems))


# --- helpers -----------------------------------------------------------------

def _striptags_as_text(value) -> markupsafe.Markup:
    """Jinja's striptags, but the result stays escaped: text, never markup."""
    if hasattr(value, "__html__"):
        value = value.__html__()
    return markupsafe.escape(markupsafe.Markup(str(value)).striptags())


def _source_name(page, config) -> str:
    if page.file.generated_by is not None:
        return f"生成的页面 {page.file.src_uri}"
    root = Path(config.config_file_path).parent
    path = Path(page.file.abs_src_path)
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _page_messages(problems, page, config) -> list[str]:
    name = _source_name(page, config)
    if page.file.generated_by is not None:
        return [f"{name}：含不允许的 HTML：{problem.describe()}（生成页面的标记来自 macros/*.html，请修正宏）"
                for problem in problems]
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    messages, cursor = [], 0
    for problem in problems:
        line, position = sanitise.line_of(source, problem.needles(), cursor)
        cursor = position
        where = f"{name}:{line}" if line else name
        messages.append(f"{where}: 手册页面含不允许的 HTML：{problem.describe()}"
                        "（只允许 Markdown 生成的标签和属性；脚本、事件属性、javascript: 链接和嵌入内容都不行）")
    return messages


def _move_inline_scripts(output: str, url_of, build) -> str:
    scripts = sanitise.inline_scripts(output)
    for start, end, code in reversed(scripts):
        name = hashlib.sha256(code.encode("utf-8")).hexdigest()[:16] + ".js"
        build["inline_scripts"][name] = code
        tag = build["safety_macros"].script_file(url_of(f"{INLINE_DIR}/{name}"))
        output = output[:start] + str(tag) + output[end:]
    return output


def _outside_loads(site: Path, built_from: dict, own: str) -> list[str]:
    messages = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(site).as_posix()
        found = (sanitise.external_loads_in_html(text, own) if path.suffix == ".html"
                 else [(line, f"CSS 中的 {url}", why) for line, url, why in sanitise.external_loads_in_css(text)])
        source = built_from.get(rel, "主题或静态文件")
        for line, what, why in found:
            messages.append(f"构建结果 {rel}:{line}（来源：{source}）：{what} {why}；"
                            "页面只能加载本站的文件（内网没有外网）")
    return messages
