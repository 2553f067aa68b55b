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

.PHONY: setup demo test clean

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

test: $(STAMP)
	$(PY) -m ruff check summarize eval tests
	$(PY) -m mypy summarize
	$(PY) -m pytest

clean:
	rm -rf $(VENV) out/
