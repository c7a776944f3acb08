#!/usr/bin/env bash
# The browser tests need Debian's chromium, nginx and rsync (the README's deploy step), the engine tests Node; install them when we can, never skip silently.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v rsync >/dev/null 2>&1 || missing+=(rsync)
# The search engine's own tests run under `node --test` (tests/unit/test_search_engine.py).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装浏览器测试依赖：${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "缺少 ${missing[*]}：请先运行 sudo apt-get install -y ${missing[*]}，再运行 make test。" >&2
  exit 1
fi
