"""datatrove: WarcReader -> the pagecleaner Extractor -> JsonlWriter on a small WARC."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove", reason="the [datatrove] extra is not installed")
pytest.importorskip("magic", reason="the [datatrove] extra is not installed")
pytest.importorskip("cchardet", reason="the [datatrove] extra is not installed")
pytest.importorskip("orjson", reason="the [datatrove] extra is not installed")

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter

import pagecleaner
from pagecleaner.integrations.datatrove import Pagecleaner

from ..warcs import write_warc
from .pages import expected, pages


def test_pipeline_on_a_small_warc(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    write_warc(
        crawl / "crawl.warc.gz",
        [(url, raw, "text/html; charset=utf-8") for raw, url in pages()],
    )
    out = tmp_path / "out"
    LocalPipelineExecutor(
        pipeline=[
            WarcReader(str(crawl), glob_pattern="*.warc.gz"),
            Pagecleaner(timeout=60),
            JsonlWriter(str(out)),
        ],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    docs = []
    for part in sorted(out.glob("*.jsonl.gz")):
        with gzip.open(part, "rt", encoding="utf-8") as lines:
            docs.extend(json.loads(line) for line in lines)
    want = expected()
    by_url = {d["metadata"]["url"]: d for d in docs}
    # datatrove drops documents whose extraction is empty: the page without an article.
    assert set(by_url) == {u for u, e in want.items() if e["text"]}
    for url, doc in by_url.items():
        assert doc["text"] == want[url]["text"]


def test_extract_raises_input_error_for_what_is_not_a_page() -> None:
    extractor = Pagecleaner()
    with pytest.raises(pagecleaner.InputError):
        extractor.extract("   ")
    assert extractor.extract("") == ""  # datatrove's warm-up call
