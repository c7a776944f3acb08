"""One gate on the way out: what may reach a page.

- Front matter of handbook pages is held to the keys in META_KEYS, with text
  where text is expected: Material prints `subtitle` and `status` raw in the
  nav of every page, so one page's YAML could put a script on all of them.
- Titles stay text everywhere. Material prints page titles as HTML (MkDocs
  hands them over escaped) but its <title> runs them through `striptags`,
  which unescapes: a YAML title `结束语</title><script>` became a live
  script. The theme's `striptags` is replaced by one that keeps the text
  escaped, and front-matter title and description (and author, which only
  generated pages could set) are escaped once, like the titles MkDocs
  derives from headings.
- Page HTML is held to an allow-list by nh3 (hooks/kb/sanitise.py): handbook
  pages to what our Markdown extensions produce, generated pages (cards,
  rules, quizzes) to that plus what our macros produce. Their YAML text is
  already escaped, so on them the gate catches a mistake in a macro.
- Every attribute and style in built HTML and CSS that can load something
  must stay on the site: pages and templates as they are written
  (one html5ever pass per page, hooks/kb/page_scan.py, which also finds what
  could run; built pages are scanned in a forked child while the next ones are
  rendered, hooks/kb/built_scan.py), theme and static files after the build. Material's JavaScript bundles are not
  scanned (minified code can't be read reliably); tests/browser/test_offline.py
  proves zero outside requests instead.
- The theme's inline scripts are moved to files under assets/kb/inline/, so
  deploy/nginx-kb.conf can send script-src 'self' and no hash list has to
  follow each build. Only scripts that match one in the theme's templates are
  moved (a moved script is allowed by the CSP, so moving anything else would
  run it); any other inline script or on*= attribute left in a built page
  fails the build.
- Handbook pages may not use the ids and data attributes the theme and our
  scripts look up (<div id="__config"> would replace Material's settings).

Every problem is collected and the build fails once, in on_post_build, with
a message per problem naming the file and line.
"""
from __future__ import annotations

import collections
import concurrent.futures
import hashlib
import html
from pathlib import Path
from urllib.parse import urlsplit

import markupsafe
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from kb import background, built_scan, front_matter, sanitise, source_lines, theme_scripts
from kb import state
from kb.render import environment, macros

INLINE_DIR = "assets/kb/inline"
# The gate checks what every other hook produced, wherever mkdocs.yml lists it.
LAST = -100
# Generated pages get nh3's HTML before any other on_env: the search hook reads every page's content there.
FIRST = 100


@event_priority(FIRST)
def on_config(config):
    # Built pages are scanned on the second core while this one renders the next ones: forked first of
    # all, while the process is small, and fed each page as it comes (on_post_page).
    state.of(config).update(safety_problems=[], inline_scripts={}, scanned=set(), unchecked=[],
                            safety_macros=macros(environment(), "safety.html"),
                            theme_scripts=theme_scripts.theme_script_patterns(_theme_templates(config)),
                            page_scans=background.Later(built_scan.pages, takes_input=True))
    return config


@event_priority(FIRST)
def on_env(env, config, files):
    env.filters["striptags"] = _striptags_as_text
    build = state.of(config)
    for page, cleaned, kept in build.pop("unchecked", []):
        if not isinstance(cleaned, str):
            # Written on the second thread: the page is published as nh3 wrote it, set here before any
            # other hook's on_env or any template reads it.
            cleaned = page.content = cleaned.result()
        problems = sanitise.compared(cleaned, kept.result(), generated=True).problems
        if problems:
            build["safety_problems"] += _page_messages(problems, page, config)
    if "parsing" in build:
        build.pop("parsing").shutdown()
    return env


@event_priority(LAST)
def on_page_markdown(markdown, page, config, files):
    build = state.of(config)
    if page.file.generated_by is None:
        build["safety_problems"] += front_matter.problems(page, _source_name(page, config), _source_text(page))
    # author is not allowed on handbook pages; it is escaped for generated pages all the same.
    for key in (*front_matter.TEXT_META, "author"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key])
    return markdown


@event_priority(LAST)
def on_page_content(content, page, config, files):
    build = state.of(config)
    # The page goes out as nh3 wrote it: nothing the author wrote reaches site/ unparsed.
    if page.file.generated_by is not None:
        # Cards, rules and quizzes are most of a large site. html5ever reads them whole on a second thread
        # while this one writes the allow-listed page; the two are compared once every page is read (on_env).
        if "parsing" not in build:
            build["parsing"] = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="kb-parse")
        kept = build["parsing"].submit(sanitise.as_parsed, content, True)
        if sanitise.runs_python(content):
            published = sanitise.allow_listed(content, generated=True)
            build["unchecked"].append((page, published, kept))
            return published
        # No Python callback in this pass either, so it too runs beside the Markdown conversion; the page
        # gets its allow-listed HTML at on_env, and nothing reads a page's content before that.
        build["unchecked"].append((page, build["parsing"].submit(sanitise.allow_listed, content, True), kept))
        return content
    cleaned = sanitise.clean_page(content)
    reserved = _reserved_problems(cleaned.parsed, build.get("inserted", {}).get(page.file.src_uri, ""))
    if reserved:
        build["safety_problems"] += _page_messages(reserved, page, config, reserved=True)
    # A reserved name is reported once, with the message that says why.
    problems = [problem for problem in cleaned.problems if problem not in reserved]
    if problems:
        build["safety_problems"] += _page_messages(problems, page, config)
    return cleaned.html


