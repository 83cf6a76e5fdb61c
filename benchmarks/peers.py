"""Extractor adapters and the timed runner shared by the benchmark scripts.

Every adapter takes the page's raw bytes and its URL and returns an :class:`Extraction`
(``text, title, authors, date, links, verdict``; the first five are the comparison tuple,
``links`` is ``None`` when the extractor cannot report kept links, ``verdict`` is ``None``
when it makes no page-level spam call).

Extractors:

* ``pagecleaner`` – this project (``pagecleaner.Cleaner().clean(raw, url=url)``), one instance
  reused for all pages; ``pagecleaner[<focus>]`` rows use ``Options(focus=<focus>)``;
* ``trafilatura`` – trafilatura defaults, text + metadata from one ``bare_extraction`` call;
* ``trafilatura-precision`` – the same with ``favor_precision=True``;
* ``trafilatura-fast`` – the same with ``fast=True`` (``no_fallback`` is deprecated in 2.x);
* ``trafilatura-nocomments`` – not run by default: ``include_comments=False``. trafilatura's
  default text output appends the page's comment section; the spam README's trafilatura
  reference figures match this variant (main text only);
* ``readability`` – readability-lxml ``Document(raw, url=url)``: ``short_title()``,
  ``author()``, ``summary()`` rendered to text with paragraph breaks, hrefs of the summary;
* ``resiliparse`` – resiliparse ``extract_plain_text(tree, main_content=True)`` on
  ``HTMLTree.parse_from_bytes(raw, detect_encoding(raw))`` (no metadata);
* ``justext`` – jusText with the English stoplist, the paragraphs it does not call
  boilerplate, one per line (no metadata; non-English pages suffer from the stoplist);
* ``pagecleaner-comments`` – not run by default: ``Options(include_comments=True)``, the
  article followed by the reader comments (for corpora whose gold keeps comments);
* ``wholepage`` – not run by default: all text of ``<body>`` except script, style, noscript
  and template (parsed by lxml via ``trafilatura.load_html``), the "whole page text" baseline
  the articles README quotes. Not visibility-aware.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import re
import sys
import time
import traceback
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

__all__ = [
    "ALL_PEERS",
    "DEFAULT_PEERS",
    "Extraction",
    "Peer",
    "PeerRun",
    "make_peers",
    "run_peer",
]

DEFAULT_PEERS = (
    "pagecleaner",
    "trafilatura",
    "trafilatura-precision",
    "trafilatura-nocomments",
    "readability",
    "resiliparse",
    "justext",
)
ALL_PEERS = (*DEFAULT_PEERS, "trafilatura-fast", "pagecleaner-comments", "wholepage")

REPO_SRC = Path(__file__).resolve().parents[1] / "src"


class Extraction(NamedTuple):
    """What one extractor returned for one page."""

    text: str
    title: str | None
    authors: list[str]
    date: str | None
    links: list[str] | None
    verdict: str | None = None
    site_name: str | None = None


EMPTY = Extraction("", None, [], None, None)

Extract = Callable[[bytes, "str | None"], Extraction]


@dataclass
class Peer:
    """A named extractor; ``extract`` is None when it could not be loaded (``error`` says why)."""

    name: str
    extract: Extract | None
    error: str | None = None
    metadata: bool = True
    """False for extractors that never return a title, authors or a date."""

    @property
    def available(self) -> bool:
        return self.extract is not None


# --------------------------------------------------------------------------------------------
# pagecleaner
# --------------------------------------------------------------------------------------------


def _import_pagecleaner() -> ModuleType:
    """Import pagecleaner, falling back to this checkout's ``src/`` when it is not on the path."""
    try:
        return importlib.import_module("pagecleaner")
    except ModuleNotFoundError as exc:
        if exc.name != "pagecleaner":
            raise
    sys.path.insert(0, str(REPO_SRC))
    return importlib.import_module("pagecleaner")


def pagecleaner_origin(peers: Sequence[Peer]) -> str | None:
    """Where the imported pagecleaner comes from, if a pagecleaner row was requested."""
    if not any(peer.name.startswith("pagecleaner") for peer in peers):
        return None
    module = sys.modules.get("pagecleaner")
    if module is None:
        return "pagecleaner: unavailable (see the notes under the tables)"
    version = getattr(module, "__version__", "?")
    return f"pagecleaner {version} from {getattr(module, '__file__', None)}"


