# Two commands do all the set-up:  make run  and  make test.
PYTHON ?= python3
CORES ?= 1
VENV := .venv
BIN := $(VENV)/bin
SNAKEMAKE := $(BIN)/snakemake

.PHONY: run test test-fast lint docs report-html check-by-hand lock clean

# The pinned environment, with the project's package (src/concurrency_bench,
# editable; tests/test_wheel.py installs it as a wheel too); rebuilt when
# requirements.txt or pyproject.toml changes.
$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "fatal: Python >= 3.11 needed (PYTHON=$(PYTHON))")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

run: $(VENV)/.installed
	$(SNAKEMAKE) --cores $(CORES) all

test: $(VENV)/.installed
	$(BIN)/python -m pytest tests

# The inner loop while editing: every test but the slow ones (those that run
# Snakemake or build an environment, marked @pytest.mark.slow).
test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest tests -m "not slow"

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .
	$(SNAKEMAKE) --lint --cores 1
	$(BIN)/snakefmt --check Snakefile workflow/rules

# How we check ourselves: each experiment of the last run, 15 times by hand,
# interleaved, against the pipeline's medians (within 5%?). Run it right after
# `make run`, with nothing else running.
MACHINE ?= $(shell hostname)
check-by-hand: $(VENV)/.installed
	$(BIN)/python -m concurrency_bench.analysis.by_hand results/$(MACHINE) --runs 15

# The docs site (docs/, mkdocs.yml) into site/: the reference pages generated
# from the declarations first (docs/reference/, not committed); a dead link or
# a missing page fails the build (--strict).
docs: $(VENV)/.installed
	$(BIN)/python docs/generate.py
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

report-html: $(VENV)/.installed
	$(SNAKEMAKE) --cores 1 --report results/report.html

# Re-pin every dependency from requirements.in into requirements.txt.
lock:
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet -r requirements.in
	{ echo "# Exact versions of everything concurrency-bench installs (from requirements.in; \`make lock\`)."; \
	  $(VENV)-lock/bin/python -m pip freeze; } > requirements.txt
	rm -rf $(VENV)-lock

clean:
	rm -rf results logs .snakemake .pythons site docs/reference
