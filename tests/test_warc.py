"""WARC archives: every record accounted for, damage isolated, memory bounded, the CLI."""

from __future__ import annotations

import gzip
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest

import pagecleaner
from pagecleaner.cli import main
from pagecleaner.warc import is_warc_file

from .warcs import ARTICLE, LATIN1, NEWS, http_block, raw_record, write_warc

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
RECORDS = [
    ("https://example.com/a", ARTICLE, "text/html; charset=utf-8"),
    ("https://example.com/logo.png", PNG, "image/png"),
    ("https://example.com/b", NEWS, "text/html"),
    ("https://example.com/c", LATIN1, "text/html; charset=ISO-8859-1"),
    ("https://example.com/d", ARTICLE, "application/xhtml+xml"),
]


@pytest.mark.parametrize("compressed", [True, False])
@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_every_record_is_cleaned_skipped_or_counted(
    tmp_path: Path, compressed: bool, version: str
) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    ids = write_warc(path, RECORDS, gzip=compressed, version=version)
    run = pagecleaner.clean_warc(path)
    items = list(run)
    html = [r for r in RECORDS if "html" in (r[2] or "")]
    assert [i.uri for i in items] == [r[0] for r in html]
    assert [i.record_id for i in items] == [ids[0], ids[2], ids[3], ids[4]]
    assert all(i.ok and i.result is not None for i in items), [i.error for i in items]
    assert all(i.result.url == i.uri for i in items if i.result)
    assert all(i.source == str(path) for i in items)
    assert [i.index for i in items] == [0, 1, 2, 3]
    # warcinfo + 5 requests + 5 responses
    assert run.stats.records == 11
    assert run.stats.pages == 4
    assert run.stats.unreadable == 0
    assert run.stats.skipped == {"warcinfo": 1, "request": 5, "not-html: image/png": 1}


def test_http_charset_decodes_a_page_without_a_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.warc.gz"
    write_warc(path, [RECORDS[3]])
    (item,) = pagecleaner.clean_warc(path)
    assert item.result is not None
    assert "La crème brûlée se prépare la veille" in item.result.text
    assert item.result.metadata.title == "Crème brûlée"


def test_offsets_point_at_the_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, RECORDS, gzip=False)
    data = path.read_bytes()
    for item in pagecleaner.clean_warc(path):
        assert item.offset is not None
        assert data[item.offset :].startswith(b"WARC/1.1\r\nWARC-Type: response")


@pytest.mark.parametrize("compressed", [True, False])
def test_a_truncated_archive_fails_only_its_last_record(tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    write_warc(path, RECORDS[:3], gzip=compressed)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 400])
    items = list(pagecleaner.clean_warc(path))
    assert [i.ok for i in items] == [True, False]
    assert items[0].uri == "https://example.com/a"
    assert items[1].error_type == "InputError"
    assert "truncated" in (items[1].error or "")


def test_a_damaged_record_in_the_middle_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "damaged.warc.gz"
    write_warc(path, RECORDS[:3], requests=False)
    data = bytearray(path.read_bytes())
    # Corrupt the compressed bytes of the first response's gzip member.
    start = data.index(b"\x1f\x8b\x08", 10)
    for k in range(start + 40, start + 80):
        data[k] ^= 0xFF
    path.write_bytes(bytes(data))
    run = pagecleaner.clean_warc(path)
    items = list(run)
    assert not items[0].ok and items[0].error_type == "InputError"
    assert "unreadable" in (items[0].error or "")
    assert [i.uri for i in items if i.ok] == ["https://example.com/b"]
    assert run.stats.unreadable == 1


