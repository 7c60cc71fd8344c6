# The command contract: make site | serve | test | check. Each sets up .venv from the pinned lock file.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve test test-fast check bench lock clean linkcheck linkcheck-external

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.txt
	touch $@

## site: build site/ from the shipped content with a strict build
site: $(STAMP)
	$(PY) -m mkdocs build --strict --clean --site-dir site

## serve: live preview on http://127.0.0.1:8000
serve: $(STAMP)
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

## check: validate content/ (what contributors run)
check: $(STAMP)
	$(PY) -m macros check

## test: every check and test: ruff, strict content check, strict build of site/, its internal link and anchor check,
##       pytest (unit, golden, fixtures, builds, browser, workflows) on 2 cores (one test file per worker)
test: $(STAMP)
	$(VENV)/bin/ruff check macros tests tools bench hooks
	$(PY) -m macros check --strict
	$(MAKE) --no-print-directory site
	$(PY) tools/linkcheck.py site
	$(PY) -m pytest -n 2 --dist loadfile

## test-fast: unit, golden and rule-fixture tests only (no builds, browser, subprocess-heavy or property tests)
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not build and not browser"

## linkcheck: strict build of site/, then every internal link and #anchor in it (no network)
linkcheck: site
	$(PY) tools/linkcheck.py site

## linkcheck-external: as linkcheck, and fetch every external link too (network: the weekly workflow)
linkcheck-external: site
	$(PY) tools/linkcheck.py site --external --report linkcheck-report.md

## bench: time parse, check, build and rebuild at 100, 1 000 and 10 000 synthetic records (BENCH_ARGS=--quick)
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

## lock: regenerate requirements.txt (hashes) from requirements.in
lock:
	$(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	rm -rf .venv-lock

clean:
	rm -rf site .venv .pytest_cache
