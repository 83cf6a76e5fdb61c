"""LNK rules: blocks made of links rather than prose."""

from __future__ import annotations

from ..coherence import dominant_script, shared_token_share, tokens
from ..hosts import url_shape
from ..result import Action, Family
from . import Gate, HeuristicRule, Judgement, Rule, RuleInfo
from .context import PageContext
from .evidence import article_token_counts, generated_link_evidence, link_evidence
from .links import link_profile

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
        evidence: dict[str, float | int | str | bool] = {
            "link_density": round(density, 3),
            "threshold": max_density,
            "links": len(hrefs),
            "external_links": len(external),
            "external_hosts": len({_host(h) for h in external}),
        }
        # Most of a farm's links leave the site; a menu with a few outside links is no farm.
        generated = (
            generated_link_evidence(i, page)
            if len(external) * 2 >= len(hrefs) and len(external) >= 2
            else None
        )
        if generated is not None:
            evidence.update(generated.as_evidence())
            return Judgement(
                f"link farm: {generated.foreign_sites} foreign sites, {generated.shaped} links"
                " to generated-looking hosts",
                evidence,
                spam=True,
            )
        return Judgement(
            f"link-dense block: link density {density:.2f} over {len(hrefs)} links", evidence
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


# An inline anchor is judged when its text is this short (a keyword, not a sentence), its
# site is linked at most this often on the page, and prose surrounds it.
MAX_INLINE_ANCHOR_CHARS = 80
MAX_INLINE_SITE_ANCHORS = 2
MIN_SURROUNDING_PROSE_CHARS = 40
MAX_BLOCK_CLIMB = 4
# Points: a detached position, an anchor sharing no word with the article, a generated
# target, a script foreign to its sentence, spam terms. Honest citations earn one or two.
MIN_INLINE_SPAM_POINTS = 3
# An anchor most of whose words the article uses nowhere else is off its topic ("best" and
# "online" occur anywhere; the keyword being sold does not).
MAX_ON_TOPIC_SHARE = 0.34
MAX_SCRIPT_SAMPLE_CHARS = 20_000
_SENTENCE_CLOSERS = frozenset(".!?。！？\"'”’)»")


class OffTopicInlineAnchors(HeuristicRule):
    info = RuleInfo(
        code="LNK004",
        name="off-topic-inline-anchors",
        family=Family.LINK_FARM,
        action=Action.DROP,
        summary="Links slipped into article paragraphs that point away from the topic and "
        "the site.",
        why="Injectors append a keyword link to real paragraphs, after the last sentence, to "
        "a site the page links nowhere else. Whatever words the anchor uses, its position "
        "(outside any sentence), its words (never used by the article), its script (other "
        "than the sentence's) and its target (a generated-looking host) give it away. "
        "Points are added; the anchor goes, the paragraph stays.",
        example="<p>The council approved the budget. <a href='http://bet-s78xk.top/'>quick "
        "wins today</a></p> → the link is dropped, the sentence kept.",
        false_positives="Citation links inside sentences, links to the page's own or "
        "frequently linked sites, and anchors whose words the article uses elsewhere are "
        "kept; a detached credit link ('Source: Reuters') earns too few points.",
        stage="article",
        options={
            "min_points": (MIN_INLINE_SPAM_POINTS, "evidence points needed to drop an anchor"),
        },
    )
    scope = "a[href]"

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        chars = tree.text_chars[i]
        if not 2 <= chars <= MAX_INLINE_ANCHOR_CHARS:
            return None
        href = (tree.attr(i, "href") or "").strip()
        if not page.is_external(href):
            return None
        block = tree.parent[i]
        for _ in range(MAX_BLOCK_CLIMB):
            if block < 0 or tree.text_chars[block] - chars >= MIN_SURROUNDING_PROSE_CHARS:
                break
            block = tree.parent[block]
        if block < 0 or tree.text_chars[block] - chars < MIN_SURROUNDING_PROSE_CHARS:
            return None
        if tree.link_density(block) > MAX_LINK_DENSITY:
            return None  # a link list, not prose: the list rules judge it
        anchor_text = tree.text(i, 200)
        reasons: list[str] = []
        points = 0
        shape = url_shape(href)
        if shape.points:
            points += min(2, shape.points)
            reasons.append("target " + "/".join(shape.reasons))
        hits = page.hits(i)
        if hits:
            points += 2 if hits.strong else 1
            reasons.append("spam terms")
        minimum = int(self.option(page, "min_points"))  # type: ignore[call-overload]
        anchor_script = dominant_script(anchor_text)
        # Cheap points first: an anchor in the page's own script can still earn only the
        # position point and the coherence point, so most honest links stop here, before
        # their paragraph is read.
        if anchor_script in (None, _page_script(page)) and points + 2 < minimum:
            return None
        block_text = tree.text(block, 3000)
        at = block_text.rfind(anchor_text)
        before = block_text[:at].rstrip() if at >= 0 else ""
        after = block_text[at + len(anchor_text) :].strip(" .…") if at >= 0 else "x"
        if before and not after and before[-1] in _SENTENCE_CLOSERS:
            points += 1
            reasons.append("after the last sentence")
        sentence_script = dominant_script(before[-300:] or block_text)
        if anchor_script and sentence_script and anchor_script != sentence_script:
            points += 2
            reasons.append(f"{anchor_script} anchor in a {sentence_script} sentence")
        # The link profile and the article's vocabulary are the costly reads: they are made
        # only when the coherence point can still decide.
        if points + 1 < minimum:
            return None
        profile = link_profile(page)
        site = profile.foreign_site(href)
        if site is None or profile.anchors_per_site[site] > MAX_INLINE_SITE_ANCHORS:
            return None
        own = tokens(anchor_text)
        if own and (shared_token_share(own, article_token_counts(page)) <= MAX_ON_TOPIC_SHARE):
            points += 1
            reasons.append("words the article does not use")
        if points < minimum:
            return None
        return Judgement(
            f"off-topic link in prose ({'; '.join(reasons)})",
            {
                "href": href[:200],
                "points": points,
                "site_anchors": profile.anchors_per_site[site],
                "terms": ", ".join(hits.terms[:5]),
            },
            spam=True,
        )


def _page_script(page: PageContext) -> str | None:
    """The script most of the page's text is in, read once per page."""
    return page.memo(
        "page-script", lambda: dominant_script(page.visible_text[:MAX_SCRIPT_SAMPLE_CHARS])
    )


LINK_FARM_RULES: tuple[Rule, ...] = (
    SpamLinkLists(),
    SpamAnchors(),
    LinkDenseBlock(),
    OffTopicInlineAnchors(),
)
