"""Where crawls are processed at scale: each engine's adapter lives in its own module, behind
its own extra, and imports the engine only when used.

* :mod:`pagecleaner.integrations.spark` (``pip install "pagecleaner[spark]"``): a function
  for ``mapPartitions`` (one Cleaner per partition) and a ``pandas_udf`` returning a struct.
* :mod:`pagecleaner.integrations.dask` (``[dask]``): :func:`~.dask.clean_bag` for dask.bag.
* :mod:`pagecleaner.integrations.datatrove` (``[datatrove]``): an Extractor usable in place
  of datatrove's Trafilatura extractor.
* :mod:`pagecleaner.integrations.scrapy` (``[scrapy]``): an item pipeline that cleans a
  configured HTML field.

Every adapter cleans exactly as :meth:`pagecleaner.Cleaner.clean` does: a value that is
not a page (``None``, a number, a PDF...) raises the same :class:`~pagecleaner.InputError`.
Each returns the same fields, :data:`FIELDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ..api import Cleaner
from ..options import Options
from ..result import CleanResult

__all__ = ["FIELDS", "clean_rows", "page_of", "summarise"]

FIELDS = ("url", "text", "title", "verdict", "outcome")
"""What every adapter returns per page: the URL given, the article text, its title, the
spam verdict (``clean``/``cleaned``/``spam``) and the outcome (``article`` or why not)."""


def summarise(result: CleanResult, url: str | None) -> dict[str, str | None]:
    """The :data:`FIELDS` of one result."""
    return {
        "url": url,
        "text": result.text,
        "title": result.metadata.title,
        "verdict": result.spam.verdict,
        "outcome": result.outcome,
    }


def page_of(row: Any, html: str, url: str) -> tuple[Any, str | None]:
    """(page, url) from a row: a mapping or object with the ``html``/``url`` fields (a
    Spark ``Row``, a dict), a ``(page, url)`` pair, or the page alone."""
    if isinstance(row, (str, bytes, bytearray)):
        return row, None
    if isinstance(row, Mapping):
        return row.get(html), row.get(url)
    as_dict = getattr(row, "asDict", None)
    if callable(as_dict):
        values = as_dict()
        return values.get(html), values.get(url)
    if isinstance(row, tuple) and len(row) == 2:
        return row[0], row[1]
    return row, None


def clean_rows(
    rows: Iterable[Any],
    *,
    html: str = "html",
    url: str = "url",
    options: Options | None = None,
    make: Callable[[dict[str, str | None]], Any] = dict,
) -> Iterator[Any]:
    """Clean every row with one Cleaner (built here, once per call: once per partition)."""
    cleaner = Cleaner(options)
    for row in rows:
        page, page_url = page_of(row, html, url)
        if isinstance(page, bytearray):
            page = bytes(page)
        page_url = page_url if isinstance(page_url, str) else None
        yield make(summarise(cleaner.clean(page, url=page_url), page_url))
