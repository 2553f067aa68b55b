"""The notebooks run top to bottom offline, and are stored clean (no outputs, no absolute paths)."""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import REPO, need_extra

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
# Extras a notebook needs besides 'notebooks' (Jupyter, matplotlib): conflict detection is on by
# default in 01 and 02; 05 builds a tiny seq2seq model and maps a datasets.Dataset.
EXTRAS_OF = {"01_quick_start.ipynb": ("conflicts",), "02_merged_summary.ipynb": ("conflicts",), "05_hub_model.ipynb": ("abstractive", "eval")}


def test_the_five_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01_quick_start.ipynb", "02_merged_summary.ipynb", "03_rouge_evaluation.ipynb",
        "04_orangesum_benchmark.ipynb", "05_hub_model.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and "**Purpose:**" in nb.cells[0].source
    assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "code")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "stored with outputs"
            assert not re.search(r"""["'](/|[A-Za-z]:\\\\)""", cell.source), f"absolute path in: {cell.source[:80]}"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, sample_dir, orangesum_dir, monkeypatch):
    for extra in ("notebooks", *EXTRAS_OF.get(path.name, ())):
        need_extra(extra)
    pytest.importorskip("ipykernel", reason="needs the 'notebooks' extra (ipykernel, the notebooks' kernel)")
    from nbclient import NotebookClient

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the kernel inherits it: no download, ever
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
