"""Metadata: title, authors, dates, site, language, URLs, description, image, tags, license.

Read from the parsed tree before pruning (scripts holding JSON-LD are dropped later), with a
few CSS queries evaluated in Lexbor's C code and no second parse. Every field is taken from
the most trusted source that has a clean value; ``Metadata.sources`` names it. The order of
trust, most trusted first:

1. ``json-ld``: schema.org objects in ``<script type="application/ld+json">`` (``@graph``,
   lists, nested ``author``/``publisher`` objects); the page's own article (``Article``,
   ``NewsArticle``, ``BlogPosting`` and the other subtypes) before a ``WebPage`` wrapper;
2. ``microdata``: ``itemprop`` values inside an article's ``itemscope`` (comments, reviews
   and products are skipped);
3. ``opengraph``: ``og:*`` and Twitter card values;
4. ``meta``: other ``<meta>`` names (Dublin Core ``dc.*``/``dcterms.*``, ``citation_*``,
   ``article:*``, ``parsely-*``, ``author``, ``keywords``...), ``<title>`` and ``<link>``;
5. ``dom``: the visible page, near the headline: ``<h1>``, ``<time datetime>``, bylines
   (elements with an author/byline class, ``rel=author``), dates in date-classed elements;
6. ``url``: a date in the URL path;
7. ``text``: the language guessed from the script of the title and description.

Three fields weigh the sources instead of taking the first value:

* ``title`` is the page's headline as shown: an ``<h1>`` (without its kicker line) that agrees
  with a head title is taken verbatim; otherwise the most trusted head title, with the
  " | Site Name" part removed; an ``<h1>`` alone when the head has no title;
* ``authors`` from structured data are replaced by the byline next to the headline when the
  structured value is the site or publisher itself, or a shortened/login form of the byline's
  name ("mady" → "Mady", "Todd" → "Todd Bates");
* ``date_published`` from a UTC timestamp yields to a local date from the URL or the page when
  they are one day apart (the publisher's calendar date is the one people read).

Values are normalised: titles and names are unescaped and whitespace-collapsed; names lose
"By"/"Von"/"Par" prefixes, roles, dates and "| Site" tails; dates are ISO 8601 ``YYYY-MM-DD``,
validated, not in the future; languages are BCP 47 (``en-US``). A value that is a keyword list
(a hijacked ``<title>``, description or keywords) is never returned: the next source is used
and a ``STF002 keyword-stuffed-head`` finding records the hijack.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import regex
from selectolax.lexbor import LexborNode

from .authors import MAX_AUTHORS, parse_authors
from .dates import ParsedDate, find_text_date, parse_machine_date, url_date
from .dom import PageTree
from .render import safe_url
from .result import Action, Family, Finding, Metadata
from .rules.stuffing import keyword_list_evidence

__all__ = ["extract_metadata"]

JSON_LD = "json-ld"
MICRODATA = "microdata"
OPENGRAPH = "opengraph"
META = "meta"
DOM = "dom"
URL = "url"
TEXT = "text"

# schema.org types whose object is the page's own article (lowercased, without the URL prefix).
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
        "socialmediaposting",
        "liveblogposting",
        "discussionforumposting",
        "posting",
        "satiricalarticle",
        "advertisercontentarticle",
        "review",
        "recipe",
        "howto",
        "videoobject",
        "podcastepisode",
        "event",
        "pressrelease",
        "creativework",
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
SITE_TYPES = frozenset({"website", "organization", "newsmediaorganization", "corporation"})
# Microdata scopes whose properties describe something other than the page's article.
_FOREIGN_SCOPE = regex.compile(
    r"comment|review|rating|product|offer|event|person|organization|place|breadcrumb|"
    r"listitem|imageobject|videoobject|question|answer",
    regex.IGNORECASE,
)

MAX_JSON_LD_OBJECTS = 200
MAX_H1 = 4
MAX_TAGS = 30
MAX_CATEGORIES = 10
# Keyword lists that repeat items this often are stuffed (spam corpus: the stuffed line is
# repeated two or more times in meta keywords).
MIN_TAG_REPEATS_FOR_STUFFING = 2
# Bylines and visible dates are looked for this many elements (pre-order) around the headline.
NEAR_HEADLINE_AFTER = 120
NEAR_HEADLINE_BEFORE = 40
MAX_BYLINE_CHARS = 160
MAX_DATE_TEXT_CHARS = 120
# A title segment this long (in key characters) with a separator around it is a site name
# only when it matches the site; the bound keeps "Tesla Model 3 review" off tesla.com's list.
SITE_LABEL_SLACK = 12

# One whole-document query (Lexbor evaluates it in C); bylines and visible dates are then
# looked for only among the elements near the headline.
_SELECTOR = (
    'html, meta, link[rel], title, script[type="application/ld+json" i], h1, [itemprop], '
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
        "articlesection",
        "keywords",
        "inlanguage",
        "description",
    }
)
_BYLINE_CUE = regex.compile(
    r"author|byline|autor|writer|posted-?by|submitted|verfasser|journalist|username|"
    r"zuozhe|bianji|firma|signature",
    regex.IGNORECASE,
)
_DATE_CUE = regex.compile(
    r"date|datum|time|publish|posted|fecha|dateline|meta|byline|info|subline|created|"
    r"calendar|clock",
    regex.IGNORECASE,
)
_TITLE_SEPARATORS = regex.compile(
    r"\s+[|｜\-–—•·:»«/~]\s+|\s*[|｜–—»«]\s*|\s+::\s+|\s*[\-–—]\s*(?=[\p{Lu}\d])(?<=\p{Ll}\s*[\-–—]\s*)"
    r"|(?<=\S)_(?=\S)"
)
_STRONG_SEPARATORS = regex.compile(r"\s+[|｜\-–—•·»«/~]\s+|\s*[|｜]\s*|\s+::\s+")
_KEY_DROP = regex.compile(r"[^\p{L}\p{N}]+")
_SPACES = regex.compile(r"\s+")
_KICKER_CUE = regex.compile(
    r"kicker|roof|dach|overline|over-line|topline|top-line|toptitle|top-title|eyebrow|"
    r"label|section|sub-?head|spitzmarke|rubri|categor|kategorie|flag|visually-?hidden|"
    r"sr-only|screen-?reader|aural|hidden|offscreen|\bdate\b|\btime\b|prefix|supertitle|"
    r"pretitle|pre-title|superline|vorspann|marker|badge",
    regex.IGNORECASE,
)
_SKIP_REGION = regex.compile(
    r"comment|sidebar|widget|related|recommend|teaser|newsletter|breadcrumb|cookie|promo|"
    r"footer|share|social|popular|trending|most-read|more-from|read-more|navigation|"
    r"\bnav\b|menu|advert|sponsor",
    regex.IGNORECASE,
)
_SKIP_TAGS = frozenset({"nav", "aside", "footer", "form", "select", "button", "figure"})
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
    ld_objects: list[dict[str, Any]] = field(default_factory=list)
    published: list[tuple[int, ParsedDate, str]] = field(default_factory=list)
    modified: list[tuple[int, ParsedDate, str]] = field(default_factory=list)
    authors: dict[str, list[list[str]]] = field(default_factory=dict)
    organisations: set[str] = field(default_factory=set)


def extract_metadata(tree: PageTree, url: str | None) -> tuple[Metadata, list[Finding]]:
    """All metadata fields plus findings for hijacked head fields."""
    page = _read_head_and_markup(tree)
    _read_json_ld(page)
    values = page.values
    findings: list[Finding] = []
    chosen: dict[str, str] = {}

    def first(name: str) -> str | None:
        for value, source in values.get(name):
            if keyword_list_evidence(value) is None:
                chosen[name] = source
                return value
            findings.append(_hijack_finding(name, value))
        return None

    site_name = first("site_name")
    canonical = safe_url(first("canonical_url"), url)
    host_label = _host_label(canonical or url)
    site_keys = {_key(v) for v, _ in values.get("site_name")} - {""}
    headline_node, title, title_source = _choose_title(page, site_keys, host_label, findings)
    if title:
        chosen["title"] = title_source
    language, language_source = _choose_language(page, title)
    if language:
        chosen["language"] = language_source
    month_first = language in ("en-US", "en")
    near = _scan_near_headline(tree, _anchor(tree, headline_node, page), month_first)
    authors, author_source = _choose_authors(page, near, site_keys, host_label)
    if authors:
        chosen["authors"] = author_source
    published, published_source = _choose_published(page, near, url)
    if published:
        chosen["date_published"] = published_source
    modified = min(page.modified, key=lambda item: item[0], default=None)
    if modified:
        chosen["date_modified"] = modified[2]
    description = first("description")
    image = safe_url(first("image"), canonical or url)
    license_ = _license(first("license"))
    page_type = first("page_type")
    tags = _choose_tags(values, findings)
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
    return metadata, findings


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
            page.ld_objects.extend(_json_ld_objects(node.text(deep=True)))
        elif tag == "h1":
            if len(page.h1s) < MAX_H1:
                page.h1s.append(node)
        elif tag == "html":
            lang = attributes.get("lang") or attributes.get("xml:lang")
            page.html_lang = lang.strip() if lang else None
        elif tag == "a":
            _read_rel_link(values, node, attributes)
    if page.html_title:
        values.add("html_title", page.html_title, META)
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
                page.authors.setdefault(source, []).append(names)
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


def _itemscope_type(node: LexborNode) -> str | None:
    """The itemtype of the nearest enclosing itemscope ('' when untyped, None when none)."""
    current = node.parent
    depth = 0
    while current is not None and depth < 40:
        attributes = current.attributes
        if "itemscope" in attributes:
            return attributes.get("itemtype") or ""
        current = current.parent
        depth += 1
    return None


def _microdata_value(node: LexborNode, attributes: dict[str, str | None]) -> str:
    for name in ("content", "datetime"):
        value = attributes.get(name)
        if value:
            return value
    return node.text(deep=True, separator=" ")


def _read_microdata(page: _Page, node: LexborNode, itemprop: str) -> None:
    scope = _itemscope_type(node)
    if scope and _FOREIGN_SCOPE.search(scope.rsplit("/", 1)[-1]):
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
                page.authors.setdefault(MICRODATA, []).append(names)
    for prop, target, rank in (
        ("datepublished", page.published, 20),
        ("datecreated", page.published, 21),
        ("datemodified", page.modified, 20),
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


def _json_ld_objects(raw: str) -> Iterator[dict[str, Any]]:
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw[4:].removesuffix("-->")
    if raw.startswith("//<![CDATA["):
        raw = raw[11:].removesuffix("//]]>")
    try:
        data = json.loads(raw, strict=False)
    except (ValueError, RecursionError):
        return
    stack: list[Any] = [data]
    seen = 0
    while stack and seen < MAX_JSON_LD_OBJECTS:
        item = stack.pop()
        seen += 1
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            graph = item.get("@graph")
            if graph is not None:
                stack.append(graph)
            main = item.get("mainEntity")
            if isinstance(main, (dict, list)):
                stack.append(main)
            yield item


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type", "")
    items = raw if isinstance(raw, list) else [raw]
    return {str(t).lower().rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in items}


def _ld_names(value: Any, organisations: set[str] | None = None) -> list[str]:
    """Names in an author/publisher value: strings, objects with ``name`` or given and
    family names, lists of either."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, dict):
            name = name.get("name") or name.get("@value")
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        if not isinstance(name, str):
            parts = [value.get(k) for k in ("givenName", "additionalName", "familyName")]
            name = " ".join(p for p in parts if isinstance(p, str))
        if name and organisations is not None and _types(value) & SITE_TYPES:
            organisations.add(_key(name))
        return [name] if name else []
    if isinstance(value, list):
        return [n for item in value for n in _ld_names(item, organisations)]
    return []


