"""What a rule sees of a page: the tree with its statistics, the options, the page's host."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import compress
from typing import TYPE_CHECKING, Any, TypeVar

from selectolax.lexbor import LexborNode

from ..dom import DROPPED, PageTree
from ..hosts import host_of as _host_of
from ..hosts import site_of as _site_of
from ..lexicon import Lexicon, LexiconHits, default_lexicon
from ..options import Options

if TYPE_CHECKING:
    from . import Gate, Rule

__all__ = ["BLOCK_TAGS", "PageContext", "RuleStats"]

T = TypeVar("T")

# Elements that can hold a block of links (a menu, a link farm, a related list).
BLOCK_TAGS = frozenset(
    {
        *("div", "ul", "ol", "nav", "section", "table", "tbody", "tr", "td", "p", "footer"),
        *("header", "aside", "span", "font", "center", "dl", "dd", "dt", "li", "marquee"),
        *("article", "form", "small", "h1", "h2", "h3", "h4", "h5", "h6", "address"),
        *("figure", "strong", "b", "blockquote", "label", "em", "i", "cite"),
    }
)
# A link block must carry at least this many characters to be judged (a lone "Home" link
# inside a paragraph is not a block).
MIN_LINK_BLOCK_CHARS = 12
# A block needs a few characters of its own text to carry an injected sentence.
MIN_OWN_TEXT_CHARS = 4


@dataclass(slots=True)
class RuleStats:
    """What one rule cost, summed over the pages it ran on (``collect_matches(stats=...)``).

    ``candidates`` are the nodes of its scope, ``survivors`` those its gate let through to
    ``judge``; ``counted`` is False for rules whose own ``matches`` chooses their nodes."""

    counted: bool = False
    calls: int = 0
    candidates: int = 0
    survivors: int = 0
    matches: int = 0
    seconds: float = 0.0


class PageContext:
    """The page as rules see it. Node sets are computed once, on first use."""

    def __init__(
        self,
        tree: PageTree,
        options: Options,
        url: str | None,
        canonical_url: str | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.tree = tree
        self.options = options
        self.url = url
        self.canonical_url = canonical_url
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self._external: dict[str, bool] = {}
        self.article_roots: tuple[int, ...] = ()
        """The selected article's subtrees, for article-stage rules."""
        self._memo: dict[str, Any] = {}
        self.spam_dropped: tuple[int, ...] = ()
        """Nodes the prune stage dropped as spam, for article-stage rules to weigh."""
        self.combined: dict[str, list[int]] = {}
        """Scopes answered in advance by one combined query (see ``rules/selectors.py``)."""
        self.stats: dict[str, RuleStats] | None = None
        """Per-rule counts, when the caller of ``collect_matches`` asked for them."""
        self.host = _host_of(url) or _host_of(canonical_url) or self._commonest_link_host()

    @cached_property
    def visible_text(self) -> str:
        """The page's text outside scripts and styles, joined once per page."""
        return self.tree.visible_text()

    @cached_property
    def page_hits(self) -> LexiconHits:
        """Spam terms anywhere in the page's markup text: the gate for per-node spam checks.

        One pass over the whole text in C; on the many pages without a single spam term,
        rules skip their per-anchor and per-block lexicon work entirely.
        """
        return self.lexicon.find(self.visible_text)

    def hits(self, i: int, *, gated: bool = True) -> LexiconHits:
        """Spam terms in node ``i``'s text.

        ``gated`` skips the search when the page's visible text has no spam term at all;
        rules about opaque containers (noscript) whose text is not visible pass False.
        """
        if gated and not self.page_hits:
            return self.lexicon.find("")
        return self.lexicon.find(self.tree.text(i))

    @cached_property
    def text_blocks(self) -> list[int]:
        """Block elements with text of their own: where injected sentences and comments sit."""
        tags = self.tree.tags
        block_tags = BLOCK_TAGS
        return [
            i
            for i, own in enumerate(self.tree.own_chars)
            if own >= MIN_OWN_TEXT_CHARS and tags[i] in block_tags
        ]

    def _commonest_link_host(self) -> str:
        """Without a URL, the site is the host the page links to most (its own navigation)."""
        counts: dict[str, int] = {}
        for node in self.tree.parser.css('a[href^="http" i]'):
            site = _site_of(_host_of(node.attributes.get("href") or ""))
            counts[site] = counts.get(site, 0) + 1
        return max(counts, key=counts.__getitem__) if counts else ""

    @cached_property
    def class_and_id(self) -> tuple[list[LexborNode], list[str | None], list[str | None]]:
        """Every element with a class or id: its node, class and id, in document order.

        One query and one attribute read per element, shared by the rules that read names
        (attribute access costs three times the bare traversal).
        """
        nodes = self.tree.parser.css("[class], [id]")
        classes: list[str | None] = []
        ids: list[str | None] = []
        for node in nodes:
            attributes = node.attributes
            classes.append(attributes.get("class"))
            ids.append(attributes.get("id"))
        return nodes, classes, ids

    @cached_property
    def body(self) -> int:
        body = self.tree.parser.body
        i = self.tree.index(body) if body is not None else None
        return i if i is not None else 0

    @cached_property
    def link_blocks(self) -> list[int]:
        """Block elements at least half of whose text is link text."""
        tree = self.tree
        tags, text, links = tree.tags, tree.text_chars, tree.link_chars
        block_tags = BLOCK_TAGS
        minimum = MIN_LINK_BLOCK_CHARS
        # compress() skips the elements without link text in C (most of a page).
        return [
            i
            for i in compress(range(len(links)), links)
            if links[i] * 2 >= text[i] >= minimum and tags[i] in block_tags
        ]

    @cached_property
    def prose_blocks(self) -> list[int]:
        """Paragraphs and blocks with text of their own, in document order."""
        return sorted({*self.tree.paragraphs, *self.text_blocks})

    def scope(self, scope: str) -> Iterator[int]:
        if scope == "@link-blocks":
            return iter(self.link_blocks)
        if scope == "@prose-blocks":
            return iter(self.prose_blocks)
        if scope == "@paragraphs":
            return iter(self.tree.paragraphs)
        if scope == "@text-blocks":
            return iter(self.text_blocks)
        if scope == "@page":
            return iter((-1,))
        if not self.article_roots:
            ready = self.combined.get(scope)
            if ready is not None:
                return iter(ready)
        tags = _bare_tags(scope)
        if tags is not None:
            # Tag-name selectors are answered from the walk's tag index: no CSS pass needed.
            index = self.tag_index
            return iter(sorted(i for tag in tags for i in index.get(tag, ())))
        if self.article_roots:
            # Article-stage rules judge the selected subtrees only, so only those are
            # searched (a query's cost is the number of elements it visits). Lexbor
            # matches combinators against the whole document and includes the root.
            tree = self.tree
            found = {j for root in self.article_roots for j in tree.css_within(root, scope)}
            return iter(sorted(found))
        return self.tree.css(scope)

    @cached_property
    def tag_index(self) -> dict[str, list[int]]:
        """Element indices by tag name, in document order."""
        # defaultdict's append measured a quarter cheaper than setdefault's.
        index: defaultdict[str, list[int]] = defaultdict(list)
        for i, tag in enumerate(self.tree.tags):
            index[tag].append(i)
        return dict(index)

    def scope_within(self, scope: str, root: int) -> list[int]:
        """The nodes of a CSS ``scope`` inside ``root`` (the root included), in document
        order. Tag-name scopes are cut from the walk's tag index without a query."""
        tags = _bare_tags(scope)
        if tags is None:
            return list(self.tree.css_within(root, scope))
        index = self.tag_index
        last = self.tree.end[root]
        found: list[int] = []
        for tag in tags:
            members = index.get(tag)
            if members:
                start = bisect.bisect_left(members, root)
                found.extend(members[start : bisect.bisect_right(members, last, start)])
        if len(tags) > 1:
            found.sort()
        return found

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """``build()``, computed once per page under ``key``: evidence that rules of other
        modules share (the link profile, the page's vocabulary) without this module
        importing them."""
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = build()
            return value

    def gated(self, rule: Rule, nodes: Iterable[int], gate: Gate | None) -> list[int]:
        """The ``nodes`` that pass ``gate``: each condition is one comprehension over the
        surviving indices, so the per-node Python work of a rejected node is a few
        comparisons in a C-level loop, not a ``judge`` call. Records the rule's counts
        when ``stats`` is on."""
        found = nodes if isinstance(nodes, list) else list(nodes)
        candidates = len(found)
        if gate is not None:
            found = _apply_gate(gate, found, self, rule)
        if self.stats is not None:
            counts = self.stats.setdefault(rule.info.code, RuleStats())
            counts.counted = True
            counts.candidates += candidates
            counts.survivors += len(found)
        return found

    def is_external(self, href: str) -> bool:
        """True for an absolute link to another registrable host than the page's."""
        known = self._external.get(href)
        if known is None:
            known = self._external[href] = self._is_external(href)
        return known

    def external_links(self, hrefs: Iterable[str]) -> list[str]:
        """The hrefs that are external (see :meth:`is_external`), in order."""
        known = self._external
        found = []
        for href in hrefs:
            external = known.get(href)
            if external is None:
                external = known[href] = self._is_external(href)
            if external:
                found.append(href)
        return found

    def _is_external(self, href: str) -> bool:
        host = _host_of(href)
        if not host:
            return False
        if not self.host:
            return True
        return _site_of(host) != _site_of(self.host)


