"""Metadata: title, authors, dates, site, language, URLs, description, image, tags, license.

Read from the parsed tree before pruning (scripts holding JSON-LD are dropped later), with
one CSS query evaluated in Lexbor's C code (plus two small fallback queries), a walk over the
few hundred elements around the headline, and no second parse: about 0.7 ms a page. Every
field is taken from the most trusted source that has a clean value; ``Metadata.sources``
names it. The order of trust, most trusted first:

1. ``json-ld``: schema.org objects in ``<script type="application/ld+json">`` (``@graph``,
   lists, ``mainEntity``, nested ``author``/``publisher`` objects); the page's own article
   (``Article``, ``NewsArticle``, ``BlogPosting`` and the other subtypes) before other
   content types and before a ``WebPage`` wrapper;
2. ``microdata``: ``itemprop`` values of the first article ``itemscope`` (comments, reviews,
   products, people and organisations are other scopes);
3. ``opengraph``: ``og:*`` and Twitter card values;
4. ``meta``: other ``<meta>`` names (Dublin Core ``dc.*``/``dcterms.*``, ``citation_*``,
   ``article:*``, ``parsely-*``, ``author``, ``keywords``...), ``<title>`` and ``<link>``;
5. ``dom``: the visible page around the headline: ``<h1>``, ``<time>``, bylines (elements
   with an author/byline class or ``rel=author``, or text opening "By"/"Von"/"Par"...), dates
   in date-classed elements or opening a line;
6. ``url``: a date in the URL path;
7. ``text``: the language guessed from the script of the title and description.

Three fields weigh the sources instead of taking the first value, because the value wanted is
the one the page shows:

* ``title`` is the headline as shown: an ``<h1>`` (without its kicker or subtitle) that
  agrees with a head title is taken verbatim; then a head title that is part of the
  ``<h1>`` ("Kicker / Headline"); then the page's only ``<h1>`` when it has a few words;
  then the most trusted head title with its " | Site Name" part cut off. Headings that link
  to the home page name the site and are cut off titles too.
* ``authors``: the people named by the most trusted structured source (one article's
  authors: the first JSON-LD object or microdata scope); the site or publisher named as the
  author, or a login or first name only ("mady", "Todd"), gives way to the byline next to
  the headline.
* ``date_published``: a date in a date-marked element right by the headline wins (metadata
  timestamps are often converted to UTC, or record a crawl or a re-publication); then the
  structured dates (when they disagree, the one the page shows; one day off the URL's or the
  page's date, the local one); then the URL; then dates further from the headline, a
  ``<time>`` anywhere outside comments and sidebars, a short date-named element showing a
  date anywhere outside them, the date of the latest version
  (``date_modified``), a publication date in the page's inline script data, a date in its
  title or description.

``site_name`` falls back, when no source above names the site, to the part of the head
title set apart from the headline, the logo's alt text and the host name (``sitename.py``).

Values are normalised: titles and names are unescaped and whitespace-collapsed; names lose
"By"/"Von"/"Par" prefixes, roles, dates, handles and "| Site" tails; dates are ISO 8601
``YYYY-MM-DD``, validated, not in the future; languages are BCP 47 (``en-US``: the most
specific declaration that agrees with ``<html lang>``). A value that is a keyword list (a
hijacked ``<title>``, description or keywords) is never returned: the next source is used;
rule ``STF002 keyword-stuffed-head`` reports the hijack in the prune stage.

No library fits without a second parse: htmldate and extruct (like trafilatura's metadata)
re-parse the page with lxml, which costs more than the whole of this module.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex
from selectolax.lexbor import LexborNode

from .authors import MAX_AUTHORS, byline_names_part, parse_authors
from .dates import ParsedDate, find_text_date, parse_machine_date, url_date
from .dom import PageTree
from .jsonld import SITE_TYPES, json_ld_objects, ld_names, ld_text, ld_types
from .lexicon import Lexicon, default_lexicon
from .render import CJK_LETTER, safe_url
from .result import Metadata
from .rules.stuffing import hijacked_head_evidence, keyword_list_evidence, page_vocabulary
from .sitename import Site, name_key, site_name_fallback

__all__ = ["MetadataReading", "extract_metadata", "read_metadata"]

JSON_LD = "json-ld"
MICRODATA = "microdata"
OPENGRAPH = "opengraph"
META = "meta"
DOM = "dom"
URL = "url"
TEXT = "text"

# schema.org types whose object is the page's own content (lowercased, without the URL
# prefix): articles first, then other main-content types.
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "askpublicnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "scholarlyarticle",
        "medicalscholarlyarticle",
        "techarticle",
        "report",
        "satiricalarticle",
        "advertisercontentarticle",
        "liveblogposting",
        "pressrelease",
    }
)
CONTENT_TYPES = frozenset(
    {
        "socialmediaposting",
        "discussionforumposting",
        "posting",
        "review",
        "recipe",
        "howto",
        "podcastepisode",
    }
)
PAGE_TYPES = frozenset(
    {
        "webpage",
        "itempage",
        "aboutpage",
        "collectionpage",
        "profilepage",
        "qapage",
        "faqpage",
        "medicalwebpage",
        "contactpage",
    }
)
# Microdata scopes whose properties describe something other than the page's article.
_FOREIGN_SCOPE = regex.compile(
    r"comment|review|rating|product|offer|event|person|organization|place|breadcrumb|"
    r"listitem|imageobject|videoobject|question|answer",
    regex.IGNORECASE,
)

MAX_H1 = 4
MAX_SCOPE_DEPTH = 40
MAX_WEAK_HEADLINES = 6
MAX_TAGS = 30
MAX_CATEGORIES = 10
# Keyword lists that repeat items this often are stuffed (spam corpus: the stuffed line is
# repeated two or more times in meta keywords).
MIN_TAG_REPEATS_FOR_STUFFING = 2
# Bylines and visible dates are looked for this many elements (pre-order) around the headline.
NEAR_HEADLINE_AFTER = 150
NEAR_HEADLINE_BEFORE = 80
MAX_BYLINE_CHARS = 160
MAX_BYLINE_LINES = 6
MAX_PREFIX_CHARS = 20
# Names fill at least this share of a byline's name part ("Jane Doe and John Roe, Reporters").
MIN_BYLINE_SHARE = 0.6
MAX_DATE_TEXT_CHARS = 120
# Unmarked text ("Von Jane Doe", "Pressemitteilung vom 20.01.2022") counts this close after
# the headline only, and this close before it (a date line above the headline); a longer
# text only by the date opening it (a dateline).
NEAR_HEADLINE_TEXT = 60
NEAR_HEADLINE_TEXT_BEFORE = 10
DATELINE_CHARS = 40
# A date in a date-marked element this close to the headline outranks structured metadata.
NEAR_HEADLINE_DATE = 30
# A date marked "published" counts as this many elements closer than an unmarked one.
PUBLISHED_CUE_BONUS = 20
# Inline scripts are searched this far (in all) for a publication date (last resort only).
MAX_SCRIPT_CHARS = 500_000
# A headline agrees with a head title it starts or ends when it is this long (key chars) and
# this share of the title at least ("Headline - Tagline - Site").
MIN_AGREEING_CHARS = 8
MIN_AGREEING_SHARE = 0.3
# A headline that agrees with no head title still wins from this many words on.
MIN_HEADLINE_WORDS = 3

# One whole-document query (Lexbor evaluates it in C); bylines and visible dates are then
# looked for only among the elements near the headline.
_SELECTOR = (
    "html, meta, link[rel~=canonical i], link[rel~=license i], title, "
    'script[type="application/ld+json" i], h1, [itemprop], '
    "a[rel~=license], a[rel~=tag], a[rel~=category]"
)
_ITEMPROPS = frozenset(
    {
        "headline",
        "author",
        "creator",
        "datepublished",
        "datecreated",
        "datemodified",
        "dateupdate",
        "articlesection",
        "keywords",
        "inlanguage",
        "description",
    }
)
_MARKED_BYLINE = "[rel~=author], [itemprop~=author], [class*=author i], [class*=byline i]"
_MARKED_BYLINE_CLASS = re.compile(r"byline|author.?name")
# Class/id cues are matched on the lowercased string with the standard library's re, three
# times faster than a case-insensitive pattern on elements visited one by one.
_BYLINE_CUE = re.compile(
    r"author|byline|autor|writer|posted-?by|submitted|verfasser|journalist|username|"
    r"zuozhe|bianji|firma|signature"
)
_MACHINE_STAMP = regex.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d[\d:.]*(?:Z|[+-]\d\d:?\d\d)?")
_DATE_SHAPE = re.compile(r"\d{4}|\d\.\s?\d{1,2}\.\s?\d\d")
_NOT_PUBLISHED_CUE = re.compile(
    r"updated|modified|aktualisiert|geändert|edited|lastmod|hidden|sr-only"
)
_PUBLISHED_CUE = re.compile(r"publish|pubdate|posted|veröffentlicht|erschienen")
_SCRIPT_PUBLISHED = regex.compile(
    r"[\"'](?:datePublished|publishDate|publishedDate|publicationDate|published_?[aA]t|"
    r"firstPublished|first[-_]publication|first_published_at|pubDate|publish_date|"
    r"date_published|publishTime|published_time)[\"']\s*:\s*[\"'](\d{4}-\d\d-\d\d[^\"']{0,30})"
)
# Elements whose class or id names a publication date (the last resort before metadata's
# modified date).
_DATE_NAMED = (
    "[class*=date i], [class*=datum i], [class*=time i], [class*=fecha i], [class*=publish i],"
    " [class*=posted i], [id*=date i], [id*=publish i]"
)
_DATE_CUE = re.compile(
    r"date|datum|time|publish|posted|fecha|dateline|meta|byline|author|info|subline|created|"
    r"calendar|clock"
)


@lru_cache(maxsize=4096)
def _cues(names: str) -> tuple[bool, bool]:
    """Whether lower-cased class/id names mark a byline, and a date. Cached: templates
    repeat the same names on many elements and pages (a search costs ~1 us, a hit ~0.1 us)."""
    return _BYLINE_CUE.search(names) is not None, _DATE_CUE.search(names) is not None


_TITLE_SEPARATORS = regex.compile(
    r"\s+[|｜\-–—•·:»«›‹/~]\s+|\s*[|｜»«›‹]\s*|\s+::\s+|(?<=\S)_(?=\S)"
)
_HEADLINE_PART_CUE = regex.compile(r"(?<![a-z-])(?:headline|title)(?![a-z-])", regex.IGNORECASE)
_SUBTITLE_CUE = regex.compile(r"sub-?title|subline|dek\b|standfirst|tagline", regex.IGNORECASE)
_HIDDEN_CUE = regex.compile(
    r"hidden|invisible|sr-only|screen-?reader|aural|offscreen|visually", regex.IGNORECASE
)
_ROOT_LINK = regex.compile(r"^(?:https?:)?//[^/?#]+/?$|https?://[^/?#]+/?$|(?:^|/)index\.\w+$")
_SPACES = regex.compile(r"\s+")
_KICKER_CUE = regex.compile(
    r"kicker|roof|dach|overline|over-line|topline|top-line|toptitle|top-title|eyebrow|"
    r"label|section|sub-?head|spitzmarke|rubri|categor|kategorie|flag|visually-?hidden|"
    r"sr-only|screen-?reader|aural|hidden|offscreen|\bdate\b|\btime\b|prefix|supertitle|"
    r"pretitle|pre-title|superline|vorspann|marker|badge",
    regex.IGNORECASE,
)
_SKIP_REGION = re.compile(
    r"(?<![a-z])(?:comments?|kommentare?|sidebar|related|recommend\w*|newsletter|"
    r"breadcrumbs?|cookies?|promo|footer|share|sharing|social|popular|trending|most-?read|"
    r"more-?from|read-?more|navigation|nav|navbar|menu|advert\w*|sponsor\w*|teaser-?list|"
    r"teasers)(?![a-z])"
)
# <footer> is not here: articles keep their byline and date in one ("article-meta"); site
# footers say so in their class or id.
_SKIP_TAGS = frozenset({"nav", "form", "select", "button", "figure"})
_LOGO_CUE = regex.compile(r"logo|brand|site-?(?:title|name)|masthead", regex.IGNORECASE)
_BYLINE_START = regex.compile(
    r"^\s*(?:by|von|par|por|door|av|af|przez|written by|text:|autor(?:in)?:|author:|"
    r"geschrieben von|ein beitrag von|écrit par|escrito por)\s+\p{Lu}",
    regex.IGNORECASE,
)
_BCP47 = regex.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_LICENSE_CC = regex.compile(
    r"creativecommons\.org/(?:licenses/([a-z-]+)|publicdomain/(zero|mark))/(\d\.\d)",
    regex.IGNORECASE,
)
_TAG_SPLIT = regex.compile(r"[,;，、]")

_META_TITLE = {
    "og:title": OPENGRAPH,
    "twitter:title": OPENGRAPH,
    "citation_title": META,
    "dc.title": META,
    "dcterms.title": META,
    "parsely-title": META,
    "sailthru.title": META,
    "headline": META,
}
_META_DESCRIPTION = {
    "og:description": OPENGRAPH,
    "twitter:description": OPENGRAPH,
    "description": META,
    "dc.description": META,
    "dcterms.description": META,
    "dcterms.abstract": META,
    "citation_abstract": META,
}
_META_SITE = {
    "og:site_name": OPENGRAPH,
    "application-name": META,
    "apple-mobile-web-app-title": META,
    "citation_journal_title": META,
    "dc.publisher": META,
    "dcterms.publisher": META,
    "publisher": META,
    "citation_publisher": META,
}
_META_IMAGE = {
    "og:image": OPENGRAPH,
    "og:image:url": OPENGRAPH,
    "og:image:secure_url": OPENGRAPH,
    "twitter:image": OPENGRAPH,
    "twitter:image:src": OPENGRAPH,
    "thumbnail": META,
}
_META_LANGUAGE = {
    "og:locale": OPENGRAPH,
    "content-language": META,
    "dc.language": META,
    "dcterms.language": META,
    "language": META,
    "citation_language": META,
}
# One name per value (several tags for several authors): not split at commas.
_META_AUTHOR_SINGLE = frozenset({"citation_author", "dc.creator", "dcterms.creator"})
_META_AUTHOR = frozenset(
    {
        "author",
        "article:author",
        "og:article:author",
        "og:author",
        "citation_author",
        "dc.creator",
        "dcterms.creator",
        "parsely-author",
        "sailthru.author",
        "byl",
        "authors",
        "article:author_name",
        "shareaholic:article_author_name",
        "cxenseparse:author",
    }
)
_META_PUBLISHED = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "article.published",
    "datepublished",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "publish-date",
    "publish_date",
    "publishdate",
    "published_time",
    "published-date",
    "publication_date",
    "pubdate",
    "originalpublicationdate",
    "article_date_original",
    "date",
    "displaydate",
    "release_date",
    "created",
)
_META_MODIFIED = (
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "modified",
)
_PUBLISHED_RANK = {key: rank for rank, key in enumerate(_META_PUBLISHED)}
_MODIFIED_RANK = {key: rank for rank, key in enumerate(_META_MODIFIED)}
_META_TAGS = frozenset(
    {"keywords", "news_keywords", "article:tag", "parsely-tags", "citation_keywords"}
)
_META_CATEGORY = frozenset({"article:section", "parsely-section", "category", "dc.subject"})
_META_LICENSE = frozenset({"dc.rights", "dcterms.license", "dcterms.rights", "license", "rights"})

# Script-based language guesses for text without a declared language (first match wins).
_SCRIPT_LANGUAGES = (
    (regex.compile(r"[\p{Hiragana}\p{Katakana}]"), "ja"),
    (regex.compile(r"\p{Hangul}"), "ko"),
    (regex.compile(r"\p{Han}"), "zh"),
    (regex.compile(r"\p{Thai}"), "th"),
    (regex.compile(r"\p{Greek}"), "el"),
    (regex.compile(r"\p{Hebrew}"), "he"),
    (regex.compile(r"[پچژگکی]"), "fa"),
    (regex.compile(r"\p{Arabic}"), "ar"),
    (regex.compile(r"[їєґі]"), "uk"),
    (regex.compile(r"\p{Cyrillic}"), "ru"),
    (regex.compile(r"\p{Devanagari}"), "hi"),
)
_SCRIPT_SHARE = 0.3


@dataclass(slots=True)
class _Values:
    """Raw values by field, each with its source, in order of trust."""

    values: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, name: str, value: Any, source: str) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            value = _clean_text(value)
            if value:
                self.values.setdefault(name, []).append((value, source))

    def get(self, name: str) -> list[tuple[str, str]]:
        return self.values.get(name, [])


@dataclass(slots=True)
class _Page:
    """Everything read from the tree, before choosing."""

    values: _Values = field(default_factory=_Values)
    html_lang: str | None = None
    html_title: str | None = None
    h1s: list[LexborNode] = field(default_factory=list)
    headlines: list[LexborNode] = field(default_factory=list)
    weak_headlines: list[LexborNode] = field(default_factory=list)
    ld_objects: list[dict[str, Any]] = field(default_factory=list)
    published: list[tuple[int, ParsedDate, str]] = field(default_factory=list)
    modified: list[tuple[int, ParsedDate, str]] = field(default_factory=list)
    authors: dict[str, list[tuple[str, list[str], int]]] = field(default_factory=dict)
    """Source → (raw value, names, group): a JSON-LD object or microdata scope per group."""
    organisations: set[str] = field(default_factory=set)
    article_body: str | None = None
    """The longest JSON-LD ``articleBody``: for the corroborate stage, not a field."""


def extract_metadata(tree: PageTree, url: str | None, lexicon: Lexicon | None = None) -> Metadata:
    """All metadata fields, none of them taken from a hijacked (stuffed) value.

    The hijack itself is reported by rule STF002 (keyword-stuffed-head) in the prune stage.
    """
    return read_metadata(tree, url, lexicon).metadata


@dataclass(frozen=True, slots=True)
class MetadataReading:
    """The metadata, and what selection uses of the evidence read on the way."""

    metadata: Metadata
    article_body: str | None
    """The longest JSON-LD ``articleBody`` (parsed here once; corroborate reads it)."""
    headline: int | None
    """The tree index of the headline element shown on the page, if the title came from one."""


def read_metadata(
    tree: PageTree, url: str | None, lexicon: Lexicon | None = None
) -> MetadataReading:
    """:func:`extract_metadata`, with the evidence selection reads beside it."""
    page = _read_head_and_markup(tree)
    _read_json_ld(page)
    values = page.values
    chosen: dict[str, str] = {}
    rejected = _Rejector(lexicon if lexicon is not None else default_lexicon(), tree)

    def first(name: str) -> str | None:
        for value, source in values.get(name):
            if not rejected(value):
                chosen[name] = source
                return value
        return None

    site_name = first("site_name")
    canonical = safe_url(first("canonical_url"), url)
    site = Site([v for v, _ in values.get("site_name")], canonical or url)
    headline_node, title, title_source = _choose_title(page, site, rejected)
    if title:
        chosen["title"] = title_source
    if not site_name:
        heads = [v for name in ("html_title", "head_title") for v, _ in values.get(name)]
        site_name, site_source = site_name_fallback(tree, heads, title, site, canonical or url)
        if site_name and rejected(site_name):
            site_name = None
        if site_name:
            chosen["site_name"] = site_source
    language, language_source = _choose_language(page, title)
    if language:
        chosen["language"] = language_source
    month_first = language in ("en-US", "en")
    near = _scan_near_headline(tree, _anchor(tree, headline_node, page), month_first)
    authors, author_source = _choose_authors(page, tree, near, site)
    if authors:
        chosen["authors"] = author_source
    published, published_source = _choose_published(page, tree, near, url, month_first)
    if published:
        chosen["date_published"] = published_source
    modified = min(page.modified, key=lambda item: item[0], default=None)
    if modified:
        chosen["date_modified"] = modified[2]
    description = first("description")
    image = safe_url(first("image"), canonical or url)
    license_ = _license(first("license"))
    page_type = first("page_type")
    tags = _choose_tags(values)
    if tags:
        chosen["tags"] = values.get("tag")[0][1]
    categories = tuple(dict.fromkeys(v for v, _ in values.get("category")))[:MAX_CATEGORIES]
    if categories:
        chosen["categories"] = values.get("category")[0][1]
    if not canonical:
        chosen.pop("canonical_url", None)
    if not image:
        chosen.pop("image", None)
    metadata = Metadata(
        title=title,
        authors=tuple(authors),
        date_published=published,
        date_modified=modified[1].iso if modified else None,
        site_name=site_name,
        description=description,
        language=language,
        canonical_url=canonical,
        image=image,
        tags=tags,
        categories=categories,
        license=license_,
        page_type=page_type,
        sources=chosen,
    )
    headline = tree.index(headline_node) if headline_node is not None else None
    return MetadataReading(metadata, page.article_body, headline)


# -- reading -------------------------------------------------------------------------------


def _clean_text(value: str) -> str:
    if "&" in value:
        value = html.unescape(value)
    if "<" in value and ">" in value:
        value = regex.sub(r"<[^<>]{0,200}>", " ", value)
    return " ".join(value.replace("\xad", "").split())


def _read_head_and_markup(tree: PageTree) -> _Page:
    page = _Page()
    values = page.values
    for node in tree.parser.css(_SELECTOR):
        tag = node.tag
        attributes = node.attributes
        itemprop = attributes.get("itemprop")
        if itemprop is not None and tag != "html":
            itemprop = itemprop.lower()
            if not _ITEMPROPS.isdisjoint(itemprop.split()):
                _read_microdata(page, node, itemprop)
            if tag not in ("meta", "h1", "title", "link", "script"):
                continue
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").strip().lower()
            if not key:
                key = (attributes.get("http-equiv") or "").strip().lower()
            if key:
                _read_meta(page, key, attributes.get("content") or "")
        elif tag == "title":
            if page.html_title is None and (node.parent is None or node.parent.tag != "svg"):
                page.html_title = _clean_text(node.text(deep=True))
        elif tag == "link":
            _read_link(values, attributes)
        elif tag == "script":
            page.ld_objects.extend(json_ld_objects(node.text(deep=True)))
        elif tag == "h1":
            # A heading inside <noscript> is not what the page shows (injected link dumps
            # hide there under a keyword heading).
            if len(page.h1s) < MAX_H1 and not _in_noscript(node):
                page.h1s.append(node)
        elif tag == "html":
            lang = attributes.get("lang") or attributes.get("xml:lang")
            page.html_lang = lang.strip() if lang else None
        elif tag == "a":
            _read_rel_link(values, node, attributes)
    if page.html_title:
        values.add("html_title", page.html_title, META)
    if not page.h1s:
        # No <h1>: a second-level heading may be the headline (blogs' h2/h3.post-title), but
        # only when it agrees with a head title.
        page.weak_headlines = tree.parser.css("h2, h3")[:MAX_WEAK_HEADLINES]
    return page


def _read_meta(page: _Page, key: str, content: str) -> None:
    values = page.values
    if key in _META_TITLE:
        values.add("head_title", content, _META_TITLE[key])
    elif key in _META_DESCRIPTION:
        values.add("description", content, _META_DESCRIPTION[key])
    elif key in _META_SITE:
        values.add("site_name", content, _META_SITE[key])
    elif key in _META_IMAGE:
        values.add("image", content, _META_IMAGE[key])
    elif key == "og:url":
        values.add("canonical_url", content, OPENGRAPH)
    elif key == "og:type":
        values.add("page_type", content, OPENGRAPH)
    elif key in _META_LANGUAGE:
        values.add("language", content, _META_LANGUAGE[key])
    elif key in _META_TAGS:
        for part in _TAG_SPLIT.split(_clean_text(content)):
            values.add("tag", part, META)
    elif key in _META_CATEGORY:
        values.add("category", content, META)
    elif key in _META_LICENSE:
        values.add("license", content, META)
    elif key in _META_AUTHOR:
        source = OPENGRAPH if key.startswith("og:") else META
        if "://" not in content:
            names = parse_authors(content, split=key not in _META_AUTHOR_SINGLE)
            if names:
                page.authors.setdefault(source, []).append((content, names, 0))
    elif key in _PUBLISHED_RANK:
        parsed = parse_machine_date(content)
        if parsed:
            page.published.append((30 + _PUBLISHED_RANK[key], parsed, META))
    elif key in _MODIFIED_RANK:
        parsed = parse_machine_date(content)
        if parsed:
            page.modified.append((30 + _MODIFIED_RANK[key], parsed, META))


def _read_link(values: _Values, attributes: dict[str, str | None]) -> None:
    rel = (attributes.get("rel") or "").lower().split()
    href = attributes.get("href") or ""
    if "canonical" in rel:
        values.add("canonical_url", href, META)
    elif "license" in rel:
        values.add("license", href, META)


def _read_rel_link(values: _Values, node: LexborNode, attributes: dict[str, str | None]) -> None:
    rel = (attributes.get("rel") or "").lower().split()
    if "license" in rel:
        values.add("license", attributes.get("href") or node.text(deep=True), DOM)
    elif "tag" in rel:
        values.add("tag", node.text(deep=True), DOM)
    elif "category" in rel:
        values.add("category", node.text(deep=True), DOM)


def _itemscope(node: LexborNode) -> tuple[int, str]:
    """The nearest enclosing itemscope: its identity and itemtype ('' when untyped)."""
    current = node.parent
    depth = 0
    while current is not None and depth < MAX_SCOPE_DEPTH:
        attributes = current.attributes
        if "itemscope" in attributes:
            return current.mem_id, attributes.get("itemtype") or ""
        current = current.parent
        depth += 1
    return 0, ""


def _microdata_value(node: LexborNode, attributes: dict[str, str | None]) -> str:
    for name in ("content", "datetime"):
        value = attributes.get(name)
        if value:
            return value
    return node.text(deep=True, separator=" ")


def _read_microdata(page: _Page, node: LexborNode, itemprop: str) -> None:
    scope, scope_type = _itemscope(node)
    if scope_type and _FOREIGN_SCOPE.search(scope_type.rsplit("/", 1)[-1]):
        return
    attributes = node.attributes
    props = itemprop.split()
    values = page.values
    if "headline" in props:
        values.add("microdata_title", _microdata_value(node, attributes), MICRODATA)
        if node.tag != "meta":
            page.headlines.append(node)
    if "author" in props or "creator" in props:
        if node.tag == "meta":
            raw = attributes.get("content") or ""
        else:
            name = node.css_first("[itemprop~=name i]")
            raw = (
                _microdata_value(name, name.attributes)
                if name is not None
                else node.text(deep=True, separator=" ")
            )
        if "://" not in raw and len(raw) <= MAX_BYLINE_CHARS:
            names = parse_authors(raw)
            if names:
                page.authors.setdefault(MICRODATA, []).append((raw, names, scope))
    for prop, target, rank in (
        ("datepublished", page.published, 20),
        ("datecreated", page.published, 21),
        ("datemodified", page.modified, 20),
        ("dateupdate", page.modified, 21),
    ):
        if prop in props:
            parsed = parse_machine_date(_microdata_value(node, attributes))
            if parsed:
                target.append((rank, parsed, MICRODATA))
    if "articlesection" in props:
        values.add("category", _microdata_value(node, attributes), MICRODATA)
    if "keywords" in props:
        for part in _TAG_SPLIT.split(_clean_text(_microdata_value(node, attributes))):
            values.add("tag", part, MICRODATA)
    if "inlanguage" in props:
        values.add("language", _microdata_value(node, attributes), MICRODATA)
    if "description" in props and node.tag == "meta":
        values.add("description", attributes.get("content"), MICRODATA)


def _read_json_ld(page: _Page) -> None:
    values = page.values
    objects = page.ld_objects
    articles = [o for o in objects if ld_types(o) & ARTICLE_TYPES]
    articles += [o for o in objects if ld_types(o) & CONTENT_TYPES and o not in articles]
    pages = [o for o in objects if ld_types(o) & PAGE_TYPES]
    for rank, obj in enumerate([*articles, *pages]):
        is_article = rank < len(articles)
        headline = obj.get("headline") or (obj.get("name") if is_article else None)
        values.add("ld_title", ld_text(headline), JSON_LD)
        if is_article:
            body = obj.get("articleBody")
            if isinstance(body, str) and len(body) > len(page.article_body or ""):
                page.article_body = body
            for raw in ld_names(obj.get("author"), page.organisations) or ld_names(
                obj.get("creator"), page.organisations
            ):
                names = parse_authors(raw) if "://" not in raw else []
                if names:
                    page.authors.setdefault(JSON_LD, []).append((raw, names, rank))
        for key, target, base in (
            ("datePublished", page.published, 0),
            ("dateCreated", page.published, 5),
            ("uploadDate", page.published, 6),
            ("dateModified", page.modified, 0),
        ):
            parsed = parse_machine_date(ld_text(obj.get(key)))
            if parsed:
                target.append((base + (0 if is_article else 10), parsed, JSON_LD))
        values.add("description", ld_text(obj.get("description")), JSON_LD)
        values.add("language", ld_text(obj.get("inLanguage")), JSON_LD)
        for name in ld_names(obj.get("publisher"), page.organisations):
            values.add("site_name", name, JSON_LD)
            page.organisations.add(name_key(name))
        values.add("image", ld_text(obj.get("image") or obj.get("thumbnailUrl")), JSON_LD)
        values.add("canonical_url", ld_text(obj.get("mainEntityOfPage")), JSON_LD)
        values.add("license", ld_text(obj.get("license")), JSON_LD)
        if is_article:
            type_name = obj.get("@type")
            values.add(
                "page_type", type_name[0] if isinstance(type_name, list) else type_name, JSON_LD
            )
        keywords = obj.get("keywords")
        if isinstance(keywords, str):
            keywords = _TAG_SPLIT.split(keywords)
        if isinstance(keywords, list):
            for keyword in keywords:
                values.add("tag", keyword, JSON_LD)
        section = obj.get("articleSection")
        for item in section if isinstance(section, list) else [section]:
            values.add("category", item, JSON_LD)
    for obj in objects:
        if ld_types(obj) & SITE_TYPES:
            for name in ld_names(obj):
                values.add("site_name", name, JSON_LD)
                page.organisations.add(name_key(name))
    # JSON-LD values outrank the head's: move them to the front of each list.
    for name in ("site_name", "description", "language", "image", "canonical_url", "license"):
        items = values.values.get(name)
        if items:
            items.sort(key=lambda item: item[1] != JSON_LD)
    page_types = values.values.get("page_type")
    if page_types:
        page_types.sort(key=lambda item: item[1] != JSON_LD)


# -- title ---------------------------------------------------------------------------------


def _segments(title: str) -> list[str]:
    return [p.strip() for p in _TITLE_SEPARATORS.split(title) if p and p.strip()]


def _node_text(node: LexborNode) -> str:
    return _clean_text(node.text(deep=True, separator=" "))


def _cue(node: LexborNode) -> str:
    attributes = node.attributes
    return f"{attributes.get('class') or ''} {attributes.get('id') or ''}"


def _headline_text(node: LexborNode) -> str:
    """The headline an <h1> shows, without its kicker ("roofline", section, date) line."""
    current = node
    children: list[LexborNode] = []
    for _ in range(4):
        children = [
            c
            for c in current.iter(include_text=True)
            if not (c.tag == "-text" and not (c.text_content or "").strip())
            and c.tag not in ("script", "style", "noscript", "template", "svg", "button")
        ]
        if len(children) == 1 and children[0].tag not in ("-text", "br"):
            current = children[0]
            continue
        break
    if len(children) < 2:
        return _node_text(node)
    if any(c.tag == "br" for c in children):
        # "Kicker<br>Headline" or "Headline<br><span>Subtitle</span>": the part that is the
        # heading's own text is the headline.
        groups: list[list[LexborNode]] = [[]]
        for child in children:
            if child.tag == "br":
                groups.append([])
            else:
                groups[-1].append(child)
        own = [
            g for g in groups if any(c.tag == "-text" and (c.text_content or "").strip() for c in g)
        ]
        if len(own) == 1 and len([g for g in groups if g]) > 1:
            return _clean_text(" ".join(_part_text(c) for c in own[0])) or _node_text(node)
    for child in children:
        # A part marked as the headline itself ("dachzeile" + "headline" spans).
        if child.tag != "-text" and _HEADLINE_PART_CUE.search(_cue(child)):
            text = _node_text(child)
            if text:
                return text
    kept: list[str] = []
    dropped = False
    for position, child in enumerate(children):
        tag = child.tag
        if tag == "-text":
            kept.append(child.text_content or "")
            continue
        if tag == "br":
            kept.append(" ")
            continue
        text = child.text(deep=True, separator=" ")
        cue = _cue(child)
        later = children[position + 1 :]
        has_later_text = any(
            (c.tag == "-text" and (c.text_content or "").strip())
            or (c.tag not in ("-text", "br") and c.text(deep=True).strip())
            for c in later
        )
        followed_by_break = bool(later) and later[0].tag == "br"
        if (
            kept
            and "".join(kept).strip()
            and not has_later_text
            and (tag == "small" or _SUBTITLE_CUE.search(cue))
        ):
            continue  # "Headline <small>Subtitle</small>"
        if has_later_text and (
            _KICKER_CUE.search(cue) or tag == "small" or (position == 0 and followed_by_break)
        ):
            dropped = True
            continue
        if _HIDDEN_CUE.search(cue):
            continue
        kept.append(text)
    headline = _clean_text(" ".join(kept))
    return headline if (dropped and headline) else (headline or _node_text(node))


def _part_text(node: LexborNode) -> str:
    return (node.text_content or "") if node.tag == "-text" else node.text(deep=True, separator=" ")


def _is_home_link(node: LexborNode) -> bool:
    """A heading that is (only) a link to the site's home page, or marked as the logo."""
    if _LOGO_CUE.search(_cue(node)):
        return True
    link = node.css_first("a[href]")
    if link is None or _node_text(link) != _node_text(node):
        return False
    href = (link.attributes.get("href") or "").strip()
    return (
        href in ("/", "./", "#", "")
        or bool(_ROOT_LINK.search(href))
        or bool(_LOGO_CUE.search(_cue(link)))
        or (link.attributes.get("rel") or "").lower() == "home"
    )