def _ld_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("url", "@id", "contentUrl", "name", "@value"):
            inner = value.get(key)
            if isinstance(inner, str):
                return inner
    if isinstance(value, list) and value:
        return _ld_text(value[0])
    return None


def _read_json_ld(page: _Page) -> None:
    values = page.values
    objects = page.ld_objects
    articles = [o for o in objects if _types(o) & ARTICLE_TYPES]
    pages = [o for o in objects if _types(o) & PAGE_TYPES]
    for rank, obj in enumerate([*articles, *pages]):
        is_article = rank < len(articles)
        headline = obj.get("headline") or (obj.get("name") if is_article else None)
        values.add("ld_title", _ld_text(headline), JSON_LD)
        if is_article:
            names: list[str] = []
            for raw in _ld_names(obj.get("author"), page.organisations) or _ld_names(
                obj.get("creator"), page.organisations
            ):
                if "://" not in raw:
                    names.extend(n for n in parse_authors(raw) if n not in names)
            if names:
                page.authors.setdefault(JSON_LD, []).append(names[:MAX_AUTHORS])
        for key, target, base in (
            ("datePublished", page.published, 0),
            ("dateCreated", page.published, 5),
            ("uploadDate", page.published, 6),
            ("dateModified", page.modified, 0),
        ):
            parsed = parse_machine_date(_ld_text(obj.get(key)))
            if parsed:
                target.append((base + (0 if is_article else 10), parsed, JSON_LD))
        values.add("description", _ld_text(obj.get("description")), JSON_LD)
        values.add("language", _ld_text(obj.get("inLanguage")), JSON_LD)
        for name in _ld_names(obj.get("publisher"), page.organisations):
            values.add("site_name", name, JSON_LD)
            page.organisations.add(_key(name))
        values.add("image", _ld_text(obj.get("image") or obj.get("thumbnailUrl")), JSON_LD)
        values.add("canonical_url", _ld_text(obj.get("mainEntityOfPage")), JSON_LD)
        values.add("license", _ld_text(obj.get("license")), JSON_LD)
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
        if _types(obj) & SITE_TYPES:
            for name in _ld_names(obj):
                values.add("site_name", name, JSON_LD)
                page.organisations.add(_key(name))
    # JSON-LD values outrank the head's: move them to the front of each list.
    for name in ("site_name", "description", "language", "image", "canonical_url", "license"):
        items = values.values.get(name)
        if items:
            items.sort(key=lambda item: item[1] != JSON_LD)
    page_types = values.values.get("page_type")
    if page_types:
        page_types.sort(key=lambda item: item[1] != JSON_LD)


