# Two entry points (see README): `make demo` runs the main job, `make test` runs the test suite.
# Both create .venv on first use and re-install only when pyproject.toml changes.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED ?= ../shared
# torch first and pinned: a CPU wheel of 2.13.0 is available here; an unpinned torch
# would pull a multi-GB CUDA build.
TORCH ?= torch==2.13.0

.PHONY: setup demo test clean browser

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "$(TORCH)"
	$(PY) -m pip install --quiet -e ".[all]"
	$(PY) -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/summarize run $(SHARED)/data/articles/blinken-lavrov-2022 --out out/ \
		--references eval/references/blinken-lavrov-2022.jsonl

# Chromium and its driver (Debian packages) for the notebooks' browser check, tests/test_browser.py:
# installed when missing and we are root; otherwise that test is skipped, saying how to install them.
browser:
	@if command -v chromium > /dev/null && command -v chromedriver > /dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver; } \
			|| echo "make browser: apt-get failed: tests/test_browser.py will be skipped"; \
	else echo "make browser: chromium/chromedriver missing and not root: tests/test_browser.py will be skipped"; fi

test: $(STAMP) browser
	$(PY) -m ruff check summarize eval tests
	$(PY) -m mypy summarize
	$(PY) -m pytest

clean:
	rm -rf $(VENV) out/
