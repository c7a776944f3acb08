"""`make bench`: build times, hooks overhead, search index size and search latency.

Figures are medians over repeated runs (BENCH_REPEAT, default 3) because these
machines are noisy; ratios matter more than absolute seconds.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "bench"))

from conftest import serve_directory  # noqa: E402
from generate import generate  # noqa: E402
from beacon_log import write_logs  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "2500,5000,10000").split(",")]
# BENCH_WORK: another folder, when someone else on the machine is benchmarking in the default one.
WORK = Path(os.environ.get("BENCH_WORK") or Path(tempfile.gettempdir()) / "kb-bench")
REPORT = ROOT / "bench" / "out" / "report.md"
BEACON_LINES = int(os.environ.get("BENCH_BEACON_LINES", "1000000"))


def build_seconds(project: Path, site: Path) -> float:
    return build_times(project, site)[0]


def build_times(project: Path, site: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one strict build in a fresh Python.

    CPU time is reported beside wall time because these machines are shared: another
    process on the second core stretches the wall clock far more than the CPU time.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_build(project: Path, site: Path) -> float:
    return statistics.median(build_seconds(project, site) for _ in range(REPEAT))


def interleaved_builds(project: Path, plain: Path, site: Path, plain_site: Path) -> dict:
    """Our build and plain Material's, taken in turns so that a busy spell hits both alike."""
    ours, theirs = [], []
    for _ in range(REPEAT):
        ours.append(build_times(project, site))
        theirs.append(build_times(plain, plain_site))
    median = lambda runs, i: statistics.median(run[i] for run in runs)  # noqa: E731
    return {"hooks": median(ours, 0), "plain": median(theirs, 0),
            "hooks_cpu": median(ours, 1), "plain_cpu": median(theirs, 1),
            # The ratio of each pair, then the median: a pair shares the machine's mood.
            "ratio": statistics.median(a[0] / b[0] for a, b in zip(ours, theirs)),
            "ratio_cpu": statistics.median(a[1] / b[1] for a, b in zip(ours, theirs))}


def median_check(project: Path) -> float:
    """`make check` as a trainer runs it: a fresh Python, imports included (targets: 3 s real, 15 s at 10,000 cards)."""
    def once():
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check.py"), str(project)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"make check failed in {project}:\n{result.stderr[-3000:]}")
        return time.perf_counter() - started
    return statistics.median(once() for _ in range(REPEAT))


def plain_copy(project: Path, target: Path) -> Path:
    """The same pages, pre-rendered as Markdown, built by plain Material without our hooks."""
    code = f"""
import os, sys, json
os.chdir({str(project)!r})
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
config = load_config('mkdocs.yml')
config = config.plugins.on_config(config)
files = config.plugins.on_files(get_files(config), config=config)
pages = {{f.src_uri: f.content_string for f in files if f.generated_by}}
print(json.dumps({{'nav': config.nav, 'pages': pages}}, ensure_ascii=False))
"""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    dumped = json.loads(out.strip().splitlines()[-1])
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(project / "content", target / "content")
    for path, content in dumped["pages"].items():
        (target / "content" / path).parent.mkdir(parents=True, exist_ok=True)
        (target / "content" / path).write_text(content, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    # The lists may carry comment lines (hooks: explains why safety.py is last).
    config = re.sub(r"\n(hooks|watch):\n(  (?:- |#).*\n)+", "\n", config)
    # Plain Material: no theme overrides either (and the copy has no macros/).
    config = re.sub(r"\n  custom_dir: .*\n", "\n", config)
    config = config[: config.index("\nnav:\n")] + "\nnav: " + json.dumps(dumped["nav"], ensure_ascii=False) + "\n"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def serve_nginx(site: Path):
    """`site` served under /kb/ by nginx with deploy/nginx-kb.conf, as IT serves it: (stop, base URL with a slash)."""
    from conftest import free_port
    from nginx_server import start_nginx, stop_nginx
    www = Path(tempfile.mkdtemp(prefix="kb-bench-www-"))
    os.chmod(www, 0o755)
    (www / "kb").symlink_to(site.resolve())
    work = Path(tempfile.mkdtemp(prefix="kb-bench-nginx-"))
    port = free_port()
    address_sitemap(site, f"http://127.0.0.1:{port}/kb/")
    process = start_nginx(www, work, port)

    def stop():
        stop_nginx(process)
        shutil.rmtree(www, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return stop, f"http://127.0.0.1:{port}/kb/"


def address_sitemap(site: Path, url: str) -> None:
    """The sitemap as a build with KB_SITE_URL=url writes it (deploy/), for an address known only now.

    Material's instant navigation swaps in only the pages its sitemap.xml lists, matched with the
    port and the path: the bench's site is built before nginx gets its port, for the default
    site_url, so without this every click would load the page in full. The Python server's
    address differs from nginx's: there a click loads the page, as before instant navigation.
    """
    sitemap = site / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    # The home page comes first: its address is the site_url the site was built for.
    built_for = re.search(r"<loc>([^<]*)</loc>", text).group(1)
    text = text.replace(f"<loc>{built_for}", f"<loc>{url}")
    sitemap.write_text(text, encoding="utf-8")
    # nginx serves the .gz beside a file (gzip_static), so it must say the same.
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), 9))


