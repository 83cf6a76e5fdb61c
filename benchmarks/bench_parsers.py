"""HTML parser cost benchmark: selectolax (lexbor) vs lxml, for the parser architecture decision.

    python benchmarks/bench_parsers.py CORPUS_PAGES_DIR [CORPUS_PAGES_DIR ...] \\
        [--repeats N] [--limit N] [--no-micro] [--no-gc] [--cpu N]

Each CORPUS_PAGES_DIR holds ``*.html.gz`` pages (a corpus folder with a ``pages/`` sub-folder is
accepted too).  Pages are decoded as UTF-8 with ``errors="replace"``; pages that are not valid
UTF-8 are counted separately (the measurement still uses the replaced text).  A leading XML
declaration is stripped from the decoded text (lxml refuses ``str`` input that carries an
encoding declaration); both parsers always receive the same ``str``.

Timing: one core, sequential, ``time.perf_counter``.  Every operation is run ``--repeats`` times
on every page and the best (minimum) time of the repeats is kept for that page; the table gives the
mean, median and 90th percentile of those per-page bests, in ms/page.  Parse rows exclude freeing
the previous tree (measured separately as "free tree"); walk / selector / text / serialise /
stats rows exclude parsing (they run on a tree parsed once per page).  The ``x best`` column is
the mean relative to the fastest row of the same section (1.00 = fastest).  ``avg result`` is a
sanity value averaged over pages (element count, match count, text length ...).

The micro section gives per-call costs of selectolax ``LexborNode`` properties (and a few lxml
counterparts) in ns/call: (best loop time - best empty loop time) / calls, over all nodes of the
first pages of the corpus.  Wrapper-creating properties (.first_child, .next, .parent) allocate a
new Python object on every call.
"""

# The walks read attributes into locals only to pay for the access: unused locals are intended.
# ruff: noqa: F841

from __future__ import annotations

import argparse
import gc
import gzip
import math
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml
import lxml.html
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

try:  # lxml.cssselect needs the separate ``cssselect`` package
    from lxml.cssselect import CSSSelector

    HAVE_CSSSELECT = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_CSSSELECT = False

try:
    import selectolax

    SELECTOLAX_VERSION = selectolax.__version__
except AttributeError:  # pragma: no cover
    SELECTOLAX_VERSION = "?"

perf = time.perf_counter
XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")

# --- selector -------------------------------------------------------------------------------

HIDDEN_CSS = (
    '[hidden], [style*="display" i], [style*="visibility" i], [aria-hidden="true"], '
    "script, style, noscript, template, iframe"
)
# cssselect has no attribute case-insensitivity flag: same query without " i" (case-sensitive).
HIDDEN_CSS_NO_I = HIDDEN_CSS.replace(" i]", "]")
_UP, _LO = "ADILPSYVBT", "adilpsyvbt"  # the letters of "display" and "visibility"
HIDDEN_XPATH = (
    "//*[@hidden"
    f" or contains(translate(@style, '{_UP}', '{_LO}'), 'display')"
    f" or contains(translate(@style, '{_UP}', '{_LO}'), 'visibility')"
    " or @aria-hidden = 'true'"
    " or self::script or self::style or self::noscript or self::template or self::iframe]"
)
HIDDEN_XPATH_COMPILED = etree.XPath(HIDDEN_XPATH)
# same matches; translate() only runs on elements that have a style attribute
HIDDEN_XPATH_GUARDED = (
    "//*[@hidden or @aria-hidden = 'true'"
    " or self::script or self::style or self::noscript or self::template or self::iframe"
    f" or (@style and (contains(translate(@style, '{_UP}', '{_LO}'), 'display')"
    f" or contains(translate(@style, '{_UP}', '{_LO}'), 'visibility')))]"
)
HIDDEN_XPATH_GUARDED_COMPILED = etree.XPath(HIDDEN_XPATH_GUARDED)
HIDDEN_CSSSELECTOR = CSSSelector(HIDDEN_CSS_NO_I, translator="html") if HAVE_CSSSELECT else None


# --- page loading ---------------------------------------------------------------------------


class Page:
    __slots__ = ("invalid_utf8", "name", "raw", "replacements", "text", "xml_decl")

    def __init__(self, path: Path):
        self.name = path.name
        with gzip.open(path, "rb") as fh:
            self.raw: bytes = fh.read()
        try:
            self.raw.decode("utf-8")
            self.invalid_utf8 = False
        except UnicodeDecodeError:
            self.invalid_utf8 = True
        text = self.raw.decode("utf-8", errors="replace")
        self.replacements = text.count("\ufffd") - self.raw.count(b"\xef\xbf\xbd")
        stripped = XML_DECL.sub("", text, count=1)
        self.xml_decl = len(stripped) != len(text)
        self.text = stripped


