"""Exceptions and warnings raised by pagecleaner.

The tree::

    PagecleanerError
    ├── InputError (also ValueError)      not a readable page: empty, binary, too large, too deep
    ├── ConfigError (also ValueError)     an option, rule selection or rule pack is invalid
    └── RuleError                         a rule raised while judging a page

    PagecleanerWarning (UserWarning)
    └── UnsupportedFilterWarning          a filter-list line pagecleaner cannot apply

Not finding an article is an outcome (``CleanResult.report.outcome``), never an exception.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "InputError",
    "PagecleanerError",
    "PagecleanerWarning",
    "RuleError",
    "UnsupportedFilterWarning",
]


class PagecleanerError(Exception):
    """Base class of every error pagecleaner raises on purpose."""


class InputError(PagecleanerError, ValueError):
    """The input cannot be treated as an HTML page (empty, binary, too large, too deep)."""


class ConfigError(PagecleanerError, ValueError):
    """An option, a rule selection or a rule pack is invalid.

    ``source`` names the file (and line) the bad value came from, when there is one.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class RuleError(PagecleanerError):
    """A rule raised while judging a page; ``code`` names the rule."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(f"rule {code} failed: {message}")


class PagecleanerWarning(UserWarning):
    """Base class of pagecleaner's warnings."""


class UnsupportedFilterWarning(PagecleanerWarning):
    """A filter-list line uses syntax pagecleaner cannot apply; it is reported, not applied."""