def serve_python(site: Path):
    """The tests' server: Python's, HTTP/1.0, one connection per request, no compression, no cache headers."""
    server, url = serve_directory(site)
    return server.shutdown, url + "/"


# Start-up is measured on both servers: nginx is how the site is deployed; the tests' Python server
# is kept because the figures before issue #21's third round were taken on it.
SERVERS = {"nginx": serve_nginx, "python": serve_python}
READY = "() => window.kbSearch && window.kbSearch.readyAt !== null"
# The page's own DOMContentLoaded (Material's bundle and our scripts have run): the box works from then.
PAGE_READY = "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"


# The two next pages, handbook chapters of the same kind: one loaded in full, one reached by a click
# (instant navigation), the order turned each round.
NEXT_PAGES = ("handbook/03-listening/", "handbook/04-expression/")
# From a click on a link of the site until the page it opens is shown and set up (common.js marks
# kb:page-shown once its kbPage set-up has run) and the box can answer: the index stayed open.
CLICKED = """() => {
  window.__kbClickAt = null;
  window.addEventListener('click', () => { window.__kbClickAt = window.__kbClickAt ?? performance.now(); }, true);
}"""
SHOWN = """() => {
  const shown = performance.getEntriesByName('kb:page-shown').filter(mark => mark.startTime >= window.__kbClickAt).pop();
  return shown && window.kbSearch.readyAt !== null ? Math.max(shown.startTime, window.kbSearch.readyAt) - window.__kbClickAt : null;
}"""


def start_up(browser, url: str, clicked_first: bool, instant: bool) -> dict:
    """From opening a page to the first answerable query, on a first visit and on the next page (loaded
    in full, and, where the sitemap lists the address (instant), reached by a click), in a fresh browser
    profile (an empty HTTP cache and store: the agent's first page of the day)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(READY, timeout=60000)
    page.wait_for_load_state("load")
    first = {"ready": page.evaluate("window.kbSearch.readyAt"), "load": page.evaluate("window.kbSearch.loadMs"),
             "page": page.evaluate(PAGE_READY)}
    # The agent reads the page a moment: by then search-boot.js has kept the index (IndexedDB).
    page.wait_for_function("() => localStorage.getItem('kb-search') !== null", timeout=60000)
    page.wait_for_timeout(1500)
    figures = {"clicked": None}
    turns = ("click", "load") if clicked_first else ("load", "click")
    for number, turn in enumerate(turns if instant else ("load",)):
        target = NEXT_PAGES[number]
        if turn == "click":
            page.evaluate(CLICKED)
            page.locator(f'.md-sidebar--primary a.md-nav__link[href$="{target}"]').first.click()
            page.wait_for_function(SHOWN, timeout=60000)
            figures["clicked"] = page.evaluate(SHOWN)
            page.wait_for_timeout(1500)
            continue
        page.goto(url + target)  # the next page loaded in full: the index comes from the store
        page.wait_for_function(READY, timeout=60000)
        page.wait_for_load_state("load")
        cdp = context.new_cdp_session(page)
        cdp.send("HeapProfiler.collectGarbage")
        ready, page_ready = page.evaluate("window.kbSearch.readyAt"), page.evaluate(PAGE_READY)
        # The box answers once both the index and the page (Material's handlers) are ready.
        figures.update({"next": ready, "next_page": page_ready, "next_usable": max(ready, page_ready),
                        "heap": cdp.send("Runtime.getHeapUsage")["usedSize"]})
        page.wait_for_timeout(1500)
    figures.update({"first": first["ready"], "load": first["load"], "first_page": first["page"],
                    "first_usable": max(first["ready"], first["page"])})
    context.close()
    return figures


# A query typed the moment the page opens (search-boot.js has run, nothing else yet): pinyin, because
# characters typed through an input method before the box exists go nowhere, for a person as here.
TYPED = "tousu"
TYPED_SHOWN = """() => {
  const list = document.querySelector('.md-search-result');
  return list && list.getAttribute('data-kb-query') === 'tousu' && !!document.querySelector('a.md-search-result__link');
}"""


def typed_at_once(browser, url: str) -> float:
    """From opening a page (a fresh profile) to the results of / and TYPED pressed at once: what an agent
    sees. The keys reach the page only when its main thread is free, as a person's do."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => !!window.kbSearchBytes", polling=5)
    page.keyboard.press("/")
    page.keyboard.type(TYPED)
    page.wait_for_function(TYPED_SHOWN, polling=5, timeout=60000)
    shown = page.evaluate("performance.now()")
    context.close()
    return shown


