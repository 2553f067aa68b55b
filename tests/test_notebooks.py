"""The notebooks run top to bottom offline, are stored clean (no outputs, no absolute paths), read the
shared data where the tests do ($SUMMARIZE_SHARED), and label their figures. How they look in
JupyterLab: tests/test_browser.py."""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import REPO, need_extra

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
# Extras a notebook needs besides 'notebooks' (Jupyter, matplotlib): conflict detection is on by
# default in 01, 02 and 06; 05 builds a tiny seq2seq model and maps a datasets.Dataset.
EXTRAS_OF = {
    "01_quick_start.ipynb": ("conflicts",), "02_merged_summary.ipynb": ("conflicts",), "05_hub_model.ipynb": ("abstractive", "eval"),
    "06_feed.ipynb": ("conflicts",),
}


def test_the_six_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01_quick_start.ipynb", "02_merged_summary.ipynb", "03_rouge_evaluation.ipynb",
        "04_orangesum_benchmark.ipynb", "05_hub_model.ipynb", "06_feed.ipynb",
    ]


def _code(path):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_reads_the_shared_data_where_the_tests_do(path):
    """``shared_dir()`` ($SUMMARIZE_SHARED, else ../shared beside the checkout), never a path of its own."""
    source = "\n".join(_code(path))
    assert "shared_dir()" in source
    assert not re.search(r"""["'][^"']*\.\./shared""", source), "a literal path to ../shared instead of shared_dir()"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_a_title_and_axis_labels_with_units(path):
    """A cell that draws a figure names it and both its axes, gives the value axis a unit in
    parentheses ("ROUGE-1 F1 (%)"), and saves it under the ``figures`` parameter for reports."""
    for source in _code(path):
        if "Figure(" not in source and not re.search(r"\bplot_\w+\(", source):
            continue
        assert "set_title(" in source and "set_xlabel(" in source and "set_ylabel(" in source, source[:200]
        for label in re.findall(r"""set_ylabel\((["'])(.*?)\1""", source):
            assert "(" in label[1], f"y label without a unit: {label[1]!r}"
        assert "savefig(Path(figures)" in source, source[:200]


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
