"""The one error a sync raises: what went wrong, on which page, and what to do about it."""

from __future__ import annotations

from .terminal import safe


class RegistryError(Exception):
    """A sync that cannot go on; nothing has been written when it is raised."""

    def __init__(self, message: str, hint: str, page: int | None = None) -> None:
        super().__init__(message)
        self.message, self.hint, self.page = message, hint, page

    def at_page(self, page: int) -> RegistryError:
        """The same error, placed on a page of the run."""
        return RegistryError(self.message, self.hint, page)

    def format(self) -> str:
        """`registry: page 3: message` and an indented hint, safe to print on a terminal."""
        where = f"page {self.page}: " if self.page is not None else ""
        return f"registry: {where}{safe(self.message)}\n    hint: {safe(self.hint)} Nothing was written."