def plain_first_page(browser, url: str) -> float:
    """The same first page built by plain Material (no hooks, no scripts of ours), in a fresh profile:
    its own DOMContentLoaded, what any page of the theme costs before a search could start."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    loaded = page.evaluate(PAGE_READY)
    context.close()
    return loaded


def search_latency(site: Path, plain_site: Path) -> dict:
    """Start-up on each server (interleaved rounds, the order turned each round), with plain Material's
    same first page in the same rounds; the JS heap once the index is open; and the time
    from an input event to the next frame with results rendered."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    from search_quality import HELD_OUT, HELD_OUT_2026_12, KINDS, load_kinds, load_queries

    # Every kind of query, pinyin and long sentences included, and one 5,000-character paste.
    queries = [q for q, _, _ in load_queries()] + [row["query"] for row in
                                                   load_kinds(KINDS) + load_kinds(HELD_OUT) + load_kinds(HELD_OUT_2026_12)]
    queries.append("客户说他的快递一直没有到要投诉" * 334)
    served = {name: serve(site) for name, serve in SERVERS.items()}
    plain = serve_nginx(plain_site)
    plain_pages = []
    rounds = {name: [] for name in SERVERS}
    keystrokes = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for turn in range(max(REPEAT, 5)):
            names = list(SERVERS)[::-1 if turn % 2 else 1]
            for name in names:
                rounds[name].append(start_up(browser, served[name][1], clicked_first=turn % 4 >= 2,
                                             instant=name == "nginx"))
                rounds[name][-1]["typed"] = typed_at_once(browser, served[name][1])
            plain_pages.append(plain_first_page(browser, plain[1]))
        page = browser.new_page()
        url = served["nginx"][1]
        page.goto(url)
        page.wait_for_function(READY, timeout=60000)
        for query in queries:
            keystrokes.append(page.evaluate("""async (query) => {
                const box = document.querySelector('input.md-search__input');
                box.value = query;
                const done = new Promise(r => document.addEventListener('kb:search-rendered', r, {once: true}));
                const started = performance.now();
                box.dispatchEvent(new InputEvent('input', {bubbles: true}));
                await done;
                await new Promise(r => requestAnimationFrame(() => r()));
                return performance.now() - started;
            }""", query))
        # The same page with no search index at all, in a fresh profile as above: what the index adds to the heap.
        context = browser.new_context()
        context.route("**/assets/kb/search.*.bin", lambda route: route.abort())
        page = context.new_page()
        page.goto(url + "handbook/03-listening/")
        page.wait_for_load_state("load")
        cdp = context.new_cdp_session(page)
        cdp.send("HeapProfiler.collectGarbage")
        bare = cdp.send("Runtime.getHeapUsage")["usedSize"]
        context.close()
        browser.close()
    for stop, _ in served.values():
        stop()
    plain[0]()
    keystrokes.sort()
    def median(name, key):
        values = [run[key] for run in rounds[name] if run.get(key) is not None]
        return statistics.median(values) if values else None
    return {"servers": {name: {key: median(name, key) for key in ("first", "next", "next_page", "load", "first_page", "first_usable",
                                                               "next_usable", "clicked", "typed")}
                        for name in SERVERS},
            "plain_page": statistics.median(plain_pages),
            "heap_mb": median("nginx", "heap") / 1e6, "bare_mb": bare / 1e6, "load_average": os.getloadavg()[0],
            "median_ms": statistics.median(keystrokes), "p95_ms": keystrokes[int(0.95 * (len(keystrokes) - 1))],
            "queries": len(keystrokes), "rounds": len(rounds["nginx"])}


