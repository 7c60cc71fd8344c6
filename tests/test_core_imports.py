"""The core (macros/) never imports MkDocs: `python -m macros check` and every engine module, each in a fresh
interpreter, leave none of mkdocs, mkdocs_macros or material in sys.modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_ENGINES = ("mkdocs", "mkdocs_macros", "material")

#: Prints the site-engine modules loaded by the time the interpreter exits (after `python -m macros ...` too).
_REPORT = """
import atexit, json, sys
engines = {engines!r}
atexit.register(lambda: print("LOADED=" + json.dumps(sorted(
    m for m in sys.modules if m.split(".")[0] in engines))))
"""


def core_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "macros").rglob("*.py")
    )


def _loaded(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _REPORT.format(engines=SITE_ENGINES) + code], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("LOADED=")), None)
    assert line is not None, done.stderr
    return json.loads(line.removeprefix("LOADED="))


def test_the_engine_has_modules_to_import() -> None:
    assert {"macros.pipeline", "macros.render.tables", "macros.checks.orphans"} <= set(core_modules())


def test_importing_a_core_module_imports_no_site_engine() -> None:
    """One interpreter per module would see a subset of what one interpreter importing them all sees."""
    modules = core_modules()
    assert _loaded("import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)) == []


def test_macros_check_imports_no_site_engine() -> None:
    code = "import runpy; sys.argv = ['macros', 'check']\ntry:\n    runpy.run_module('macros', run_name='__main__')\n" \
           "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
    assert _loaded(code) == []


def test_the_probe_sees_a_site_engine_when_one_is_imported() -> None:
    assert "mkdocs" in _loaded("import mkdocs.config")
