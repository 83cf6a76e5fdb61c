"""Stage 1, load: turn bytes or text into a checked Unicode string.

Encoding order for bytes, the HTML standard's (WHATWG "determine the character encoding"):
a BOM; the caller's forced encoding; bytes that are entirely valid UTF-8 (see below); the
transport hint (an HTTP ``charset`` from a WARC record or the caller); the ``<meta>``
declaration (the prescan, extended to the whole ``<head>`` as a parser that meets a late
``<meta charset>`` would); and only when nothing is declared, detection that prefers the
usual encodings of the page's language. A declared encoding is used even when some bytes do
not fit it: a page declaring UTF-8 with a few stray Latin-1 bytes decodes as UTF-8 with
U+FFFD, as in a browser, instead of being re-guessed as windows-1250. Labels map to the
Encoding Standard's supersets (``latin1``/``iso-8859-1``/``ascii`` are windows-1252,
``gb2312`` is GB18030, ...), and windows-1252's five unassigned bytes decode to the C1
controls of the same value, as browsers do.

The one deviation: bytes that are valid UTF-8 and hold multi-byte sequences are UTF-8 even
when the page or the server declares a legacy encoding. Legacy-encoded text is practically
never valid UTF-8 by accident, and servers and templates that announce ``iso-8859-1`` for
UTF-8 pages are common (in the trafilatura corpus among others); a browser shows those
pages as mojibake.
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

import regex

from .errors import InputError
from .guard import check_markup, measure_markup

LOGGER = logging.getLogger(__name__)

# The standard's prescan reads 1024 bytes; real pages put long <head> comments first, so
# the first pass reads a little further. A declaration later in the <head> (after long
# inline scripts) is found by a second search up to <body>, bounded by HEAD_SCAN_BYTES.
CHARSET_SNIFF_BYTES = 4096
HEAD_SCAN_BYTES = 1024 * 1024
# Sniffing whole multi-megabyte pages is slow and no more accurate than a large sample.
DETECTION_SAMPLE_BYTES = 64 * 1024

_META_CHARSET = regex.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", regex.IGNORECASE
)
_BODY_START = regex.compile(rb"<body[\s>]", regex.IGNORECASE)
_LANG = regex.compile(
    rb"""<html[^>]*?\slang\s*=\s*["']?\s*([a-zA-Z]{2,3})"""
    rb"""|<meta[^>]+?content-language["'][^>]*?content\s*=\s*["']?\s*([a-zA-Z]{2,3})"""
    rb"""|<meta[^>]+?og:locale["'][^>]*?content\s*=\s*["']?\s*([a-zA-Z]{2,3})""",
    regex.IGNORECASE,
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
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "x-user-defined": "cp1252",
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "iso-8859-8-i": "iso8859-8",
}
# A <meta> may not declare UTF-16 (the bytes it sits in are ASCII-compatible): the standard
# reads such a declaration as UTF-8.
_META_UTF16 = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf_16", "utf_16_le", "utf_16_be"})
# The usual encodings of pages in a language, most common first: detection chooses among
# these when the page names its language, and prefers them among equally good guesses.
_USUAL_ENCODINGS = (
    ("en fr de es it pt nl da sv no nb nn fi is ga ca eu gl af id ms sw sq", ("cp1252",)),
    ("pl cs sk sl hr hu ro bs sr", ("cp1250", "iso8859-2")),
    ("ru uk be bg mk", ("cp1251", "koi8-r", "koi8-u")),
    ("el", ("cp1253", "iso8859-7")),
    ("tr", ("cp1254",)),
    ("he", ("cp1255", "iso8859-8")),
    ("ar fa", ("cp1256", "iso8859-6")),
    ("lt lv et", ("cp1257", "iso8859-13")),
    ("vi", ("cp1258",)),
    ("th", ("cp874",)),
    ("zh", ("gb18030", "big5hkscs")),
    ("ja", ("cp932", "euc_jp", "iso2022_jp")),
    ("ko", ("cp949",)),
)
_LANGUAGE_ENCODINGS = {
    language: encodings
    for languages, encodings in _USUAL_ENCODINGS
    for language in languages.split()
}
# charset-normalizer names the language it recognised in English.
_LANGUAGE_NAMES = {
    "English": "en", "French": "fr", "German": "de", "Spanish": "es", "Italian": "it",
    "Portuguese": "pt", "Dutch": "nl", "Danish": "da", "Swedish": "sv", "Norwegian": "no",
    "Finnish": "fi", "Polish": "pl", "Czech": "cs", "Slovak": "sk", "Slovene": "sl",
    "Croatian": "hr", "Hungarian": "hu", "Romanian": "ro", "Russian": "ru", "Ukrainian": "uk",
    "Bulgarian": "bg", "Greek": "el", "Turkish": "tr", "Hebrew": "he", "Arabic": "ar",
    "Farsi": "fa", "Lithuanian": "lt", "Vietnamese": "vi", "Thai": "th", "Chinese": "zh",
    "Japanese": "ja", "Korean": "ko",
}  # fmt: skip
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
    transport_encoding: str | None = None,
) -> LoadedPage:
    """Decode and check the input; raise :class:`InputError` for what cannot be a page.

    ``encoding`` forces an encoding; ``transport_encoding`` is a hint from the transport
    (an HTTP ``Content-Type`` charset), weaker than the bytes being valid UTF-8.
    """
    # In UTF-8 every ASCII character is its own byte, so NULs and '<' are looked for in the
    # bytes: searching a str that holds any non-Latin-1 character costs 2-10x more.
    ascii_view: str | bytes
    if isinstance(markup, (bytes, bytearray, memoryview)):
        data = bytes(markup)
        _check_size(len(data), max_bytes)
        _check_not_binary(data)
        text, used = decode_bytes(data, forced=encoding, transport=transport_encoding)
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
    check_markup(text, max_depth=max_depth, tag_starts=_ascii_count(ascii_view, "<"))
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


