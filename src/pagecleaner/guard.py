"""The pre-parse guard: refuse markup the HTML parser would turn into quadratic work.

Lexbor, like every HTML5 tree builder, does work that grows faster than the input on a few
shapes a hostile page can take, and a page of a few hundred kilobytes can then cost minutes
and gigabytes (measured in docs/architecture.md, "Limits"):

- deep nesting: the tree builder's cost grows with the square of the depth, and tags with
  optional end tags nest too when another element stands between them (``<li><dd>`` repeated
  builds a tree as deep as the page is long: each ``<li>`` stops looking for the open
  ``<li>`` at the ``<dd>``);
- the list of active formatting elements: every formatting element left open (``<b c=1>``,
  ``<b c=2>``, ...: distinct attributes escape the three-copies rule) is cloned again into
  every later paragraph;
- attributes: the parser checks each new attribute against those already read, so one
  element with many attributes is quadratic.

:func:`check_markup` simulates just enough of the tree-construction rules (the stack of open
elements with implied end tags, scopes and the active formatting list) on a tag scan, in one
linear pass, and raises :class:`InputError` above the limits. Its depth is the parser's
depth on ordinary markup and an upper bound elsewhere: text with a bare ``<a`` or ``<b``
(``if a<b``) is no tag, since a tag needs its ``>`` before the next ``<``, and the contents
of scripts, styles, comments and other raw-text elements are skipped as the tokenizer does.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterator

import regex

from .errors import InputError

__all__ = ["MarkupCost", "check_markup", "measure_markup"]

# Formatting elements cloned into each later block, summed over the blocks: above this the
# page is refused (50,000 clones is about 20 MB of tree in Lexbor and a second of the
# pipeline; the largest count on the corpora is 547).
MAX_RECONSTRUCTED = 50_000
# Attributes on one element: real markup has a few dozen; the parser's duplicate check is
# quadratic in the count.
MAX_ATTRIBUTES = 1_000
# How far down the stack the implied-end-tag searches look; deeper means "not found", which
# can only overstate the depth (an upper bound), never understate it.
_SEARCH_LIMIT = 64

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp|iframe|noembed|noframes)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][^\s/>]*)([^<>]*)>",
    re.IGNORECASE | re.DOTALL,
)
_ATTRIBUTE = regex.compile(r"[^\s=/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"']*))?")
# An element with this many characters of attributes is counted attribute by attribute.
_LONG_TAG = 2 * MAX_ATTRIBUTES


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


_VOID = _names(
    "area base basefont bgsound br col embed frame hr img image input keygen link "
    "meta param source track wbr"
)
_FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
_SPECIAL = _names(
    "address applet area article aside base basefont bgsound blockquote body br "
    "button caption center col colgroup dd details dir div dl dt embed fieldset "
    "figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header "
    "hgroup hr html iframe img input keygen li link listing main marquee menu meta "
    "nav noembed noframes noscript object ol p param plaintext pre script search "
    "section select source style summary table tbody td template textarea tfoot th "
    "thead title tr track ul wbr xmp"
)
_HEADINGS = _names("h1 h2 h3 h4 h5 h6")
# Start tags that close an open <p> (in button scope) before they open.
_CLOSES_P = _HEADINGS | _names(
    "address article aside blockquote center details dialog dir div dl fieldset "
    "figcaption figure footer form header hgroup hr listing main menu nav ol p "
    "plaintext pre search section summary table ul xmp li dd dt"
)
_BUTTON_SCOPE = _names("applet caption html table td th marquee object template button")
_TABLE_SCOPE = _names("html table template")
_DEFAULT_SCOPE = _BUTTON_SCOPE - {"button"}
# Elements that put a marker on the active formatting list: formatting opened inside them
# is forgotten when they close.
_MARKERS = _names("applet object marquee template td th caption")
_LIST_ITEMS = {
    "li": frozenset({"li"}),
    "dd": frozenset({"dd", "dt"}),
    "dt": frozenset({"dd", "dt"}),
}
_LIST_STOP = _SPECIAL - {"address", "div", "p"}
_TABLE_PARTS = {
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "tr": frozenset({"tr", "td", "th"}),
    "tbody": frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}),
    "thead": frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}),
    "tfoot": frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}),
}
_IGNORED = frozenset({"html", "head", "body"})
_P = frozenset({"p"})
_OTHER_TABLE_PARTS = frozenset({"caption", "col", "colgroup"})
_ROW_GROUPS = frozenset({"tbody", "thead", "tfoot", "tr"})
_NOTHING: frozenset[str] = frozenset()


class MarkupCost:
    """What the scan measured: nesting depth, formatting clones, the largest attribute set."""

    __slots__ = ("attributes", "depth", "reconstructed")

    def __init__(self) -> None:
        self.depth = 0
        self.reconstructed = 0
        self.attributes = 0


class _Builder:
    """The stack of open elements and the active formatting list, names only."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        # The active formatting list as segments between markers; each segment counts its
        # entries by (name, attributes) and keeps at most three of each (the "Noah's Ark"
        # clause), and `active` is the number of entries over all segments.
        self.segments: list[Counter[tuple[str, str]]] = [Counter()]
        self.open_formatting: dict[str, list[tuple[int, tuple[str, str]]]] = {}
        self.active = 0
        self.selects = 0  # open <select> elements, where <optgroup> closes <optgroup>
        self.paragraphs = 0  # open <p> elements: most block tags need no search for one
        self.tables = 0  # open <table> elements: outside them, table parts are ignored

    def pop_to(self, index: int) -> None:
        for name in self.stack[index:]:
            if name in _MARKERS:
                self.clear_to_marker()
            elif name == "select":
                self.selects -= 1
            elif name == "p":
                self.paragraphs -= 1
            elif name == "table":
                self.tables -= 1
        del self.stack[index:]

    def find(self, names: frozenset[str], stop: frozenset[str]) -> int:
        stack = self.stack
        for k in range(len(stack) - 1, max(len(stack) - _SEARCH_LIMIT, 0) - 1, -1):
            name = stack[k]
            if name in names:
                return k
            if name in stop:
                return -1
        return -1

    def find_outermost(self, names: frozenset[str], stop: frozenset[str]) -> int:
        """The lowest match above the scope boundary: a <tr> closes its row, not a cell."""
        stack = self.stack
        found = -1
        for k in range(len(stack) - 1, max(len(stack) - _SEARCH_LIMIT, 0) - 1, -1):
            name = stack[k]
            if name in names:
                found = k
            elif name in stop:
                break
        return found

    def close_p(self) -> None:
        if not self.paragraphs:
            return
        k = self.find(_P, _BUTTON_SCOPE)
        if k >= 0:
            self.pop_to(k)

    def push_formatting(self, name: str, attributes: str) -> None:
        key = (name, attributes.strip())
        segment = self.segments[-1]
        if segment[key] < 3:
            self.active += 1
        segment[key] += 1
        self.open_formatting.setdefault(name, []).append((len(self.segments), key))

    def end_formatting(self, name: str) -> None:
        entries = self.open_formatting.get(name)
        if not entries:
            return
        depth, key = entries.pop()
        if depth == len(self.segments):
            segment = self.segments[-1]
            if segment[key] <= 3:
                self.active -= 1
            segment[key] -= 1

    def clear_to_marker(self) -> None:
        if len(self.segments) > 1:
            segment = self.segments.pop()
            self.active -= sum(min(3, count) for count in segment.values())