def search_quality(site: Path) -> dict:
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    import search_quality as quality

    server, url = serve_directory(site)
    url += "/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url, wait_until="networkidle")
        result = quality.measure(page, site)
        browser.close()
    server.shutdown()
    return result


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    lines = ["# 基准测试报告\n", f"每项取 {REPEAT} 次的中位数。\n"]

    real_site = WORK / "site-real"
    real = median_build(ROOT, real_site)
    real_check = median_check(ROOT)
    quality = search_quality(real_site)
    lines += ["## 真实内容\n", f"- 完整构建:{real:.2f} s", f"- make check:{real_check:.2f} s(目标 < 3 s)",
              f"- 搜索质量:{quality['total']} 条查询,top-1 {quality['top1']:.1%},top-3 {quality['top3']:.1%}\n"]
    print("\n".join(lines[-3:]), flush=True)

    rows, times, checks = [], {}, {}
    for size in SIZES:
        project, site, built = build_pairs(size)
        checks[size] = median_check(project)
        times[size] = built["hooks"]
        index = next((site / "assets/kb").glob("search.*.bin")).read_bytes()
        rows.append((size, built, len(index), len(gzip.compress(index, 9)), site))

    lines += ["## 构建时间(合成卡片)\n",
              "| 卡片数 | 本项目构建 | 纯 Material 构建(同样页面的预渲染 Markdown) | hooks 开销 | CPU 时间之比 |",
              "|---|---|---|---|---|"]
    lines += [f"| {size} | {b['hooks']:.2f} s | {b['plain']:.2f} s | {b['ratio']:.2f}× | {b['ratio_cpu']:.2f}× "
              f"({b['hooks_cpu']:.1f} s / {b['plain_cpu']:.1f} s) |" for size, b, *_ in rows]
    lines += ["", "两种构建轮流进行,比值是每一对的比值取中位数;CPU 时间受机器上其他进程的影响比墙钟时间小。"]
    growth = [f"{b} / {a} 张:{times[b] / times[a]:.2f}×" for a, b in zip(SIZES, SIZES[1:]) if b == 2 * a]
    lines += ["", "目标:hooks 开销 ≤ 1.2×;卡片翻倍,构建时间 ≤ 2.1×。增长:" + ";".join(growth) + "\n"]
    lines += ["## make check(不渲染,只做数据检查)\n", "| 卡片数 | make check |", "|---|---|",
              f"| 真实内容 | {real_check:.2f} s |"]
    lines += [f"| {size} | {seconds:.2f} s |" for size, seconds in checks.items()]
    lines += ["", "目标:真实内容 < 3 s,10,000 张卡片 < 15 s。\n"]

    size, _, raw, gz, site = rows[-1]
    latency = search_latency(site, WORK / f"plain-site-{size}")
    lines += [f"## 搜索({size} 张卡片)\n",
              f"- 索引 assets/kb/search.<哈希>.bin:原始 {raw / 1e6:.2f} MB,gzip {gz / 1e6:.2f} MB(目标 ≤ 1.5 MB)"]
    lines += _start_up_lines(latency)
    lines += _report_lines(report_seconds(real_site))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"报告已写入 {REPORT.relative_to(ROOT)}")


def report_seconds(site: Path | None, lines: int = BEACON_LINES) -> dict:
    """`make report` on `lines` generated beacon lines (three logs, one gzipped), a fresh Python each time (target ≤ 30 s)."""
    paths = write_logs(WORK / "beacons", lines)
    command = [sys.executable, str(ROOT / "scripts" / "report.py"), *map(str, paths), "-o", str(WORK / "report.html")]
    if site is not None:
        command += ["--site", str(site)]

    def once():
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"make report failed:\n{result.stderr[-3000:]}")
        return time.perf_counter() - started
    return {"lines": lines, "seconds": statistics.median(once() for _ in range(REPEAT)),
            "bytes": sum(path.stat().st_size for path in paths), "html": (WORK / "report.html").stat().st_size}


def _report_lines(figures: dict) -> list[str]:
    return ["## make report(信标日志 → 培训师报告)\n",
            f"- {figures['lines']:,} 行(搜索日志、使用日志和一个 gzip 轮转日志,共 {figures['bytes'] / 1e6:.0f} MB):"
            f"{figures['seconds']:.1f} s(目标 ≤ 30 s),报告 {figures['html'] / 1e3:.0f} KB\n"]