def _is_logo(node: LexborNode, text: str, site: Site) -> bool:
    return _is_home_link(node) or site.like(text)


def _agrees(key: str, value: str, whole: str, stripped: str) -> bool:
    """A headline key agrees with a head title: equal to it, its stripped form or one of its
    parts, or a long enough start or end of it ("Headline - Tagline - Site")."""
    if key in (whole, stripped) or key in {name_key(s) for s in _segments(value)}:
        return True
    if len(key) >= max(MIN_AGREEING_CHARS, MIN_AGREEING_SHARE * len(whole)):
        return whole.startswith(key) or whole.endswith(key)
    return False


def _words(text: str) -> int:
    """Words in a headline; in Chinese or Japanese, written without spaces, two characters
    count as one."""
    return len(text.split()) + len(CJK_LETTER.findall(text)) // 2


def _choose_title(
    page: _Page, site: Site, rejected: _Rejector
) -> tuple[LexborNode | None, str | None, str]:
    values = page.values
    for node in page.h1s:
        # A heading that links to the home page is the site's name: it is cut off titles.
        if _is_home_link(node):
            site.add(_node_text(node))
    heads: list[tuple[str, str]] = []
    for name in ("ld_title", "microdata_title", "head_title", "html_title"):
        for value, source in values.get(name):
            if rejected(value, title=True):
                continue
            heads.append((value, source))
    head_keys = [
        (value, source, name_key(value), name_key(site.strip(value))) for value, source in heads
    ]
    stripped_keys = {stripped for _, _, _, stripped in head_keys}
    strong: list[tuple[LexborNode, str]] = []
    weak: list[tuple[LexborNode, str]] = []
    seen: set[int] = set()
    for nodes, target in (((*page.h1s, *page.headlines), strong), (page.weak_headlines, weak)):
        for node in nodes:
            if node.mem_id in seen:
                continue
            seen.add(node.mem_id)
            if _HIDDEN_CUE.search(_cue(node)):
                continue  # a heading for screen readers, not the one shown
            text = _headline_text(node)
            if not text or rejected(text, title=True):
                continue
            if name_key(text) not in stripped_keys and _is_logo(node, text, site):
                continue
            target.append((node, site.trim(text)))
    # 1. A visible headline that agrees with a head title, in its own wording.
    for node, text in (*strong, *weak):
        key = name_key(text)
        for value, _source, whole, stripped in head_keys:
            if _agrees(key, value, whole, stripped):
                return node, text, DOM
    # 2. A head title that is one part of a headline ("Kicker / Headline").
    for node, text in (*strong, *weak):
        parts = {name_key(s) for s in _segments(text)}
        for value, source, _whole, stripped in head_keys:
            if stripped and stripped in parts:
                return node, site.strip(value), source
    # 3. The page's own headline, worded differently from its head (SEO titles are
    #    rewritten; the shown headline is the article's): a few words at least, so that
    #    a section name ("News") does not pass for it.
    if len(strong) == 1 and _words(strong[0][1]) >= MIN_HEADLINE_WORDS:
        return strong[0][0], strong[0][1], DOM
    # 4. The most trusted head title that is not just the site's name.
    for value, source, _whole, stripped in head_keys:
        if stripped and not site.like(value):
            return (strong[0][0] if strong else None), site.strip(value), source
    # 5. A short headline alone, or whatever the head has.
    if strong:
        return strong[0][0], strong[0][1], DOM
    if heads:
        return None, site.strip(heads[0][0]), heads[0][1]
    return None, None, ""


