"""PySpark: clean pages where they live, in partitions or as a DataFrame column.

``pip install "pagecleaner[spark]"`` (PySpark, pandas and pyarrow; Spark needs Java 17+)::

    from pyspark.sql import SparkSession, functions as F
    from pagecleaner.integrations.spark import clean_partition, clean_udf

    spark = SparkSession.builder.master("local[2]").getOrCreate()
    pages = spark.createDataFrame([(html, "https://example.com/a")], ["html", "url"])

    # A whole partition through one Cleaner: a DataFrame of url, text, title, verdict, outcome
    cleaned = pages.rdd.mapPartitions(clean_partition()).toDF(CLEANED_SCHEMA)

    # Or a column: a struct<text, title, verdict, outcome> per row (Arrow batches)
    clean = clean_udf()
    pages.withColumn("article", clean("html", "url")).select("url", "article.*")

Rows reach ``clean_partition`` as Spark ``Row`` objects (fields ``html`` and ``url`` by
default; HTML as a string or binary column), dicts, ``(html, url)`` pairs or bare pages.
A value that is not a page raises pagecleaner's :class:`~pagecleaner.InputError`, and Spark
fails the task with it, as it would for any exception in your own function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..api import Cleaner
from ..options import Options
from . import clean_rows, summarise

__all__ = ["CLEANED_SCHEMA", "RESULT_SCHEMA", "clean_partition", "clean_udf"]

RESULT_SCHEMA = "text string, title string, verdict string, outcome string"
"""The struct :func:`clean_udf` returns (a Spark DDL string)."""
CLEANED_SCHEMA = "url string, " + RESULT_SCHEMA
"""The rows :func:`clean_partition` yields (a Spark DDL string)."""


def clean_partition(
    *, html: str = "html", url: str = "url", options: Options | None = None
) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """A function for ``rdd.mapPartitions``: one Cleaner per partition, one ``Row`` of
    :data:`CLEANED_SCHEMA` per page."""

    def run(rows: Iterable[Any]) -> Iterator[Any]:
        from pyspark.sql import Row

        yield from clean_rows(rows, html=html, url=url, options=options, make=lambda d: Row(**d))

    return run


def clean_udf(options: Options | None = None) -> Any:
    """A ``pandas_udf(html, url)`` returning a struct of :data:`RESULT_SCHEMA`; pass
    ``F.lit(None).cast("string")`` as the URL column when there is none. One Cleaner per
    Python worker task, reused across the task's Arrow batches."""
    import pandas as pd
    from pyspark.sql.functions import pandas_udf  # type: ignore[attr-defined,unused-ignore]

    state: dict[str, Cleaner] = {}

    def clean(html: pd.Series, url: pd.Series) -> pd.DataFrame:
        cleaner = state.get("cleaner")
        if cleaner is None:
            cleaner = state["cleaner"] = Cleaner(options)
        rows = []
        for page, page_url in zip(html, url, strict=True):
            page_url = page_url if isinstance(page_url, str) else None
            if isinstance(page, bytearray):
                page = bytes(page)
            summary = summarise(cleaner.clean(page, url=page_url), page_url)
            del summary["url"]
            rows.append(summary)
        return pd.DataFrame(rows, columns=["text", "title", "verdict", "outcome"])

    # Spark reads the UDF's kind from its type hints; with postponed annotations they are
    # strings naming a local import, so the classes are given here.
    clean.__annotations__ = {"html": pd.Series, "url": pd.Series, "return": pd.DataFrame}
    return pandas_udf(RESULT_SCHEMA)(clean)
