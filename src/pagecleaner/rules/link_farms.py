"""LNK rules: blocks made of links rather than prose."""

from __future__ import annotations

from collections.abc import Iterator

from ..result import Action, Family
from . import Judgement, Match, Rule, RuleInfo
from .context import PageContext

__all__ = ["LINK_FARM_RULES"]

# Tune as a set (scrapinghub-dev + spam corpus, issue 2): menus, related lists and link
# farms sit above 0.65 link density; article paragraphs with citations stay well below.
MAX_LINK_DENSITY = 0.65
MIN_LINKS_IN_BLOCK = 3
# A block with this much text outside its links holds prose too (an article beside a big
# menu inside one wrapper): link density alone must not drop it, unless nearly all links.
MAX_NON_LINK_CHARS = 300
ALWAYS_DROP_DENSITY = 0.9


class LinkDenseBlock(Rule):
    info = RuleInfo(
        code="LNK001",
        name="link-dense-blocks",
        family=Family.LINK_FARM,
        action=Action.DROP,
        summary="Blocks whose text is mostly link text: menus, link lists, link farms.",
        why="Prose carries its links inside sentences; a block that is almost all anchor "
        "text is navigation, a related-articles list, a tag cloud or an injected link farm. "
        "Density alone is no spam evidence (news networks link to dozens of sister sites); "
        "the external host count is recorded for the spam rules to weigh.",
        example='<ul><li><a href="/a">Home</a></li><li><a href="/b">News</a></li>'
        '<li><a href="/c">Sport</a></li></ul> → dropped as boilerplate.',
        false_positives="A paragraph with a few citation links stays below the density "
        "threshold and is kept.",
        options={
            "max_link_density": (MAX_LINK_DENSITY, "link text share above which a block goes"),
            "min_links": (MIN_LINKS_IN_BLOCK, "fewer links than this never make a block"),
        },
    )

    def matches(self, page: PageContext) -> Iterator[Match]:
        tree = page.tree
        max_density = float(self.option(page, "max_link_density"))  # type: ignore[arg-type]
        min_links = int(self.option(page, "min_links"))  # type: ignore[call-overload]
        covered_until = -1
        for i in page.link_blocks:
            if i <= covered_until:
                continue  # inside a block already matched: the outer one explains it
            density = tree.link_density(i)
            if density < max_density:
                continue
            non_link = tree.text_chars[i] - tree.link_chars[i]
            if non_link > MAX_NON_LINK_CHARS and density < ALWAYS_DROP_DENSITY:
                continue
            hrefs = [a.attributes.get("href") or "" for a in tree.nodes[i].css("a")]
            if len(hrefs) < min_links:
                continue
            hosts = {_host(h) for h in hrefs if page.is_external(h)}
            external = sum(1 for h in hrefs if page.is_external(h))
            covered_until = tree.end[i]
            yield Match(
                i,
                Judgement(
                    f"link-dense block: link density {density:.2f} over {len(hrefs)} links",
                    {
                        "link_density": round(density, 3),
                        "threshold": max_density,
                        "links": len(hrefs),
                        "external_links": external,
                        "external_hosts": len(hosts),
                    },
                ),
            )


def _host(href: str) -> str:
    rest = href.split("//", 1)[-1]
    return rest.split("/", 1)[0].split("?", 1)[0].lower()


LINK_FARM_RULES: tuple[Rule, ...] = (LinkDenseBlock(),)
