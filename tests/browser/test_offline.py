"""Every page loads with zero requests to any host but the local server."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import run_search

pytestmark = pytest.mark.browser


def test_no_page_requests_an_external_host(site, base_url, browser_context):
    local = urlsplit(base_url).netloc
    external: list[str] = []
    requested: list[str] = []

    def record(request):
        requested.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != local:
            external.append(request.url)

    browser_context.on("request", record)
    page = browser_context.new_page()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 14
    for html in pages:
        path = "/" + str(html.relative_to(site)).replace("index.html", "")
        page.goto(path, wait_until="networkidle")
    # Opening search loads the worker and the index: that must stay local too.
    page.goto("/", wait_until="networkidle")
    assert run_search(page, "无声电话").count() > 0
    assert any("search_index.json" in url for url in requested)
    assert external == []