def _apply_gate(gate: Gate, found: list[int], page: PageContext, rule: Rule) -> list[int]:
    tree = page.tree
    if gate.tags is not None:
        tags, wanted = tree.tags, gate.tags
        found = [i for i in found if tags[i] in wanted]
    if gate.exclude_tags:
        tags, unwanted = tree.tags, gate.exclude_tags
        found = [i for i in found if tags[i] not in unwanted]
    if gate.min_commas:
        commas, least = tree.commas, gate.min_commas
        found = [i for i in found if commas[i] >= least]
    if gate.min_own_chars:
        own, least = tree.own_chars, gate.min_own_chars
        found = [i for i in found if own[i] >= least]
    if gate.max_chars is not None:
        chars, least, most = tree.text_chars, gate.min_chars, gate.max_chars
        found = [i for i in found if least <= chars[i] <= most]
    elif gate.min_chars:
        chars, least = tree.text_chars, gate.min_chars
        found = [i for i in found if chars[i] >= least]
    if gate.min_link_density is not None:
        threshold = gate.min_link_density
        if isinstance(threshold, str):
            threshold = float(rule.option(page, threshold))  # type: ignore[arg-type]
        chars, links = tree.text_chars, tree.link_chars
        # The judges' own test, division included (a product rounds differently).
        found = [i for i in found if (links[i] / chars[i] if chars[i] else 0.0) >= threshold]
    if gate.kept:
        removed = tree.removed
        found = [i for i in found if removed[i] != DROPPED]
    return found


def is_bare_tags(selector: str) -> bool:
    """True for selectors made only of tag names, which the tag index answers."""
    return _bare_tags(selector) is not None


@lru_cache(maxsize=512)
def _bare_tags(selector: str) -> tuple[str, ...] | None:
    """The tag names of a selector made only of tag names ("iframe, object"), else None."""
    parts = [part.strip() for part in selector.split(",")]
    if all(part.isalnum() and part.islower() for part in parts):
        return tuple(parts)
    return None
