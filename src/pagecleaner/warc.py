"""Crawl archives: clean the HTML responses of WARC files (WARC/1.0 and 1.1, gzip-compressed
per record or not), streaming, one record in memory at a time.

Usage::

    import pagecleaner

    run = pagecleaner.clean_warc("crawl.warc.gz", jobs=2)
    for item in run:                     # WarcItem: a BatchItem with record_id and uri
        if item.ok:
            print(item.uri, item.result.metadata.title)
        else:
            print(item.record_id, item.error)
    print(run.stats.summary())           # records read, cleaned, skipped (by reason), failed

Which records are pages: ``response`` records whose HTTP ``Content-Type`` is ``text/html``
or ``application/xhtml+xml`` (or, without a Content-Type, whose payload starts like HTML).
``WARC-Target-URI`` is the page's URL; the HTTP ``Content-Type`` charset decodes the payload
when the payload is not valid UTF-8 and decodes without error in that charset (otherwise
the bytes are sniffed as for any page). Every other record (``request``, ``warcinfo``,
``metadata``, ``revisit``, images, PDFs...) is skipped and counted in :class:`WarcStats`.

Bad archives never raise and never stop the file: a file that is not a WARC, a truncated
record, a record whose ``Content-Length`` does not match its block, a response without HTTP
headers or a payload above ``Options.max_input_bytes`` each become a failed
:class:`WarcItem` (``error_type == "InputError"``); reading resumes at the next record
(the next gzip member that starts a WARC record, or the next ``WARC/1.x`` line). A large
record is never held whole: its payload is read up to the limit and the rest is skipped in
blocks.

The reader is warcio (see docs/architecture.md for the measurement against FastWARC).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import zlib
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import IO, TYPE_CHECKING, Any

from .batch import BatchItem, Task, run_batch
from .errors import ConfigError, InputError
from .load import _normalise_encoding

if TYPE_CHECKING:
    from .api import Cleaner

__all__ = ["WarcItem", "WarcRun", "WarcStats", "is_warc_file"]

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
# How far a resynchronisation scan reads at a time: bounded memory whatever the damage.
_SCAN_BLOCK = 1 << 20
# Payload heads that mark HTML when a response has no Content-Type.
_NO_HTTP = "response record without an HTTP status line and headers"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")


@dataclass(frozen=True)
class WarcItem(BatchItem):
    """One HTML response of a WARC file: a :class:`~pagecleaner.BatchItem` with the record."""

    record_id: str | None
    """The record's ``WARC-Record-ID`` (None when the record was too damaged to read it)."""
    uri: str | None
    """The record's ``WARC-Target-URI``, used as the page's URL."""
    offset: int | None
    """Where the record starts in the file (compressed offset for ``.warc.gz``)."""

    def to_dict(self) -> dict[str, Any]:
        """``source``, ``record_id``, ``uri``, ``offset``, then :meth:`BatchItem.to_dict`."""
        data: dict[str, Any] = {
            "source": self.source,
            "record_id": self.record_id,
            "uri": self.uri,
            "offset": self.offset,
        }
        data.update(super().to_dict())
        return data


@dataclass
class WarcStats:
    """What a WARC run read so far; complete once its iterator is exhausted."""

    records: int = 0
    """Records read, pages or not (a damaged stretch counts as one)."""
    pages: int = 0
    """HTML responses handed to the cleaner."""
    unreadable: int = 0
    """Damaged records and files that are not WARCs (each also a failed item)."""
    skipped: Counter[str] = field(default_factory=Counter)
    """Records that are not HTML pages, by reason (``request``, ``not-html: image/png``...)."""

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        reasons = ", ".join(f"{r} {n}" for r, n in self.skipped.most_common(5))
        return (
            f"{self.records} records: {self.pages} HTML pages, {skipped} skipped"
            + (f" ({reasons})" if reasons else "")
            + f", {self.unreadable} unreadable"
        )


@dataclass(frozen=True)
class _Page:
    record_id: str | None
    uri: str | None
    offset: int | None
    page: str | bytes | None = None
    problem: str | None = None


def is_warc_file(path: str | os.PathLike[str]) -> bool:
    """True for a file named ``.warc``/``.warc.gz``, or whose content starts as a WARC."""
    name = os.fspath(path).lower()
    if name.endswith(WARC_SUFFIXES):
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
            if head.startswith(b"\x1f\x8b"):
                handle.seek(0)
                head = zlib.decompressobj(31).decompress(handle.read(4096), 64)
    except (OSError, zlib.error):
        return False
    return head.startswith(_WARC_MAGIC)


class _QuietIterator:
    """warcio's ArchiveIterator without its stderr warning; the warning is counted (in
    ``err_count``) and reported as a failed item instead."""

    def __new__(cls, handle: IO[bytes]) -> Any:
        from warcio.archiveiterator import ArchiveIterator

        class Quiet(ArchiveIterator):  # type: ignore[misc]
            INC_RECORD = ""

        return Quiet(handle)