@event_priority(LAST)
def on_post_page(output, page, config):
    build = state.of(config)
    output = _move_inline_scripts(output, lambda path: get_relative_url(path, page.url), build)
    build["scanned"].add(page.file.dest_uri)
    build["page_scans_fed"] = True
    build["page_scans"].feed((_without(output, page.content), page.file.dest_uri, _source_name(page, config),
                              config.site_url or ""))
    return output


@event_priority(LAST)
def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    # 404.html is served for any path, so the theme links it from the site's root path.
    base = urlsplit(config.site_url or "/").path or "/"
    base = base if base.endswith("/") else base + "/"
    build = state.of(config)
    output_content = _move_inline_scripts(output_content, lambda path: base + path, build)
    build["scanned"].add(template_name)
    build["safety_problems"] += built_scan.page_problems(output_content, template_name, "主题模板",
                                                         config.site_url or "")
    return output_content


@event_priority(LAST)
def on_post_build(config):
    build = state.of(config)
    site = Path(config.site_dir)
    for name, code in build["inline_scripts"].items():
        target = site / INLINE_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code, encoding="utf-8")
    scans = build.pop("page_scans")
    if build.pop("page_scans_fed", False):
        # Last of the build's messages, as when each page was scanned in on_post_page: no event adds any after it.
        build["safety_problems"] += scans.result()
    else:
        scans.cancel()  # a dirty rebuild with nothing changed built no page
    problems = build["safety_problems"] + built_scan.unscanned_files(site, build["scanned"], config.site_url or "")
    if problems:
        raise PluginError("页面安全检查未通过：\n" + "\n".join(problems))


def on_build_error(error, **kwargs):
    # The page-scanning child of a failed build does not outlive it (make serve goes on).
    background.cancel_all()


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


def _source_text(page) -> str:
    return Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")


def _reserved_problems(content: str, inserted: str) -> list:
    """Reserved ids and data attributes in the page, less those the hooks inserted.

    Hooks record what they insert (build["inserted"]), rather than the gate working it out by comparing the
    page with its source: such a diff costs the square of the page's length, and what it calls inserted an
    author could have written."""
    allowance = collections.Counter(sanitise.reserved_names(inserted))
    problems = []
    for problem in sanitise.reserved_names(content):
        if allowance[problem] > 0:
            allowance[problem] -= 1
        else:
            problems.append(problem)
    return problems


def _page_messages(problems, page, config, reserved=False) -> list[str]:
    name = _source_name(page, config)
    if page.file.generated_by is not None:
        return [f"{name}：含不允许的 HTML：{problem.describe()}（生成页面的标记来自 macros/*.html，请修正宏）"
                for problem in problems]
    source = source_lines.decoded(_source_text(page))
    messages = []
    for problem, line in zip(problems, source_lines.lines_of(source, problems)):
        where = f"{name}:{line or 1}"
        if reserved:
            messages.append(f"{where}: 手册页面用了主题或本站脚本保留的名字：{problem.describe()}"
                            "（以 __、md-、kb- 开头的 id、name 和 class，class mermaid，data-md-*、data-kb-* 以及 data-copy、"
                            "data-quiz 等本站脚本查找的 data 属性都不能用，请换一个名字）")
        else:
            messages.append(f"{where}: 手册页面含不允许的 HTML：{problem.describe()}"
                            "（只允许 Markdown 生成的标签和属性；脚本、事件属性、javascript: 链接和嵌入内容都不行）")
    return messages


def _theme_templates(config) -> list[str]:
    """The text of every template of the theme (custom_dir included), for its inline scripts."""
    texts = []
    for folder in config.theme.dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def _without(output: str, content: str | None) -> str:
    """The built page with its content blanked out, lines kept.

    The content is nh3's allow-listed output (on_page_content): it holds no script,
    event attribute or outside URL, and being html5ever's own serialisation it is
    balanced, so it cannot change how the rest of the page parses. Reading it again
    would double the cost of the gate on a page of a hundred cards.
    """
    at = output.find(content) if content else -1
    if at < 0:
        return output
    return output[:at] + "\n" * content.count("\n") + output[at + len(content):]


def _move_inline_scripts(output: str, url_of, build) -> str:
    # Only the theme's own scripts: the CSP allows whatever is moved to a file.
    scripts = [script for script in theme_scripts.inline_scripts(output)
               if theme_scripts.is_theme_script(script[2], build["theme_scripts"])]
    for start, end, code in reversed(scripts):
        name = hashlib.sha256(code.encode("utf-8")).hexdigest()[:16] + ".js"
        build["inline_scripts"][name] = code
        tag = build["safety_macros"].script_file(url_of(f"{INLINE_DIR}/{name}"))
        output = output[:start] + str(tag) + output[end:]
    return output
