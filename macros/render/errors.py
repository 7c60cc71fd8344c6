"""What a page shows when it cannot show the data: macro errors, and the live preview's error page. Every message
is escaped, so an error about hostile data is as inert as the data."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape


class MacroError(ValueError):
    """A macro call that cannot show what the page asked for; the message says why and how to fix the call."""


def error_block(message: str) -> str:
    """One error as an HTML block that Markdown leaves alone."""
    return f'\n\n<pre class="atlas-error" role="alert">{escape(message)}</pre>\n\n'


def error_page(title: str, lines: Iterable[str], advice: str) -> str:
    """A whole page listing errors (the live preview shows it instead of a page it cannot build)."""
    listing = escape("\n".join(lines))
    return (f"# {escape(title)}\n\n{escape(advice)}\n\n"
            f'<pre class="atlas-error" role="alert">{listing}</pre>\n')
