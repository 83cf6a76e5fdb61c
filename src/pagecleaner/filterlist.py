"""EasyList-style element-hiding ("cosmetic") filter lists, compiled to selector rules.

Supported syntax (see docs/rule-packs.md)::

    [Adblock Plus 2.0]            header: skipped
    ! a comment                   skipped
    ##.ad-banner                  generic: hide on every page
    example.com,news.org##.promo  only on these hosts and their subdomains
    ~shop.example.com##.promo     on every host but this one (may follow included domains)
    #@#.ad-banner                 exception: the hiding filter with this exact selector is
    example.com#@#.ad-banner        switched off (everywhere, or on these hosts)

Exceptions work as in ad blockers: they switch off the hiding filters of the loaded lists
whose selector is the same text; they do not protect nodes from pagecleaner's own rules
(a rule pack's ``[[protect]]`` does that).

Every other line (network filters such as ``||ads.example^``, ``#?#`` and ``#$#``,
scriptlets ``+js(...)``, procedural operators such as ``:has-text(``, HTML filters
``##^``) is *reported*: an :class:`UnsupportedFilter` in :attr:`FilterList.unsupported`
with a :class:`UnsupportedReason`, and an :class:`~pagecleaner.UnsupportedFilterWarning`.

One filter list gets one rule code with the reserved prefix ``COS`` (``COS001`` for the
first list a Cleaner loads): every supported line becomes a :class:`FilterRule` with that
code and its own ``origin`` (``easylist.txt:120``), so that ``--disable COS001`` switches
a whole list off and each finding names its line. A list of any size fits in one code.

Speed (figures in docs/rule-packs.md): a Cleaner runs the hiding filters of all its lists
together. Per page it takes the groups whose domain set covers the page's host, and from
them the filters any page may need plus those keyed by a class or id the page has (as ad
blockers index generic filters); these run as comma-joined selector lists of at most
:data:`CHUNK_SELECTORS`, and only a list that matched is split in halves, recursively, to
find which filters matched.
"""

from __future__ import annotations

import copy
import enum
import os
import re
import warnings
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import ConfigError, UnsupportedFilterWarning
from .result import Action, Family
from .rules import Judgement, Match, Rule, RuleInfo, SelectorRule

if TYPE_CHECKING:
    from .dom import PageTree
    from .rules.context import PageContext

__all__ = [
    "CHUNK_SELECTORS",
    "FilterList",
    "FilterRule",
    "UnsupportedFilter",
    "UnsupportedReason",
    "bind_filter_rules",
    "host_matches",
    "load_filter_list",
    "parse_domain",
    "read_filter_list",
    "selector_key",
    "selector_problem",
]

# Selectors per Lexbor query. Measured (benchmarks-style, one core, 20,000 random class,
# id and attribute selectors on a 146-element page): chunks of 50 to 2,000 selectors all
# cost about 25 ms in total, one 20,000-selector query 44 ms (Lexbor's selector-list
# handling is superlinear), 20,000 single queries 64 ms.
CHUNK_SELECTORS = 1000
# Below this many selectors a matched chunk is resolved by single queries, not halves.
SINGLE_QUERY_BELOW = 4
# Unsupported lines reported as separate warnings per list; the rest are counted in one.
MAX_LINE_WARNINGS = 20

_HEADER = re.compile(r"^\[\s*(?:adblock|ublock|adguard)\b[^\]]*\]$", re.IGNORECASE)
# Longest first: "#@$?#" before "#$?#" before "#$#".
_SEPARATORS = ("#@$?#", "#$?#", "#@?#", "#?#", "#@$#", "#$#", "#@%#", "#%#", "#@#", "##")
_PROCEDURAL = re.compile(
    r":(?:-abp-[\w-]+|has-text|contains|matches-css(?:-before|-after)?|matches-attr"
    r"|matches-media|matches-path|matches-prop|min-text-length|others|upward|watch-attr"
    r"|xpath|remove|remove-attr|remove-class|style|if|if-not|nth-ancestor|spath"
    r"|properties)\(",
    re.IGNORECASE,
)
_NOTHING: Iterator[Match] = iter(())
_IDENT = re.compile(r"-?[A-Za-z_\u00a0-\uffff][-\w\u00a0-\uffff]*")
_DOMAIN = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*$")
_SLUG = re.compile(r"[^a-z0-9]+")