def load_pages(folder: Path, limit: int | None) -> list[Page]:
    files = sorted(folder.glob("*.html.gz"))
    if limit is not None:
        files = files[:limit]
    return [Page(f) for f in files]


# --- walks ----------------------------------------------------------------------------------
# Every walk visits all element nodes in pre-order (document order), reads the tag and the
# class and style attributes, and returns the number of elements.


def lex_walk_traverse_attributes(root) -> int:
    n = 0
    for node in root.traverse():
        if node.is_element_node:  # traverse() also yields comments ("-comment")
            tag = node.tag
            attrs = node.attributes  # builds a dict of all attributes
            cls = attrs.get("class")
            style = attrs.get("style")
            n += 1
    return n


def lex_walk_traverse_attrs(root) -> int:
    n = 0
    for node in root.traverse():
        if node.is_element_node:
            tag = node.tag
            attrs = node.attrs  # live mapping, per-key lookup
            cls = attrs.get("class")
            style = attrs.get("style")
            n += 1
    return n


def lex_walk_traverse_tag_only(root) -> int:
    """Baseline: the traversal and .tag, no attribute access."""
    n = 0
    for node in root.traverse():
        if node.is_element_node:
            tag = node.tag
            n += 1
    return n


def lex_walk_traverse_css_prefilter(root) -> int:
    """traverse(), but build the .attributes dict only for elements that have a class or style
    attribute, found by one C-side selector call and kept as a set of mem_ids."""
    with_attrs = {node.mem_id for node in root.css("[class], [style]")}
    n = 0
    for node in root.traverse():
        if node.is_element_node:
            tag = node.tag
            if node.mem_id in with_attrs:
                attrs = node.attributes
                cls = attrs.get("class")
                style = attrs.get("style")
            else:
                cls = style = None
            n += 1
    return n


def lex_walk_child_next(root) -> int:
    """Hand-written iterative pre-order walk: .first_child / .next, explicit stack of nodes."""
    n = 0
    stack = []
    node = root
    while True:
        if node is None:
            top = stack.pop()
            if not stack:  # the root itself is closed: do not step to its siblings
                break
            node = top.next
            continue
        if node.is_element_node:
            tag = node.tag
            attrs = node.attributes
            cls = attrs.get("class")
            style = attrs.get("style")
            n += 1
            child = node.first_child
            if child is not None:
                stack.append(node)
                node = child
                continue
        if not stack:  # root without children
            break
        node = node.next
    return n


def lex_walk_child_next_parent(root) -> int:
    """Same walk without a stack: climbs back up with .parent; identity test by mem_id
    (LexborNode == LexborNode serialises both subtrees to HTML and compares the strings)."""
    n = 0
    root_id = root.mem_id
    node = root
    while node is not None:
        if node.is_element_node:
            tag = node.tag
            attrs = node.attributes
            cls = attrs.get("class")
            style = attrs.get("style")
            n += 1
            child = node.first_child
            if child is not None:
                node = child
                continue
        if node.mem_id == root_id:
            break
        nxt = node.next
        while nxt is None:
            node = node.parent
            if node is None or node.mem_id == root_id:
                return n
            nxt = node.next
        node = nxt
    return n


def lex_walk_iter_stack(root) -> int:
    """Pre-order walk with node.iter() (element children) and an explicit stack."""
    n = 0
    stack = [root]
    pop, extend = stack.pop, stack.extend
    while stack:
        node = pop()
        tag = node.tag
        attrs = node.attributes
        cls = attrs.get("class")
        style = attrs.get("style")
        n += 1
        children = [c for c in node.iter() if c.is_element_node]  # iter() also yields comments
        if children:
            children.reverse()
            extend(children)
    return n


def lex_walk_css_star(root) -> int:
    """All elements in document order from one C-side selector call."""
    n = 0
    for node in root.css("*"):
        tag = node.tag
        attrs = node.attributes
        cls = attrs.get("class")
        style = attrs.get("style")
        n += 1
    return n  # node.css() matches the node itself too


