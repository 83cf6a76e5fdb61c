"""BPL rules: ordinary site furniture around the article."""

from __future__ import annotations

import abc
import bisect
import re
from collections.abc import Iterator
from typing import ClassVar

import ahocorasick_rs

from ..dom import PageTree
from ..result import Action, Family
from ..scoring import MAX_PROSE_LINK_SHARE
from . import Gate, HeuristicRule, Judgement, Match, Rule, RuleInfo, SelectorRule, Stage
from .context import PageContext

__all__ = ["BOILERPLATE_RULES"]


def _info(
    code: str,
    name: str,
    summary: str,
    why: str,
    *,
    example: str = "",
    false_positives: str = "",
    relaxable: bool = False,
    stage: Stage = "prune",
) -> RuleInfo:
    return RuleInfo(
        code=code,
        name=name,
        family=Family.BOILERPLATE,
        action=Action.DROP,
        summary=summary,
        why=why,
        example=example,
        false_positives=false_positives,
        relaxable=relaxable,
        stage=stage,
    )


# Readability.js REGEXPS.unlikelyCandidates / okMaybeItsACandidate, extended with share,
# cookie and newsletter widgets that post-date it. ("header" also names table and recipe
# headers that hold content, but leaving it out cost more precision than it won recall on
# trafilatura-dev.)
_UNLIKELY_WORDS = (
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "forum",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "share",
    "sharing",
    "cookie",
    "consent",
    "newsletter",
    "subscribe",
    "outbrain",
    "taboola",
    # author boxes after the story (the byline itself is named "byline" or "author")
    "author-bio",
    "authorbio",
    "author-box",
    "authorbox",
    "about-author",
    "about-the-author",
    "author-description",
    # affiliate and sponsorship notices
    "disclaimer",
    "disclosure",
    "autorenbox",
)
# Matched against lower-cased names by an Aho-Corasick automaton in leftmost-first mode,
# which finds what a regex alternation of the words finds (the leftmost match, the first
# word listed among those starting there). One pass over all of a page's names joined
# measured 12x cheaper than a regex search per element (0.06 vs 0.72 ms a page).
_UNLIKELY = ahocorasick_rs.AhoCorasick(
    _UNLIKELY_WORDS, matchkind=ahocorasick_rs.MatchKind.LeftmostFirst
)
_MAYBE_CANDIDATE = ahocorasick_rs.AhoCorasick(
    (
        *("and", "article", "body", "column", "content", "main", "mathjax", "shadow"),
        *("story", "entry", "post-text", "layout", "embed"),
        # live tickers and match reports comment on events: they are the content
        *("live-match", "liveticker", "live-ticker", "liveblog", "live-blog", "live-event"),
    ),
    matchkind=ahocorasick_rs.MatchKind.LeftmostFirst,
)
_NEVER_UNLIKELY = frozenset({"html", "body", "a", "article", "main", "tr", "td", "th", "tbody"})
_INSIDE_TABLE_OR_CODE = frozenset({"table", "code", "pre"})
# An element holding this share of the page's text is the article whatever its class says
# (a "comment-body"-classed article container must survive).
MAX_UNLIKELY_TEXT_SHARE = 0.5
# ... unless it is named a thread and the page has an article's worth of prose elsewhere:
# then the big block is a long comment thread under a shorter story.
MIN_RIVAL_PROSE_CHARS = 1000
_THREAD_WORDS = frozenset({"comment", "forum", "replies", "disqus", "remark"})


def _prose_outside(tree: PageTree, i: int) -> int:
    """Characters of link-poor paragraphs outside ``i``."""
    end, text_chars, link_chars = tree.end[i], tree.text_chars, tree.link_chars
    return sum(
        text_chars[p]
        for p in tree.paragraphs
        if not i <= p <= end and link_chars[p] <= MAX_PROSE_LINK_SHARE * text_chars[p]
    )


