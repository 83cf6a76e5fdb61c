"""``pagecleaner crawl.warc.gz``: the HTML responses of WARC files, one output line each.

Output is JSON Lines (``--format jsonl``, the default: ``source``, ``record_id``, ``uri``,
``offset``, then the batch fields) or CSV (``--format csv``), on stdout or in ``-o FILE``.
Damaged records are failed items, each reported on stderr (unless ``-q``); a summary line
counts records read, pages, skipped records by reason and failures. Exit status: 0 every
page was cleaned, 1 some records failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import TextIO

from .api import Cleaner
from .errors import InputError
from .formats import csv_header, csv_row
from .warc import WarcItem, WarcRun, is_warc_file

__all__ = ["names_warc", "run_warc"]

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_INTERRUPTED = 130
STREAM_FORMATS = ("jsonl", "csv")


def names_warc(page: str) -> bool:
    """A command-line argument that is a WARC file (by name or by content)."""
    return page != "-" and not os.path.isdir(page) and is_warc_file(page)


def run_warc(args: argparse.Namespace, cleaner: Cleaner, out: TextIO, err: TextIO) -> int:
    pages: list[str] = args.pages
    if not all(names_warc(p) for p in pages):
        raise InputError("WARC files cannot be mixed with other pages in one run")
    fmt: str = args.format or ("csv" if (args.output or "").lower().endswith(".csv") else "jsonl")
    if fmt not in STREAM_FORMATS:
        raise InputError(f"WARC input writes --format jsonl or csv, not {fmt}")
    if args.explain or args.url:
        raise InputError("--explain and --url apply to one page, not to a WARC file")
    if args.output is not None and os.path.isdir(args.output):
        raise InputError(f"-o {args.output} is a folder; WARC input writes one file")
    render = ("markdown", "html") if fmt == "jsonl" else ()
    stream = out
    if args.output is not None:
        try:
            stream = open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"cannot write {args.output!r}: {exc.strerror or exc}") from None
    run = WarcRun(
        cleaner, pages, jobs=args.jobs or os.cpu_count() or 1, timeout=args.timeout, render=render
    )
    failed = 0
    try:
        if fmt == "csv":
            stream.write(csv_header())
        for item in run:
            stream.write(_line(item, fmt))
            if not item.ok:
                failed += 1
                if not args.quiet:
                    where = item.record_id or f"byte {item.offset}"
                    print(f"pagecleaner: error: {item.source}: {where}: {item.error}", file=err)
    except KeyboardInterrupt:
        print("pagecleaner: interrupted", file=err)
        return EXIT_INTERRUPTED
    finally:
        run.close()
        if stream is not out:
            stream.close()
    print(f"pagecleaner: {run.stats.summary()}; {failed} failed", file=err)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _line(item: WarcItem, fmt: str) -> str:
    if fmt == "csv":
        return csv_row(
            item.result,
            source=item.source,
            record_id=item.record_id,
            uri=item.uri,
            error=item.error,
        )
    return json.dumps(item.to_dict(), ensure_ascii=False) + "\n"
