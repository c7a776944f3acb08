"""deploy/nginx-kb.conf run by a real nginx on a loopback port, for the tests and for `make bench`.

tests/browser/nginx_deploy.py serves the README's deployment with it; bench/run.py serves the
synthetic sites with it, so start-up is measured the way IT serves the site (keep-alive, gzip,
the immutable cache headers), not only by Python's one-connection-per-request test server.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF_LISTEN, CONF_ROOT = "listen 80;", "root /srv/kb/www;"


class NginxError(RuntimeError):
    """nginx is missing or did not start; the message says which, in Chinese, for the caller to show."""


def require_nginx() -> None:
    if not Path(NGINX).exists():
        raise NginxError("nginx 不存在:请运行 make browser-deps(或 apt-get install nginx-light)")


def start_nginx(www: Path, work: Path, port: int) -> subprocess.Popen:
    """nginx serving `www` (the folder that holds kb/) on 127.0.0.1:`port` with deploy/nginx-kb.conf.

    Its logs (the beacons' included) go to `work` instead of /var/log/nginx/. The caller stops
    the returned process (terminate, then wait).
    """
    require_nginx()
    server = (ROOT / "deploy" / "nginx-kb.conf").read_text(encoding="utf-8")
    assert CONF_LISTEN in server and CONF_ROOT in server
    server = server.replace(CONF_LISTEN, f"listen 127.0.0.1:{port};").replace(CONF_ROOT, f"root {www};").replace(
        "/var/log/nginx/", f"{work}/")
    (work / "kb.conf").write_text(server, encoding="utf-8")
    temp = {name: work / name for name in ["client", "proxy", "fastcgi", "uwsgi", "scgi"]}
    # As root, workers run as nobody, like a packaged nginx: a site/ that only
    # its owner can read answers 403, as it did before build.py set the modes.
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
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
    url = f"http://127.0.0.1:{port}/kb/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return process
        except urllib.error.HTTPError:
            return process  # nginx answers; the caller judges the status
        except OSError:
            if process.poll() is not None:
                raise NginxError("nginx 启动失败:" + process.stdout.read().decode(errors="replace"))
            time.sleep(0.1)
    process.terminate()
    raise NginxError(f"nginx 10 秒内没有回应 {url}")


def stop_nginx(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)
