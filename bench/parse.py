"""The floor for `python -m macros check`: read every content file and load it with PyYAML's C loader, nothing else.

Usage: python bench/parse.py ROOT  (prints the number of files loaded)
"""

import sys
from pathlib import Path

import yaml


def main(root: Path) -> int:
    files = sorted((root / "content").glob("*/*.yaml"))
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return len(files)


if __name__ == "__main__":
    print(main(Path(sys.argv[1])))
