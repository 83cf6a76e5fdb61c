"""Stage 1, load: turn bytes or text into a checked Unicode string.

Encoding order for bytes: a BOM, then UTF-8 if the bytes are valid UTF-8 (a strong signal:
pages whose ``<meta charset>`` lies are common in the trafilatura corpus), then the declared
``<meta charset>``, then charset-normalizer's guess, then windows-1252 with replacement.
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

import regex

from .errors import InputError

LOGGER = logging.getLogger(__name__)

# Only the head of the page is searched for a declaration, as browsers do (HTML spec: 1024
# bytes; real pages put long <head> comments first, so we read a little further).
CHARSET_SNIFF_BYTES = 4096
# Sniffing whole multi-megabyte pages is slow and no more accurate than a large sample.
DETECTION_SAMPLE_BYTES = 64 * 1024

_META_CHARSET = regex.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", regex.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers map these labels to supersets (WHATWG Encoding Standard), and so must we, or
# "gb2312" pages with GBK characters fail to decode.
_ENCODING_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "euc-kr": "cp949",
    "big5": "big5hkscs",
}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
# Real pages have none; a few stray ones in a broken page are tolerated.
MAX_CONTROL_SHARE = 0.05
_BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"\x7fELF", "an executable"),
)
# Opening tags that a later opening tag of the same nesting must close: they cannot build
# depth, so they are left out of the depth estimate (void elements never nest either).
_NON_NESTING = (
    "area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr|param|keygen|"
    "p|li|dt|dd|option|optgroup|tr|td|th|thead|tbody|tfoot|rt|rp"
)
_TAG_TOKEN = regex.compile(rf"<(/?)(?!(?:{_NON_NESTING})\b)[a-zA-Z]", regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LoadedPage:
    text: str
    encoding: str | None


def load_page(
    markup: str | bytes | bytearray | memoryview,
    *,
    max_bytes: int,
    max_depth: int,
    encoding: str | None = None,
) -> LoadedPage:
    """Decode and check the input; raise :class:`InputError` for what cannot be a page."""
    # In UTF-8 every ASCII character is its own byte, so NULs and '<' are looked for in the
    # bytes: searching a str that holds any non-Latin-1 character costs 2-10x more.
    ascii_view: str | bytes
    if isinstance(markup, (bytes, bytearray, memoryview)):
        data = bytes(markup)
        _check_size(len(data), max_bytes)
        _check_not_binary(data)
        text, used = decode_bytes(data, forced=encoding)
        ascii_view = data if used == "utf-8" else text
    elif isinstance(markup, str):
        # A str's size in bytes is at least its length; encoding it to measure would copy it.
        _check_size(len(markup), max_bytes)
        text, used = markup, None
        ascii_view = text
    else:
        raise InputError(f"expected the page as str or bytes, got {type(markup).__name__}")
    if _ascii_find(ascii_view, "\x00") >= 0:
        # NUL never occurs in real HTML text; its presence means binary data decoded as text.
        if text.count("\x00") > len(text) // 100:
            raise InputError("input looks binary: it contains many NUL characters")
        text = ascii_view = text.replace("\x00", "")
    if not text or text.isspace():
        raise InputError("input is empty: expected an HTML page, got only whitespace")
    _check_depth(text, max_depth, _ascii_count(ascii_view, "<"))
    return LoadedPage(text=text, encoding=used)


def _ascii_find(view: str | bytes, char: str) -> int:
    return view.find(char) if isinstance(view, str) else view.find(char.encode("ascii"))


def _ascii_count(view: str | bytes, char: str) -> int:
    return view.count(char) if isinstance(view, str) else view.count(char.encode("ascii"))


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(
            f"input is {size:,} bytes, above the limit of {max_bytes:,} (Options.max_input_bytes)"
        )


def _check_not_binary(data: bytes) -> None:
    head = data[:8].lstrip()
    for signature, what in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise InputError(f"input is {what}, not an HTML page")
    sample = data[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if sample.count(b"\x00") > len(sample) // 10:
        raise InputError("input looks binary: it contains many NUL bytes")
    # Text never uses C0 control characters other than tab, newlines and form feed.
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > len(sample) * MAX_CONTROL_SHARE:
        raise InputError(
            f"input looks binary: {controls} of its first {len(sample)} bytes are control codes"
        )


def decode_bytes(data: bytes, *, forced: str | None = None) -> tuple[str, str]:
    """Decode page bytes the way a browser without HTTP headers would; never raises."""
    if forced:
        return data.decode(forced, errors="replace"), forced
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data[:CHARSET_SNIFF_BYTES])
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            LOGGER.debug("declared charset %s does not decode the page", declared)
    guessed = _detect_charset(data[:DETECTION_SAMPLE_BYTES])
    for candidate in (guessed, declared):
        if candidate:
            try:
                return data.decode(candidate), candidate
            except UnicodeDecodeError:
                continue
    # A page mostly in one encoding with a few broken bytes: keep the text, mark the damage.
    best = guessed or declared or "cp1252"
    return data.decode(best, errors="replace"), best


def _normalise_encoding(label: str) -> str | None:
    label = label.strip().lower()
    label = _ENCODING_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _ENCODING_ALIASES.get(name, name)


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    return _normalise_encoding(match.group(1).decode("ascii", "replace"))


def _detect_charset(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        return None
    return _normalise_encoding(best.encoding)


def estimate_nesting_depth(text: str) -> int:
    """An upper bound of the element nesting depth, computed without parsing.

    Counts opening tags minus closing tags of elements that can nest; unclosed ``<p>``,
    ``<li>`` and void elements are left out because the parser closes them itself.
    """
    depth = 0
    deepest = 0
    for closing in _TAG_TOKEN.findall(text):
        if closing:
            depth -= 1
        else:
            depth += 1
            deepest = max(depth, deepest)
    return deepest


def _check_depth(text: str, max_depth: int, tag_starts: int) -> None:
    # The exact count walks every tag in Python; a page with fewer '<' (``tag_starts``)
    # than the limit cannot be that deep, which spares the walk on almost every real page.
    if tag_starts <= max_depth:
        return
    depth = estimate_nesting_depth(text)
    if depth > max_depth:
        raise InputError(
            f"input nests elements about {depth:,} deep, above the limit of {max_depth:,}"
            " (Options.max_nesting_depth)"
        )