# -- authors and dates near the headline --------------------------------------------------


def _anchor(tree: PageTree, headline: LexborNode | None, page: _Page) -> int | None:
    """The pre-order index bylines and visible dates are measured from."""
    for node in (headline, *page.h1s, *page.headlines):
        if node is not None:
            index = tree.index(node)
            if index is not None:
                return index
    return None


class _Regions:
    """Whether an element sits in comments, sidebars, navigation or other furniture.

    A region that holds the headline itself is never furniture (a headline inside a
    ``<figure>`` caption, an article header classed "promo").
    """

    def __init__(self, tree: PageTree, anchor: int | None) -> None:
        self.tree = tree
        self.anchor = anchor
        self.cache: dict[int, bool] = {}

    def skipped(self, i: int) -> bool:
        tree = self.tree
        anchor = self.anchor
        path: list[int] = []
        result = False
        current = i
        while current >= 0:
            cached = self.cache.get(current)
            if cached is not None:
                result = cached
                break
            path.append(current)
            tag = tree.tags[current]
            if tag in ("body", "html"):
                # WordPress names the post type on <body> ("single-promo"): not a region.
                break
            if (
                tag in _SKIP_TAGS or _SKIP_REGION.search(tree.class_and_id(current).lower())
            ) and not (anchor is not None and current <= anchor <= tree.end[current]):
                result = True
                break
            current = tree.parent[current]
        for p in path:
            self.cache[p] = result
        return result


