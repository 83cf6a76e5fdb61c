"""TAG rules: markup that is never article text (scripts, styles, embeds, tag noise)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import regex

from ..result import Action, Family
from . import HeuristicRule, Judgement, Match, Rule, RuleInfo, SelectorRule
from .context import PageContext
from .evidence import generated_links_judgement, link_evidence

__all__ = ["JUNK_RULES"]


def _info(
    code: str,
    name: str,
    summary: str,
    why: str,
    *,
    example: str = "",
    false_positives: str = "",
    relaxable: bool = False,
) -> RuleInfo:
    return RuleInfo(
        code=code,
        name=name,
        family=Family.JUNK,
        action=Action.DROP,
        summary=summary,
        why=why,
        example=example,
        false_positives=false_positives,
        relaxable=relaxable,
    )


# Spider-pool noise ids are short random [a-z0-9] tokens (jgr5k, qey7a); real ids that
# repeat across empty elements are rare, and never on five or more different tags.
_NOISE_ID = regex.compile(r"^[a-z0-9]{3,10}$")
MIN_NOISE_RUN = 4


class SpiderPoolTagNoise(HeuristicRule):
    info = _info(
        "TAG008",
        "spider-pool-tag-noise",
        "Runs of empty elements of assorted tags sharing one random id.",
        "Spider-pool link networks stamp hacked pages with empty tags carrying one random id "
        '(<label id="jgr5k"></label><legend id="jgr5k">...) so their crawlers recognise '
        "their pages. The tags carry no text; their presence proves the page was injected.",
        example='<big id="qey7a"></big><abbr id="qey7a"></abbr><dfn id="qey7a"></dfn>'
        '<track id="qey7a"></track> → dropped, evidence for the spam verdict.',
        false_positives="Duplicate ids on a few elements with text (sloppy templates) are kept:"
        " the rule needs at least four empty elements of several tags sharing the id.",
    )
    scope = "@page"

    def judge(self, i: int, page: PageContext) -> Judgement | None:  # pragma: no cover
        return None

    def matches(self, page: PageContext) -> Iterator[Match]:
        tree = page.tree
        groups: dict[str, list[int]] = defaultdict(list)
        # The elements of "body [id]": those with an id, inside the (only) body.
        body = tree.parser.body
        inside = tree.index(body) if body is not None else None
        if inside is None:
            return
        last = tree.end[inside]
        nodes, _classes, ids = page.class_and_id
        for node, ident in zip(nodes, ids, strict=True):
            if not ident:
                continue
            i = tree.index(node)
            if i is None or not inside < i <= last or tree.text_chars[i]:
                continue
            if _NOISE_ID.match(ident):
                groups[ident].append(i)
        for ident, members in groups.items():
            tags = {tree.tags[i] for i in members}
            if len(members) >= MIN_NOISE_RUN and len(tags) >= 3:
                judgement = Judgement(
                    message=f"{len(members)} empty elements of {len(tags)} tags share id {ident!r}",
                    evidence={"id": ident, "elements": len(members), "tags": len(tags)},
                    spam=True,
                )
                for i in members:
                    yield Match(i, judgement)


class TrackingPixels(HeuristicRule):
    info = _info(
        "TAG007",
        "tracking-pixels",
        "Images of at most 1x1 pixel.",
        "A 1x1 image is a beacon that reports the visit; it carries no content.",
        example='<img src="https://t.example/p.gif" width="1" height="1"> → dropped.',
    )
    scope = "img[width], img[height]"

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        sizes = [tree.attr(i, "width") or "", tree.attr(i, "height") or ""]
        if all(s.strip().removesuffix("px") in ("0", "1") for s in sizes):
            return Judgement("image of 1x1 pixel or less", {"width": sizes[0], "height": sizes[1]})
        return None


def _judge_container(label: str, i: int, page: PageContext) -> Judgement:
    """A junk container is dropped either way; spam words or links in it are evidence."""
    # Noscript text is not in the page's visible text, so the page-level gate cannot vouch
    # for it: search it directly.
    links = link_evidence(i, page, gated=False)
    hits = page.hits(i, gated=False)
    evidence = links.as_evidence()
    evidence["spam_weight"] = hits.weight
    if hits.strong or links.spam_anchors:
        return Judgement(f"{label} with spam links or terms", evidence, spam=True)
    generated = generated_links_judgement(
        i, page, links, evidence, f"{label} linking to generated-looking sites"
    )
    return generated or Judgement(label, evidence)


class NoscriptElements(HeuristicRule):
    info = _info(
        "TAG004",
        "noscript-elements",
        "<noscript> fallbacks.",
        "Content for browsers without JavaScript: tracking pixels, 'enable JavaScript' "
        "notices, and a favourite hiding place for injected link dumps (reported as spam "
        "when their links carry spam terms).",
        example="<noscript><img src=pixel.gif></noscript> → dropped.",
        false_positives="Pages that put their whole article in <noscript> for crawlers lose "
        "it; the visible copy of the article is what is kept.",
    )
    scope = "noscript"

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        return _judge_container("noscript fallback", i, page)


class MarqueeElements(HeuristicRule):
    info = _info(
        "TAG009",
        "marquee-elements",
        "<marquee> scrollers.",
        "Obsolete scrolling text; hacked pages shrink a marquee to one pixel to show search "
        "engines a line of keyword links nobody can read.",
        example='<marquee width="1" height="1"><a href="https://x.example">slot gacor</a>'
        "</marquee> → dropped (spam).",
        false_positives="A genuine news ticker in a marquee is dropped too: it is furniture, "
        "not the article.",
    )
    scope = "marquee"

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        return _judge_container("marquee", i, page)


JUNK_RULES: tuple[Rule, ...] = (
    SelectorRule(
        _info(
            "TAG001",
            "script-elements",
            "Script elements.",
            "Scripts are program code, never article text; cloaking rules read them first.",
            example="<script>var x = 1;</script> → dropped.",
        ),
        "script",
    ),
    SelectorRule(
        _info(
            "TAG002",
            "style-elements",
            "Style sheets embedded in the page.",
            "CSS is presentation; the hidden-content rules read it before it goes.",
            example="<style>.x{color:red}</style> → dropped.",
        ),
        "style",
    ),
    SelectorRule(
        _info(
            "TAG003",
            "template-elements",
            "Inert <template> fragments.",
            "A <template> is never rendered; its content appears only if a script copies it.",
            example="<template><p>row</p></template> → dropped.",
        ),
        "template",
    ),
    NoscriptElements(),
    SelectorRule(
        _info(
            "TAG005",
            "embedded-frames",
            "Frames, objects and embeds.",
            "Embedded documents and plug-ins are other pages, not this article's text.",
            example='<iframe src="https://ads.example/"></iframe> → dropped.',
        ),
        "iframe, frame, frameset, object, embed, applet",
    ),
    SelectorRule(
        _info(
            "TAG006",
            "form-controls",
            "Form controls: inputs, buttons, selects, text areas.",
            "Controls are interface, and their labels and options are not prose.",
            example="<button>Subscribe</button><select><option>EN</option></select> → dropped.",
            false_positives="The <form> element itself is kept: ASP.NET pages wrap the "
            "whole page in one.",
        ),
        "input, button, select, textarea, datalist",
    ),
    TrackingPixels(),
    SpiderPoolTagNoise(),
    MarqueeElements(),
)