# -- title ---------------------------------------------------------------------------------


def _key(text: str) -> str:
    """Comparison key: case, punctuation, quotes, spaces and soft hyphens do not count."""
    return _KEY_DROP.sub("", text.casefold())


def _host_label(url: str | None) -> str:
    """'www.example-news.co.uk' → 'examplenews': the registrable label, as a key."""
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    labels = [p for p in host.split(".") if p not in ("www", "m", "amp", "mobile")]
    while len(labels) > 1 and (len(labels[-1]) <= 3 or labels[-1] in ("com", "org", "net")):
        labels.pop()
    return _key(labels[-1]) if labels else ""


def _site_like(text: str, site_keys: set[str], host_label: str) -> bool:
    key = _key(text)
    if not key:
        return True
    if key in site_keys:
        return True
    if len(host_label) >= 4 and host_label in key:
        return len(key) <= len(host_label) + SITE_LABEL_SLACK
    return any(len(s) >= 4 and key == s for s in site_keys)


def _segments(title: str) -> list[str]:
    return [p.strip() for p in _TITLE_SEPARATORS.split(title) if p and p.strip()]


def _strip_site(title: str, site_keys: set[str], host_label: str) -> str:
    """'Headline | Site' → 'Headline'; 'Site - Section - Headline' → 'Headline'."""
    parts = [p.strip() for p in _STRONG_SEPARATORS.split(title)]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return title
    while len(parts) > 1 and _site_like(parts[-1], site_keys, host_label):
        parts.pop()
    while len(parts) > 1 and _site_like(parts[0], site_keys, host_label):
        parts.pop(0)
    if len(parts) == 1:
        return parts[0]
    # No part names the site: a short last part after a bar is a site name all the same.
    bar = regex.search(r"\s*[|｜]\s*([^|｜]+)$", title)
    if bar and len(bar[1]) <= 40 and len(bar[1]) < len(title) - len(bar[0]):
        return title[: bar.start()].strip()
    return _rejoin(title, parts)


