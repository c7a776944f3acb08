"""The built site served by real nginx under /kb/, with deploy/nginx-kb.conf as shipped."""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, free_port, run_search

pytestmark = pytest.mark.browser

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def nginx_url(site, tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail("nginx 不存在:请运行 make browser-deps(或 apt-get install nginx-light)", pytrace=False)
    work = tmp_path_factory.mktemp("nginx")
    (work / "www").mkdir()
    (work / "www" / "kb").symlink_to(site, target_is_directory=True)
    port = free_port()
    server = (ROOT / "deploy" / "nginx-kb.conf").read_text(encoding="utf-8")
    assert "listen 80;" in server and "root /srv/kb/www;" in server
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("root /srv/kb/www;", f"root {work / 'www'};").replace(
        "/var/log/nginx/", f"{work}/")
    (work / "kb.conf").write_text(server, encoding="utf-8")
    temp = {name: work / name for name in ["client", "proxy", "fastcgi", "uwsgi", "scgi"]}
    # Workers would drop to "nobody", who cannot read pytest's private temp folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp['client']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    include {work}/kb.conf;
}}
""", encoding="utf-8")
    process = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf"), "-p", str(work)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/kb/", timeout=1)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail("nginx 启动失败:" + process.stdout.read().decode(errors="replace"))
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def _get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_gzip_and_cache_headers(nginx_url, site):
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).name
    cases = {
        "/kb/": ("text/html", "no-cache"),
        "/kb/assets/kb.css": ("text/css", "no-cache"),
        "/kb/assets/kb/cards.js": ("javascript", "no-cache"),
        "/kb/assets/kb/search.json": ("application/json", "no-cache"),
        f"/kb/assets/javascripts/{bundle}": ("javascript", "immutable"),
    }
    for path, (kind, cache) in cases.items():
        status, headers = _get(nginx_url + path, **{"Accept-Encoding": "gzip"})
        assert status == 200, path
        assert kind in headers["Content-Type"], path
        assert headers.get("Content-Encoding") == "gzip", path
        assert cache in headers["Cache-Control"], path
    assert _get(nginx_url + "/kb/no-such-page/")[0] == 404
    status, headers = _get(nginx_url + "/kb")
    assert status == 200  # urllib follows the 301 to /kb/


def test_pages_search_and_copy_under_kb_with_no_external_request(chromium, nginx_url, site):
    context = chromium.new_context(base_url=nginx_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=nginx_url)
    local = urlsplit(nginx_url).netloc
    external = []
    context.on("request", lambda request: external.append(request.url)
               if urlsplit(request.url).netloc != local and urlsplit(request.url).scheme in {"http", "https"} else None)
    page = context.new_page()
    for html in sorted(site.rglob("index.html")):
        path = "/kb/" + str(html.parent.relative_to(site)).replace(".", "").strip("/")
        response = page.goto(path.rstrip("/") + "/", wait_until="networkidle")
        assert response.status == 200, path

    page.goto("/kb/", wait_until="networkidle")
    links = run_search(page, "客户没声音")
    links.first.click()
    page.wait_for_url("**/kb/phrasebooks/special-calls/#silent-call")
    card = page.locator('[data-card="silent-call"]')
    card.locator("[data-copy]").first.click()
    assert page.evaluate("navigator.clipboard.readText()") == "您好，[公司名称]客服中心，欢迎您的来电。请问有什么可以帮您？"
    assert external == []
    context.close()
