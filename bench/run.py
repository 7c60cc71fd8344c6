"""`make bench`: how the engine's cost grows with the size of the atlas, as ratios against baselines taken in the same run.

For each size N (records), in a temporary folder (never content/): a synthetic atlas (bench/synth.py), then, each
the median of several runs and each in a fresh process whose peak memory (RSS) is read from the kernel:

Times are CPU seconds (user + system) of the process, the figure that a busy shared machine disturbs least; wall
times are in the JSON too. For the rebuild, the CPU time that the `mkdocs serve`
process spends from the touch to the reload, and the wall time (which includes the watcher's 0.1 s debounce).

- parse     PyYAML's C loader on every content file and nothing else (bench/parse.py): the floor for check;
- check     `python -m macros check --root <tmp>`;
- build     `mkdocs build --strict` of the macros site, against
- baseline  the same pages with every macro call pre-rendered to plain Markdown (same theme, same plugins but macros);
- rebuild   under `mkdocs serve`, from touching one YAML file to the end of the rebuild ("Reloading browsers"),
            for the shipped content (a copy of the repository) and for the synthetic sites up to N = 1 000;
- editions  `mkdocs build --strict` of the shipped site with both editions, against the same site English only
            (no i18n plugin, no `*.zh.md` pages, English search): what the Chinese edition costs, and its memory.

Then the same figures (but the rebuild) for the shipped site plus 250, 500 and 1 000 synthetic registrations
(synth.write_registrations): build / baseline at 1 000, and whether a page costs the build as much at 1 000 as at 250
(linear growth).

Prints a table and writes the same figures to bench/results.json (git-ignored). Timings are never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import synth

REPO = synth.REPO
RESULTS = REPO / "bench" / "results.json"
SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (100, 1_000)
REGISTRATION_SIZES = (250, 500, 1_000)  #: synthetic registrations added to the shipped site (every run)
REBUILD_MAX_N = 1_000  #: above this a rebuild is a full build: measured by `build`
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

#: (figure, at N, limit, how the figure is computed) as in issue 6
TARGETS = (
    ("check / parse", 10_000, 1.5),
    ("build / baseline", 1_000, 1.05),
    ("build growth 10k / 1k", None, 11.0),
    ("rebuild, shipped content (s)", None, 1.0),
    ("two editions / English only", None, 1.5),  # issue 13
)


class BenchError(RuntimeError):
    """A measured command failed: the benchmark measures only working builds."""


def run_once(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """CPU time (user + system, s), wall time (s) and peak RSS (MiB) of one fresh process running `command`."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            raise BenchError(f"{' '.join(command)} failed ({process.returncode}):\n{log.read().decode()[-4000:]}")
    return usage.ru_utime + usage.ru_stime, elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def median_of(runs: int, commands: dict[str, tuple[list[str], Path]]) -> dict[str, dict[str, float]]:
    """Each command `runs` times, interleaved (a, b, a, b...) so drift on a shared machine hits all alike."""
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, cwd) in commands.items():
            samples[name].append(run_once(command, cwd))
    return {
        name: {
            "seconds": statistics.median(c for c, _, _ in found),
            "wall_seconds": statistics.median(w for _, w, _ in found),
            "runs": [round(c, 3) for c, _, _ in found],
            "wall_runs": [round(w, 3) for _, w, _ in found],
            "peak_rss_mib": max(m for _, _, m in found),
        }
        for name, found in samples.items()
    }


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) used so far by process `pid` (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def measure_rebuild(root: Path, config: str, touched: Path, runs: int, timeout: float = 300.0) -> dict[str, Any]:
    """Seconds from touching `touched` to the end of the rebuild it triggers under `mkdocs serve` (median)."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "-f", config, "-a", f"127.0.0.1:{_free_port()}"]
    process = subprocess.Popen(command, cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put((time.perf_counter(), line))
        lines.put((time.perf_counter(), ""))

    threading.Thread(target=read, daemon=True).start()

    def wait_for(marker: str, since: float) -> tuple[float, list[str]]:
        seen = []
        while True:
            try:
                stamp, line = lines.get(timeout=max(0.0, since + timeout - time.perf_counter()))
            except queue.Empty:
                raise BenchError(f"no '{marker}' from mkdocs serve within {timeout:.0f} s: {''.join(seen)[-2000:]}")
            seen.append(line)
            if line == "" or "error happened during the rebuild" in line or "Aborted" in line:
                raise BenchError(f"mkdocs serve failed: {''.join(seen)[-4000:]}")
            if marker in line:
                return stamp, seen

    try:
        wait_for("Serving on", time.perf_counter())
        samples, cpu, reported = [], [], []
        for _ in range(runs):
            time.sleep(1.0)  # let the watcher settle
            before = _cpu_of(process.pid)
            start = time.perf_counter()
            os.utime(touched)
            end, seen = wait_for("Reloading browsers", start)
            samples.append(end - start)
            cpu.append(_cpu_of(process.pid) - before)
            built = [line for line in seen if "Documentation built in" in line]
            if built:
                reported.append(float(built[-1].split("built in ")[1].split()[0]))
        return {"seconds": statistics.median(cpu), "wall_seconds": statistics.median(samples),
                "runs": [round(c, 3) for c in cpu], "wall_runs": [round(s, 3) for s in samples],
                "build_reported": statistics.median(reported) if reported else None}
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def copy_repository(target: Path) -> Path:
    """The repository's site sources (not .venv, .git, site/ or tests) in `target`, to serve and touch safely."""
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "site", "__pycache__", ".pytest_cache", "tests", "bench"))
    return target