def lxml_walk_iter(root) -> int:
    n = 0
    for el in root.iter():
        tag = el.tag
        if tag.__class__ is not str:  # comments / processing instructions
            continue
        cls = el.get("class")
        style = el.get("style")
        n += 1
    return n


def lxml_walk_iter_tag_only(root) -> int:
    """Baseline: the iteration and .tag, no attribute access."""
    n = 0
    for el in root.iter(etree.Element):
        tag = el.tag
        n += 1
    return n


def lxml_walk_iter_element(root) -> int:
    n = 0
    for el in root.iter(etree.Element):  # C-side filter: elements only
        tag = el.tag
        cls = el.get("class")
        style = el.get("style")
        n += 1
    return n


# --- bottom-up statistics -------------------------------------------------------------------
# For every element: subtree text length (all text nodes below it, script/style included) and
# subtree link-text length (text below an <a>).  Results: two lists in pre-order (document
# order), returned with the number of elements; the caller checks them against the deep text.


def subtree_sums(
    text: list[int], parent: list[int], is_a: list[bool]
) -> tuple[list[int], list[int]]:
    """Own text lengths in pre-order → subtree text and link-text lengths (a reverse pass:
    children come after their parent, so each is complete before it is added upward)."""
    n = len(text)
    link = [0] * n
    for i in range(n - 1, -1, -1):
        if is_a[i]:
            link[i] = text[i]
        p = parent[i]
        if p >= 0:
            text[p] += text[i]
            link[p] += link[i]
    return text, link


def lex_stats_dfs(root):
    """Iterative DFS with .first_child/.next, post-order accumulation on a stack of indices."""
    text: list[int] = []
    link: list[int] = []
    is_a: list[bool] = []
    idx_stack: list[int] = []
    node_stack = []
    node = root
    while True:
        if node is None:  # children of node_stack[-1] exhausted: close it
            i = idx_stack.pop()
            closed = node_stack.pop()
            t = text[i]
            if is_a[i]:
                link[i] = t
            if not idx_stack:
                break
            p = idx_stack[-1]
            text[p] += t
            link[p] += link[i]
            node = closed.next
            continue
        if node.is_element_node:
            idx_stack.append(len(text))
            text.append(0)
            link.append(0)
            is_a.append(node.tag == "a")
            node_stack.append(node)
            node = node.first_child
            continue
        tc = node.text_content  # str for text nodes, None for comments
        if tc is not None and idx_stack:
            text[idx_stack[-1]] += len(tc)
        node = node.next
    return text, link


def lex_stats_traverse_memid(root):
    """traverse() over elements, own text via .text(deep=False), parent index via mem_id dict,
    then one reverse (post-order) pass adding every element into its parent."""
    index: dict[int, int] = {}
    parent: list[int] = []
    text: list[int] = []
    is_a: list[bool] = []
    for node in root.traverse():
        if not node.is_element_node:
            continue
        index[node.mem_id] = len(text)
        parent.append(index.get(node.parent.mem_id, -1))
        text.append(len(node.text(deep=False)))
        is_a.append(node.tag == "a")
    return subtree_sums(text, parent, is_a)


def lex_stats_traverse_text(root):
    """traverse(include_text=True): text lengths via .text_content, parent via .parent.mem_id."""
    index: dict[int, int] = {}
    parent: list[int] = []
    text: list[int] = []
    is_a: list[bool] = []
    for node in root.traverse(include_text=True):
        if node.is_element_node:
            index[node.mem_id] = len(text)
            parent.append(index.get(node.parent.mem_id, -1))
            text.append(0)
            is_a.append(node.tag == "a")
        else:
            tc = node.text_content
            if tc:
                text[index[node.parent.mem_id]] += len(tc)
    return subtree_sums(text, parent, is_a)


def lxml_stats_iter(root):
    """iter() pre-order; .text to self, .tail to parent (via element->index dict); reverse pass."""
    index: dict = {}
    parent: list[int] = []
    text: list[int] = []
    is_a: list[bool] = []
    for el in root.iter():
        tag = el.tag
        if tag.__class__ is str:
            i = len(text)
            index[el] = i
            p = el.getparent()
            pi = index[p] if p is not None and i else -1
            parent.append(pi)
            t = el.text
            text.append(len(t) if t else 0)
            is_a.append(tag == "a")
            if i:
                tail = el.tail
                if tail:
                    text[pi] += len(tail)
        else:  # comment / PI: its text is not text, its tail belongs to the parent
            tail = el.tail
            if tail:
                text[index[el.getparent()]] += len(tail)
    return subtree_sums(text, parent, is_a)


