"""Stage 4, score: Readability's content score, computed from the tree's statistics.

Each kept paragraph gives ``1 + commas + min(chars / 100, 3)`` to its parent, half to its
grandparent and a third of that further up (Readability.js ``_initializeNode`` and
``grabArticle``). A candidate starts from its tag and class/id weight; the sum is scaled by
``1 - link density``. Contributions of the best candidates are kept as score cards so
``--explain`` can show why the winner won.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dom import DROPPED, MIN_PARAGRAPH_CHARS, PageTree

__all__ = ["ScoreCard", "Scores", "holds_teaser_stream", "score_candidates"]

# Readability.js REGEXPS.positive / negative, with a few multilingual additions; matched
# against lower-cased class and id strings.
_POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story"
    r"|artikel|inhalt|contenu|texte|cuerpo|contenido|zhengwen|neirong"
)
_NEGATIVE = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr"
    r"|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper"
    r"|sponsor|shopping|tags|widget|byline|author|caption|teaser|recommend"
)
CLASS_WEIGHT = 25.0
# A paragraph counts as prose when links are at most this share of its text.
MAX_PROSE_LINK_SHARE = 0.3
# Readability's tag priors (``_initializeNode``).
_TAG_PRIOR = {
    "div": 5.0,
    "pre": 3.0,
    "td": 3.0,
    "blockquote": 3.0,
    "address": -3.0,
    "ol": -3.0,
    "ul": -3.0,
    "dl": -3.0,
    "dd": -3.0,
    "dt": -3.0,
    "li": -3.0,
    "form": -3.0,
    "h1": -5.0,
    "h2": -5.0,
    "h3": -5.0,
    "h4": -5.0,
    "h5": -5.0,
    "h6": -5.0,
    "th": -5.0,
    "article": 10.0,
    "main": 5.0,
    "section": 2.0,
}
# Schema.org's articleBody names the article outright.
ARTICLE_BODY_BONUS = 30.0
# A stream of teasers (a list of other articles, each a linked headline over a summary)
# reads like paragraphs but is not an article: among the best candidates, a block whose
# items mostly hold a linked heading keeps this share of its score.
TEASER_FACTOR = 0.2
MIN_TEASER_ITEMS = 4
TEASER_ITEM_SHARE = 0.6
TEASER_CHECKED = 5
WRAPPED_STREAM_SHARE = 0.8
_LINKED_HEADING = "h2 a[href], h3 a[href], h4 a[href], a[href] h2, a[href] h3, a[href] h4"
# Readability gives the parent the full score, the grandparent half, and level n a 1/(3n).
_LEVEL_DIVIDERS = (1.0, 2.0, 6.0, 9.0, 12.0)


@dataclass(slots=True)
class ScoreCard:
    """A candidate's score and the contributions that make it up."""

    index: int
    tag: str
    score: float
    contributions: list[tuple[str, float]] = field(default_factory=list)


@dataclass(slots=True)
class Scores:
    final: dict[int, float]
    content: dict[int, float]
    prose: dict[int, int]
    """Characters of link-poor paragraphs anywhere below each node."""
    teasers: frozenset[int] = frozenset()
    """Candidates judged streams of teasers (their score is scaled by ``TEASER_FACTOR``)."""


def class_weight(names: str) -> float:
    """Readability's class weight; ``names`` are matched lower-cased (5x cheaper than
    case-insensitive patterns)."""
    names = names.lower()
    weight = 0.0
    if _NEGATIVE.search(names):
        weight -= CLASS_WEIGHT
    if _POSITIVE.search(names):
        weight += CLASS_WEIGHT
    return weight


def prior(tree: PageTree, i: int) -> list[tuple[str, float]]:
    """The contributions a candidate has before its paragraphs count."""
    parts: list[tuple[str, float]] = []
    tag_prior = _TAG_PRIOR.get(tree.tags[i], 0.0)
    if tag_prior:
        parts.append((f"tag <{tree.tags[i]}>", tag_prior))
    attributes = tree.nodes[i].attributes
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    weight = class_weight(names) if names.strip() else 0.0
    if weight:
        parts.append((f"class/id {names.strip()[:40]!r}", weight))
    itemprop = attributes.get("itemprop") or ""
    if "articleBody" in itemprop or attributes.get("role") == "main":
        parts.append(("articleBody/role=main", ARTICLE_BODY_BONUS))
    return parts


def score_candidates(tree: PageTree) -> Scores:
    """Score every ancestor of a kept paragraph."""
    content: dict[int, float] = {}
    prose: dict[int, int] = {}
    removed, parent, text_chars, commas = tree.removed, tree.parent, tree.text_chars, tree.commas
    link_chars = tree.link_chars
    for p in tree.paragraphs:
        if removed[p] == DROPPED:
            continue
        chars = text_chars[p]
        if chars < MIN_PARAGRAPH_CHARS:
            continue
        points = 1.0 + commas[p] + min(chars // 100, 3)
        a = parent[p]
        for divider in _LEVEL_DIVIDERS:
            if a < 0:
                break
            content[a] = content.get(a, 0.0) + points / divider
            a = parent[a]
        if link_chars[p] <= MAX_PROSE_LINK_SHARE * chars:
            a = parent[p]
            while a >= 0:
                prose[a] = prose.get(a, 0) + chars
                a = parent[a]
    final: dict[int, float] = {}
    for i, points in content.items():
        base = sum(delta for _, delta in prior(tree, i))
        final[i] = (points + base) * (1.0 - tree.link_density(i))
    best = sorted(final, key=final.__getitem__, reverse=True)[:TEASER_CHECKED]
    streams = [i for i in best if _is_teaser_stream(tree, i)]
    # A wrapper around a stream (the stream is nearly all its text) is the stream too.
    teasers = frozenset(
        i
        for i in best
        if any(
            tree.is_inside(t, i) and text_chars[t] >= WRAPPED_STREAM_SHARE * text_chars[i]
            for t in streams
        )
    )
    for i in teasers:
        final[i] *= TEASER_FACTOR
    return Scores(final=final, content=content, prose=prose, teasers=teasers)


def holds_teaser_stream(tree: PageTree, i: int, levels: int = 3) -> bool:
    """``i`` is a stream of teasers, or wraps one that holds nearly all its text."""
    for _ in range(levels + 1):
        if _is_teaser_stream(tree, i):
            return True
        inner = max(tree.children(i), key=tree.text_chars.__getitem__, default=None)
        if inner is None or tree.text_chars[inner] < WRAPPED_STREAM_SHARE * tree.text_chars[i]:
            return False
        i = inner
    return False


def _is_teaser_stream(tree: PageTree, i: int) -> bool:
    """Most of the block's items (children with text) hold a heading that is a link."""
    items = [c for c in tree.children(i) if tree.text_chars[c] and tree.removed[c] != DROPPED]
    if len(items) < MIN_TEASER_ITEMS:
        return False
    linked = sum(1 for c in items if next(tree.css_within(c, _LINKED_HEADING), None) is not None)
    return linked >= TEASER_ITEM_SHARE * len(items)


def score_card(tree: PageTree, scores: Scores, i: int) -> ScoreCard:
    parts = [("paragraphs", round(scores.content.get(i, 0.0), 2))]
    parts.extend((name, delta) for name, delta in prior(tree, i))
    density = tree.link_density(i)
    parts.append(("x (1 - link density)", round(-density, 3)))
    if i in scores.teasers:
        parts.append(("x teaser stream", TEASER_FACTOR))
    return ScoreCard(i, tree.tags[i], round(scores.final.get(i, 0.0), 2), parts)
