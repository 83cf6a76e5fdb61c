"""Stage 6, render: the selected article as a small document model, then text, Markdown, HTML.

One walk over the selected subtrees (skipping removed nodes) builds an :class:`ArticleModel`
of blocks and inline runs; each output format is a cheap function of the model. HTML is
written from the model, never copied from the page, so it cannot carry scripts, event
handlers or ``javascript:`` URLs.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

import regex

from .dom import DROPPED, OPAQUE_TAGS, UNWRAPPED, PageTree

__all__ = [
    "ArticleModel",
    "Block",
    "Inline",
    "build_model",
    "render_html",
    "render_markdown",
    "render_text",
]

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "figure",
        "figcaption",
        "address",
        "dl",
        "dt",
        "dd",
        "form",
        "fieldset",
        "details",
        "summary",
        "center",
        "nav",
        "aside",
        "hgroup",
        "caption",
        "legend",
        "body",
        "html",
        "dialog",
        "search",
    }
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_EMPHASIS = {
    "strong": "strong",
    "b": "strong",
    "em": "em",
    "i": "em",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
}
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", ""})
_CJK_LETTERS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
# One CJK letter: metadata and the pipeline's length thresholds count these.
CJK_LETTER = regex.compile(f"[{_CJK_LETTERS}]")
_CJK = _CJK_LETTERS + "　-〿＀-￯"
# A line break between two CJK characters is not a space (CSS Text 3 segment break rules).
_CJK_BREAK = regex.compile(rf"(?<=[{_CJK}])[ \t\r\f\v]*\n\s*(?=[{_CJK}])")
# <br> becomes this character in the model: source newlines are spaces, a <br> is a line.
LINE_BREAK = "\u2028"
_LANGUAGE_CLASS = regex.compile(r"(?:lang|language)-([\w+#-]+)")


@dataclass(slots=True)
class Inline:
    text: str
    href: str | None = None
    emphasis: str | None = None
    image: tuple[str, str] | None = None
    """(src, alt) for an image run."""


@dataclass(slots=True)
class Block:
    kind: str
    """p, h1..h6, li, pre, table, hr."""
    inlines: list[Inline] = field(default_factory=list)
    lists: tuple[tuple[bool, int], ...] = ()
    """Enclosing lists, outermost first: (ordered, item number)."""
    quote: int = 0
    rows: list[list[list[Inline]]] = field(default_factory=list)
    header_rows: int = 0
    language: str = ""


@dataclass(slots=True)
class ArticleModel:
    blocks: list[Block]
    include_links: bool = True
    include_images: bool = False
    front_matter: dict[str, object] | None = None
    """Metadata to write as YAML front matter at the top of the Markdown, if any."""

    def links(self) -> list[str]:
        seen: dict[str, None] = {}
        for block in self.blocks:
            for run in _all_inlines(block):
                if run.href:
                    seen.setdefault(run.href)
        return list(seen)


def _all_inlines(block: Block) -> Iterable[Inline]:
    yield from block.inlines
    for row in block.rows:
        for cell in row:
            yield from cell


def safe_url(raw: str | None, base: str | None) -> str | None:
    """An absolute URL with a safe scheme, or None (javascript:, data:, vbscript: ...)."""
    if not raw:
        return None
    raw = "".join(raw.split())
    if raw.startswith(("https://", "http://")) and "[" not in raw:
        # Most article links are absolute: urljoin would hand them back unchanged, and on
        # a link-heavy article it was a seventh of the rendering time.
        return raw
    try:
        url = urljoin(base, raw) if base else raw
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in _SAFE_SCHEMES else None


class _ModelBuilder:
    """Turns DOM events into blocks. Lists, quotes and tables nest; paragraphs do not."""

    def __init__(self, base_url: str | None, include_images: bool, include_tables: bool) -> None:
        self.base_url = base_url
        self.include_images = include_images
        self.include_tables = include_tables
        self.blocks: list[Block] = []
        self.runs: list[Inline] = []
        self.kind = "p"
        self.lists: list[list[object]] = []
        self.quote = 0
        self.hrefs: list[str | None] = []
        self.emphasis: list[str] = []
        self.table: Block | None = None
        self.table_depth = 0
        self.cell: list[Inline] | None = None
        self.caption: list[Inline] = []

    # -- inline content ----------------------------------------------------------------
    def text(self, text: str) -> None:
        run = Inline(
            text,
            self.hrefs[-1] if self.hrefs else None,
            self.emphasis[-1] if self.emphasis else None,
        )
        (self.cell if self.cell is not None else self.runs).append(run)

    def flush(self) -> None:
        if self.cell is not None:
            return
        runs = self.runs
        # Every closing block tag flushes; most find nothing collected since the last one.
        if runs:
            if _has_text(runs):
                lists = (
                    tuple((bool(o), int(n)) for o, n in self.lists)  # type: ignore[call-overload]
                    if self.lists
                    else ()
                )
                self.blocks.append(Block(self.kind, runs, lists, self.quote))
            self.runs = []
        self.kind = "li" if self.lists and self.kind == "li" else "p"

    # -- elements ----------------------------------------------------------------------
    def start(self, tag: str, tree: PageTree, i: int) -> bool:
        """Handle an opening tag; return False to skip the element's children."""
        if self.table_depth:
            return self._start_in_table(tag, tree, i)
        if tag in _BLOCK_TAGS:
            self.flush()
        elif tag in _HEADINGS:
            self.flush()
            self.kind = f"h{_HEADINGS[tag]}"
        elif tag == "p":
            self.flush()
        elif tag in ("ul", "ol", "menu"):
            self.flush()
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self.flush()
            if not self.lists:
                self.lists.append([False, 0])
            self.lists[-1][1] = int(self.lists[-1][1]) + 1  # type: ignore[call-overload]
            self.kind = "li"
        elif tag == "blockquote":
            self.flush()
            self.quote += 1
        elif tag == "pre":
            self.flush()
            code = tree.nodes[i].text(deep=True)
            if code.strip():
                names = tree.class_and_id(i)
                inner = tree.nodes[i].css_first("code")
                if inner is not None:
                    names += " " + str(inner.attributes.get("class") or "")
                language = _LANGUAGE_CLASS.search(names)
                self.blocks.append(
                    Block(
                        "pre",
                        [Inline(code.strip("\n"))],
                        tuple((bool(o), int(n)) for o, n in self.lists),  # type: ignore[call-overload]
                        self.quote,
                        language=language.group(1) if language else "",
                    )
                )
            return False
        elif tag == "table":
            if not self.include_tables:
                return False
            self.flush()
            self.table = Block("table", quote=self.quote)
            self.table_depth = 1
        elif tag == "br":
            self.text(LINE_BREAK)
        elif tag == "hr":
            self.flush()
            self.blocks.append(Block("hr", quote=self.quote))
        elif tag == "a":
            self.hrefs.append(safe_url(tree.attr(i, "href"), self.base_url))
        elif tag in _EMPHASIS:
            self.emphasis.append(_EMPHASIS[tag])
        elif tag == "img":
            self._image(tree, i)
        return True

    def end(self, tag: str) -> None:
        if self.table_depth:
            self._end_in_table(tag)
            return
        if tag in _BLOCK_TAGS or tag in _HEADINGS or tag == "p":
            self.flush()
        elif tag in ("ul", "ol", "menu"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag == "li":
            self.flush()
        elif tag == "blockquote":
            self.flush()
            self.quote = max(0, self.quote - 1)
        elif tag == "a":
            if self.hrefs:
                self.hrefs.pop()
        elif tag in _EMPHASIS and self.emphasis:
            self.emphasis.pop()

    def _image(self, tree: PageTree, i: int) -> None:
        if not self.include_images:
            return
        src = safe_url(tree.attr(i, "src") or tree.attr(i, "data-src"), self.base_url)
        if src:
            run = Inline(
                "", self.hrefs[-1] if self.hrefs else None, None, (src, tree.attr(i, "alt") or "")
            )
            (self.cell if self.cell is not None else self.runs).append(run)

    def _start_in_table(self, tag: str, tree: PageTree, i: int) -> bool:
        table = self.table
        assert table is not None
        if tag == "table":
            self.table_depth += 1
        elif tag == "tr" and self.table_depth == 1:
            table.rows.append([])
        elif tag == "caption" and self.table_depth == 1:
            # The caption titles the table: collected apart, written before it.
            self.cell = self.caption = []
        elif tag in ("td", "th") and self.table_depth == 1:
            if not table.rows:
                table.rows.append([])
            self.cell = []
            table.rows[-1].append(self.cell)
            if (
                tag == "th"
                and len(table.rows) == table.header_rows + 1
                and len(table.rows[-1]) == 1
            ):
                table.header_rows += 1
        elif tag == "br" or tag in _BLOCK_TAGS or tag in ("li", "p"):
            if self.cell is not None and self.cell:
                self.cell.append(Inline(" "))
        elif tag == "a":
            self.hrefs.append(safe_url(tree.attr(i, "href"), self.base_url))
        elif tag in _EMPHASIS:
            self.emphasis.append(_EMPHASIS[tag])
        elif tag == "img":
            self._image(tree, i)
        return True

    def _end_in_table(self, tag: str) -> None:
        if tag == "table":
            self.table_depth -= 1
            if self.table_depth == 0 and self.table is not None:
                self.cell = None
                if any(any(_has_text(c) for c in row) for row in self.table.rows):
                    self.table.rows = [row for row in self.table.rows if row]
                    if _has_text(self.caption):
                        self.blocks.append(Block("p", self.caption, quote=self.quote))
                    self.blocks.append(self.table)
                self.table = None
                self.caption = []
        elif tag in ("td", "th", "caption") and self.table_depth == 1:
            self.cell = None
        elif tag == "a" and self.hrefs:
            self.hrefs.pop()
        elif tag in _EMPHASIS and self.emphasis:
            self.emphasis.pop()


def _has_text(runs: list[Inline]) -> bool:
    # isspace() answers without the copy strip() makes; "" is not space but has no text.
    return any((run.text and not run.text.isspace()) or run.image for run in runs)


def build_model(
    tree: PageTree,
    roots: Iterable[int],
    *,
    base_url: str | None,
    include_links: bool = True,
    include_images: bool = False,
    include_tables: bool = True,
) -> ArticleModel:
    """Walk the selected subtrees once, skipping removed nodes, into an :class:`ArticleModel`."""
    builder = _ModelBuilder(base_url, include_images, include_tables)
    index_of, removed, tags = tree.index_of, tree.removed, tree.tags
    opaque = OPAQUE_TAGS
    for root in roots:
        node = tree.nodes[root]
        stack: list[tuple[str, bool, object]] = []  # open elements: (tag, started, node)
        while True:
            tag = node.tag or "-"
            if tag == "-text":
                builder.text(node.text_content or "")
            elif tag[0] not in "-_!":
                i = index_of.get(node.mem_id)
                state = removed[i] if i is not None else DROPPED
                if state != DROPPED and tag not in opaque and i is not None:
                    started = state != UNWRAPPED
                    descend = builder.start(tags[i], tree, i) if started else True
                    child = node.child if descend else None
                    if child is not None:
                        stack.append((tags[i], started, node))
                        node = child
                        continue
                    if started:
                        builder.end(tags[i])
            if not stack:
                break  # the root had no children to visit
            sibling = node.next
            while sibling is None and stack:
                open_tag, started, open_node = stack.pop()
                if started:
                    builder.end(open_tag)
                sibling = open_node.next if stack else None  # type: ignore[attr-defined]
            if sibling is None:
                break
            node = sibling
        builder.flush()
    return ArticleModel(builder.blocks, include_links=include_links, include_images=include_images)


# -- text ---------------------------------------------------------------------------------
def _collapse(text: str) -> str:
    """Collapse whitespace as a browser does, keeping <br> line breaks and CJK joins."""
    if "\n" in text:  # a CJK join needs a source line break
        text = _CJK_BREAK.sub("", text)
    if LINE_BREAK not in text:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split(LINE_BREAK)]
    return "\n".join(line for line in lines if line)