def pagecleaner_peer(
    name: str, focus: str | None, *, comments: bool = False, **options: Any
) -> Peer:
    """A pagecleaner row; ``options`` are further ``pagecleaner.Options`` fields."""
    try:
        pagecleaner = _import_pagecleaner()
        if focus is not None:
            options["focus"] = focus
        if comments:
            options["include_comments"] = True
        cleaner = pagecleaner.Cleaner(pagecleaner.Options(**options))
    except Exception as exc:  # the library may be missing or broken while it is written
        return Peer(name, None, f"{type(exc).__name__}: {exc}")

    def extract(raw: bytes, url: str | None) -> Extraction:
        res = cleaner.clean(raw, url=url)
        metadata = res.metadata
        links = getattr(res, "links", None)
        spam = getattr(res, "spam", None)
        text = res.text or ""
        if comments and getattr(res, "comments", ""):
            text = f"{text}\n\n{res.comments}".strip()
        return Extraction(
            text=text,
            title=metadata.title,
            authors=list(metadata.authors or ()),
            date=metadata.date_published,
            links=list(links) if links is not None else None,
            verdict=getattr(spam, "verdict", None) if spam is not None else None,
            site_name=getattr(metadata, "site_name", None),
        )

    return Peer(name, extract)


# --------------------------------------------------------------------------------------------
# trafilatura
# --------------------------------------------------------------------------------------------


def _trafilatura_peer(name: str, **settings: Any) -> Peer:
    try:
        import trafilatura
    except Exception as exc:
        return Peer(name, None, f"{type(exc).__name__}: {exc}")
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)

    def extract(raw: bytes, url: str | None) -> Extraction:
        # One call for text and metadata. With the default "python" format the body and the
        # comments come back as separate strings; joined by a newline, stripped and
        # NFC-normalised they equal what trafilatura.extract(..., output_format="txt") returns.
        doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True, **settings)
        if doc is None or isinstance(doc, dict):  # None: nothing extracted
            return EMPTY
        text = doc.text or ""
        if doc.comments is not None:
            text = f"{text}\n{doc.comments}".strip()
        authors = [a.strip() for a in (doc.author or "").split("; ") if a.strip()]
        return Extraction(
            text=unicodedata.normalize("NFC", text),
            title=doc.title,
            authors=authors,
            date=doc.date,
            links=None,
            site_name=doc.sitename,
        )

    return Peer(name, extract)


def _wholepage_peer(name: str) -> Peer:
    try:
        import trafilatura
    except Exception as exc:
        return Peer(name, None, f"{type(exc).__name__}: {exc}")

    def extract(raw: bytes, url: str | None) -> Extraction:
        tree = trafilatura.load_html(raw)  # decodes the bytes (charset sniffing)
        if tree is None:
            return EMPTY
        for element in tree.xpath("//script|//style|//noscript|//template"):
            element.drop_tree()
        body = tree.find(".//body")
        return Extraction(_html_text(body if body is not None else tree), None, [], None, None)

    return Peer(name, extract, metadata=False)


# --------------------------------------------------------------------------------------------
# readability-lxml
# --------------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_SPACES_RE = re.compile(r"[^\S\n]+")
_BLANK_LINES_RE = re.compile(r"\n\s*\n\s*")


def _html_text(root: Any) -> str:
    """Text of an lxml tree with a blank line around block elements and a newline at <br>."""
    from lxml import etree

    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if event == "start":
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            elif tag == "br":
                parts.append("\n")
            if tag is not None and element.text:
                parts.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if element is not root and element.tail:
                parts.append(element.tail)
    text = _SPACES_RE.sub(" ", "".join(parts))
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES_RE.sub("\n\n", lines).strip()


