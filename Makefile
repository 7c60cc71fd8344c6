# The command contract: make site | serve | test | check. Each sets up .venv from the pinned lock file.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve test check lock clean

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

## test: every check and test: strict content check, strict build of site/, pytest (unit, golden, fixtures, builds)
test: $(STAMP)
	$(PY) -m macros check --strict
	$(MAKE) --no-print-directory site
	$(PY) -m pytest

## lock: regenerate requirements.txt (hashes) from requirements.in
lock:
	$(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.txt requirements.in
	rm -rf .venv-lock

clean:
	rm -rf site .venv .pytest_cache
