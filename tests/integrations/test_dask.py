"""Dask: a LocalCluster of 2 worker processes cleans a bag as clean does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("dask.bag", reason="the [dask] extra is not installed")
pytest.importorskip("distributed", reason="the [dask] extra is not installed")

import dask.bag as db
from distributed import Client, LocalCluster

from pagecleaner import InputError
from pagecleaner.integrations.dask import clean_bag

from .pages import expected, pages


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with Client(cluster) as connected:
        yield connected
    cluster.close()


def test_clean_bag_on_two_workers(client: Any) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    bag = db.from_sequence([{"html": raw, "url": url} for raw, url in pages()], npartitions=2)
    rows = {row["url"]: row for row in clean_bag(bag).compute()}
    assert rows == expected()


def test_pairs_and_other_field_names(client: Any) -> None:
    pairs = db.from_sequence(pages(), npartitions=2)
    assert {r["url"]: r for r in clean_bag(pairs).compute()} == expected()
    renamed = db.from_sequence([{"body": raw, "link": url} for raw, url in pages()], npartitions=1)
    rows = clean_bag(renamed, html="body", url="link").compute()
    assert {r["url"] for r in rows} == set(expected())


def test_a_value_that_is_not_a_page_raises_input_error(client: Any) -> None:
    bag = db.from_sequence([{"html": 42, "url": "https://example.com/x"}], npartitions=1)
    with pytest.raises(InputError, match="expected the page as str or bytes, got int"):
        clean_bag(bag).compute()
