"""LNK rules: blocks made of links rather than prose."""

from __future__ import annotations

from ..result import Action, Family
from . import Gate, HeuristicRule, Judgement, Rule, RuleInfo
from .context import PageContext
from .evidence import link_evidence

__all__ = ["LINK_FARM_RULES"]

# Tune as a set (scrapinghub-dev + spam corpus, issue 2): menus, related lists and link
# farms sit above 0.65 link density; article paragraphs with citations stay well below.
MAX_LINK_DENSITY = 0.65
MIN_LINKS_IN_BLOCK = 3
# A block with this much text outside its links holds prose too (an article beside a big
# menu inside one wrapper): link density alone must not drop it, unless nearly all links.
MAX_NON_LINK_CHARS = 300
ALWAYS_DROP_DENSITY = 0.9
# ... but a block with this much prose outside its links holds an article, however many
# links surround it (a page-wide wrapper with a mega-menu).
NEVER_DROP_NON_LINK_CHARS = 1000


class LinkDenseBlock(HeuristicRule):
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

    scope = "@link-blocks"
    # Most link blocks are below the density: rejected in bulk before judge.
    gate = Gate(min_link_density="max_link_density")
    outermost_only = True

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        max_density = float(self.option(page, "max_link_density"))  # type: ignore[arg-type]
        density = tree.link_density(i)
        if density < max_density:
            return None
        non_link = tree.text_chars[i] - tree.link_chars[i]
        if non_link > MAX_NON_LINK_CHARS and (
            density < ALWAYS_DROP_DENSITY or non_link > NEVER_DROP_NON_LINK_CHARS
        ):
            return None
        anchors = tree.nodes[i].css("a")
        if len(anchors) < int(self.option(page, "min_links")):  # type: ignore[call-overload]
            return None
        hrefs = [a.attributes.get("href") or "" for a in anchors]
        external = page.external_links(hrefs)
        return Judgement(
            f"link-dense block: link density {density:.2f} over {len(hrefs)} links",
            {
                "link_density": round(density, 3),
                "threshold": max_density,
                "links": len(hrefs),
                "external_links": len(external),
                "external_hosts": len({_host(h) for h in external}),
            },
        )


def _host(href: str) -> str:
    rest = href.split("//", 1)[-1]
    return rest.split("/", 1)[0].split("?", 1)[0].lower()


# A list is a spam link farm when this many of its anchors, and this share, carry spam
# vocabulary (injected farms mix keyword anchors with place names or brand names).
MIN_SPAM_ANCHORS = 2
MIN_SPAM_ANCHOR_SHARE = 0.2
# A farm's own text is anchors and separators, with at most a short prefix.
MAX_FARM_PROSE_SHARE = 0.25


class SpamLinkLists(HeuristicRule):
    info = RuleInfo(
        code="LNK003",
        name="spam-link-lists",
        family=Family.LINK_FARM,
        action=Action.DROP,
        summary="Link lists whose anchors advertise gambling, porn, pharma or counterfeits.",
        why="Hacked pages carry link farms pointing at the attacker's network; their anchor "
        "texts are the keywords being sold ('slot gacor', '国产精品视频', 'cheap cialis'), "
        "often mixed with place names or separators to look like a sitemap.",
        example="<div>主站蜘蛛池模板: <a href='http://x.cn/'>晋江市</a> | "
        "<a href='http://y.cn/'>久草国产视频</a> | <a href='http://z.cn/'>日韩AV在线</a></div>"
        " → dropped (spam).",
        false_positives="Link lists without spam vocabulary (menus, footers linking to "
        "sister sites) are left to LNK001 as boilerplate.",
    )
    scope = "@link-blocks"
    outermost_only = True
    needs_spam_terms = True

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        non_link = tree.text_chars[i] - tree.link_chars[i]
        if non_link > MAX_NON_LINK_CHARS and non_link > MAX_FARM_PROSE_SHARE * tree.text_chars[i]:
            # A wrapper holding the farm *and* prose (the article): the farm is a smaller
            # block further down, which this rule will reach.
            return None
        links = link_evidence(i, page)
        if links.spam_anchors < MIN_SPAM_ANCHORS:
            return None
        if links.spam_anchors < MIN_SPAM_ANCHOR_SHARE * links.links:
            return None
        return Judgement(
            f"link list with {links.spam_anchors} spam anchors of {links.links}",
            links.as_evidence(),
            spam=True,
        )


class SpamAnchors(HeuristicRule):
    info = RuleInfo(
        code="LNK002",
        name="spam-anchors",
        family=Family.LINK_FARM,
        action=Action.DROP,
        summary="Single links to other sites whose anchor text is spam vocabulary.",
        why="Injectors append one or two keyword links to real paragraphs ('... as the "
        "minister said. <a href=https://casino.example>best online casinos</a>'). The anchor "
        "goes; the paragraph, which is the article, stays.",
        example="<p>The council approved the budget. <a href='https://pills.example/'>cheap "
        "cialis</a></p> → the link is dropped, the sentence kept.",
        false_positives="Links within the site, and anchors with only weak terms ('casino' in "
        "a news story about a casino) are kept.",
    )
    scope = "a[href]"
    needs_spam_terms = True

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        href = tree.attr(i, "href") or ""
        if not page.is_external(href):
            return None
        hits = page.lexicon.find(tree.text(i, 300))
        if not hits.strong:
            return None
        return Judgement(
            f"spam anchor ({', '.join(sorted(hits.families))}) to another site",
            {"href": href[:200], "terms": ", ".join(hits.terms[:5]), "spam_weight": hits.weight},
            spam=True,
        )


LINK_FARM_RULES: tuple[Rule, ...] = (SpamLinkLists(), SpamAnchors(), LinkDenseBlock())
