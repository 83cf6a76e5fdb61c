"""Decoding damage over whole corpora: U+FFFD and mojibake markers in the decoded pages.

Usage: python benchmarks/bench_decoding.py CORPUS_DIR [CORPUS_DIR ...] [--show N]

Each CORPUS_DIR is a folder holding pages (``*.html``, ``*.html.gz``, searched recursively,
e.g. ``/work/shared/corpus/articles/trafilatura-dev``). Every page is decoded with
``pagecleaner.load.decode_bytes`` exactly as ``clean()`` would, and the decoded text is
searched for:

- ``U+FFFD``: bytes the chosen encoding could not decode;
- mojibake markers: UTF-8 read as a single-byte encoding (``Ã©``, ``â€™``, ``Â `` in
  windows-1252, ``Ă¶``/``Ĺ‚`` in windows-1250) and Latin-1 text read as windows-1250
  (``ŕ`` for ``à``; the letter belongs to Slovak alone).

A correct decoding of a page that really contains one of these strings would count too, so
the figure is an upper bound of the damage; compare runs, not absolute values.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from pagecleaner.load import decode_bytes

_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
MOJIBAKE = regex.compile(
    rf"[ÃÂ][\u00a0-\u00bf{_CP1252_HIGH}]|â€|Ă[^\sA-Za-z]|Ĺ[^\sA-Za-z]|ŕ",
)


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.name.endswith((".html", ".htm", ".html.gz")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0, help="list the N worst pages")
    args = parser.parse_args(argv)
    worst: list[tuple[int, str]] = []
    total = Counter[str]()
    print(f"{'corpus':32} {'pages':>6} {'U+FFFD':>8} {'mojibake':>9} {'pages hit':>9}")
    for root in args.corpora:
        if not root.is_dir():
            continue
        counts = Counter[str]()
        for path in _pages(root):
            data = path.read_bytes()
            if path.name.endswith(".gz"):
                data = gzip.decompress(data)
            text, _ = decode_bytes(data)
            replacement = text.count("\ufffd")
            mojibake = len(MOJIBAKE.findall(text))
            counts["pages"] += 1
            counts["fffd"] += replacement
            counts["mojibake"] += mojibake
            counts["hit"] += bool(replacement or mojibake)
            if replacement or mojibake:
                worst.append((replacement + mojibake, f"{root.name}/{path.name}"))
        total.update(counts)
        print(
            f"{root.name[:32]:32} {counts['pages']:6} {counts['fffd']:8} "
            f"{counts['mojibake']:9} {counts['hit']:9}"
        )
    print(f"{'all':32} {total['pages']:6} {total['fffd']:8} {total['mojibake']:9} {total['hit']:9}")
    for damage, name in sorted(worst, reverse=True)[: args.show]:
        print(f"  {damage:6}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
