"""Search through the real header box: quality on agent queries, and exact targets."""
from __future__ import annotations

import sys
from urllib.parse import unquote

import pytest

import search_quality
from conftest import run_search

pytestmark = pytest.mark.browser


def test_agent_queries_find_the_right_script(page, site):
    page.goto("/")
    result = search_quality.measure(page, site)
    # Reported on the terminal even when the test passes.
    print(f"\n搜索质量:{result['total']} 条查询,top-1 {result['top1']:.1%},top-3 {result['top3']:.1%}",
          file=sys.__stdout__)
    for miss in result["misses"]:
        print(f"  top-1 未命中:{miss['query']} → {miss['target']}", file=sys.__stdout__)
    assert result["total"] >= 80
    assert result["top3"] >= 0.98
    assert result["top1"] >= 0.85


def test_result_opens_exactly_the_card(page):
    page.goto("/")
    links = run_search(page, "客户没声音")
    first = links.first
    assert unquote(first.get_attribute("href")).endswith("/phrasebooks/special-calls/#silent-call")
    assert first.get_attribute("data-kind") == "card"
    first.click()
    page.wait_for_url("**/phrasebooks/special-calls/#silent-call")
    assert page.locator("#silent-call").is_visible()


def test_enter_opens_the_first_result(page):
    page.goto("/")
    run_search(page, "不归我管")
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url("**/rules/#not-my-job")


def test_no_result_says_so(page):
    page.goto("/")
    assert run_search(page, "量子纠缠").count() == 0
    assert page.locator(".md-search-result__meta").inner_text() == "没有找到符合条件的结果"
