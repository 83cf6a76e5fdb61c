"""Metadata: title, authors, dates, site, language, canonical URL, description, image, tags.

Read from the parsed tree before pruning (scripts holding JSON-LD are dropped later), in a
documented order of trust: JSON-LD, then OpenGraph/Twitter, then ``<meta>``, then the DOM,
then the URL. A value that is a keyword list (a hijacked ``<title>`` or description) is
never returned: the next source is used and a finding records the hijack.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

import regex

from .dom import PageTree
from .render import safe_url
from .result import Action, Family, Finding, Metadata
from .rules.stuffing import keyword_list_evidence

__all__ = ["extract_metadata"]

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "scholarlyarticle",
        "techarticle",
        "report",
        "socialmediaposting",
        "liveblogposting",
        "posting",
        "medicalscholarlyarticle",
        "satiricalarticle",
        "advertisercontentarticle",
        "webpage",
        "review",
        "recipe",
        "howto",
    }
)
_TITLE_SEPARATORS = regex.compile(r"\s+[|\-–—•·:»«/]\s+|\s*[|｜–—]\s*|\s+::\s+|_")
_BYLINE_PREFIX = regex.compile(
    r"^\s*(?:by|von|par|por|door|di|av|af|przez|от|автор)\s*[:\-]?\s+", regex.IGNORECASE
)
_DATE_IN_URL = regex.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[^\d])")
_ISO_DATE = regex.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
# Keyword lists that repeat items this often are stuffed (spam corpus: the stuffed line
# is repeated two or more times in meta keywords).
MIN_TAG_REPEATS_FOR_STUFFING = 2
MAX_TAGS = 30
_META_SELECTOR = (
    "html, head meta, head link[rel], head title, meta[itemprop], "
    'script[type="application/ld+json" i], h1'
)
_DATE_META = (
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "og:published_time",
    "article.published",
    "published_time",
    "publication_date",
    "release_date",
    "originalpublicationdate",
)
_MODIFIED_META = (
    "article:modified_time",
    "datemodified",
    "og:updated_time",
    "lastmod",
    "dcterms.modified",
    "last-modified",
)
_AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "citation_author",
    "parsely-author",
    "sailthru.author",
    "byl",
    "dcterms.creator",
    "twitter:creator",
)


@dataclass(slots=True)
class _Sources:
    """Raw values by field, each with its source, in order of trust."""

    values: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, name: str, value: Any, source: str) -> None:
        if isinstance(value, str):
            value = " ".join(value.split())
            if value:
                self.values.setdefault(name, []).append((value, source))

    def get(self, name: str) -> list[tuple[str, str]]:
        return self.values.get(name, [])


def extract_metadata(tree: PageTree, url: str | None) -> tuple[Metadata, list[Finding]]:
    """All metadata fields plus findings for hijacked head fields."""
    sources = _Sources()
    findings: list[Finding] = []
    h1s: list[str] = []
    html_lang = None
    ld_objects: list[dict[str, Any]] = []
    for node in tree.parser.css(_META_SELECTOR):
        tag = node.tag
        attributes = node.attributes
        if tag == "meta":
            key = (
                attributes.get("property")
                or attributes.get("name")
                or attributes.get("itemprop")
                or attributes.get("http-equiv")
                or ""
            )
            _add_meta(sources, key.strip().lower(), attributes.get("content") or "")
        elif tag == "title":
            sources.add("html_title", node.text(deep=True), "meta")
        elif tag == "link":
            rel = (attributes.get("rel") or "").lower().split()
            if "canonical" in rel:
                sources.add("canonical", attributes.get("href") or "", "meta")
        elif tag == "script":
            ld_objects.extend(_json_ld_objects(node.text(deep=True)))
        elif tag == "h1" and len(h1s) < 3:
            h1s.append(" ".join(node.text(deep=True).split()))
        elif tag == "html":
            html_lang = attributes.get("lang") or attributes.get("xml:lang")
    _add_json_ld(sources, ld_objects)
    for h1 in h1s:
        sources.add("h1", h1, "dom")

    title, title_source = _choose_title(sources, findings, tree)
    authors, author_source = _choose_authors(sources)
    published, published_source = _choose_date(sources, "published", url)
    modified, _ = _choose_date(sources, "modified", None)
    chosen: dict[str, str] = {}

    def first(name: str) -> str | None:
        for value, source in sources.get(name):
            if keyword_list_evidence(value) is None:
                chosen[name] = source
                return value
            findings.append(_hijack_finding(name, value))
        return None

    description = first("description")
    site_name = first("site_name")
    canonical = safe_url(first("canonical"), url)
    image = safe_url(first("image"), url)
    language = first("language") or (html_lang.strip() if html_lang else None)
    if language and "language" not in chosen:
        chosen["language"] = "dom"
    tags = _choose_tags(sources, findings)
    for name, value, source in (
        ("title", title, title_source),
        ("authors", authors, author_source),
        ("date_published", published, published_source),
    ):
        if value:
            chosen[name] = source
    metadata = Metadata(
        title=title,
        authors=tuple(authors),
        date_published=published,
        date_modified=modified,
        site_name=site_name,
        description=description,
        language=language,
        canonical_url=canonical,
        image=image,
        tags=tags,
        sources={("canonical_url" if k == "canonical" else k): v for k, v in chosen.items()},
    )
    return metadata, findings


def _add_meta(sources: _Sources, key: str, content: str) -> None:
    if key in ("og:title", "twitter:title"):
        sources.add("og_title", content, "opengraph")
    elif key in ("description", "og:description", "twitter:description", "dc.description"):
        sources.add("description", content, "meta" if key == "description" else "opengraph")
    elif key == "og:site_name" or key == "application-name":
        sources.add("site_name", content, "opengraph")
    elif key in ("og:image", "twitter:image", "twitter:image:src"):
        sources.add("image", content, "opengraph")
    elif key == "og:url":
        sources.add("canonical", content, "opengraph")
    elif key in ("content-language", "og:locale", "dc.language", "language"):
        sources.add("language", content.replace("_", "-"), "meta")
    elif key in ("keywords", "news_keywords", "article:tag"):
        for part in regex.split(r"[,;，、]", content):
            sources.add("tag", part, "meta")
    elif key in _AUTHOR_META:
        sources.add("author", content, "meta")
    elif key in _DATE_META:
        sources.add("published", content, "meta")
    elif key in _MODIFIED_META:
        sources.add("modified", content, "meta")


def _json_ld_objects(raw: str) -> Iterator[dict[str, Any]]:
    try:
        data = json.loads(raw.strip().removeprefix("<!--").removesuffix("-->"), strict=False)
    except (ValueError, RecursionError):
        return
    stack: list[Any] = [data]
    seen = 0
    while stack and seen < 200:
        item = stack.pop()
        seen += 1
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "@graph" in item:
                stack.append(item["@graph"])
            yield item


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type", "")
    items = raw if isinstance(raw, list) else [raw]
    return {str(t).lower().rsplit("/", 1)[-1] for t in items}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _add_json_ld(sources: _Sources, objects: list[dict[str, Any]]) -> None:
    articles = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    # A page's own article outranks the WebPage that wraps it.
    articles.sort(key=lambda o: "webpage" in _types(o))
    for obj in articles:
        sources.add("ld_title", obj.get("headline") or obj.get("name"), "json-ld")
        for name in _names(obj.get("author")):
            sources.add("ld_author", name, "json-ld")
        sources.add("published", obj.get("datePublished") or obj.get("dateCreated"), "json-ld")
        sources.add("modified", obj.get("dateModified"), "json-ld")
        sources.add("description", obj.get("description"), "json-ld")
        sources.add("language", obj.get("inLanguage"), "json-ld")
        for name in _names(obj.get("publisher")):
            sources.add("site_name", name, "json-ld")
        image = obj.get("image")
        if isinstance(image, dict):
            image = image.get("url")
        elif isinstance(image, list) and image:
            image = image[0] if isinstance(image[0], str) else (image[0] or {}).get("url")
        sources.add("image", image, "json-ld")
        keywords = obj.get("keywords")
        if isinstance(keywords, str):
            keywords = regex.split(r"[,;]", keywords)
        if isinstance(keywords, list):
            for keyword in keywords:
                sources.add("tag", keyword, "json-ld")
    for obj in objects:
        if _types(obj) & {"website", "organization", "newsmediaorganization"}:
            for name in _names(obj):
                sources.add("site_name", name, "json-ld")


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


def _strip_site_suffix(title: str, site_name: str | None) -> str:
    """'Headline | Site' → 'Headline': keep the longest part between separators."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if site_name:
        parts = [p for p in parts if p.lower() != site_name.lower()] or parts
    longest = max(parts, key=len)
    return longest if len(longest) >= 0.4 * len(title) or len(parts) == 2 else title


