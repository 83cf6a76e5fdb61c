"""HID rules: content a browser would not show."""

from __future__ import annotations

import re
from collections.abc import Iterator
from weakref import WeakKeyDictionary

import regex

from ..css import hidden_reason, hiding_kind, parse_declarations
from ..dom import MIN_PARAGRAPH_CHARS, PageTree
from ..result import Action, Family
from . import HeuristicRule, Judgement, Match, Rule, RuleInfo
from .context import PageContext
from .evidence import MIN_PROSE_CHARS, generated_links_judgement, is_collapsed_prose, link_evidence

__all__ = ["HIDDEN_RULES", "judge_hidden"]

# Hidden links to this many other sites, with at least some spam vocabulary, are a hidden
# link farm; hidden menus link within their own site.
MIN_EXTERNAL_LINKS_FOR_SPAM = 3


def judge_hidden(reason: str, i: int, page: PageContext, *, source: str = "") -> Judgement | None:
    """Spam, hidden UI, or text a reader is shown later (kept: None) for a hidden node.

    Hidden prose is judged like hidden link blocks: spam when its words or links say so,
    dropped as hidden content otherwise. Only hiding a reader can undo keeps prose: a
    collapsed part that reads like the article (the "continue reading" guard), or a block
    faded out until a script reveals it. Concealed text (off-screen, 1-pixel boxes,
    clipping) is never shown to a reader, so it is never kept as article.
    ``source`` names where the hiding style comes from when it is not the element's own.
    """
    kind = hiding_kind(reason)
    where = f"{source}: {reason}" if source else reason
    if not page.tree.text_chars[i]:
        # Nothing to read, nothing to advertise: hidden furniture (icons, empty panels).
        return Judgement(f"hidden content: {where}", {"reason": where, "chars": 0})
    links = link_evidence(i, page)
    hits = page.hits(i)
    evidence = links.as_evidence()
    evidence["reason"] = where
    evidence["hiding"] = kind
    evidence["spam_weight"] = hits.weight
    spam = (
        hits.strong
        or links.spam_anchors > 0
        or (hits.weight > 0 and links.external >= MIN_EXTERNAL_LINKS_FOR_SPAM)
    )
    if spam and kind == "collapsed":
        # Spam injected into a collapsed article part, hidden again on its own: that inner
        # block gets its own finding; the article part stays if the rest reads like it.
        long_enough = page.tree.text_chars[i] >= MIN_PROSE_CHARS
        nested = _nested_hidden(i, page) if long_enough else []
        if nested and is_collapsed_prose(i, page, without=nested) and has_reveal_control(i, page):
            return None
    if spam:
        families = ", ".join(sorted(hits.families)) or "links"
        return Judgement(f"hidden spam ({families}): {where}", evidence, spam=True)
    generated = generated_links_judgement(
        i, page, links, evidence, f"hidden links to generated-looking sites: {where}"
    )
    if generated is not None:
        return generated
    # aria-hidden text is on screen: no control is needed to see it.
    shown = reason == "aria-hidden"
    if (
        kind == "collapsed"
        and is_collapsed_prose(i, page)
        and (shown or has_reveal_control(i, page))
    ):
        return None
    if kind == "faded" and not source and is_revealed_prose(i, page):
        # Scroll-reveal scripts set the starting opacity on the element itself; a sheet's
        # opacity:0 class is more often a UI state (a closed modal, a paywall teaser).
        return None
    if kind == "concealed" and is_prose(i, page):
        evidence["concealed_prose"] = True
        return Judgement(f"hidden content, concealed prose: {where}", evidence)
    return Judgement(f"hidden content: {where}", evidence)


# What a reader clicks to expand a collapsed part: a button, an in-page link, a toggle.
_REVEAL_CONTROL = (
    'button, [role="button" i], a[href^="#"], a[href^="javascript" i], [onclick], label[for], '
    'input[type="checkbox" i], [aria-expanded], [aria-controls], summary'
)
# Names sites give the collapsed rest of an article (its control may be far away: a
# paywall's subscription box, a script-bound link).
_CONTENT_NAMES = regex.compile(
    r"more|full|rest|paywall|premium|expand|collaps|article|story|content|entry|body"
)
# Where the control sits: next to the collapsed part (or its wrapper), or inside it.
REVEAL_CONTROL_SIBLINGS = 2
MAX_CONTROL_CHARS = 80


