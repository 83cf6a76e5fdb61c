"""Link-target evidence, computed once per page: which sites are the page's own, how often
each other site is linked, and what the targets' hosts look like.

A page's own sites are those of its URL, canonical URL and ``<base>``, the site it links to
most (its navigation), and the sites its images and style sheets come from. Injected links
point elsewhere, usually to sites the page links to once, from one block, on hosts a
network generated. Honest pages cite other sites too, so these are counts and shapes for
rules to weigh with other evidence, not verdicts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..hosts import host_of, site_of, url_shape
from .context import PageContext

__all__ = ["BlockLinks", "LinkProfile", "block_links", "link_profile"]

# An asset site must serve this many of the page's images or sheets to count as the page's
# own (one injected pixel does not make a spam host the site).
MIN_ASSET_REFERENCES = 2


@dataclass(frozen=True, slots=True)
class LinkProfile:
    own_sites: frozenset[str]
    anchors_per_site: Counter[str]
    """Anchors per foreign site over the whole page."""

    def foreign_site(self, href: str) -> str | None:
        """The site of an absolute link to a site that is not the page's own, else None."""
        host = host_of(href)
        if not host:
            return None
        site = site_of(host)
        return None if site in self.own_sites else site

    def is_sister(self, site: str) -> bool:
        """True for a site named like one of the page's own (a network's sister site)."""
        name = site.split(".", 1)[0]
        for own in self.own_sites:
            own_name = own.split(".", 1)[0]
            if _common_piece(name, own_name) >= MIN_SISTER_COMMON_CHARS:
                return True
        return False


def _common_piece(a: str, b: str) -> int:
    """Length of the longest common substring of two short names."""
    best = 0
    for start in range(len(a)):
        for end in range(start + best + 1, len(a) + 1):
            if a[start:end] in b:
                best = end - start
            else:
                break
    return best


def link_profile(page: PageContext) -> LinkProfile:
    """The page's link profile, built on first use and kept on the page."""
    return page.memo("link-profile", lambda: _build_link_profile(page))


def _build_link_profile(page: PageContext) -> LinkProfile:
    tree = page.tree
    own = {site_of(page.host)} if page.host else set()
    base = tree.parser.css_first("base[href]")
    base_href = base.attributes.get("href") if base is not None else None
    for url in (page.url, page.canonical_url, base_href):
        host = host_of(url)
        if host:
            own.add(site_of(host))
    assets: Counter[str] = Counter()
    for node in tree.parser.css('img[src], link[rel~="stylesheet" i][href]'):
        attributes = node.attributes
        host = host_of(attributes.get("src") or attributes.get("href"))
        if host:
            assets[site_of(host)] += 1
    own.update(site for site, n in assets.items() if n >= MIN_ASSET_REFERENCES)
    per_site: Counter[str] = Counter()
    for node in tree.parser.css("a[href]"):
        host = host_of(node.attributes.get("href"))
        if host:
            site = site_of(host)
            if site not in own:
                per_site[site] += 1
    return LinkProfile(frozenset(own), per_site)


# Tune as a set: a block's foreign links are generated-looking when at least this many
# distinct foreign sites are linked and this share of its foreign anchors have a shape.
MIN_SHAPED_SITES = 2
MIN_SHAPED_SHARE = 0.5
MIN_FOREIGN_SITES_FOR_FARM = 3
MIN_FOREIGN_SHARE = 0.5
MIN_SINGLE_USE_SHARE = 0.8
# A blogroll links thirty blogs once each, a couple of them on odd hosts; a private farm's
# hosts are generated throughout.
MIN_PRIVATE_SHAPED_SHARE = 0.3
# A foreign site whose name shares this long a piece with the page's own is a sister site
# ("9to5mac" and "9to5toys"): its shape says nothing about spam.
MIN_SISTER_COMMON_CHARS = 4


@dataclass(frozen=True, slots=True)
class BlockLinks:
    """A block's anchors seen through the page's link profile."""

    anchors: int
    foreign: int
    foreign_sites: int
    single_use_sites: int
    """Foreign sites that no anchor outside this block links to."""
    shaped: int
    """Foreign anchors whose URL looks generated (see :func:`~pagecleaner.hosts.url_shape`)."""
    shaped_sites: int
    shapes: tuple[str, ...]

    @property
    def mostly_foreign(self) -> bool:
        """Most of the block's links leave the site (a menu with two outside links does not)."""
        return self.foreign >= MIN_FOREIGN_SHARE * self.anchors

    @property
    def generated_targets(self) -> bool:
        """Several foreign sites, most of them on generated-looking hosts."""
        return (
            self.mostly_foreign
            and self.shaped_sites >= MIN_SHAPED_SITES
            and self.shaped >= MIN_SHAPED_SHARE * self.foreign
            and self.shaped_sites >= MIN_SHAPED_SHARE * self.foreign_sites
        )

    @property
    def private_farm(self) -> bool:
        """Many foreign sites that the page links to from this block only, some generated."""
        return (
            self.mostly_foreign
            and self.single_use_sites >= MIN_FOREIGN_SITES_FOR_FARM
            and self.single_use_sites >= MIN_SINGLE_USE_SHARE * self.foreign_sites
            and self.shaped_sites >= MIN_SHAPED_SITES
            and self.shaped_sites >= MIN_PRIVATE_SHAPED_SHARE * self.foreign_sites
        )

    def as_evidence(self) -> dict[str, float | int | str | bool]:
        return {
            "foreign_links": self.foreign,
            "foreign_sites": self.foreign_sites,
            "single_use_sites": self.single_use_sites,
            "generated_looking": self.shaped,
            "shapes": ", ".join(self.shapes),
        }


def block_links(i: int, page: PageContext) -> BlockLinks:
    """Count block ``i``'s foreign anchors, the sites only it links to, and their shapes."""
    profile = link_profile(page)
    anchors = page.tree.nodes[i].css("a[href]")
    in_block: Counter[str] = Counter()
    shaped = 0
    shaped_sites: set[str] = set()
    shapes: set[str] = set()
    for anchor in anchors:
        href = anchor.attributes.get("href") or ""
        site = profile.foreign_site(href)
        if site is None:
            continue
        in_block[site] += 1
        shape = url_shape(href.strip())
        if shape.generated and not profile.is_sister(site):
            shaped += 1
            shaped_sites.add(site)
            shapes.update(shape.reasons)
    per_site = profile.anchors_per_site
    single_use = sum(1 for site, n in in_block.items() if per_site[site] <= n)
    return BlockLinks(
        anchors=len(anchors),
        foreign=sum(in_block.values()),
        foreign_sites=len(in_block),
        single_use_sites=single_use,
        shaped=shaped,
        shaped_sites=len(shaped_sites),
        shapes=tuple(sorted(shapes)),
    )
