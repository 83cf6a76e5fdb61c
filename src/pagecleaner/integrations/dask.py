"""Dask: clean a ``dask.bag`` of pages, one Cleaner per partition.

``pip install "pagecleaner[dask]"``::

    import dask.bag as db
    from dask.distributed import Client, LocalCluster
    from pagecleaner.integrations.dask import clean_bag

    with Client(LocalCluster(n_workers=2, threads_per_worker=1)):
        pages = db.from_sequence([{"html": html, "url": url}, ...], npartitions=8)
        for row in clean_bag(pages).compute():
            print(row["url"], row["verdict"], row["title"])

The bag's elements are dicts with ``html`` and ``url`` keys (the names are arguments),
``(html, url)`` pairs or bare pages; each becomes a dict of
:data:`pagecleaner.integrations.FIELDS`. A value that is not a page raises pagecleaner's
:class:`~pagecleaner.InputError` when the bag is computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..options import Options
from . import clean_rows

__all__ = ["clean_bag"]


def _partition(
    rows: Iterable[Any], html: str, url: str, options: Options | None
) -> list[dict[str, Any]]:
    return list(clean_rows(rows, html=html, url=url, options=options))


def clean_bag(
    bag: Any, *, html: str = "html", url: str = "url", options: Options | None = None
) -> Any:
    """A bag of :data:`~pagecleaner.integrations.FIELDS` dicts, lazily (call ``compute``)."""
    return bag.map_partitions(_partition, html, url, options)
