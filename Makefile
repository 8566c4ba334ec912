# CloudWeGo community site. `make help` lists the targets.
# Every target creates the virtual environment it needs from requirements.txt.

PYTHON      ?= python3
VENV        ?= .venv
BUILDDIR    ?= _build
# Which language `make livehtml` serves: en or zh.
SITE_LANG   ?= en
# Passed through to sphinx-build (e.g. SPHINXOPTS="-E -j 3") and pytest (PYTESTOPTS="-k routing").
SPHINXOPTS  ?=
PYTESTOPTS  ?=
# Test processes (pytest-xdist): one per core and one more, for the time the proof and the browser
# tests spend waiting for servers and Chromium; TESTJOBS=0 runs the tests in one process.
TESTJOBS    ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')

PY          := $(VENV)/bin/python
STAMP       := $(VENV)/.installed

# A test run starts some hundred Python processes (builds, tools): each reuses the bytecode of
# the project's modules instead of compiling them again, even where the environment sets
# PYTHONDONTWRITEBYTECODE (an empty value is unset; git ignores __pycache__/).
export PYTHONDONTWRITEBYTECODE :=

.DEFAULT_GOAL := help
.PHONY: help venv html livehtml linkcheck test test-changed proof test-update translations new-meeting new-recipe \
	demo-pprof demo-lanes screenshots bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "  Variables: SITE_LANG=en|zh (livehtml), BUILDDIR, SPHINXOPTS, PYTESTOPTS, TESTJOBS, DATE (new-meeting),"
	@echo "             PAGE (proof), NAME (new-recipe)"

# The venv is rebuilt when requirements.txt is newer than it.
$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

venv: $(STAMP) ## Create or update the virtual environment

html: $(STAMP) ## Build the site in both languages into $(BUILDDIR)/html
	$(PY) -m tools.build --builddir $(BUILDDIR) -- $(SPHINXOPTS)

livehtml: $(STAMP) ## Serve one language with live reload (SITE_LANG=zh for Chinese)
	$(PY) -m tools.live --lang $(SITE_LANG) --builddir $(BUILDDIR) -- $(SPHINXOPTS)

linkcheck: $(STAMP) ## Check external links in both languages
	$(PY) -m tools.build --builder linkcheck --builddir $(BUILDDIR) -- $(SPHINXOPTS)

test: $(STAMP) ## Run every test of the project, one process per core and one more (TESTJOBS); print the 15 slowest
	$(PY) -m pytest -n $(TESTJOBS) --dist worksteal --durations=15 $(PYTESTOPTS)

test-changed: $(STAMP) ## Prove the pages changed against main (page, includes, Go files), run the fast tests
	$(PY) -m tools.proof_pages changed -- -n $(TESTJOBS) $(PYTESTOPTS)

proof: $(STAMP) ## Prove one page, its parity and accounting: make proof PAGE=cookbook/hertz/routing
	$(PY) -m tools.proof_pages page "$(PAGE)" -- $(PYTESTOPTS)

test-update: $(STAMP) ## Run the code-block tests and rewrite `#>` output lines in pages
	$(PY) -m pytest tests/proof --update-examples $(PYTESTOPTS)

translations: $(STAMP) ## List stale, untranslated and missing translations
	$(PY) -m tools.translations status

new-meeting: $(STAMP) ## Create both language files of new minutes: make new-meeting DATE=YYYY-MM-DD
	@test -n "$(DATE)" || { echo "usage: make new-meeting DATE=YYYY-MM-DD" >&2; exit 2; }
	$(PY) -m tools.new_meeting $(DATE)

new-recipe: $(STAMP) ## Start a recipe in both languages with its program: make new-recipe NAME=hertz/request-id
	@test -n "$(NAME)" || { echo "usage: make new-recipe NAME=hertz/request-id" >&2; exit 2; }
	$(PY) -m tools.new_recipe $(NAME)

demo-pprof: $(STAMP) ## Run the commands of demos/pprof.md in _build/demo-pprof/
	$(PY) -m tools.demo_pprof

demo-lanes: $(STAMP) ## Run the commands of demos/traffic-lanes.md in _build/demo-lanes/
	$(PY) -m tools.demo_lanes

screenshots: html ## Save PNGs of the home, a docs page, a recipe, a meeting (en/zh, desktop/phone, light/dark)
	$(PY) -m tools.screenshots --builddir $(BUILDDIR)

bench: $(STAMP) ## Run the build benchmarks (not part of make test; takes minutes; BENCH_TESTS=1 also times make test, BENCH_SHORTCUTS=1 each build shortcut)
	BENCH_TESTS=$(BENCH_TESTS) BENCH_SHORTCUTS=$(BENCH_SHORTCUTS) $(PY) -m bench

clean: ## Remove build output (keeps the virtual environment)
	rm -rf $(BUILDDIR)
