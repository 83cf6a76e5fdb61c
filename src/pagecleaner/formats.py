"""Output formats beyond text, Markdown, HTML and JSON: an XML document of the article's
structure and metadata (built with lxml), and CSV rows for batches.

The XML follows the shape trafilatura users know (``<doc>`` with the metadata as
attributes, the article in ``<main>``, comments in ``<comments>``)::

    <doc url="..." title="..." author="A; B" date="2024-01-31" sitename="..." language="en"
         categories="..." tags="..." outcome="article" verdict="cleaned" spam_score="25">
      <main>
        <head rend="h2">A heading</head>
        <p>Text with <hi rend="b">emphasis</hi> and <ref target="https://...">a link</ref>.</p>
        <list rend="ol"><item>one</item><item level="2">nested</item></list>
        <quote><p>Quoted text</p></quote>
        <code lang="python">print("hi")</code>
        <table><row role="head"><cell>h</cell></row><row><cell>v</cell></row></table>
      </main>
      <comments>reader comments as text</comments>
    </doc>

Characters XML 1.0 cannot hold (C0 controls, lone surrogates) are left out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import regex

from .result import CleanResult

if TYPE_CHECKING:
    from .render import Block, Inline

__all__ = ["CSV_COLUMNS", "csv_row", "to_xml"]

_NOT_XML = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = "\u2028"
# Emphasis tags of the model → trafilatura's rend values.
_REND = {"strong": "b", "b": "b", "em": "i", "i": "i", "u": "u", "code": "code", "mark": "b"}

CSV_COLUMNS = (
    "source",
    "record_id",
    "uri",
    "ok",
    "error",
    "url",
    "outcome",
    "verdict",
    "title",
    "authors",
    "date_published",
    "site_name",
    "language",
    "text",
)
"""The columns of ``--format csv``: one row per page; authors joined with ``; ``."""


def _clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def to_xml(result: CleanResult, *, pretty: bool = True) -> str:
    """The article and its metadata as an XML document (a str with its declaration)."""
    from lxml import etree

    meta = result.metadata
    attributes = {
        "url": result.url or meta.canonical_url,
        "title": meta.title,
        "author": "; ".join(meta.authors) or None,
        "date": meta.date_published,
        "sitename": meta.site_name,
        "language": meta.language,
        "description": meta.description,
        "categories": "; ".join(meta.categories) or None,
        "tags": "; ".join(meta.tags) or None,
        "license": meta.license,
        "outcome": result.outcome,
        "verdict": result.spam.verdict,
        "spam_score": f"{result.spam.score:g}",
    }
    doc = etree.Element("doc")
    for name, value in attributes.items():
        if value:
            doc.set(name, _clean(value))
    main = etree.SubElement(doc, "main")
    model = result.model
    if model is not None:
        _blocks(main, model.blocks, model.include_links, model.include_images)
    if result.comments:
        etree.SubElement(doc, "comments").text = _clean(result.comments)
    data: bytes = etree.tostring(doc, encoding="utf-8", xml_declaration=True, pretty_print=pretty)
    return data.decode("utf-8")


def _blocks(main: Any, blocks: Iterable[Block], links: bool, images: bool) -> None:
    from lxml import etree

    current_list: Any = None
    for block in blocks:
        if block.kind != "li":
            current_list = None
        parent = main
        if block.quote:
            parent = etree.SubElement(main, "quote")
        if block.kind == "hr":
            etree.SubElement(parent, "lb")
        elif block.kind == "pre":
            code = etree.SubElement(parent, "code")
            if block.language:
                code.set("lang", _clean(block.language))
            code.text = _clean(block.inlines[0].text if block.inlines else "")
        elif block.kind == "table":
            table = etree.SubElement(parent, "table")
            for number, row in enumerate(block.rows):
                row_element = etree.SubElement(table, "row")
                if number < block.header_rows:
                    row_element.set("role", "head")
                for cell in row:
                    _inlines(etree.SubElement(row_element, "cell"), cell, links, images)
        elif block.kind == "li":
            if current_list is None or block.quote:
                ordered = bool(block.lists and block.lists[0][0])
                current_list = etree.SubElement(parent, "list", rend="ol" if ordered else "ul")
            item = etree.SubElement(current_list, "item")
            if len(block.lists) > 1:
                item.set("level", str(len(block.lists)))
            _inlines(item, block.inlines, links, images)
        elif len(block.kind) == 2 and block.kind[0] == "h" and block.kind[1].isdigit():
            _inlines(
                etree.SubElement(parent, "head", rend=block.kind), block.inlines, links, images
            )
        else:
            _inlines(etree.SubElement(parent, "p"), block.inlines, links, images)


def _inlines(element: Any, runs: Iterable[Inline], links: bool, images: bool) -> None:
    """Append runs to ``element``: text, <hi>, <ref>, <lb/>, <graphic/>."""
    from lxml import etree

    last: Any = None

    def add_text(text: str) -> None:
        nonlocal last
        pieces = _clean(text).split(_LINE_BREAK)
        for number, piece in enumerate(pieces):
            if number:
                last = etree.SubElement(element, "lb")
            if not piece:
                continue
            if last is None:
                element.text = (element.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece

    for run in runs:
        if run.image is not None:
            if images:
                src, alt = run.image
                last = etree.SubElement(element, "graphic", src=_clean(src), alt=_clean(alt))
            continue
        wrapped = None
        if links and run.href and run.text.strip():
            wrapped = etree.SubElement(element, "ref", target=_clean(run.href))
        if run.emphasis and run.text.strip():
            rend = _REND.get(run.emphasis, run.emphasis)
            host = wrapped if wrapped is not None else element
            hi = etree.SubElement(host, "hi", rend=rend)
            hi.text = _clean(run.text.replace(_LINE_BREAK, " "))
            last = wrapped if wrapped is not None else hi
        elif wrapped is not None:
            wrapped.text = _clean(run.text.replace(_LINE_BREAK, " "))
            last = wrapped
        else:
            add_text(run.text)
    _normalise_space(element)


def _normalise_space(element: Any) -> None:
    # Runs carry the page's whitespace; collapse it as the text output does.
    if element.text:
        element.text = " ".join(element.text.split(" ")).lstrip() or None
    children = list(element)
    if children and children[-1].tail:
        children[-1].tail = children[-1].tail.rstrip() or None
    elif not children and element.text:
        element.text = element.text.rstrip() or None


def csv_header() -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(CSV_COLUMNS)
    return buffer.getvalue()


def csv_row(
    result: CleanResult | None,
    *,
    source: str | None = None,
    record_id: str | None = None,
    uri: str | None = None,
    error: str | None = None,
) -> str:
    """One CSV line (with its line ending) in the order of :data:`CSV_COLUMNS`."""
    meta = result.metadata if result is not None else None
    values = [
        source or "",
        record_id or "",
        uri or "",
        "true" if result is not None else "false",
        error or "",
        (result.url or "") if result is not None else "",
        result.outcome if result is not None else "",
        result.spam.verdict if result is not None else "",
        (meta.title or "") if meta else "",
        "; ".join(meta.authors) if meta else "",
        (meta.date_published or "") if meta else "",
        (meta.site_name or "") if meta else "",
        (meta.language or "") if meta else "",
        result.text if result is not None else "",
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()