class UnsupportedReason(str, enum.Enum):
    """Why a filter-list line is reported instead of applied."""

    NETWORK_RULE = "network-rule"
    """A request-blocking filter (``||ads.example^``, ``@@||...``, ``/banner/*``)."""
    EXTENDED_SELECTOR = "extended-selector"
    """``#?#`` / ``#@?#`` extended CSS (AdGuard, Adblock Plus)."""
    SNIPPET = "snippet"
    """Scripts and style injection: ``#$#``, ``#%#``, ``##+js(...)``."""
    HTML_FILTER = "html-filter"
    """Filters on the HTML source: ``##^...`` (uBlock Origin), ``$$`` (AdGuard)."""
    PROCEDURAL_OPERATOR = "procedural-operator"
    """Non-CSS operators inside ``##``: ``:has-text(``, ``:-abp-contains(``, ``:upward(``."""
    INVALID_SELECTOR = "invalid-selector"
    """A selector Lexbor cannot parse, or one left unterminated (quote, bracket)."""
    UNSUPPORTED_DOMAIN = "unsupported-domain"
    """A domain list with regular expressions, wildcards (``example.*``), empty entries,
    or negated domains on an exception."""
    DIRECTIVE = "directive"
    """Preprocessor directives (``!#if``, ``!#include``): their lines would be applied
    unconditionally or not at all, so they are reported."""


@dataclass(frozen=True, slots=True)
class UnsupportedFilter:
    """One filter-list line pagecleaner does not apply."""

    origin: str
    """``file.txt:LINE``."""
    line: int
    text: str
    reason: UnsupportedReason
    detail: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason.value}: {self.text} ({self.detail})"


# --- domains ------------------------------------------------------------------------------


def parse_domain(entry: str) -> str | None:
    """A domain of a filter or rule pack, lower-cased; None when it is not a plain host."""
    domain = entry.strip().lower().rstrip(".")
    return domain if _DOMAIN.match(domain) else None