def has_reveal_control(i: int, page: PageContext) -> bool:
    """True when a control a reader can use to expand ``i`` sits beside it or inside it,
    or the page names ``i`` as the rest of its content.

    A "continue reading" part comes with its button; text collapsed for crawlers only
    (another site's copy, doorway prose) has neither.
    """
    tree = page.tree
    if _CONTENT_NAMES.search(tree.class_and_id(i).lower()):
        return True  # the site names it as the rest of its content (paywalls, "more")
    if any(True for _ in tree.css_within(i, _REVEAL_CONTROL)):
        return True
    node = i
    for _ in range(2):  # the part itself, then its wrapper when it is the only child
        parent = tree.parent[node]
        if parent < 0:
            return False
        siblings = list(tree.children(parent))
        k = siblings.index(node)
        nearby = siblings[max(0, k - REVEAL_CONTROL_SIBLINGS) : k + REVEAL_CONTROL_SIBLINGS + 1]
        for j in nearby:
            # The control itself or a small wrapper of it (not a modal full of buttons).
            if (
                j != node
                and tree.text_chars[j] <= MAX_CONTROL_CHARS
                and any(True for _ in tree.css_within(j, _REVEAL_CONTROL))
            ):
                return True
        if len(siblings) > 1:
            return False
        node = parent
    return False


_SELECTOR_HIDDEN: WeakKeyDictionary[PageContext, list[int]] = WeakKeyDictionary()


def _selector_hidden(page: PageContext) -> list[int]:
    """Elements the page's style sheets or scripts hide (once per page, when asked)."""
    found = _SELECTOR_HIDDEN.get(page)
    if found is None:
        selectors = hiding_selectors(page) + script_hiding_selectors(page)
        found = _SELECTOR_HIDDEN[page] = [j for j, _ in _hidden_nodes(selectors, page.tree)]
    return found


def _nested_hidden(i: int, page: PageContext) -> list[int]:
    """The outermost descendants of ``i`` hidden on their own: by their style or attribute,
    or by a rule of the page's style sheets or of its scripts."""
    tree = page.tree
    hidden: set[int] = set()
    for j in tree.css_within(i, "[style], [hidden]"):
        style = tree.attr(j, "style")
        if tree.attr(j, "hidden") is not None or (style and hidden_reason(style)):
            hidden.add(j)
    hidden.update(j for j in _selector_hidden(page) if tree.is_inside(j, i))
    found: list[int] = []
    for j in sorted(hidden):
        if j != i and not (found and tree.is_inside(j, found[-1])):
            found.append(j)
    return found


# Scroll-reveal blocks are whole paragraphs or sections: at least a paragraph's worth of
# text, few links (a faded menu is hidden UI).
MAX_REVEAL_LINK_DENSITY = 0.3


def is_revealed_prose(i: int, page: PageContext) -> bool:
    """Faded-out text a script reveals: a paragraph or more, few links, no spam words, and
    the marks of an animation (see :func:`is_animated`)."""
    tree = page.tree
    if tree.text_chars[i] < MIN_PARAGRAPH_CHARS:
        return False
    if tree.link_density(i) > MAX_REVEAL_LINK_DENSITY:
        return False
    return is_animated(i, page) and not page.hits(i)


_MOTION = ("transform", "transition", "animation", "will-change", "translate")


def is_animated(i: int, page: PageContext) -> bool:
    """True when a faded element looks like the start of a reveal animation.

    Reveal libraries (ScrollReveal, GSAP, AOS and the like) write the starting state next
    to the opacity (a transform, a transition) or fade a whole run of blocks one by one; a
    lone block at opacity:0 with nothing else is text nobody is meant to see.
    """
    tree = page.tree
    decl = parse_declarations(tree.attr(i, "style") or "")
    if any(name.startswith(_MOTION) for name in decl):
        return True
    parent = tree.parent[i]
    if parent < 0:
        return False
    for j in tree.children(parent):
        style = tree.attr(j, "style") if j != i else None
        if style and "opacity" in style and hidden_reason(style) == "opacity:0":
            return True
    return False


