"""Check every link and #anchor of a built site with linkchecker, over HTTP on 127.0.0.1.

    python tools/linkcheck.py SITE_DIR [--external] [--ignore FILE] [--report FILE]

The check serves SITE_DIR itself on a free port of 127.0.0.1 (under the path of the site's published address, read
from its sitemap, so the 404 page's absolute links resolve too) and stops the server when it is done. The server's
responses carry a `LinkChecker` header, which lifts linkchecker's per-host throttling.

Anchors: every `#fragment` of a link to a page of the site is checked against the `id`s (and `<a name>`s) of the
target page, from one parse of each page. linkchecker's own AnchorCheck plugin fetches and parses a page again for
every distinct `page#fragment` URL (its cache key keeps the fragment), which made the check 80 times slower on
this site (thousands of footnote and heading links); it is enabled only with --external, for external pages.

Internal links only, unless --external: then every external link is fetched too (the weekly workflow does this;
`make test` never touches the network). Run as root, linkchecker drops to user `nobody`: its config goes to a
world-readable temporary folder and its output is read from a pipe, never from a file it would have to write.

Every page is a start URL, so a page no link leads to is checked as well. A page larger than linkchecker's
`maxfilesizeparse` would pass unchecked; the check refuses to run instead. Each entry of the ignore list needs a
reason and must still match a link on the site, or the check fails. Exit status: 0 all good, 1 broken links or a
stale ignore entry, 2 the check itself could not run.
"""

from __future__ import annotations

import argparse
import configparser
import csv
import functools
import html.parser
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "linkcheckerrc"
IGNORE = HERE / "linkcheck-ignore.yaml"
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class CheckError(Exception):
    """The check could not run (exit status 2)."""


@dataclass(frozen=True)
class IgnoreEntry:
    pattern: str
    reason: str

    def matches(self, url: str) -> bool:
        return re.search(self.pattern, url) is not None


@dataclass(frozen=True)
class Problem:
    page: str  #: the site file holding the link ("" for a start URL)
    line: str
    col: str
    url: str
    result: str

    def format(self) -> str:
        where = f"{self.page}:{self.line or '?'}:{self.col or '?'}" if self.page else "(start URL)"
        return f"{where}: {self.url} -> {self.result}"


def load_ignore(path: Path) -> list[IgnoreEntry]:
    """The ignore list: a YAML list of {pattern, reason}; a missing reason or a bad pattern is an error."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    if data is None:
        return []
    if not isinstance(data, list):
        raise CheckError(f"{path}: expected a list of entries with 'pattern' and 'reason'")
    entries = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or set(item) != {"pattern", "reason"}:
            raise CheckError(f"{path}: entry {number} must have exactly the keys 'pattern' and 'reason'")
        pattern, reason = item["pattern"], item["reason"]
        if not isinstance(reason, str) or not reason.strip():
            raise CheckError(f"{path}: entry {number} ({pattern!r}) has no reason")
        try:
            re.compile(pattern)
        except (re.error, TypeError) as error:
            raise CheckError(f"{path}: entry {number}: invalid pattern {pattern!r}: {error}") from None
        entries.append(IgnoreEntry(pattern, reason.strip()))
    return entries


def max_parse_bytes(config: Path) -> int:
    parser = configparser.ConfigParser()
    parser.read(config, encoding="utf-8")
    return parser.getint("checking", "maxfilesizeparse", fallback=1024 * 1024)


def oversized_pages(site: Path, limit: int) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if p.stat().st_size > limit)


def base_path(site: Path) -> str:
    """The URL path the site is published under ("/atlas/"), from its sitemap; "/" when it has none."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return "/"
    paths = [urlsplit(loc.text.strip()).path for loc in ET.parse(sitemap).iter(f"{_SITEMAP_NS}loc") if loc.text]
    if not paths:
        return "/"
    common = os.path.commonprefix(paths)
    return common[: common.rfind("/") + 1] or "/"


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site under its base path, with the header that lifts linkchecker's throttling."""

    base = "/"

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "local")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.base):
            return os.path.join(self.directory, ".no-such-file")  # outside the site: 404
        return super().translate_path("/" + clean[len(self.base):])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path, base: str) -> Iterator[str]:
    """Serve `site` on a free port of 127.0.0.1 while the block runs; yields the site's root URL."""
    handler = type("Handler", (_Handler,), {"base": base})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def start_urls(site: Path, root: str) -> list[str]:
    urls = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        urls.append(root + relative.removesuffix("index.html"))
    return urls


