# Strike Ledger: the front door. `make reports` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
# ENV=active uses the Python already on PATH (a conda env from environment.yml) instead of .venv.
ifeq ($(ENV),active)
PY     := python
STAMP  := .active-env-stamp
else
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
endif

# nbstripout as git runs it on notebooks (the filter every target installs in a git checkout): outputs,
# counts and what JupyterLab adds around the cells are kept out of git; the working file keeps them.
# The committed notebooks are in this form (tests/test_project.py runs it on them).
NB_EXTRA_KEYS := metadata.language_info.codemirror_mode metadata.language_info.file_extension \
	metadata.language_info.mimetype metadata.language_info.nbconvert_exporter \
	metadata.language_info.pygments_lexer metadata.language_info.version \
	cell.metadata.jupyter cell.metadata.jp-MarkdownHeadingCollapsed cell.metadata.trusted
NOTEBOOK_FILTER = if git rev-parse --git-dir >/dev/null 2>&1; then \
	$(PY) -m nbstripout --install && git config filter.nbstripout.extrakeys "$(strip $(NB_EXTRA_KEYS))"; fi

# JupyterLab: LAB_ARGS passes options through (LAB_ARGS="--ip=0.0.0.0 --port=8899 --no-browser");
# as root (a container), --allow-root is added.
LAB_ARGS ?=
LAB_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.DEFAULT_GOAL := help
.PHONY: help env external reports cards verify test test-fast new-notebook new-table validate lab hooks notebook-filter lint codebook screenshots clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

.active-env-stamp: pyproject.toml
	$(PY) -m pip install --quiet --no-deps -e .
	@$(NOTEBOOK_FILTER)
	@touch $@

$(VENV)/.installed-stamp: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Strike Ledger needs Python 3.11 or newer; set PYTHON=python3.x")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@$(NOTEBOOK_FILTER)
	@touch $(STAMP)

env: $(STAMP)  ## create .venv with the pinned dependencies (done by every other target)

external: $(STAMP)  ## fetch the pinned releases of the public Air Force attack table (current: Kaggle version 211; and February 2026) into a cache outside the repo, checked by sha-256
	$(PY) -m helpers.table.external fetch

validate: $(STAMP)  ## every data check: schema, rules, completeness, quality (helpers.checks); lists every problem
	$(PY) -m helpers.checks

reports: $(STAMP)  ## validate the data and render every report into reports/
	$(PY) -m helpers.render

cards: $(STAMP)  ## write the attack cards the data call for into reports/reports.toml (needs the public table)
	$(PY) -m helpers.render.cards --write

verify: $(STAMP)  ## render every report again into a scratch folder and compare bytes with reports/ (any edit, forged seal or not)
	$(PY) -m helpers.render --check --verify --strict

# axe-core, the accessibility checker the page tests run in Chromium (package.json, package-lock.json); without
# npm the page tests that need it skip, saying so (CI has npm and may not skip them)
AXE := node_modules/axe-core/axe.min.js

JOBS ?= auto
test: $(STAMP) $(AXE)  ## run every test (lint, data, notebooks, reports, accessibility), in parallel (JOBS=auto: one worker per core)
	$(PY) -m pytest -n $(JOBS) --dist loadfile

$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility tests will skip (install Node.js and npm to run them)"; fi

test-fast: $(STAMP)  ## the fast tier: every test but those that start a kernel, render reports or open Chromium
	$(PY) -m pytest -n $(JOBS) -m "not kernel and not render and not browser"

new-notebook: $(STAMP)  ## a new notebook with its page module, tests, report entry and README row (NAME=..., TITLE="...")
	@test -n "$(NAME)" -a -n "$(TITLE)" || { echo 'usage: make new-notebook NAME=module_name TITLE="A title" [DESCRIPTION="..."]'; exit 2; }
	$(PY) -m helpers.scaffold notebook $(NAME) --title "$(TITLE)" $(if $(DESCRIPTION),--description "$(DESCRIPTION)")

new-table: $(STAMP)  ## a new data table: its CSV, its resource in data/datapackage.json, the README codebook (NAME=..., TITLE="...")
	@test -n "$(NAME)" -a -n "$(TITLE)" || { echo 'usage: make new-table NAME=table_name TITLE="A title" [DESCRIPTION="..."]'; exit 2; }
	$(PY) -m helpers.scaffold table $(NAME) --title "$(TITLE)" $(if $(DESCRIPTION),--description "$(DESCRIPTION)")

lab: $(STAMP) notebook-filter  ## JupyterLab on this environment (LAB_ARGS="--ip=... --port=..." passes options)
	@$(PY) -m jupyter trust notebooks/*.ipynb >/dev/null
	$(PY) -m jupyter lab --notebook-dir=notebooks $(LAB_ROOT) $(LAB_ARGS)

notebook-filter:  ## keep notebook outputs out of git: nbstripout as a git filter (done by every target)
	@$(NOTEBOOK_FILTER)

hooks: $(STAMP) notebook-filter  ## lint before each commit: pre-commit's hooks (ruff) in this clone
	$(PY) -m pre_commit install

lint: $(STAMP)  ## ruff over src/, tests/, bench/ and the notebooks
	$(PY) -m ruff check src tests bench notebooks

codebook: $(STAMP)  ## regenerate the README's codebook from data/datapackage.json
	$(PY) -m helpers.codebook --write README.md

# The README's screenshots of a rendered page (renders nothing: run `make reports` first). Needs Debian's
# chromium on PATH; SCREENSHOT_PAGE picks another report.
SCREENSHOT_PAGE ?= reports/dprk-missiles.html
screenshots: $(STAMP)  ## README screenshots of the front page and two reports at 1280 and 390 px, into docs/
	$(PY) -m helpers.render.screenshot --page reports/index.html --out docs --name front
	$(PY) -m helpers.render.screenshot --page $(SCREENSHOT_PAGE) --out docs
	$(PY) -m helpers.render.screenshot --page reports/air-war-monthly.html --out docs --name air-war

clean:  ## remove the environment and build outputs (never data/ or reports/)
	@if [ -x $(VENV)/bin/python ] && git rev-parse --git-dir >/dev/null 2>&1; then \
		$(VENV)/bin/python -m nbstripout --uninstall; fi  # its filter runs the Python removed below
	rm -rf $(VENV) build .pytest_cache .ruff_cache .active-env-stamp src/*.egg-info