def decode_bytes(
    data: bytes, *, forced: str | None = None, transport: str | None = None
) -> tuple[str, str]:
    """Decode page bytes the way a browser does (see the module docstring); never raises.

    ``forced`` overrides everything but a BOM; ``transport`` is the HTTP ``charset``.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    if forced:
        name = _normalise_encoding(forced) or forced
        return _decode(data, name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = (_normalise_encoding(transport) if transport else None) or _declared_charset(data)
    if declared:
        return _decode(data, declared), declared
    guessed = _detect_charset(data[:DETECTION_SAMPLE_BYTES], _page_language(data)) or "cp1252"
    return _decode(data, guessed), guessed


def _decode(data: bytes, encoding: str) -> str:
    # windows-1252 leaves five bytes unassigned in Python; the Encoding Standard maps them to
    # the C1 controls of the same value. Other undecodable bytes become U+FFFD.
    errors = "pagecleaner-c1" if encoding == "cp1252" else "replace"
    return data.decode(encoding, errors=errors)


def _c1_or_replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(chr(b) if 0x80 <= b <= 0x9F else "\ufffd" for b in chunk), error.end


codecs.register_error("pagecleaner-c1", _c1_or_replace)


def _normalise_encoding(label: str) -> str | None:
    label = label.strip().lower()
    label = _ENCODING_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _ENCODING_ALIASES.get(name, name)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data, 0, CHARSET_SNIFF_BYTES)
    if not match:
        body = _BODY_START.search(data, 0, HEAD_SCAN_BYTES)
        match = _META_CHARSET.search(data, 0, body.start() if body else HEAD_SCAN_BYTES)
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    if label.replace("_", "-") in _META_UTF16:
        return "utf-8"
    return _normalise_encoding(label)


def _page_language(data: bytes) -> str | None:
    match = _LANG.search(data, 0, CHARSET_SNIFF_BYTES)
    if not match:
        return None
    code = next(group for group in match.groups() if group)
    return code.decode("ascii").lower()


def _detect_charset(sample: bytes, language: str | None) -> str | None:
    """charset-normalizer's guess, steered towards the usual encodings of the language.

    A declared language restricts the candidates to its usual encodings. Without one, among
    the guesses as coherent as the best, the one usual for the language the detector
    recognised wins (Latin-1 French is windows-1252, not the windows-1250 that decodes it
    with the same number of letters), windows-1252 when that language is unknown.
    """
    from charset_normalizer import from_bytes

    usual = _LANGUAGE_ENCODINGS.get(language or "")
    if usual:
        best = from_bytes(sample, cp_isolation=list(usual)).best()
        if best is not None:
            return _normalise_encoding(best.encoding)
    matches = list(from_bytes(sample))
    if not matches:
        return None
    best = matches[0]
    recognised = _LANGUAGE_NAMES.get(best.language, "")
    preferred = _LANGUAGE_ENCODINGS.get(recognised, ("cp1252",))
    for match in matches:
        if match.chaos > best.chaos + 0.01:
            continue
        name = _normalise_encoding(match.encoding)
        if name in preferred:
            return name
    return _normalise_encoding(best.encoding)


def estimate_nesting_depth(text: str) -> int:
    """The element nesting depth the parser would build, computed without parsing.

    The pre-parse guard's tag scan (:mod:`pagecleaner.guard`): the stack of open elements
    with implied end tags, so unclosed ``<p>`` and ``<li>`` do not count but ``<li>`` kept
    open by a ``<dd>`` between them does.
    """
    return measure_markup(text).depth
