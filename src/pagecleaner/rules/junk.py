"""TAG rules: markup that is never article text (scripts, styles, embeds, tag noise)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import regex

from ..result import Action, Family
from . import HeuristicRule, Judgement, Match, Rule, RuleInfo, SelectorRule
from .context import PageContext

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
        for i in tree.css("body [id]"):
            if tree.text_chars[i]:
                continue
            ident = tree.attr(i, "id") or ""
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
    SelectorRule(
        _info(
            "TAG004",
            "noscript-elements",
            "<noscript> fallbacks.",
            "Content for browsers without JavaScript: tracking pixels, 'enable JavaScript' "
            "notices, and a favourite hiding place for injected link dumps.",
            example="<noscript><img src=pixel.gif></noscript> → dropped.",
        ),
        "noscript",
    ),
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
)
