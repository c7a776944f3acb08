"""Session fixtures: one strict build, one loopback server, one Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium phones home on start.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(autouse=True, scope="module")
def _no_build_child_outlives_its_tests():
    """A forked build child (hooks/kb/background.py) left running by a test module holds copies of this
    process's pipes, Playwright's among them: the driver then never sees its end and the whole run
    hangs after the last test, with no message. The module that left it fails here instead."""
    yield
    from kb import background
    left = len(background._running)
    background.cancel_all()
    assert left == 0, f"{left} 个后台构建子进程在这个测试文件结束后仍在运行（没有调用 result() 或 cancel()）"


PROJECT_PARTS = ["mkdocs.yml", "hooks", "macros", "content", "scripts"]


def copy_project(target: Path) -> Path:
    """A throwaway copy of the project, for builds of broken or synthetic content."""
    import shutil
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    return target


def run_mkdocs_build(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml", cwd: Path = ROOT, site_url: str | None = None):
    """Run `mkdocs build --strict` in a subprocess, exactly as `make build` does (KB_SITE_URL=site_url when given)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    if site_url:
        env["KB_SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def _site_server(tmp_path_factory):
    """The loopback server of the session's site, bound before the build so the build knows its address."""
    site_dir = tmp_path_factory.mktemp("site")
    server, url = serve_directory(site_dir)
    yield site_dir, url
    server.shutdown()


@pytest.fixture(scope="session")
def build(_site_server):
    # Built for the address it is served at, as deploy/ builds with KB_SITE_URL: Material's instant
    # navigation swaps in only the pages its sitemap.xml lists, matched with the port, so a build for
    # another address would load every page in full.
    site_dir, url = _site_server
    result = run_mkdocs_build(site_dir, site_url=url + "/")
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"strict build failed:\n{log}"
    warnings = [line for line in log.splitlines() if re.match(r"\s*WARNING", line)]
    assert not warnings, "build logged warnings:\n" + "\n".join(warnings)
    return site_dir, log


@pytest.fixture(scope="session")
def site(build) -> Path:
    return build[0]


@pytest.fixture(scope="session")
def soup_of(site):
    @functools.lru_cache(maxsize=None)
    def load(rel_path: str) -> BeautifulSoup:
        return BeautifulSoup((site / rel_path).read_text(encoding="utf-8"), "html.parser")
    return load


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # As deploy/nginx-kb.conf: the content-hashed search index is cached for a year.
        if re.search(r"/assets/kb/search\.[0-9a-f]{12}\.bin$", self.path.split("?")[0]):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        super().end_headers()


def serve_directory(directory: Path):
    """A static file server for `directory` on a free loopback port: (server, base URL without a slash)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def base_url(site, _site_server):
    return _site_server[1]


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} 不存在:请运行 make browser-deps(或 apt-get install chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium, base_url):
    context = chromium.new_context(base_url=base_url, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert not errors, f"JavaScript errors on page: {errors}"


def run_search(page, query: str):
    """Type a query into Material's header search box and return the result links.

    Playwright inserts CJK text without key events; an IME ends with a keyup,
    which is what Material's search listens for, so press End afterwards.
    """
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    box.press("End")
    # The meta line reads 正在初始化… before the index loads: wait for the list that answers this very query.
    page.wait_for_function(
        "() => { const r = document.querySelector('.md-search-result');"
        " const box = document.querySelector('input.md-search__input');"
        " return r && box && r.getAttribute('data-kb-query') === box.value }",
        timeout=15000,
    )
    return page.locator("a.md-search-result__link")


def quiz_key(page):
    """A quiz page's answer key, decoded the way quiz.js decodes it (tests need it to pick answers)."""
    import base64
    import json
    encoded = page.locator("[data-quiz-key]").get_attribute("data-quiz-key")
    return json.loads(base64.b64decode(encoded).decode("utf-8"))


def single_choice(page):
    """The first single-choice question of a quiz page: (its locator, its id, its right option, its key entry)."""
    key = quiz_key(page)
    questions = page.locator("[data-question]")
    single = next(i for i in range(questions.count()) if questions.nth(i).get_attribute("data-type") != "multiple")
    q = questions.nth(single)
    qid = q.get_attribute("data-question")
    return q, qid, key[qid]["answer"][0], key[qid]


def wait_for_request(page, held: list, tries: int = 100) -> None:
    """Until the page has asked for a file a test holds back (its route handler appends the route to `held`)."""
    for _ in range(tries):
        if held:
            return
        page.wait_for_timeout(50)
    raise AssertionError("the page never asked for the held file")
