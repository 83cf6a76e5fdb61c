"""The site's name: what a site calls itself, and how it is told from a headline.

``Site`` holds the names the page gives itself (``og:site_name``, JSON-LD publisher or
WebSite, ``application-name``, a heading linking to the home page) and the host's name; the
title chooser asks it whether a title part names the site and cuts those parts off.

When no structured source names the site, :func:`site_name_fallback` reads it from what the
page shows, in this order of trust (the source recorded in ``Metadata.sources`` in
brackets):

1. the part of the head ``<title>`` (or ``og:title``) set apart from the headline
   by a separator: "Headline - The New York Times", "雷鋒網 | Headline", "Headline | Section
   | Site" (the part farthest from the headline) (``meta``, where ``<title>`` belongs);
2. the ``alt`` text of the site's logo image (an image in a logo-named element or
   link, or with "logo" in its class, id or file name), with a trailing "logo" cut off
   (``dom``);
3. the host name ("www.example.com"), as trafilatura does (``url``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import regex

from .dom import PageTree

__all__ = ["Site", "host_label", "name_key", "rejoin", "site_name_fallback"]

# A title part holding the host's name ("DimidoBlog" on dimido.de) is the site's name when it
# is at most this much longer; the bound keeps "Tesla Model 3 review" off tesla.com's list.
SITE_LABEL_SLACK = 16
MIN_HOST_LABEL = 4
_STRONG_SEPARATORS = regex.compile(
    r"\s+[|｜\-–—•·»«›‹/~]\s+|\s*[|｜»›]\s*|\s+::\s+|:\s+(?=\p{Lu})(?<=^[^:\s]{2,30}:\s+)"
)
_BREADCRUMB_SEPARATOR = regex.compile(r"\s*[»›>]\s*|\s+::\s+|\s+/\s+")
_BAR_SEPARATOR = regex.compile(r"\s*[|｜]\s*")
# A site name cut off a title must be set apart: "Site - Headline", "Site: Headline", not
# "Site-Headline" (a compound word).
_TRAILING_SEPARATOR = regex.compile(r"(?:\s*[|｜»«›‹]|\s[\-–—•·:/~]|\s::)\s*$")
_LEADING_SEPARATOR = regex.compile(r"^(?:\s*[|｜»«›‹:]|\s*::|\s+[\-–—•·/~])\s+")
_KEY_DROP = regex.compile(r"[^\p{L}\p{N}]+")


def name_key(text: str) -> str:
    """Comparison key: case, punctuation, quotes, spaces and soft hyphens do not count."""
    return _KEY_DROP.sub("", text.casefold())


def host_label(url: str | None) -> str:
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
    return name_key(labels[-1]) if labels else ""


class Site:
    """What the site calls itself (``og:site_name``, publisher, application name) and its
    host, to tell a site's name from a headline and to cut it off titles."""

    def __init__(self, names: list[str], url: str | None) -> None:
        self.names = sorted({n for n in names if len(n) >= 2}, key=len, reverse=True)
        self.keys = {name_key(n) for n in self.names} - {""}
        self.host = host_label(url)
        self.stripped: dict[str, str] = {}

    def add(self, name: str) -> None:
        if len(name) >= 2 and name not in self.names:
            self.names.append(name)
            self.names.sort(key=len, reverse=True)
            self.keys.add(name_key(name))
            self.stripped.clear()

    def like(self, text: str) -> bool:
        """The text is the site's name (or its host name with a word or two more)."""
        key = name_key(text)
        if not key or key in self.keys:
            return True
        if len(self.host) >= MIN_HOST_LABEL and self.host in key:
            return len(key) <= len(self.host) + SITE_LABEL_SLACK
        return False

    def trim(self, title: str) -> str:
        """Only the parts that name the site cut off: 'Headline | Site' → 'Headline'."""
        parts = [p.strip() for p in _STRONG_SEPARATORS.split(title)]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            return title
        while len(parts) > 1 and self.like(parts[-1]):
            parts.pop()
        while len(parts) > 1 and self.like(parts[0]):
            parts.pop(0)
        return rejoin(title, parts)

    def strip(self, title: str) -> str:
        """'Headline | Site' → 'Headline', 'Site » Section » Headline' → 'Headline'."""
        result = self.stripped.get(title)
        if result is None:
            result = self.stripped[title] = self._strip(title)
        return result

    def _strip(self, title: str) -> str:
        folded = title.casefold()
        for name in self.names:
            # The site's name as written, even when it holds a separator itself
            # ("Mady Morrison - Yoga Lifestyle").
            cut = name.casefold()
            if folded.endswith(cut) and len(cut) < len(folded):
                head = title[: len(title) - len(cut)]
                if _TRAILING_SEPARATOR.search(head):
                    title = _TRAILING_SEPARATOR.sub("", head)
                    folded = title.casefold()
            elif folded.startswith(cut) and len(cut) < len(folded):
                tail = title[len(cut) :]
                if _LEADING_SEPARATOR.match(tail):
                    title = _LEADING_SEPARATOR.sub("", tail)
                    folded = title.casefold()
        parts = [p.strip() for p in _STRONG_SEPARATORS.split(title)]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            return title.strip()
        while len(parts) > 1 and self.like(parts[-1]):
            parts.pop()
        while len(parts) > 1 and self.like(parts[0]):
            parts.pop(0)
        if len(parts) == 1:
            return parts[0]
        kept = rejoin(title, parts)
        if _BREADCRUMB_SEPARATOR.search(kept):
            # "Section » Subsection » Headline": the most specific part comes last.
            return _BREADCRUMB_SEPARATOR.split(kept)[-1].strip()
        if _BAR_SEPARATOR.search(kept):
            # "Headline | Section | Site": the bar sets the headline apart first.
            return _BAR_SEPARATOR.split(kept)[0].strip()
        return kept


