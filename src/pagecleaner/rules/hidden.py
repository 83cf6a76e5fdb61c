"""HID rules: content a browser would not show."""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from ..css import hidden_reason
from ..dom import PageTree
from ..result import Action, Family
from . import HeuristicRule, Judgement, Match, Rule, RuleInfo
from .context import PageContext
from .evidence import generated_link_evidence, is_collapsed_prose, link_evidence

__all__ = ["HIDDEN_RULES", "judge_hidden"]

# Hidden links to this many other sites, with at least some spam vocabulary, are a hidden
# link farm; hidden menus link within their own site.
MIN_EXTERNAL_LINKS_FOR_SPAM = 3


def judge_hidden(reason: str, i: int, page: PageContext) -> Judgement | None:
    """Spam, hidden UI, or collapsed article text (kept: None) for a hidden node."""
    if not page.tree.text_chars[i]:
        # Nothing to read, nothing to advertise: hidden furniture (icons, empty panels).
        return Judgement(f"hidden content: {reason}", {"reason": reason, "chars": 0})
    links = link_evidence(i, page)
    hits = page.hits(i)
    evidence = links.as_evidence()
    evidence["reason"] = reason
    evidence["spam_weight"] = hits.weight
    spam = (
        hits.strong
        or links.spam_anchors > 0
        or (hits.weight > 0 and links.external >= MIN_EXTERNAL_LINKS_FOR_SPAM)
    )
    if spam:
        families = ", ".join(sorted(hits.families)) or "links"
        return Judgement(f"hidden spam ({families}): {reason}", evidence, spam=True)
    generated = generated_link_evidence(i, page) if links.external else None
    if generated is not None:
        evidence.update(generated.as_evidence())
        return Judgement(f"hidden links to generated-looking sites: {reason}", evidence, spam=True)
    if is_collapsed_prose(i, page):
        return None
    return Judgement(f"hidden content: {reason}", evidence)


class HiddenInlineStyle(HeuristicRule):
    info = RuleInfo(
        code="HID002",
        name="hidden-inline-style",
        family=Family.HIDDEN,
        action=Action.DROP,
        summary="Elements hidden by their own style attribute.",
        why="A browser does not show them. Legitimate pages hide menus and modals this way; "
        "hacked pages hide link farms and keyword text for search engines only. Hidden "
        "blocks with spam vocabulary are reported as spam, others dropped as hidden UI.",
        example='<div style="position:absolute;left:-9999px"><a href="https://casino.example">'
        "slot gacor</a></div> → dropped (spam).",
        false_positives="overflow:hidden alone, zero size without overflow hidden, and "
        "declarations inside CSS comments hide nothing. Hidden text that reads like the "
        "article (a collapsed 'continue reading' part: long, sentences, few links, no spam "
        "terms) is kept.",
    )
    scope = "[style]"

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        style = page.tree.attr(i, "style")
        reason = hidden_reason(style) if style else None
        if reason is None:
            return None
        return judge_hidden(reason, i, page)


class HiddenAttribute(HeuristicRule):
    info = RuleInfo(
        code="HID001",
        name="hidden-attribute",
        family=Family.HIDDEN,
        action=Action.DROP,
        summary="Elements with the HTML hidden attribute.",
        why="The hidden attribute means the element is not relevant now; browsers do not "
        "render it. Tab panels use it honestly; injected link blocks use it too.",
        example="<div hidden>Tab 2</div> → dropped.",
        false_positives='hidden="until-found" marks collapsed but searchable content (real '
        "text) and is kept, as is hidden text that reads like the article.",
    )
    scope = "[hidden]"

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        value = (page.tree.attr(i, "hidden") or "").strip().lower()
        if value == "until-found":
            return None
        return judge_hidden("hidden attribute", i, page)


class AriaHidden(HeuristicRule):
    info = RuleInfo(
        code="HID003",
        name="aria-hidden-content",
        family=Family.HIDDEN,
        action=Action.DROP,
        summary='Elements marked aria-hidden="true".',
        why="Authors mark decorative or duplicated content (icons, visual-only copies) as "
        "hidden from assistive technology; Readability drops it too. Link blocks with spam "
        "vocabulary hidden this way are reported as spam.",
        example='<span aria-hidden="true">★</span> → dropped.',
        false_positives='aria-hidden="false" and hidden text that reads like the article are kept.',
    )
    scope = '[aria-hidden="true" i]'

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        return judge_hidden("aria-hidden", i, page)


# -- the page's own style sheets ---------------------------------------------------------
_CSS_COMMENT = regex.compile(r"/\*.*?(?:\*/|$)", regex.DOTALL)
# Declarations that can hide; found in C, so only the rules holding them are read.
# Each pattern is as narrow as hidden_reason's test ("font-size:0.9em" and "opacity:0.8"
# are everywhere and hide nothing), so big sheets yield few candidates. They run one by
# one on the lower-cased sheet: each starts with a literal the engine scans for quickly,
# while one alternation of them all (and IGNORECASE) measured 6-10x slower.
_HIDING_HINTS = tuple(
    re.compile(pattern)
    for pattern in (
        r"display\s*:\s*none",
        r"visibility\s*:\s*(?:hidden|collapse)",
        r"text-indent\s*:\s*-\d{3}",
        r"left\s*:\s*-\d{3}",
        r"top\s*:\s*-\d{3}",
        r"font-size\s*:\s*[01](?:px)?\s*[;}!]",
        r"height\s*:\s*0(?:px)?\s*[;}!]",
        r"width\s*:\s*0(?:px)?\s*[;}!]",
        r"opacity\s*:\s*0(?:\.0+)?\s*[;}!]",
        r"clip\s*:\s*rect",
        r"clip-path\s*:\s*(?:inset|circle)",
        r"transform\s*:\s*scale\(0",
    )
)


