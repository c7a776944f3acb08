"""The site deployed as the README says and served by real nginx under /kb/, with deploy/nginx-kb.conf as shipped."""
from __future__ import annotations

import gzip
import os
import re
import stat
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, run_search
from nginx_deploy import deployed, read_log  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
CSP_DIRECTIVES = {"script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'",
                  "connect-src 'self'", "default-src 'self'"}


def _get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_published_files_are_world_readable(deployed):
    _, published = deployed
    assert stat.S_IMODE(published.stat().st_mode) == 0o755
    for path in published.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path


def test_gzip_cache_and_security_headers_on_every_kind_of_response(deployed):
    url, published = deployed
    bundle = next(published.glob("assets/javascripts/bundle.*.min.js")).name
    inline = next(published.glob("assets/kb/inline/*.js")).name
    index = next(published.glob("assets/kb/search.*.bin")).name
    cases = {
        "/kb/": (200, "text/html", "no-cache"),
        "/kb/handbook/03-listening/": (200, "text/html", "no-cache"),
        "/kb/assets/kb.css": (200, "text/css", "no-cache"),
        "/kb/assets/kb/cards.js": (200, "javascript", "no-cache"),
        f"/kb/assets/kb/inline/{inline}": (200, "javascript", "no-cache"),
        # The search index is named by its content: a year in the cache, immutable.
        f"/kb/assets/kb/{index}": (200, "application/octet-stream", "immutable"),
        "/kb/assets/kb/search.js": (200, "javascript", "no-cache"),
        "/kb/assets/kb/search-boot.js": (200, "javascript", "no-cache"),
        f"/kb/assets/javascripts/{bundle}": (200, "javascript", "immutable"),
        "/kb/assets/images/favicon.png": (200, "image/png", "max-age=86400"),
        "/kb/no-such-page/": (404, "text/html", "no-cache"),
        "/kb": (301, "text/html", "no-cache"),
    }
    for path, (status, kind, cache) in cases.items():
        code, headers = _get(url + path, **{"Accept-Encoding": "gzip"})
        assert code == status, path
        assert kind in headers["Content-Type"], path
        if status == 200 and kind != "image/png":
            assert headers.get("Content-Encoding") == "gzip", path
        assert cache in headers["Cache-Control"], path
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (path, name)
        policy = {part.strip() for part in headers["Content-Security-Policy"].split(";")}
        assert CSP_DIRECTIVES <= policy, path
        assert "unsafe-inline" not in headers["Content-Security-Policy"], path


def test_the_search_index_is_sent_as_compressed_by_the_build(deployed):
    """gzip_static: the build's search.<hash>.bin.gz goes out as it is, not compressed again per request."""
    url, published = deployed
    (index,) = published.glob("assets/kb/search.*.bin")
    packed = index.with_name(index.name + ".gz")
    assert gzip.decompress(packed.read_bytes()) == index.read_bytes()
    code, headers = _get(f"{url}/kb/assets/kb/{index.name}", **{"Accept-Encoding": "gzip"})
    assert (code, headers.get("Content-Encoding")) == (200, "gzip")
    # Compressed on the fly, the answer is chunked, with no length.
    assert headers.get("Content-Length") == str(packed.stat().st_size)
    assert "immutable" in headers["Cache-Control"]
    code, headers = _get(f"{url}/kb/assets/kb/{index.name}")
    assert (code, headers.get("Content-Encoding"), headers.get("Content-Length")) == (200, None, str(index.stat().st_size))


def test_no_location_drops_the_server_headers():
    """nginx: a location with any add_header of its own inherits none of the server's."""
    conf = (ROOT / "deploy" / "nginx-kb.conf").read_text(encoding="utf-8")
    body = re.sub(r"#.*", "", conf)
    depth, in_location, offenders = 0, None, []
    for token in re.findall(r"location[^{]*\{|\{|\}|add_header[^;]*;", body):
        if token.startswith("location"):
            in_location, depth = token, depth + 1
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth <= 1:
                in_location = None
        elif in_location:
            offenders.append((in_location, token))
    assert offenders == []


def test_pages_search_and_copy_under_kb_with_no_external_request(chromium, deployed):
    url, published = deployed
    context = chromium.new_context(base_url=url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    local = urlsplit(url).netloc
    external = []
    context.on("request", lambda request: external.append(request.url)
               if urlsplit(request.url).netloc != local and urlsplit(request.url).scheme in {"http", "https"} else None)
    page = context.new_page()
    for html in sorted(published.rglob("index.html")):
        path = "/kb/" + str(html.parent.relative_to(published)).replace(".", "").strip("/")
        response = page.goto(path.rstrip("/") + "/", wait_until="networkidle")
        assert response.status == 200, path

    page.goto("/kb/", wait_until="networkidle")
    links = run_search(page, "客户没声音")
    links.first.click()
    page.wait_for_url("**/kb/phrasebooks/special-calls/#silent-call")
    card = page.locator('[data-card="silent-call"]')
    card.locator("[data-copy]").first.click()
    assert page.evaluate("navigator.clipboard.readText()") == "您好，[公司名称]客服中心，欢迎您的来电。请问有什么可以帮您？"
    # 404.html links its assets from site_url's path, which the README's KB_SITE_URL sets.
    page.goto("/kb/no-such-page/deeper/", wait_until="networkidle")
    assert page.locator(".md-header").is_visible()
    assert external == []
    context.close()


def test_only_kb_is_served_from_the_web_root(deployed):
    url, published = deployed
    # Anything an administrator leaves beside kb/ in the web root stays private.
    beside = published.parent / "backup.tar"
    beside.write_text("不该公开", encoding="utf-8")
    os.chmod(beside, 0o644)
    try:
        for path in ["/backup.tar", "/", "/index.html", "/kbx/", "/KB/"]:
            code, _ = _get(url + path)
            assert code == 404, path
        assert _get(url + "/kb/")[0] == 200
    finally:
        beside.unlink()


BEACONS = {  # each beacon's path, the field its test marker goes in, the rest, and its own log
    "search": ("/kb/_search-log", "q", "n=1&rank=0&action=none", "kb-search.log"),
    "usage": ("/kb/_usage-log", "card", "k=copy&line=1&src=card", "kb-usage.log"),
}


@pytest.mark.parametrize("beacon", BEACONS)
def test_only_a_get_reaches_a_beacon_log(deployed, tmp_path_factory, beacon):
    url, _ = deployed
    path, field, rest, log_name = BEACONS[beacon]
    marker = "nginx-method-"
    for method in ["POST", "PUT", "DELETE", "HEAD", "OPTIONS"]:
        request = urllib.request.Request(f"{url}{path}?{field}={marker}{method.lower()}&{rest}",
                                         method=method, data=b"x" if method in ("POST", "PUT") else None)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                code = response.status
        except urllib.error.HTTPError as error:
            code = error.code
        assert code == 405, method
    # A GET is logged: its parameters and the time, never the address, a cookie or the user agent.
    code, headers = _get(f"{url}{path}?{field}={marker}get&{rest}", Cookie="session=cookie-marker",
                         **{"User-Agent": "agent-marker", "Referer": f"{url}/kb/referer-marker/"})
    assert code == 204
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    _, lines = read_log(tmp_path_factory, log_name, lambda lines: any(f"{marker}get" in line for line in lines))
    text = "\n".join(lines)
    assert f"{marker}get" in text
    assert not any(f"{marker}{method.lower()}" in text for method in ["POST", "PUT", "DELETE", "HEAD", "OPTIONS"])
    assert not any(leak in text for leak in ["cookie-marker", "agent-marker", "referer-marker", "127.0.0.1"])