def _plain(runs: Iterable[Inline]) -> str:
    return _collapse("".join(r.text for r in runs))


def render_text(model: ArticleModel) -> str:
    """Plain text: one paragraph per block, blank lines between blocks, rows on lines."""
    parts: list[str] = []
    previous = ""
    for block in model.blocks:
        if block.kind == "hr":
            continue
        if block.kind == "pre":
            chunk = block.inlines[0].text if block.inlines else ""
        elif block.kind == "table":
            chunk = "\n".join("\t".join(_plain(cell) for cell in row) for row in block.rows)
        else:
            chunk = _plain(block.inlines)
        if not chunk.strip():
            continue
        if parts:
            parts.append("\n" if previous == block.kind == "li" else "\n\n")
        parts.append(chunk)
        previous = block.kind
    return "".join(parts)


# -- markdown -----------------------------------------------------------------------------
_MD_INLINE_SPECIAL = regex.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = regex.compile(r"^(\s*)([#+\-=>]|\d+[.)])(?=\s|$)", regex.MULTILINE)


# Characters a Markdown link destination may hold as they are. Everything else (spaces,
# '<' '>' '(' ')' '\\' '"' '`', control characters, non-ASCII) is percent-encoded, so the
# destination can neither end early nor carry markup, under CommonMark and Python-Markdown.
_MD_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"
_BACKTICK_RUN = regex.compile(r"`+")