class _Anchors(html.parser.HTMLParser):
    """One page's anchors (ids, and names of <a>) and its links that carry a #fragment, with their positions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[tuple[int, int, str]] = []  #: (line, column, href)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.anchors.add(value)
            elif name == "href" and "#" in value:
                line, col = self.getpos()
                self.links.append((line, col + 1, value))


def _site_file(site: Path, root: str, url: str) -> Path | None:
    """The file of the site that `url` (absolute, without fragment) serves, or None outside the site."""
    if not url.startswith(root):
        return None
    path = site / unquote(url[len(root):])
    return path / "index.html" if path.is_dir() else path


def broken_anchors(site: Path, root: str) -> list[Problem]:
    """Links to a #fragment that the target page of the site does not have (one parse per page)."""
    pages: dict[Path, _Anchors] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Anchors()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        pages[page] = parser
    found = []
    for page, parsed in pages.items():
        relative = page.relative_to(site).as_posix()
        page_url = root + relative.removesuffix("index.html")
        for line, col, href in parsed.links:
            target, _, fragment = urljoin(page_url, href).partition("#")
            target_file = _site_file(site, root, target)
            if not fragment or target_file is None or target_file.resolve() not in pages:
                continue  # an empty fragment, a link out of the site, or a missing page (linkchecker reports it)
            if unquote(fragment) not in pages[target_file.resolve()].anchors:
                found.append(Problem(relative, str(line), str(col), href,
                                     f"Anchor `{fragment}' not found on {target_file.relative_to(site).as_posix()}."))
    return found


def run_linkchecker(urls: Sequence[str], external: bool, ignore: Sequence[IgnoreEntry]) -> list[dict[str, str]]:
    """Run linkchecker on `urls`; every URL it saw, as CSV rows."""
    executable = shutil.which("linkchecker", path=str(Path(sys.executable).parent)) or shutil.which("linkchecker")
    if executable is None:
        raise CheckError("linkchecker is not installed (run `make linkcheck`, which sets up .venv)")
    with tempfile.TemporaryDirectory(prefix="atlas-linkcheck-") as tmp:
        os.chmod(tmp, 0o755)  # linkchecker runs as `nobody` when started by root
        config = Path(tmp) / "linkcheckerrc"
        host = re.escape(urls[0][: urls[0].index("/", len("http://"))])
        # The whole local host is internal, not only the site's base path: a link out of it is a broken link.
        plugins = "\n[AnchorCheck]\n" if external else ""  # external pages' anchors (slow: see the module doc)
        config.write_text(CONFIG.read_text(encoding="utf-8") + f"\n[filtering]\ninternlinks=^{host}/\n{plugins}",
                          encoding="utf-8")
        config.chmod(0o644)
        command = [executable, "-f", str(config), "--no-status", "-o", "csv", "--stdin"]
        if external:
            command.append("--check-extern")
        for entry in ignore:
            command += ["--ignore-url", entry.pattern]
        # The local server is never reached through a proxy, whatever the environment says.
        no_proxy = ",".join(filter(None, ["127.0.0.1", os.environ.get("NO_PROXY") or os.environ.get("no_proxy")]))
        env = {**os.environ, "NO_PROXY": no_proxy, "no_proxy": no_proxy}
        done = subprocess.run(command, input="\n".join(urls), capture_output=True, text=True, check=False, env=env)
    if done.returncode not in (0, 1):
        raise CheckError(f"linkchecker failed (exit status {done.returncode}):\n{done.stderr.strip()}")
    lines = [line for line in done.stdout.splitlines(keepends=True) if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("".join(lines)), delimiter=";"))
    if not rows or "valid" not in rows[0]:
        raise CheckError(f"linkchecker reported nothing:\n{done.stderr.strip()}")
    return rows


