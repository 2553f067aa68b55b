"""The README's Python blocks run as written."""

from __future__ import annotations

import json
import re

from conftest import REPO
from summarize.cli import build_parser, main
from summarize.merge import MERGERS
from summarize.summarizers import SUMMARIZERS


def _block_after(heading: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_extension_example_registers_and_runs(sample_dir, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(REPO)  # the README's paths are relative to the repository root
    code = _block_after("## Extending")
    try:
        exec(compile(code, "README.md", "exec"), {})
        assert "first-last" in SUMMARIZERS and "lead-of-each" in MERGERS
        out = capsys.readouterr().out
        assert " | " in out and out.strip()
        # the CLI's choices and --help read the same registries
        run_help = build_parser()._subparsers._group_actions[0].choices["run"].format_help()
        assert "first-last: The first and the last sentence of the article" in " ".join(run_help.split()).replace("- ", "-")
        args = ["run", str(sample_dir), "--out", str(tmp_path), "-q", "--no-conflicts",
                "--summarizer", "first-last", "--merge-strategy", "lead-of-each"]
        assert main(args) == 0
        merged = json.loads((tmp_path / "merged.json").read_text())
        assert merged["method"] == "lead-of-each" and len(merged["sentences"]) >= 2
    finally:
        SUMMARIZERS.unregister("first-last")
        MERGERS.unregister("lead-of-each")


def test_the_python_quick_start_runs(sample_dir, monkeypatch):
    monkeypatch.chdir(REPO)
    code = _block_after("## From Python (and notebooks)")
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert len(scope["result"].summaries) == 5 and scope["result"].merged.conflicts
