"""What a link's target says about it: the shape of its host and URL.

Spam networks register throw-away domains by the thousand and hang random subdomains off
them (``bet-s78xk.top``, ``5e3x.avebe.cn``), link to IP addresses, or point at doorway
scripts with a numeric query (``/?id=8758``). Honest sites have names people type. None of
this needs the anchor's words. Each shape is weak on its own (``t3n.de`` is a real
magazine, cheap TLDs host honest sites): rules add the points to other evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

__all__ = ["HostShape", "host_of", "site_of", "url_shape"]

# Top-level domains sold for next to nothing, or given away, and favoured by spam networks
# (registrar price lists; Spamhaus' and Interisle's yearly reports of the most abused TLDs).
# Weak evidence: each also hosts honest sites.
CHEAP_TLDS = frozenset(
    {
        *("top", "xyz", "icu", "buzz", "cyou", "sbs", "cfd", "bond", "click", "link"),
        *("vip", "shop", "online", "site", "fun", "monster", "rest", "loan", "win", "bid"),
        *("work", "gq", "tk", "ml", "cf", "ga", "pw", "cc", "ws", "su", "live", "store"),
        *("club", "lol", "quest", "hair", "beauty", "skin", "makeup", "autos", "boats"),
    }
)
# Hosts where anyone can publish under a subdomain.
FREE_HOSTING = (
    ".blogspot.",
    ".wixsite.com",
    ".weebly.com",
    ".000webhostapp.com",
    ".webnode.",
    ".jimdosite.com",
    ".tumblr.com",
    ".wordpress.com",
    ".netlify.app",
    ".vercel.app",
    ".pages.dev",
    ".web.app",
    ".firebaseapp.com",
    ".glitch.me",
    ".strikingly.com",
    ".mystrikingly.com",
    ".ucoz.",
    ".narod.ru",
    ".sites.google.com",
)
# Hosts whose pages carry authority: spam is planted in their upload folders and forums.
_AUTHORITY_SUFFIX = regex.compile(r"\.(?:gov|edu|mil|ac|edu\.[a-z]{2}|gov\.[a-z]{2}|ac\.[a-z]{2})$")
_SPAM_POST_PATH = regex.compile(
    r"/(?:wp-content/uploads|uploads|files|tmp|cache|images)/[^?#]*\.(?:html?|php|txt|pdf)"
    r"|[?&](?:p|q|s|page|keyword|kw)=[^&#]*(?:[-+_ ]|%20)[^&#]*(?:[-+_ ]|%20)",
    regex.IGNORECASE,
)
_IP_HOST = regex.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$|^[0-9a-f:]+:[0-9a-f:]*$")
_DIGIT_RUN = regex.compile(r"\d{3,}")
_LETTER_DIGIT_SWITCH = regex.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_INNER_DIGIT = regex.compile(r"[a-z]\d+[a-z]")
# A short subdomain that starts with a digit or has one inside ("7ldu", "ir2v"); server
# names put their number at the end ("cdn1", "www2").
_SHORT_MIXED_LABEL = regex.compile(r"^(?:\d+[a-z][a-z0-9]*|[a-z]+\d+[a-z][a-z0-9]*)$")
# 'h' and 'w' join consonants in ordinary words ("schw", "ngth"), and names run initials
# together ("cbsnews", "wordpress": four in a row); five other consonants in a row
# ("gpxqq") occur in hardly any word of a Latin-script language but Polish.
_CONSONANT_RUN = regex.compile(r"[bcdfgjklmnpqrstvxz]+")
MAX_CONSONANT_RUN = 5
# A generated slug: one short lower-case path segment mixing letters and digits inside it,
# or unpronounceable ("/news/ygpxqq/", "/e6zo0t/"); words and dates do neither.
_PATH_SEGMENT = regex.compile(r"(?<=/)[a-z0-9]{5,10}(?=/|\.html?$|$)")
# A doorway script: the bare host or one short path, and a query that names an item number.
_DOORWAY_QUERY = regex.compile(r"^/?(?:index\.php|[a-z]{1,12}\.php)?\?[a-z]{1,8}=\d+$", regex.I)
# Labels with this many switches between letters and digits look generated ("s78xk",
# "666z1l"); "web2", "news24" and "t3n" switch once or twice.
MIN_RANDOM_SWITCHES = 3
MIN_RANDOM_LABEL_CHARS = 4
MIN_CONSONANT_LABEL_CHARS = 5
# Subdomain chains deeper than this are generated (a.b.c.d.example.com).
MAX_ORDINARY_LABELS = 4


@dataclass(frozen=True, slots=True)
class HostShape:
    """Points for the shapes found in a URL, and their names (``random-label``, ...)."""

    points: int
    reasons: tuple[str, ...]

    @property
    def generated(self) -> bool:
        """A host a network generated: a random label, an IP, punycode, a subdomain chain, a
        doorway script, or two weak shapes together. One weak shape alone (free hosting, a
        cheap TLD, a digit run, an ID-like path) is common on honest links: blogrolls, radio
        stations ("105fm"), video and profile pages."""
        return self.points >= 2 or not _WEAK_SHAPES.issuperset(self.reasons)


_WEAK_SHAPES = frozenset({"free-hosting", "cheap-tld", "digit-run", "random-path"})
_NO_SHAPE = HostShape(0, ())


def host_of(url: str | None) -> str:
    """The host of an absolute URL, lower-cased; '' for relative ones.

    Split by hand: urlsplit costs ten times more and links are checked by the thousand.
    """
    if not url or "//" not in url[:12]:
        return ""
    rest = url.strip().split("//", 1)[1]
    for stop in "/?#":
        rest = rest.split(stop, 1)[0]
    host = rest.rsplit("@", 1)[-1]
    if host.startswith("["):  # IPv6 literal
        return host.split("]", 1)[0].lstrip("[").lower()
    return host.split(":", 1)[0].lower().rstrip(".")


def _on_free_hosting(host: str) -> bool:
    """A page on a free-hosting service (a label before its name), not the service's own
    site."""
    dotted = "." + host
    return any(dotted.find(marker) > 0 for marker in FREE_HOSTING)


def site_of(host: str) -> str:
    """The last two labels of a host (three under short second-level zones like co.uk); on a
    free-hosting service, the whole host: each blog there is a site of its own, as in the
    Public Suffix List."""
    host = host.removeprefix("www.")
    if _on_free_hosting(host):
        return host
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _random_label(label: str) -> bool:
    if len(label) < MIN_RANDOM_LABEL_CHARS:
        return False
    for part in label.split("-"):
        if len(part) < MIN_RANDOM_LABEL_CHARS:
            continue
        if len(_LETTER_DIGIT_SWITCH.findall(part)) >= MIN_RANDOM_SWITCHES:
            return True
        # A digit between letters ("s0gql", "4b8gx"); brand names put digits at an end.
        if _INNER_DIGIT.search(part) and len(part) >= MIN_CONSONANT_LABEL_CHARS:
            return True
        if any(len(run) >= MAX_CONSONANT_RUN for run in _CONSONANT_RUN.findall(part)):
            return True
    return False


@lru_cache(maxsize=4096)
def url_shape(url: str) -> HostShape:
    """The generated-looking shapes of an absolute URL's host and query."""
    host = host_of(url)
    if not host:
        return _NO_SHAPE
    if _IP_HOST.match(host):
        return HostShape(2, ("ip-address",))
    reasons = list(_host_shapes(host))
    rest = url.split("//", 1)[1]
    slash = rest.find("/")
    query_start = rest.find("?")
    cut = min(k for k in (slash, query_start, len(rest)) if k >= 0)
    path = rest[cut:]
    if len(path) > 1:
        if any(
            _INNER_DIGIT.search(segment)
            or any(len(run) >= MAX_CONSONANT_RUN for run in _CONSONANT_RUN.findall(segment))
            for segment in _PATH_SEGMENT.findall(path.split("?", 1)[0])
        ):
            reasons.append("random-path")
        if _DOORWAY_QUERY.match(path):
            reasons.append("doorway-query")
        if _AUTHORITY_SUFFIX.search(host) and _SPAM_POST_PATH.search(path):
            reasons.append("authority-upload")
    if not reasons:
        return _NO_SHAPE
    return HostShape(len(reasons), tuple(reasons))


@lru_cache(maxsize=1024)
def _host_shapes(host: str) -> tuple[str, ...]:
    """The shapes of a host alone: a page's links share few hosts, so each is read once."""
    reasons: list[str] = []
    labels = host.removeprefix("www.").split(".")
    if any(label.startswith("xn--") for label in labels):
        reasons.append("punycode")
    if any(_random_label(label) for label in labels[:-1]) or any(
        _SHORT_MIXED_LABEL.match(label) for label in labels[:-2]
    ):
        reasons.append("random-label")
    elif any(_DIGIT_RUN.search(label) for label in labels[:-1]):
        reasons.append("digit-run")
    if len(labels) > MAX_ORDINARY_LABELS:
        reasons.append("subdomain-chain")
    if labels[-1] in CHEAP_TLDS:
        reasons.append("cheap-tld")
    if _on_free_hosting(host):
        reasons.append("free-hosting")
    return tuple(reasons)