class UnlikelyCandidates(HeuristicRule):
    info = _info(
        "BPL004",
        "unlikely-candidates",
        "Elements whose class or id names site furniture (sidebar, comments, share, ...).",
        "Templates name their parts; 'sidebar', 'comments', 'share' and 'related' are never "
        "the article. The class-name list is Readability's, which drops the same elements.",
        example='<div class="share-buttons">Share on X</div> → dropped.',
        false_positives="Names that also say article/content/main are kept, as is any "
        "element holding half the page's text. The relaxed pass ignores this rule.",
        relaxable=True,
    )
    # One query for every element with a class or id, then one regex per name: measured
    # 4x cheaper than eighty [class*=word i] selectors evaluated by lexbor.
    scope = "[class], [id]"

    def matches(self, page: PageContext) -> Iterator[Match]:
        tree = page.tree
        nodes, classes, ids = page.class_and_id  # the elements of self.scope
        names = [f"{klass or ''} {ident or ''}" for klass, ident in zip(classes, ids, strict=True)]
        # Menus and share bars nest dozens of matching descendants (menu-item, share-link);
        # once a block matches, its descendants need no judgement of their own.
        covered_until = -1
        for k, word in _first_words(names).items():
            i = tree.index(nodes[k])
            if i is None or i <= covered_until:
                continue
            judgement = self._judge(i, page, names[k].strip().lower(), word)
            if judgement is not None:
                covered_until = tree.end[i]
                yield Match(i, judgement)

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        names = page.tree.class_and_id(i).lower()
        matches = _UNLIKELY.find_matches_as_indexes(names)
        if not matches:
            return None
        return self._judge(i, page, names, _UNLIKELY_WORDS[matches[0][0]])

    @staticmethod
    def _judge(i: int, page: PageContext, names: str, word: str) -> Judgement | None:
        """Judge node ``i`` whose lower-cased class and id ``names`` hold ``word``."""
        tree = page.tree
        if tree.tags[i] in _NEVER_UNLIKELY:
            return None
        if _MAYBE_CANDIDATE.find_matches_as_indexes(names):
            return None
        total = tree.text_chars[page.body] or 1
        share = tree.text_chars[i] / total
        if share > MAX_UNLIKELY_TEXT_SHARE and not (
            word in _THREAD_WORDS and _prose_outside(tree, i) >= MIN_RIVAL_PROSE_CHARS
        ):
            return None
        if tree.has_ancestor_tag(i, _INSIDE_TABLE_OR_CODE):
            return None
        return Judgement(
            f"class/id names site furniture: {word!r}",
            {"class_id": names[:80], "word": word, "text_share": round(share, 3)},
        )


def _first_words(names: list[str]) -> dict[int, str]:
    """Position in ``names`` → the first furniture word in that name, for names with one.

    The names are joined by newlines (no word holds one) and searched in one pass.
    """
    first: dict[int, str] = {}
    joined = "\n".join(names).lower()
    starts: list[int] = []
    position = 0
    for name in names:
        starts.append(position)
        position += len(name) + 1
    if len(joined) != max(position - 1, 0):
        # Lower-casing changed a length (a few non-ASCII letters): search one by one.
        for k, name in enumerate(names):
            matches = _UNLIKELY.find_matches_as_indexes(name.lower())
            if matches:
                first[k] = _UNLIKELY_WORDS[matches[0][0]]
        return first
    for word, start, _end in _UNLIKELY.find_matches_as_indexes(joined):
        k = bisect.bisect_right(starts, start) - 1
        if k not in first:
            first[k] = _UNLIKELY_WORDS[word]
    return first


# Two or more article elements inside the selected article are cards for other stories;
# a single nested one is usually the story's own body wrapper.
MIN_NESTED_ARTICLES = 2


