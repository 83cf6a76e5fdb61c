"""The public entry points: :func:`clean`, :func:`clean_paths` and the reusable
:class:`Cleaner`."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .errors import ConfigError, InputError
from .filterlist import bind_filter_rules
from .options import DEFAULT_MAX_INPUT_BYTES, Options
from .pipeline import run_pipeline
from .result import CleanResult
from .rulepack import DomainHook, load_user_config
from .rules import Rule
from .rules.registry import RuleSet

if TYPE_CHECKING:
    from .batch import BatchItem, PageInput
    from .warc import WarcRun

__all__ = ["Cleaner", "clean", "clean_file", "clean_many", "clean_paths", "clean_warc"]


class Cleaner:
    """Cleans pages with one validated configuration; build once, reuse for every page.

    Rule selection and compiled patterns are prepared here, not per page: the rule packs,
    filter lists and lexicon files named in the options are read (a
    :class:`~pagecleaner.ConfigError` names the file and line of any mistake), user rules
    join the built-in ones (or ``rules``), then ``select`` and ``disable`` apply to all.
    """

    def __init__(
        self, options: Options | None = None, *, rules: Iterable[Rule] | None = None
    ) -> None:
        if options is not None and not isinstance(options, Options):
            raise ConfigError(
                f"options must be a pagecleaner.Options, got {type(options).__name__}"
            )
        self.options = options or Options()
        base = RuleSet.builtin() if rules is None else RuleSet(rules)
        user = load_user_config(self.options, base)
        self.all_rules = base.extended(user.rules)
        """Every rule this Cleaner knows, before ``select`` and ``disable``."""
        selected = self.all_rules.selected(self.options.select, self.options.disable)
        self.rules = RuleSet(bind_filter_rules(selected))
        """The rules that run, in order."""
        self.filter_lists = user.filter_lists
        """The filter lists loaded, each with its unsupported lines."""
        self.lexicon = user.lexicon
        """The spam vocabulary with user terms; None for the built-in lexicons only."""
        self._run_options = (
            self.options
            if user.rule_options == self.options.rule_options
            else dataclasses.replace(self.options, rule_options=user.rule_options)
        )
        # Domain sections of rule packs: a hook first gives each page its host's settings.
        self._run_rules = (
            self.rules if user.domains is None else RuleSet((DomainHook(user.domains), *self.rules))
        )
        # What a worker process needs to build the same Cleaner (None: the built-in rules);
        # it reads the rule packs and filter lists from the paths in the options itself.
        self._rules_given: tuple[Rule, ...] | None = None if rules is None else tuple(base)

    def clean(self, markup: str | bytes, *, url: str | None = None) -> CleanResult:
        """Clean one page given as text or raw bytes (bytes are decoded by sniffing).

        Raises :class:`~pagecleaner.InputError` for input that is not a page; a page
        without an article is a result with ``outcome`` other than ``"article"``.
        """
        if url is not None and not isinstance(url, str):
            raise ConfigError(f"url must be a string, got {type(url).__name__}")
        try:
            return run_pipeline(
                markup,
                url=url,
                options=self._run_options,
                rules=self._run_rules,
                lexicon=self.lexicon,
            )
        except RecursionError:
            raise InputError("the page is nested too deeply to process") from None
        except MemoryError:
            raise InputError("the page is too large to process in memory") from None

    def clean_file(self, path: str | os.PathLike[str], *, url: str | None = None) -> CleanResult:
        """Clean a saved page; ``.gz`` files are decompressed."""
        return self.clean(read_page_file(path), url=url)

    def clean_many(
        self,
        inputs: Iterable[PageInput],
        *,
        jobs: int = 1,
        ordered: bool = True,
        timeout: float | None = None,
    ) -> Iterator[BatchItem]:
        """Clean pages held in memory: each one text, bytes or a ``(page, url)`` pair.

        Returns a lazy iterator of :class:`~pagecleaner.BatchItem`, one per input, in input
        order (``ordered=False``: as each page finishes). A page that cannot be cleaned is
        an item with ``error`` set; it never stops the batch. ``jobs > 1`` cleans on that
        many worker processes; ``timeout`` fails any page taking longer than that many
        seconds. See :mod:`pagecleaner.batch`. Raises :class:`~pagecleaner.ConfigError` at
        once for bad arguments.
        """
        from .batch import run_batch, tasks_from_pages  # batch imports this module

        if isinstance(inputs, (str, bytes, bytearray, memoryview)):
            raise ConfigError("inputs must be an iterable of pages; put a single page in a list")
        return run_batch(
            self, tasks_from_pages(inputs), jobs=jobs, ordered=ordered, timeout=timeout
        )

    def clean_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        jobs: int = 1,
        ordered: bool = True,
        timeout: float | None = None,
    ) -> Iterator[BatchItem]:
        """Clean saved page files (gzip-compressed or not); like :meth:`clean_many`.

        ``item.source`` is the path; a file that cannot be read is an item with ``error``
        set. Files are read by the workers, and ``paths`` only as fast as pages finish.
        """
        from .batch import run_batch, tasks_from_paths  # batch imports this module

        if isinstance(paths, (str, bytes, os.PathLike)):
            raise ConfigError("paths must be an iterable of paths; put a single path in a list")
        return run_batch(self, tasks_from_paths(paths), jobs=jobs, ordered=ordered, timeout=timeout)

    def clean_warc(
        self,
        path: str | os.PathLike[str],
        *,
        jobs: int = 1,
        timeout: float | None = None,
    ) -> WarcRun:
        """Clean the HTML responses of a WARC file (``.warc`` or ``.warc.gz``), streaming.

        Returns a lazy iterator of :class:`~pagecleaner.warc.WarcItem` (a ``BatchItem``
        with ``record_id``, ``uri`` and ``offset``), in file order; its ``stats`` count the
        records read, cleaned, skipped and unreadable. A damaged record or a file that is
        not a WARC is a failed item, never an exception. See :mod:`pagecleaner.warc`.
        """
        from .warc import clean_warc_paths  # warc imports batch, which imports this module

        return clean_warc_paths(self, [path], jobs=jobs, timeout=timeout)

    def __repr__(self) -> str:
        return f"Cleaner({self.options!r}, rules={len(self.rules)})"


_DEFAULT: Cleaner | None = None


def clean(
    markup: str | bytes, *, url: str | None = None, options: Options | None = None
) -> CleanResult:
    """Clean one page with default (or given) options. See :meth:`Cleaner.clean`."""
    return _cleaner(options).clean(markup, url=url)


def clean_file(
    path: str | os.PathLike[str], *, url: str | None = None, options: Options | None = None
) -> CleanResult:
    """Clean a saved page file (``.html`` or ``.html.gz``)."""
    return clean(read_page_file(path), url=url, options=options)


def clean_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    options: Options | None = None,
    ordered: bool = True,
    timeout: float | None = None,
) -> Iterator[BatchItem]:
    """Clean saved page files with default (or given) options. See :meth:`Cleaner.clean_paths`."""
    return _cleaner(options).clean_paths(paths, jobs=jobs, ordered=ordered, timeout=timeout)


def clean_many(
    inputs: Iterable[PageInput],
    *,
    jobs: int = 1,
    options: Options | None = None,
    ordered: bool = True,
    timeout: float | None = None,
) -> Iterator[BatchItem]:
    """Clean pages held in memory with default (or given) options. See
    :meth:`Cleaner.clean_many`."""
    return _cleaner(options).clean_many(inputs, jobs=jobs, ordered=ordered, timeout=timeout)


def clean_warc(
    path: str | os.PathLike[str],
    *,
    jobs: int = 1,
    options: Options | None = None,
    timeout: float | None = None,
) -> WarcRun:
    """Clean the HTML responses of a WARC file with default (or given) options. See
    :meth:`Cleaner.clean_warc`."""
    return _cleaner(options).clean_warc(path, jobs=jobs, timeout=timeout)


def _cleaner(options: Options | None) -> Cleaner:
    """A Cleaner for ``options``; without them the default one, built once per process."""
    global _DEFAULT
    if options is not None:
        return Cleaner(options)
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT


def read_page_file(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES
) -> bytes:
    """The raw bytes of a saved page, gunzipped when the file is gzip-compressed.

    At most ``max_bytes + 1`` bytes are read or decompressed, so that a small .gz holding
    gigabytes costs no more memory than the limit: ``clean()`` then refuses the page as too
    large with an :class:`InputError`.
    """
    import gzip

    name = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
            if data[:2] == b"\x1f\x8b":
                handle.seek(0)
                with gzip.GzipFile(fileobj=handle) as unzipped:
                    data = unzipped.read(max_bytes + 1)
    except (EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"{name!r} is not valid gzip: {exc}") from None
    except OSError as exc:
        raise InputError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    return data