def _md_escape(text: str) -> str:
    escaped: str = _MD_INLINE_SPECIAL.sub(r"\\\1", text)
    return escaped


def md_url(url: str) -> str:
    """A URL as a Markdown link destination that no renderer can read past."""
    return quote(url, safe=_MD_URL_SAFE)


def md_code_span(code: str) -> str:
    """Inline code in a fence longer than any backtick run inside it (CommonMark 6.1; the
    same rule in Python-Markdown), padded when it starts or ends with a backtick."""
    longest = max((len(run) for run in _BACKTICK_RUN.findall(code)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def md_code_block(code: str, indent: int) -> str:
    """A code block both CommonMark and Python-Markdown read as literal text.

    An indented block, not a fence: Python-Markdown without its fenced_code extension (the
    default) reads a fence as a paragraph, where HTML in the code would be live. ``indent``
    is 4, or more inside a list item so that both renderers keep the block in the item.
    """
    prefix = " " * indent
    return "\n".join(prefix + line if line.strip() else "" for line in code.split("\n"))


def _md_run(run: Inline, include_images: bool) -> str:
    """One inline run as Markdown, its surrounding spaces kept for the final collapse."""
    if run.image is not None:
        if not include_images:
            return ""
        src, alt = run.image
        return f"![{_md_escape(alt)}]({md_url(src)})"
    text = run.text
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if run.emphasis == "code":
        return f"{lead}{md_code_span(core)}{trail}"
    if run.emphasis:
        mark = "**" if run.emphasis == "strong" else "*"
        return f"{lead}{mark}{_md_escape(core)}{mark}{trail}"
    return _md_escape(text)


def _join_cjk_breaks(runs: list[Inline]) -> list[Inline]:
    """Drop source line breaks between CJK characters across run edges, before markup
    (``**``, ``](url)``) comes between the characters and hides them from the pattern."""
    plain = "".join(r.text for r in runs)
    cuts = [m.span() for m in _CJK_BREAK.finditer(plain)] if "\n" in plain else []
    if not cuts:
        return runs
    joined: list[Inline] = []
    start = 0
    for run in runs:
        end = start + len(run.text)
        kept, cursor = [], start
        for cut_start, cut_end in cuts:
            if cut_end <= start or cut_start >= end:
                continue
            kept.append(plain[cursor : max(cut_start, start)])
            cursor = min(cut_end, end)
        if kept:
            kept.append(plain[cursor:end])
            run = Inline("".join(kept), run.href, run.emphasis, run.image)
        joined.append(run)
        start = end
    return joined


def _md_inlines(runs: list[Inline], include_links: bool, include_images: bool) -> str:
    """Runs as Markdown; adjacent runs pointing at one link become one [text](url)."""
    runs = _join_cjk_breaks(runs)
    out: list[str] = []
    k = 0
    while k < len(runs):
        href = runs[k].href if include_links else None
        j = k + 1
        while j < len(runs) and include_links and runs[j].href == href:
            j += 1
        inner = "".join(_md_run(run, include_images) for run in runs[k:j])
        core = inner.strip()
        if href and core:
            # Spaces at the link's edges belong outside the brackets.
            lead = inner[: len(inner) - len(inner.lstrip())]
            trail = inner[len(inner.rstrip()) :]
            out.append(f"{lead}[{' '.join(core.split())}]({md_url(href)}){trail}")
        else:
            out.append(inner)
        k = j
    return _collapse("".join(out))


def render_front_matter(fields: dict[str, object]) -> str:
    """YAML front matter; every value is written as a JSON scalar or list, which YAML reads
    as the same value, so titles with colons, quotes or '---' cannot break the block."""
    import json

    lines = ["---"]
    for key, value in fields.items():
        if value is None or value == () or value == []:
            continue
        if isinstance(value, tuple):
            value = list(value)
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def render_markdown(model: ArticleModel) -> str:
    lines: list[str] = []
    previous = ""
    list_offset = 0  # where the text of the last list item starts
    for block in model.blocks:
        quote = "> " * block.quote
        if block.kind == "hr":
            chunk = "---"
        elif block.kind == "pre":
            code = (block.inlines[0].text if block.inlines else "").strip("\n")
            if not code.strip():
                continue
            # Python-Markdown nests by multiples of four spaces, CommonMark from the item's
            # text: a multiple of four, four past the item's text, suits both.
            inside = (list_offset + 3) // 4 * 4 + 4
            chunk = md_code_block(code, inside if previous == "li" else 4)
        elif block.kind == "table":
            chunk = _md_table(block, model)
        else:
            text = _md_inlines(block.inlines, model.include_links, model.include_images)
            if not text:
                continue
            text = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
            if block.kind.startswith("h") and len(block.kind) == 2:
                chunk = "#" * int(block.kind[1]) + " " + text.replace("\n", " ")
            elif block.kind == "li" and block.lists:
                depth = len(block.lists) - 1
                ordered, number = block.lists[-1]
                marker = f"{number}." if ordered else "-"
                indent = "   " * depth
                list_offset = len(indent) + len(marker) + 1
                body = text.replace("\n", "\n" + indent + " " * (len(marker) + 1))
                chunk = f"{indent}{marker} {body}"
            else:
                chunk = text.replace("\n", "  \n")
        if quote:
            chunk = "\n".join(
                quote + line if line else quote.rstrip() for line in chunk.split("\n")
            )
        if lines:
            lines.append("\n" if previous == block.kind == "li" else "\n\n")
        lines.append(chunk)
        previous = block.kind
    prefix = render_front_matter(model.front_matter) if model.front_matter else ""
    return prefix + "".join(lines) + ("\n" if lines else "")


def _md_table(block: Block, model: ArticleModel) -> str:
    width = max(len(row) for row in block.rows)
    cells = [
        [
            _md_inlines(cell, model.include_links, model.include_images).replace("\n", " ")
            for cell in row
        ]
        + [""] * (width - len(row))
        for row in block.rows
    ]
    header = cells[0]
    body = cells[1:]
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * width) + "|"]
    out.extend("| " + " | ".join(row) + " |" for row in body)
    return "\n".join(out)