@dataclass(slots=True)
class _Near:
    """Bylines and dates found near the headline, closest first."""

    bylines: list[tuple[int, list[str]]] = field(default_factory=list)
    text_bylines: list[tuple[int, list[str]]] = field(default_factory=list)
    dates: list[tuple[int, ParsedDate]] = field(default_factory=list)
    text_dates: list[tuple[int, ParsedDate]] = field(default_factory=list)
    anchor: int | None = None


def _scan_near_headline(tree: PageTree, anchor: int | None, month_first: bool) -> _Near:
    """Bylines and visible dates among the elements around the headline.

    Only a window of elements (pre-order) is visited, and only those with a little text:
    containers are skipped, their children are in the window too. An element counts when
    its class/id names an author or a date (``byline``, ``author``, ``date``, ``meta``...), it
    is a ``<time>``, it has ``rel=author``, or its own text starts "By ..."/"Von ..." or holds
    a date (weaker: used only when no marked element has one).
    """
    near = _Near(anchor=anchor)
    size = len(tree)
    if size == 0:
        return near
    if anchor is None:
        first = tree.parser.css_first("article, main, [role=main]")
        start = tree.index(first) if first is not None else None
        low, high = (start or 0), min(size, (start or 0) + 2 * NEAR_HEADLINE_AFTER)
        anchor_at = low
    else:
        low = max(0, anchor - NEAR_HEADLINE_BEFORE)
        high = min(size, anchor + NEAR_HEADLINE_AFTER + 1)
        anchor_at = anchor
    regions = _Regions(tree, anchor)
    tags, text_chars, own_chars, nodes = tree.tags, tree.text_chars, tree.own_chars, tree.nodes
    text_end = anchor_at + NEAR_HEADLINE_TEXT if anchor is not None else -1
    text_start = anchor_at - NEAR_HEADLINE_TEXT_BEFORE
    best_byline = best_date = high - low + NEAR_HEADLINE_AFTER
    for i in range(low, high):
        chars = text_chars[i]
        tag = tags[i]
        if chars == 0 and tag != "time":
            continue
        distance = i - anchor_at if i >= anchor_at else 2 * (anchor_at - i)
        if (
            distance > best_byline
            and distance - PUBLISHED_CUE_BONUS > max(best_date, NEAR_HEADLINE_DATE)
            and i > text_end
        ):
            break  # nothing further on can be closer
        node = nodes[i]
        if chars > MAX_BYLINE_CHARS and tag != "time":
            # Too long for a byline or a date line: only a dateline opening the text counts.
            if own_chars[i] and anchor_at < i <= text_end:
                own = node.text(deep=False).lstrip()[:DATELINE_CHARS]
                if _DATE_SHAPE.search(own):
                    parsed = find_text_date(own, month_first=month_first)
                    if parsed is not None and not regions.skipped(i):
                        near.text_dates.append((distance, parsed))
            continue
        attributes = node.attributes
        if attributes:
            klass, ident = attributes.get("class"), attributes.get("id")
            cue = f"{klass or ''} {ident or ''}".lower() if klass or ident else ""
            itemprop = (attributes.get("itemprop") or "").lower()
            rel = (attributes.get("rel") or "").lower()
        else:
            cue = itemprop = rel = ""
        byline_cue, date_cue = _cues(cue) if cue else (False, False)
        is_byline = "author" in rel or "author" in itemprop or tag == "address" or byline_cue
        is_date = tag == "time" or "date" in itemprop or date_cue
        if is_date and (
            "modified" in itemprop
            or _NOT_PUBLISHED_CUE.search(cue)
            or "hidden" in attributes
            or "none" in (attributes.get("style") or "")
        ):
            # An update date, or one only search engines see: not the one shown with the
            # headline (modified dates come from metadata).
            continue
        elif is_date and ("published" in itemprop or _PUBLISHED_CUE.search(cue)):
            distance -= PUBLISHED_CUE_BONUS
        if is_byline and chars > 2 and distance < best_byline:
            names = _byline_names(tree, i)
            if names and not regions.skipped(i):
                near.bylines.append((distance, names))
                best_byline = distance
        if is_date and distance > max(best_date, NEAR_HEADLINE_DATE):
            continue
        if is_date:
            parsed = None
            if tag == "time" or "date" in itemprop:
                parsed = parse_machine_date(
                    attributes.get("datetime") or attributes.get("content") or ""
                )
            if parsed is None and 5 < chars <= MAX_DATE_TEXT_CHARS:
                parsed = _shown_date(tree.text(i), month_first)
            if parsed is not None and not regions.skipped(i):
                if chars == 0:
                    # Machine-readable only (an empty <time datetime>): not a date people see.
                    distance = max(distance, 0) + NEAR_HEADLINE_DATE + 1
                near.dates.append((distance, parsed))
                best_date = min(best_date, distance)
                continue
        if is_byline or not own_chars[i] or not (text_start <= i <= text_end) or i == anchor_at:
            continue
        own = node.text(deep=False)
        if _DATE_SHAPE.search(own):
            parsed = find_text_date(own, month_first=month_first)
            if parsed is not None and not regions.skipped(i):
                near.text_dates.append((distance, parsed))
        elif _BYLINE_START.match(own):
            names = parse_authors(tree.text(i))
            if names and not regions.skipped(i):
                near.text_bylines.append((distance, names))
    for found in (near.bylines, near.text_bylines, near.dates, near.text_dates):
        found.sort(key=lambda item: item[0])
    return near


