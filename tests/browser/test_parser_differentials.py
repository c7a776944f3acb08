"""The browser is the judge: what the page gate publishes never runs, whatever the parser tricks.

Each vector from tests/fixtures/parser_differentials.py goes through the gate's own
function (kb.sanitise.clean_page, which hooks/safety.py publishes). Chromium then loads
what it published, with no Content-Security-Policy to hide behind, and the live DOM must
hold no handler, no script and no javascript: URL, and nothing may have run. The same
vectors loaded raw show that the harness sees an attack when there is one.
"""
from __future__ import annotations

import pytest

from conftest import copy_project, run_mkdocs_build
from kb import sanitise
from parser_differentials import VECTORS

pytestmark = pytest.mark.browser

PAGE = "<!doctype html><html><head><meta charset=utf-8><title>t</title></head><body>{}</body></html>"

# Whatever in the live DOM could run: handlers, scripts, javascript: URLs (after the controls a URL parser drops).
LIVE = """() => {
  const found = [];
  const all = [document.documentElement, ...document.querySelectorAll('*')];
  for (const root of all) {
    const els = [root, ...(root.content ? root.content.querySelectorAll('*') : [])];
    for (const el of els) {
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
        if (name.startsWith('on')) found.push(el.localName + ' ' + name);
        if (value.startsWith('javascript:')) found.push(el.localName + ' ' + name + ' javascript:');
        if (name === 'srcdoc') found.push(el.localName + ' srcdoc');
      }
      // Generated pages carry the quiz key as <script type="application/json">: data, never run.
      if (el.localName === 'script' && el.type !== 'application/json') found.push('script');
    }
  }
  if (window.__kbPwned) found.push('ran');
  return found;
}"""


def _live(page, body: str) -> list[str]:
    page.set_content(PAGE.format(body), wait_until="load")
    # Error events of broken images and SVG animations fire after load.
    page.wait_for_timeout(150)
    # Hovering, focusing and toggling is how some handlers fire: do what a person does.
    page.mouse.move(5, 5)
    page.mouse.move(200, 100)
    return page.evaluate(LIVE)


@pytest.mark.parametrize("generated", [False, True], ids=["handbook", "generated"])
def test_what_the_gate_publishes_runs_nothing_in_chromium(chromium, generated):
    assert len(VECTORS) >= 30
    context = chromium.new_context(java_script_enabled=True)
    page = context.new_page()
    failures = []
    try:
        for vector in VECTORS:
            cleaned = sanitise.clean_page(vector, generated=generated)
            # The gate may pass markup that is harmless as a browser reads it (</x <img …>> is a
            # bogus end tag): then Chromium must agree that the markup as written is inert.
            if not cleaned.problems and _live(page, vector):
                failures.append(f"gate passed a live vector: {vector!r}")
            found = _live(page, cleaned.html)
            if found:
                failures.append(f"{vector!r} → published {cleaned.html!r} → live: {found}")
    finally:
        context.close()
    assert failures == []


def test_the_vectors_are_live_when_nothing_cleans_them(chromium):
    """Without the gate most of these run or leave a handler in the DOM: the harness can see an attack."""
    context = chromium.new_context()
    page = context.new_page()
    try:
        live = [vector for vector in VECTORS if _live(page, vector)]
    finally:
        context.close()
    assert len(live) >= 25, f"only {len(live)} of {len(VECTORS)} were live raw"


def test_a_comment_ended_early_fails_the_build_at_its_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "content/handbook/03-listening.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n<!--a--!><img src=x onerror=alert(1)>-->\n"
    page.write_text(text, encoding="utf-8")
    line = text.count("\n")
    result = run_mkdocs_build(project / "site-out", project / "mkdocs.yml", cwd=project)
    log = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in log
    assert f'content/handbook/03-listening.md:{line}: 手册页面含不允许的 HTML：<img> 的属性 onerror="alert(1)"' in log