def measure_markup(
    text: str, *, max_depth: int | None = None, max_reconstructed: int | None = None
) -> MarkupCost:
    """Scan the tags once and measure what the tree builder would build.

    The scan stops as soon as the depth passes ``max_depth`` or the clones pass
    ``max_reconstructed``: a refusal costs no more than reading up to that point.
    """
    depth_limit = max_depth if max_depth is not None else len(text)
    clone_limit = max_reconstructed if max_reconstructed is not None else len(text) ** 2
    cost = MarkupCost()
    tree = _Builder()
    stack = tree.stack
    for match in _TOKEN.finditer(text):
        _, closing, name, attributes = match.groups()
        if name is None:
            continue  # a comment or a raw-text element: no tags inside
        name = name.lower()
        if len(attributes) > _LONG_TAG:
            cost.attributes = max(cost.attributes, _count_attributes(attributes))
        if name in _IGNORED:
            continue
        if closing:
            cost.depth = max(cost.depth, _end_tag(tree, name))
            continue
        if name in _LIST_ITEMS:
            k = tree.find(_LIST_ITEMS[name], _LIST_STOP)
            if k >= 0:
                tree.pop_to(k)
        elif name in _TABLE_PARTS or name in _OTHER_TABLE_PARTS:
            if not tree.tables:
                continue  # the parser ignores <tr>, <td>... outside a table
            k = tree.find_outermost(_TABLE_PARTS.get(name, _NOTHING), _TABLE_SCOPE)
            if k >= 0:
                tree.pop_to(k)
            # The parser adds the <tbody> and <tr> a row or a cell needs.
            if name in ("tr", "td", "th") and stack[-1] not in _ROW_GROUPS:
                stack.append("tbody")
            if name in ("td", "th") and stack[-1] != "tr":
                stack.append("tr")
        elif name in ("option", "optgroup"):
            if stack and stack[-1] == "option":
                stack.pop()
            if name == "optgroup" and stack and stack[-1] == "optgroup" and tree.selects:
                stack.pop()
        elif name in ("rt", "rp") and stack and stack[-1] in ("rt", "rp"):
            stack.pop()
        if name in _CLOSES_P and not tree.selects:
            # Inside a <select> the parser nests blocks without closing the open <p>.
            tree.close_p()
            # Each new block is where the open formatting elements are cloned again.
            cost.reconstructed += tree.active
            if cost.reconstructed > clone_limit:
                break
        if name in _HEADINGS and stack and stack[-1] in _HEADINGS:
            stack.pop()
        if name in _VOID:
            continue
        if name in ("a", "nobr") and tree.open_formatting.get(name):
            _end_tag(tree, name)  # a new <a> closes the open one (adoption agency)
        if name in _FORMATTING:
            tree.push_formatting(name, attributes)
        elif name in _MARKERS:
            tree.segments.append(Counter())
        elif name == "select":
            tree.selects += 1
        elif name == "p":
            tree.paragraphs += 1
        elif name == "table":
            tree.tables += 1
        stack.append(name)
        # Formatting elements closed implicitly stay active and are rebuilt under the next
        # text: counting them all (some are on the stack already) errs on the deep side.
        reach = len(stack) + tree.active
        if reach > cost.depth:
            cost.depth = reach
            if cost.depth > depth_limit:
                break
    return cost


