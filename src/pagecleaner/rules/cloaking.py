"""CLK rules: scripts and meta tags that show search engines and people different pages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from ..result import Action, Family
from . import HeuristicRule, Judgement, Match, Rule, RuleInfo
from .context import PageContext

__all__ = ["CLOAKING_RULES"]

_REFERRER_OR_AGENT = regex.compile(r"document\s*\.\s*referrer|navigator\s*\.\s*userAgent", regex.I)
_SEARCH_ENGINES = regex.compile(r"google|baidu|bing|yahoo|sogou|so\.com|yandex|360|sm\.cn", regex.I)
_REDIRECT = regex.compile(
    r"(?:window|self|top|document)\s*\.\s*location(?:\s*\.\s*href)?\s*=|location\s*\.\s*"
    r"(?:replace|assign)\s*\(|location\s*\.\s*href\s*=",
    regex.I,
)
_WRITE_LINKS = regex.compile(
    r"document\s*\.\s*write(?:ln)?\s*\(\s*(?:unescape\s*\()?\s*['\"].{0,4000}?(?:<a\s|display\s*:\s*none"
    r"|%3Ca%20)",
    regex.I,
)
MAX_CLOAKING_SCRIPT_CHARS = 5000
# A bare redirect snippet is a line or two; bigger scripts that assign locations are apps.
MAX_BARE_REDIRECT_CHARS = 600
_REDIRECT_TO = regex.compile(
    r"(?:location(?:\s*\.\s*href)?\s*=|location\s*\.\s*(?:replace|assign)\s*\()\s*['\"]"
    r"(https?://[^'\"]+)",
    regex.I,
)
_SCRIPT_HINTS = ("referrer", "userAgent", "document.write", "document .write", "location")
_URL = regex.compile(r"""https?://[^\s'"<>)]+""", regex.I)
_REFRESH_URL = regex.compile(r"url\s*=\s*['\"]?([^'\";\s]+)", regex.I)


class CloakingScript(HeuristicRule):
    info = RuleInfo(
        code="CLK001",
        name="cloaking-scripts",
        family=Family.CLOAKING,
        action=Action.DROP,
        summary="Scripts that redirect visitors from search engines, or write hidden links.",
        why="A script that checks document.referrer or the user agent for a search engine "
        "and then sends the visitor elsewhere shows Google one page and people another; "
        "document.write of links or hidden CSS injects a link farm at load time.",
        example="<script>if(/baidu|google/.test(document.referrer)){window.location.href="
        "'https://spam.example/'}</script> → dropped, reported as spam.",
        false_positives="Analytics scripts read the referrer without redirecting, counters "
        "document.write one link, tab scripts write a style: all are dropped by TAG001 as "
        "ordinary scripts, not reported as cloaking.",
    )
    scope = "script"

    def matches(self, page: PageContext) -> Iterator[Match]:
        # Every script's text is read once, here (the gate and the judgements share it);
        # Lexbor finds them all, also those inside elements the tree walk does not enter.
        # Most pages have no candidate at all.
        tree = page.tree
        sources = {node.mem_id: node.text(deep=True) for node in tree.parser.css("script")}
        if not any(hint in source for source in sources.values() for hint in _SCRIPT_HINTS):
            return
        for i in page.scope(self.scope):
            source = sources.get(tree.nodes[i].mem_id)
            if source is None:
                source = tree.nodes[i].text(deep=True)
            judgement = self._judge_source(source, page)
            if judgement is not None:
                yield Match(i, judgement)

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        return self._judge_source(page.tree.nodes[i].text(deep=True), page)

    @staticmethod
    def _judge_source(source: str, page: PageContext) -> Judgement | None:
        # Injected cloaking snippets are short; library bundles that mention referrers
        # and locations somewhere in 100 KB of code are not cloaking.
        if not source or len(source) > MAX_CLOAKING_SCRIPT_CHARS:
            return None
        if source.isascii():
            # Every pattern below needs one of these words. Searched in the lower-cased
            # text, 5x cheaper than a case-insensitive regex; only ASCII text, where the
            # two agree ("İ" matches "i" in the regex and lower-cases to two characters).
            lowered = source.lower()
            if "write" not in lowered and "location" not in lowered:
                return None
        targets = [u for u in _URL.findall(source) if page.is_external(u)]
        if _WRITE_LINKS.search(source):
            hits = page.lexicon.find(source)
            if not hits.strong:
                return None
            return Judgement(
                "script writes hidden or spam links into the page",
                {
                    "technique": "document.write",
                    "external_urls": len(targets),
                    "spam_weight": hits.weight,
                },
                spam=True,
            )
        if (
            targets
            and _REDIRECT.search(source)
            and _REFERRER_OR_AGENT.search(source)
            and _SEARCH_ENGINES.search(source)
        ):
            return Judgement(
                "script redirects visitors from search engines to another site",
                {"technique": "referrer-redirect", "target": targets[0]},
                spam=True,
            )
        if targets and len(source) <= MAX_BARE_REDIRECT_CHARS:
            redirect = _REDIRECT_TO.search(source)
            if redirect and page.is_external(redirect.group(1)):
                return Judgement(
                    "script sends every visitor to another site",
                    {"technique": "redirect", "target": redirect.group(1)[:200]},
                    spam=True,
                )
        return None