@pytest.mark.parametrize("name", ["page.warc", "page.warc.gz"])
def test_a_file_that_is_not_a_warc_is_one_failed_item(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    body = b"<html><body><p>I am a page, not an archive</p></body></html>"
    path.write_bytes(gzip.compress(body) if name.endswith(".gz") else body)
    run = pagecleaner.clean_warc(path)
    (item,) = list(run)
    assert not item.ok and item.error_type == "InputError"
    assert "not a WARC file" in (item.error or "")
    assert run.stats.unreadable == 1


def test_a_missing_file_is_a_failed_item(tmp_path: Path) -> None:
    (item,) = list(pagecleaner.clean_warc(tmp_path / "nothing.warc.gz"))
    assert not item.ok and "cannot read" in (item.error or "")


@pytest.mark.parametrize("delta", [+40, -40])
def test_a_lying_content_length_fails_its_record_and_the_rest_is_read(
    tmp_path: Path, delta: int
) -> None:
    block = http_block(ARTICLE)
    records = [
        raw_record("https://example.com/liar", block, length=len(block) + delta),
        raw_record("https://example.com/next", http_block(NEWS)),
        raw_record("https://example.com/last", http_block(ARTICLE)),
    ]
    path = tmp_path / "liar.warc"
    path.write_bytes(b"".join(records))
    items = list(pagecleaner.clean_warc(path))
    liar = items[0]
    assert liar.uri in ("https://example.com/liar", None)
    assert not liar.ok and liar.error_type == "InputError"
    assert [i.uri for i in items if i.ok][-1] == "https://example.com/last"
    assert sum(not i.ok for i in items) <= 2


def test_a_response_without_http_headers_is_a_failed_item(tmp_path: Path) -> None:
    path = tmp_path / "bare.warc"
    path.write_bytes(
        raw_record("https://example.com/bare", ARTICLE)
        + raw_record("https://example.com/ok", http_block(ARTICLE))
    )
    items = list(pagecleaner.clean_warc(path))
    assert not items[0].ok
    assert "HTTP" in (items[0].error or "")
    assert [i.uri for i in items if i.ok] == ["https://example.com/ok"]


def test_a_record_above_the_size_limit_fails_without_being_held(tmp_path: Path) -> None:
    # Hex noise compresses about 2:1, as real pages do (a maximally compressible record
    # costs at most one decompressed block of warcio's reader, about 16 MB).
    big = b"<html><body><p>" + os.urandom(5_500_000).hex().encode() + b"</p></body></html>"
    path = tmp_path / "big.warc.gz"
    write_warc(
        path,
        [
            ("https://example.com/big", big, "text/html"),
            ("https://example.com/a", ARTICLE, "text/html"),
        ],
        requests=False,
    )
    limit = 200_000
    options = pagecleaner.Options(max_input_bytes=limit)
    tracemalloc.start()
    try:
        items = list(pagecleaner.clean_warc(path, options=options))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(big) > 10_000_000
    assert not items[0].ok and "above the limit" in (items[0].error or "")
    assert items[1].ok
    # The 10 MB payload is never held: reading is bounded by the limit and the cleaning.
    assert peak < 5_000_000, peak


def test_is_warc_file_sniffs_content_as_well_as_names(tmp_path: Path) -> None:
    renamed = tmp_path / "crawl.bin"
    write_warc(renamed, RECORDS[:1])
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE)
    assert is_warc_file(renamed)
    assert is_warc_file(tmp_path / "x.warc.gz")  # by name, even before it exists
    assert not is_warc_file(page)


def test_cli_writes_one_json_line_per_record_with_id_and_uri(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    ids = write_warc(path, RECORDS)
    out, err = io.StringIO(), io.StringIO()
    status = main([str(path)], stdout=out, stderr=err)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert status == 0, err.getvalue()
    assert [line["record_id"] for line in lines] == [ids[0], ids[2], ids[3], ids[4]]
    assert lines[0]["uri"] == "https://example.com/a"
    assert lines[0]["ok"] is True and lines[0]["text"]
    assert "4 HTML pages" in err.getvalue() and "skipped" in err.getvalue()


def test_cli_reports_a_broken_archive_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(b"<html><body>not an archive</body></html>")
    out, err = io.StringIO(), io.StringIO()
    status = main([str(path), "-o", str(tmp_path / "out.jsonl")], stdout=out, stderr=err)
    assert status == 1
    (line,) = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["error"].startswith("not a WARC file")
    assert "not a WARC file" in err.getvalue()


def test_cli_cleans_a_warc_on_workers(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, RECORDS, gzip=False)
    out, err = io.StringIO(), io.StringIO()
    assert main([str(path), "-j", "2", "-q"], stdout=out, stderr=err) == 0, err.getvalue()
    uris = [json.loads(line)["uri"] for line in out.getvalue().splitlines()]
    assert uris == [r[0] for r in RECORDS if "html" in (r[2] or "")]


def test_a_broken_content_encoding_does_not_stop_the_file(tmp_path: Path) -> None:
    # warcio falls back to the raw bytes when the HTTP Content-Encoding does not decode.
    body = b"this is not gzip data at all, though the headers say so" * 20
    block = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    path = tmp_path / "encoding.warc"
    path.write_bytes(
        raw_record("https://example.com/gz", block)
        + raw_record("https://example.com/ok", http_block(ARTICLE))
    )
    items = list(pagecleaner.clean_warc(path))
    assert [i.uri for i in items] == ["https://example.com/gz", "https://example.com/ok"]
    assert items[1].ok and items[1].result is not None and items[1].result.has_article
