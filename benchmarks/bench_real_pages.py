"""Real spam-carrying and honest look-alike golden pages: who gets each page fully right.

    python benchmarks/bench_real_pages.py [PAGES_DIR] [--glob 'real-*'] [--peers LIST]

Reads the golden folders (``source.html``, ``page.json``, ``expected.json``; see
``tests/fixtures/pages/README.md``) whose name matches ``--glob`` and runs each extractor on
them. A page is *fully right* for an extractor when every ``contains`` string is in its text
(whitespace-normalised, case-sensitive, as the golden tests compare) and no ``absent`` string
is (NFKC, case- and whitespace-insensitive, as the spam benchmark compares); for pagecleaner
the spam verdict must also equal the expected one (the other extractors give no verdict).

The ``xfail`` entries of ``expected.json`` are ignored: this script measures, the tests mark.
Needs no corpus: the pages live in the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import metrics
from peers import (
    Extraction,
    PeerRun,
    add_peer_arguments,
    parse_peer_arguments,
    run_peer,
    start_peers,
)
from report import format_table

DEFAULT_PAGES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"


@dataclass
class GoldenPage:
    name: str
    raw: bytes
    url: str | None
    expected: dict[str, Any]


@dataclass
class PageScore:
    kept: int
    contains: int
    gone: int
    absent: int
    verdict_ok: bool | None  # None: the extractor gives no verdict

    @property
    def right(self) -> bool:
        return (
            self.kept == self.contains and self.gone == self.absent and self.verdict_ok is not False
        )


def load_pages(folder: Path, pattern: str) -> list[GoldenPage]:
    pages = []
    for slug in sorted(p for p in folder.glob(pattern) if (p / "expected.json").is_file()):
        page = json.loads((slug / "page.json").read_text(encoding="utf-8"))
        expected = json.loads((slug / "expected.json").read_text(encoding="utf-8"))
        raw = (slug / "source.html").read_bytes()
        pages.append(GoldenPage(slug.name, raw, page.get("url"), expected))
    return pages


def score(page: GoldenPage, out: Extraction) -> PageScore:
    text = metrics.ws_normalize(out.text)
    contains = page.expected.get("contains", [])
    absent = page.expected.get("absent", [])
    kept = sum(metrics.ws_normalize(s) in text for s in contains)
    leaked = sum(metrics.leak_flags(absent, out.text))
    verdict_ok = None if out.verdict is None else out.verdict == page.expected["verdict"]
    return PageScore(kept, len(contains), len(absent) - leaked, len(absent), verdict_ok)


def cell(result: PageScore) -> str:
    parts = [f"{result.kept}/{result.contains}", f"{result.gone}/{result.absent}"]
    if result.verdict_ok is not None:
        parts.append("v" if result.verdict_ok else "V!")
    return ("OK " if result.right else "-- ") + " ".join(parts)


def table(pages: Sequence[GoldenPage], runs: Sequence[PeerRun]) -> str:
    headers = ["page", "verdict", *(run.peer.name for run in runs)]
    rows = []
    scores = [
        [score(page, out) for page, out in zip(pages, run.outputs, strict=True)] for run in runs
    ]
    for i, page in enumerate(pages):
        rows.append([page.name, page.expected["verdict"], *(cell(s[i]) for s in scores)])
    totals = [f"{sum(s.right for s in per_peer)}/{len(pages)}" for per_peer in scores]
    rows.append(["fully right", "", *totals])
    return format_table(headers, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages_dir", nargs="?", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--glob", default="real-*", help="golden folder names (%(default)s)")
    add_peer_arguments(parser, limit_help="only the first N pages")
    parser.set_defaults(peers="pagecleaner,trafilatura,readability")
    args = parse_peer_arguments(parser, argv)
    peers = start_peers(args)
    if peers is None:
        return 2
    pages = load_pages(args.pages_dir, args.glob)[: args.limit]
    if not pages:
        print(f"no golden page matches {args.glob!r} in {args.pages_dir}", file=sys.stderr)
        return 2
    runs = [run_peer(peer, [(p.raw, p.url) for p in pages]) for peer in peers]
    for run in runs:
        if not run.peer.available:
            print(f"{run.peer.name}: unavailable ({run.peer.error})", file=sys.stderr)
            return 2
    print(table(pages, runs))
    print(
        "\ncell: OK when fully right; contains kept/total, absent strings gone/total, "
        "and for pagecleaner v (verdict as expected) or V! (verdict wrong)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