def _choose_title(
    sources: _Sources, findings: list[Finding], tree: PageTree
) -> tuple[str | None, str]:
    site = next((v for v, _ in sources.get("site_name")), None)
    clean: list[tuple[str, str]] = []
    h1s = [v for v, _ in sources.get("h1") if keyword_list_evidence(v) is None]
    for name in ("ld_title", "og_title", "html_title", "h1"):
        for value, source in sources.get(name):
            if keyword_list_evidence(value) is not None:
                findings.append(_hijack_finding("title", value))
                # Stuffing is usually prefixed to the real title: the page's own headline,
                # if the stuffed value contains it, is the title.
                for h1 in h1s:
                    if len(h1) >= 4 and h1 in value:
                        clean.append((h1, "dom"))
                continue
            clean.append((value, source))
    if not clean:
        return None, ""
    for value, source in clean:
        if source == "dom":
            continue
        stripped = _strip_site_suffix(value, site)
        # The page's own headline agrees with the head: take the headline's exact wording.
        for h1 in h1s:
            if h1 and (h1 in value or stripped in h1):
                return h1, "dom"
        return stripped, source
    return clean[0][0], clean[0][1]


def _choose_tags(sources: _Sources, findings: list[Finding]) -> tuple[str, ...]:
    """Keywords, unless they repeat themselves (stuffing, not tagging)."""
    values = [v for v, _ in sources.get("tag")]
    unique = tuple(dict.fromkeys(values))
    if len(values) - len(unique) >= MIN_TAG_REPEATS_FOR_STUFFING:
        findings.append(_hijack_finding("keywords", ",".join(values)))
        return ()
    return unique[:MAX_TAGS]