class NestedArticleTeasers(HeuristicRule):
    info = _info(
        "BPL006",
        "nested-article-teasers",
        "Cards for other stories nested inside the selected article.",
        "Themes mark each teaser of 'more posts' with its own <article>; inside the story, "
        "several nested articles are other stories, not this one.",
        example="<article><p>The story…</p><article><h2><a href=/b>Other post</a></h2>"
        "<p>Teaser…</p></article><article>…</article></article> → the inner ones dropped.",
        false_positives="A single nested <article> (a body wrapper) is kept, as is any nested "
        "article holding most of the selected text.",
        stage="article",
    )
    scope = "@page"

    def judge(self, i: int, page: PageContext) -> Judgement | None:  # pragma: no cover
        return None

    def matches(self, page: PageContext) -> Iterator[Match]:
        for root in page.article_roots:
            container = root
            while True:
                outermost = self._outermost_articles(container, page)
                if len(outermost) == 1 and self._share(outermost[0], container, page) >= (
                    WRAPPER_SHARE
                ):
                    container = outermost[0]  # the story's own wrapper: look inside it
                    continue
                break
            if len(outermost) < MIN_NESTED_ARTICLES:
                continue
            # Inside a story's own <article>, nested articles are cards for other stories.
            # Under a plain container, articles that together hold most of the text are
            # the content (a page of several posts), not teasers.
            if page.tree.tags[container] != "article" and (
                sum(self._share(i, container, page) for i in outermost) > MAX_TEASERS_SHARE
            ):
                continue
            for i in outermost:
                share = self._share(i, container, page)
                if share < MAX_TEASER_SHARE:
                    yield Match(
                        i,
                        Judgement(
                            f"one of {len(outermost)} nested articles",
                            {"nested_articles": len(outermost), "text_share": round(share, 3)},
                        ),
                    )

    @staticmethod
    def _outermost_articles(container: int, page: PageContext) -> list[int]:
        tree = page.tree
        nested = [
            i
            for i in tree.css_within(container, _ARTICLE_SELECTOR)
            if i != container and not tree.is_removed(i)
        ]
        outermost: list[int] = []
        for i in nested:  # document order: an ancestor comes before its descendants
            if not outermost or not tree.is_inside(i, outermost[-1]):
                outermost.append(i)
        return outermost

    @staticmethod
    def _share(i: int, container: int, page: PageContext) -> float:
        return page.tree.text_chars[i] / (page.tree.text_chars[container] or 1)


class InArticleBlocks(HeuristicRule):
    """Article-stage rules that judge the outermost blocks of some tags inside the article,
    up to a size: one finding explains a block and its descendants."""

    scope = "@page"
    blocks: ClassVar[str]
    """The blocks judged, as a CSS selector (tag names are cut from the tag index)."""
    max_chars: ClassVar[int]
    gate: ClassVar[Gate]
    """At least ``kept=True``, ``min_chars=1`` and ``max_chars=max_chars``."""

    def judge(self, i: int, page: PageContext) -> Judgement | None:  # pragma: no cover
        return None

    @abc.abstractmethod
    def judge_block(self, i: int, page: PageContext) -> Judgement | None:
        """Judge a block of at most ``max_chars`` characters inside the article."""

    def matches(self, page: PageContext) -> Iterator[Match]:
        tree = page.tree
        for root in page.article_roots:
            covered_until = -1
            for i in page.gated(self, page.scope_within(self.blocks, root), self.gate):
                if i <= covered_until or i == root:
                    continue
                judgement = self.judge_block(i, page)
                if judgement is not None:
                    covered_until = tree.end[i]
                    yield Match(i, judgement)


# Tune as a set (scrapinghub-dev and trafilatura-dev, issue 4): link-only lines and
# related lists sit above 0.5; sentences with a link or two sit well below.
MIN_IN_ARTICLE_LINK_DENSITY = 0.5
MIN_SENTENCE_WORDS = 6


