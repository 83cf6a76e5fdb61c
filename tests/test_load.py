"""Stage 1: decoding and the input checks."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

import pagecleaner
from pagecleaner import InputError, Options
from pagecleaner.load import CHARSET_SNIFF_BYTES, decode_bytes, estimate_nesting_depth

ARTICLE = (
    "<html><body><article><p>"
    + "Une phrase de l’article, avec des accents é à ü. " * 10
    + "</p></article></body></html>"
)


def test_utf8_bytes() -> None:
    text, encoding = decode_bytes(ARTICLE.encode("utf-8"))
    assert encoding == "utf-8" and "é" in text


def test_bom_wins() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))
    assert encoding == "utf-16-le" and "é" in text


def test_declared_charset_used_when_not_utf8() -> None:
    page = ARTICLE.replace("<html>", '<html><head><meta charset="windows-1252"></head>')
    text, encoding = decode_bytes(page.encode("cp1252"))
    assert encoding == "cp1252" and "l’article" in text


def test_lying_meta_charset_loses_to_valid_utf8() -> None:
    page = ARTICLE.replace("<html>", '<html><head><meta charset="iso-8859-1"></head>')
    text, encoding = decode_bytes(page.encode("utf-8"))
    assert encoding == "utf-8" and "é" in text


def test_gb2312_label_decodes_gbk_characters() -> None:
    page = '<meta charset="gb2312"><p>镕基 河北</p>'  # 镕 is GBK, not GB2312
    text, encoding = decode_bytes(page.encode("gbk"))
    assert encoding == "gb18030" and "镕基" in text


def test_undeclared_legacy_encoding_is_sniffed() -> None:
    page = "<p>" + "Съешь же ещё этих мягких французских булок, да выпей чаю. " * 20 + "</p>"
    text, _ = decode_bytes(page.encode("cp1251"))
    assert "французских" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (bytes(range(256)) * 8, "control codes"),
    ],
)
def test_unreadable_input_raises_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        pagecleaner.clean(data)


def test_wrong_type_is_an_input_error() -> None:
    with pytest.raises(InputError, match="str or bytes"):
        pagecleaner.clean(12345)  # type: ignore[arg-type]


def test_invalid_utf8_is_decoded_not_raised() -> None:
    result = pagecleaner.clean(ARTICLE.encode("utf-8") + b"\xff\xfe\xfa broken tail")
    assert "accents" in result.text


def test_size_limit() -> None:
    with pytest.raises(InputError, match="above the limit"):
        pagecleaner.clean(b"<p>" + b"x" * 2000, options=Options(max_input_bytes=1000))


def test_fifty_megabytes_refused_by_default() -> None:
    with pytest.raises(InputError, match="max_input_bytes"):
        pagecleaner.clean(b"<p>" + b"a" * (50 * 1024 * 1024))


def test_deep_nesting_refused_before_parsing() -> None:
    page = "<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</body></html>"
    with pytest.raises(InputError, match="nests elements"):
        pagecleaner.clean(page)


def test_moderate_nesting_is_processed() -> None:
    page = (
        "<html><body>" + "<div>" * 3000 + "<p>" + "Deep text here. " * 30 + "</p>" + "</div>" * 3000
    )
    result = pagecleaner.clean(page)
    assert "Deep text here." in result.text


def test_depth_estimate_ignores_unclosed_paragraphs_and_voids() -> None:
    assert estimate_nesting_depth("<p>a<p>b<br><img src=x><li>c" * 1000) <= 2
    assert estimate_nesting_depth("<div><span></span></div>") == 2


def test_page_without_body_or_with_unclosed_tags() -> None:
    assert pagecleaner.clean("<title>Only a title</title>").text == ""
    result = pagecleaner.clean("<div><p>" + "Unclosed paragraph text goes on. " * 20)
    assert "Unclosed paragraph text" in result.text


# --- decoding per the HTML standard, on real pages (tests/fixtures/decoding/README.md) ---

DECODING = Path(__file__).parent / "fixtures" / "decoding"
MOJIBAKE = ("Ă¤", "ĂĽ", "Ă¶", "Ăź", "Ã¤", "Ã¼", "Ã¶")


@pytest.mark.parametrize(
    ("name", "words", "max_replacements"),
    [
        ("Sprzeciw_wobec_atakow_na_Fundacje_Lux_Veritatis_RadioMaryja.pl", ["możemy"], 1),
        ("maescot.de.schafskunde", ["Mäscot", "Standardausführung, weiß"], 1),
        ("tierschutzpartei.de-wildvogelauffang", ["für die Vögel"], 4),
    ],
)
def test_declared_utf8_with_stray_bytes_stays_utf8(
    name: str, words: list[str], max_replacements: int
) -> None:
    data = gzip.decompress((DECODING / f"{name}.html.gz").read_bytes())
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    for word in words:
        assert word in text
    assert 1 <= text.count("\ufffd") <= max_replacements
    assert not any(marker in text for marker in MOJIBAKE)


def test_garbled_page_article_is_readable() -> None:
    data = (DECODING / "tierschutzpartei.de-wildvogelauffang.html.gz").read_bytes()
    result = pagecleaner.clean(gzip.decompress(data))
    assert "Ewald Ferlemann und sein" in result.text
    assert not any(marker in result.text for marker in MOJIBAKE)


def test_meta_charset_late_in_head_is_found() -> None:
    data = gzip.decompress((DECODING / "nmb-media.de.ebay.html.gz").read_bytes())
    assert data.find(b'charset=iso-8859-1"') > CHARSET_SNIFF_BYTES
    text, encoding = decode_bytes(data)
    assert encoding == "cp1252"
    assert "Aus datenschutzrechtlichen Gründen wird" in text


FRENCH = (
    "<html><body><p>"
    + "Les élèves de l'école à Strasbourg ont préparé une fête très réussie. " * 3
    + "</p></body></html>"
)


def test_undeclared_latin1_french_is_windows_1252() -> None:
    text, encoding = decode_bytes(FRENCH.encode("latin-1"))
    assert encoding == "cp1252" and "à Strasbourg" in text and "élèves" in text


def test_page_language_chooses_among_its_usual_encodings() -> None:
    polish = '<html lang="pl"><body><p>' + "Zażółć gęślą jaźń, źdźbło. " * 5 + "</p></body></html>"
    text, encoding = decode_bytes(polish.encode("cp1250"))
    assert encoding == "cp1250" and "Zażółć gęślą jaźń" in text
    french = FRENCH.replace("<html>", '<html lang="fr-FR">')
    text, encoding = decode_bytes(french.encode("latin-1"))
    assert encoding == "cp1252" and "élèves" in text


def test_latin1_label_is_windows_1252_with_c1_bytes() -> None:
    page = b'<meta charset="ISO-8859-1"><p>caf\xe9 \x93quoted\x94 \x81\x8d\x9d</p>'
    text, encoding = decode_bytes(page)
    assert encoding == "cp1252"
    assert "café “quoted” \x81\x8d\x9d" in text


def test_transport_hint_beats_meta_but_not_bom_or_valid_utf8() -> None:
    page = '<meta charset="windows-1251"><p>Größe</p>'
    assert decode_bytes(page.encode("cp1252"), transport="iso-8859-1")[0].endswith("Größe</p>")
    assert decode_bytes(page.encode("utf-8"), transport="iso-8859-1")[1] == "utf-8"
    bom = codecs.BOM_UTF8 + page.encode("utf-8")
    assert decode_bytes(bom, transport="iso-8859-1")[1] == "utf-8"


def test_meta_utf16_label_means_utf8() -> None:
    page = '<meta charset="utf-16"><p>Größe</p>'.encode() + b"\xff"
    text, encoding = decode_bytes(page)
    assert encoding == "utf-8" and "Größe" in text


def test_forced_encoding_wins_over_declaration() -> None:
    page = '<meta charset="utf-8"><p>Größe</p>'.encode("cp1252")
    text, encoding = decode_bytes(page, forced="latin-1")
    assert encoding == "cp1252" and "Größe" in text