def _clean_author(name: str) -> str | None:
    name = _BYLINE_PREFIX.sub("", name).strip(" ,;|")
    if not name or "://" in name or name.startswith("@") or len(name) > 80:
        return None
    return name


def _choose_authors(sources: _Sources) -> tuple[list[str], str]:
    for key in ("ld_author", "author"):
        names: list[str] = []
        source = ""
        for value, src in sources.get(key):
            for part in (
                regex.split(r"\s+(?:and|und|et|y|&)\s+|[,;]\s*", value)
                if key == "author"
                else [value]
            ):
                cleaned = _clean_author(part)
                if cleaned and cleaned not in names:
                    names.append(cleaned)
                    source = src
        if names:
            return names[:10], source
    return [], ""


def _normalise_date(raw: str) -> str | None:
    match = _ISO_DATE.search(raw)
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if value > datetime.now(timezone.utc).date() or year < 1990:
        return None
    return value.isoformat()


def _choose_date(sources: _Sources, key: str, url: str | None) -> tuple[str | None, str]:
    for raw, source in sources.get(key):
        value = _normalise_date(raw)
        if value:
            return value, source
    if url:
        match = _DATE_IN_URL.search(url)
        if match:
            value = _normalise_date(f"{match.group(1)}-{match.group(2)}-{match.group(3)}")
            if value:
                return value, "url"
    return None, ""