def is_prose(i: int, page: PageContext) -> bool:
    tree = page.tree
    return tree.text_chars[i] >= MIN_PARAGRAPH_CHARS and tree.link_density(i) <= 0.5


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
        false_positives="overflow:hidden alone, small sizes without overflow hidden, and "
        "declarations inside CSS comments hide nothing. Collapsed text that reads like the "
        "article (a 'continue reading' part: long, sentences, few links, no spam terms, "
        "with a button or link to expand it beside it or a name such as 'more') is kept, "
        "and so is prose faded out for a scroll-reveal script (opacity:0 with a transform "
        "or transition, or a run of faded blocks). Concealed prose (off-screen, 1-pixel "
        "boxes, clipping) is never shown to a reader and is dropped.",
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
        "text) and is kept, as is hidden text that reads like the article and has a "
        "control to expand it.",
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
        r"height\s*:\s*(?:0|[0-3](?:\.\d+)?px)\s*[;}!]",
        r"width\s*:\s*(?:0|[0-3](?:\.\d+)?px)\s*[;}!]",
        r"opacity\s*:\s*0(?:\.0+)?\s*[;}!]",
        r"clip\s*:\s*rect",
        r"clip-path\s*:\s*(?:inset|circle|ellipse|polygon)",
        r"scale[xy]?\(\s*0",
        r"translate[xy3d]*\(\s*-\d{3}",
        r"opacity\(\s*0\s*\)",
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


_SHEET_SELECTORS: WeakKeyDictionary[PageContext, list[tuple[str, str]]] = WeakKeyDictionary()


def hiding_selectors(page: PageContext) -> list[tuple[str, str]]:
    """(selector, reason) for every top-level rule of the page's <style> sheets that hides
    (read once per page: HID004 and the nested-hiding check share it)."""
    found = _SHEET_SELECTORS.get(page)
    if found is None:
        sheets = [node.text(deep=True) for node in page.tree.parser.css("style")]
        found = _SHEET_SELECTORS[page] = selectors_that_hide("\n".join(sheets))
    return found


def selectors_that_hide(css: str) -> list[tuple[str, str]]:
    """(selector, reason) for every top-level style rule of ``css`` that hides.

    Linear in the sheet's size: the hint search runs in C, and brace depth is counted
    between consecutive hints only. Rules nested in at-rules (depth 2: @media, @supports)
    apply conditionally, so a rule hiding a menu below 600px is ignored.
    """
    css = css[:MAX_STYLE_CHARS]
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
        return _judge_selected(hiding_selectors(page), page, "style sheet")


# -- style sheets and styles that inline scripts insert ----------------------------------
# A script can hide text the markup shows: it inserts a <style> ('#x{left:-9999px}') or
# sets an element's style. The declarations sit in the script's string literals.
# Scripts that insert a hiding style are short; longer inline scripts are libraries and
# data blobs, whose reading would cost more than the rest of the page's rules.
MAX_SCRIPT_CHARS = 20_000
_JS_CONCAT = regex.compile(r"""(['"`])\s*\+\s*\1""")
_JS_STRING = regex.compile(r"""'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`""")
_MARKUP_TAG = regex.compile(r"<[^>]*>")
_JS_ESCAPE = regex.compile(r"\\(.)")
# getElementById('x').style.cssText = '...', .setAttribute('style', '...'), .style.left = '...'
_JS_ELEMENT_STYLE = regex.compile(
    r"""getElementById\(\s*['"]([\w-]+)['"]\s*\)\s*\.\s*(?:style\.cssText\s*=\s*|"""
    r"""setAttribute\(\s*['"]style['"]\s*,\s*|style\.([a-zA-Z]+)\s*=\s*)['"]([^'"]*)['"]"""
)
_CAMEL = regex.compile(r"(?<=[a-z])([A-Z])")
_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module", "text/ecmascript")


