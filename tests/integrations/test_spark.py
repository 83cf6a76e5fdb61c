"""PySpark in local[2] mode: mapPartitions and the pandas UDF give what clean gives."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="the [spark] extra is not installed")
pytest.importorskip("pyarrow", reason="the [spark] extra is not installed")

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from pagecleaner.integrations.spark import CLEANED_SCHEMA, clean_partition, clean_udf

from .pages import expected, pages


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("pagecleaner-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def frame(spark: Any) -> Any:
    return spark.createDataFrame(pages(), "html binary, url string").repartition(2)


def test_map_partitions(spark: Any, frame: Any) -> None:
    cleaned = frame.rdd.mapPartitions(clean_partition()).toDF(CLEANED_SCHEMA)
    rows = {row["url"]: row.asDict() for row in cleaned.collect()}
    assert rows == expected()
    assert rows["https://www.leiphone.com/hacked"]["verdict"] in ("cleaned", "spam")


def test_pandas_udf_returns_a_struct(spark: Any, frame: Any) -> None:
    clean = clean_udf()
    out = frame.withColumn("article", clean("html", "url")).select("url", "article.*")
    assert out.columns == ["url", "text", "title", "verdict", "outcome"]
    rows = {row["url"]: row.asDict() for row in out.collect()}
    assert rows == expected()


def test_string_html_and_no_url(spark: Any) -> None:
    raw, _ = pages()[0]
    frame = spark.createDataFrame([(raw.decode("utf-8"),)], "html string")
    clean = clean_udf()
    (row,) = frame.select(clean("html", F.lit(None).cast("string")).alias("a")).collect()
    assert row["a"]["outcome"] == "article" and row["a"]["text"]


def test_a_value_that_is_not_a_page_fails_with_input_error(spark: Any) -> None:
    frame = spark.createDataFrame([(None, "https://example.com/x")], "html string, url string")
    with pytest.raises(Exception, match="InputError") as caught:
        frame.rdd.mapPartitions(clean_partition()).collect()
    assert "expected the page as str or bytes, got NoneType" in str(caught.value)
    clean = clean_udf()
    with pytest.raises(Exception, match="InputError"):
        frame.select(clean("html", "url")).collect()
