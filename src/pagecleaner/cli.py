"""The ``pagecleaner`` command: clean a saved page and print its article.

Exit status: 0 an article was found, 1 no article, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .api import Cleaner, read_page_file
from .errors import ConfigError, InputError, PagecleanerError
from .options import Options
from .result import CleanResult
from .rules.registry import RuleSet

__all__ = ["main"]

EXIT_OK = 0
EXIT_NO_ARTICLE = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagecleaner",
        description="Print the clean main article of a saved web page, without spam or "
        "boilerplate.",
    )
    parser.add_argument(
        "page",
        nargs="?",
        default="-",
        help="saved page (.html or .html.gz); '-' or nothing reads stdin",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=("text", "markdown", "html", "json"),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument("--url", help="the page's URL, for absolute links and same-site checks")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print what was removed, grouped by rule, and why the article won",
    )
    parser.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    parser.add_argument("--rule", metavar="CODE", help="print one rule's documentation and exit")
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
    parser.add_argument("--encoding", help="decode the page with this encoding instead of sniffing")
    parser.add_argument("-v", "--verbose", action="store_true", help="log operational events")
    parser.add_argument("--version", action="version", version=f"pagecleaner {__version__}")
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="pagecleaner: %(message)s",
        stream=err,
    )
    try:
        if args.list_rules:
            _list_rules(RuleSet.builtin(), out)
            return EXIT_OK
        if args.rule:
            _describe_rule(RuleSet.builtin(), args.rule, out)
            return EXIT_OK
        options = Options(
            focus=args.focus,
            include_links=args.links,
            include_images=args.images,
            disable=tuple(args.disable),
            select=tuple(args.select),
            encoding=args.encoding,
        )
        cleaner = Cleaner(options)
        data = sys.stdin.buffer.read() if args.page == "-" else read_page_file(args.page)
        result = cleaner.clean(data, url=args.url)
    except (ConfigError, InputError) as exc:
        print(f"pagecleaner: error: {exc}", file=err)
        return EXIT_USAGE
    except PagecleanerError as exc:
        print(f"pagecleaner: error: {exc}", file=err)
        return EXIT_USAGE
    _write_result(result, args.format, out)
    if args.explain:
        _explain(result, err if args.format == "json" else out)
    if not result.has_article:
        print(f"pagecleaner: no article found ({result.outcome})", file=err)
        return EXIT_NO_ARTICLE
    return EXIT_OK


def _write_result(result: CleanResult, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(result.to_json(indent=2) + "\n")
    elif fmt == "markdown":
        out.write(result.markdown)
    elif fmt == "html":
        out.write(result.html + "\n")
    elif result.text:
        out.write(result.text + "\n")


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


def _list_rules(rules: RuleSet, out: TextIO) -> None:
    for rule in rules:
        info = rule.info
        flag = "" if info.default_enabled else " (off by default)"
        print(
            f"{info.code}  {info.name:<28} {info.family.value:<12} {info.action.value:<7} "
            f"{info.summary}{flag}",
            file=out,
        )


def _describe_rule(rules: RuleSet, code: str, out: TextIO) -> None:
    info = rules.get(code).info
    print(f"{info.code} {info.name}\n", file=out)
    print(f"{info.summary}\n", file=out)
    print(
        f"Family: {info.family.value}   Action: {info.action.value}   Stage: {info.stage}\n",
        file=out,
    )
    print(f"Why is this junk?\n  {info.why}\n", file=out)
    if info.example:
        print(f"Example\n  {info.example}\n", file=out)
    if info.false_positives:
        print(f"Known false positives\n  {info.false_positives}\n", file=out)
    if info.options:
        print("Options", file=out)
        for name, (default, description) in info.options.items():
            print(f"  {name} (default {default!r}): {description}", file=out)
