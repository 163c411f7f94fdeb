"""A real JupyterLab and a real Chromium for the browser tests: the server is started on a
local port with the course environment, the browser (Debian's chromium and chromedriver,
driven by Selenium) opens its pages; screenshots go to ``.artifacts/browser/``.

Without chromium the tests are skipped, unless ``DLLABS_REQUIRE_BROWSER=1`` (CI sets it),
which turns the skip into a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / ".artifacts" / "browser"
# JupyterLab's user settings for the tests: every cell in the page (no windowing), no news pop-up.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def browser_or_skip() -> tuple[str, str]:
    """(chromium, chromedriver) paths, or skip (fail when DLLABS_REQUIRE_BROWSER=1)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        driver = None
    if chromium and driver:
        return chromium, driver
    why = "no chromium, chromedriver or selenium here (apt install chromium chromium-driver; pip install selenium)"
    if os.environ.get("DLLABS_REQUIRE_BROWSER") == "1":
        pytest.fail(why)
    pytest.skip(why)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(folder: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """JupyterLab serving ``folder`` on a local port; yields its base URL (token included as ``?token=``)."""
    settings = folder.parent / f"{folder.name}-lab-settings"
    for name, value in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(value))
    port, token = free_port(), "dllabs-test"
    full_env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings), **(env or {})}
    full_env.pop("MPLBACKEND", None)  # the notebook's plots render inline
    full_env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), full_env.get("PYTHONPATH", "")])
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={folder}", "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(folder.parent / f"{folder.name}-jupyter.log", "w")
    proc = subprocess.Popen(cmd, cwd=folder, env=full_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        import urllib.request

        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError as err:
                if proc.poll() is not None:
                    raise RuntimeError(f"jupyter lab exited: see {log.name}") from err
                time.sleep(0.5)
        yield f"{url}|{token}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
        log.close()


@contextlib.contextmanager
def chrome() -> Iterator:
    """A headless Chromium driven by Selenium (Debian's chromium and chromedriver)."""
    chromium, driver = browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        opts.add_argument(arg)
    d = webdriver.Chrome(service=Service(driver), options=opts)
    try:
        yield d
    finally:
        d.quit()


def screenshot(d, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    d.save_screenshot(str(path))
    return path


def wait_for(predicate, timeout: float, what: str, every: float = 0.5):
    """Poll ``predicate`` until it returns something true; fail with ``what`` after ``timeout`` s."""
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class NotebookPage:
    """A notebook open in JupyterLab: its cells in page order (the file's order)."""

    def __init__(self, d, base: str, path: str, n_cells: int):
        from selenium.webdriver.common.by import By

        self.d, self.By = d, By
        url, token = base.split("|")
        d.get(f"{url}/lab/tree/{path}?token={token}")
        wait_for(lambda: len(self.cells()) >= n_cells, 90, f"the {n_cells} cells of {path}")
        self.wait_idle(60)
        self.dismiss_popups()

    def cells(self) -> list:
        return self.d.find_elements(self.By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")

    def dismiss_popups(self) -> None:
        for button in self.d.find_elements(self.By.XPATH, "//button[normalize-space()='No']"):
            with contextlib.suppress(Exception):
                button.click()

    def busy(self) -> bool:
        prompts = self.d.find_elements(self.By.CSS_SELECTOR, ".jp-Notebook .jp-InputPrompt")
        status = " ".join(e.text for e in self.d.find_elements(self.By.CSS_SELECTOR, ".jp-StatusBar-TextItem"))
        return any("[*]" in p.text for p in prompts) or "Idle" not in status

    def wait_idle(self, timeout: float) -> None:
        time.sleep(1)
        wait_for(lambda: not self.busy(), timeout, "the kernel to be idle")

    def menu(self, top: str, item: str) -> None:
        self.d.find_element(self.By.XPATH, f"//li[contains(@class,'lm-MenuBar-item')]//div[text()='{top}']").click()
        time.sleep(0.3)
        self.d.find_element(self.By.XPATH, f"//li[contains(@class,'lm-Menu-item')]//div[text()='{item}']").click()

    def output(self, index: int) -> str:
        areas = self.cells()[index].find_elements(self.By.CSS_SELECTOR, ".jp-OutputArea")
        return "\n".join(a.text for a in areas)

    def stderr_or_error_outputs(self) -> list[str]:
        found = self.d.find_elements(self.By.CSS_SELECTOR,
                                     '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        return [e.text[:300] for e in found]

    def type_into(self, index: int, code: str) -> None:
        """Replace the source of cell ``index`` as typing would (through its CodeMirror editor)."""
        done = self.d.execute_script("""
            const cell = document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')[arguments[0]];
            const view = cell.querySelector('.cm-content').cmView.view;
            view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: arguments[1]}});
            return view.state.doc.toString();""", index, code)
        assert done == code

    def run(self, index: int, count: int = 1) -> None:
        """Select cell ``index`` and press Shift+Enter ``count`` times (it and the cells after it)."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        cell = self.cells()[index]
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
        cell.find_element(self.By.CSS_SELECTOR, ".jp-InputPrompt").click()
        for _ in range(count):
            ActionChains(self.d).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
            time.sleep(0.3)
        self.wait_idle(120)

    def save(self) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        ActionChains(self.d).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
        wait_for(lambda: not self.d.find_elements(self.By.CSS_SELECTOR, ".jp-mod-current.jp-mod-dirty"), 30,
                 "the notebook to be saved")
        time.sleep(1)

    def scroll_to(self, index: int) -> None:
        self.d.execute_script("arguments[0].scrollIntoView({block: 'start'})", self.cells()[index])
        time.sleep(0.5)