def read_warc(path: str, *, max_bytes: int, stats: WarcStats) -> Iterator[_Page]:
    """The HTML responses of one WARC file and its damaged records, in file order."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed in finally, across yields
    except OSError as exc:
        stats.unreadable += 1
        yield _Page(None, None, None, problem=f"cannot read {path!r}: {exc.strerror or exc}")
        return
    try:
        size = os.fstat(handle.fileno()).st_size
        compressed = handle.read(2) == b"\x1f\x8b"
        start: int | None = 0
        if not _starts_record(handle, 0, compressed):
            stats.unreadable += 1
            stats.records += 1
            yield _Page(None, None, 0, problem=_not_warc(handle, compressed))
            return
        while start is not None:
            start = yield from _read_from(handle, start, size, compressed, max_bytes, stats)
    finally:
        handle.close()


def _not_warc(handle: IO[bytes], compressed: bool) -> str:
    handle.seek(0)
    head = handle.read(4096)
    if compressed:
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            return "not a WARC file: gzip data that does not decompress"
    first = head.split(b"\n", 1)[0][:40].decode("utf-8", "replace")
    return f"not a WARC file: it starts with {first!r}, not 'WARC/1.0' or 'WARC/1.1'"


def _starts_record(handle: IO[bytes], offset: int, compressed: bool) -> bool:
    handle.seek(offset)
    head = handle.read(4096 if compressed else len(_WARC_MAGIC))
    if compressed:
        try:
            head = zlib.decompressobj(31).decompress(head, len(_WARC_MAGIC))
        except zlib.error:
            return False
    return head.startswith(_WARC_MAGIC)


def _resync(handle: IO[bytes], offset: int, compressed: bool) -> int | None:
    """The offset of the next record start after ``offset``, or None at the end of file."""
    marker = _GZIP_MAGIC if compressed else b"\n" + _WARC_MAGIC
    position = offset
    while True:
        handle.seek(position)
        block = handle.read(_SCAN_BLOCK)
        if len(block) < len(marker):
            return None
        found = block.find(marker)
        while found >= 0:
            candidate = position + found + (0 if compressed else 1)
            if _starts_record(handle, candidate, compressed):
                return candidate
            found = block.find(marker, found + 1)
        position += len(block) - len(marker) + 1


# Errors warcio (and zlib, for damaged members) raise on a record it cannot read.
def _read_errors() -> tuple[type[BaseException], ...]:
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    return (
        ArchiveLoadFailed,
        StatusAndHeadersParserException,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        IndexError,
        KeyError,
    )


def _read_from(
    handle: IO[bytes],
    start: int,
    size: int,
    compressed: bool,
    max_bytes: int,
    stats: WarcStats,
) -> Generator[_Page, None, int | None]:
    """Read records from ``start``; returns where to resume after damage, or None."""
    errors = _read_errors()
    handle.seek(start)
    iterator = _QuietIterator(handle)
    records = iter(iterator)
    end = start  # where the last good record ended
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except errors as exc:
            stats.records += 1
            stats.unreadable += 1
            yield _Page(None, None, end, problem=f"unreadable record at byte {end}: {_line(exc)}")
            return _resync(handle, end + 1, compressed)
        stats.records += 1
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        uri = record.rec_headers.get_header("WARC-Target-URI")
        warned = iterator.err_count
        page, problem, skip = None, None, None
        try:
            page, problem, skip = _take(record, max_bytes)
        except errors as exc:  # e.g. a broken HTTP Content-Encoding: the framing is fine
            problem = f"unreadable payload: {_line(exc)}"
        try:
            iterator.read_to_end()
        except errors as exc:  # the framing is broken: resume at the next record
            stats.unreadable += 1
            yield _Page(
                record_id, uri, end, problem=f"unreadable record at byte {end}: {_line(exc)}"
            )
            return _resync(handle, end + 1, compressed)
        offset = iterator.get_record_offset() if iterator.member_info else end
        if iterator.member_info:
            end = offset + iterator.get_record_length()
        declared = _declared_length(record)
        if problem is None and record.raw_stream.limit > 0:
            missing = record.raw_stream.limit
            problem = (
                f"truncated record: {declared - missing:,} of its {declared:,} bytes"
                " (Content-Length) are in the file"
            )
        elif problem is None and iterator.err_count > warned:
            problem = "the record's Content-Length does not match its block"
        if problem is not None:
            stats.unreadable += 1
            yield _Page(record_id, uri, offset, problem=problem)
        elif skip is not None:
            stats.skipped[skip] += 1
        else:
            stats.pages += 1
            yield _Page(record_id, uri, offset, page=page)
    if end < size and _has_data(handle, end):
        # warcio ends quietly on a gzip member cut short, or on a record it cannot frame.
        stats.records += 1
        stats.unreadable += 1
        yield _Page(
            None,
            None,
            end,
            problem=f"truncated or unreadable record at byte {end}: no complete record follows",
        )
        return _resync(handle, end + 1, compressed)
    return None


def _declared_length(record: Any) -> int:
    try:
        return int(record.rec_headers.get_header("Content-Length") or 0)
    except ValueError:
        return 0


def _has_data(handle: IO[bytes], offset: int) -> bool:
    handle.seek(offset)
    return bool(handle.read(64).strip(b"\r\n\x00"))


def _line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _take(record: Any, max_bytes: int) -> tuple[str | bytes | None, str | None, str | None]:
    """(page, problem, reason to skip) for one record, its payload read at most to the limit."""
    if record.rec_type != "response":
        return None, None, str(record.rec_type)
    headers = record.http_headers
    if headers is None:
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        if not uri.startswith(("http:", "https:")):
            return None, None, "not-http"
        return None, _NO_HTTP, None
    if not str(headers.protocol).upper().startswith("HTTP/"):
        # warcio reads any first line as a status line; the block starts with the page.
        return None, f"{_NO_HTTP} (the block starts {headers.protocol[:20]!r})", None
    content_type = headers.get_header("Content-Type") or ""
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    if mime and mime not in HTML_TYPES:
        return None, None, f"not-html: {mime}"
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return (
            None,
            f"payload above the limit of {max_bytes:,} bytes (Options.max_input_bytes)",
            None,
        )
    if not mime and not payload[:512].lstrip().lower().startswith(_HTML_STARTS):
        return None, None, "not-html: no content type"
    return _decode(payload, _charset(params)), None, None


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return _normalise_encoding(value.strip().strip("\"'")) if value.strip() else None
    return None


def _decode(payload: bytes, charset: str | None) -> str | bytes:
    """The HTTP charset as the encoding hint: it decodes a payload that is not UTF-8 when
    the payload decodes cleanly with it; otherwise the bytes are sniffed as any page."""
    if (
        charset is None
        or charset == "utf-8"
        or payload.startswith((codecs.BOM_UTF8, b"\xff\xfe", b"\xfe\xff"))
    ):
        return payload
    try:
        payload.decode("utf-8")
        return payload
    except UnicodeDecodeError:
        pass
    try:
        return payload.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return payload


class WarcRun(Iterator[WarcItem]):
    """The items of one or more WARC files, lazily, in file order; ``stats`` counts records.

    Items are cleaned as in :meth:`~pagecleaner.Cleaner.clean_many` (``jobs``, ``timeout``);
    records are read only as fast as pages finish, so memory does not grow with the file.
    """

    def __init__(
        self,
        cleaner: Cleaner,
        paths: Iterable[str | os.PathLike[str]],
        *,
        jobs: int = 1,
        timeout: float | None = None,
        render: tuple[str, ...] = (),
    ) -> None:
        self.stats = WarcStats()
        self._records: dict[int, tuple[str | None, str | None, int | None]] = {}
        self._max_bytes = cleaner.options.max_input_bytes
        self._items = run_batch(
            cleaner, self._tasks(paths), jobs=jobs, timeout=timeout, render=render
        )

    def _tasks(self, paths: Iterable[str | os.PathLike[str]]) -> Iterator[Task]:
        index = 0
        for path in paths:
            source = os.fspath(path)
            for page in read_warc(source, max_bytes=self._max_bytes, stats=self.stats):
                self._records[index] = (page.record_id, page.uri, page.offset)
                if page.problem is not None:
                    yield Task(index, source, problem=InputError(page.problem))
                else:
                    yield Task(index, source, page.page, page.uri)
                index += 1

    def __next__(self) -> WarcItem:
        item = next(self._items)
        record_id, uri, offset = self._records.pop(item.index, (None, None, None))
        values = {f.name: getattr(item, f.name) for f in fields(BatchItem)}
        return WarcItem(**values, record_id=record_id, uri=uri, offset=offset)

    def close(self) -> None:
        """Stop reading and stop the workers (also done when the run is exhausted)."""
        with contextlib.suppress(AttributeError):
            self._items.close()  # type: ignore[attr-defined]


def clean_warc_paths(
    cleaner: Cleaner,
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    timeout: float | None = None,
    render: tuple[str, ...] = (),
) -> WarcRun:
    """Check the arguments now (a :class:`ConfigError`), then read lazily."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [os.fsdecode(paths)]
    checked = []
    for path in paths:
        if not isinstance(path, (str, os.PathLike)):
            raise ConfigError(f"expected a WARC file path, got {type(path).__name__}")
        checked.append(path)
    return WarcRun(cleaner, checked, jobs=jobs, timeout=timeout, render=render)