def _start_up_lines(latency: dict) -> list[str]:
    nginx, python = latency["servers"]["nginx"], latency["servers"]["python"]
    return [f"- 启动({latency['rounds']} 轮交替测量的中位数,load average {latency['load_average']:.1f};"
            "nginx 即 deploy/nginx-kb.conf,括号里是测试用的 Python 服务器):",
            f"  - 从打开页面到可以搜索,第一次访问(空缓存):{nginx['first']:.0f} ms({python['first']:.0f} ms)(目标 ≤ 300 ms)",
            f"  - 从打开页面到可以搜索,下一个页面(索引来自 IndexedDB):{nginx['next']:.0f} ms({python['next']:.0f} ms)"
            "(目标 ≤ 100 ms)",
            f"  - 下一个页面本身的 DOMContentLoaded 结束(Material 的脚本执行完,搜索框才能用):"
            f"{nginx['next_page']:.0f} ms({python['next_page']:.0f} ms)",
            f"  - 索引和页面都好了(每轮取两者中较晚的):第一个页面 {nginx['first_usable']:.0f} ms"
            f"({python['first_usable']:.0f} ms),下一个页面 {nginx['next_usable']:.0f} ms({python['next_usable']:.0f} ms)",
            f"  - 第一个页面自己的 DOMContentLoaded:{nginx['first_page']:.0f} ms({python['first_page']:.0f} ms);"
            f"纯 Material 构建的同一页面(没有本项目的 hooks 和脚本,nginx,同样交替测):"
            f"{latency['plain_page']:.0f} ms(页面本身在搜索之外要的时间)",
            f"  - 第一个页面从 search.js 要索引到打开:{nginx['load']:.0f} ms({python['load']:.0f} ms)",
            f"  - 第一个页面一打开就按 / 打 {TYPED}(空缓存;按键要等页面主线程空出来才送到,对人也一样):"
            f"到结果显示 {nginx['typed']:.0f} ms({python['typed']:.0f} ms)",
            f"  - 即时导航:从点击站内链接到下一页显示好、可以搜索(同一轮里和上面整页载入的下一个页面交替测):"
            f"{_ms(nginx['clicked'])}({_ms(python['clicked'])})(目标 ≤ 100 ms)",
            f"- 打开索引后的 JS 堆:中位数 {latency['heap_mb']:.1f} MB(同一页面不加载索引:{latency['bare_mb']:.1f} MB)",
            f"- 输入到结果渲染({latency['queries']} 条查询,含拼音、长句和一次 5,000 字粘贴):"
            f"中位数 {latency['median_ms']:.1f} ms,p95 {latency['p95_ms']:.1f} ms(目标中位数 ≤ 50 ms,p95 ≤ 150 ms)\n"]


def _ms(value) -> str:
    # None: not measured there (the Python server's address is not the sitemap's: a click loads the page).
    return "不测:地址不在 sitemap 里" if value is None else f"{value:.0f} ms"


def search_only(size: int) -> None:
    """`python bench/run.py search [N]`: only the search figures, on a synthetic project of N cards."""
    site, plain_site = WORK / f"site-{size}", WORK / f"plain-site-{size}"
    project = generate(WORK / f"project-{size}", size)
    build_seconds(project, site)
    build_seconds(plain_copy(project, WORK / f"plain-{size}"), plain_site)
    index = next((site / "assets/kb").glob("search.*.bin")).read_bytes()
    print(f"索引:原始 {len(index) / 1e6:.2f} MB,gzip {len(gzip.compress(index, 9)) / 1e6:.2f} MB")
    print("\n".join(_start_up_lines(search_latency(site, plain_site))))


def build_pairs(size: int) -> tuple[Path, Path, dict]:
    """The synthetic project of `size` cards, our site of it, and the interleaved build pairs (issue #17's
    figure) against plain Material's copy; printed as they come."""
    project = generate(WORK / f"project-{size}", size)
    site = WORK / f"site-{size}"
    built = interleaved_builds(project, plain_copy(project, WORK / f"plain-{size}"), site, WORK / f"plain-site-{size}")
    print(f"{size} 张卡片，{REPEAT} 对轮流构建：本项目 {built['hooks']:.2f} s，纯 Material {built['plain']:.2f} s，"
          f"比值 {built['ratio']:.2f}×（CPU 时间 {built['hooks_cpu']:.1f} s / {built['plain_cpu']:.1f} s，{built['ratio_cpu']:.2f}×）",
          flush=True)
    return project, site, built


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"]:
        # `python bench/run.py build [SIZE]`: only the interleaved build pairs at one size.
        WORK.mkdir(parents=True, exist_ok=True)
        build_pairs(int(sys.argv[2]) if len(sys.argv) > 2 else 10000)
    elif sys.argv[1:2] == ["search"]:
        search_only(int(sys.argv[2]) if len(sys.argv) > 2 else 10000)
    elif sys.argv[1:2] == ["report"]:
        # `python bench/run.py report [LINES]`: only make report's figure, on the real content's site.
        WORK.mkdir(parents=True, exist_ok=True)
        build_seconds(ROOT, WORK / "site-real")
        print("\n".join(_report_lines(report_seconds(WORK / "site-real", int(sys.argv[2]) if len(sys.argv) > 2
                                                                        else BEACON_LINES))))
    else:
        main()
