"""Pack a built site's data folder as the dated archive a release carries (.github/workflows/release.yml).

    python tools/release_archive.py SITE_DIR TAG OUT_DIR

Writes OUT_DIR/diabetes-cell-therapy-atlas-data-<TAG>-<DATE>.tar.gz, where DATE (YYYY-MM-DD, UTC) is the day of
SOURCE_DATE_EPOCH (the tagged commit's time; the workflow sets it) and prints its path. The archive holds the
site's data/ (every download and schema, index.json naming the commit) and CITATION.cff with the release's
`version` (the tag) and `date-released` added, under one folder named like the archive. It is reproducible: sorted names, every file dated SOURCE_DATE_EPOCH, no owner, no gzip time.
Exit status: 0 written, 2 bad arguments (a tag that is not a plain name, no data/index.json, no date).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import io
import os
import re
import sys
import tarfile
from pathlib import Path

PREFIX = "diabetes-cell-therapy-atlas-data"
TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CITATION = Path(__file__).resolve().parent.parent / "CITATION.cff"


def day_of(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).date().isoformat()


def archive_name(tag: str, epoch: int) -> str:
    return f"{PREFIX}-{tag}-{day_of(epoch)}"


def _add(tar: tarfile.TarFile, content: bytes, arcname: str, epoch: int) -> None:
    info = tarfile.TarInfo(arcname)
    info.size, info.mtime, info.mode = len(content), epoch, 0o644
    tar.addfile(info, io.BytesIO(content))


def released(citation: str, tag: str, day: str) -> str:
    """CITATION.cff of the release: the repository's, with the tag as `version` and the day as `date-released`."""
    return citation.rstrip("\n") + f'\nversion: "{tag}"\ndate-released: "{day}"\n'


def write(site: Path, tag: str, out: Path, epoch: int) -> Path:
    """The archive of site/data and CITATION.cff, as OUT/<name>.tar.gz."""
    name = archive_name(tag, epoch)
    data = site / "data"
    files = sorted(p for p in data.rglob("*") if p.is_file() and p.name != "index.html")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in files:
            _add(tar, path.read_bytes(), f"{name}/data/{path.relative_to(data).as_posix()}", epoch)
        citation = released(CITATION.read_text(encoding="utf-8"), tag, day_of(epoch))
        _add(tar, citation.encode("utf-8"), f"{name}/CITATION.cff", epoch)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.tar.gz"
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
        packed.write(buffer.getvalue())
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("tag")
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    problem = ("the tag must be a plain name (letters, digits, . _ -)" if not TAG.match(args.tag)
               else f"{args.site}/data/index.json does not exist: build the site first (make site)"
               if not (args.site / "data" / "index.json").is_file()
               else "SOURCE_DATE_EPOCH is not set to the tagged commit's time" if not epoch.isdigit() else None)
    if problem:
        print(f"release_archive: {problem}", file=sys.stderr)
        return 2
    print(write(args.site, args.tag, args.out, int(epoch)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
