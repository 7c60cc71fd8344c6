"""`python -m macros check`: every problem in content/ at once, as PATH:LINE:COL: [rule] message + hint.

`python -m macros registry`: the ClinicalTrials.gov sync (macros/registry/)."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from .diagnostics import RULES, Severity, is_error
from .pipeline import load_atlas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Diabetes Cell Therapy Atlas engine")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate content/ against schemas/ and the cross-file rules")
    check.add_argument("--root", type=Path, default=Path("."), help="repository root (default: .)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    commands.add_parser("rules", help="list every rule id with its severity and hint")
    registry = commands.add_parser("registry", help="sync content/registrations/ with ClinicalTrials.gov")
    registry.add_argument("--root", type=Path, default=Path("."), help="repository root (default: .)")
    registry.add_argument("--dry-run", action="store_true", help="fetch and report, write nothing")
    registry.add_argument("--since", type=_date, help="read studies updated since YYYY-MM-DD (default: the newest "
                          "last_update_posted held)")
    registry.add_argument("--report", type=Path, help="also write the report (Markdown) to this file")
    args = parser.parse_args(argv)
    if args.command == "registry":
        return _registry(args)
    if args.command == "rules":
        for rule in RULES.values():
            print(f"{rule.id}\t{rule.severity.value}\t{rule.summary}")
        return 0
    result = load_atlas(args.root)
    reported = tuple(sorted(result.diagnostics + result.untranslated)) if args.strict else result.diagnostics
    for diagnostic in reported:
        print(f"{diagnostic.severity.value}: {diagnostic.format()}")
    errors = sum(d.severity is Severity.ERROR for d in reported)
    warnings = len(reported) - errors
    failed = any(is_error(d, args.strict) for d in reported)
    counts = ", ".join(f"{n} {kind}" for kind, n in result.atlas.counts().items()) if result.atlas else ""
    summary = f"{errors} error(s), {warnings} warning(s) in {result.files} file(s)" + (f": {counts}" if counts else "")
    print(("FAILED: " if failed else "OK: ") + summary, file=sys.stderr if failed else sys.stdout)
    if result.translated and not failed:
        print("translated into Chinese: " + ", ".join(
            f"{kind} {done} of {total} field(s)" for kind, (total, done) in result.translated.items()))
    return 1 if failed else 0


def _date(text: str) -> str:
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD")


def _registry(args: argparse.Namespace) -> int:
    """Run the sync; a RegistryError is printed with its hint and exits 1, with nothing written."""
    import requests

    from .registry.errors import RegistryError
    from .registry.sync import run

    session = requests.Session()
    session.headers["User-Agent"] = "diabetes-cell-therapy-atlas registry sync (make registry)"
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    try:
        report = run(args.root, session, today, since=args.since, dry_run=args.dry_run)
    except RegistryError as err:
        print(err.format(), file=sys.stderr)
        return 1
    text = report.text()
    print(text, end="")
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    return 0
