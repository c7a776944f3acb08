# Two commands on a fresh machine: `make serve` and `make test`.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# make serve PORT=8001 previews on another port.
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)

.PHONY: serve build check test test-unit bench search-report report browser-deps clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "需要 Python 3.11（当前：$$($(PYTHON) --version)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

build: $(STAMP)
	$(BIN)/python scripts/build.py

# Every data check of the build in about a second, without rendering (scripts/check.py).
check: $(STAMP)
	@$(BIN)/python scripts/check.py

browser-deps:
	@bash scripts/ensure-browser-deps.sh

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

test-unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

bench: $(STAMP) browser-deps
	$(BIN)/python bench/run.py

# make search-report LOG=/var/log/nginx/kb-search.log: the search-gap log as a report for trainers.
# With a built site (SITE, site/ by default), only targets the site really has are suggested as aliases.
SITE ?= site
search-report: $(STAMP)
	@test -n "$(LOG)" || { echo "用法：make search-report LOG=搜索日志文件"; exit 2; }
	@$(BIN)/python scripts/search_report.py "$(LOG)" $(if $(wildcard $(SITE)/index.html),--site "$(SITE)")

# make report LOG="/var/log/nginx/kb-search.log* /var/log/nginx/kb-usage.log*" [OUT=report.html]:
# every beacon log (several files, globs, rotated .gz ones) as one offline HTML report for trainers.
# TODAY=YYYY-MM-DD counts stale cards as of that day (what will be stale by then).
OUT ?= report.html
report: $(STAMP)
	@test -n "$(LOG)" || { echo "用法：make report LOG=\"日志文件或通配符……\" [OUT=report.html]"; exit 2; }
	@$(BIN)/python scripts/report.py $(LOG) -o "$(OUT)" $(if $(wildcard $(SITE)/index.html),--site "$(SITE)") $(if $(TODAY),--today "$(TODAY)")

clean:
	rm -rf site .site-* .pytest_cache
