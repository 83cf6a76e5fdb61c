"""Mutation fuzzing on real pages: no input may crash pagecleaner or hang it.

Takes the corpus pages, mutates them (truncations, random bytes, swapped and repeated
regions, injected tags, deleted quote or bracket characters, re-encodings, scattered byte
flips), cleans each with a random URL and renders every output format. Anything but a
``PagecleanerError`` is a crash; a page over ``--page-limit`` seconds is a hang. Failing
inputs are written to ``--out`` for a test fixture.

    python benchmarks/fuzz_corpus.py ../shared/corpus/spam ../shared/corpus/articles \\
        --seed 7 --seconds 1500

Not in the test suite: the hypothesis tests in ``tests/test_properties.py`` are the
repeatable part; this runs for minutes over real markup.
"""

from __future__ import annotations

import argparse
import gzip
import random
import signal
import sys
import time
import traceback
from pathlib import Path
from types import FrameType

import pagecleaner

_TAGS = [
    b"<table>",
    b"<td>",
    b"</div>",
    b"<li>",
    b"<pre>",
    b'<a href="javascript:x">',
    b"<script>",
    b"<style>",
    b"<!--",
    b"<![CDATA[",
    b"<svg>",
    b"<template>",
    b"<br>",
    b"<h1>",
    b'<meta charset="utf-16">',
    b'<time datetime="99999-99-99">',
    b"\x00",
    b"<noscript>",
    b"<frameset>",
    b"<select>",
]
_ENCODINGS = ["utf-16", "latin-1", "cp1251", "gb18030", "shift_jis"]
_URLS = [None, "http://example.com/a/b", "not a url", "https://[::1/x"]


class PageTimeout(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


def mutate(page: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(8)
    i = rng.randrange(len(page) + 1)
    j = rng.randrange(len(page) + 1)
    if kind == 0:
        return page[:i]
    if kind == 1:
        noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
        return page[:i] + noise + page[i:]
    if kind == 2:
        i, j = min(i, j), max(i, j)
        return page[j:] + page[i:j] + page[:i]
    if kind == 3:
        char = rng.choice([b"<", b">", b'"', b"'", b"/", b"="])
        return page.replace(char, b"", rng.randrange(1, 50))
    if kind == 4:
        stop = min(len(page), i + rng.randrange(1, 400))
        return page[:stop] + page[i:stop] * rng.randrange(2, 200) + page[stop:]
    if kind == 5:
        out = bytearray(page)
        for _ in range(rng.randrange(1, 30)):
            k = rng.randrange(len(out) + 1)
            out[k:k] = rng.choice(_TAGS)
        return bytes(out)
    if kind == 6:
        text = page.decode("utf-8", "replace")
        return text.encode(rng.choice(_ENCODINGS), "replace")
    return bytes(b if rng.random() > 0.001 else rng.randrange(256) for b in page)


def read_page(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--page-limit", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    args = parser.parse_args()
    files = sorted(
        path
        for corpus in args.corpora
        for pattern in ("*.html", "*.html.gz", "*.htm")
        for path in corpus.rglob(pattern)
    )
    if not files:
        print("no pages found", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    cleaner = pagecleaner.Cleaner()
    signal.signal(signal.SIGALRM, _alarm)
    inputs = failures = 0
    started = time.monotonic()
    while time.monotonic() - started < args.seconds:
        source = rng.choice(files)
        page = mutate(read_page(source), rng)
        url = rng.choice(_URLS)
        inputs += 1
        signal.alarm(args.page_limit)
        try:
            result = cleaner.clean(page, url=url)
            result.html, result.markdown, result.to_json(), result.links
        except pagecleaner.PagecleanerError:
            pass
        except PageTimeout:
            failures += 1
            args.out.mkdir(exist_ok=True)
            (args.out / f"hang-{inputs}.html").write_bytes(page)
            print(f"HANG {source} url={url!r}", flush=True)
        except Exception:
            failures += 1
            args.out.mkdir(exist_ok=True)
            (args.out / f"crash-{inputs}.html").write_bytes(page)
            print(f"CRASH {source} url={url!r}\n{traceback.format_exc()}", flush=True)
        finally:
            signal.alarm(0)
    print(f"{inputs:,} inputs, {failures} crashes or hangs (seed {args.seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
