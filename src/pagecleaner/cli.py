"""The ``pagecleaner`` command: clean saved pages and print or write their articles.

One page (a file, or stdin): prints its article, or writes it to ``-o FILE``. Exit status:
0 an article was found, 1 no article, 2 bad usage, unreadable input or over ``--timeout``.

Several pages (several arguments, a folder, a glob, ``--format jsonl`` or ``-o`` naming a
folder or a ``.jsonl`` file): one JSON object per page on stdout or in ``-o FILE.jsonl``,
or one file per page mirrored under ``-o DIR``; failures and a summary line on stderr.
Exit status: 0 every page was cleaned (with or without an article), 1 some pages failed,
2 bad usage.

Two subcommands, recognised only as the first argument and only when no file or folder of
that name exists (``pagecleaner rules`` cleans a page saved as ``./rules`` if there is one;
``--list-rules`` and ``--rule CODE`` always work):

* ``pagecleaner rules [--rules PACK] [--filters LIST] [--select ...] [--disable ...]``
  lists the rules (those selected, when ``--select`` or ``--disable`` is given);
* ``pagecleaner rule CODE [--rules PACK] [--filters LIST]`` prints a rule's documentation.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import glob
import json
import logging
import os
import signal
import sys
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TextIO

from . import __version__
from .api import Cleaner, read_page_file
from .batch import BatchItem, Task, run_batch
from .cli_compat import add_compat_arguments, apply_compat, compat_options
from .cli_warc import names_warc, run_warc
from .errors import ConfigError, InputError, PagecleanerError, UnsupportedFilterWarning
from .filterlist import FilterList, FilterRule
from .formats import csv_header, csv_row, to_xml
from .options import Options
from .result import CleanResult
from .rulepack import PackRule
from .rules.registry import RuleSet

__all__ = ["main"]

EXIT_OK = 0
EXIT_NO_ARTICLE = 1
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# What a shell reports for a process that SIGPIPE ended (`pagecleaner ... | head -1`).
EXIT_BROKEN_PIPE = 128 + int(getattr(signal, "SIGPIPE", 13))
# Errors of a write that cannot complete: the disk, the quota, the device.
_WRITE_ERRORS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EROFS")
    if hasattr(errno, name)
)

# The names a folder search takes as saved pages; a file named on the command line or
# matched by a glob is taken whatever its name.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
EXTENSIONS = {
    "text": ".txt",
    "markdown": ".md",
    "html": ".html",
    "json": ".json",
    "xml": ".xml",
    "csv": ".csv",
}
_FORMAT_OF_EXTENSION = {
    ".txt": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".xml": "xml",
    ".csv": "csv",
}
# What each format reads from a result, rendered in the workers rather than one page at a
# time here.
_RENDER = {
    "text": (),
    "markdown": ("markdown",),
    "html": ("html",),
    "json": ("markdown", "html"),
    "jsonl": ("markdown", "html"),
    "xml": (),
    "csv": (),
}
# Formats written as one stream for a whole batch (the others: one file per page).
_STREAM_FORMATS = ("jsonl", "csv")
_GLOB_CHARS = frozenset("*?[")
# Redraws of the progress bar per second: more is flicker, and costs the terminal.
_PROGRESS_HZ = 10
SUBCOMMANDS = ("rules", "rule")
# Unsupported filter-list lines shown per list without -v.
_UNSUPPORTED_SHOWN = 5


class _UsageError(Exception):
    """A bad combination of arguments, reported in one line with exit status 2."""


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagecleaner",
        description="Print the clean main article of saved web pages, without spam or "
        "boilerplate. One page prints its article; several pages (or a folder, or a glob) "
        "print one JSON line per page, or mirror the folder tree under -o DIR.",
        epilog="Subcommands: 'pagecleaner rules' lists the rules, 'pagecleaner rule CODE' "
        "prints one rule's documentation. They count only as the first argument, and only "
        "when no file of that name exists (then the file is cleaned as a page; "
        "--list-rules and --rule CODE always work).",
    )
    parser.add_argument(
        "pages",
        nargs="*",
        metavar="PAGE",
        help="saved pages (.html, .htm, .html.gz), folders (searched recursively for "
        f"{', '.join(PAGE_SUFFIXES)}) or quoted glob patterns; '-' or nothing reads one "
        "page from stdin",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=("text", "markdown", "html", "json", "jsonl", "xml", "csv"),
        help="output format (default: text for one page and -o DIR, jsonl otherwise); "
        "jsonl is one JSON object per page: source, ok, error, then the json fields; "
        "xml is the article's structure and metadata; csv is one row per page",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="several pages: a folder to mirror the input tree into (one file per page, "
        "named after the format), or FILE.jsonl; one page: the file to write",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        "--parallel",
        type=_count,
        default=1,
        metavar="N",
        help="worker processes for several pages (0: one per CPU; default 1)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help="give up on a page after this long (it counts as failed)",
    )
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument(
        "--progress",
        action="store_true",
        help="show a progress bar for several pages even when stderr is not a terminal",
    )
    noise.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar and no line per failed page; only the summary",
    )
    parser.add_argument("--url", help="the page's URL, for absolute links and same-site checks")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print what was removed, grouped by rule, and why the article won (one page)",
    )
    parser.add_argument(
        "--list-rules", action="store_true", help="list the rules and exit (= pagecleaner rules)"
    )
    parser.add_argument(
        "--rule",
        metavar="CODE",
        help="print one rule's documentation and exit (= pagecleaner rule CODE)",
    )
    _add_selection(parser)
    _add_rule_sources(parser)
    parser.add_argument("--focus", choices=("balanced", "precision", "recall"), default="balanced")
    parser.add_argument(
        "--links",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep links in markdown/html output",
    )
    parser.add_argument(
        "--images",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="keep images in markdown/html output",
    )
    parser.add_argument(
        "--comments",
        action="store_true",
        help="also extract reader comments (the json output's 'comments'; text output "
        "prints them after the article)",
    )
    parser.add_argument(
        "--front-matter",
        action="store_true",
        help="start markdown output with the metadata as YAML front matter",
    )
    parser.add_argument("--encoding", help="decode the page with this encoding instead of sniffing")
    parser.add_argument(
        "--any-extension",
        action="store_true",
        help="take every file in the folders as a page, whatever its name (wget mirrors "
        "save pages as .php, .aspx or without extension)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log operational events")
    _add_debug(parser)
    parser.add_argument("--version", action="version", version=f"pagecleaner {__version__}")
    add_compat_arguments(parser)
    return parser


def _add_debug(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug", action="store_true", help="on an internal error, print the traceback"
    )


def _add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--disable",
        metavar="CODE",
        action="append",
        default=[],
        help="switch off rules by code, prefix, name or family (repeatable)",
    )
    parser.add_argument(
        "--select",
        metavar="CODE",
        action="append",
        default=[],
        help="run only these rules (code, prefix, name or family; repeatable)",
    )


def _add_rule_sources(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        metavar="FILE",
        action="append",
        default=[],
        dest="rule_packs",
        help="a rule pack (TOML): your selector rules, vocabulary and thresholds; "
        "see docs/rule-packs.md (repeatable)",
    )
    parser.add_argument(
        "--filters",
        metavar="FILE",
        action="append",
        default=[],
        dest="filter_lists",
        help="an EasyList-style filter list whose element-hiding lines (##selector) are "
        "applied; other lines are reported (repeatable)",
    )
    parser.add_argument(
        "--lexicon",
        metavar="FILE",
        action="append",
        default=[],
        dest="lexicon_files",
        help="extra spam vocabulary, one term per line (repeatable)",
    )
    parser.add_argument(
        "--no-builtin-lexicons",
        action="store_false",
        dest="builtin_lexicons",
        help="judge spam without the built-in vocabulary (structure, link targets, hiding, "
        "coherence, and your own --lexicon and rule-pack terms only)",
    )


def _subcommand_parser(command: str) -> argparse.ArgumentParser:
    if command == "rules":
        parser = argparse.ArgumentParser(
            prog="pagecleaner rules",
            description="List the rules: built-in, then those of rule packs and filter lists "
            "(only the selected ones when --select or --disable is given).",
        )
        _add_selection(parser)
    else:
        parser = argparse.ArgumentParser(
            prog="pagecleaner rule", description="Print one rule's documentation."
        )
        parser.add_argument("code", metavar="CODE", help="a rule code or name (HID002)")
    _add_rule_sources(parser)
    quiet = parser.add_mutually_exclusive_group()
    quiet.add_argument(
        "-q", "--quiet", action="store_true", help="do not report unsupported filter lines"
    )
    quiet.add_argument(
        "-v", "--verbose", action="store_true", help="report every unsupported filter line"
    )
    _add_debug(parser)
    return parser


class _Run:
    """What the top-level handler names in an internal-error message."""

    page: str | None = None


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command; never lets an exception (a traceback) out.

    A reader that goes away (``| head``) ends the run quietly with status 141, as SIGPIPE
    would; a failed write (disk full) is one line and status 2; an internal error is one
    line naming the page, status 2, and its traceback with ``--debug``.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    arguments = list(sys.argv[1:] if argv is None else argv)
    _Run.page = None
    try:
        status = _main(arguments, out, err)
        out.flush()
        return status
    except BrokenPipeError:
        _silence(out)
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        _say(err, "pagecleaner: interrupted")
        return EXIT_INTERRUPTED
    except OSError as exc:
        # Writes to stdout or to -o files (reads are InputErrors): the disk is full, the
        # device is gone. The output already written is incomplete; say so once.
        _silence(out)
        where = f" {exc.filename!r}" if isinstance(exc.filename, str) else ""
        what = "cannot write the output" if exc.errno in _WRITE_ERRORS else "system error"
        _say(err, f"pagecleaner: error: {what}{where}: {exc.strerror or exc}")
        return EXIT_USAGE
    except Exception as exc:
        page = f" while cleaning {_Run.page!r}" if _Run.page else ""
        if "--debug" in arguments:
            _say(err, traceback.format_exc().rstrip())
        _say(
            err,
            f"pagecleaner: internal error{page}: {type(exc).__name__}: {exc}; please report it"
            " to the pagecleaner developers with the page (--debug shows the traceback)",
        )
        return EXIT_USAGE


def _say(err: TextIO, line: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(line, file=err, flush=True)


def _main(arguments: list[str], out: TextIO, err: TextIO) -> int:
    command = None
    # A subcommand only as the first argument, and only when no file has its name (see the
    # module docstring): `pagecleaner rules` never stops cleaning a page saved as "rules".
    if arguments and arguments[0] in SUBCOMMANDS and not os.path.lexists(arguments[0]):
        command = arguments.pop(0)
    parser = _parser() if command is None else _subcommand_parser(command)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="pagecleaner: %(message)s",
        stream=err,
    )
    if command is not None:
        return _run_subcommand(command, args, out, err)
    try:
        if args.list_rules or args.rule:
            return _run_subcommand("rules" if args.list_rules else "rule", args, out, err)
        apply_compat(args)
        options = Options(
            focus=args.focus,
            include_links=args.links,
            include_images=args.images,
            include_comments=args.comments,
            front_matter=args.front_matter,
            disable=tuple(args.disable),
            select=tuple(args.select),
            encoding=args.encoding,
            rule_packs=tuple(args.rule_packs),
            filter_lists=tuple(args.filter_lists),
            lexicon_files=tuple(args.lexicon_files),
            builtin_lexicons=args.builtin_lexicons,
            **compat_options(args),  # type: ignore[arg-type]
        )
        cleaner = _build_cleaner(options, args, err)
        if any(names_warc(p) for p in args.pages):
            return run_warc(args, cleaner, out, err)
        if _is_batch(args):
            return _run_batch(args, cleaner, out, err)
        page = args.pages[0] if args.pages else "-"
        _Run.page = page
        data = (
            sys.stdin.buffer.read(options.max_input_bytes + 1)
            if page == "-"
            else read_page_file(page, max_bytes=options.max_input_bytes)
        )
        if args.timeout is None:
            result = cleaner.clean(data, url=args.url)
        else:
            task = Task(0, page, data, args.url)
            item = next(run_batch(cleaner, [task], timeout=args.timeout))
            if item.result is None:
                print(f"pagecleaner: error: {item.error}", file=err)
                return EXIT_USAGE
            result = item.result
    except (ConfigError, InputError, _UsageError) as exc:
        print(f"pagecleaner: error: {exc}{_subcommand_hint(exc, args)}", file=err)
        return EXIT_USAGE
    except PagecleanerError as exc:
        print(f"pagecleaner: error: {exc}", file=err)
        return EXIT_USAGE
    fmt = args.format or _FORMAT_OF_EXTENSION.get(_extension(args.output), "text")
    if args.output is None:
        _write_result(result, fmt, out)
    else:
        try:
            os.makedirs(os.path.dirname(args.output) or ".", exist_ok=True)
            with open(args.output, "w", encoding="utf-8") as handle:
                _write_result(result, fmt, handle)
        except OSError as exc:
            print(
                f"pagecleaner: error: cannot write {args.output!r}: {exc.strerror or exc}", file=err
            )
            return EXIT_USAGE
    if args.explain:
        _explain(result, err if fmt == "json" and args.output is None else out)
    if not result.has_article:
        print(f"pagecleaner: no article found ({result.outcome})", file=err)
        return EXIT_NO_ARTICLE
    return EXIT_OK


def _extension(path: str | None) -> str:
    return os.path.splitext(path)[1].lower() if path else ""


def _is_glob(arg: str) -> bool:
    # A file whose name holds glob characters is still that file.
    return not os.path.lexists(arg) and not _GLOB_CHARS.isdisjoint(arg)


def _names_many(arg: str) -> bool:
    """True for an argument that stands for any number of pages: a folder or a glob."""
    return arg != "-" and (os.path.isdir(arg) or _is_glob(arg))


def _is_batch(args: argparse.Namespace) -> bool:
    pages: list[str] = args.pages
    if len(pages) > 1 or any(_names_many(p) for p in pages) or args.format in _STREAM_FORMATS:
        return True
    output: str | None = args.output
    if output is None:
        return False
    # Like cp: an existing folder (or a name ending in a separator) receives the page.
    ends_in_separator = output.endswith(os.sep) or bool(os.altsep and output.endswith(os.altsep))
    return os.path.isdir(output) or ends_in_separator or _extension(output) in (".jsonl", ".csv")


# --- batches ------------------------------------------------------------------------


@dataclass
class _Stats:
    started: float = field(default_factory=time.monotonic)
    pages: int = 0
    articles: int = 0
    without_article: int = 0
    spam: int = 0
    failed: int = 0

    def add(self, result: CleanResult | None) -> None:
        self.pages += 1
        if result is None:
            self.failed += 1
            return
        if result.has_article:
            self.articles += 1
        else:
            self.without_article += 1
        if result.spam.verdict != "clean":
            self.spam += 1

    def rate(self) -> float:
        return self.pages / max(time.monotonic() - self.started, 1e-9)

    def summary(self) -> str:
        return (
            f"pagecleaner: {self.pages} pages, {self.articles} articles, "
            f"{self.without_article} without article, {self.spam} with spam, "
            f"{self.failed} failed ({self.rate():.1f} pages/s)"
        )


class _Progress:
    """A one-line progress bar on stderr, redrawn in place a few times a second."""

    WIDTH = 24

    def __init__(self, stream: TextIO, total: int | None) -> None:
        self._stream = stream
        self._total = total
        self._shown = 0
        self._drawn_at = 0.0

    def update(self, stats: _Stats, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._drawn_at < 1 / _PROGRESS_HZ:
            return
        self._drawn_at = now
        if self._total:
            filled = self.WIDTH * min(stats.pages, self._total) // self._total
            done = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {stats.pages}/{self._total}"
        else:
            done = str(stats.pages)
        line = f"{done} pages, {stats.failed} failed, {stats.rate():.1f} pages/s"
        self._stream.write("\r" + line + " " * max(0, self._shown - len(line)))
        self._stream.flush()
        self._shown = len(line)

    def finish(self, stats: _Stats) -> None:
        """Draw the final state and leave it on its line."""
        self.update(stats, force=True)
        self._stream.write("\n")
        self._shown = 0

    def clear(self) -> None:
        if self._shown:
            self._stream.write("\r" + " " * self._shown + "\r")
            self._stream.flush()
            self._shown = 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _batch_format(args: argparse.Namespace, specs: list[str]) -> str:
    """The output format of a batch, after checking it fits the arguments."""
    output: str | None = args.output
    fmt: str = args.format or (
        "jsonl"
        if output is None
        else {".jsonl": "jsonl", ".csv": "csv"}.get(_extension(output), "text")
    )
    if "-" in specs and len(specs) > 1:
        raise _UsageError("'-' (stdin) cannot be combined with other pages")
    if fmt in _STREAM_FORMATS:
        if output is not None and os.path.isdir(output):
            raise _UsageError(f"-o {output} is a folder; --format {fmt} writes one file")
    elif output is None:
        raise _UsageError(
            f"--format {fmt} with several pages writes one file per page: give -o DIR,"
            " or use --format jsonl"
        )
    elif os.path.exists(output) and not os.path.isdir(output):
        raise _UsageError(f"-o {output} is a file; several pages need a folder or a .jsonl file")
    elif "-" in specs:
        raise _UsageError("a page read from stdin has no name to write under -o DIR")
    if args.url is not None and (len(specs) > 1 or any(_names_many(s) for s in specs)):
        raise _UsageError("--url is one page's URL; it cannot be used with several pages")
    if args.explain:
        raise _UsageError("--explain works on one page; --format jsonl has every page's report")
    return fmt


def _run_batch(args: argparse.Namespace, cleaner: Cleaner, out: TextIO, err: TextIO) -> int:
    specs: list[str] = args.pages or ["-"]
    fmt = _batch_format(args, specs)
    mirror = fmt not in _STREAM_FORMATS
    # Mirrored pages get their output file when read, in input order, so that two pages
    # mapping to one name are resolved the same way whatever order they finish in.
    targets: dict[int, str | None] = {}
    any_name: bool = args.any_extension
    tasks = _tasks(specs, args.url, (args.output, fmt, targets) if mirror else None, any_name)
    show_progress = args.progress or (not args.quiet and _isatty(err))
    # A bar needs the total: list the folders twice (cheap next to cleaning) rather than
    # hold every path in memory.
    total = sum(1 for _ in _discover(specs, any_name)) if show_progress and specs != ["-"] else 1
    progress = _Progress(err, total) if show_progress else None
    stream = out
    if not mirror and args.output is not None:
        try:
            os.makedirs(os.path.dirname(args.output) or ".", exist_ok=True)
            stream = open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise _UsageError(f"cannot write {args.output!r}: {exc.strerror or exc}") from None
    stats = _Stats()
    items = run_batch(
        cleaner,
        tasks,
        jobs=args.jobs or os.cpu_count() or 1,
        ordered=not mirror,  # a stream is read in input order; files can land in any order
        timeout=args.timeout,
        render=_RENDER[fmt],
    )
    try:
        if progress:
            progress.update(stats, force=True)
        if fmt == "csv":
            stream.write(csv_header())
        for item in items:
            error = item.error
            if mirror:
                target = targets.pop(item.index, None)
                if item.result is not None:
                    error = _write_mirrored(item, item.result, target, fmt)
            elif fmt == "csv":
                stream.write(csv_row(item.result, source=item.source, error=item.error))
            else:
                if progress and stream is out:
                    # The bar and the output may share one terminal: never one line.
                    progress.clear()
                stream.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                if progress and stream is out:
                    stream.flush()
            stats.add(item.result if error is None else None)
            if error is not None and not args.quiet:
                if progress:
                    progress.clear()
                print(f"pagecleaner: error: {item.source or '-'}: {error}", file=err)
            if progress:
                progress.update(stats)
    except KeyboardInterrupt:
        if progress:
            progress.clear()
        print("pagecleaner: interrupted", file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other command-line tools do.
        _silence(stream)
        return EXIT_BROKEN_PIPE
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()  # stops the workers now when the loop ended early
        if stream is not out:
            stream.close()
    if progress:
        progress.finish(stats)
    if stats.pages == 0:
        names = "any file" if any_name else ", ".join(PAGE_SUFFIXES)
        print(
            f"pagecleaner: error: no pages found in {' '.join(specs)} (folders are searched for"
            f" {names}{'' if any_name else '; --any-extension takes every file'})",
            file=err,
        )
        return EXIT_SOME_FAILED
    print(stats.summary(), file=err)
    return EXIT_SOME_FAILED if stats.failed else EXIT_OK


def _silence(stream: TextIO) -> None:
    # Python would report the failed flush of the dead pipe again at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _write_mirrored(
    item: BatchItem, result: CleanResult, target: str | None, fmt: str
) -> str | None:
    """Write one page's output file; the error, if it could not be written."""
    if target is None:
        return "its output file name is taken by an earlier page"
    try:
        if item.source and os.path.exists(target) and os.path.samefile(target, item.source):
            return f"its output {target!r} is the page itself"
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            _write_result(result, fmt, handle)
    except OSError as exc:
        return f"cannot write {target!r}: {exc.strerror or exc}"
    return None