# -- html ---------------------------------------------------------------------------------
def _html_inlines(runs: list[Inline], include_links: bool, include_images: bool) -> str:
    out: list[str] = []
    for run in runs:
        if run.image is not None:
            if include_images:
                src, alt = run.image
                out.append(f'<img src="{html_lib.escape(src)}" alt="{html_lib.escape(alt)}">')
            continue
        text = html_lib.escape(run.text, quote=False).replace(LINE_BREAK, "<br>")
        if run.emphasis and run.text.strip():
            text = f"<{run.emphasis}>{text}</{run.emphasis}>"
        if include_links and run.href and run.text.strip():
            text = f'<a href="{html_lib.escape(run.href)}">{text}</a>'
        out.append(text)
    return " ".join("".join(out).split(" ")).strip()


def render_html(model: ArticleModel) -> str:
    """Sanitised HTML built from the model: a fixed set of tags and attributes only."""

    def inline(runs: list[Inline]) -> str:
        return _html_inlines(runs, model.include_links, model.include_images)

    out: list[str] = ["<article>"]
    open_lists: list[str] = []
    quote = 0
    for block in model.blocks:
        depth = len(block.lists) if block.kind == "li" else 0
        while len(open_lists) > depth:
            out.append(f"</{open_lists.pop()}>")
        while quote > block.quote:
            out.append("</blockquote>")
            quote -= 1
        while quote < block.quote:
            out.append("<blockquote>")
            quote += 1
        if block.kind == "li":
            while len(open_lists) < depth:
                tag = "ol" if block.lists[len(open_lists)][0] else "ul"
                out.append(f"<{tag}>")
                open_lists.append(tag)
            out.append(f"<li>{inline(block.inlines)}</li>")
        elif block.kind == "hr":
            out.append("<hr>")
        elif block.kind == "pre":
            code = html_lib.escape(block.inlines[0].text if block.inlines else "", quote=False)
            language = (
                f' class="language-{html_lib.escape(block.language)}"' if block.language else ""
            )
            out.append(f"<pre><code{language}>{code}</code></pre>")
        elif block.kind == "table":
            out.append("<table>")
            for r, row in enumerate(block.rows):
                cell_tag = "th" if r < block.header_rows else "td"
                cells = "".join(f"<{cell_tag}>{inline(cell)}</{cell_tag}>" for cell in row)
                out.append(f"<tr>{cells}</tr>")
            out.append("</table>")
        else:
            tag = block.kind if block.kind.startswith("h") and len(block.kind) == 2 else "p"
            out.append(f"<{tag}>{inline(block.inlines)}</{tag}>")
    while open_lists:
        out.append(f"</{open_lists.pop()}>")
    out.extend("</blockquote>" for _ in range(quote))
    out.append("</article>")
    return "\n".join(out)
