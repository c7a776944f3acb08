"""The whole search-gap loop through real nginx: type, open a result, read nginx's beacon log, report it."""
from __future__ import annotations

import subprocess
import sys
from urllib.parse import unquote

import pytest

from conftest import ROOT, run_search
from nginx_deploy import deployed, read_log  # noqa: F401  (the deployment README's 内网部署 describes)


@pytest.fixture
def nginx_url(deployed):  # noqa: F811
    return deployed[0]

pytestmark = pytest.mark.browser


def test_beacon_reaches_nginx_log_and_the_trainers_report(chromium, nginx_url, tmp_path_factory):  # noqa: F811
    context = chromium.new_context(base_url=nginx_url)
    page = context.new_page()
    page.goto("/kb/", wait_until="networkidle")
    links = run_search(page, "静音电话13800001111")
    count = links.count()
    assert count > 0
    links.first.click()
    page.wait_for_url("**/phrasebooks/special-calls/#silent-call", wait_until="commit")
    # 静音 URL-encoded, as the browser sends it and nginx logs $arg_q.
    marker = "%E9%9D%99%E9%9F%B3"
    log, lines = read_log(tmp_path_factory, "kb-search.log", lambda lines: any(marker in line for line in lines))
    lines = [line for line in lines if marker in line]
    context.close()
    assert len(lines) == 1, lines
    fields = lines[0].split("\t")
    _time, action, rank, logged_count, first, target, _query = fields
    assert (action, rank, first) == ("open", "1", "1") and int(logged_count) == count
    assert unquote(target) == "phrasebooks/special-calls/#silent-call"
    assert "13800001111" not in lines[0] and "%23" in fields[6]

    report = subprocess.run([sys.executable, str(ROOT / "scripts" / "search_report.py"), log],
                            capture_output=True, text=True, check=True).stdout
    top = report.split("## 搜索最多的查询")[1].split("##")[0]
    assert "| 静音电话\\# | 1 | 1 |" in top


def test_beacon_answers_204_with_the_servers_headers(nginx_url):  # noqa: F811
    import urllib.request
    with urllib.request.urlopen(nginx_url + "/kb/_search-log?q=x&n=0&rank=0&action=none", timeout=5) as response:
        assert response.status == 204
        assert response.headers["X-Content-Type-Options"] == "nosniff"
