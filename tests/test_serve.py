"""`make serve` survives any bad edit: a real `mkdocs serve` on 127.0.0.1, run as the Makefile runs it, is fed a
broken YAML file, a bad macro call and a Jinja syntax error; each is printed and shown on the page while the server
stays up, and the next good save serves the fixed page again."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO
from mkdocs.config import load_config
from sitebuild import copy_site

pytestmark = pytest.mark.slow

WAIT = 240.0  #: seconds for one rebuild on a busy machine


def test_make_serve_runs_the_live_preview() -> None:
    recipe = subprocess.run(["make", "-n", "serve", "SERVE_ADDR=127.0.0.1:1"], cwd=REPO, capture_output=True,
                            text=True, check=True, env={**os.environ, "MAKEFLAGS": ""}).stdout
    assert re.search(r"ATLAS_FAIL_ON_ERRORS=false \S+ -m mkdocs serve --no-strict --dev-addr 127\.0\.0\.1:1", recipe)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


class Server:
    def __init__(self, root: Path, process: subprocess.Popen[str], url: str) -> None:
        self.root, self.process, self.url = root, process, url

    def wait_for(self, path: str, ok: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server died while waiting for {what}"
            body = _get(self.url + path)
            if body and ok(body):
                return body
            time.sleep(0.5)
        raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    root = copy_site(tmp_path / "site")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "ATLAS_FAIL_ON_ERRORS": "false"}
    env.pop("PYTHONPATH", None)
    process = subprocess.Popen(  # the command of `make serve`
        [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", f"127.0.0.1:{port}",
         "-f", str(root / "mkdocs.yml")], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        mount = urlsplit(load_config(str(root / "mkdocs.yml")).site_url or "/").path  # serve mounts the site there
        yield Server(root, process, f"http://127.0.0.1:{port}{mount}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    time.sleep(0.1)


def test_the_live_preview_survives_bad_edits_and_recovers(server: Server, tmp_path: Path) -> None:
    compare = server.root / "docs/compare.md"
    study = server.root / "content/studies/forward101_zimislecel_phase12.yaml"
    good_page, good_study = compare.read_text(encoding="utf-8"), study.read_text(encoding="utf-8")
    normal = lambda body: "FORWARD-101" in body and "atlas-error" not in body
    server.wait_for("compare/", normal, "the first build")

    _edit(study, good_study.replace("design: single-arm", "design: [single-arm"))  # broken YAML
    body = server.wait_for("compare/", lambda b: "content has errors" in b, "the content error page")
    assert "content/studies/forward101_zimislecel_phase12.yaml:" in body and "[yaml-syntax]" in body
    assert "content has errors" in server.wait_for("", lambda b: "atlas-error" in b, "the error on the home page")

    _edit(study, good_study)
    server.wait_for("compare/", normal, "the rebuild after the YAML fix")

    _edit(compare, good_page + '\n{{ study_table(where={"region": "chna"}) }}\n')  # a filter that matches nothing
    line = good_page.count("\n") + 2
    body = server.wait_for("compare/", lambda b: "atlas-error" in b, "the macro error")
    assert f"docs/compare.md:{line}: " in body and "matches no studies" in body and "FORWARD-101" in body

    _edit(compare, good_page + "\n{{ study_table( }}\n<script>alert(1)</script>\n")  # a Jinja syntax error
    body = server.wait_for("compare/", lambda b: "macro error" in b, "the Jinja error page")
    assert "<script>alert(1)</script>" not in body

    _edit(compare, good_page)
    server.wait_for("compare/", normal, "the rebuild after the page fix")
    assert server.process.poll() is None
    server.process.terminate()
    server.process.wait(timeout=30)
    printed = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "[yaml-syntax]" in printed and f"docs/compare.md:{line}: " in printed
    assert "Traceback" not in printed