def measure_editions(root: Path, runs: int) -> dict[str, Any]:
    """Both editions against English only, on the shipped site in `root`."""
    py, build = sys.executable, ["-m", "mkdocs", "build", "--strict", "-q", "--site-dir"]
    return median_of(runs, {
        "english": ([py, *build, str(root / "site-en"), "-f", synth.english_only(root)], root),
        "both": ([py, *build, str(root / "site-both"), "-f", "mkdocs.yml"], root),
    })


def measure_size(n: int, work: Path, runs: int, log: Callable[[str], None], registrations: int = 0,
                 rebuild: bool = True) -> dict[str, Any]:
    root = work / f"n{n}-r{registrations}"
    start = time.perf_counter()
    written = synth.write_site(root, n, registrations=registrations)
    label = f"N={n}" + (f" +{registrations} registrations" if registrations else "")
    log(f"{label}: wrote {written['records']} records and {written['pages']} pages (baseline included) "
        f"in {time.perf_counter() - start:.1f} s")
    py = sys.executable
    figures = median_of(runs, {
        "parse": ([py, str(REPO / "bench" / "parse.py"), str(root)], REPO),
        "check": ([py, "-m", "macros", "check", "--root", str(root)], REPO),
    })
    log(f"{label}: parse {figures['parse']['seconds']:.2f} s, check {figures['check']['seconds']:.2f} s")
    figures |= median_of(runs, {
        "build": ([py, "-m", "mkdocs", "build", "--strict", "-q", "-f", synth.MACROS_CONFIG], root),
        "baseline": ([py, "-m", "mkdocs", "build", "--strict", "-q", "-f", synth.BASELINE_CONFIG], root),
    })
    log(f"{label}: build {figures['build']['seconds']:.2f} s, baseline {figures['baseline']['seconds']:.2f} s")
    if rebuild and n <= REBUILD_MAX_N:
        touched = next((root / "content" / "studies").glob("*.yaml"))
        figures["rebuild"] = measure_rebuild(root, synth.MACROS_CONFIG, touched, runs)
        log(f"{label}: rebuild {figures['rebuild']['seconds']:.2f} s")
    html = sum(1 for _ in (root / "site-macros").rglob("*.html"))
    shutil.rmtree(root)
    return {"n": n, **written, "html_pages": html, **figures}


def machine() -> dict[str, Any]:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), None) if Path("/proc/meminfo").exists() else None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                                check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "cpu": model, "cores": os.cpu_count(), "memory_mib": memory, "os": platform.platform(),
        "python": platform.python_version(), "commit": commit,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average_at_start": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "versions": {name: metadata.version(name) for name in
                     ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "PyYAML", "jsonschema", "Markdown", "Jinja2")},
    }


