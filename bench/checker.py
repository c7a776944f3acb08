"""`.venv/bin/python bench/checker.py`: how long the 用语检查器 takes on a long paste, in Chromium.

Medians over BENCH_REPEAT runs (default 5) of filling the checker with N
characters until its summary appears; the checker checks only the first
20,000 characters (content/assets/kb/rules.js, MAX_CHECKED), so 200,000
should cost about what 20,000 does. Figures only: no test asserts them.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, run_mkdocs_build, serve_directory  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
SIZES = [2_000, 20_000, 200_000]
SENTENCE = "您好，请问有什么可以帮您？这个我不知道。"


def main() -> None:
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        result = run_mkdocs_build(site)
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        server, url = serve_directory(site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(base_url=url)
            page.goto("/rules/checker/")
            page.locator("[data-checker][data-ready]").wait_for()
            box = page.locator("[data-checker-input]")
            for size in SIZES:
                text = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
                times = []
                for _ in range(REPEAT):
                    box.fill("")
                    started = time.perf_counter()
                    box.fill(text)
                    page.locator("[data-checker-summary]").filter(has_text="处").wait_for()
                    times.append((time.perf_counter() - started) * 1000)
                print(f"{size:>7} 字符：中位数 {statistics.median(times):.0f} ms（{REPEAT} 次）")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