def _count_attributes(tag: str) -> int:
    """Attributes in a tag's text, counted up to just past the limit (enough to refuse)."""
    return sum(1 for _ in itertools.islice(_ATTRIBUTE.finditer(tag), MAX_ATTRIBUTES + 2))


@functools.lru_cache(maxsize=512)
def _singleton(name: str) -> frozenset[str]:
    return frozenset((name,))


def _end_tag(tree: _Builder, name: str) -> int:
    """Apply an end tag; the depth of an element it makes (a </p> with no <p> open makes
    an empty one), else 0."""
    if tree.selects and name not in ("select", "option", "optgroup"):
        return 0  # inside a <select> the parser ignores other end tags
    if name in _FORMATTING:
        tree.end_formatting(name)
    if tree.stack and tree.stack[-1] == name:
        tree.pop_to(len(tree.stack) - 1)  # the usual case: closing the current element
        return 0
    # A special or formatting end tag closes its element when it is in scope; any other
    # end tag only when no special element stands above it (HTML standard, "in body").
    stop = _DEFAULT_SCOPE if name in _SPECIAL or name in _FORMATTING else _SPECIAL
    k = tree.find(_singleton(name), stop)
    if k >= 0:
        tree.pop_to(k)
        return 0
    return len(tree.stack) + 1 if name == "p" else 0


