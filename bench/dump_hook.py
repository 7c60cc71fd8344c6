"""MkDocs hook for the benchmark's baseline: saves every page as the macros build produced it, as plain Markdown.

Used once per size by bench/synth.py (never by the real site): each page's final Markdown (after the macros and
any other hook), with its front matter, and every generated non-page file, go to $ATLAS_BENCH_DUMP_TO, the
baseline's docs folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from mkdocs.plugins import event_priority

TARGET = Path(os.environ["ATLAS_BENCH_DUMP_TO"])


def _write(src_uri: str, data: bytes) -> None:
    path = TARGET / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@event_priority(-100)  # after every other plugin and hook
def on_files(files: Any, config: Any) -> Any:
    for file in files:
        if file.generated_by is not None and not file.is_documentation_page():
            _write(file.src_uri, file.content_bytes)
    return files


@event_priority(-100)
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    meta = {k: v for k, v in page.meta.items() if k != "render_macros"}
    head = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" if meta else ""
    _write(page.file.src_uri, (head + markdown).encode("utf-8"))
    return markdown
