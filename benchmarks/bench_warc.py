"""WARC benchmark: records per second and peak memory of ``pagecleaner.clean_warc`` on a
generated crawl archive, and the raw speed of the two WARC readers considered.

    python benchmarks/bench_warc.py CORPUS_DIR [CORPUS_DIR ...] [--size 1GB] \\
        [--warc /tmp/pagecleaner-bench.warc.gz] [--jobs 1] [--only clean|readers] [--limit N]

The archive is built once (and reused while its size matches) under ``/tmp`` with warcio:
the corpus pages (``pages/*.html.gz``, URL from ``truth.jsonl``) as gzip-per-record HTTP
``response`` records, each preceded by its ``request`` record as crawlers write them, cycling
through the corpus until the file reaches ``--size`` bytes compressed. It is never written
into the repository.

Sections (both by default):

* **readers** -- iterate the whole archive with warcio (``ArchiveIterator``, HTTP headers
  parsed, payload read) and with FastWARC (``ArchiveIterator``, ``parse_http=True``, payload
  read), in a child process each, interleaved over ``--repeat`` rounds; MB/s of compressed
  input and records/s, best and median.
* **clean** -- ``pagecleaner.clean_warc(path, jobs=--jobs)`` over the archive in a child
  process: records/s (HTML responses cleaned per second of wall time), records skipped and
  failed, and peak RSS (``ru_maxrss`` of the child, and of the workers with ``--jobs > 1``)
  against the RSS after the first 200 records: memory must stay flat, not grow with the
  archive.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import resource
import statistics
import sys
import time
from pathlib import Path

DEFAULT_WARC = "/tmp/pagecleaner-bench.warc.gz"


def parse_size(text: str) -> int:
    units = {"KB": 10**3, "MB": 10**6, "GB": 10**9}
    text = text.strip().upper()
    for unit, factor in units.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def _http_url(url: str | None, page_id: str) -> str:
    if url and url.startswith(("http://", "https://")):
        return url
    return f"https://example.invalid/{page_id}"


def corpus_pages(corpora: list[str], limit: int | None) -> list[tuple[str, bytes]]:
    pages: list[tuple[str, bytes]] = []
    for corpus in corpora:
        root = Path(corpus)
        truth = root / "truth.jsonl"
        if truth.exists():
            rows = [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()]
            # warcio parses the HTTP headers of http(s) records only; some corpus URLs are
            # placeholders ("hard::...").
            entries = [(_http_url(r.get("url"), r["id"]), r["file"]) for r in rows]
        else:
            entries = [
                (f"https://example.invalid/{p.name}", f"pages/{p.name}")
                for p in sorted((root / "pages").glob("*.html.gz"))
            ]
        for url, file in entries:
            pages.append((url, gzip.decompress((root / file).read_bytes())))
    return pages[:limit] if limit else pages


def write_warc(path: str, pages: list[tuple[str, bytes]], size: int) -> int:
    """Write request+response pairs cycling through ``pages`` until ``size`` bytes."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = 0
    tmp = path + ".part"
    with open(tmp, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        round_ = 0
        while handle.tell() < size:
            for url, body in pages:
                target = url.replace(" ", "%20")
                if round_:
                    target += f"{'&' if '?' in target else '?'}copy={round_}"
                request = writer.create_warc_record(
                    target,
                    "request",
                    payload=BytesIO(b""),
                    http_headers=StatusAndHeaders(
                        "GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True
                    ),
                )
                writer.write_record(request)
                headers = StatusAndHeaders(
                    "200 OK",
                    [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
                    protocol="HTTP/1.1",
                )
                record = writer.create_warc_record(
                    target, "response", payload=BytesIO(body), http_headers=headers
                )
                writer.write_record(record)
                records += 1
                if handle.tell() >= size:
                    break
            round_ += 1
    os.replace(tmp, path)
    return records


def ensure_warc(path: str, corpora: list[str], size: int, limit: int | None) -> None:
    marker = Path(path + ".size")
    if os.path.exists(path) and marker.exists() and marker.read_text() == str(size):
        print(f"reusing {path} ({os.path.getsize(path) / 1e6:,.0f} MB)")
        return
    started = time.perf_counter()
    pages = corpus_pages(corpora, limit)
    count = write_warc(path, pages, size)
    marker.write_text(str(size))
    print(
        f"wrote {path}: {os.path.getsize(path) / 1e6:,.0f} MB, {count:,} responses from"
        f" {len(pages)} corpus pages, in {time.perf_counter() - started:.0f} s"
    )


# --- readers ------------------------------------------------------------------------


def _read_warcio(path: str) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                record.http_headers.get_header("Content-Type")
                record.content_stream().read()
                count += 1
    return count


def _read_fastwarc(path: str) -> int:
    # FastWARC 2: the iterator opens the path and detects the compression itself.
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count = 0
    with open(path, "rb") as handle:
        for record in ArchiveIterator(
            handle, record_types=WarcRecordType.response, parse_http=True
        ):
            record.http_headers.get("Content-Type")
            record.reader.read()
            count += 1
    return count


def _timed_reader(name: str, path: str, queue: multiprocessing.Queue[tuple[float, int]]) -> None:
    reader = _read_warcio if name == "warcio" else _read_fastwarc
    started = time.perf_counter()
    count = reader(path)
    queue.put((time.perf_counter() - started, count))


def bench_readers(path: str, repeat: int) -> None:
    size_mb = os.path.getsize(path) / 1e6
    times: dict[str, list[float]] = {"warcio": [], "fastwarc": []}
    counts: dict[str, int] = {}
    for _ in range(repeat):
        for name in times:
            queue: multiprocessing.Queue[tuple[float, int]] = multiprocessing.Queue()
            child = multiprocessing.Process(target=_timed_reader, args=(name, path, queue))
            child.start()
            seconds, count = queue.get()
            child.join()
            times[name].append(seconds)
            counts[name] = count
    print(f"\n== readers: {size_mb:,.0f} MB gzip-per-record WARC, {repeat} interleaved rounds")
    print(
        f"{'reader':<10} {'responses':>10} {'best s':>8} {'median s':>9} {'MB/s':>7} {'rec/s':>9}"
    )
    for name, values in times.items():
        best = min(values)
        print(
            f"{name:<10} {counts[name]:>10,} {best:>8.2f} {statistics.median(values):>9.2f}"
            f" {size_mb / best:>7.1f} {counts[name] / best:>9,.0f}"
        )


# --- clean_warc ---------------------------------------------------------------------


def _rss_kb() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def _clean_child(path: str, jobs: int, limit: int | None) -> None:
    import pagecleaner

    started = time.perf_counter()
    warm_rss = 0
    done = failed = 0
    summary = None
    for item in (run := pagecleaner.clean_warc(path, jobs=jobs)):
        done += 1
        failed += not item.ok
        if done == 200:
            warm_rss = _rss_kb()
        if limit and done >= limit:
            break
    summary = run.stats
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"\n== clean_warc (jobs={jobs}) on {os.path.getsize(path) / 1e6:,.0f} MB")
    print(
        f"records cleaned {done:,} ({failed} failed) in {seconds:,.1f} s:"
        f" {done / seconds:,.1f} records/s"
    )
    print(f"archive summary: {summary.summary()}")
    print(f"RSS after 200 records {warm_rss / 1024:,.0f} MB; peak RSS {peak / 1024:,.0f} MB")
    if jobs > 1:
        print(f"peak RSS of the largest worker {workers / 1024:,.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", help="articles corpus folders")
    parser.add_argument("--size", default="1GB", help="archive size (e.g. 50MB, 1GB)")
    parser.add_argument("--warc", default=DEFAULT_WARC, help="where to write the archive")
    parser.add_argument("--limit", type=int, help="use only the first N corpus pages")
    parser.add_argument("--records", type=int, help="clean only the first N records")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="rounds for the readers")
    parser.add_argument("--only", choices=("clean", "readers"))
    args = parser.parse_args(argv)
    if not args.warc.startswith(("/tmp/", "/var/tmp/")):
        print("bench_warc: --warc must be under /tmp (it is never part of the repository)")
        return 2
    ensure_warc(args.warc, args.corpora, parse_size(args.size), args.limit)
    if args.only in (None, "readers"):
        bench_readers(args.warc, args.repeat)
    if args.only in (None, "clean"):
        child = multiprocessing.Process(
            target=_clean_child, args=(args.warc, args.jobs, args.records)
        )
        child.start()
        child.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
