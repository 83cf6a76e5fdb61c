"""Published XSS vectors through pagecleaner and through nh3 (ammonia): static check and
script executions in headless Chromium.

Usage: python benchmarks/bench_xss.py [--no-browser] [--limit N]

The vectors, the nine ways each is embedded in an article page, the static check and the
browser run are tests/xss_harness.py's (tests/fixtures/xss/README.md gives the sources).
Rows: pagecleaner's ``result.html``; its ``result.markdown`` rendered by markdown-it-py
(CommonMark, raw HTML allowed: its default) and by Python-Markdown (defaults); and nh3's
``clean()`` of the same page with its defaults, a sanitizer that keeps the whole page.
Chromium is Debian's (/usr/bin/chromium) driven by playwright, every request blocked,
alert/confirm/prompt/print/eval/fetch/XHR instrumented and every link clicked.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pagecleaner
from tests.xss_harness import (
    Browser,
    browser_available,
    cases,
    load_vectors,
    render_markdown_both,
    static_problems,
)

BATCH = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args(argv)
    import nh3

    all_cases = cases()[: args.limit or None]
    rows: dict[str, list[tuple[str, str]]] = {
        "pagecleaner html": [],
        "pagecleaner markdown -> markdown-it-py": [],
        "pagecleaner markdown -> Python-Markdown": [],
        "nh3.clean (whole page)": [],
        "control: the page unsanitised (first 180)": [],
    }
    started = time.perf_counter()
    for case in all_cases:
        label = f"vector {case.vector} as {case.way}"
        rows["nh3.clean (whole page)"].append((label, nh3.clean(case.page)))
        if len(rows["control: the page unsanitised (first 180)"]) < 180:
            # The harness must see what runs: the raw pages are the positive control.
            rows["control: the page unsanitised (first 180)"].append((label, case.page))
        result = pagecleaner.clean(case.page, url=case.url)
        if not result.has_article:
            continue
        rows["pagecleaner html"].append((label, result.html))
        rendered = render_markdown_both(result.markdown)
        rows["pagecleaner markdown -> markdown-it-py"].append((label, rendered["markdown-it-py"]))
        rows["pagecleaner markdown -> Python-Markdown"].append((label, rendered["python-markdown"]))
    print(
        f"{len(load_vectors())} vectors, {len(all_cases)} pages (9 embeddings each), "
        f"cleaned in {time.perf_counter() - started:.1f} s"
    )
    reason = None if not args.no_browser else "--no-browser"
    reason = reason or browser_available()
    browser = Browser() if reason is None else None
    print(f"{'output':42} {'outputs':>8} {'static unsafe':>14} {'executed':>9}")
    try:
        for name, shown in rows.items():
            unsafe = [label for label, markup in shown if static_problems(markup)]
            executed: list[str] = []
            if browser is not None:
                for start in range(0, len(shown), BATCH):
                    batch = shown[start : start + BATCH]
                    if browser.executions([markup for _, markup in batch]):
                        executed += [lbl for lbl, markup in batch if browser.executions([markup])]
            ran = str(len(executed)) if browser is not None else "n/a"
            print(f"{name:42} {len(shown):8} {len(unsafe):14} {ran:>9}")
            for label in (unsafe + executed)[:5]:
                print(f"    e.g. {label}")
    finally:
        if browser is not None:
            browser.close()
    if reason:
        print(f"browser run skipped: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
