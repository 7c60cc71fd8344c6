# The command contract: make site | serve | test | check. Each sets up .venv from the pinned lock file.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve test test-fast profile check bench lock clean linkcheck linkcheck-external registry

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.txt
	touch $@

## site: build site/ from the shipped content with a strict build; reproducible: every date that is not from a file's
##       history (build date, sitemap, feed) is the last commit's (SOURCE_DATE_EPOCH), so a commit always builds the
##       same bytes
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
site: $(STAMP)
	$(if $(SOURCE_DATE_EPOCH),SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)) $(PY) -m mkdocs build --strict --clean --site-dir site

## serve: live preview on http://127.0.0.1:8000; content and macro errors are printed and shown on the pages, and
##        the next good save rebuilds (ATLAS_FAIL_ON_ERRORS=false; not strict, so a bad edit never stops the server)
SERVE_ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	ATLAS_FAIL_ON_ERRORS=false $(PY) -m mkdocs serve --no-strict --dev-addr $(SERVE_ADDR)

## check: validate content/ (what contributors run)
check: $(STAMP)
	$(PY) -m macros check

## test: every check and test: ruff, strict content check, strict build of site/, its internal link and anchor check,
##       pytest (unit, golden, fixtures, builds, browser, workflows) on 2 cores (one test file per worker), whose
##       tests of the shipped site read that same site/ (ATLAS_BUILT_SITE); then the tests that assert CPU time
##       (marker timing), alone, so that the other worker's load does not count in them
test: $(STAMP)
	$(VENV)/bin/ruff check macros tests tools bench hooks
	$(PY) -m macros check --strict
	$(MAKE) --no-print-directory site
	$(PY) tools/linkcheck.py site
	ATLAS_BUILT_SITE=site $(PY) -m pytest -n 2 --dist loadfile -m "not timing"
	ATLAS_BUILT_SITE=site $(PY) -m pytest -p no:xdist -m timing

## test-fast: unit, golden and rule-fixture tests only (no builds, browser, subprocess-heavy or property tests)
test-fast: $(STAMP)
	$(PY) -m pytest -n 2 -m "not slow and not build and not browser"

## profile: make test's pytest run with each test's CPU recorded (tests/cpu_profile.py); prints the costliest
profile: site
	rm -rf .cache/cpu-profile
	CPU_PROFILE_DIR=.cache/cpu-profile ATLAS_BUILT_SITE=site $(PY) -m pytest -n 2 --dist loadfile -m "not timing"
	CPU_PROFILE_DIR=.cache/cpu-profile ATLAS_BUILT_SITE=site $(PY) -m pytest -p no:xdist -m timing
	$(PY) tests/cpu_profile.py .cache/cpu-profile

## linkcheck: strict build of site/, then every internal link and #anchor in it (no network)
linkcheck: site
	$(PY) tools/linkcheck.py site

## linkcheck-external: as linkcheck, and fetch every external link too (network: the weekly workflow)
linkcheck-external: site
	$(PY) tools/linkcheck.py site --external --report linkcheck-report.md

## registry: sync content/registrations/ with ClinicalTrials.gov API v2 (network; the weekly workflow);
##           REGISTRY_ARGS=--dry-run reports without writing, --since YYYY-MM-DD reads studies updated since then
registry: $(STAMP)
	$(PY) -m macros registry $(REGISTRY_ARGS)

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
