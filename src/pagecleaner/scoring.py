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

__all__ = ["ScoreCard", "Scores", "score_candidates"]

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
    return Scores(final=final, content=content, prose=prose)


def score_card(tree: PageTree, scores: Scores, i: int) -> ScoreCard:
    parts = [("paragraphs", round(scores.content.get(i, 0.0), 2))]
    parts.extend((name, delta) for name, delta in prior(tree, i))
    density = tree.link_density(i)
    parts.append(("x (1 - link density)", round(-density, 3)))
    return ScoreCard(i, tree.tags[i], round(scores.final.get(i, 0.0), 2), parts)