def lxml_stats_iterwalk(root):
    """etree.iterwalk start/end events, stack of indices, accumulate on 'end'.
    iterwalk does not report comments, so comment tails are collected in a small pre-pass."""
    comment_tail: dict = {}
    for c in root.iter(etree.Comment, etree.ProcessingInstruction):
        tail = c.tail
        if tail:
            p = c.getparent()
            comment_tail[p] = comment_tail.get(p, 0) + len(tail)
    text: list[int] = []
    link: list[int] = []
    stack: list[int] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            stack.append(len(text))
            t = el.text
            text.append((len(t) if t else 0) + (comment_tail.get(el, 0) if comment_tail else 0))
            link.append(0)
        else:
            i = stack.pop()
            t = text[i]
            if el.tag == "a":
                link[i] = t
            if stack:
                p = stack[-1]
                tail = el.tail
                text[p] += t + (len(tail) if tail else 0)
                link[p] += link[i]
    return text, link


# --- timing helpers -------------------------------------------------------------------------


def best_of(fn: Callable, arg, repeats: int):
    best = math.inf
    result = None
    for _ in range(repeats):
        result = None  # free the previous result outside the timed region
        t0 = perf()
        result = fn(arg)
        dt = perf() - t0
        if dt < best:
            best = dt
    return best, result


def best_free(make: Callable, arg, repeats: int) -> float:
    """Time for freeing a freshly parsed tree (the part excluded from the parse rows)."""
    best = math.inf
    for _ in range(repeats):
        obj = make(arg)
        t0 = perf()
        del obj
        dt = perf() - t0
        if dt < best:
            best = dt
    return best


class Row:
    __slots__ = ("label", "results", "section", "times")

    def __init__(self, section: str, label: str):
        self.section, self.label = section, label
        self.times: list[float] = []
        self.results: list[float] = []


class Table:
    def __init__(self):
        self.rows: dict[tuple[str, str], Row] = {}

    def add(self, section: str, label: str, seconds: float, result: float | None = None):
        row = self.rows.get((section, label))
        if row is None:
            row = self.rows[(section, label)] = Row(section, label)
        row.times.append(seconds * 1e3)
        if result is not None:
            row.results.append(result)

    def format(self) -> str:
        best_mean: dict[str, float] = {}
        for row in self.rows.values():
            m = statistics.fmean(row.times)
            if row.section not in best_mean or m < best_mean[row.section]:
                best_mean[row.section] = m
        head = (
            f"{'section':<9} {'variant':<64} {'mean ms':>8} {'median':>8} {'p90':>8} "
            f"{'x best':>7} {'avg result':>11}"
        )
        out = [head, "-" * len(head)]
        last = None
        for row in self.rows.values():
            if last is not None and row.section != last:
                out.append("")
            last = row.section
            times = sorted(row.times)
            mean = statistics.fmean(times)
            p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
            res = f"{statistics.fmean(row.results):11.1f}" if row.results else f"{'':>11}"
            out.append(
                f"{row.section:<9} {row.label:<64} {mean:8.3f} {statistics.median(times):8.3f} "
                f"{p90:8.3f} {mean / best_mean[row.section]:7.2f} {res}"
            )
        return "\n".join(out)


# --- per page -------------------------------------------------------------------------------


def lxml_body(root):
    body = root.find("body")
    return body if body is not None else root


