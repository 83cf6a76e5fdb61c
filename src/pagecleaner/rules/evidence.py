"""Spam evidence shared by rules: what a node's links and words say about it.

Structure alone (hidden, link-dense, many hosts) is common on honest pages: menus hide,
footers link to sister sites. Spam is structure *plus* vocabulary: hidden links whose
anchors sell casinos, a link list of porn terms, a keyword line of pharma names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..coherence import prose_token_counts
from ..hosts import url_shape
from . import Judgement
from .context import PageContext
from .links import MIN_SHAPED_SITES, BlockLinks, block_links

__all__ = [
    "LinkEvidence",
    "article_token_counts",
    "generated_link_evidence",
    "generated_links_judgement",
    "is_collapsed_prose",
    "link_evidence",
]

_SENTENCE_END = regex.compile(r"[.!?。！？؟](?=\s|$|[\"'”’)])|[。！？]")
# Tune as a set (spam corpus clean pages with a collapsed "Continue reading" section, and
# the hidden link blocks injected into the others): prose is long, has sentences and few
# links; link blocks and keyword salad are the opposite.
MIN_PROSE_CHARS = 250
MIN_PROSE_SENTENCES = 2
MAX_PROSE_LINK_DENSITY = 0.2


@dataclass(frozen=True, slots=True)
class LinkEvidence:
    links: int
    external: int
    spam_anchors: int
    """Anchors whose own text carries strong spam vocabulary."""
    hosts: int

    def as_evidence(self) -> dict[str, float | int | str | bool]:
        return {
            "links": self.links,
            "external_links": self.external,
            "spam_anchors": self.spam_anchors,
            "external_hosts": self.hosts,
        }


def link_evidence(i: int, page: PageContext, *, gated: bool = True) -> LinkEvidence:
    """Count the links under node ``i``, external ones, and anchors with spam terms.

    Anchor texts are searched only when the page has spam terms somewhere (``gated``).
    """
    anchors = page.tree.nodes[i].css("a[href]")
    external = 0
    spam = 0
    hosts: set[str] = set()
    check_words = bool(page.page_hits) or not gated
    for anchor in anchors:
        href = anchor.attributes.get("href") or ""
        if page.is_external(href):
            external += 1
            hosts.add(href.split("//", 1)[-1].split("/", 1)[0].lower())
        if check_words and page.lexicon.find(anchor.text(deep=True)).strong:
            spam += 1
    return LinkEvidence(len(anchors), external, spam, len(hosts))


def is_collapsed_prose(i: int, page: PageContext, *, without: Sequence[int] = ()) -> bool:
    """True for hidden text that reads like the article (a collapsed "read more" part).

    Such text is real content a reader expands with one click; spam hidden on purpose is
    link lists or keyword salad, which fail these tests or carry spam vocabulary.
    ``without``: descendants to leave out (blocks judged on their own).
    """
    tree = page.tree
    chars = tree.text_chars[i] - sum(tree.text_chars[j] for j in without)
    links = tree.link_chars[i] - sum(tree.link_chars[j] for j in without)
    if chars < MIN_PROSE_CHARS:
        return False
    if links > MAX_PROSE_LINK_DENSITY * chars:
        return False
    text = tree.text(i, None if without else 4000)
    for j in without:
        text = text.replace(tree.text(j), " ", 1)
    if len(_SENTENCE_END.findall(text)) < MIN_PROSE_SENTENCES:
        return False
    return not page.lexicon.find(text)


# The article's text is read up to this length for its vocabulary.
MAX_REFERENCE_CHARS = 20_000


def article_token_counts(page: PageContext) -> Counter[str]:
    """Token counts of the selected article's prose outside its links (article-stage rules;
    see :func:`~pagecleaner.coherence.prose_token_counts`)."""
    roots = page.article_roots

    def build() -> Counter[str]:
        tree = page.tree
        text = " ".join(tree.text(root, MAX_REFERENCE_CHARS) for root in roots)
        anchors = sorted({a for root in roots for a in tree.css_within(root, "a")})
        return prose_token_counts(text, (tree.text(a, 300) for a in anchors))

    return page.memo(f"article-tokens {roots}", build)


def generated_link_evidence(i: int, page: PageContext) -> BlockLinks | None:
    """Block ``i``'s links, when they point to several generated-looking foreign sites or
    to a private set of foreign sites the page links nowhere else (a network's farm).

    Spam evidence that needs no word of the anchors: honest menus link within the site,
    honest footers to a few sister sites with ordinary names.
    """
    # Both tests need two generated-looking links: counted first, from the URLs alone (the
    # page's link profile is built only for blocks that have them).
    shaped = 0
    for anchor in page.tree.nodes[i].css("a[href]"):
        if url_shape((anchor.attributes.get("href") or "").strip()).generated:
            shaped += 1
            if shaped >= MIN_SHAPED_SITES:
                break
    else:
        return None
    links = block_links(i, page)
    if links.generated_targets or links.private_farm:
        return links
    return None


def generated_links_judgement(
    i: int,
    page: PageContext,
    links: LinkEvidence,
    evidence: dict[str, float | int | str | bool],
    message: str,
) -> Judgement | None:
    """A spam judgement for a dropped container (hidden block, noscript, marquee) whose
    links mostly leave the site for generated-looking or private foreign sites."""
    if links.external < MIN_SHAPED_SITES or links.external * 2 < links.links:
        return None
    generated = generated_link_evidence(i, page)
    if generated is None:
        return None
    evidence.update(generated.as_evidence())
    return Judgement(message, evidence, spam=True)