def _readability_peer(name: str) -> Peer:
    try:
        import lxml.html
        from readability import Document
    except Exception as exc:
        return Peer(name, None, f"{type(exc).__name__}: {exc}")
    logging.getLogger("readability").setLevel(logging.CRITICAL)
    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

    def extract(raw: bytes, url: str | None) -> Extraction:
        # readability-lxml decodes bytes itself (meta charset sniffing, UTF-8 fallback).
        doc = Document(raw, url=url)
        title = doc.short_title() or None
        author = doc.author()
        authors = [] if not author or author == "[no-author]" else [author.strip()]
        summary = doc.summary()  # mutates the document: call it last
        if not summary.strip():
            return Extraction("", title, authors, None, [])
        root = lxml.html.fromstring(summary)
        links = [href for a in root.iter("a") if (href := a.get("href"))]
        return Extraction(_html_text(root), title, authors, None, links)

    return Peer(name, extract)


# --------------------------------------------------------------------------------------------
# resiliparse and jusText
# --------------------------------------------------------------------------------------------


def _resiliparse_peer(name: str) -> Peer:
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import detect_encoding
        from resiliparse.parse.html import HTMLTree
    except Exception as exc:
        return Peer(name, None, f"{type(exc).__name__}: {exc}")

    def extract(raw: bytes, url: str | None) -> Extraction:
        tree = HTMLTree.parse_from_bytes(raw, detect_encoding(raw) or "utf-8")
        return Extraction(extract_plain_text(tree, main_content=True), None, [], None, None)

    return Peer(name, extract, metadata=False)


def _justext_peer(name: str) -> Peer:
    try:
        import justext
    except Exception as exc:
        return Peer(name, None, f"{type(exc).__name__}: {exc}")
    stoplist = justext.get_stoplist("English")

    def extract(raw: bytes, url: str | None) -> Extraction:
        paragraphs = justext.justext(raw, stoplist)
        text = "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)
        return Extraction(text, None, [], None, None)

    return Peer(name, extract, metadata=False)


# --------------------------------------------------------------------------------------------
# Registry and runner
# --------------------------------------------------------------------------------------------


def make_peers(names: Sequence[str], focus: Sequence[str] = ()) -> list[Peer]:
    """Build the requested extractors, plus one ``pagecleaner[<focus>]`` row per focus value."""
    builders: dict[str, Callable[[], Peer]] = {
        "pagecleaner": lambda: pagecleaner_peer("pagecleaner", None),
        "trafilatura": lambda: _trafilatura_peer("trafilatura"),
        "trafilatura-precision": lambda: _trafilatura_peer(
            "trafilatura-precision", favor_precision=True
        ),
        "trafilatura-fast": lambda: _trafilatura_peer("trafilatura-fast", fast=True),
        "trafilatura-nocomments": lambda: _trafilatura_peer(
            "trafilatura-nocomments", include_comments=False
        ),
        "readability": lambda: _readability_peer("readability"),
        "resiliparse": lambda: _resiliparse_peer("resiliparse"),
        "justext": lambda: _justext_peer("justext"),
        "pagecleaner-comments": lambda: pagecleaner_peer(
            "pagecleaner-comments", None, comments=True
        ),
        "wholepage": lambda: _wholepage_peer("wholepage"),
    }
    unknown = [name for name in names if name not in builders]
    if unknown:
        raise ValueError(f"unknown extractor(s) {unknown}; choose from {list(builders)}")
    peers = [builders[name]() for name in names]
    if focus:
        position = names.index("pagecleaner") + 1 if "pagecleaner" in names else 0
        extra = [pagecleaner_peer(f"pagecleaner[{value}]", value) for value in focus]
        peers[position:position] = extra
    return peers


@dataclass
class PeerRun:
    """One extractor's outputs over a page list, with timing and failures."""

    peer: Peer
    outputs: list[Extraction] = field(default_factory=list)
    seconds: float = 0.0
    failures: int = 0
    first_error: str | None = None

    @property
    def pages_per_second(self) -> float | None:
        return len(self.outputs) / self.seconds if self.seconds > 0 else None