def run_page(page: Page, table: Table, counts: dict, repeats: int) -> None:
    text, raw = page.text, page.raw
    T = table.add

    # 1. parse ------------------------------------------------------------------------------
    dt, _ = best_of(LexborHTMLParser, text, repeats)
    T("parse", "lexbor  LexborHTMLParser(str)", dt)
    dt, _ = best_of(LexborHTMLParser, raw, repeats)
    T("parse", "lexbor  LexborHTMLParser(bytes)            [as UTF-8]", dt)
    dt, _ = best_of(lambda b: LexborHTMLParser(b, encoding=True), raw, repeats)
    T("parse", "lexbor  LexborHTMLParser(bytes, encoding=True) [detect]", dt)
    dt, _ = best_of(lxml.html.document_fromstring, text, repeats)
    T("parse", "lxml    lxml.html.document_fromstring(str)", dt)
    dt, _ = best_of(lxml.html.fromstring, text, repeats)
    T("parse", "lxml    lxml.html.fromstring(str)", dt)
    dt, _ = best_of(lxml.html.document_fromstring, raw, repeats)
    T("parse", "lxml    lxml.html.document_fromstring(bytes) [libxml2 detect]", dt)
    dt, _ = best_of(lxml.html.fromstring, raw, repeats)
    T("parse", "lxml    lxml.html.fromstring(bytes)", dt)
    T("free", "lexbor  free parsed tree (del parser)", best_free(LexborHTMLParser, text, repeats))
    T(
        "free",
        "lxml    free parsed tree (del root)",
        best_free(lxml.html.document_fromstring, text, repeats),
    )

    # trees used by every later section (parsed once, outside timing)
    parser = LexborHTMLParser(text)
    lroot = parser.root
    lbody = parser.body or lroot
    xroot = lxml.html.document_fromstring(text)
    xbody = lxml_body(xroot)

    # node counts (not timed)
    lex_elements = lex_texts = lex_texts_nonempty = 0
    for node in lroot.traverse(include_text=True):
        if node.is_element_node:
            lex_elements += 1
        elif node.tag == "-text":
            lex_texts += 1
            if node.text_content.strip():
                lex_texts_nonempty += 1
    x_elements = x_texts = x_texts_nonempty = 0
    for el in xroot.iter():
        if el.tag.__class__ is str:
            x_elements += 1
            t = el.text
            if t:
                x_texts += 1
                x_texts_nonempty += bool(t.strip())
        if el is not xroot:
            t = el.tail
            if t:
                x_texts += 1
                x_texts_nonempty += bool(t.strip())
    for key, value in (
        ("lex_elements", lex_elements),
        ("lex_texts", lex_texts),
        ("lex_texts_nonempty", lex_texts_nonempty),
        ("lxml_elements", x_elements),
        ("lxml_texts", x_texts),
        ("lxml_texts_nonempty", x_texts_nonempty),
    ):
        counts[key] = counts.get(key, 0) + value

    # 2. walk -------------------------------------------------------------------------------
    for label, fn, root in (
        (
            "lexbor  traverse() + .tag only  [baseline, no attributes]",
            lex_walk_traverse_tag_only,
            lroot,
        ),
        ("lexbor  traverse() + .tag + .attributes.get", lex_walk_traverse_attributes, lroot),
        ("lexbor  traverse() + .tag + .attrs.get  [2 lookups]", lex_walk_traverse_attrs, lroot),
        (
            "lexbor  traverse() + .attributes if in css('[class],[style]')",
            lex_walk_traverse_css_prefilter,
            lroot,
        ),
        (
            "lexbor  hand-written .first_child/.next + stack, .attributes",
            lex_walk_child_next,
            lroot,
        ),
        (
            "lexbor  hand-written .first_child/.next/.parent, .attributes",
            lex_walk_child_next_parent,
            lroot,
        ),
        ("lexbor  .iter() children + stack, .attributes", lex_walk_iter_stack, lroot),
        ("lexbor  root.css('*') + .tag + .attributes.get", lex_walk_css_star, lroot),
        (
            "lxml    root.iter(etree.Element) + .tag only  [baseline]",
            lxml_walk_iter_tag_only,
            xroot,
        ),
        ("lxml    root.iter() + el.get", lxml_walk_iter, xroot),
        ("lxml    root.iter(etree.Element) + el.get", lxml_walk_iter_element, xroot),
    ):
        dt, n = best_of(fn, root, repeats)
        T("walk", label, dt, n)

    # 3. selector ---------------------------------------------------------------------------
    dt, r = best_of(parser.css, HIDDEN_CSS, repeats)
    T("selector", "lexbor  parser.css(HIDDEN_CSS)", dt, len(r))
    dt, r = best_of(lambda t: t.xpath(HIDDEN_XPATH), xroot, repeats)
    T("selector", "lxml    tree.xpath(HIDDEN_XPATH)  [str, compiled per call]", dt, len(r))
    dt, r = best_of(HIDDEN_XPATH_COMPILED, xroot, repeats)
    T("selector", "lxml    etree.XPath(HIDDEN_XPATH)(tree)  [precompiled]", dt, len(r))
    dt, r = best_of(lambda t: t.xpath(HIDDEN_XPATH_GUARDED), xroot, repeats)
    T("selector", "lxml    tree.xpath(HIDDEN_XPATH_GUARDED)  [@style and ...]", dt, len(r))
    dt, r = best_of(HIDDEN_XPATH_GUARDED_COMPILED, xroot, repeats)
    T("selector", "lxml    etree.XPath(HIDDEN_XPATH_GUARDED)(tree)  [precompiled]", dt, len(r))
    if HAVE_CSSSELECT:
        dt, r = best_of(HIDDEN_CSSSELECTOR, xroot, repeats)
        T("selector", "lxml    CSSSelector(css, no ' i')(tree)  [precompiled]", dt, len(r))
        dt, r = best_of(lambda t: t.cssselect(HIDDEN_CSS_NO_I, translator="html"), xroot, repeats)
        T("selector", "lxml    tree.cssselect(css, no ' i')  [translated per call]", dt, len(r))

    # 4. deep text --------------------------------------------------------------------------
    dt, r = best_of(lambda b: b.text(deep=True, separator="\n"), lbody, repeats)
    T("text", "lexbor  body.text(deep=True, separator='\\n')", dt, len(r))
    dt, r = best_of(lambda b: b.text(deep=True), lbody, repeats)
    T("text", "lexbor  body.text(deep=True)", dt, len(r))
    dt, r = best_of(lambda b: b.text_lexbor(), lbody, repeats)
    T("text", "lexbor  body.text_lexbor()", dt, len(r))
    dt, r = best_of(lambda b: b.text_content(), xbody, repeats)
    T("text", "lxml    body.text_content()", dt, len(r))
    dt, r = best_of(lambda b: " ".join(b.itertext()), xbody, repeats)
    T("text", "lxml    ' '.join(body.itertext())", dt, len(r))
    dt, r = best_of(
        lambda b: etree.tostring(b, method="text", encoding="unicode", with_tail=False),
        xbody,
        repeats,
    )
    T("text", "lxml    etree.tostring(body, method='text', encoding='unicode')", dt, len(r))

    # 5. serialise --------------------------------------------------------------------------
    dt, r = best_of(lambda b: b.html, lbody, repeats)
    T("serialise", "lexbor  body.html  [str]", dt, len(r))
    dt, r = best_of(lxml.html.tostring, xbody, repeats)
    T("serialise", "lxml    lxml.html.tostring(body)  [ASCII bytes + char refs]", dt, len(r))
    dt, r = best_of(lambda b: lxml.html.tostring(b, encoding="unicode"), xbody, repeats)
    T("serialise", "lxml    lxml.html.tostring(body, encoding='unicode')", dt, len(r))
    dt, r = best_of(lambda b: lxml.html.tostring(b, encoding="utf-8"), xbody, repeats)
    T("serialise", "lxml    lxml.html.tostring(body, encoding='utf-8')  [bytes]", dt, len(r))

    # 6. bottom-up statistics ---------------------------------------------------------------
    lex_total = len(lroot.text(deep=True))
    x_total = len(etree.tostring(xroot, method="text", encoding="unicode", with_tail=False))
    reference: dict[str, tuple] = {}
    for label, fn, root, expected in (
        ("lexbor  .first_child/.next DFS, post-order on stack", lex_stats_dfs, lroot, lex_total),
        (
            "lexbor  traverse() + .text(deep=False) + parent mem_id",
            lex_stats_traverse_memid,
            lroot,
            lex_total,
        ),
        (
            "lexbor  traverse(include_text) + .parent.mem_id",
            lex_stats_traverse_text,
            lroot,
            lex_total,
        ),
        (
            "lxml    iter() + text/tail + getparent dict, reverse pass",
            lxml_stats_iter,
            xroot,
            x_total,
        ),
        ("lxml    etree.iterwalk(start/end) + stack", lxml_stats_iterwalk, xroot, x_total),
    ):
        dt, result = best_of(fn, root, repeats)
        T("stats", label, dt, len(result[0]))
        engine = label.split()[0]
        # every variant of an engine must give the same per-element lists, and the root's
        # subtree text must equal the length of the engine's own deep text of the document
        if result[0][0] != expected or reference.setdefault(engine, result) != result:
            counts.setdefault("stats_mismatch", []).append(
                (page.name, label, result[0][0], expected)
            )
    counts["lex_link_chars"] = counts.get("lex_link_chars", 0) + reference["lexbor"][1][0]
    counts["lxml_link_chars"] = counts.get("lxml_link_chars", 0) + reference["lxml"][1][0]
    counts["lex_text_chars"] = counts.get("lex_text_chars", 0) + lex_total
    counts["lxml_text_chars"] = counts.get("lxml_text_chars", 0) + x_total