_SCRIPT_SELECTORS: WeakKeyDictionary[PageContext, list[tuple[str, str]]] = WeakKeyDictionary()


def script_hiding_selectors(page: PageContext) -> list[tuple[str, str]]:
    """(selector, reason) for the hiding styles the page's inline scripts insert."""
    known = _SCRIPT_SELECTORS.get(page)
    if known is None:
        known = _SCRIPT_SELECTORS[page] = _script_hiding_selectors(page)
    return known


def _script_hiding_selectors(page: PageContext) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for node in page.tree.parser.css("script:not([src])"):
        kind = (node.attributes.get("type") or "").strip().lower()
        if kind not in _SCRIPT_TYPES:
            continue
        code = node.text(deep=True)
        if len(code) > MAX_SCRIPT_CHARS:
            continue
        element_style = "getElementById" in code
        if "{" not in code and not element_style:
            continue
        code = _JS_CONCAT.sub("", code)
        sheet_text = "{" in code and bool(_hint_positions(code))
        if not (sheet_text or element_style):
            continue  # most scripts: C-level searches only, nothing to read
        for match in _JS_STRING.finditer(code) if sheet_text else ():
            literal = match.group(1) or match.group(2) or match.group(3) or ""
            if "{" in literal and ":" in literal:
                css = _MARKUP_TAG.sub(" ", _JS_ESCAPE.sub(r"\1", literal))
                # '*{visibility:hidden}' is a loading or print state, never a target.
                found.extend(sr for sr in selectors_that_hide(css) if "*" not in sr[0])
        for element_id, prop, value in _JS_ELEMENT_STYLE.findall(code) if element_style else ():
            style = _CAMEL.sub(r"-\1", prop).lower() + ":" + value if prop else value
            reason = hidden_reason(style)
            if reason is not None:
                found.append((f"#{element_id}", reason))
        if len(found) >= MAX_HIDING_SELECTORS:
            break
    return found[:MAX_HIDING_SELECTORS]


class HiddenByScriptStyle(HeuristicRule):
    info = RuleInfo(
        code="HID005",
        name="hidden-by-script-style",
        family=Family.HIDDEN,
        action=Action.DROP,
        summary="Elements hidden by a style that an inline script inserts or sets.",
        why="A browser runs the page's scripts: text whose markup looks visible is moved "
        "off-screen or collapsed by a <style> a script writes, or by a style it sets on the "
        "element. Hacked pages hide keyword text this way to escape checks of the markup. "
        "The hiding rules in the scripts' string literals are matched against the tree "
        "like the page's own style sheets.",
        example='<div id="k">cheap flights to ...</div><script>var s=document.'
        "createElement('style');s.textContent='#k{position:fixed;top:-9999px}';"
        "document.head.appendChild(s)</script> → dropped.",
        false_positives="Only literal CSS text and literal element styles are read, not "
        "styles computed by code. Script-inserted rules for :hover or inside @media are "
        "ignored. Collapsed or faded text that reads like the article is kept, as for the "
        "other hiding rules.",
    )
    scope = "@page"

    def judge(self, i: int, page: PageContext) -> Judgement | None:  # pragma: no cover
        return None

    def matches(self, page: PageContext) -> Iterator[Match]:
        return _judge_selected(script_hiding_selectors(page), page, "script style")


def _judge_selected(
    selectors: list[tuple[str, str]], page: PageContext, source: str
) -> Iterator[Match]:
    """Judge each element the hiding selectors match, once (the page's root elements never:
    anti-flicker snippets hide <html> until scripts run)."""
    tree = page.tree
    seen: set[int] = set()
    for i, reason in _hidden_nodes(selectors, tree):
        if i in seen or tree.tags[i] in ("html", "body", "head"):
            continue
        seen.add(i)
        judgement = judge_hidden(reason, i, page, source=source)
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
    HiddenByScriptStyle(),
)
