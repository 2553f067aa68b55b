"""The notebooks as a user sees them: JupyterLab on 127.0.0.1 (a free port, a token), each notebook
opened in headless Chromium and run there with "Run All"; the rich views must be in the rendered
page (the merged summary's source badges, the run, the scores, the story tables), the figures drawn,
and no cell may show an error. A screenshot of each notebook, and of each rich view, goes to
``build/screenshots/`` (what CI keeps).

Needs Chromium and its driver (``make browser``: the Debian packages ``chromium`` and
``chromium-driver``) and Selenium (the ``test`` extra); without them the test is skipped, saying
so. The notebooks run on copies in a temporary folder (JupyterLab saves them with their outputs;
the stored ones stay clean), with the benchmark of notebook 04 on fewer articles (an injected
parameters cell, as papermill does): the views are checked here, the numbers in notebook 04."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from test_notebooks import EXTRAS_OF, NOTEBOOKS

from conftest import REPO, SHARED, need_extra

pytestmark = pytest.mark.slow

SCREENSHOTS = REPO / "build" / "screenshots"
INSTALL = (
    "run `make browser` (as root: apt-get install -y --no-install-recommends chromium chromium-driver) "
    "and `pip install -e '.[test]'` (selenium)"
)
# Parameters set for this check only (injected after the notebook's "parameters" cell).
PARAMETERS = {"04_orangesum_benchmark.ipynb": "limit = 30  # the browser check: the views, not the benchmark's numbers"}
# CSS selectors that must be in each notebook's rendered outputs (classes of summarize.report.html).
EXPECTED = {
    "01_quick_start.ipynb": [".sz-run", ".sz-run .sz-badge"],
    "02_merged_summary.ipynb": [".sz-merged .sz-sentence .sz-badge[title]", ".sz-merged .sz-conflicts", ".jp-RenderedImage img"],
    "03_rouge_evaluation.ipynb": [".sz-scores .sz-ci", ".jp-RenderedImage img"],
    "04_orangesum_benchmark.ipynb": [".jp-RenderedImage img"],
    "05_hub_model.ipynb": [".jp-RenderedHTMLCommon table"],
    "06_feed.ipynb": [".sz-run", ".sz-topics", ".sz-stories", ".sz-story .sz-badge[title]", ".sz-story .sz-conflicts",
                      ".jp-RenderedImage img"],
}
NOTEBOOK_TIMEOUT_S = 240
SETTINGS = {
    # every cell in the page (no windowing), so that the whole notebook is in the DOM
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # no "news" or "update" toast over the screenshots, no request outside
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def _tools() -> tuple[str, str]:
    """Chromium and chromedriver, or a skip naming the install command."""
    browser = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        pytest.skip(f"needs Selenium: {INSTALL}")
    if browser is None or driver is None:
        pytest.skip(f"needs Chromium and chromedriver ({'chromium' if browser is None else 'chromedriver'} not found): {INSTALL}")
    need_extra("notebooks")
    return browser, driver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _copy_notebooks(root: Path) -> None:
    """The notebooks, clean, under ``root/notebooks`` (with ``eval/`` beside them, as in the checkout),
    with this check's parameters injected."""
    (root / "notebooks").mkdir(parents=True)
    (root / "eval").symlink_to(REPO / "eval", target_is_directory=True)
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        if path.name in PARAMETERS:
            at = next(k for k, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
            cell = nbformat.v4.new_code_cell(PARAMETERS[path.name])
            cell.metadata["tags"] = ["injected-parameters"]
            nb.cells.insert(at + 1, cell)
        nbformat.write(nb, root / "notebooks" / path.name)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A JupyterLab server on 127.0.0.1 serving copies of the notebooks: ``(url, token)``."""
    _tools()
    root = tmp_path_factory.mktemp("lab")
    _copy_notebooks(root / "work")
    settings = root / "settings"
    for name, values in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ, "SUMMARIZE_SHARED": str(SHARED.resolve()), "HF_HUB_OFFLINE": "1",
        "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
    }
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root / 'work'}",
        "--LabApp.expose_app_in_browser=True", "--ServerApp.allow_root=True",
    ]
    log = (root / "lab.log").open("w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root / "work")
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start: {(root / 'lab.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield url, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(lab: tuple[str, str]) -> Iterator[Any]:
    """Headless Chromium driven by Selenium (the system's chromedriver: nothing is downloaded)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = _tools()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1600",
                "--hide-scrollbars", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


# JavaScript run in the page (window.jupyterapp: --LabApp.expose_app_in_browser)
_PANEL = """
const path = arguments[0];
const app = window.jupyterapp;
if (!app) return null;
const panel = Array.from(app.shell.widgets('main')).find(w => w.context && w.context.path === path);
"""
_READY = _PANEL + """
if (!panel || !panel.context.isReady || !panel.sessionContext.session || !panel.sessionContext.session.kernel) return false;
return panel.sessionContext.session.kernel.status === 'idle';
"""
_STATE = _PANEL + """
const cells = panel.content.widgets.filter(c => c.model.type === 'code');
const outputs = cells.map(c => c.model.outputs.toJSON());
const errors = [].concat(...outputs).filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue);
const pending = cells.filter(c => c.model.executionCount === null).length;
return {pending: pending, errors: errors, cells: cells.length, kernel: panel.sessionContext.session.kernel.status};
"""
_SHUTDOWN = _PANEL + """
const done = arguments[arguments.length - 1];
panel.sessionContext.shutdown().then(() => panel.context.save()).then(() => { panel.dispose(); done(true); }, e => done(String(e)));
"""


def _wait(what: str, check: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out ({timeout:.0f} s) waiting for {what}")
        time.sleep(0.5)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_renders_its_rich_views_in_jupyterlab(path: Path, lab: tuple[str, str], browser: Any) -> None:
    from selenium.webdriver.common.by import By

    for extra in EXTRAS_OF.get(path.name, ()):
        need_extra(extra)
    url, token = lab
    rel = f"notebooks/{path.name}"
    browser.get(f"{url}/lab/tree/{rel}?token={token}&reset")
    _wait(f"{path.name} to open with an idle kernel", lambda: browser.execute_script(_READY, rel), 120)
    # the notebook alone on the page (left sidebar closed), then Run All (not awaited: it may take minutes)
    browser.execute_script("const shell = window.jupyterapp.shell; if (!shell.leftCollapsed) shell.collapseLeft(); return true;")
    browser.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells'); return true;")

    def finished() -> dict[str, Any] | None:
        state = browser.execute_script(_STATE, rel)
        return state if state and (state["errors"] or (state["pending"] == 0 and state["kernel"] == "idle")) else None

    state = _wait(f"{path.name} to run", finished, NOTEBOOK_TIMEOUT_S)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = path.stem
    browser.save_screenshot(str(SCREENSHOTS / f"{stem}.png"))
    assert not state["errors"], f"{path.name}: a cell shows an error: {state['errors']}"

    page = browser.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")
    assert page, f"{path.name}: no output rendered"
    missing = []
    for selector in EXPECTED.get(path.name, []):
        found = browser.find_elements(By.CSS_SELECTOR, f".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea {selector}")
        if not found:
            missing.append(selector)
    assert not missing, f"{path.name}: not rendered: {missing}"
    # the badges' hover text names the source, and (with the documents) gives its sentence
    for badge in browser.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .sz-sentence .sz-badge")[:20]:
        assert badge.get_attribute("title"), "a source badge without its hover text"
    # no element from article text: every page's markup is shown as text
    assert not browser.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .sz-view script")
    # a screenshot of each rich view (its first one of each kind) and figure
    seen: set[str] = set()
    for view in browser.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .sz-view"):
        kind = next((c for c in (view.get_attribute("class") or "").split() if c.startswith("sz-") and c != "sz-view"), "view")
        if kind in seen:
            continue
        seen.add(kind)
        browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", view)
        view.screenshot(str(SCREENSHOTS / f"{stem}-{kind.removeprefix('sz-')}.png"))
    for k, img in enumerate(browser.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedImage img")):
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", img)
        img.screenshot(str(SCREENSHOTS / f"{stem}-figure{k + 1}.png"))
    browser.execute_async_script(_SHUTDOWN, rel)