# A new <a> (or <nobr>) closes the open one, so those never pile up: the cheap scan leaves
# them out (at most one of each is open at a time) and counts the rest.
_PILING = _FORMATTING - {"a", "nobr"}


def _any_case(names: frozenset[str]) -> str:
    """An alternation matching the names in any case, longest first. Spelled with character
    classes ([bB]), which the standard engine scans about 30% faster than IGNORECASE."""
    spelled = (
        "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in name)
        for name in sorted(names, key=len, reverse=True)
    )
    return "|".join(spelled)


# The tags the formatting cost depends on, with no raw-text skipping: a cheaper scan whose
# count can only be higher than the parser's (tags inside scripts count too).
_LIGHT_TOKEN = re.compile(rf"<(/?)({_any_case(_PILING | _CLOSES_P | _MARKERS)})(?=[\s/>])([^<>]*)>")
_PILING_START = re.compile(rf"<(?:{_any_case(_PILING)})[\s>]")


def _formatting_cost(text: str) -> int:
    """The formatting clones alone, from a scan of the tags that matter to them (stopping
    once past the limit)."""
    tree = _Builder()
    reconstructed = 0
    for closing, name, attributes in _LIGHT_TOKEN.findall(text):
        name = name.lower()
        if closing:
            if name in _FORMATTING:
                tree.end_formatting(name)
            elif name in _MARKERS:
                tree.clear_to_marker()
        elif name in _FORMATTING:
            tree.push_formatting(name, attributes)
        elif name in _MARKERS:
            if name in ("td", "th"):
                tree.clear_to_marker()  # a new cell closes the open one
            tree.segments.append(Counter())
        else:
            reconstructed += tree.active + 2  # an open <a> and <nobr>, at most
            if reconstructed > MAX_RECONSTRUCTED:
                break
    return reconstructed


def _long_tags(text: str) -> Iterator[str]:
    """Start tags longer than _LONG_TAG characters, without their '<' and '>'.

    A split at '>' (one C-level pass, twice as fast as a regular expression here): a tag
    is what follows the last '<' of a piece, when a letter follows that '<'.
    """
    for piece in text.split(">"):
        if len(piece) > _LONG_TAG:
            start = piece.rfind("<")
            if 0 <= start < len(piece) - _LONG_TAG and piece[start + 1 : start + 2].isalpha():
                yield piece[start + 1 :]


def check_markup(text: str, *, max_depth: int, tag_starts: int | None = None) -> MarkupCost:
    """Raise :class:`InputError` for markup whose parse would be quadratic; else the cost.

    ``tag_starts`` (the count of ``<``) lets the check skip what cannot be reached: a page
    with fewer ``<`` than ``max_depth`` cannot nest that deep, and a page whose formatting
    tags times its tags stays under the clone limit cannot clone more. Most pages then
    cost two C-level scans.
    """
    if tag_starts is None:
        tag_starts = text.count("<")
    if tag_starts > max_depth:
        cost = measure_markup(text, max_depth=max_depth, max_reconstructed=MAX_RECONSTRUCTED)
    else:
        cost = MarkupCost()
        if tag_starts * (len(_PILING_START.findall(text)) + 2) > MAX_RECONSTRUCTED:
            cost.reconstructed = _formatting_cost(text)
        cost.attributes = max((_count_attributes(tag) - 1 for tag in _long_tags(text)), default=0)
    if cost.depth > max_depth:
        raise InputError(
            f"input nests elements more than {max_depth:,} deep (Options.max_nesting_depth)"
        )
    if cost.reconstructed > MAX_RECONSTRUCTED:
        raise InputError(
            "input leaves formatting elements open across its blocks: the parser would clone"
            f" more than {MAX_RECONSTRUCTED:,} of them"
        )
    if cost.attributes > MAX_ATTRIBUTES:
        raise InputError(f"input has an element with more than {MAX_ATTRIBUTES:,} attributes")
    return cost
