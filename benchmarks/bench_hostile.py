"""Adversarial pages at n, 2n and 4n: time and peak memory of ``pagecleaner.clean``.

Usage: python benchmarks/bench_hostile.py [--only NAME[,NAME]] [--scale F]

Every (page, size) runs in a fresh Python process, so the peak RSS printed is that page's
(the interpreter and pagecleaner's imports included: ~30 MB). A page the pre-parse guard or
the size limit refuses is listed with the time the refusal took. The growth columns divide
the 2n and 4n times by the n time: 2 and 4 are linear, 4 and 16 quadratic. ``--scale``
multiplies every n (0.25 for a quick look).

The pages: the three of issue 15 (implied end tags kept open by ``<dd>``, a formatting clone
flood, an attribute flood), a gzip bomb read the CLI's way, and the shapes that stress the
other stages: huge style sheets and pathological selectors, a 20 MB text node, 200k
siblings, inline nesting just under the depth limit, elements just under the attribute
limit, a giant JSON-LD block, a 1000x1000 table, 100k links, and long runs aimed at the
regular expressions of src/ (a giant word, whitespace, date-like and number runs, a giant
class list, a giant URL, a stuffed title and keywords meta).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
ARTICLE = "<article><h1>Title</h1>" + "<p>An ordinary sentence of the article body.</p>" * 20


def _style_huge(n: int) -> str:
    rules = "".join(f".c{i} .d{i} > a:hover, #x{i} li + li {{color:red}}\n" for i in range(n))
    return f"<html><head><style>{rules}</style></head><body>{ARTICLE}</body></html>"


def _style_selectors(n: int) -> str:
    nasty = (
        "div " * 200 + "a{display:none}\n",
        ":not(" * 50 + "p" + ")" * 50 + "{visibility:hidden}\n",
        "[class*=" + "a" * 500 + "]{display:none}\n",
        "*:nth-child(2n+1) ~ * > * + *{display:none}\n",
    )
    return f"<style>{''.join(nasty) * n}</style>{ARTICLE}"


def _text_node(n: int) -> str:
    return f"<article><p>{'word ' * (n // 5)}</p></article>"


def _siblings(n: int) -> str:
    return "<div>" + "<p>x</p>" * n + "</div>" + ARTICLE


def _deep_inline(n: int) -> str:
    return "<p>" + "<span>" * n + "deep" + "</span>" * n + "</p>" + ARTICLE


def _near_limit_attributes(n: int) -> str:
    attributes = " ".join(f"data-a{i}=v" for i in range(900))
    return f"<div {attributes}>x</div>" * n + ARTICLE


def _attribute_flood(n: int) -> str:
    return "<div " + " ".join(f"a{i}=1" for i in range(n)) + ">x</div>" + ARTICLE


def _json_ld(n: int) -> str:
    graph = [{"@type": "Person", "name": f"Author {i}", "url": f"/a/{i}"} for i in range(n)]
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Title",
            "articleBody": "An article sentence. " * n, "@graph": graph}  # fmt: skip
    return f'<script type="application/ld+json">{json.dumps(data)}</script>{ARTICLE}'


def _table(n: int) -> str:
    row = "<tr>" + "<td>c</td>" * 1000 + "</tr>"
    return "<table>" + row * n + "</table>" + ARTICLE


def _links(n: int) -> str:
    return "<div>" + "".join(f'<a href="/p{i}">link {i}</a> ' for i in range(n)) + "</div>"


def _li_dd(n: int) -> str:
    return "<li><dd>" * n


def _formatting_flood(n: int) -> str:
    return "<p>" + "".join(f"<b c={i}>" for i in range(n)) + "<p>x" * 500


def _giant_word(n: int) -> str:
    return f"<article><p>{'a' * n}</p></article>"


def _whitespace(n: int) -> str:
    return f"<article><p>a{' ' * n}b{chr(10) * n}c</p></article>"


def _dates(n: int) -> str:
    return f"<article><p>{'2020-01-01 12:30 ' * (n // 17)}</p></article>{ARTICLE}"


def _numbers(n: int) -> str:
    return f"<article><p>{'1,234.5% ' * (n // 9)}</p></article>{ARTICLE}"


def _class_list(n: int) -> str:
    return f'<div class="{"x " * (n // 2)}">{ARTICLE}</div>'


def _giant_url(n: int) -> str:
    return f'<article><p><a href="https://e.com/{"a/" * (n // 2)}">x</a></p></article>{ARTICLE}'


def _stuffed_head(n: int) -> str:
    words = "cheap, casino, " * (n // 30)
    return (
        f"<html><head><title>{words}</title><meta name=keywords content='{words}'></head>"
        f"<body>{ARTICLE}</body></html>"
    )


# name -> (builder, n): the sizes run are n, 2n and 4n.
PAGES: dict[str, tuple[Callable[[int], str], int]] = {
    "li-dd (issue)": (_li_dd, 20_000),
    "formatting flood (issue)": (_formatting_flood, 2_000),
    "attribute flood (issue)": (_attribute_flood, 20_000),
    "million attributes": (_attribute_flood, 250_000),
    "style: huge sheet": (_style_huge, 5_000),
    "style: nasty selectors": (_style_selectors, 250),
    "20 MB text node": (_text_node, 5_000_000),
    "200k siblings": (_siblings, 50_000),
    "inline nesting to 8000": (_deep_inline, 2_000),
    "900 attributes x n": (_near_limit_attributes, 50),
    "giant JSON-LD": (_json_ld, 10_000),
    "1000x1000 table": (_table, 250),
    "100k links": (_links, 25_000),
    "regex: giant word": (_giant_word, 1_000_000),
    "regex: whitespace": (_whitespace, 1_000_000),
    "regex: dates": (_dates, 1_000_000),
    "regex: numbers": (_numbers, 1_000_000),
    "regex: class list": (_class_list, 1_000_000),
    "regex: giant URL": (_giant_url, 1_000_000),
    "regex: stuffed head": (_stuffed_head, 1_000_000),
}
GZIP_BOMB = "gzip bomb (CLI read)"
GZIP_N = 256 * 1024 * 1024


def _one(name: str, size: int) -> None:
    """Child process: build the page, clean it, print one JSON line."""
    sys.path.insert(0, str(SRC))
    import pagecleaner
    from pagecleaner.api import read_page_file

    pagecleaner.clean(ARTICLE)  # rules compiled and modules imported before the clock runs
    bomb = None
    if name == GZIP_BOMB:
        bomb = _write_bomb(size)
        page: str | bytes = b""
    else:
        page = PAGES[name][0](size)
    started = time.perf_counter()
    try:
        if bomb is not None:
            page = read_page_file(bomb)
        outcome = pagecleaner.clean(page).outcome
    except pagecleaner.InputError as exc:
        outcome = "refused: " + str(exc)[:60]
    elapsed = time.perf_counter() - started
    if bomb is not None:
        os.unlink(bomb)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ms": elapsed * 1000, "rss": rss, "mb": len(page) / 1e6, "out": outcome}))


def _write_bomb(size: int) -> str:
    handle, path = tempfile.mkstemp(suffix=".html.gz")
    chunk = b"<p>" + b"a" * (1024 * 1024 - 3)
    with (
        os.fdopen(handle, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as out,
    ):
        for _ in range(size // len(chunk)):
            out.write(chunk)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated page names (substrings)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--one", nargs=2, metavar=("NAME", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        _one(args.one[0], int(args.one[1]))
        return 0
    names = [*PAGES, GZIP_BOMB]
    if args.only:
        wanted = args.only.split(",")
        names = [n for n in names if any(w in n for w in wanted)]
    print(f"{'page':26} {'n':>10} {'MB@4n':>6}  {'ms n / 2n / 4n':>24}  {'x2n':>4} {'x4n':>5}"
          f"  {'peak MB n / 2n / 4n':>19}  {'ms/MB':>6}  outcome at 4n")  # fmt: skip
    for name in names:
        base = GZIP_N if name == GZIP_BOMB else PAGES[name][1]
        base = max(1, int(base * args.scale))
        runs = []
        for factor in (1, 2, 4):
            proc = subprocess.run(
                [sys.executable, __file__, "--one", name, str(base * factor)],
                capture_output=True,
                text=True,
                timeout=900,
            )
            if proc.returncode != 0:
                print(f"{name}: failed: {proc.stderr.strip().splitlines()[-1:]}")
                break
            runs.append(json.loads(proc.stdout))
        if len(runs) < 3:
            continue
        ms = [r["ms"] for r in runs]
        per_mb = ms[2] / max(runs[2]["mb"], 1e-9)
        print(
            f"{name[:26]:26} {base:>10,} {runs[2]['mb']:6.1f}  "
            f"{ms[0]:7.0f} /{ms[1]:7.0f} /{ms[2]:7.0f}  {ms[1] / ms[0]:4.1f} {ms[2] / ms[0]:5.1f}"
            f"  {runs[0]['rss']:5.0f} /{runs[1]['rss']:5.0f} /{runs[2]['rss']:5.0f}"
            f"  {per_mb:6.0f}  {runs[2]['out']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