# --- micro costs ----------------------------------------------------------------------------


def _loop(expr: str) -> Callable:
    ns: dict = {}
    exec(f"def f(nodes):\n    for n in nodes:\n        {expr}\n", ns)
    return ns["f"]


def _ns_per_call(expr: str, nodes: list, repeats: int, chunk: int = 500) -> float:
    """Best-of-``repeats`` per chunk of ``chunk`` nodes (short timed loops are rarely preempted),
    minus the same for an empty loop, summed over the chunks, per node."""
    fn, empty = _loop(expr), _loop("n")
    total = 0.0
    for start in range(0, len(nodes), chunk):
        part = nodes[start : start + chunk]
        for f, sign in ((fn, 1.0), (empty, -1.0)):
            b = math.inf
            for _ in range(repeats):
                t0 = perf()
                f(part)
                b = min(b, perf() - t0)
            total += sign * b
    return total / len(nodes) * 1e9


def micro(pages: list[Page], repeats: int) -> str:
    sample = pages[:20]
    parsers = [LexborHTMLParser(p.text) for p in sample]
    elements, texts = [], []
    for parser in parsers:
        for node in parser.root.traverse(include_text=True):
            if node.is_element_node:
                elements.append(node)
            elif node.tag == "-text":
                texts.append(node)
    lroots = [p.root for p in parsers]
    xroots = [lxml.html.document_fromstring(p.text) for p in sample]
    xels = [el for r in xroots for el in r.iter(etree.Element)]
    r = max(repeats, 11)
    lines = [
        f"micro costs, ns/call (first {len(sample)} pages: {len(elements)} lexbor elements, "
        f"{len(texts)} lexbor text nodes, {len(xels)} lxml elements; best of {r})",
        f"{'expression':<52} {'element':>9} {'text node':>10}",
    ]
    for expr in (
        "n.tag",
        "n.tag_id",
        "n.is_element_node",
        "n.mem_id",
        "n.first_child",
        "n.child",
        "n.next",
        "n.parent",
        "n.text_content",
        "n.parent.mem_id",
        "n.attributes",
        "n.attributes.get('class')",
        "n.attrs",
        "n.attrs.get('class')",
        "n.attrs.get('style')",
        "n.attrs.get('class'); n.attrs.get('style')",
        "a = n.attrs; a.get('class'); a.get('style')",
        "'class' in n.attrs",
        "n.id",
        "n.text(deep=False)",
        "n == n",
        "hash(n)",
    ):
        cells = []
        for nodes in (elements, texts):
            try:
                cells.append(f"{_ns_per_call(expr, nodes, r):.0f}")
            except Exception as exc:  # e.g. .attrs on a text node
                cells.append(type(exc).__name__[:10])
        lines.append(f"lexbor {expr:<45} {cells[0]:>9} {cells[1]:>10}")

    # LexborNode.__eq__ between two different nodes serialises both subtrees: tiny sample only
    step = max(1, len(elements) // 100)
    few = [e for e in elements[::step] if e.parent is not None and e.parent.is_element_node]
    lines.append(
        f"lexbor {'n == n.parent  (different nodes; serialises both)':<45} "
        f"{_ns_per_call('n == n.parent', few, 3):>9.0f}   [{len(few)} sampled elements]"
    )
    few_t = texts[:: max(1, len(texts) // 100)]
    lines.append(
        f"lexbor {'n == n.next  (different nodes)':<45} {'':>9} "
        f"{_ns_per_call('n == n.next', few_t, 3):>10.0f}"
    )

    # yielding nodes: cost per yielded node of the iteration itself
    def per_node(fn, roots, count):
        b = math.inf
        for _ in range(r):
            t0 = perf()
            for root in roots:
                for _n in fn(root):
                    pass
            b = min(b, perf() - t0)
        return b / count * 1e9

    n_all = sum(1 for root in lroots for _ in root.traverse(include_text=True))
    n_el = sum(1 for root in lroots for _ in root.traverse())
    lines.append(
        f"lexbor {'traverse() per yielded node':<45} "
        f"{per_node(lambda x: x.traverse(), lroots, n_el):>9.0f}"
    )
    lines.append(
        f"lexbor {'traverse(include_text=True) per yielded node':<45} "
        f"{per_node(lambda x: x.traverse(include_text=True), lroots, n_all):>9.0f}"
    )
    n_css = sum(len(root.css("*")) for root in lroots)
    label = 'css("*") per returned node'
    lines.append(f"lexbor {label:<45} {per_node(lambda x: x.css('*'), lroots, n_css):>9.0f}")
    # the lxml proxies are all alive here (held by the list), so getparent()/getnext() return
    # cached proxies; in a real walk they are created on demand
    for expr in (
        "n.tag",
        "n.get('class')",
        "n.attrib",
        "n.getparent()",
        "n.getnext()",
        "n.text",
        "n.tail",
        "len(n)",
    ):
        lines.append(f"lxml   {expr:<45} {_ns_per_call(expr, xels, r):>9.0f}")
    n_x = sum(1 for root in xroots for _ in root.iter())
    lines.append(
        f"lxml   {'iter() per yielded node':<45} {per_node(lambda x: x.iter(), xroots, n_x):>9.0f}"
    )
    return "\n".join(lines)


# --- main -----------------------------------------------------------------------------------


def corpus_name(folder: Path) -> str:
    return folder.parent.name if folder.name == "pages" else folder.name


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path, metavar="CORPUS_PAGES_DIR")
    ap.add_argument(
        "--repeats", type=int, default=5, help="runs per page and operation; best kept (default 5)"
    )
    ap.add_argument("--limit", type=int, default=None, help="first N pages of each corpus only")
    ap.add_argument("--no-micro", action="store_true", help="skip the per-call micro costs")
    ap.add_argument("--no-gc", action="store_true", help="disable the cyclic GC while measuring")
    ap.add_argument("--cpu", type=int, default=None, help="pin the process to this CPU")
    args = ap.parse_args(argv)

    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    if args.no_gc:
        gc.disable()
    print(
        f"python {sys.version.split()[0]}, lxml {lxml.__version__} (libxml2 "
        f"{'.'.join(map(str, etree.LIBXML_VERSION))}), selectolax {SELECTOLAX_VERSION}, "
        f"cssselect {'yes' if HAVE_CSSSELECT else 'no'}; repeats={args.repeats} (best of), "
        f"gc={'off' if args.no_gc else 'on'}, loadavg at start {os.getloadavg()[0]:.2f}"
    )
    for d in args.dirs:
        folder = d / "pages" if (d / "pages").is_dir() else d
        pages = load_pages(folder, args.limit)
        if not pages:
            print(f"\n{folder}: no *.html.gz pages", file=sys.stderr)
            continue
        table, counts = Table(), {}
        t0 = perf()
        for page in pages:
            run_page(page, table, counts, args.repeats)
        wall = perf() - t0
        n = len(pages)
        kb = statistics.fmean(len(p.raw) for p in pages) / 1024

        def avg(key: str, counts: dict = counts, n: int = n) -> str:
            return f"{counts[key] / n:.0f}"

        print(f"\n=== {corpus_name(folder)}  ({folder})")
        print(
            f"pages {n}; avg page {kb:.1f} KB (uncompressed bytes), median "
            f"{statistics.median(len(p.raw) for p in pages) / 1024:.1f} KB; "
            "invalid UTF-8 (decoded with errors='replace'): "
            f"{sum(p.invalid_utf8 for p in pages)} pages, "
            f"{sum(p.replacements for p in pages)} U+FFFD inserted; XML declaration stripped: "
            f"{sum(p.xml_decl for p in pages)} pages"
        )
        print(
            f"avg elements/page: lexbor {avg('lex_elements')}, lxml {avg('lxml_elements')}; "
            f"avg text nodes/page: lexbor {avg('lex_texts')} "
            f"({avg('lex_texts_nonempty')} non-whitespace), "
            f"lxml text+tail slots {avg('lxml_texts')} "
            f"({avg('lxml_texts_nonempty')} non-whitespace)"
        )
        print(
            f"avg deep text chars/page (whole document): lexbor {avg('lex_text_chars')}, "
            f"lxml {avg('lxml_text_chars')}; avg link-text chars/page: lexbor "
            f"{avg('lex_link_chars')}, lxml {avg('lxml_link_chars')}"
        )
        mismatches = counts.get("stats_mismatch", [])
        print(
            "stats check (variants agree, root subtree text == len(deep text)): "
            f"{len(mismatches)} mismatches"
        )
        for m in mismatches[:5]:
            print("   ", m)
        print(f"wall time for this corpus {wall:.1f} s, loadavg now {os.getloadavg()[0]:.2f}\n")
        print(table.format())
        if not args.no_micro:
            print()
            print(micro(pages, args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