def _on(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def host_matches(host: str, include: frozenset[str], exclude: frozenset[str]) -> bool:
    """True when a page on ``host`` is covered: on one of ``include`` (or any host when it
    is empty) and on none of ``exclude``; a domain covers its subdomains."""
    host = host.lower().rstrip(".")
    if include and not (host and _on(host, include)):
        return False
    return not (exclude and host and _on(host, exclude))


def _host_suffixes(host: str) -> list[str]:
    labels = host.lower().rstrip(".").split(".")
    return [".".join(labels[k:]) for k in range(len(labels))] if host else []


# --- selectors ----------------------------------------------------------------------------

_probe: Any = None


def selector_problem(selector: str) -> str | None:
    """Why a CSS selector cannot be used, or None when Lexbor parses it as it stands.

    Lexbor accepts unterminated input (``div:not(.a``, ``a[href="x``) by closing it at
    the end, which would silently swallow the selectors joined after it in a grouped
    query; so quotes, brackets and parentheses must be balanced, and comments are refused.
    """
    global _probe
    if not selector.strip():
        return "empty selector"
    stack: list[str] = []
    quote = ""
    i = 0
    while i < len(selector):
        char = selector[i]
        if char == "\\":
            if i + 1 >= len(selector):
                return "ends in a backslash"
            i += 2
            continue
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([":
            stack.append(")" if char == "(" else "]")
        elif char in ")]":
            if not stack or stack.pop() != char:
                return f"unbalanced {char!r}"
        elif char in "{};":
            return f"{char!r} is not part of a selector"
        elif selector.startswith("/*", i):
            return "comments are not allowed"
        i += 1
    if quote:
        return "unterminated string"
    if stack:
        return f"missing {stack[-1]!r}"
    if _probe is None:
        from .parse import parse_html

        _probe = parse_html("<p></p>")
    try:
        _probe.css(selector)
    except Exception:  # selectolax raises SelectolaxError for selectors Lexbor rejects
        return "Lexbor cannot parse it"
    return None


# --- rules --------------------------------------------------------------------------------

_WHY = (
    "Element-hiding filters name page furniture (ads, sponsored boxes, cookie notices, "
    "newsletter prompts) by CSS selector; the filter list's authors hide these elements "
    "in browsers, and pagecleaner drops them from the page."
)


class FilterRule(SelectorRule):
    """One supported line of a filter list: a hiding filter, or an exception.

    All the lines of a list share its code; ``info.origin`` names the line.
    """

    def __init__(
        self,
        info: RuleInfo,
        selector: str,
        *,
        include: frozenset[str] = frozenset(),
        exclude: frozenset[str] = frozenset(),
        exception: bool = False,
        text: str = "",
        list_origin: str = "",
    ) -> None:
        super().__init__(info, selector)
        self.include = include
        self.exclude = exclude
        self.exception = exception
        self.text = text or selector
        self.list_origin = list_origin
        self._judgement = Judgement(message=f"hidden by filter {self.text}")
        self._engine: _Engine | None = None
        self._slot = -1

    @property
    def code_group(self) -> tuple[str, str]:
        """Rules with the same code group may share a code in a RuleSet (one list)."""
        return (self.info.code, self.list_origin)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_engine"] = None  # an engine is per Cleaner, rebuilt by bind_filter_rules
        state["_slot"] = -1
        return state

    def matches(self, page: PageContext) -> Iterator[Match]:
        # Not a generator: a list of 20,000 filters is 20,000 calls per page, nearly all
        # of which find nothing (the engine ran the grouped queries once for the page).
        if self.exception:
            return _NOTHING  # exceptions act by switching hiding filters off (the engine)
        engine = self._engine
        if engine is not None:
            hits = engine.matched(page, self._slot)
        elif host_matches(page.host, self.include, self.exclude):
            hits = sorted(set(page.tree.css(self.selector)))
        else:
            hits = []
        if not hits:
            return _NOTHING
        judgement = self._judgement
        return iter([Match(i, judgement) for i in hits])

    def __repr__(self) -> str:
        return f"<FilterRule {self.info.code} {self.info.origin} {self.text!r}>"


@dataclass(frozen=True, slots=True)
class FilterList:
    """A filter list compiled to rules, with the lines that could not be."""

    origin: str
    code: str
    rules: tuple[FilterRule, ...]
    unsupported: tuple[UnsupportedFilter, ...]
    lines: int
    """Lines read (comments and blank lines included)."""

    @property
    def hiding(self) -> int:
        return sum(1 for r in self.rules if not r.exception)

    @property
    def exceptions(self) -> int:
        return sum(1 for r in self.rules if r.exception)


def _slug(origin: str) -> str:
    base = os.path.basename(origin)
    stem = base.split(".", 1)[0] or base
    slug = _SLUG.sub("-", stem.lower()).strip("-") or "filter-list"
    if slug in {family.value for family in Family}:
        slug += "-list"
    return slug


def load_filter_list(
    text: str, *, origin: str, code: str = "COS001", warn: bool = True
) -> FilterList:
    """Compile a filter list's text; ``origin`` names it in findings (``file.txt:LINE``).

    Unsupported lines are returned in :attr:`FilterList.unsupported` and reported as
    :class:`~pagecleaner.UnsupportedFilterWarning` (one per line for the first
    :data:`MAX_LINE_WARNINGS`, then one that counts the rest); ``warn=False`` only
    returns them.
    """
    if not (len(code) == 6 and code.startswith("COS") and code[3:].isdigit()):
        raise ConfigError(f"filter-list codes are COS and three digits, got {code!r}")
    name = _slug(origin)
    hiding_info = RuleInfo(
        code=code,
        name=name,
        family=Family.USER,
        action=Action.DROP,
        summary=f"Elements hidden by the filter list {os.path.basename(origin)}.",
        why=_WHY,
        origin=origin,
    )
    exception_info = RuleInfo(
        code=code,
        name=name,
        family=Family.USER,
        action=Action.PROTECT,
        summary=f"Exceptions of the filter list {os.path.basename(origin)}.",
        why="An exception switches off the hiding filters with the same selector, on "
        "every host or on the hosts it names, as ad blockers do.",
        origin=origin,
    )
    rules: list[FilterRule] = []
    unsupported: list[UnsupportedFilter] = []
    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        parsed = _parse_line(line)
        if parsed is None:
            continue
        where = f"{origin}:{number}"
        if isinstance(parsed, _Refused):
            unsupported.append(UnsupportedFilter(where, number, line, *parsed))
            continue
        selector, include, exclude, exception = parsed
        base = exception_info if exception else hiding_info
        info = RuleInfo(
            code=base.code,
            name=base.name,
            family=base.family,
            action=base.action,
            summary=base.summary,
            why=base.why,
            example=line,
            origin=where,
        )
        rules.append(
            FilterRule(
                info,
                selector,
                include=include,
                exclude=exclude,
                exception=exception,
                text=line,
                list_origin=origin,
            )
        )
    if warn:
        _warn(unsupported, origin)
    return FilterList(origin, code, tuple(rules), tuple(unsupported), len(lines))


def _warn(unsupported: Sequence[UnsupportedFilter], origin: str) -> None:
    for item in unsupported[:MAX_LINE_WARNINGS]:
        warnings.warn(f"unsupported filter: {item}", UnsupportedFilterWarning, stacklevel=3)
    rest = len(unsupported) - MAX_LINE_WARNINGS
    if rest > 0:
        warnings.warn(
            f"{origin}: {rest} more unsupported filters (see FilterList.unsupported)",
            UnsupportedFilterWarning,
            stacklevel=3,
        )


class _Refused(NamedTuple):
    reason: UnsupportedReason
    detail: str


class _Filter(NamedTuple):
    selector: str
    include: frozenset[str]
    exclude: frozenset[str]
    exception: bool


_NETWORK = _Refused(UnsupportedReason.NETWORK_RULE, "network filters block requests, not elements")


def _parse_line(line: str) -> _Refused | _Filter | None:
    """One line: None (blank, comment, header), why it is unsupported, or a filter."""
    if not line:
        return None
    if line.startswith("!"):
        if line.startswith("!#"):
            return _Refused(
                UnsupportedReason.DIRECTIVE, "preprocessor directives are not evaluated"
            )
        return None
    if _HEADER.match(line):
        return None
    if line.startswith(("||", "|", "@@")):
        return _NETWORK
    at = line.find("#")
    if at < 0:
        if "$$" in line or "$@$" in line:
            return _Refused(UnsupportedReason.HTML_FILTER, "HTML filtering ($$) is not supported")
        return _NETWORK
    separator = next((s for s in _SEPARATORS if line.startswith(s, at)), None)
    if separator is None:
        # "# comment" (hosts-file style, as uBlock Origin reads it), or a URL with a "#".
        return None if at == 0 else _NETWORK
    body = line[at + len(separator) :].strip()
    if "?" in separator:
        return _Refused(UnsupportedReason.EXTENDED_SELECTOR, f"{separator} is extended CSS")
    if "$" in separator or "%" in separator:
        return _Refused(UnsupportedReason.SNIPPET, f"{separator} injects scripts or styles")
    exception = separator == "#@#"
    if body.startswith("^"):
        return _Refused(UnsupportedReason.HTML_FILTER, "HTML filters (##^) are not supported")
    if body.startswith("+js("):
        return _Refused(UnsupportedReason.SNIPPET, "scriptlets (+js) are not supported")
    procedural = _PROCEDURAL.search(body)
    if procedural:
        operator = procedural.group(0)[:-1]
        return _Refused(UnsupportedReason.PROCEDURAL_OPERATOR, f"{operator} is not CSS")
    include: set[str] = set()
    exclude: set[str] = set()
    if at:
        for entry in line[:at].split(","):
            entry = entry.strip()
            negated = entry.startswith("~")
            domain = parse_domain(entry[1:] if negated else entry)
            if domain is None:
                detail = f"{entry!r} is not a plain domain" if entry else "empty domain"
                return _Refused(UnsupportedReason.UNSUPPORTED_DOMAIN, detail)
            if negated and exception:
                return _Refused(
                    UnsupportedReason.UNSUPPORTED_DOMAIN,
                    "negated domains on exceptions are not supported",
                )
            (exclude if negated else include).add(domain)
    problem = selector_problem(body)
    if problem is not None:
        return _Refused(UnsupportedReason.INVALID_SELECTOR, problem)
    return _Filter(body, frozenset(include), frozenset(exclude), exception)


# --- reading files ------------------------------------------------------------------------

_CACHE: dict[tuple[str, str, int, int], FilterList] = {}
_CACHE_SIZE = 16


def read_filter_list(path: str | os.PathLike[str], *, code: str = "COS001") -> FilterList:
    """Load a filter-list file (UTF-8); ``origin`` is the path as given.

    Parsed lists are cached per process by path, size and modification time, so that
    Cleaners built again (``clean(options=...)``, batch workers) do not parse and warn again.
    """
    name = os.fspath(path)
    try:
        stat = os.stat(name)
        key = (name, code, stat.st_size, stat.st_mtime_ns)
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        with open(name, encoding="utf-8-sig") as handle:
            text = handle.read()
    except OSError as exc:
        raise ConfigError(f"cannot read filter list: {exc.strerror or exc}", source=name) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"filter list is not UTF-8: {exc.reason}", source=name) from None
    result = load_filter_list(text, origin=name, code=code)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = result
    return result


# --- running many filters as few queries --------------------------------------------------


def bind_filter_rules(rules: Iterable[Rule]) -> list[Rule]:
    """``rules`` with every :class:`FilterRule` replaced by a copy bound to one shared
    engine, which applies exceptions and runs the hiding filters as grouped queries.

    Call it on the rules a Cleaner selected: disabled lists then neither hide nor except.
    """
    out: list[Rule] = list(rules)
    positions = [k for k, rule in enumerate(out) if isinstance(rule, FilterRule)]
    if not positions:
        return out
    bound: list[FilterRule] = []
    for k in positions:
        rule = copy.copy(out[k])
        assert isinstance(rule, FilterRule)
        rule._slot = len(bound)
        bound.append(rule)
        out[k] = rule
    engine = _Engine(bound)
    for rule in bound:
        rule._engine = engine
    return out


def selector_key(selector: str) -> str | None:
    """A class (``.name``) or id (``#name``) the page must have for the selector to match.

    Every compound of a selector matches some element, so a class or id written outside
    brackets and parentheses is needed (the last one is taken: the subject's, the most
    specific). None for selector lists, escapes, or selectors without one. Lower-cased:
    in quirks mode class and id matching ignores ASCII case.
    """
    if "\\" in selector:
        return None
    depth = 0
    quote = ""
    key = None
    i = 0
    while i < len(selector):
        char = selector[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0:
            if char == ",":
                return None
            if char in ".#":
                ident = _IDENT.match(selector, i + 1)
                if ident:
                    key = char + ident.group(0).lower()
                    i = ident.end()
                    continue
        i += 1
    return key


def _page_keys(tree: PageTree) -> set[str]:
    """Every class (``.name``) and id (``#name``) on the page, lower-cased (about 0.5 ms
    for a 440-element news page: only elements with either attribute are read)."""
    keys: set[str] = set()
    for node in tree.parser.css("[class], [id]"):
        attributes = node.attributes
        classes = attributes.get("class")
        if classes:
            keys.update("." + name for name in classes.lower().split())
        ident = attributes.get("id")
        if ident:
            keys.add("#" + ident.strip().lower())
    return keys


@dataclass(slots=True)
class _Group:
    """Hiding filters with one domain set: those any page may need, and those keyed by a
    class or id that only pages with it need (how ad blockers index generic filters)."""

    include: frozenset[str]
    exclude: frozenset[str]
    unkeyed: list[int]
    keyed: dict[str, list[int]]


class _Engine:
    """The hiding filters of a Cleaner's lists: exceptions applied, grouped by domain set
    and indexed by class and id; per page, the applicable ones run as few queries."""

    def __init__(self, members: Sequence[FilterRule]) -> None:
        self._selectors = [m.selector for m in members]
        everywhere = {m.selector for m in members if m.exception and not m.include}
        excepted_on: dict[str, set[str]] = {}
        for m in members:
            if m.exception and m.include:
                excepted_on.setdefault(m.selector, set()).update(m.include)
        groups: dict[tuple[frozenset[str], frozenset[str]], _Group] = {}
        for slot, m in enumerate(members):
            if m.exception or m.selector in everywhere:
                continue
            exclude = m.exclude | frozenset(excepted_on.get(m.selector, ()))
            group = groups.get((m.include, exclude))
            if group is None:
                group = groups[(m.include, exclude)] = _Group(m.include, exclude, [], {})
            key = selector_key(m.selector)
            if key is None:
                group.unkeyed.append(slot)
            else:
                group.keyed.setdefault(key, []).append(slot)
        self._generic: list[_Group] = []
        self._by_domain: dict[str, list[_Group]] = {}
        for group in groups.values():
            if not group.include:
                self._generic.append(group)
            for domain in group.include:
                self._by_domain.setdefault(domain, []).append(group)
        self._pages: weakref.WeakKeyDictionary[PageContext, dict[int, list[int]]] = (
            weakref.WeakKeyDictionary()
        )
        self._last: tuple[weakref.ref[PageContext], dict[int, list[int]]] | None = None

    def matched(self, page: PageContext, slot: int) -> list[int]:
        """The nodes filter ``slot`` hides on ``page`` (all filters run on first call)."""
        last = self._last
        if last is not None and last[0]() is page:
            return last[1].get(slot, [])
        found = self._pages.get(page)
        if found is None:
            found = self._pages[page] = self._run(page)
        self._last = (weakref.ref(page), found)
        return found.get(slot, [])

    def _groups(self, host: str) -> list[_Group]:
        groups = list(self._generic)
        seen = {id(g) for g in groups}
        for suffix in _host_suffixes(host):
            for group in self._by_domain.get(suffix, ()):
                if id(group) not in seen:
                    seen.add(id(group))
                    groups.append(group)
        return [g for g in groups if host_matches(host, g.include, g.exclude)]

    def _run(self, page: PageContext) -> dict[int, list[int]]:
        slots: list[int] = []
        keys: set[str] | None = None
        for group in self._groups(page.host):
            slots.extend(group.unkeyed)
            if group.keyed:
                if keys is None:
                    keys = _page_keys(page.tree)
                if len(keys) < len(group.keyed):
                    for key in keys:
                        slots.extend(group.keyed.get(key, ()))
                else:
                    for key, keyed in group.keyed.items():
                        if key in keys:
                            slots.extend(keyed)
        found: dict[int, list[int]] = {}
        for start in range(0, len(slots), CHUNK_SELECTORS):
            self._query(page.tree, slots[start : start + CHUNK_SELECTORS], found)
        return found

    def _query(self, tree: PageTree, slots: list[int], found: dict[int, list[int]]) -> None:
        """Run ``slots`` as one query; split it in halves where it matched (to attribute
        the hits) or where Lexbor refused the joined list (single filters parsed at load)."""
        selectors = self._selectors
        joined = ", ".join(selectors[s] for s in slots) if len(slots) > 1 else selectors[slots[0]]
        try:
            hits = set(tree.css(joined))
        except Exception:  # selectolax's SelectolaxError: refused as a whole
            if len(slots) == 1:
                return
            hits = None
        if hits is not None and not hits:
            return
        if len(slots) == 1:
            assert hits is not None
            found[slots[0]] = sorted(hits)
            return
        if hits is not None and len(slots) < SINGLE_QUERY_BELOW:
            for slot in slots:
                self._query(tree, [slot], found)
            return
        middle = len(slots) // 2
        self._query(tree, slots[:middle], found)
        self._query(tree, slots[middle:], found)