def _tasks(
    specs: list[str],
    url: str | None,
    mirror: tuple[str, str, dict[int, str | None]] | None,
    any_name: bool = False,
) -> Iterator[Task]:
    if specs == ["-"]:
        yield Task(0, "-", sys.stdin.buffer.read(), url)
        return
    base = _mirror_base(specs)
    taken: set[str] = set()
    for index, (path, problem) in enumerate(_discover(specs, any_name)):
        if mirror is not None:
            folder, fmt, targets = mirror
            targets[index] = _target(path, base, folder, EXTENSIONS[fmt], taken)
        yield Task(index, path, url=url, problem=problem)


def _discover(specs: list[str], any_name: bool = False) -> Iterator[tuple[str, InputError | None]]:
    """The pages the arguments name, in a stable order, with why a folder was unreadable."""
    for spec in specs:
        if _is_glob(spec):
            yield from _expand_glob(spec, any_name)
        elif os.path.isdir(spec):
            yield from _walk(spec, any_name)
        else:
            yield spec, None


def _walk(folder: str, any_name: bool = False) -> Iterator[tuple[str, InputError | None]]:
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=errors.append):
        while errors:
            exc = errors.pop(0)
            name = exc.filename if isinstance(exc.filename, str) else dirpath
            yield name, InputError(f"cannot read folder {name!r}: {exc.strerror or exc}")
        dirnames.sort()
        for name in sorted(filenames):
            if any_name or name.lower().endswith(PAGE_SUFFIXES):
                yield os.path.join(dirpath, name), None
    for exc in errors:
        name = exc.filename if isinstance(exc.filename, str) else folder
        yield name, InputError(f"cannot read folder {name!r}: {exc.strerror or exc}")