def _shown_date(text: str, month_first: bool) -> ParsedDate | None:
    """The date a text shows; a full ISO timestamp in it is a hidden machine value (a
    "rich snippet" span) and counts only when nothing else is written."""
    if not _DATE_SHAPE.search(text):
        return None
    if _MACHINE_STAMP.search(text):
        written = find_text_date(_MACHINE_STAMP.sub(" ", text), month_first=month_first)
        if written is not None:
            return written
    return find_text_date(text, month_first=month_first)


def _byline_names(tree: PageTree, i: int) -> list[str]:
    """The names in a byline element: its ``itemprop=name``, else its text, read whole
    ("By <a>Jane</a> and <a>John</a>") unless a name would run across two text blocks
    ("Jane Doe" / "Berlin"), when the first block that is names wins. The names must fill
    most of the byline (after its "By" and before its date): a sentence that happens to
    hold a name is no byline."""
    node = tree.nodes[i]
    name = node.css_first("[itemprop~=name i]")
    if name is not None:
        return parse_authors(_node_text(name))
    text = node.text(deep=True, separator="\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    joined = " ".join(lines)
    names = parse_authors(joined)
    if names and _fills(names, joined) and all(any(n in line for line in lines) for n in names):
        return names
    merged: list[str] = []
    for line in lines[:MAX_BYLINE_LINES]:
        if merged and parse_authors(merged[-1]) == [] and len(merged[-1]) <= MAX_PREFIX_CHARS:
            merged[-1] = f"{merged[-1]} {line}"  # "By" / "Jane Doe"
        else:
            merged.append(line)
    for line in merged:
        found = parse_authors(line)
        if found and _fills(found, line):
            return found
    return names if names and _fills(names, joined) else []


def _fills(names: list[str], text: str) -> bool:
    part = byline_names_part(text)
    return len(" ".join(names)) >= MIN_BYLINE_SHARE * len(part.strip(" ,;"))


def _choose_authors(page: _Page, tree: PageTree, near: _Near, site: Site) -> tuple[list[str], str]:
    def is_site(name: str) -> bool:
        return name_key(name) in page.organisations or site.like(name)

    structured: list[str] = []
    source = ""
    for candidate in (JSON_LD, MICRODATA, OPENGRAPH, META):
        entries = page.authors.get(candidate, [])
        if not entries:
            continue
        # One article's authors: the first JSON-LD object or microdata scope that names a
        # person (or, failing that, the first one).
        group = next(
            (g for raw, found, g in entries if not is_site(raw) and not all(map(is_site, found))),
            entries[0][2],
        )
        names = [
            (name, is_site(raw) or is_site(name))
            for raw, found, entry_group in entries
            if entry_group == group
            for name in found
        ]
        # The site or publisher named as author ranks below people named beside it.
        people = [name for name, site in names if not site]
        for name in people or [name for name, _ in names]:
            if name not in structured:
                structured.append(name)
        source = candidate
        break
    if structured and not all(is_site(n) for n in structured) and not _refinable(structured):
        return structured[:MAX_AUTHORS], source
    found = near.bylines or near.text_bylines
    byline = found[0][1] if found else _marked_byline(tree, near.anchor)
    byline = [n for n in byline if not is_site(n)] or byline
    if byline and (
        not structured or all(is_site(n) for n in structured) or _refines(byline, structured)
    ):
        return byline[:MAX_AUTHORS], DOM
    return structured[:MAX_AUTHORS], source


def _marked_byline(tree: PageTree, anchor: int | None) -> list[str]:
    """Away from the headline, only an element marked as the author's name counts."""
    regions = _Regions(tree, anchor)
    for node in tree.parser.css(_MARKED_BYLINE):
        i = tree.index(node)
        if i is None or (anchor is not None and i < anchor):
            continue
        attributes = node.attributes
        if not (
            "author" in (attributes.get("rel") or "").lower()
            or "author" in (attributes.get("itemprop") or "").lower()
            or _MARKED_BYLINE_CLASS.search((attributes.get("class") or "").lower())
        ):
            continue
        if 2 < tree.text_chars[i] <= MAX_BYLINE_CHARS and not regions.skipped(i):
            names = _byline_names(tree, i)
            if names:
                return names
    return []


def _refinable(names: list[str]) -> bool:
    """A login-like or first-name-only value a visible byline may spell out."""
    return len(names) == 1 and (" " not in names[0] or names[0].islower())


def _refines(byline: list[str], structured: list[str]) -> bool:
    if not _refinable(structured):
        return False
    short = name_key(structured[0])
    return any(short and short in name_key(name) for name in byline)


def _choose_published(
    page: _Page, tree: PageTree, near: _Near, url: str | None, month_first: bool
) -> tuple[str | None, str]:
    structured = sorted(page.published, key=lambda item: item[0])
    from_url = url_date(url)
    dates = near.dates
    found = dates or near.text_dates
    visible = found[0][1] if found else None
    if structured:
        _, best, source = structured[0]
    if dates and dates[0][0] <= NEAR_HEADLINE_DATE:
        # The date shown with the headline is the one readers (and indexers) take; metadata
        # timestamps are often converted, or record a first crawl or a re-publication.
        return dates[0][1].iso, DOM
    if structured:
        shown = {d.value for n, d in (*dates, *near.text_dates) if n <= NEAR_HEADLINE_DATE}
        confirmed = [item for item in structured if item[1].value in shown]
        if confirmed and confirmed[0][1].value != best.value:
            # Metadata sources disagree: the one the page shows wins.
            return confirmed[0][1].iso, confirmed[0][2]
        # A timestamp converted to UTC (or to the server's zone) can be a day off the date
        # the page shows and its URL names: the publisher's calendar date wins.
        for local, local_source in ((from_url, URL), (visible, DOM)):
            if local is not None and abs((local.value - best.value).days) == 1:
                return local.iso, local_source
        return best.iso, source
    if from_url is not None:
        return from_url.iso, URL
    if visible is not None:
        return visible.iso, DOM
    # Last: a <time> anywhere on the page outside comments, sidebars and teasers.
    regions = _Regions(tree, near.anchor)
    for node in tree.parser.css("time"):
        i = tree.index(node)
        if i is None or (near.anchor is not None and i < near.anchor) or regions.skipped(i):
            continue
        cue = f"{node.attributes.get('class') or ''} {node.attributes.get('itemprop') or ''}"
        if _NOT_PUBLISHED_CUE.search(cue.lower()):
            continue
        parsed = parse_machine_date(node.attributes.get("datetime")) or find_text_date(
            tree.text(i, MAX_DATE_TEXT_CHARS)
        )
        if parsed is not None:
            return parsed.iso, DOM
    # Then a short element named for a date ("time-rubric", "post-date", "datum") that
    # shows one, anywhere outside comments, sidebars and teasers: the headline the scan
    # started from may be a section heading, not the article's.
    for node in tree.parser.css(_DATE_NAMED):
        i = tree.index(node)
        if i is None or not 5 < tree.text_chars[i] <= MAX_DATE_TEXT_CHARS or regions.skipped(i):
            continue
        if _NOT_PUBLISHED_CUE.search(_cue(node).lower()):
            continue
        parsed = _shown_date(tree.text(i), month_first)
        if parsed is not None:
            return parsed.iso, DOM
    # The date of the latest version is the date of the version we have.
    modified = min(page.modified, key=lambda item: item[0], default=None)
    if modified is not None:
        return modified[1].iso, modified[2]
    # A publication date named in the page's inline data (a JavaScript state object).
    budget = MAX_SCRIPT_CHARS
    for node in tree.parser.css("script:not([src])"):
        text = node.text(deep=True)[:budget]
        budget -= len(text)
        if budget <= 0:
            break
        match = _SCRIPT_PUBLISHED.search(text)
        if match:
            parsed = parse_machine_date(match[1])
            if parsed is not None:
                return parsed.iso, DOM
    # A date the head's title or description names ("Notizia del 14 Gennaio 2020").
    for name in ("html_title", "description"):
        for value, source in page.values.get(name)[:1]:
            parsed = find_text_date(value)
            if parsed is not None:
                return parsed.iso, source
    return None, ""


# -- other fields --------------------------------------------------------------------------


def _normalise_language(raw: str) -> str | None:
    raw = raw.strip().replace("_", "-").split(",")[0].split(";")[0].strip()
    if not _BCP47.match(raw) or raw.lower() in ("x-default", "und", "mul", "zxx"):
        return None
    parts = raw.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2:
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def _choose_language(page: _Page, title: str | None) -> tuple[str | None, str]:
    candidates: list[tuple[str, str]] = []
    if page.html_lang:
        candidates.append((page.html_lang, DOM))
    candidates.extend(page.values.get("language"))
    declared = [(tag, source) for raw, source in candidates if (tag := _normalise_language(raw))]
    if declared:
        language, source = declared[0]
        primary = language.split("-")[0]
        # The most specific declaration that agrees: <html lang="en"> with og:locale en_US
        # gives en-US.
        for tag, other in declared[1:]:
            if tag.split("-")[0] == primary and tag.count("-") > language.count("-"):
                language, source = tag, other
        return language, source
    sample = " ".join(v for v in (title, *(d for d, _ in page.values.get("description")[:1])) if v)
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return None, ""
    for pattern, language in _SCRIPT_LANGUAGES:
        if len(pattern.findall(sample)) >= max(1, _SCRIPT_SHARE * len(letters)):
            return language, TEXT
    return None, ""


def _license(raw: str | None) -> str | None:
    if not raw:
        return None
    match = _LICENSE_CC.search(raw)
    if match:
        kind = match[1] or match[2]
        if kind == "zero":
            return f"CC0 {match[3]}"
        if kind == "mark":
            return "Public Domain Mark"
        return f"CC {kind.upper()} {match[3]}"
    return raw


def _choose_tags(values: _Values) -> tuple[str, ...]:
    """Keywords, unless they repeat themselves (stuffing, not tagging)."""
    raw = [v for v, _ in values.get("tag")]
    unique = tuple(dict.fromkeys(raw))
    if len(raw) - len(unique) >= MIN_TAG_REPEATS_FOR_STUFFING and _repeats_within_source(values):
        return ()
    return unique[:MAX_TAGS]


def _repeats_within_source(values: _Values) -> bool:
    """The same keyword twice from one source (JSON-LD repeating the meta is not stuffing)."""
    by_source: dict[str, list[str]] = {}
    for value, source in values.get("tag"):
        by_source.setdefault(source, []).append(value)
    return any(
        len(items) - len(set(items)) >= MIN_TAG_REPEATS_FOR_STUFFING for items in by_source.values()
    )


def _in_noscript(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "noscript":
            return True
        parent = parent.parent
    return False


class _Rejector:
    """Whether a value is a keyword list or a spam-hijacked field, not a real value."""

    def __init__(self, lexicon: Lexicon, tree: PageTree) -> None:
        self.lexicon = lexicon
        self._tree = tree
        self._page_words: Counter[str] | None = None

    def page_words(self) -> Counter[str]:
        """The page's prose vocabulary, read only for values that are keyword lists."""
        if self._page_words is None:
            self._page_words = page_vocabulary(self._tree)
        return self._page_words

    def __call__(self, value: str, *, title: bool = False) -> bool:
        """``title``: the value must also be about the page (a keyword list of other
        topics is a hijack, whatever its words); other fields may list site-wide topics."""
        words = self.page_words if title else None
        return (
            keyword_list_evidence(value) is not None
            or hijacked_head_evidence(value, self.lexicon, words) is not None
        )
