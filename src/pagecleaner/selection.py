"""Stage 5, select: pick the best candidate, widen it to its real container, merge siblings.

Follows Readability.js ``grabArticle``: the top candidate may be replaced by an ancestor
that several near-best candidates share, climbs through wrappers that add no text, and is
joined by siblings that score well or read like paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

from .dom import DROPPED, MIN_PARAGRAPH_CHARS, PageTree
from .scoring import Scores, holds_teaser_stream

__all__ = ["Selection", "select_article"]

# Readability: candidates within 75% of the best that share an ancestor, three of them.
ALTERNATIVE_SCORE_SHARE = 0.75
MIN_ALTERNATIVES = 3
MAX_ALTERNATIVES = 5
# Tune as a set (trafilatura-dev, issue 4): climb at most this far, when the parent adds
# this share of prose (and this many characters) and is not link-heavy.
MAX_EXPANSION_LEVELS = 3
MIN_PROSE_GAIN = 0.6
MIN_PROSE_GAIN_CHARS = 80
MAX_EXPANSION_LINK_DENSITY = 0.35
# Readability's sibling threshold: max(10, 20% of the top score).
SIBLING_SCORE_SHARE = 0.2
MIN_SIBLING_SCORE = 10.0
# A sibling paragraph joins if long with few links, or short, link-free and sentence-like.
LONG_SIBLING_CHARS = 80
# A block before the article that is nearly all link-poor paragraphs is its lead or
# standfirst, whatever its tag (blocks after it are more often author boxes and prompts).
LEAD_PROSE_SHARE = 0.8
# When the article holds at least this share of its parent's text, the parent is a wrapper.
WRAPPER_TEXT_SHARE = 0.8
# A sibling wrapper whose best inner block scores this share of the page's best block is
# another chunk of the same article.
CHUNK_SHARE = 0.3
MAX_SIBLING_LINK_DENSITY = 0.25
_SENTENCE_END = regex.compile(r"[.!?。！？](?:\s|$)|[。！？]")
# Blocks named for pictures hold captions, not leads.
_MEDIA_NAMES = regex.compile(r"image|img|photo|picture|media|figure|caption|gallery")
# Landmarks beside the article are the page's header and furniture, not parts of it.
_NEVER_CHUNKS = frozenset({"header", "footer", "nav", "aside", "form"})
# Under a headline, picture blocks hold captions; bios and taglines are not the story's.
_NOT_STANDFIRST_NAMES = regex.compile(
    _MEDIA_NAMES.pattern + r"|author|\bbio|byline|tagline|slogan|site-desc"
)
_STANDFIRST_TAGS = frozenset({"p", "h2", "div", "section"})
_PARAGRAPH_LIKE = frozenset(
    {"p", "blockquote", "pre", "ul", "ol", "table", "h2", "h3", "h4", "figure", "dl"}
)


@dataclass(frozen=True, slots=True)
class Selection:
    """The chosen article: the indices to render in document order, and the top candidate."""

    roots: tuple[int, ...]
    top: int
    text_chars: int


SiblingPolicy = Literal["strict", "normal", "generous"]


def select_article(
    tree: PageTree,
    scores: Scores,
    body: int,
    *,
    siblings: SiblingPolicy = "normal",
    headline: int | None = None,
) -> Selection | None:
    """The article's subtrees.

    ``siblings`` sets how the top candidate's siblings join: ``strict`` only those that
    score well on their own, ``normal`` also paragraph-like prose (Readability), leads
    before the article (here and one level up) and the standfirst under ``headline`` (the
    tree index of the headline metadata chose), and ``generous`` any prose block
    whatever its class names say.
    """
    final = scores.final
    if not final:
        return None
    ranked = sorted(final, key=final.__getitem__, reverse=True)
    top = ranked[0]
    top_score = final[top]
    top = _shared_ancestor(tree, top, ranked, final)
    top = _climb_wrappers(tree, top, body)
    if siblings != "strict":
        top = _expand_to_prose(tree, top, body, scores.prose)
    if top == body or tree.parent[top] < 0:
        return Selection((top,), top, tree.text_chars[top])
    roots = _merge_siblings(
        tree, top, final.get(top, top_score), scores.content, scores.prose, siblings
    )
    if siblings != "strict":
        roots = _leads_of_wrapper(tree, top, body, roots, scores.prose) + roots
        if headline is not None:
            roots = _standfirst(tree, headline, roots) + roots
    return Selection(tuple(roots), top, sum(tree.text_chars[i] for i in roots))


def _shared_ancestor(tree: PageTree, top: int, ranked: list[int], final: dict[int, float]) -> int:
    threshold = final[top] * ALTERNATIVE_SCORE_SHARE
    # Candidates inside the top one are its own parts, not rivals elsewhere on the page.
    alternatives = [
        i
        for i in ranked[1 : 1 + MAX_ALTERNATIVES]
        if final[i] >= threshold and not tree.is_inside(i, top)
    ]
    if len(alternatives) < MIN_ALTERNATIVES:
        return top
    for ancestor in tree.ancestors(top):
        inside = sum(1 for i in alternatives if tree.is_inside(i, ancestor))
        if inside >= MIN_ALTERNATIVES:
            return ancestor
        if tree.tags[ancestor] == "body":
            break
    return top


def _expand_to_prose(tree: PageTree, top: int, body: int, prose: dict[int, int]) -> int:
    """Move up while the parent adds real prose: articles split across sibling blocks
    (intro, body, a list, a closing note) are otherwise cut to their largest part."""
    for _ in range(MAX_EXPANSION_LEVELS):
        parent = tree.parent[top]
        if parent < 0 or parent == body:
            break
        gained = prose.get(parent, 0) - prose.get(top, 0)
        if gained < MIN_PROSE_GAIN * prose.get(top, 0) or gained < MIN_PROSE_GAIN_CHARS:
            break
        if tree.link_density(parent) > MAX_EXPANSION_LINK_DENSITY:
            break
        top = parent
    return top


def _climb_wrappers(tree: PageTree, top: int, body: int) -> int:
    """Move up while the parent holds no text beyond this node (pure wrappers)."""
    parent = tree.parent[top]
    while parent >= 0 and parent != body and tree.text_chars[parent] == tree.text_chars[top]:
        top = parent
        parent = tree.parent[top]
    return top


def _merge_siblings(
    tree: PageTree,
    top: int,
    top_score: float,
    content: dict[int, float],
    prose: dict[int, int],
    policy: SiblingPolicy,
) -> list[int]:
    threshold = max(MIN_SIBLING_SCORE, top_score * SIBLING_SCORE_SHARE)
    best_content = max(content.values(), default=0.0)
    roots: list[int] = []
    for sibling in tree.children(tree.parent[top]):
        if sibling == top:
            roots.append(sibling)
            continue
        if tree.removed[sibling] == DROPPED or not tree.text_chars[sibling]:
            continue
        if holds_teaser_stream(tree, sibling):
            continue  # other stories' linked headlines and summaries
        # Siblings join on their paragraphs' score, not on class names: a header div
        # classed "article-title" scores high on its name alone (Readability's weight).
        if content.get(sibling, 0.0) * (1.0 - tree.link_density(sibling)) >= threshold:
            roots.append(sibling)
            continue
        # An article split into chunks (ads between them) puts each chunk's paragraphs a
        # level deeper in a sibling wrapper: judge the wrapper by its best inner block.
        end = tree.end[sibling]
        inner_best = max((v for k, v in content.items() if sibling < k <= end), default=0.0)
        if (
            tree.tags[sibling] not in _NEVER_CHUNKS
            and inner_best * (1.0 - tree.link_density(sibling)) >= CHUNK_SHARE * best_content
        ):
            roots.append(sibling)
            continue
        if policy == "strict":
            continue
        chars = tree.text_chars[sibling]
        density = tree.link_density(sibling)
        if policy == "normal" and tree.tags[sibling] not in _PARAGRAPH_LIKE:
            if _is_lead(tree, sibling, top, prose):
                roots.append(sibling)
            continue
        long_prose = chars >= LONG_SIBLING_CHARS and density < MAX_SIBLING_LINK_DENSITY
        if long_prose or (density == 0 and _SENTENCE_END.search(tree.text(sibling, 400))):
            roots.append(sibling)
    return roots


def _is_lead(tree: PageTree, sibling: int, top: int, prose: dict[int, int]) -> bool:
    # A lead that is itself one paragraph (a div with its own text) has no paragraphs below.
    sibling_prose = prose.get(sibling, 0) or (
        tree.text_chars[sibling] if tree.own_chars[sibling] >= MIN_PARAGRAPH_CHARS else 0
    )
    return (
        sibling < top
        and sibling_prose >= LONG_SIBLING_CHARS
        and not _MEDIA_NAMES.search(tree.class_and_id(sibling).lower())
        and sibling_prose >= LEAD_PROSE_SHARE * tree.text_chars[sibling]
        and tree.link_density(sibling) < MAX_SIBLING_LINK_DENSITY
    )


def _leads_of_wrapper(
    tree: PageTree, top: int, body: int, roots: list[int], prose: dict[int, int]
) -> list[int]:
    """Leads one level up: when the article's parent is a wrapper holding little besides
    the article, its own preceding siblings may be the headline block and standfirst."""
    parent = tree.parent[top]
    if parent < 0 or parent == body or tree.parent[parent] < 0:
        return []
    if sum(tree.text_chars[i] for i in roots) < WRAPPER_TEXT_SHARE * tree.text_chars[parent]:
        return []
    return [
        sibling
        for sibling in tree.children(tree.parent[parent])
        if sibling < parent
        and tree.removed[sibling] != DROPPED
        and tree.text_chars[sibling]
        and _is_lead(tree, sibling, parent, prose)
    ]


def _standfirst(tree: PageTree, headline: int, roots: list[int]) -> list[int]:
    """The paragraph right under the page's headline, when the article starts elsewhere:
    templates put headline and standfirst in a header block far from the body text."""
    first_root = min(roots)
    # The headline itself may be dropped (a copy for screen readers): its place still counts.
    if headline >= first_root:
        return []
    i = tree.end[headline] + 1
    while i < first_root:
        if tree.removed[i] == DROPPED:
            i = tree.end[i] + 1
            continue
        if _has_paragraph_text(tree, i) and not _repeats(tree, i, headline):
            break
        i += 1
    else:
        return []
    if (
        tree.text_chars[i] < LONG_SIBLING_CHARS
        or tree.end[i] >= first_root
        or tree.link_density(i) >= MAX_SIBLING_LINK_DENSITY
    ):
        return []
    # Captions and author bios also sit under headlines; the names of the blocks between
    # the headline's and this one's common ancestor tell them apart.
    block = i
    while block >= 0 and not tree.is_inside(headline, block):
        if _NOT_STANDFIRST_NAMES.search(tree.class_and_id(block).lower()):
            return []
        block = tree.parent[block]
    return [i]


def _has_paragraph_text(tree: PageTree, i: int) -> bool:
    tag = tree.tags[i]
    return tag in _STANDFIRST_TAGS and (
        tree.own_chars[i] >= MIN_PARAGRAPH_CHARS
        or (tag == "p" and tree.text_chars[i] >= MIN_PARAGRAPH_CHARS)
    )


def _repeats(tree: PageTree, i: int, headline: int) -> bool:
    """A second copy of the headline (one for screen readers, one shown)."""
    return tree.text_chars[i] == tree.text_chars[headline] and tree.text(i) == tree.text(headline)