def run_peer(peer: Peer, pages: Sequence[tuple[bytes, str | None]]) -> PeerRun:
    """Run ``peer`` on every (raw bytes, url) page sequentially, timing only the extract calls.

    An exception on a page counts as a failure and scores as an empty output.
    """
    run = PeerRun(peer)
    if peer.extract is None:
        return run
    extract = peer.extract
    clock = time.perf_counter
    for raw, url in pages:
        start = clock()
        try:
            result = extract(raw, url)
        except Exception:
            run.seconds += clock() - start
            run.failures += 1
            if run.first_error is None:
                run.first_error = traceback.format_exc(limit=-3).strip().splitlines()[-1]
            result = EMPTY
        else:
            run.seconds += clock() - start
        run.outputs.append(result)
    return run


# -- command-line plumbing shared by bench_articles.py and bench_spam.py -------------------
FOCUS_VALUES = ("balanced", "precision", "recall")


def split_list(values: Sequence[str]) -> list[str]:
    return [item for value in values for item in value.split(",") if item]


def add_peer_arguments(parser: argparse.ArgumentParser, *, limit_help: str) -> None:
    parser.add_argument(
        "--peers",
        default=",".join(DEFAULT_PEERS),
        help=f"comma-separated extractors (default: %(default)s; all: {','.join(ALL_PEERS)})",
    )
    parser.add_argument("--limit", type=int, help=limit_help)
    parser.add_argument(
        "--focus",
        nargs="+",
        default=[],
        help="add pagecleaner rows with Options(focus=...) (balanced, precision, recall)",
    )
    parser.add_argument("--out-dir", type=Path, help="write per-extractor predictions JSONL here")


def parse_peer_arguments(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None
) -> argparse.Namespace:
    args = parser.parse_args(argv)
    args.peers = split_list([args.peers])
    args.focus = split_list(args.focus)
    bad = [value for value in args.focus if value not in FOCUS_VALUES]
    if bad:
        parser.error(f"--focus must be among {FOCUS_VALUES}, got {bad}")
    return args


def start_peers(args: argparse.Namespace) -> list[Peer] | None:
    """The extractors the arguments name (None, after a message, for an unknown one)."""
    try:
        peers = make_peers(args.peers, args.focus)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return None
    origin = pagecleaner_origin(peers)
    if origin:
        print(origin)
    return peers


# -- on-disk cache of the peers' outputs (pagecleaner rows are never cached) ----------------
_PEER_PACKAGES = ("trafilatura", "readability-lxml", "resiliparse", "justext", "lxml")


def peer_versions() -> str:
    """The peers' package versions: a cache written by other versions is not reused."""
    from importlib import metadata

    versions = []
    for package in _PEER_PACKAGES:
        try:
            versions.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}==-")
    return " ".join(versions)


def _page_key(raw: bytes, url: str | None) -> str:
    import hashlib

    return hashlib.sha1(raw + b"\0" + (url or "").encode()).hexdigest()


def cached_run_peer(
    peer: Peer, pages: Sequence[tuple[bytes, str | None]], cache_file: Path | None
) -> PeerRun:
    """:func:`run_peer`, reusing the outputs (and call times) stored in ``cache_file`` when it
    was written for the same pages by the same package versions; pagecleaner rows always run."""
    import json

    if cache_file is None or peer.name.startswith("pagecleaner") or not peer.available:
        return run_peer(peer, pages)
    keys = [_page_key(raw, url) for raw, url in pages]
    header = {"peer": peer.name, "versions": peer_versions()}
    if cache_file.exists():
        with cache_file.open(encoding="utf-8") as lines:
            stored_header = json.loads(next(lines, "null"))
            stored = {row["key"]: row for row in map(json.loads, lines)}
        if stored_header == header and all(key in stored for key in keys):
            run = PeerRun(peer)
            for key in keys:
                row = stored[key]
                run.outputs.append(Extraction(*row["out"]))
                run.seconds += row["seconds"]
                if row["error"] is not None:
                    run.failures += 1
                    run.first_error = run.first_error or row["error"]
            return run
    run = PeerRun(peer)
    rows = []
    for key, page in zip(keys, pages, strict=True):
        one = run_peer(peer, [page])
        run.outputs += one.outputs
        run.seconds += one.seconds
        run.failures += one.failures
        run.first_error = run.first_error or one.first_error
        rows.append({"key": key, "out": list(one.outputs[0]), "seconds": one.seconds,
                     "error": one.first_error})  # fmt: skip
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    with cache_file.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return run