def ratios(sizes: list[dict[str, Any]], shipped: dict[str, Any] | None,
           editions: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The target figures that this run can compute, each with its limit and whether it holds."""
    by_n = {s["n"]: s for s in sizes}
    found = []
    for name, at, limit in TARGETS:
        value = None
        if name == "check / parse" and at in by_n:
            value = by_n[at]["check"]["seconds"] / by_n[at]["parse"]["seconds"]
        elif name == "build / baseline" and at in by_n:
            value = by_n[at]["build"]["seconds"] / by_n[at]["baseline"]["seconds"]
        elif name == "build growth 10k / 1k" and 1_000 in by_n and 10_000 in by_n:
            value = by_n[10_000]["build"]["seconds"] / by_n[1_000]["build"]["seconds"]
        elif name.startswith("rebuild") and shipped is not None:
            value = shipped["seconds"]
        elif name.startswith("two editions") and editions is not None:
            value = editions["both"]["seconds"] / editions["english"]["seconds"]
        found.append({"target": name + (f" at N={at:,}" if at else ""), "limit": limit,
                      "value": None if value is None else round(value, 3),
                      "holds": None if value is None else value <= limit})
    return found


def per_added(sizes: list[dict[str, Any]], figure: str, unit: str = "registrations") -> list[float]:
    """CPU seconds of `figure` per `unit` added between each size and the next."""
    return [(b[figure]["seconds"] - a[figure]["seconds"]) / max(1, b[unit] - a[unit]) for a, b in itertools.pairwise(sizes)]


def per_page(size: dict[str, Any], figure: str = "build") -> float:
    """CPU seconds of `figure` per page of the site."""
    return size[figure]["seconds"] / max(1, size["pages"])


def registration_ratios(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Build / baseline at the most synthetic registrations; linear growth: a page costs the build no more at the
    largest size than at the smallest (the fixed cost of starting a build, spread over fewer pages, makes a linear
    build cheaper per page at the largest size; a cost quadratic in the pages makes it dearer); and each added page
    costs the build no more than 1.5x what it costs the baseline."""
    small, big = sizes[0], sizes[-1]
    baseline = per_added([small, big], "baseline", "pages")
    figures = [(f"build / baseline at {big['registrations']:,} registrations", 1.1,
                big["build"]["seconds"] / big["baseline"]["seconds"]),
               (f"build CPU per page, {big['registrations']:,} / {small['registrations']:,} registrations", 1.25,
                per_page(big) / per_page(small)),
               ("build cost per added registration page / baseline's", 1.5,
                per_added([small, big], "build", "pages")[0] / max(1e-9, baseline[0]))]
    return [{"target": name, "limit": limit, "value": round(value, 3), "holds": value <= limit}
            for name, limit, value in figures]


def table(results: dict[str, Any]) -> str:
    sizes = results["sizes"]
    head = ("N", "pages", "parse s", "check s", "check/parse", "build s", "baseline s", "build/baseline",
            "rebuild s", "check MiB", "build MiB", "baseline MiB")
    rows = [head]
    for s in sizes:
        rows.append((
            f"{s['n']:,}", f"{s['pages']:,}", f"{s['parse']['seconds']:.2f}", f"{s['check']['seconds']:.2f}",
            f"{s['check']['seconds'] / s['parse']['seconds']:.2f}x", f"{s['build']['seconds']:.2f}",
            f"{s['baseline']['seconds']:.2f}", f"{s['build']['seconds'] / s['baseline']['seconds']:.3f}x",
            f"{s['rebuild']['seconds']:.2f}" if "rebuild" in s else "-",
            f"{s['check']['peak_rss_mib']:.0f}", f"{s['build']['peak_rss_mib']:.0f}", f"{s['baseline']['peak_rss_mib']:.0f}",
        ))
    by_n = {s["n"]: s for s in sizes}
    if 1_000 in by_n and 10_000 in by_n:
        small, large = by_n[1_000], by_n[10_000]
        rows.append(("10k/1k", f"{large['pages'] / small['pages']:.1f}x",
                     *(f"{large[k]['seconds'] / small[k]['seconds']:.1f}x" if k else "" for k in
                       ("parse", "check", None, "build", "baseline", None, None)),
                     *(f"{large[k]['peak_rss_mib'] / small[k]['peak_rss_mib']:.1f}x" for k in ("check", "build", "baseline"))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["| " + " | ".join(c.rjust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    registrations = results.get("registrations", [])
    added = ["-", *(f"{1000 * c:.2f} ms" for c in per_added(registrations, "build"))]
    for s, cost in zip(registrations, added):
        lines.append(f"| +{s['registrations']:,} registrations | {s['pages']:,} pages | build {s['build']['seconds']:.2f} s | "
                     f"baseline {s['baseline']['seconds']:.2f} s | {s['build']['seconds'] / s['baseline']['seconds']:.3f}x | "
                     f"per page: build {1000 * per_page(s):.1f} ms, baseline {1000 * per_page(s, 'baseline'):.1f} ms | "
                     f"build per added registration {cost} |")
    shipped = results.get("shipped_rebuild")
    out = "CPU seconds (user + system), median of {} runs; peak RSS in MiB.\n\n".format(results["runs_per_figure"])
    out += "\n".join(lines)
    if shipped:
        out += (f"\n\nRebuild of the shipped content under `mkdocs serve` (touch one YAML file -> browsers reloaded): "
                f"{shipped['seconds']:.2f} s CPU, {shipped['wall_seconds']:.2f} s wall "
                f"(mkdocs reports the build itself at {shipped['build_reported']} s)")
    editions = results.get("editions")
    if editions:
        out += (f"\n\nThe shipped site, both editions against English only: {editions['both']['seconds']:.2f} s "
                f"against {editions['english']['seconds']:.2f} s CPU; peak RSS {editions['both']['peak_rss_mib']:.0f} "
                f"against {editions['english']['peak_rss_mib']:.0f} MiB")
    out += "\n\nTargets:\n" + "\n".join(
        f"- {t['target']}: {'-' if t['value'] is None else t['value']} (limit {t['limit']}) "
        f"{'not measured' if t['holds'] is None else 'holds' if t['holds'] else 'DOES NOT HOLD'}"
        for t in results["targets"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 100 and 1 000 only")
    parser.add_argument("--sizes", type=int, nargs="*",
                        help="record counts to measure (default: 100 1000 10000; none: registrations only)")
    parser.add_argument("--registrations", type=int, nargs="*",
                        help="synthetic registrations added to the shipped site, smallest first (default: 250 500 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is reported (default 3)")
    parser.add_argument("--shipped-runs", type=int,
                        help="rebuilds of the shipped content measured (default: runs + 2, its median is a target; "
                             "0: not measured)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON (default bench/results.json)")
    args = parser.parse_args(argv)
    sizes = args.sizes if args.sizes is not None else (QUICK_SIZES if args.quick else SIZES)
    # the site plus synthetic registrations: measured by default, and with --sizes only when asked
    registrations = args.registrations if args.registrations is not None else (
        [] if args.sizes is not None else list(REGISTRATION_SIZES))
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    results: dict[str, Any] = {"machine": machine(), "runs_per_figure": args.runs, "sizes": []}
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        work = Path(tmp)
        shipped = copy_repository(work / "shipped")
        touched = min((shipped / "content" / "studies").glob("*.yaml"))
        shipped_runs = args.runs + 2 if args.shipped_runs is None else args.shipped_runs
        results["shipped_rebuild"] = None
        if shipped_runs:
            results["shipped_rebuild"] = measure_rebuild(shipped, "mkdocs.yml", touched, shipped_runs)
            log(f"shipped content: rebuild {results['shipped_rebuild']['seconds']:.2f} s")
        results["editions"] = measure_editions(shipped, args.runs)
        log(f"shipped content: both editions {results['editions']['both']['seconds']:.2f} s, English only "
            f"{results['editions']['english']['seconds']:.2f} s")
        for n in sizes:
            results["sizes"].append(measure_size(n, work, args.runs, log))
        results["registrations"] = [measure_size(0, work, args.runs, log, registrations=r, rebuild=False)
                                    for r in registrations]
    results["targets"] = ratios(results["sizes"], results["shipped_rebuild"], results["editions"])
    if len(registrations) >= 2:
        results["targets"] += registration_ratios(results["registrations"])
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\n{results['machine']['cpu']}, {results['machine']['cores']} cores, Python {results['machine']['python']}; "
          f"{results['total_seconds']} s in all; JSON in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
