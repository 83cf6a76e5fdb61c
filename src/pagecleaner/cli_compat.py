"""Command-line names trafilatura users type, mapped onto pagecleaner's own options.

``--input-dir DIR`` is a folder argument, ``-i/--input-file FILE`` a file listing one page
path per line, ``--output-dir DIR`` is ``-o DIR/``, ``--parallel N`` is ``-j N`` (declared
with ``--jobs``); ``--no-tables``, ``--max-bytes`` and ``--max-depth`` set the options of
the same meaning. Each alias has exactly one pagecleaner meaning: no second behaviour.
"""

from __future__ import annotations

import argparse
import os

from .errors import InputError

__all__ = ["add_compat_arguments", "apply_compat", "compat_options"]


def _size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def add_compat_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("trafilatura-style names")
    group.add_argument(
        "--input-dir",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder of saved pages (the same as giving the folder as an argument)",
    )
    group.add_argument(
        "-i",
        "--input-file",
        metavar="FILE",
        help="a file listing page paths, one per line (blank lines and # comments skipped)",
    )
    group.add_argument(
        "--output-dir",
        metavar="DIR",
        help="write one file per page under DIR (the same as -o DIR/)",
    )
    group.add_argument(
        "--no-tables",
        action="store_true",
        help="leave tables out of the article (Options.include_tables=False)",
    )
    group.add_argument(
        "--max-bytes",
        type=_size,
        metavar="N",
        help="refuse pages larger than N bytes (Options.max_input_bytes; default 20 MiB)",
    )
    group.add_argument(
        "--max-depth",
        type=_size,
        metavar="N",
        help="refuse pages nested deeper than N elements (Options.max_nesting_depth)",
    )


def apply_compat(args: argparse.Namespace) -> None:
    """Fold the aliases into ``pages`` and ``output``; InputError for an unreadable list."""
    pages: list[str] = list(args.pages)
    pages.extend(args.input_dir)
    if args.input_file:
        try:
            with open(args.input_file, encoding="utf-8") as handle:
                listed = [line.strip() for line in handle]
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise InputError(f"cannot read --input-file {args.input_file!r}: {reason}") from None
        pages.extend(p for p in listed if p and not p.startswith("#"))
        if not pages:
            raise InputError(f"--input-file {args.input_file!r} lists no pages")
    args.pages = pages
    if args.output_dir:
        if args.output is not None:
            raise InputError("give either -o or --output-dir, not both")
        args.output = args.output_dir.rstrip("/" + (os.altsep or "")) + os.sep


def compat_options(args: argparse.Namespace) -> dict[str, object]:
    """The Options fields the aliases set (only those given)."""
    values: dict[str, object] = {}
    if args.no_tables:
        values["include_tables"] = False
    if args.max_bytes is not None:
        values["max_input_bytes"] = args.max_bytes
    if args.max_depth is not None:
        values["max_nesting_depth"] = args.max_depth
    return values