def _page(parent: str, root: str) -> str:
    if not parent.startswith(root):
        return parent
    path = unquote(parent[len(root):].split("#", 1)[0])
    return path + "index.html" if path == "" or path.endswith("/") else path


def problems(rows: Sequence[dict[str, str]], root: str) -> list[Problem]:
    """Invalid URLs and URLs with warnings (a missing anchor is a warning in linkchecker)."""
    found = {
        Problem(_page(row["parentname"], root) if row["parentname"] else "", row["line"], row["column"],
                row["urlname"], " ".join(filter(None, [row["result"], row["warningstring"]])).strip())
        for row in rows
        if row["valid"] != "True" or row["warningstring"]
    }
    return sorted(found, key=lambda p: (p.page, int(p.line or 0), int(p.col or 0), p.url))


def stale_entries(rows: Sequence[dict[str, str]], ignore: Sequence[IgnoreEntry]) -> list[IgnoreEntry]:
    urls = {row["url"] for row in rows} | {row["urlname"] for row in rows}
    return [entry for entry in ignore if not any(entry.matches(url) for url in urls)]


def markdown_report(broken: Sequence[Problem], stale: Sequence[IgnoreEntry], ignore_path: Path) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = []
    if broken:
        lines += ["| Page | Line | Link | Problem |", "|---|---|---|---|"]
        lines += [f"| {cell(p.page or '(start URL)')} | {p.line} | {cell(p.url)} | {cell(p.result)} |" for p in broken]
    for entry in stale:
        lines.append(f"- Ignore entry `{cell(entry.pattern)}` in {ignore_path.name} matches no link any more: remove it.")
    return "\n".join(lines) + "\n"


def check(site: Path, external: bool, ignore_path: Path, report: Path | None) -> int:
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise CheckError(f"{site} has no index.html: build the site first (`make site`)")
    limit = max_parse_bytes(CONFIG)
    too_large = oversized_pages(site, limit)
    if too_large:
        raise CheckError(f"pages larger than maxfilesizeparse ({limit} bytes) would not be parsed: "
                         f"{', '.join(too_large)}; raise it in {CONFIG.name}")
    ignore = load_ignore(ignore_path)
    with serve(site, base_path(site)) as root:
        urls = start_urls(site, root)
        rows = run_linkchecker(urls, external, ignore)
    broken = sorted(set(problems(rows, root)) | set(broken_anchors(site, root)),
                    key=lambda p: (p.page, int(p.line or 0), int(p.col or 0), p.url))
    stale = stale_entries(rows, ignore)
    for problem in broken:
        print(problem.format())
    for entry in stale:
        print(f"{ignore_path}: ignore entry {entry.pattern!r} matches no link on the site any more: remove it")
    if report is not None:
        report.write_text(markdown_report(broken, stale, ignore_path), encoding="utf-8")
    scope = "internal and external links" if external else "internal links"
    summary = f"{len(rows)} URL(s) from {len(urls)} page(s), {scope} and anchors"
    if broken or stale:
        print(f"FAILED: {len(broken)} broken, {len(stale)} stale ignore entr(y/ies); checked {summary}", file=sys.stderr)
        return 1
    print(f"OK: checked {summary}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (site/)")
    parser.add_argument("--external", action="store_true", help="also fetch external links (network)")
    parser.add_argument("--ignore", type=Path, default=IGNORE, help="ignore list (default: %(default)s)")
    parser.add_argument("--report", type=Path, help="also write the problems found as Markdown to this file")
    args = parser.parse_args(argv)
    try:
        return check(args.site, args.external, args.ignore, args.report)
    except CheckError as error:
        print(f"linkcheck: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