def _expand_glob(pattern: str, any_name: bool = False) -> Iterator[tuple[str, InputError | None]]:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield pattern, None  # reading it fails with "no such file", like a missing file
        return
    folders = {os.path.abspath(m) for m in matches if os.path.isdir(m)}
    for match in matches:
        # With `**`, a page and the folders above it all match: take each page once.
        if any(str(parent) in folders for parent in PurePath(os.path.abspath(match)).parents):
            continue
        if os.path.isdir(match):
            yield from _walk(match, any_name)
        else:
            yield match, None


def _glob_root(pattern: str) -> str:
    parts = PurePath(pattern).parts
    fixed = []
    for part in parts:
        if not _GLOB_CHARS.isdisjoint(part):
            break
        fixed.append(part)
    return str(PurePath(*fixed)) if fixed else "."


def _mirror_base(specs: list[str]) -> str | None:
    """The folder the output tree mirrors: the deepest one holding every argument."""
    roots = []
    for spec in specs:
        if _is_glob(spec):
            roots.append(_glob_root(spec))
        elif os.path.isdir(spec):
            roots.append(spec)
        else:
            roots.append(os.path.dirname(spec) or ".")
    try:
        return os.path.commonpath([os.path.abspath(root) for root in roots])
    except ValueError:  # paths on different Windows drives share no folder
        return None


