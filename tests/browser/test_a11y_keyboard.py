"""Keyboard only: the skip link, a visible focus at every tab stop, reading order, no trap, Escape.

Run at 1280 px and at 200% zoom of a 1280-px window (640 CSS px), where Material's
navigation becomes a drawer.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["phrasebooks/special-calls/", "quizzes/ch01-basics/", "rules/checker/", ""]
ZOOMED = {"width": 640, "height": 400}

# The focused element as the agent sees it: where it is, whether it is shown, its outline,
# and the colour right behind the outline (what the ring must stand out from).
FOCUSED = """async () => {
  // What is painted: Material opens the search a moment after its box gets the focus.
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rect = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  let shown = style.visibility === 'visible' && rect.width > 0 && rect.height > 0;
  for (let node = el; node; node = node.parentElement) {
    if (parseFloat(getComputedStyle(node).opacity) === 0) shown = false;
  }
  const inView = rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth;
  const solid = c => { const m = c.match(/[\\d.]+/g); return m && (m.length < 4 || parseFloat(m[3]) > 0.5); };
  const offset = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
  const x = Math.min(Math.max(rect.left - offset, 0), innerWidth - 1);
  const y = Math.min(Math.max(rect.top + rect.height / 2, 0), innerHeight - 1);
  let behind = 'rgb(255, 255, 255)';
  // A ring drawn inside (negative offset) stands out from the element's own background.
  const under = parseFloat(style.outlineOffset) < 0 ? [el]
    : document.elementsFromPoint(x, y).filter(node => node !== el && !el.contains(node));
  outer: for (const start of under) {
    for (let node = start; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (solid(bg)) { behind = bg; break outer; }
    }
  }
  return { tag: el.tagName, name: (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 30),
           top: rect.top + scrollY, bottom: rect.bottom + scrollY, left: rect.left,
           shown, inView, outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
           colour: style.outlineColor, behind, inContent: !!el.closest('.md-content') };
}"""


def _luminance(rgb: str) -> float:
    channels = [float(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def tab_walk(page, limit: int = 400) -> list[dict]:
    """Tab from the top of the page until the focus comes back round to the first stop."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:
            continue
        if stops and stop["name"] == stops[0]["name"] and stop["tag"] == stops[0]["tag"]:
            return stops
        stops.append(stop)
    raise AssertionError(f"Tab never came back to the first stop after {limit} presses: a focus trap? "
                         f"Last stops: {stops[-5:]}")


@pytest.fixture(params=["1280", "zoom200"])
def keyboard_page(request, browser_context, chromium, base_url):
    if request.param == "1280":
        page = browser_context.new_page()
        page.set_viewport_size({"width": 1280, "height": 800})
    else:
        context = chromium.new_context(base_url=base_url, locale="zh-CN", viewport=ZOOMED, device_scale_factor=2)
        request.addfinalizer(context.close)
        page = context.new_page()
    # The skip link fades in: the check is of where the focus rests, not of the animation.
    page.emulate_media(reduced_motion="reduce")
    return page


@pytest.mark.parametrize("path", PAGES)
def test_every_tab_stop_shows_its_focus_in_the_theme_colours_and_tab_gets_out_again(keyboard_page, path):
    page = keyboard_page
    page.goto(path)
    page.wait_for_load_state("load")
    stops = tab_walk(page)
    assert len(stops) >= 3
    hidden = [s for s in stops if not (s["shown"] and s["inView"])]
    assert not hidden, f"focus on something not shown: {hidden[:5]}"
    theme = {"rgb(64, 81, 181)", "rgb(255, 255, 255)"}  # indigo primary, and white on it
    for stop in stops:
        assert stop["outline"] != "none" and stop["width"] >= 2, stop
        assert stop["colour"] in theme, stop
        assert contrast(stop["colour"], stop["behind"]) >= 3, stop


def test_the_skip_link_is_the_first_stop_and_takes_the_focus_to_the_content(keyboard_page):
    page = keyboard_page
    for path in PAGES:
        page.goto(path)
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="跳转至")
        assert skip.evaluate("el => el === document.activeElement"), path
        assert skip.is_visible()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED)["inContent"], path


def _below_or_beside(previous: dict, current: dict) -> bool:
    """Reading order: the next stop is further down, or on the same line further right."""
    if current["top"] >= previous["bottom"] - 2:
        return True
    same_line = current["top"] < previous["bottom"] and current["bottom"] > previous["top"]
    return same_line and current["left"] >= previous["left"]


@pytest.mark.parametrize("path", PAGES[:3])
def test_tab_order_in_the_content_follows_reading_order(page, path):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(path)
    page.wait_for_load_state("load")
    stops = [stop for stop in tab_walk(page) if stop["inContent"]]
    assert len(stops) >= 2
    for previous, current in zip(stops, stops[1:]):
        assert _below_or_beside(previous, current), (previous, current)


def test_escape_closes_the_drawer_and_its_panels_at_200_percent_zoom(chromium, base_url):
    context = chromium.new_context(base_url=base_url, locale="zh-CN", viewport=ZOOMED, device_scale_factor=2)
    try:
        page = context.new_page()
        page.emulate_media(reduced_motion="reduce")
        page.goto("rules/checker/")
        menu = page.get_by_role("button", name="导航菜单")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert menu.evaluate("el => el === document.activeElement")
        page.keyboard.press("Enter")
        assert menu.get_attribute("aria-expanded") == "true"
        # The drawer opens on the current section's panel; its first stop is shown.
        inside = page.evaluate(FOCUSED)
        assert inside["shown"] and inside["inView"] and inside["name"] == "返回上一级", inside
        page.keyboard.press("Enter")
        current = page.get_by_role("button", name="打开“服务禁语”")
        assert current.evaluate("el => el === document.activeElement")
        assert current.get_attribute("aria-expanded") == "false"
        # Another section's panel opens from the keyboard, and Escape closes it first.
        # Once open, the level it covers (its own button included) is hidden: include_hidden finds it.
        section = page.get_by_role("button", name="打开“话术卡片”", include_hidden=True)
        section.focus()
        page.keyboard.press("Enter")
        assert section.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED)["name"] == "按标签浏览"
        page.keyboard.press("Escape")
        assert section.get_attribute("aria-expanded") == "false"
        assert section.evaluate("el => el === document.activeElement")
        page.keyboard.press("Escape")
        assert menu.get_attribute("aria-expanded") == "false"
        assert menu.evaluate("el => el === document.activeElement")
        # Closed, nothing in the drawer is a tab stop any more.
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED)["shown"]
    finally:
        context.close()