def _rejoin(title: str, parts: list[str]) -> str:
    """The stretch of ``title`` from the first to the last kept part, separators included."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1])
    if start < 0 or end < 0 or end < start:
        return " ".join(parts)
    return title[start : end + len(parts[-1])].strip()


def _node_text(node: LexborNode) -> str:
    return _clean_text(node.text(deep=True, separator=" "))


def _headline_text(node: LexborNode) -> str:
    """The headline an <h1> shows, without its kicker ("roofline", section, date) line."""
    current = node
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
        attributes = child.attributes
        cue = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
        later = children[position + 1 :]
        has_later_text = any(
            (c.tag == "-text" and (c.text_content or "").strip())
            or (c.tag not in ("-text", "br") and c.text(deep=True).strip())
            for c in later
        )
        followed_by_break = bool(later) and later[0].tag == "br"
        if has_later_text and (
            _KICKER_CUE.search(cue) or tag == "small" or (position == 0 and followed_by_break)
        ):
            dropped = True
            continue
        if not has_later_text and _KICKER_CUE.search(cue) and "hidden" in cue.lower():
            continue
        kept.append(text)
    headline = _clean_text(" ".join(kept))
    return headline if (dropped and headline) else (headline or _node_text(node))


def _is_logo(node: LexborNode, text: str, site_keys: set[str], host_label: str) -> bool:
    attributes = node.attributes
    cue = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    if _LOGO_CUE.search(cue):
        return True
    link = node.css_first("a[href]")
    if link is not None and _clean_text(link.text(deep=True)) == text:
        href = (link.attributes.get("href") or "").strip()
        if href in ("/", "./", "#", "") or regex.fullmatch(r"https?://[^/]+/?", href):
            return True
        if _LOGO_CUE.search(f"{link.attributes.get('class') or ''}"):
            return True
    return _site_like(text, site_keys, host_label)


def _choose_title(
    page: _Page, site_keys: set[str], host_label: str, findings: list[Finding]
) -> tuple[LexborNode | None, str | None, str]:
    values = page.values
    heads: list[tuple[str, str]] = []
    for name in ("ld_title", "microdata_title", "head_title", "html_title"):
        for value, source in values.get(name):
            if keyword_list_evidence(value) is not None:
                findings.append(_hijack_finding("title", value))
                continue
            heads.append((value, source))
    headlines: list[tuple[LexborNode, str]] = []
    seen: set[int] = set()
    for node in (*page.h1s, *page.headlines):
        if node.mem_id in seen:
            continue
        seen.add(node.mem_id)
        text = _headline_text(node)
        if not text or keyword_list_evidence(text) is not None:
            continue
        if _is_logo(node, text, site_keys, host_label) and not any(
            _key(text) == _key(_strip_site(v, site_keys, host_label)) for v, _ in heads
        ):
            continue
        headlines.append((node, text))
    head_keys = [
        (value, source, _key(value), _key(_strip_site(value, site_keys, host_label)))
        for value, source in heads
    ]
    # 1. A visible headline that agrees with a head title, in its own wording.
    for node, text in headlines:
        key = _key(text)
        if not key:
            continue
        for value, _source, whole, stripped in head_keys:
            if key in (whole, stripped) or key in {_key(s) for s in _segments(value)}:
                return node, text, DOM
    # 2. A head title that is one part of a headline ("Kicker / Headline").
    for node, text in headlines:
        parts = {_key(s) for s in _segments(text)}
        for value, source, _whole, stripped in head_keys:
            if stripped and stripped in parts:
                return node, _strip_site(value, site_keys, host_label), source
    # 3. The most trusted head title that is not just the site's name.
    for value, source, _whole, stripped in head_keys:
        if stripped and not _site_like(value, site_keys, host_label):
            title = _strip_site(value, site_keys, host_label)
            node = headlines[0][0] if headlines else None
            return node, title, source
    # 4. A headline alone, or whatever the head has.
    if headlines:
        return headlines[0][0], headlines[0][1], DOM
    if heads:
        return None, _strip_site(heads[0][0], site_keys, host_label), heads[0][1]
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
    """Whether an element sits in comments, sidebars, navigation or other furniture."""

    def __init__(self, tree: PageTree) -> None:
        self.tree = tree
        self.cache: dict[int, bool] = {}

    def skipped(self, i: int) -> bool:
        tree = self.tree
        path: list[int] = []
        result = False
        current = i
        while current >= 0:
            cached = self.cache.get(current)
            if cached is not None:
                result = cached
                break
            path.append(current)
            if tree.tags[current] in _SKIP_TAGS or _SKIP_REGION.search(tree.class_and_id(current)):
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


def _scan_near_headline(tree: PageTree, anchor: int | None, month_first: bool) -> _Near:
    """Bylines and visible dates among the elements around the headline.

    Only a window of elements (pre-order) is visited, and only those with a little text:
    containers are skipped, their children are in the window too. An element counts when
    its class/id names an author or a date (``byline``, ``author``, ``date``, ``meta``...), it
    is a ``<time>``, it has ``rel=author``, or its own text starts "By ..."/"Von ..." or holds
    a date (weaker: used only when no marked element has one).
    """
    near = _Near()
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
    regions = _Regions(tree)
    tags, text_chars, own_chars, nodes = tree.tags, tree.text_chars, tree.own_chars, tree.nodes
    for i in range(low, high):
        chars = text_chars[i]
        tag = tags[i]
        if chars == 0 and tag != "time":
            continue
        if chars > MAX_BYLINE_CHARS and tag != "time":
            continue
        distance = i - anchor_at if i >= anchor_at else 2 * (anchor_at - i)
        node = nodes[i]
        attributes = node.attributes
        cue = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
        itemprop = (attributes.get("itemprop") or "").lower()
        rel = (attributes.get("rel") or "").lower()
        is_byline = (
            "author" in rel
            or "author" in itemprop
            or tag == "address"
            or bool(_BYLINE_CUE.search(cue))
        )
        is_date = tag == "time" or "date" in itemprop or bool(_DATE_CUE.search(cue))
        if not (is_byline or is_date or own_chars[i]):
            continue
        if regions.skipped(i):
            continue
        if is_byline and 2 < chars:
            names = _byline_names(tree, i)
            if names:
                near.bylines.append((distance, names))
        if is_date:
            parsed = None
            if tag == "time" or "date" in itemprop:
                parsed = parse_machine_date(
                    attributes.get("datetime") or attributes.get("content") or ""
                )
            if parsed is None and 5 < chars <= MAX_DATE_TEXT_CHARS:
                parsed = find_text_date(tree.text(i), month_first=month_first)
            if parsed is not None:
                near.dates.append((distance, parsed))
                continue
        if own_chars[i] and not is_byline and chars <= MAX_DATE_TEXT_CHARS:
            text = tree.text(i)
            if _BYLINE_START.match(text):
                names = parse_authors(text)
                if names:
                    near.text_bylines.append((distance, names))
            elif i > anchor_at:
                parsed = find_text_date(node.text(deep=False), month_first=month_first)
                if parsed is not None:
                    near.text_dates.append((distance, parsed))
    for found in (near.bylines, near.text_bylines, near.dates, near.text_dates):
        found.sort(key=lambda item: item[0])
    return near


def _byline_names(tree: PageTree, i: int) -> list[str]:
    node = tree.nodes[i]
    name = node.css_first("[itemprop~=name i]")
    if name is not None:
        return parse_authors(_node_text(name))
    text = node.text(deep=True, separator="\n")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    joined = _clean_text(" ".join(lines))
    names = parse_authors(joined)
    if names and len(" ".join(names)) >= 0.4 * len(joined):
        return names
    # "By\nJane Doe\nJan 5" or an avatar caption: the first line that is a name.
    for line in lines[:4]:
        names = parse_authors(line)
        if names and len(" ".join(names)) >= 0.6 * len(_clean_text(line)):
            return names
    return []


def _choose_authors(
    page: _Page, near: _Near, site_keys: set[str], host_label: str
) -> tuple[list[str], str]:
    structured: list[str] = []
    source = ""
    for candidate in (JSON_LD, MICRODATA, OPENGRAPH, META):
        for names in page.authors.get(candidate, []):
            for name in names:
                if name not in structured:
                    structured.append(name)
        if structured:
            source = candidate
            break
    publishers = site_keys | page.organisations

    def is_site(name: str) -> bool:
        return _key(name) in publishers or _site_like(name, site_keys, host_label)

    if structured and not all(is_site(n) for n in structured) and not _refinable(structured):
        return structured[:MAX_AUTHORS], source
    found = near.bylines or near.text_bylines
    byline = found[0][1] if found else []
    byline = [n for n in byline if not is_site(n)] or byline
    if byline and (
        not structured or all(is_site(n) for n in structured) or _refines(byline, structured)
    ):
        return byline[:MAX_AUTHORS], DOM
    return structured[:MAX_AUTHORS], source


def _refinable(names: list[str]) -> bool:
    """A login-like or first-name-only value a visible byline may spell out."""
    return len(names) == 1 and (" " not in names[0] or names[0].islower())


def _refines(byline: list[str], structured: list[str]) -> bool:
    if not _refinable(structured):
        return False
    short = _key(structured[0])
    return any(short and short in _key(name) for name in byline)


def _choose_published(page: _Page, near: _Near, url: str | None) -> tuple[str | None, str]:
    structured = sorted(page.published, key=lambda item: item[0])
    from_url = url_date(url)
    visible = near.dates[0][1] if near.dates else None
    if structured:
        _, best, source = structured[0]
        for local, local_source in ((from_url, URL), (visible, DOM)):
            if local is not None and best.utc and abs((local.value - best.value).days) == 1:
                return local.iso, local_source
        return best.iso, source
    if from_url is not None:
        return from_url.iso, URL
    if visible is not None:
        return visible.iso, DOM
    if near.text_dates:
        return near.text_dates[0][1].iso, DOM
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
    for raw, source in candidates:
        language = _normalise_language(raw)
        if language:
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


def _choose_tags(values: _Values, findings: list[Finding]) -> tuple[str, ...]:
    """Keywords, unless they repeat themselves (stuffing, not tagging)."""
    raw = [v for v, _ in values.get("tag")]
    unique = tuple(dict.fromkeys(raw))
    if len(raw) - len(unique) >= MIN_TAG_REPEATS_FOR_STUFFING and _repeats_within_source(values):
        findings.append(_hijack_finding("keywords", ",".join(raw)))
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


def _hijack_finding(name: str, value: str) -> Finding:
    evidence = keyword_list_evidence(value) or {}
    return Finding(
        code="STF002",
        rule="keyword-stuffed-head",
        family=Family.STUFFING,
        action=Action.DROP,
        path=f"head/{name}",
        snippet=value[:80],
        message=f"{name} is a keyword list, not a {name}; the next source is used",
        evidence=dict(evidence),
        spam=int(evidence.get("repeats", 0)) >= 2,
    )