class RefreshToOtherHost(HeuristicRule):
    info = RuleInfo(
        code="CLK002",
        name="meta-refresh-redirects",
        family=Family.CLOAKING,
        action=Action.DROP,
        summary="<meta http-equiv=refresh> sending the visitor to another site.",
        why="A refresh to another host is a doorway: the page exists to be indexed and then "
        "forwards people elsewhere.",
        example='<meta http-equiv="refresh" content="0;url=https://spam.example/"> → reported.',
        false_positives="Refreshes that reload the same site are kept out of the report.",
    )
    scope = 'meta[http-equiv="refresh" i]'

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        content = page.tree.attr(i, "content") or ""
        match = _REFRESH_URL.search(content)
        if not match or not page.is_external(match.group(1)):
            return None
        return Judgement("meta refresh to another host", {"target": match.group(1)}, spam=True)


# Cyrillic and Greek letters that look Latin ("Yоur соntеnt") hide words from filters.
# The standard library's re scans a plain character class twice as fast as regex does
# (8.4 million characters: 16 vs 33 ms), and this search runs over every page's text.
_CYRILLIC_OR_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_MIXED_SCRIPT_WORD = regex.compile(r"\b(?=\w*\p{Latin})(?=\w*[\p{Cyrillic}\p{Greek}])\w{2,}\b")
_WORD = regex.compile(r"\w+")
# Words that mix scripts happen by accident (a brand name with a case ending); a block of
# them, a fifth of its words or more, is written to slip past filters.
MIN_MIXED_SCRIPT_WORDS = 3
MIN_MIXED_SCRIPT_SHARE = 0.2


class HomoglyphText(HeuristicRule):
    info = RuleInfo(
        code="CLK003",
        name="homoglyph-text",
        family=Family.CLOAKING,
        action=Action.DROP,
        summary="Text whose words mix Latin letters with Cyrillic or Greek look-alikes.",
        why="Spam and undisclosed ads swap letters for identical-looking ones from other "
        "scripts ('Yоur соntеnt' with Cyrillic о and е) so that filters reading the words "
        "miss them while readers see normal text. Honest writing never mixes scripts "
        "inside a word.",
        example="<p>Yоur соntеnt іѕ dеlіvеrеd іnѕtаntlу</p> (Cyrillic о, е, і, ѕ, а) → dropped.",
        false_positives="A Russian or Greek text with a few Latin brand names keeps them as "
        "separate words; a block needs three mixed words and a fifth of its words mixed.",
    )
    scope = "@prose-blocks"
    outermost_only = True

    def matches(self, page: PageContext) -> Iterator[Match]:
        # Most pages have no Cyrillic or Greek letter at all: one C-level search skips them.
        if _CYRILLIC_OR_GREEK.search(page.visible_text):
            yield from super().matches(page)

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        text = page.tree.text(i)
        mixed = _MIXED_SCRIPT_WORD.findall(text)
        if len(mixed) < MIN_MIXED_SCRIPT_WORDS:
            return None
        words = len(_WORD.findall(text)) or 1
        if len(mixed) < MIN_MIXED_SCRIPT_SHARE * words:
            return None
        return Judgement(
            f"{len(mixed)} of {words} words mix Latin with Cyrillic or Greek letters",
            {"mixed_words": len(mixed), "words": words, "example": mixed[0][:40]},
            spam=True,
        )


CLOAKING_RULES: tuple[Rule, ...] = (CloakingScript(), RefreshToOtherHost(), HomoglyphText())