class InArticleLinkBlocks(InArticleBlocks):
    info = _info(
        "BPL007",
        "in-article-link-blocks",
        "Link lists and link-only lines inside the selected article.",
        "Inside a story, prose carries links in sentences; a block that is mostly links is "
        "'read more', 'related stories' or a call to action ('GET THE APP BY CLICKING "
        "HERE'). The page-wide rule LNK001 needs a higher density, because outside the "
        "article a miss costs nothing; inside it, these blocks are the main leftover noise.",
        example="<article><p>Story…</p><ul><li><a href=/a>Another story</a></li>"
        "<li><a href=/b>And another</a></li></ul></article> → the list dropped.",
        false_positives="A paragraph with links inside sentences stays below the density; "
        "an article that is itself a list of links loses those lists.",
        stage="article",
    )
    blocks = "p, div, ul, ol, dl, section, figure, h2, h3, h4, h5, h6, table"
    max_chars = 1500
    gate = Gate(
        min_chars=1, max_chars=max_chars, min_link_density=MIN_IN_ARTICLE_LINK_DENSITY, kept=True
    )

    def judge_block(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        density = tree.link_density(i)
        if density < MIN_IN_ARTICLE_LINK_DENSITY:
            return None
        if tree.tags[i] == "p" and _words_outside_links(tree, i) >= MIN_SENTENCE_WORDS:
            return None  # a sentence around its link ("To fix this, keep <a>two versions</a>:")
        return Judgement(
            f"link block inside the article: density {density:.2f}",
            {"link_density": round(density, 3), "chars": tree.text_chars[i]},
        )


def _words_outside_links(tree: PageTree, i: int) -> int:
    node = tree.nodes[i]
    words = len(node.text(deep=True, separator=" ").split())
    return words - sum(len(a.text(deep=True, separator=" ").split()) for a in node.css("a"))


class CaptionsAndGalleries(HeuristicRule):
    info = _info(
        "BPL008",
        "captions-and-galleries",
        "Figure captions, photo credits and slideshows inside the article.",
        "Captions describe pictures the text output does not show, and galleries repeat "
        "them slide by slide ('Image 1 of 8', 'Back to Gallery'); both read as noise "
        "between the story's paragraphs. Credit and copyright lines name the photographer, "
        "not the story.",
        example="<figure><img src=a.jpg><figcaption>The minister arrives. Photo: AP"
        "</figcaption></figure> → the caption dropped.",
        false_positives="A block named like a gallery that holds a large share of the "
        "article's text (a story inside a 'carousel' theme wrapper) is kept. Galleries that "
        "are the article itself (photo essays) lose their captions; use --disable BPL008 "
        "for such sites.",
        stage="article",
    )
    scope = (
        'figcaption, [class*="gallery" i], [class*="slideshow" i], [class*="carousel" i],'
        ' [class*="lightbox" i], [class*="swiper" i], [class*="caption" i],'
        ' [class*="credit" i], [class*="copyright" i]'
    )
    outermost_only = True

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        if tree.tags[i] != "figcaption" and not _CAPTION_NAME.search(tree.class_and_id(i).lower()):
            return None
        for root in page.article_roots:
            if tree.is_inside(i, root):
                share = tree.text_chars[i] / (tree.text_chars[root] or 1)
                if share > MAX_CAPTION_SHARE and tree.text_chars[i] >= MIN_STORY_CHARS:
                    return None
                return Judgement(
                    "caption, credit or gallery inside the article",
                    {"text_share": round(share, 3)},
                )
        return None


# The selectors find substrings (camel-cased names such as "articleCaption" included); a
# credit card, credit score or credit union is no picture credit.
_CAPTION_NAME = re.compile(
    r"gallery|galleries|slideshow|carousel|lightbox|swiper|caption|copyright"
    r"|credits?(?![-_]?(?:card|score|union|line))"
)
# Captions are a small part of a story; a 'gallery' block holding more is the story.
MAX_CAPTION_SHARE = 0.3
MIN_STORY_CHARS = 400


# Lines that introduce site furniture rather than say anything: "Read also", "Share this",
# "Leave a reply", "Advertisement". Matched lower-cased at the start of a short line, in the
# languages of the corpora we measure on and their neighbours.
_FURNITURE_PREFIXES = (
    # related and further reading
    "related posts",
    "related articles",
    "related stories",
    "related content",
    "related:",
    "read more:",
    "read also",
    "read next",
    "also read",
    "you may also like",
    "you might also like",
    "recommended for you",
    "more stories",
    "don't miss",
    "most read",
    "lesen sie auch",
    "lies auch",
    "auch interessant",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "das thema könnte dich auch interessieren",
    "das thema könnte sie auch interessieren",
    "dieses thema könnte sie auch interessieren",
    "zum weiterlesen",
    "ähnliche beiträge",
    "ähnliche artikel",
    "weitere beiträge",
    "weitere artikel",
    "mehr zum thema",
    "passend zum thema",
    "verwandte artikel",
    "verwandte beiträge",
    "mehr themen",
    "beliebte themen",
    "empfohlener redaktioneller inhalt",
    "vorschau auf den nächsten",
    "entdecke weitere",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "voir aussi",
    "sur le même sujet",
    "articles similaires",
    "lee también",
    "lea también",
    "puedes ver:",
    "te puede interesar",
    "noticias relacionadas",
    "artículos relacionados",
    "leggi anche",
    "articoli correlati",
    "czytaj też",
    "czytaj także",
    "zobacz też",
    "zobacz także",
    # disclosures, filing and picture credits
    "anzeige,",
    "anzeige:",
    "anzeige |",
    "*werbung",
    "werbung:",
    "werbung.",
    "werbung |",
    "advertisement:",
    "sponsored content",
    "kategorie:",
    "kategorien:",
    "category:",
    "categories:",
    "catégorie:",
    "categoría:",
    "filed under",
    "posted in",
    "tags:",
    "schlagwörter:",
    "schlagworte:",
    "foto:",
    "fotos:",
    "bild:",
    "bilder:",
    "photo:",
    "photos:",
    "credit:",
    "image:",
    "beitragsbild",
    "titelbild",
    "last modified",
    "von:",
    "autor:",
    "autorin:",
    "author:",
    "by:",
    "externer inhalt",
    "external content",
    "zuletzt aktualisiert",
    "zuletzt geändert",
    # calls to subscribe, sign up or donate
    "newsletter",
    "subscribe to",
    "sign up for",
    "jetzt abonnieren",
    "abonnieren sie",
    "gib deine e-mail",
    "geben sie ihre e-mail",
    "enter your email",
    "jetzt spenden",
    "spenden sie",
    "unterstütze",
    "unterstützen sie",
    "support us",
    "donate",
    "abonnez-vous",
    "inscrivez-vous",
    "suscríbete",
    # press contacts closing a release, sources and labels
    "telefon:",
    "tel.:",
    "fax:",
    "quelle:",
    "quellen:",
    "quellenangaben",
    "source:",
    "sources:",
    "fuente:",
    "release date",
    "pressekontakt",
    "kontakt:",
    "contact:",
    "press contact",
    "media contact",
    # sharing and following
    "share this",
    "share on",
    "share the article",
    "teilen sie dies",
    "jetzt teilen",
    "seite teilen",
    "artikel teilen",
    "beitrag teilen",
    "den artikel mit anderen teilen",
    "diesen artikel teilen",
    "follow us on",
    "follow us:",
    "weitere informationen:",
    "more information:",
    "further information:",
    "jede spende",
    "jede kleine spende",
    "folgen sie uns",
    "folgt uns",
    "síguenos en",
    "siguenos en",
    "suivez-nous",
    # comment forms
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "kommentar verfassen",
    "schreibe einen kommentar",
    "kommentar schreiben",
    "kommentare schreiben",
    "laisser un commentaire",
    "laissez un commentaire",
    "deja un comentario",
    "dodaj komentarz",
)
# Whole lines of one word: a prefix match would also catch sentences starting with it.
_FURNITURE_WORDS = frozenset(
    {
        "advertisement",
        "anzeige",
        "werbung",
        "publicidad",
        "publicité",
        "reklama",
        "sponsored",
        "gesponsert",
        "share",
        "teilen",
        "partager",
        "compartir",
        "condividi",
        "udostępnij",
        "tags",
        "schlagwörter",
        "schlagworte",
        "stichwörter",
        "comments",
        "kommentare",
        "commentaires",
        "comentarios",
        "print",
        "drucken",
        "drukuj",
        "imprimer",
        "imprimir",
        "permalink",
        "permalien",
    }
)
# Whole words only: "donate" must not take "Donated 5,000 euros to the school".
_FURNITURE_PREFIX = re.compile(
    r"[\W_]*(?:" + "|".join(re.escape(p) for p in _FURNITURE_PREFIXES) + r")(?!\w)"
)
_NOT_WORD = re.compile(r"[\W\d_]+")


class FurnitureLines(InArticleBlocks):
    info = _info(
        "BPL009",
        "furniture-lines",
        "Short lines inside the article that introduce site furniture: 'Read also', "
        "'Share this', 'Leave a reply', 'Advertisement'.",
        "Templates and editors put these lines between the story and its furniture; the "
        "links or forms they introduce are dropped by other rules, but the line itself "
        "reads as text and stays. Their wording is stable across sites, in each language.",
        example="<article><p>Story…</p><h3>Related posts</h3></article> → the heading dropped.",
        false_positives="Only lines of at most 120 characters that start with one of the "
        "phrases (or are one of the single words) go, and short lines with a '©' (picture "
        "credits under captions, copyright lines); a sentence that merely contains "
        "'read more' stays.",
        stage="article",
    )
    blocks = "h1, h2, h3, h4, h5, h6, p, div, section, center, strong, b, span, small, dt"
    max_chars = 120
    gate = Gate(min_chars=1, max_chars=max_chars, kept=True)

    def judge_block(self, i: int, page: PageContext) -> Judgement | None:
        line = page.tree.text(i, self.max_chars).lower()
        match = _FURNITURE_PREFIX.match(line)
        phrase = match.group(0).strip() if match else ""
        if not phrase and _NOT_WORD.sub("", line) in _FURNITURE_WORDS:
            phrase = line.strip()
        # A short line with a copyright sign is a picture credit ("Caption. | © Getty
        # Images") or a copyright line; prose cites "©" inside longer sentences.
        if not phrase and "©" in line:
            phrase = "©"
        if not phrase:
            return None
        return Judgement(
            f"furniture line: {phrase!r}", {"phrase": phrase, "chars": page.tree.text_chars[i]}
        )


class ArticleMetaLines(InArticleBlocks):
    info = _info(
        "BPL010",
        "article-meta-lines",
        "Bylines, dates, ratings and view counters inside the article.",
        "The story's author and date are metadata (returned in Metadata, from the same "
        "elements); inside the text they are a line of furniture before or after it.",
        example='<article><div class="byline">By Jane Doe, 2 May 2024</div><p>Story…</p>'
        "</article> → the byline dropped.",
        false_positives="Only short blocks (120 characters at most) whose class names them "
        "as metadata; a paragraph of the story never carries such a class. News datelines "
        "('LONDON (AP) —') open the first paragraph and stay.",
        stage="article",
    )
    blocks = (
        "time, [class*='byline' i], [class*='post-meta' i],"
        " [class*='entry-meta' i], [class*='article-meta' i], [class*='meta-info' i],"
        " [class*='timestamp' i], [class*='posted-on' i], [class*='publish' i],"
        " [class*='author-name' i], [class*='rating' i], [class*='views' i],"
        " [class*='date' i]"
    )
    max_chars = 120
    gate = Gate(min_chars=1, max_chars=max_chars, kept=True)

    def judge_block(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        names = tree.class_and_id(i).lower()
        # The selectors find substrings; the names must be whole parts of a class name:
        # "post-date" is a date, "update", "candidate" and "dateline" ("LONDON (AP) —"
        # opens the story) are not, nor are "reviews" or "operating".
        if tree.tags[i] != "time" and not _META_NAME.search(names):
            return None
        return Judgement(
            "byline, date or counter line inside the article",
            {"class_id": names[:80], "chars": tree.text_chars[i]},
        )


_META_NAME = re.compile(
    r"(?<![a-z0-9])(?:byline|post-meta|entry-meta|article-meta|meta-info|timestamp|posted-on"
    r"|published|publish-date|publishdate|author-name|ratings?|post-ratings|views|view-count"
    r"|dates?|pubdate)(?![a-z0-9])"
)


_ARTICLE_SELECTOR = "article, [itemtype*='Article' i], [itemtype*='BlogPosting' i]"
# One nested article holding this share of the text is the story's wrapper, not a teaser.
WRAPPER_SHARE = 0.7
# A teaser is a small part of the story around it, and all teasers together a minor part.
MAX_TEASER_SHARE = 0.3
MAX_TEASERS_SHARE = 0.75


BOILERPLATE_RULES: tuple[Rule, ...] = (
    SelectorRule(
        _info(
            "BPL001",
            "navigation-landmarks",
            "Navigation: <nav> and ARIA menus.",
            "Navigation links to the rest of the site; it is never the article.",
            example="<nav><a href='/'>Home</a></nav> → dropped.",
        ),
        'nav, [role="navigation" i], [role="menu" i], [role="menubar" i]',
    ),
    SelectorRule(
        _info(
            "BPL002",
            "page-footers",
            "Footers: <footer> and role=contentinfo.",
            "Footers hold copyright lines, imprints and site links.",
            example="<footer>© 2024 Example Ltd</footer> → dropped.",
            false_positives="Article bylines placed in an article's <footer> go too.",
        ),
        'footer, [role="contentinfo" i]',
    ),
    SelectorRule(
        _info(
            "BPL003",
            "complementary-asides",
            "Asides: <aside> and role=complementary.",
            "Asides hold sidebars, pull-outs and widgets beside the article.",
            example="<aside>Most read</aside> → dropped.",
        ),
        'aside, [role="complementary" i]',
    ),
    UnlikelyCandidates(),
    NestedArticleTeasers(),
    InArticleLinkBlocks(),
    FurnitureLines(),
    ArticleMetaLines(),
    CaptionsAndGalleries(),
    SelectorRule(
        _info(
            "BPL005",
            "dialogs-and-alerts",
            "Dialogs, alerts and modal overlays.",
            "Cookie consents, newsletter modals and alerts interrupt the page; they are "
            "interface, not content.",
            example='<div role="dialog">We use cookies</div> → dropped.',
        ),
        'dialog, [role="dialog" i], [role="alertdialog" i], [role="alert" i],'
        ' [aria-modal="true" i]',
    ),
)
