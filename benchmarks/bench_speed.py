"""Speed and memory benchmark: pagecleaner beside the Lexbor parse floor and other extractors.

    python benchmarks/bench_speed.py CORPUS_DIR [CORPUS_DIR ...] [--limit N] [--repeat K] \\
        [--memory-pages 10000] [--skip-peers] [--only scaling|throughput|memory|rules] \\
        [--extractors NAME,NAME] [--baseline SRC_DIR]

Each CORPUS_DIR is an articles corpus (``truth.jsonl`` with ``file`` and ``url``, pages in
``pages/*.html.gz``; without ``truth.jsonl`` every ``pages/*.html.gz`` is used with no URL),
or a folder of such corpora (``../shared/corpus/articles``: all seven; files such as its
README, which a shell glob also passes, are skipped).

Sections (all by default; ``--only`` picks one):

* **throughput** – every extractor runs over all pages (held in memory as raw bytes + URL),
  sequentially, in a fresh child process pinned to one core. Each child warms its extractor
  up on 5 pages, then times each call (``time.perf_counter``; the result is dropped inside
  the timed region, so freeing a tree is paid for). The whole set of extractors is run
  ``--repeat`` times, round after round (interleaved, so a burst of load from other processes
  hits every extractor alike); the tables give the best and the median of the rounds.
  Extractors:

  - ``lexbor-parse`` – the floor: ``selectolax.lexbor.LexborHTMLParser(text)`` on the text
    decoded beforehand (with pagecleaner's own decoder, outside the timing);
  - ``pagecleaner``, ``pagecleaner[precision]``, ``pagecleaner[recall]`` – one reused
    ``pagecleaner.Cleaner`` per mode (``peers.py`` adapters), given raw bytes + URL;
    pagecleaner always extracts metadata too; ``pagecleaner[no rules]`` – a ``Cleaner`` with
    every rule disabled, the cost of the Python pipeline itself (load, parse, the statistics
    walk, metadata, scoring, selection, rendering), for information;
  - ``trafilatura`` – ``trafilatura.extract(raw, url=url)`` (defaults: text only, no
    metadata), the reference of the throughput target; ``trafilatura-fast`` – the same with
    ``fast=True``; ``trafilatura+meta`` – the ``peers.py`` adapter (``bare_extraction`` with
    ``with_metadata=True``), the output closest to pagecleaner's;
  - ``readability`` – readability-lxml ``Document(raw, url=url).summary()`` (one parse);
  - ``justext`` – ``justext.justext(raw, get_stoplist("English"))``, non-boilerplate
    paragraphs joined;
  - ``resiliparse`` – ``detect_encoding`` + ``HTMLTree.parse_from_bytes`` +
    ``extract_plain_text(tree, main_content=True)``.

  An extractor that cannot be imported prints ``unavailable``; an exception on a page counts
  as a failure. Peak RSS is the child's ``ru_maxrss`` (max over the rounds); "base" is the
  child's peak after loading the pages and building the extractor, before the first call
  (warm-up included in peak - base).
  ``cpu %`` is the child's CPU time over wall time for the timed calls (below 100: the
  process waited, e.g. preempted by other processes).
  A last table gives all corpora by CPU time (``time.process_time`` around each call: time
  spent waiting for a core while other jobs run is not counted, so its ratios are steadier
  on a shared machine). ``--baseline SRC_DIR`` (the ``src`` folder of another version, e.g.
  ``git archive f11ba98 src | tar -x -C /tmp/base``) adds the rows ``pagecleaner@base`` and
  ``pagecleaner[no rules]@base``, run from that folder in the same interleaved rounds, and
  the CPU table's "x baseline" column. ``--extractors`` picks rows by name.
* **rules** (only with ``--only rules``) – one pass of pagecleaner over the pages with
  ``run_pipeline(rule_stats=...)``: per rule, CPU ms/page, calls, the nodes of its scope
  (candidates), those its gate let through to ``judge`` (survivors) and matches.
* **scaling** – the median-size page of the first corpus, grown by repeating the bytes between
  ``<body ...>`` and ``</body>`` until about 100 KB, 1 MB and 10 MB (the smallest tier is
  the real page when it is already larger than 100 KB); pagecleaner (bytes) and the Lexbor
  parse (decoded text) best of ``--repeat``; ms and ms per MB (10^6 bytes). Then a
  5,000-deep ``<div>`` nesting and a 10,000-deep one (above ``Options.max_nesting_depth``
  = 8192: pagecleaner refuses it with ``InputError`` by design, before parsing).
* **memory** – one ``Cleaner`` processes ``--memory-pages`` pages cycling through the corpus,
  in a child process; RSS (``/proc/self/statm``) after ``gc.collect()``, sampled after 500
  pages (warm) and every 1,000 pages up to the end; then the RSS taken by 300 results kept
  in a list, unread.

Targets (printed at the end): pagecleaner >= 5x trafilatura's default pages/s; pagecleaner's
time <= 5x the Lexbor parse; ms/MB at 10 MB <= 2x that at 100 KB; RSS growth <= 10 % over
the memory run.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import gzip
import importlib.metadata
import json
import logging
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from report import fmt, format_table

SCRIPT = Path(__file__).resolve()
WARMUP_PAGES = 5
SCALING_TARGETS = (100_000, 1_000_000, 10_000_000)
DEEP_OK = 5_000
DEEP_REFUSED = 10_000
MEMORY_WARM_PAGES = 500
MEMORY_SAMPLE_EVERY = 1_000
MEMORY_HELD_RESULTS = 300
TARGET_VS_TRAFILATURA = 5.0
TARGET_VS_PARSE = 5.0
TARGET_SCALING = 2.0
TARGET_MEMORY_GROWTH = 10.0

PAGECLEANER_ROWS = ("pagecleaner", "pagecleaner[precision]", "pagecleaner[recall]")
# The pipeline with every rule disabled: load, parse, the statistics walk, metadata,
# scoring, selection and rendering. What no rule work can go below (for information).
SKELETON_ROW = "pagecleaner[no rules]"
BASELINE_SUFFIX = "@base"
PEER_ROWS = (
    "trafilatura",
    "trafilatura-fast",
    "trafilatura+meta",
    "readability",
    "justext",
    "resiliparse",
)
THROUGHPUT_HEADERS = (
    "extractor", "med ms best", "med ms med", "mean ms best", "mean ms med", "pages/s best",
    "pages/s med", "spread", "x traf pages/s", "x parse time", "fails",
)  # fmt: skip
RESOURCE_HEADERS = (
    "extractor", "setup ms", "base MiB", "peak RSS MiB", "peak-base MiB", "cpu %", "first error",
)  # fmt: skip
SCALING_HEADERS = (
    "growth", "size", "bytes", "copies", "est. depth", "parse ms", "parse ms/MB",
    "pagecleaner ms", "pc ms/MB", "x parse", "best of", "pagecleaner result",
)  # fmt: skip
# distribution names for the version line
DISTRIBUTIONS = (
    "selectolax",
    "trafilatura",
    "readability-lxml",
    "jusText",
    "resiliparse",
    "lxml",
)

Call = Callable[[Any, "str | None"], object]


# --------------------------------------------------------------------------------------------
# pages and process helpers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    corpus: str
    raw: bytes
    url: str | None


def corpus_name(folder: Path) -> str:
    return folder.parent.name if folder.name == "pages" else folder.name


def load_corpus(folder: Path, limit: int | None) -> list[Page]:
    """The raw pages of one corpus folder (first ``limit``), in truth.jsonl order."""
    if folder.name == "pages":
        folder = folder.parent
    name = corpus_name(folder)
    entries: list[tuple[Path, str | None]] = []
    truth = folder / "truth.jsonl"
    if truth.is_file():
        with truth.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = json.loads(line)
                    entries.append((folder / record["file"], record.get("url")))
    else:
        entries = [(path, None) for path in sorted((folder / "pages").glob("*.html.gz"))]
    if limit is not None:
        entries = entries[:limit]
    pages = []
    for path, url in entries:
        with gzip.open(path, "rb") as handle:
            pages.append(Page(name, handle.read(), url))
    return pages


def corpus_folders(paths: Sequence[Path]) -> list[Path]:
    """The corpus folders named: each path, or the corpora inside a folder of corpora
    (``.../articles``); files (a shell glob's ``README.md``) are skipped."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            continue
        if path.is_dir() and not (path / "pages").is_dir() and path.name != "pages":
            inner = sorted(p for p in path.iterdir() if (p / "pages").is_dir())
            if inner:
                found.extend(inner)
                continue
        found.append(path)
    return found


def load_pages(dirs: Sequence[Path], limit: int | None) -> list[Page]:
    return [page for folder in dirs for page in load_corpus(folder, limit)]


def pin_one_core() -> int | None:
    """Pin this process to its first allowed CPU; the CPU number, or None when impossible."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def current_rss() -> int | None:
    """Resident set size in bytes from /proc/self/statm (None where there is no /proc)."""
    try:
        with open("/proc/self/statm") as handle:
            resident_pages = int(handle.read().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def peak_rss() -> int:
    """This process's peak RSS in bytes (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def loadavg() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unavailable"


def decoder() -> Callable[[bytes], str]:
    """pagecleaner's byte decoder (charset sniffing), or UTF-8 with replacement."""
    try:
        from pagecleaner.load import decode_bytes
    except ImportError:
        return lambda raw: raw.decode("utf-8", errors="replace")
    return lambda raw: decode_bytes(raw)[0]


def pinned(cpu: int | None) -> str:
    if cpu is None:
        return "NOT pinned (os.sched_setaffinity unavailable)"
    return f"pinned to CPU {cpu} (os.sched_setaffinity)"


def mb(nbytes: float | None) -> str:
    return "-" if nbytes is None else f"{nbytes / 2**20:.0f}"


# --------------------------------------------------------------------------------------------
# extractors: name -> (call, uses decoded text instead of raw bytes)
# --------------------------------------------------------------------------------------------


class Unavailable(Exception):
    """The extractor cannot be loaded in this environment."""


def _quiet_logs() -> None:
    for name in ("trafilatura", "htmldate", "courlan", "readability", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


def build_extractor(name: str) -> tuple[Call, bool]:
    """The call for one extractor row and whether it takes decoded text (else raw bytes)."""
    _quiet_logs()
    try:
        if name == "lexbor-parse":
            from selectolax.lexbor import LexborHTMLParser

            return (lambda text, url: LexborHTMLParser(text)), True
        if name.startswith("pagecleaner") or name == "trafilatura+meta":
            from peers import make_peers

            if name == SKELETON_ROW:
                return _skeleton_call(), False
            if name == "pagecleaner":
                peer = make_peers(["pagecleaner"])[0]
            elif name == "trafilatura+meta":
                peer = make_peers(["trafilatura"])[0]
            else:
                peer = make_peers([], focus=[name[len("pagecleaner[") : -1]])[0]
            if peer.extract is None:
                raise Unavailable(peer.error or "could not be built")
            return peer.extract, False
        if name in ("trafilatura", "trafilatura-fast"):
            import trafilatura

            fast = name == "trafilatura-fast"
            return (lambda raw, url: trafilatura.extract(raw, url=url, fast=fast)), False
        if name == "readability":
            from readability import Document

            return (lambda raw, url: Document(raw, url=url).summary()), False
        if name == "justext":
            import justext

            stoplist = justext.get_stoplist("English")

            def run_justext(raw: bytes, url: str | None) -> str:
                paragraphs = justext.justext(raw, stoplist)
                return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

            return run_justext, False
        if name == "resiliparse":
            from resiliparse.extract.html2text import extract_plain_text
            from resiliparse.parse.encoding import detect_encoding
            from resiliparse.parse.html import HTMLTree

            def run_resiliparse(raw: bytes, url: str | None) -> str:
                tree = HTMLTree.parse_from_bytes(raw, detect_encoding(raw) or "utf-8")
                return extract_plain_text(tree, main_content=True)

            return run_resiliparse, False
    except ImportError as exc:
        raise Unavailable(f"{type(exc).__name__}: {exc}") from None
    raise ValueError(f"unknown extractor {name!r}")


def _skeleton_call() -> Call:
    import pagecleaner

    codes = tuple(rule.info.code for rule in pagecleaner.Cleaner().all_rules)
    cleaner = pagecleaner.Cleaner(pagecleaner.Options(disable=codes))

    def run_skeleton(raw: bytes, url: str | None) -> str:
        return cleaner.clean(raw, url=url).text

    return run_skeleton


# --------------------------------------------------------------------------------------------
# child processes
# --------------------------------------------------------------------------------------------


def child_throughput(args: argparse.Namespace) -> dict[str, Any]:
    cpu = pin_one_core()
    name: str = args.child_extractor
    pages = load_pages(args.dirs, args.limit)
    start = time.perf_counter()
    try:
        call, wants_text = build_extractor(name.removesuffix(BASELINE_SUFFIX))
    except Unavailable as exc:
        return {"name": name, "unavailable": str(exc)}
    setup = time.perf_counter() - start
    if wants_text:
        decode = decoder()
        inputs: list[tuple[Any, str | None]] = [(decode(p.raw), p.url) for p in pages]
    else:
        inputs = [(p.raw, p.url) for p in pages]
    gc.collect()
    base = peak_rss()
    step = max(1, len(inputs) // WARMUP_PAGES)
    for markup, url in inputs[::step][:WARMUP_PAGES]:
        with contextlib.suppress(Exception):
            call(markup, url)
    times: list[float] = []
    cpu_times: list[float] = []
    failures = 0
    first_error: str | None = None
    clock, cpu_clock = time.perf_counter, time.process_time
    cpu_start, wall_start = time.process_time(), clock()
    for markup, url in inputs:
        t0, c0 = clock(), cpu_clock()
        try:
            result = call(markup, url)
            del result
        except Exception as exc:
            failures += 1
            if first_error is None:
                first_error = f"{type(exc).__name__}: {exc}"[:200]
        times.append(clock() - t0)
        cpu_times.append(cpu_clock() - c0)
    cpu_seconds, wall = time.process_time() - cpu_start, clock() - wall_start
    return {
        "name": name,
        "cpu": cpu,
        "corpora": [p.corpus for p in pages],
        "pages_bytes": sum(len(p.raw) for p in pages),
        "times": times,
        "cpu_times": cpu_times,
        "failures": failures,
        "first_error": first_error,
        "setup_s": setup,
        "cpu_s": cpu_seconds,
        "wall_s": wall,
        "base_rss": base,
        "peak_rss": peak_rss(),
    }


def best_of(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Best wall time of ``repeats`` calls and the last result (or the exception raised)."""
    best = float("inf")
    result: object = None
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        try:
            result = fn()
        except Exception as exc:
            result = exc
        best = min(best, time.perf_counter() - t0)
    return best, result


BODY_OPEN = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
BODY_CLOSE = re.compile(rb"</body\s*>", re.IGNORECASE)
PARAGRAPH = (
    "<p>Lexbor builds the tree in C, so a page nested this deep is still parsed; what follows "
    "has to walk it without recursion. This paragraph repeats so that the page holds enough "
    "text to count as an article for every extractor that has a minimum length.</p>"
)


def split_body(raw: bytes) -> tuple[bytes, bytes, bytes] | None:
    """(up to and with ``<body ...>``, the body's inner bytes, from ``</body>`` on)."""
    opening = BODY_OPEN.search(raw)
    if opening is None:
        return None
    closings = list(BODY_CLOSE.finditer(raw, opening.end()))
    end = closings[-1].start() if closings else len(raw)
    inner = raw[opening.end() : end]
    if not inner.strip():
        return None
    return raw[: opening.end()], inner, raw[end:]


def deep_page(depth: int) -> bytes:
    body = "<div>" * depth + PARAGRAPH * 5 + "</div>" * depth
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Deep</title></head>"
        f"<body>{body}</body></html>"
    ).encode()


def describe(result: object) -> str:
    if isinstance(result, Exception):
        return f"{type(result).__name__}: {result}"[:110]
    text = getattr(result, "text", None)
    report = getattr(result, "report", None)
    if text is not None:
        return f"{getattr(report, 'outcome', '?')}, {len(text):,} chars of text"
    return ""


def grown_pages(
    raw: bytes, decode: Callable[[bytes], str]
) -> dict[str, Callable[[int], tuple[bytes, int]]]:
    """Ways to grow one page to about ``target`` bytes: name -> (target -> (bytes, copies))."""
    variants: dict[str, Callable[[int], tuple[bytes, int]]] = {}
    parts = split_body(raw)
    if parts is not None:
        prefix, inner, suffix = parts

        def body(target: int) -> tuple[bytes, int]:
            copies = max(1, round((target - len(prefix) - len(suffix)) / len(inner)))
            return prefix + inner * copies + suffix, copies

        variants["body"] = body
    article = article_growth(raw, decode)
    if article is not None:
        variants["article"] = article
    return variants


def article_growth(
    raw: bytes, decode: Callable[[bytes], str]
) -> Callable[[int], tuple[bytes, int]] | None:
    """Growth of the article alone: the ``<p>`` children (80+ characters of text) of the
    element that holds most of them, appended to that element ``copies`` times."""
    from selectolax.lexbor import LexborHTMLParser, LexborNode

    text, encoding = decode_with_encoding(raw, decode)
    parser = LexborHTMLParser(text)
    groups: dict[int, tuple[LexborNode, list[LexborNode]]] = {}
    for paragraph in parser.css("body p"):
        parent = paragraph.parent
        if parent is not None and len(paragraph.text(deep=True).strip()) >= 80:
            groups.setdefault(parent.mem_id, (parent, []))[1].append(paragraph)
    if not groups:
        return None
    container, paragraphs = max(groups.values(), key=lambda group: len(group[1]))
    unit = "".join(paragraph.html or "" for paragraph in paragraphs)
    marker = "PAGECLEANER-BENCHMARK-GROWTH-MARKER"
    container.insert_child(marker)
    page = parser.html or ""
    base_size = len(page.replace(marker, "").encode(encoding, errors="xmlcharrefreplace"))
    unit_size = len(unit.encode(encoding, errors="xmlcharrefreplace"))

    def grow(target: int) -> tuple[bytes, int]:
        copies = max(0, round((target - base_size) / unit_size))
        grown = page.replace(marker, unit * copies)
        return grown.encode(encoding, errors="xmlcharrefreplace"), copies

    return grow


def decode_with_encoding(raw: bytes, decode: Callable[[bytes], str]) -> tuple[str, str]:
    """The page's text and an encoding to write it back in (the detected one, else UTF-8)."""
    try:
        from pagecleaner.load import decode_bytes

        text, encoding = decode_bytes(raw)
        return text, encoding or "utf-8"
    except ImportError:
        return decode(raw), "utf-8"


def child_scaling(args: argparse.Namespace) -> dict[str, Any]:
    cpu = pin_one_core()
    from selectolax.lexbor import LexborHTMLParser

    import pagecleaner
    from pagecleaner.load import estimate_nesting_depth

    decode = decoder()
    pages = load_corpus(args.dirs[0], args.limit)
    with_body = [p for p in pages if split_body(p.raw) is not None]
    if not with_body:
        return {"error": "no page with a <body> in the first corpus"}
    with_body.sort(key=lambda p: len(p.raw))
    page = with_body[len(with_body) // 2]
    cleaner = pagecleaner.Cleaner()
    for _ in range(3):  # warm-up on the real page
        cleaner.clean(page.raw, url=page.url)
    rows = []
    for variant, grow in grown_pages(page.raw, decode).items():
        for target in SCALING_TARGETS:
            raw, copies = grow(target)
            text = decode(raw)
            repeats = args.repeat if len(raw) < 5_000_000 else min(args.repeat, 3)
            t_parse, _ = best_of(partial(LexborHTMLParser, text), repeats)
            t_clean, result = best_of(partial(cleaner.clean, raw, url=page.url), repeats)
            rows.append(
                {
                    "variant": variant,
                    "target": target,
                    "bytes": len(raw),
                    "copies": copies,
                    "depth": estimate_nesting_depth(text),
                    "parse_s": t_parse,
                    "clean_s": t_clean,
                    "outcome": describe(result),
                    "repeats": repeats,
                }
            )
            del raw, text, result
            gc.collect()
    deep = []
    for depth in (DEEP_OK, DEEP_REFUSED):
        raw = deep_page(depth)
        t_parse, _ = best_of(partial(LexborHTMLParser, raw.decode()), args.repeat)
        t_clean, result = best_of(partial(cleaner.clean, raw), args.repeat)
        deep.append(
            {
                "depth": depth,
                "bytes": len(raw),
                "parse_s": t_parse,
                "clean_s": t_clean,
                "outcome": describe(result),
            }
        )
    return {
        "cpu": cpu,
        "page": page.url,
        "page_bytes": len(page.raw),
        "corpus_pages": len(pages),
        "rows": rows,
        "deep": deep,
        "max_nesting_depth": pagecleaner.Options().max_nesting_depth,
        "peak_rss": peak_rss(),
    }


def child_memory(args: argparse.Namespace) -> dict[str, Any]:
    cpu = pin_one_core()
    import pagecleaner

    pages = load_pages(args.dirs, args.limit)
    cleaner = pagecleaner.Cleaner()
    total = args.memory_pages
    warm_at = min(MEMORY_WARM_PAGES, max(1, total // 5))
    samples: list[tuple[int, int | None]] = []
    failures = 0
    start = time.perf_counter()
    for i in range(total):
        page = pages[i % len(pages)]
        try:
            result = cleaner.clean(page.raw, url=page.url)
            del result
        except pagecleaner.PagecleanerError:
            failures += 1
        done = i + 1
        if done in (warm_at, total) or done % MEMORY_SAMPLE_EVERY == 0:
            gc.collect()
            samples.append((done, current_rss()))
    # Results kept by the caller, unread: deferred findings hold their pages' trees only
    # for the last few pages cleaned.
    gc.collect()
    before_held = current_rss()
    held = [cleaner.clean(page.raw, url=page.url) for page in pages[:MEMORY_HELD_RESULTS]]
    gc.collect()
    after_held = current_rss()
    del held
    return {
        "held": [min(MEMORY_HELD_RESULTS, len(pages)), before_held, after_held],
        "cpu": cpu,
        "pages": total,
        "distinct_pages": len(pages),
        "warm_at": warm_at,
        "samples": samples,
        "failures": failures,
        "seconds": time.perf_counter() - start,
        "peak_rss": peak_rss(),
        "gc_objects": len(gc.get_objects()),
    }


def run_child(kind: str, args: argparse.Namespace, extractor: str = "") -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its JSON result (or ``{"error": ...}``)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        command = [
            sys.executable,
            str(SCRIPT),
            *map(str, args.dirs),
            "--repeat",
            str(args.repeat),
            "--memory-pages",
            str(args.memory_pages),
            "--_child",
            kind,
            "--_extractor",
            extractor,
            "--_out",
            str(out),
        ]
        if args.limit is not None:
            command += ["--limit", str(args.limit)]
        env = None
        if extractor.endswith(BASELINE_SUFFIX):
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(args.baseline), env.get("PYTHONPATH")])
            )
        proc = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        if proc.returncode != 0 or not out.is_file():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            return {"error": f"child exited with {proc.returncode}: {' | '.join(tail)}"}
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


# --------------------------------------------------------------------------------------------
# sections (parent side)
# --------------------------------------------------------------------------------------------


@dataclass
class Summary:
    """One extractor over one page subset, across the rounds."""

    pages: int
    totals: list[float]
    medians: list[float]

    @property
    def total_best(self) -> float:
        return min(self.totals)

    @property
    def total_median(self) -> float:
        return statistics.median(self.totals)


def summarise(runs: list[dict[str, Any]], corpus: str | None, key: str = "times") -> Summary | None:
    totals, medians, pages = [], [], 0
    for run in runs:
        times = [
            t
            for t, c in zip(run[key], run["corpora"], strict=True)
            if corpus is None or c == corpus
        ]
        if not times:
            return None
        pages = len(times)
        totals.append(sum(times))
        medians.append(statistics.median(times))
    return Summary(pages, totals, medians) if totals else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def throughput(args: argparse.Namespace, targets: list[str]) -> None:
    names = ["lexbor-parse", *PAGECLEANER_ROWS, SKELETON_ROW]
    if args.baseline is not None:
        names += [f"pagecleaner{BASELINE_SUFFIX}", f"{SKELETON_ROW}{BASELINE_SUFFIX}"]
    if not args.skip_peers:
        names += PEER_ROWS
    if args.extractors:
        wanted = [name.strip() for name in args.extractors.split(",") if name.strip()]
        unknown = [name for name in wanted if name not in names]
        if unknown:
            raise SystemExit(f"unknown extractors {unknown}; choose from {names}")
        names = wanted
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    problems: dict[str, str] = {}
    started = time.perf_counter()
    for round_no in range(args.repeat):
        for name in names:
            if name in problems:
                continue
            result = run_child("throughput", args, name)
            if "unavailable" in result:
                problems[name] = f"unavailable ({result['unavailable']})"
            elif "error" in result:
                problems[name] = f"error: {result['error']}"
            else:
                runs[name].append(result)
        print(
            f"  round {round_no + 1}/{args.repeat} done after "
            f"{time.perf_counter() - started:.0f} s, loadavg {loadavg()}",
            flush=True,
        )
    first = next((r[0] for r in runs.values() if r), None)
    if first is None:
        print("no extractor ran")
        return
    corpora = list(dict.fromkeys(first["corpora"]))
    print(
        f"\nEach (extractor, round) ran in a fresh child process {pinned(first['cpu'])}"
        f"; {len(names)} extractors x {args.repeat} rounds, interleaved; "
        f"{WARMUP_PAGES} warm-up pages each. best = best round, med = median round."
    )
    headline: dict[str, dict[str, float | None]] = {}
    for corpus in [*corpora, None]:
        label = corpus or "all corpora"
        summaries = {name: summarise(runs[name], corpus) for name in names if runs[name]}
        n = next(s.pages for s in summaries.values() if s is not None)
        traf, parse = summaries.get("trafilatura"), summaries.get("lexbor-parse")
        rows = []
        for name in names:
            s = summaries.get(name)
            if s is None:
                rows.append([name, "unavailable", *["-"] * 9])
                continue
            x_traf = ratio(traf.total_median, s.total_median) if traf else None
            x_parse = ratio(s.total_median, parse.total_median) if parse else None
            spread = (max(s.totals) - min(s.totals)) / min(s.totals) * 100
            fails = max(run["failures"] for run in runs[name])
            rows.append(
                [
                    name,
                    fmt(min(s.medians) * 1e3, 2),
                    fmt(statistics.median(s.medians) * 1e3, 2),
                    fmt(s.total_best / s.pages * 1e3, 2),
                    fmt(s.total_median / s.pages * 1e3, 2),
                    fmt(s.pages / s.total_best, 1),
                    fmt(s.pages / s.total_median, 1),
                    f"{spread:.0f}%",
                    fmt(x_traf, 2),
                    fmt(x_parse, 1),
                    str(fails),
                ]
            )
            if corpus is None:
                headline[name] = {
                    "x_traf_med": x_traf,
                    "x_traf_best": ratio(traf.total_best, s.total_best) if traf else None,
                    "x_parse_med": x_parse,
                    "x_parse_best": ratio(s.total_best, parse.total_best) if parse else None,
                }
        print(f"\n=== throughput: {label} ({n} pages)")
        print(
            format_table(
                THROUGHPUT_HEADERS,
                rows,
            )
        )
    cpu_table(runs, names)
    print(
        "\nmed ms = median ms/page of a round; mean ms = total / pages; spread = (slowest - "
        "fastest round) / fastest; x traf = pages/s relative to trafilatura (default extract), "
        "x parse = time relative to lexbor-parse; both ratios from the median rounds."
    )
    rows = []
    for name in names:
        if not runs[name]:
            rows.append([name, "unavailable", *["-"] * 4, problems.get(name, "")[:90]])
            continue
        rs = runs[name]
        cpu_pct = statistics.median(r["cpu_s"] / r["wall_s"] * 100 for r in rs if r["wall_s"])
        base = max(r["base_rss"] for r in rs)
        peak = max(r["peak_rss"] for r in rs)
        rows.append(
            [
                name,
                fmt(statistics.median(r["setup_s"] for r in rs) * 1e3, 0),
                mb(base),
                mb(peak),
                mb(peak - base),
                f"{cpu_pct:.0f}%",
                (rs[0]["first_error"] or "")[:70],
            ]
        )
    print("\n=== resources (per child process, all corpora)")
    print(
        format_table(
            RESOURCE_HEADERS,
            rows,
        )
    )
    print(
        "base = ru_maxrss after imports, loading the pages and building the extractor, "
        f"before the first call (the raw pages alone are {mb(first['pages_bytes'])} MiB; "
        "lexbor-parse also holds the decoded texts)."
    )
    for mode in (*PAGECLEANER_ROWS, SKELETON_ROW):
        h = headline.get(mode)
        if h is None:
            targets.append(f"{mode}: unavailable")
            continue
        suffix = "" if mode == "pagecleaner" else "  (for information)"
        vt_med, vt_best = h["x_traf_med"], h["x_traf_best"]
        if vt_med is None:
            targets.append(f"{mode} >= 5x trafilatura: not measured{suffix}")
        else:
            met = "met" if vt_med >= TARGET_VS_TRAFILATURA else "not met"
            targets.append(
                f"{mode} >= 5x trafilatura: {vt_med:.1f}x ({met}; best rounds {vt_best:.1f}x)"
                f"{suffix}"
            )
        vp_med, vp_best = h["x_parse_med"], h["x_parse_best"]
        if vp_med is None:
            targets.append(f"{mode} <= 5x parse: not measured{suffix}")
        else:
            met = "met" if vp_med <= TARGET_VS_PARSE else "not met"
            targets.append(
                f"{mode} <= 5x parse: {vp_med:.1f}x ({met}; best rounds {vp_best:.1f}x){suffix}"
            )


def cpu_table(runs: dict[str, list[dict[str, Any]]], names: list[str]) -> None:
    """All corpora by CPU time (time.process_time around each call): on a machine shared
    with other jobs, time spent waiting for a core is not counted, so ratios are steadier
    than wall-clock ones (cache and memory-bandwidth contention still count)."""
    summaries = {name: summarise(runs[name], None, "cpu_times") for name in names if runs[name]}
    traf = summaries.get("trafilatura")
    base = summaries.get(f"pagecleaner{BASELINE_SUFFIX}")
    rows = []
    for name in names:
        s = summaries.get(name)
        if s is None:
            continue
        per_round = sorted(total / s.pages * 1e3 for total in s.totals)
        rows.append(
            [
                name,
                fmt(s.total_best / s.pages * 1e3, 2),
                fmt(s.total_median / s.pages * 1e3, 2),
                " ".join(f"{t:.2f}" for t in per_round),
                fmt(ratio(traf.total_median, s.total_median) if traf else None, 2),
                fmt(ratio(base.total_median, s.total_median) if base else None, 2),
            ]
        )
    print("\n=== throughput by CPU time: all corpora")
    print(
        format_table(
            [
                "extractor",
                "cpu ms best",
                "cpu ms med",
                "cpu ms per round",
                "x traf (cpu)",
                "x baseline (cpu)",
            ],
            rows,
        )
    )


def rule_timing(args: argparse.Namespace, targets: list[str]) -> None:
    result = run_child("rules", args)
    if "error" in result:
        print(f"rules: {result['error']}")
        return
    pages = result["pages"]
    print(
        f"{pages} pages, one pass after warm-up, child {pinned(result['cpu'])}; per-rule time "
        "and counts from collect_matches(stats=...); candidates = nodes of the rule's scope, "
        "survivors = those its gate passed to judge ('-': the rule chooses its own nodes); "
        f"rules total {result['rules_s'] / pages * 1e3:.3f} ms/page of "
        f"{result['total_s'] / pages * 1e3:.3f} ms/page"
    )
    rows = []
    for code, c in sorted(result["stats"].items(), key=lambda kv: -kv[1]["seconds"]):
        rows.append(
            [
                code,
                fmt(c["seconds"] / pages * 1e3, 3),
                str(c["calls"]),
                fmt(c["candidates"] / pages, 1) if c["counted"] else "-",
                fmt(c["survivors"] / pages, 1) if c["counted"] else "-",
                fmt(c["matches"] / pages, 2),
            ]
        )
    headers = ["rule", "ms/page", "calls", "candidates/page", "survivors/page", "matches/page"]
    print(format_table(headers, rows))


def child_rules(args: argparse.Namespace) -> dict[str, Any]:
    cpu = pin_one_core()
    from dataclasses import asdict

    import pagecleaner
    from pagecleaner.pipeline import run_pipeline

    pages = load_pages(args.dirs, args.limit)
    cleaner = pagecleaner.Cleaner()
    stats: dict[str, Any] = {}

    def run(page: Page, collect: dict[str, Any] | None) -> None:
        run_pipeline(
            page.raw,
            url=page.url,
            options=cleaner._run_options,
            rules=cleaner._run_rules,
            lexicon=cleaner.lexicon,
            rule_stats=collect,
        )

    for page in pages[:: max(1, len(pages) // WARMUP_PAGES)][:WARMUP_PAGES]:
        run(page, None)
    started = time.process_time()
    for page in pages:
        run(page, stats)
    total = time.process_time() - started
    return {
        "cpu": cpu,
        "pages": len(pages),
        "total_s": total,
        "rules_s": sum(c.seconds for c in stats.values()),
        "stats": {code: asdict(c) for code, c in stats.items()},
    }


def scaling(args: argparse.Namespace, targets: list[str]) -> None:
    result = run_child("scaling", args)
    if "error" in result:
        print(f"scaling: {result['error']}")
        targets.append("cost per byte 10 MB vs 100 KB: not measured")
        return
    print(
        f"page: {result['page']} ({result['page_bytes']:,} bytes, the median size of "
        f"{result['corpus_pages']} pages); child {pinned(result['cpu'])}; growth: body = the "
        "bytes between <body> and </body> repeated (copies of the whole page body); "
        "article = the <p> children (80+ characters) of the element holding most of them, "
        "appended to it (one ever longer article; 0 copies = the page as Lexbor re-serialises "
        "it)"
    )
    rows = []
    for variant in dict.fromkeys(row["variant"] for row in result["rows"]):
        per_mb: list[tuple[float, float]] = []
        for row in (r for r in result["rows"] if r["variant"] == variant):
            mbytes = row["bytes"] / 1e6
            per_mb.append((row["parse_s"] * 1e3 / mbytes, row["clean_s"] * 1e3 / mbytes))
            rows.append(
                [
                    variant,
                    f"~{row['target'] / 1e6:g} MB",
                    f"{row['bytes']:,}",
                    str(row["copies"]),
                    f"{row['depth']:,}",
                    fmt(row["parse_s"] * 1e3, 1),
                    fmt(per_mb[-1][0], 1),
                    fmt(row["clean_s"] * 1e3, 1),
                    fmt(per_mb[-1][1], 1),
                    fmt(row["clean_s"] / row["parse_s"], 1),
                    f"{row['repeats']}",
                    row["outcome"],
                ]
            )
        parse_growth = per_mb[-1][0] / per_mb[0][0]
        clean_growth = per_mb[-1][1] / per_mb[0][1]
        met = "met" if clean_growth <= TARGET_SCALING else "not met"
        targets.append(
            f"pagecleaner cost per byte 10 MB vs 100 KB <= 2x ({variant} growth): "
            f"{clean_growth:.2f}x ({met}; lexbor parse {parse_growth:.2f}x)"
        )
    print(format_table(SCALING_HEADERS, rows))
    print(
        "ms/MB at 10 MB / ms/MB at 100 KB: see TARGETS; "
        f"child peak RSS {mb(result['peak_rss'])} MiB"
    )
    rows = [
        [
            f"{d['depth']:,}-deep <div>",
            f"{d['bytes']:,}",
            fmt(d["parse_s"] * 1e3, 1),
            fmt(d["clean_s"] * 1e3, 1),
            d["outcome"],
        ]
        for d in result["deep"]
    ]
    print(f"\nnesting (Options.max_nesting_depth = {result['max_nesting_depth']:,}):")
    print(format_table(["page", "bytes", "parse ms", "pagecleaner ms", "pagecleaner result"], rows))


def memory(args: argparse.Namespace, targets: list[str]) -> None:
    result = run_child("memory", args)
    if "error" in result:
        print(f"memory: {result['error']}")
        targets.append("memory growth: not measured")
        return
    samples = [(done, rss) for done, rss in result["samples"]]
    warm_rss = next(rss for done, rss in samples if done == result["warm_at"])
    end_rss = samples[-1][1]
    cpu = result["cpu"]
    print(
        f"one Cleaner, {result['pages']:,} pages cycling through {result['distinct_pages']} "
        f"distinct pages in {result['seconds']:.0f} s ({result['pages'] / result['seconds']:.0f}"
        f" pages/s), {result['failures']} InputError/failures; child "
        f"{pinned(cpu)}"
    )
    if warm_rss is None or end_rss is None:
        print("RSS unavailable (no /proc/self/statm)")
        targets.append("memory growth: unavailable (no /proc)")
        return
    print("RSS after gc.collect() (MiB) at pages processed:")
    print("  " + ", ".join(f"{done:,}: {rss / 2**20:.1f}" for done, rss in samples))
    growth = (end_rss - warm_rss) / warm_rss * 100
    highest = max(rss for done, rss in samples if done >= result["warm_at"])
    print(
        f"warm ({result['warm_at']} pages) {warm_rss / 2**20:.1f} MiB -> end "
        f"{end_rss / 2**20:.1f} MiB: {growth:+.1f}% (highest sample {highest / 2**20:.1f} MiB, "
        f"{(highest - warm_rss) / warm_rss * 100:+.1f}%); peak RSS {mb(result['peak_rss'])} MiB"
        f"; gc-tracked objects at end {result['gc_objects']:,}"
    )
    count, before_held, after_held = result["held"]
    if before_held is not None and after_held is not None:
        print(
            f"then {count} results held unread (text, report, findings not read): RSS "
            f"{before_held / 2**20:.1f} -> {after_held / 2**20:.1f} MiB "
            f"(+{(after_held - before_held) / 2**20:.1f} MiB)"
        )
    met = "met" if growth <= TARGET_MEMORY_GROWTH else "not met"
    targets.append(f"memory growth over {result['pages']:,} pages <= 10%: {growth:+.1f}% ({met})")


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------


def versions() -> str:
    parts = []
    for dist in DISTRIBUTIONS:
        try:
            parts.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{dist} unavailable")
    return ", ".join(parts)


def pagecleaner_line() -> str:
    try:
        import pagecleaner
    except Exception as exc:
        return f"pagecleaner unavailable ({type(exc).__name__}: {exc})"
    return f"pagecleaner {pagecleaner.__version__} from {pagecleaner.__file__}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path, metavar="CORPUS_DIR")
    ap.add_argument("--limit", type=int, default=None, help="first N pages of each corpus")
    ap.add_argument("--repeat", type=int, default=3, help="rounds / repetitions (default 3)")
    ap.add_argument(
        "--memory-pages", type=int, default=10_000, help="pages for the memory run (10000)"
    )
    ap.add_argument(
        "--skip-peers", action="store_true", help="only lexbor-parse and pagecleaner rows"
    )
    ap.add_argument("--only", choices=("scaling", "throughput", "memory", "rules"), default=None)
    ap.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="a src folder of another pagecleaner version (e.g. exported with git archive): "
        "adds rows pagecleaner@base and pagecleaner[no rules]@base, interleaved",
    )
    ap.add_argument(
        "--extractors",
        default=None,
        help="comma-separated throughput rows to run (default: all), e.g. "
        "lexbor-parse,pagecleaner,pagecleaner[no rules],trafilatura",
    )
    ap.add_argument("--_child", dest="child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_extractor", dest="child_extractor", default="", help=argparse.SUPPRESS)
    ap.add_argument("--_out", dest="child_out", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.dirs = corpus_folders(args.dirs)
    if args.repeat < 1 or args.memory_pages < 1:
        ap.error("--repeat and --memory-pages must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child is not None:
        children = {
            "throughput": child_throughput,
            "rules": child_rules,
            "scaling": child_scaling,
            "memory": child_memory,
        }
        result = children[args.child](args)
        args.child_out.write_text(json.dumps(result), encoding="utf-8")
        return 0

    for folder in args.dirs:
        if not folder.is_dir():
            print(f"{folder}: not a directory", file=sys.stderr)
            return 2
    print(f"python {sys.version.split()[0]}; {pagecleaner_line()}")
    print(versions())
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(f"cpus allowed {allowed}, os.cpu_count() {os.cpu_count()}; loadavg at start {loadavg()}")
    sections = [args.only] if args.only else ["throughput", "scaling", "memory"]
    targets: list[str] = []
    for section in sections:
        print(f"\n##### {section}", flush=True)
        t0 = time.perf_counter()
        sections_by_name = {
            "throughput": throughput,
            "rules": rule_timing,
            "scaling": scaling,
            "memory": memory,
        }
        sections_by_name[section](args, targets)
        print(f"({section}: {time.perf_counter() - t0:.0f} s wall)", flush=True)
    print(f"\nloadavg at end {loadavg()}")
    print("\nTARGETS")
    for line in targets:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