def _target(
    path: str, base: str | None, folder: str, extension: str, taken: set[str]
) -> str | None:
    """Where a page's output goes: a/b.html.gz -> OUT/a/b.md, or None if both names a
    page could get (b.md, then b.html.gz.md) are taken."""
    relative = os.path.relpath(os.path.abspath(path), base) if base else os.path.basename(path)
    stem = relative[:-3] if relative.lower().endswith(".gz") else relative
    stem = os.path.splitext(stem)[0] or stem
    for name in (stem + extension, relative + extension):
        key = os.path.normcase(os.path.normpath(name))
        if key not in taken:
            taken.add(key)
            return os.path.join(folder, name)
    return None


def _write_result(result: CleanResult, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(result.to_json(indent=2) + "\n")
    elif fmt == "xml":
        out.write(to_xml(result))
    elif fmt == "csv":
        out.write(csv_header() + csv_row(result, source=None))
    elif fmt == "markdown":
        out.write(result.markdown)
    elif fmt == "html":
        out.write(result.html + "\n")
    elif result.text:
        out.write(result.text + "\n")
    if fmt == "text" and result.comments:
        out.write("\n== comments ==\n" + result.comments + "\n")


def _explain(result: CleanResult, out: TextIO) -> None:
    report = result.report
    print("\n== removed, by rule ==", file=out)
    examples: dict[str, tuple[str, str, int, str]] = {}
    for finding in report.findings:
        code, name, count, snippet = examples.get(
            finding.code, (finding.code, finding.rule, 0, finding.snippet)
        )
        examples[finding.code] = (code, name, count + 1, snippet)
    for code, name, count, snippet in sorted(examples.values()):
        print(f"{code} {name:<28} {count:>4}  e.g. {snippet[:60]!r}", file=out)
    if report.guarded:
        print("\n== kept by the guard (would have removed most of the text) ==", file=out)
        for finding in report.guarded:
            print(f"{finding.code} {finding.path} {finding.message}", file=out)
    print(
        f"\n== selection: passes {', '.join(report.passes)}; outcome {report.outcome} ==", file=out
    )
    for card in report.candidates:
        mark = "*" if card["selected"] else " "
        parts = ", ".join(f"{name} {value:+g}" for name, value in card["contributions"])
        print(f"{mark} {card['score']:>8.2f}  {card['path']}  [{parts}]", file=out)
    spam = result.spam
    print(f"\n== spam verdict: {spam.verdict} (score {spam.score:g}) ==", file=out)
    for family, count in spam.families.items():
        print(f"  {family}: {count}", file=out)
    if spam.hosts:
        print(f"  hosts: {', '.join(spam.hosts[:20])}", file=out)


def _subcommand_hint(exc: Exception, args: argparse.Namespace) -> str:
    """For `pagecleaner --rules x.toml rules`: the subcommand must come first."""
    pages: list[str] = getattr(args, "pages", [])
    if isinstance(exc, InputError) and any(
        p in SUBCOMMANDS and not os.path.lexists(p) for p in pages
    ):
        return " (subcommands such as 'rules' count only as the first argument)"
    return ""


def _build_cleaner(options: Options, args: argparse.Namespace, err: TextIO) -> Cleaner:
    """The Cleaner, with unsupported filter-list lines reported on stderr in a few lines."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnsupportedFilterWarning)
        cleaner = Cleaner(options)
    if not getattr(args, "quiet", False):
        for flist in cleaner.filter_lists:
            _report_unsupported(flist, err, verbose=args.verbose)
    return cleaner


def _report_unsupported(flist: FilterList, err: TextIO, *, verbose: bool) -> None:
    items = flist.unsupported
    if not items:
        return
    reasons = Counter(item.reason.value for item in items)
    counts = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))
    print(
        f"pagecleaner: warning: {flist.origin}: {len(items)} of {len(items) + len(flist.rules)}"
        f" filters not applied ({counts})",
        file=err,
    )
    shown = items if verbose else items[:_UNSUPPORTED_SHOWN]
    for item in shown:
        print(f"pagecleaner: warning:   {item.origin}: {item.reason.value}: {item.text}", file=err)
    if len(shown) < len(items):
        print(
            f"pagecleaner: warning:   ... {len(items) - len(shown)} more (-v lists them)", file=err
        )


def _run_subcommand(command: str, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`rules` / `--list-rules` and `rule CODE` / `--rule CODE`."""
    try:
        options = Options(
            select=tuple(getattr(args, "select", ())),
            disable=tuple(getattr(args, "disable", ())),
            rule_packs=tuple(args.rule_packs),
            filter_lists=tuple(args.filter_lists),
            lexicon_files=tuple(args.lexicon_files),
            builtin_lexicons=getattr(args, "builtin_lexicons", True),
        )
        cleaner = _build_cleaner(options, args, err)
        if command == "rules":
            selecting = bool(options.select or options.disable)
            _list_rules(cleaner.rules if selecting else cleaner.all_rules, out)
        else:
            _describe_rule(cleaner.all_rules, getattr(args, "code", None) or args.rule, out)
    except PagecleanerError as exc:
        print(f"pagecleaner: error: {exc}", file=err)
        return EXIT_USAGE
    return EXIT_OK


def _filter_counts(rules: RuleSet, code: str) -> tuple[int, int, str]:
    """Hiding filters, exceptions and file of the filter list with this code."""
    members = [r for r in rules if isinstance(r, FilterRule) and r.info.code == code]
    hiding = sum(1 for r in members if not r.exception)
    return hiding, len(members) - hiding, members[0].list_origin if members else ""


_FILTER_WHY = (
    "Element-hiding filters name page furniture (ads, sponsored boxes, cookie notices) by "
    "CSS selector, and pagecleaner drops it; an exception (#@#) switches off the hiding "
    "filters with the same selector, on every host or on those it names."
)


def _counted(hiding: int, exceptions: int) -> str:
    return (
        f"{hiding} hiding filter{'' if hiding == 1 else 's'}, "
        f"{exceptions} exception{'' if exceptions == 1 else 's'}"
    )


def _list_rules(rules: RuleSet, out: TextIO) -> None:
    for code in rules.codes():
        rule = rules.get(code)
        info = rule.info
        flag = "" if info.default_enabled else " (off by default)"
        summary = info.summary
        if isinstance(rule, FilterRule):
            hiding, exceptions, origin = _filter_counts(rules, code)
            summary = f"Filter list {os.path.basename(origin)}: {_counted(hiding, exceptions)}."
            flag += f"  [{origin}]"
        elif info.origin:
            flag += f"  [{info.origin}]"
        print(
            f"{info.code}  {info.name:<28} {info.family.value:<12} {info.action.value:<7} "
            f"{summary}{flag}",
            file=out,
        )


def _describe_rule(rules: RuleSet, code: str, out: TextIO) -> None:
    rule = rules.get(code)
    info = rule.info
    print(f"{info.code} {info.name}\n", file=out)
    if isinstance(rule, FilterRule):
        hiding, exceptions, origin = _filter_counts(rules, info.code)
        print(f"Element hiding by the filter list {os.path.basename(origin)}.\n", file=out)
        print(f"Family: {info.family.value}   Action: drop (exceptions: protect)\n", file=out)
        print(f"Why is this junk?\n  {_FILTER_WHY}\n", file=out)
        print(
            f"Origin\n  {origin}: {_counted(hiding, exceptions)}; each finding names its line.\n",
            file=out,
        )
        return
    print(f"{info.summary}\n", file=out)
    print(
        f"Family: {info.family.value}   Action: {info.action.value}   Stage: {info.stage}\n",
        file=out,
    )
    print(f"Why is this junk?\n  {info.why}\n", file=out)
    if isinstance(rule, PackRule):
        print(f"Selector\n  {rule.selector}\n", file=out)
        if rule.include or rule.exclude:
            hosts = [*sorted(rule.include), *(f"~{d}" for d in sorted(rule.exclude))]
            print(f"Domains\n  {', '.join(hosts)}\n", file=out)
    if info.example:
        print(f"Example\n  {info.example}\n", file=out)
    if info.false_positives:
        print(f"Known false positives\n  {info.false_positives}\n", file=out)
    if info.origin:
        print(f"Origin\n  {info.origin}\n", file=out)
    if info.options:
        print("Options", file=out)
        for name, (default, description) in info.options.items():
            print(f"  {name} (default {default!r}): {description}", file=out)
