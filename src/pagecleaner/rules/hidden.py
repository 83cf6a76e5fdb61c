"""HID rules: content a browser would not show."""

from __future__ import annotations

from ..css import hidden_reason
from ..result import Action, Family
from . import HeuristicRule, Judgement, Rule, RuleInfo, SelectorRule
from .context import PageContext

__all__ = ["HIDDEN_RULES", "hidden_spam_evidence"]

# A hidden block with this many links to other sites is not hidden UI: menus and modals
# link within their own site (spam corpus: injected hidden blocks carry 5-30 such links).
MIN_EXTERNAL_LINKS_FOR_SPAM = 3


def hidden_spam_evidence(i: int, page: PageContext) -> dict[str, float | int | str | bool]:
    """Link counts of a hidden block: hidden links to other hosts are what spam hides."""
    tree = page.tree
    hrefs = [a.attributes.get("href") or "" for a in tree.nodes[i].css("a[href]")]
    external = sum(1 for href in hrefs if page.is_external(href))
    return {"links": len(hrefs), "external_links": external}


def _judgement(reason: str, i: int, page: PageContext) -> Judgement:
    evidence = hidden_spam_evidence(i, page)
    evidence["reason"] = reason
    spam = int(evidence["external_links"]) >= MIN_EXTERNAL_LINKS_FOR_SPAM
    kind = "hidden links to other sites" if spam else "hidden content"
    return Judgement(f"{kind}: {reason}", evidence, spam=spam)


class HiddenInlineStyle(HeuristicRule):
    info = RuleInfo(
        code="HID002",
        name="hidden-inline-style",
        family=Family.HIDDEN,
        action=Action.DROP,
        summary="Elements hidden by their own style attribute.",
        why="A browser does not show them. Legitimate pages hide menus and modals this way; "
        "hacked pages hide link farms and keyword text for search engines only. Either way "
        "the reader never sees it, so it is not article text.",
        example='<div style="position:absolute;left:-9999px"><a href="https://casino.example">'
        "slot</a></div> → dropped (spam evidence: hidden external links).",
        false_positives="overflow:hidden alone, zero size without overflow hidden, and "
        "declarations inside CSS comments hide nothing and are kept.",
    )
    scope = "[style]"

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        style = page.tree.attr(i, "style")
        reason = hidden_reason(style) if style else None
        if reason is None:
            return None
        return _judgement(reason, i, page)


class HiddenAttribute(HeuristicRule):
    info = RuleInfo(
        code="HID001",
        name="hidden-attribute",
        family=Family.HIDDEN,
        action=Action.DROP,
        summary="Elements with the HTML hidden attribute.",
        why="The hidden attribute means the element is not relevant now; browsers do not "
        "render it.",
        example="<div hidden>Tab 2</div> → dropped.",
        false_positives='hidden="until-found" marks collapsed but searchable content (real '
        "text) and is kept.",
    )
    scope = "[hidden]"

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        value = (page.tree.attr(i, "hidden") or "").strip().lower()
        if value == "until-found":
            return None
        return _judgement("hidden attribute", i, page)


HIDDEN_RULES: tuple[Rule, ...] = (
    HiddenAttribute(),
    HiddenInlineStyle(),
    SelectorRule(
        RuleInfo(
            code="HID003",
            name="aria-hidden-content",
            family=Family.HIDDEN,
            action=Action.DROP,
            summary='Elements marked aria-hidden="true".',
            why="Authors mark decorative or duplicated content (icons, visual-only copies) as "
            "hidden from assistive technology; Readability drops it too.",
            example='<span aria-hidden="true">★</span> → dropped.',
        ),
        '[aria-hidden="true" i]',
    ),
)