def _hint_positions(css: str) -> list[int]:
    lowered = css.lower()
    if len(lowered) != len(css):  # a few non-ASCII letters change length when lowered
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in css)
    return sorted(m.start() for hint in _HIDING_HINTS for m in hint.finditer(lowered))


# Selectors that apply only in an interaction state or to generated content.
_STATEFUL_SELECTOR = regex.compile(
    r":(?:hover|focus|active|visited|checked|target|focus-within|focus-visible|before|after|"
    r"placeholder|selection|first-letter|first-line|-webkit|-moz|-ms)",
    regex.IGNORECASE,
)
# Limits that bound the work on pathological style sheets (see docs/architecture.md).
MAX_STYLE_CHARS = 1_000_000
MAX_HIDING_SELECTORS = 400


def hiding_selectors(page: PageContext) -> list[tuple[str, str]]:
    """(selector, reason) for every top-level style rule of the page that hides.

    Linear in the sheet's size: the hint search runs in C, and brace depth is counted
    between consecutive hints only. Rules nested in at-rules (depth 2: @media, @supports)
    apply conditionally, so a rule hiding a menu below 600px is ignored.
    """
    sheets = [node.text(deep=True) for node in page.tree.parser.css("style")]
    css = "\n".join(sheets)[:MAX_STYLE_CHARS]
    if not css:
        return []
    css = _CSS_COMMENT.sub(" ", css)
    positions = _hint_positions(css)
    found: list[tuple[str, str]] = []
    depth = 0
    previous = 0
    seen_blocks: set[int] = set()
    for position in positions:
        depth += css.count("{", previous, position) - css.count("}", previous, position)
        previous = position
        if depth != 1:
            continue
        opening = css.rfind("{", 0, position)
        if opening in seen_blocks:
            continue
        seen_blocks.add(opening)
        closing = css.find("}", position)
        selector_start = max(css.rfind("}", 0, opening), css.rfind(";", 0, opening)) + 1
        reason = hidden_reason(css[opening + 1 : closing if closing >= 0 else len(css)])
        if reason is None:
            continue
        for selector in css[selector_start:opening].split(","):
            selector = " ".join(selector.split())
            if (
                selector
                and not selector.startswith("@")
                and not _STATEFUL_SELECTOR.search(selector)
            ):
                found.append((selector, reason))
                if len(found) >= MAX_HIDING_SELECTORS:
                    return found
    return found


class HiddenByStylesheet(HeuristicRule):
    info = RuleInfo(
        code="HID004",
        name="hidden-by-stylesheet",
        family=Family.HIDDEN,
        action=Action.DROP,
        summary="Elements hidden by a rule of the page's own <style> sheets.",
        why="Hiding spam through a class styled in the <head> (.x{display:none}) escapes "
        "checks of the style attribute. The page's own rules are matched against the tree "
        "with the parser's selector engine, as a browser would.",
        example="<style>.seo{position:absolute;left:-9999px}</style>"
        '<div class="seo"><a href="https://pills.example">cheap cialis</a></div> → dropped.',
        false_positives="Rules inside @media and other at-rules, and rules for :hover or "
        "::before, are ignored. External style sheets are not available in a saved page.",
    )
    scope = "@page"

    def judge(self, i: int, page: PageContext) -> Judgement | None:  # pragma: no cover
        return None

    def matches(self, page: PageContext) -> Iterator[Match]:
        seen: set[int] = set()
        tree = page.tree
        for i, reason in _hidden_nodes(hiding_selectors(page), tree):
            if i in seen or tree.tags[i] in ("html", "body", "head"):
                continue
            seen.add(i)
            judgement = judge_hidden(f"style sheet: {reason}", i, page)
            if judgement is not None:
                yield Match(i, judgement)


def _hidden_nodes(selectors: list[tuple[str, str]], tree: PageTree) -> Iterator[tuple[int, str]]:
    """Nodes matched by the hiding selectors, one C-level query per reason.

    A selector lexbor cannot parse spoils its group, so a failing group is retried one
    selector at a time and the bad ones are skipped, as browsers skip them.
    """
    by_reason: dict[str, list[str]] = {}
    for selector, reason in selectors:
        by_reason.setdefault(reason, []).append(selector)
    for reason, group in by_reason.items():
        queries = [", ".join(group)]
        for k, query in enumerate(queries):
            try:
                indices = list(tree.css(query))
            except Exception:
                if k == 0 and len(group) > 1:
                    queries.extend(group)
                continue
            for i in indices:
                yield i, reason


HIDDEN_RULES: tuple[Rule, ...] = (
    HiddenAttribute(),
    HiddenInlineStyle(),
    AriaHidden(),
    HiddenByStylesheet(),
)
