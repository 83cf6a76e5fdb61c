"""Scrapy: a real crawl of fixture pages served on 127.0.0.1, through the item pipeline."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("scrapy", reason="the [scrapy] extra is not installed")

import pagecleaner
from pagecleaner.integrations.scrapy import PagecleanerPipeline

from .pages import PAGES

SPIDER = """
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess

base, out = sys.argv[1], sys.argv[2]

class Pages(scrapy.Spider):
    name = "pages"
    start_urls = [base + "index.html"]

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.page)

    def page(self, response):
        yield {"url": response.url, "html": response.body}

process = CrawlerProcess(settings={
    "ITEM_PIPELINES": {"pagecleaner.integrations.scrapy.PagecleanerPipeline": 300},
    "PAGECLEANER_HTML_FIELD": "html",
    "FEEDS": {out: {"format": "jsonlines", "encoding": "utf8"}},
    "LOG_LEVEL": "WARNING",
    "ROBOTSTXT_OBEY": False,
    "TELNETCONSOLE_ENABLED": False,
    "CLOSESPIDER_TIMEOUT": 60,
})
process.crawl(Pages)
process.start()
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "site"
    root.mkdir()
    links = []
    for number, path in enumerate(PAGES.values()):
        name = f"page{number}.html"
        (root / name).write_bytes(path.read_bytes())
        links.append(f'<a href="{name}">{name}</a>')
    (root / "index.html").write_text("<html><body>" + " ".join(links) + "</body></html>")
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_crawl_through_the_pipeline(site: str, tmp_path: Path) -> None:
    out = tmp_path / "items.jsonl"
    script = tmp_path / "crawl.py"
    script.write_text(textwrap.dedent(SPIDER))
    subprocess.run(
        [sys.executable, str(script), site, str(out)], check=True, timeout=300, cwd=tmp_path
    )
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(items) == len(PAGES)
    for item in items:
        assert "html" not in item
        number = int(item["url"].rsplit("page", 1)[1].split(".")[0])
        raw = list(PAGES.values())[number].read_bytes()
        result = pagecleaner.clean(raw, url=item["url"])
        assert item["text"] == result.text
        assert item["verdict"] == result.spam.verdict
        assert item["outcome"] == result.outcome
        assert item["title"] == result.metadata.title


def test_pipeline_drops_spam_and_rejects_what_is_not_a_page() -> None:
    pipeline = PagecleanerPipeline(drop_spam=True, keep_html=True)
    raw = next(iter(PAGES.values())).read_bytes()
    item = pipeline.process_item({"html": raw, "url": "https://www.leiphone.com/a"})
    assert item["html"] == raw and item["outcome"] == "article"
    with pytest.raises(pagecleaner.InputError, match="got NoneType"):
        pipeline.process_item({"url": "https://example.com/none"})