def rejoin(title: str, parts: list[str]) -> str:
    """The stretch of ``title`` from the first to the last kept part, separators included."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1])
    if start < 0 or end < 0 or end < start:
        return " ".join(parts)
    return title[start : end + len(parts[-1])].strip()


# A site name is short: a title part longer than this is a headline or a tagline.
MAX_SITE_NAME_CHARS = 60
MAX_SITE_NAME_WORDS = 7
_LOGO_IMAGES = (
    "[class*=logo i] img[alt], [id*=logo i] img[alt], img[alt][class*=logo i], "
    "img[alt][id*=logo i], img[alt][src*=logo i], a[rel~=home] img[alt]"
)
_LOGO_WORD = regex.compile(
    r"[\s\-–—|:]*(?:\b(?:logo|logotype|logotipo|logotyp|home|startseite|homepage)\b|ロゴ|标志|標誌)"
    r"[\s\-–—|:]*",
    regex.IGNORECASE,
)


# Title parts that are not the site: an author ("by Jane"), a page number ("Seite 34").
_NOT_SITE = regex.compile(
    r"^(?:by|von|par|por|door|di)\s|^(?:page|seite|página|pagina|strona|pagina)\s*\d|[:,]$",
    regex.IGNORECASE,
)
# The separators that set a site's name apart in a title (no colon: "Topic: Headline").
_SITE_SEPARATORS = regex.compile(r"\s+[|｜\-–—•·»«›‹/~]\s+|\s*[|｜»›]\s*|\s+::\s+")


def _plausible(name: str) -> bool:
    if not 2 <= len(name) <= MAX_SITE_NAME_CHARS or len(name.split()) > MAX_SITE_NAME_WORDS:
        return False
    if _NOT_SITE.search(name):
        return False
    return regex.search(r"\p{L}", name) is not None


def _from_title(heads: list[str], title: str | None, site: Site) -> str | None:
    """The part of a head title that is not the headline: its first or last part."""
    headline = name_key(title or "")
    for head in heads:
        parts = [p.strip() for p in _SITE_SEPARATORS.split(head)]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            continue
        first, last = name_key(parts[0]), name_key(parts[-1])
        if headline and headline in first:
            candidate = parts[-1]
        elif headline and headline in last:
            candidate = parts[0]
        elif site.like(parts[-1]):
            candidate = parts[-1]
        elif site.like(parts[0]):
            candidate = parts[0]
        else:
            continue
        if _plausible(candidate) and name_key(candidate) != headline:
            return candidate
    return None


def _from_logo(tree: PageTree) -> str | None:
    for node in tree.parser.css(_LOGO_IMAGES):
        alt = " ".join((node.attributes.get("alt") or "").split())
        name = _LOGO_WORD.sub(" ", alt).strip(" -–—|:")
        if _plausible(name):
            return name
    return None


def site_name_fallback(
    tree: PageTree, heads: list[str], title: str | None, site: Site, url: str | None
) -> tuple[str | None, str]:
    """The site's name read from the head title, the logo or the host, and its source."""
    name = _from_title(heads, title, site)
    if name:
        return name, "meta"
    name = _from_logo(tree)
    if name:
        return name, "dom"
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        host = None
    if host and "." in host:
        return host, "url"
    return None, ""
