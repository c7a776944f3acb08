"""200% zoom without sideways scrolling, reduced motion, the CJK font stack and readable page titles."""
from __future__ import annotations

import pytest

from test_a11y_keyboard import contrast
from test_a11y_screen_reader import search_and_select_first

pytestmark = pytest.mark.browser

# 200% zoom of a 1280 x 800 window: 640 x 400 CSS pixels, each drawn as 2 x 2.
ZOOMED = {"width": 640, "height": 400}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def zoomed(chromium, base_url):
    context = chromium.new_context(base_url=base_url, locale="zh-CN", viewport=ZOOMED, device_scale_factor=2)
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways_at_200_percent_zoom(zoomed, site):
    pages = sorted(str(path.relative_to(site)) for path in site.rglob("*.html"))
    wide = {}
    for rel in pages:
        zoomed.goto("/" + rel)
        zoomed.wait_for_load_state("load")
        extra = zoomed.evaluate(OVERFLOW)
        if extra > 0:
            wide[rel] = extra
    assert not wide, f"pixels of sideways scrolling at 200% zoom: {wide}"


def test_search_results_and_the_checker_fit_at_200_percent_zoom(zoomed):
    zoomed.goto("/")
    search_and_select_first(zoomed, "投诉")
    assert zoomed.evaluate(OVERFLOW) <= 0
    zoomed.goto("rules/checker/")
    zoomed.get_by_role("textbox", name="回复草稿").fill("这个不归我管，你找别人去问吧。" * 5)
    assert zoomed.evaluate(OVERFLOW) <= 0


def test_the_zoom_check_sees_a_page_that_is_too_wide(zoomed):
    zoomed.goto("rules/")
    zoomed.evaluate("""() => {
      const wide = document.createElement('div');
      wide.style.width = '900px';
      wide.style.height = '1px';
      document.querySelector('article').appendChild(wide);
    }""")
    assert zoomed.evaluate(OVERFLOW) > 0


MOVING = """() => {
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      const seconds = value => Math.max(...value.split(',').map(parseFloat));
      if (seconds(style.transitionDuration) + seconds(style.transitionDelay) > 0 ||
          (style.animationName !== 'none' && seconds(style.animationDuration) > 0)) {
        moving.push((el.className && el.className.baseVal === undefined ? el.className : el.tagName) + (pseudo || ''));
      }
    }
  }
  return moving;
}"""


@pytest.mark.parametrize("path", ["", "phrasebooks/complaints/", "quizzes/ch01-basics/", "rules/checker/"])
def test_reduced_motion_turns_every_transition_and_animation_off(browser_context, path):
    page = browser_context.new_page()
    page.goto(path)
    # The theme moves things by default: the check would see it.
    assert page.evaluate(MOVING)
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(MOVING) == []
    # The search overlay and the copy toast too.
    page.get_by_role("combobox", name="搜索").focus()
    page.keyboard.press("Escape")
    assert page.evaluate(MOVING) == []


def test_reduced_motion_also_stops_animations_and_smooth_scrolling(browser_context):
    """The theme's own rule stops transitions only: an animation or smooth scrolling is ours to stop."""
    page = browser_context.new_page()
    page.goto("phrasebooks/complaints/")
    page.emulate_media(reduced_motion="reduce")
    moving = page.evaluate("""() => {
      const spinner = document.createElement('div');
      spinner.style.animation = 'kb-test-spin 2s linear infinite';
      document.querySelector('article').appendChild(spinner);
      document.documentElement.style.scrollBehavior = 'smooth';
      const style = getComputedStyle(spinner);
      return [style.animationDuration, style.animationIterationCount,
              getComputedStyle(document.documentElement).scrollBehavior];
    }""")
    assert moving == ["0s", "1", "auto"]


CJK_FONTS = {"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Microsoft YaHei UI", "Noto Sans CJK SC",
             "Source Han Sans SC", "WenQuanYi Micro Hei"}


def test_text_is_set_in_a_cjk_system_font_first_and_nothing_is_fetched(page):
    fonts = []
    page.on("request", lambda request: fonts.append(request.url) if request.resource_type == "font" else None)
    page.goto("phrasebooks/complaints/")
    for role, name in [("heading", "投诉处理"), ("textbox", "公司名称"), ("button", "复制全部")]:
        family = page.get_by_role(role, name=name).first.evaluate("el => getComputedStyle(el).fontFamily")
        stack = [part.strip().strip('"') for part in family.split(",")]
        assert stack[0] in CJK_FONTS, (role, family)
        assert stack.index("Arial") > max(stack.index(f) for f in CJK_FONTS if f in stack), family
    assert page.evaluate("document.fonts.size") == 0
    assert fonts == []


@pytest.mark.parametrize("path", ["", "phrasebooks/complaints/", "rules/", "handbook/01-basics/"])
def test_page_titles_read_clearly(page, path):
    page.goto(path)
    title = page.get_by_role("heading", level=1).first
    colour, background = title.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(document.querySelector('.md-main')).backgroundColor]")
    if background == "rgba(0, 0, 0, 0)":
        background = "rgb(255, 255, 255)"
    # Material's rgba(0,0,0,.54) title reads at about 4.6:1; AAA asks 7:1 of text.
    assert "rgba" not in colour or colour.endswith(", 0.87)"), colour
    solid = _over_white(colour)
    assert contrast(solid, background) >= 7, (colour, background)


def _over_white(colour: str) -> str:
    """An rgba() colour as it shows on white."""
    values = [float(v) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")]
    alpha = values[3] if len(values) == 4 else 1.0
    mixed = [round(c * alpha + 255 * (1 - alpha)) for c in values[:3]]
    return f"rgb({mixed[0]}, {mixed[1]}, {mixed[2]})"
