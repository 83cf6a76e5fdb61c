"""The page tree and its node statistics, computed in one walk.

Every element gets a pre-order index. Per-index arrays hold the statistics that rules,
scoring and selection read (text length, link text length, commas), so no later stage
re-joins text or walks the DOM to measure a node. A node's subtree is the index range
``[i, end[i]]``, which makes "is inside" a comparison and "drop" a slice assignment.
The DOM itself is never mutated: removals live in ``removed``, which rendering obeys.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["DROPPED", "KEPT", "UNWRAPPED", "PageTree", "build_tree"]

KEPT = 0
DROPPED = 1
UNWRAPPED = 2

# Elements whose children are never article text; the walk does not enter them.
OPAQUE_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "select",
        "rt",
        "rp",
        "textarea",
        "canvas",
        "video",
        "audio",
        "map",
    }
)
# Tags that hold prose on their own; they are scored even without direct text
# (Readability's TAGS_TO_SCORE).
PARAGRAPH_TAGS = frozenset({"p", "pre", "td", "blockquote", "dd", "li", "h2", "h3", "h4"})
# Container tags that hold prose when they have direct text (Readability's DIV_TO_P_ELEMS).
TEXT_CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "span", "font", "center"})
# A paragraph must have this many characters to count (Readability: 25).
MIN_PARAGRAPH_CHARS = 25
MAX_SEPARATOR_CHARS = 3
_MEM_ID = attrgetter("mem_id")


class PageTree:
    """One parsed page: the Lexbor tree plus per-element statistics arrays."""

    __slots__ = (
        "commas",
        "end",
        "index_of",
        "link_chars",
        "nodes",
        "own_chars",
        "paragraphs",
        "parent",
        "parser",
        "paths",
        "positions",
        "removed",
        "tags",
        "text_chars",
        "text_pieces",
    )

    def __init__(self, parser: LexborHTMLParser) -> None:
        self.parser = parser
        self.nodes: list[LexborNode] = []
        self.tags: list[str] = []
        self.parent: list[int] = []
        self.end: list[int] = []
        self.text_chars: list[int] = []
        self.link_chars: list[int] = []
        self.own_chars: list[int] = []
        self.commas: list[int] = []
        self.index_of: dict[int, int] = {}
        self.paragraphs: list[int] = []
        self.removed = bytearray()
        self.text_pieces: list[str] = []
        self.positions: dict[int, int] = {}
        self.paths: dict[int, str] = {}

    def visible_text(self) -> str:
        """All text outside scripts, styles and other opaque elements, space-joined."""
        return " ".join(self.text_pieces)

    # -- lookups -----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.tags)

    def index(self, node: LexborNode) -> int | None:
        """The index of a node from a CSS query, or None for nodes the walk skipped."""
        return self.index_of.get(node.mem_id)

    def css(self, selector: str) -> Iterator[int]:
        """Indices of the elements matching a CSS selector (evaluated in Lexbor's C code)."""
        index_of = self.index_of
        for node in self.parser.css(selector):
            i = index_of.get(node.mem_id)
            if i is not None:
                yield i

    def css_within(self, i: int, selector: str) -> Iterator[int]:
        """Indices of the elements under ``i`` matching a CSS selector."""
        index_of = self.index_of
        for node in self.nodes[i].css(selector):
            j = index_of.get(node.mem_id)
            if j is not None:
                yield j

    def is_inside(self, i: int, ancestor: int) -> bool:
        return ancestor <= i <= self.end[ancestor]

    def ancestors(self, i: int) -> Iterator[int]:
        p = self.parent[i]
        while p >= 0:
            yield p
            p = self.parent[p]

    def has_ancestor_tag(self, i: int, tags: frozenset[str]) -> bool:
        return any(self.tags[a] in tags for a in self.ancestors(i))

    def attr(self, i: int, name: str) -> str | None:
        value = self.nodes[i].attributes.get(name)
        return value if isinstance(value, str) else None

    def class_and_id(self, i: int) -> str:
        attributes = self.nodes[i].attributes
        return f"{attributes.get('class') or ''} {attributes.get('id') or ''}".strip()

    def link_density(self, i: int) -> float:
        chars = self.text_chars[i]
        return self.link_chars[i] / chars if chars else 0.0

    def text(self, i: int, limit: int | None = None) -> str:
        """The visible-ish text of a node, whitespace collapsed (Lexbor joins it in C)."""
        raw = self.nodes[i].text(deep=True, separator=" ")
        if limit is not None:
            raw = raw[: limit * 4]
        words = raw.split()
        joined = " ".join(words)
        return joined[:limit] if limit is not None else joined

    def path(self, i: int) -> str:
        """``html/body/div[2]/p[3]``: tag names with 1-based positions among same-tag siblings."""
        paths = self.paths
        known = paths.get(i)
        if known is not None:
            return known
        # Climb to the nearest ancestor whose path is known; findings share most of theirs.
        chain: list[int] = []
        while i >= 0 and i not in paths:
            chain.append(i)
            i = self.parent[i]
        path = paths[i] if i >= 0 else ""
        for j in reversed(chain):
            tag = self.tags[j]
            position = self._position(j)
            part = tag if position == 1 else f"{tag}[{position}]"
            path = paths[j] = f"{path}/{part}" if path else part
        return path

    def _position(self, i: int) -> int:
        """1-based position of ``i`` among its same-tag siblings, from the index arrays."""
        positions = self.positions
        position = positions.get(i)
        if position is None:
            p = self.parent[i]
            if p < 0:
                positions[i] = 1
                return 1
            # Number all the siblings at once (the children walk, inlined).
            counts: dict[str, int] = {}
            tags, end = self.tags, self.end
            sibling, last = p + 1, end[p]
            while sibling <= last:
                tag = tags[sibling]
                counts[tag] = position = counts.get(tag, 0) + 1
                positions[sibling] = position
                sibling = end[sibling] + 1
            position = positions[i]
        return position

    def children(self, i: int) -> Iterator[int]:
        """Indices of the element children of ``i``, in document order."""
        j = i + 1
        end = self.end[i]
        while j <= end:
            yield j
            j = self.end[j] + 1

    # -- removal state -----------------------------------------------------------------
    def is_removed(self, i: int) -> bool:
        return self.removed[i] == DROPPED

    def drop(self, i: int) -> None:
        """Mark ``i`` and its subtree dropped and take its text out of its ancestors' counts."""
        end = self.end[i]
        self.removed[i : end + 1] = bytes([DROPPED]) * (end + 1 - i)
        text, links, commas = self.text_chars[i], self.link_chars[i], self.commas[i]
        if text or commas:
            for a in self.ancestors(i):
                self.text_chars[a] -= text
                self.link_chars[a] -= links
                self.commas[a] -= commas

    def unwrap(self, i: int) -> None:
        if self.removed[i] == KEPT:
            self.removed[i] = UNWRAPPED

    def snapshot(self) -> tuple[list[int], list[int], list[int], bytearray]:
        return (self.text_chars[:], self.link_chars[:], self.commas[:], self.removed[:])

    def restore(self, state: tuple[list[int], list[int], list[int], bytearray]) -> None:
        text, links, commas, removed = state
        self.text_chars = text[:]
        self.link_chars = links[:]
        self.commas = commas[:]
        self.removed = removed[:]


def _top_level(node: LexborNode | None) -> Iterator[LexborNode]:
    """The document's root element and its siblings (comments after ``</html>``)."""
    while node is not None:
        yield node
        node = node.next


def build_tree(parser: LexborHTMLParser) -> PageTree:
    """Walk the tree once, in pre-order, accumulating statistics bottom-up on the way out.

    This is the hot loop of the whole pipeline: keep per-node work to a few list operations.
    Each element's children come from Lexbor's child iterator, which skips whitespace-only
    text nodes in C (seven in ten text nodes); the element closes when it is exhausted.
    """
    tree = PageTree(parser)
    nodes, tags, parent, end = tree.nodes, tree.tags, tree.parent, tree.end
    text_chars, link_chars, own_chars, commas = (
        tree.text_chars,
        tree.link_chars,
        tree.own_chars,
        tree.commas,
    )
    paragraphs, text_pieces = tree.paragraphs, tree.text_pieces
    opaque, paragraph_tags, container_tags = OPAQUE_TAGS, PARAGRAPH_TAGS, TEXT_CONTAINER_TAGS
    min_chars, max_separator = MIN_PARAGRAPH_CHARS, MAX_SEPARATOR_CHARS

    levels: list[Iterator[LexborNode]] = [_top_level(parser.root)]
    stack: list[int] = []  # the open elements, innermost last; levels[k + 1] walks stack[k]
    top = -1
    links_open = 0
    count = 0
    while levels:
        for node in levels[-1]:
            tag = node.tag
            if tag == "-text":
                if top < 0:
                    continue
                raw = node.text_content or ""
                stripped = raw.strip()
                size = len(stripped)
                if size <= max_separator:
                    if not size:
                        continue
                    if not any(c.isalnum() for c in stripped):
                        # " | ", " · ", ", " between links: punctuation, not prose. Counting
                        # it as text would make separator-joined link farms look like text;
                        # it counts as a separator, like a comma.
                        commas[top] += 1
                        continue
                text_pieces.append(raw)
                text_chars[top] += size
                own_chars[top] += size
                if links_open:
                    link_chars[top] += size
                if "," in raw or "，" in raw or "、" in raw or "،" in raw or "|" in raw:
                    commas[top] += (
                        raw.count(",")
                        + raw.count("，")
                        + raw.count("、")
                        + raw.count("،")
                        + raw.count("|")
                    )
            elif tag and tag[0] not in "-_!":
                nodes.append(node)
                tags.append(tag)
                parent.append(top)
                end.append(count)
                text_chars.append(0)
                link_chars.append(0)
                own_chars.append(0)
                commas.append(0)
                count += 1
                if tag not in opaque:
                    # Descend: this level resumes once the element's children are done.
                    top = count - 1
                    stack.append(top)
                    levels.append(node.iter(include_text=True, skip_empty=True))
                    if tag == "a":
                        links_open += 1
                    break
        else:
            levels.pop()
            if not stack:
                continue
            # Close the innermost open element: its subtree is complete.
            i = stack.pop()
            top = stack[-1] if stack else -1
            end[i] = count - 1
            tag = tags[i]
            if tag == "a":
                links_open -= 1
                link_chars[i] = text_chars[i]
            size = text_chars[i]
            if size:
                if size >= min_chars and (
                    tag in paragraph_tags or (own_chars[i] >= min_chars and tag in container_tags)
                ):
                    paragraphs.append(i)
                p = parent[i]
                if p >= 0:
                    text_chars[p] += size
                    link_chars[p] += link_chars[i]
                    commas[p] += commas[i]
    tree.index_of = dict(zip(map(_MEM_ID, nodes), range(count), strict=True))
    tree.removed = bytearray(count)
    return tree
