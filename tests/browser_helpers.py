"""A real JupyterLab on 127.0.0.1 and Debian's chromium driven by Playwright, for the
notebook-face tests (see shared/browser-testing.md for the facts these choices rest on).

`JupyterServer` runs JupyterLab isolated in a temp dir (its own config, data, runtime,
IPython and settings dirs; no news, no update checks, no terminals). `Browser` opens a
page that may reach 127.0.0.1 only: every other request is aborted and recorded, since a
page that needs the internet is a bug in an offline classroom.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                  "--no-first-run", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


def chromium_path() -> str | None:
    for c in CHROMIUM_CANDIDATES:
        if os.path.exists(c):
            return c
    return shutil.which("chromium")


def have_browser() -> tuple[bool, str]:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False, "playwright is not installed (pip install playwright)"
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        return False, "jupyterlab is not installed"
    if chromium_path() is None:
        return False, "chromium is not installed (apt-get install -y chromium)"
    return True, ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.home = self.root / ".jupyter-home"
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        self.proc = None
        self.log_path = self.home / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0):
        h = self.home
        env = dict(os.environ)
        for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                         ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                         ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")):
            (h / sub).mkdir(parents=True, exist_ok=True)
            env[var] = str(h / sub)
        note = h / "settings" / "@jupyterlab" / "apputils-extension"
        note.mkdir(parents=True, exist_ok=True)
        (note / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        # every cell in the DOM (JupyterLab 4 otherwise renders only the cells in view)
        nbset = h / "settings" / "@jupyterlab" / "notebook-extension"
        nbset.mkdir(parents=True, exist_ok=True)
        (nbset / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--port-retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}", "--ServerApp.terminals_enabled=False",
               "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("JupyterLab exited:\n" + self.log_path.read_text()[-3000:])
            try:
                req = urllib.request.Request(self.url + "/api/status",
                                             headers={"Authorization": f"token {self.token}"})
                with urllib.request.urlopen(req, timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("JupyterLab did not start:\n" + self.log_path.read_text()[-3000:])

    def stop(self):
        if self.proc is None:
            return
        try:
            req = urllib.request.Request(self.url + "/api/shutdown", method="POST", data=b"",
                                         headers={"Authorization": f"token {self.token}"})
            urllib.request.urlopen(req, timeout=5).close()
            self.proc.wait(timeout=10)
        except Exception:
            pass
        if self.proc.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.proc.pid, sig)   # the server's own session: it and its kernels
                    self.proc.wait(timeout=5)
                    break
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    continue
        self.log.close()

    def server_log(self) -> str:
        try:
            return self.log_path.read_text()[-6000:]
        except OSError:
            return ""


class Browser:
    def __init__(self):
        self.blocked: list[str] = []
        self.console: list[str] = []

    def start(self):
        from playwright.sync_api import sync_playwright
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=chromium_path(), headless=True,
                                                args=CHROMIUM_FLAGS)
        return self

    def new_page(self, width=1400, height=1000):
        page = self.browser.new_page(viewport={"width": width, "height": height})

        def route(r):
            url = r.request.url
            if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
                r.continue_()
            else:
                self.blocked.append(url)
                r.abort()
        page.route("**/*", route)
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        return page

    def stop(self):
        try:
            self.browser.close()
        finally:
            self._pw.stop()


# ------------------------------------------------------------------------ JupyterLab moves

def open_notebook(page, server: JupyterServer, name: str, timeout_ms: int = 90_000):
    page.goto(f"{server.url}/lab/tree/{name}?token={server.token}", timeout=timeout_ms)
    page.wait_for_function("""() => {
        const app = window.jupyterapp;
        if (!app || !app.shell || !app.shell.currentWidget) return false;
        const w = app.shell.currentWidget;
        const ctx = w.sessionContext;
        return ctx && ctx.session && ctx.session.kernel && ctx.session.kernel.status === 'idle';
    }""", timeout=timeout_ms)


def run_all(page, timeout_ms: int = 150_000):
    page.evaluate("() => window.jupyterapp.commands.execute('runmenu:run-all')")
    page.wait_for_function("""() => {
        const w = window.jupyterapp.shell.currentWidget;
        if (!w || !w.content) return false;
        const cells = w.content.widgets.filter(c => c.model.type === 'code');
        const k = w.sessionContext.session && w.sessionContext.session.kernel;
        return cells.length > 0 && cells.every(c => c.model.executionCount !== null)
               && k && k.status === 'idle';
    }""", timeout=timeout_ms, polling=250)


def log_console_text(page) -> str:
    """What JupyterLab's Log Console holds (widget callback errors land there)."""
    try:
        return page.evaluate("""() => {
            const w = window.jupyterapp;
            return JSON.stringify(Array.from(document.querySelectorAll('.jp-LogConsole *'))
                .map(e => e.textContent).slice(0, 50));
        }""")
    except Exception as e:   # the page may be gone
        return f"(log console unavailable: {e})"
