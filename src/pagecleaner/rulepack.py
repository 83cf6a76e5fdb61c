"""Rule packs: a user's own rules, vocabulary and thresholds, in one TOML file.

::

    [[drop]]                        # also [[protect]], [[unwrap]], or [[rule]] + action
    selector = ".promo-box"
    name = "promo-boxes"            # optional: kebab-case, naming the junk
    code = "USR010"                 # optional: three capitals (not a built-in prefix) and
                                    #   three digits; USR001, USR002, ... are assigned
    summary = "House ads."          # optional documentation: summary, why, example,
    why = "Not part of any story."  #   false_positives (printed by `pagecleaner rule`)
    spam = false                    # true: findings count as spam evidence
    domains = ["example.com", "~shop.example.com"]  # only on these hosts (and subdomains)

    [lexicon]                       # extra spam vocabulary, per family
    gambling = ["judi bola", { term = "togel", weight = 1 }]

    [options.LNK001]                # built-in rule options, checked against the rule
    max_link_density = 0.7

    [domains."example.com"]         # any of the above, for pages of this host only
    [[domains."example.com".drop]]
    selector = ".sidebar-ads"

Loaded with ``Options(rule_packs=("pack.toml",))`` or ``pagecleaner --rules pack.toml``;
the format, the precedence and what is refused are in docs/rule-packs.md. Every mistake is
a :class:`~pagecleaner.ConfigError` whose ``source`` is ``file:line``.

:func:`load_user_config` turns a Cleaner's options (rule packs, filter lists, lexicon
files, rule options) into what the Cleaner runs with.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .filterlist import (
    FilterList,
    host_matches,
    parse_domain,
    read_filter_list,
    selector_problem,
)
from .lexicon import Lexicon, default_lexicon, load_lexicon
from .options import Options
from .result import Action, Family
from .rules import Match, Rule, RuleInfo, SelectorRule
from .rules.registry import RuleSet, builtin_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

if TYPE_CHECKING:
    from .rules.context import PageContext

__all__ = [
    "DomainHook",
    "DomainSettings",
    "PackRule",
    "RulePack",
    "RuleSpec",
    "UserConfig",
    "load_user_config",
    "read_rule_pack",
]

USER_PREFIX = "USR"
FILTER_PREFIX = "COS"
ACTIONS = {"drop": Action.DROP, "protect": Action.PROTECT, "unwrap": Action.UNWRAP}
RULE_KEYS = frozenset(
    {"selector", "code", "name", "summary", "why", "example", "false_positives", "spam"}
    | {"domains"}
)
SECTION_KEYS = frozenset({*ACTIONS, "rule", "lexicon", "options"})
PACK_KEYS = SECTION_KEYS | {"domains"}
TERM_KEYS = frozenset({"term", "weight"})

_CODE = re.compile(r"^[A-Z]{3}\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FAMILY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SLUG = re.compile(r"[^a-z0-9]+")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


# --- locating keys in the raw text --------------------------------------------------------

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER_LINE = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY_PART)


def _parts(dotted: str) -> tuple[str, ...]:
    parts = []
    for match in _PART.finditer(dotted):
        part = match.group(0)
        if part[:1] in "\"'":
            part = part[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        parts.append(part)
    return tuple(parts)


class _Locator:
    """Line numbers of tables and keys, found in the raw text (tomllib gives none)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, tuple[str, ...]]] = []
        for number, line in enumerate(self.lines, start=1):
            match = _HEADER_LINE.match(line)
            if match:
                self.headers.append((number, _parts(match.group(2))))

    def _table(self, path: tuple[str, ...], index: int | None) -> int | None:
        if not path:
            return 0
        found = [n for n, parts in self.headers if parts == path]
        if index is not None:
            return found[index] if index < len(found) else None
        return found[0] if found else None

    def _key_in(self, start: int, key: str) -> int | None:
        end = next((n for n, _ in self.headers if n > start), len(self.lines) + 1)
        for number in range(start + 1, end):
            match = _KEY_LINE.match(self.lines[number - 1])
            if match and _parts(match.group(1))[:1] == (key,):
                return number
        return None

    def line(self, path: tuple[str, ...], index: int | None = None, key: str | None = None) -> int:
        """The line of ``key`` in the table at ``path`` (the ``index``-th of an array of
        tables), else of the table; 0 when neither can be found."""
        start = self._table(path, index)
        if key is not None:
            if start is not None:
                found = self._key_in(start, key)
                if found:
                    return found
            full = (*path, key)
            for number, parts in self.headers:
                if parts[: len(full)] == full:
                    return number
        if start:
            return start
        if path:
            for number, parts in self.headers:
                if parts[: len(path)] == path:
                    return number
            parent = self._table(path[:-1], None)
            if parent is not None:
                return self._key_in(parent, path[-1]) or 0
        return 0


# --- the parsed pack ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A selector rule as declared in a pack, before its code is assigned."""

    action: Action
    selector: str
    code: str | None
    name: str
    summary: str
    why: str
    example: str
    false_positives: str
    spam: bool
    include: frozenset[str]
    exclude: frozenset[str]
    origin: str
    """``file:line`` of the rule's table."""
    code_origin: str
    """``file:line`` of its ``code`` key (for duplicate codes)."""


@dataclass(frozen=True, slots=True)
class LexiconTerm:
    term: str
    family: str
    weight: int
    domain: str | None


@dataclass(frozen=True, slots=True)
class OptionOverride:
    code: str
    key: str
    value: object
    domain: str | None
    code_origin: str
    origin: str


@dataclass(frozen=True, slots=True)
class RulePack:
    """One rule-pack file, checked on its own (codes are assigned by the Cleaner)."""

    path: str
    rules: tuple[RuleSpec, ...]
    terms: tuple[LexiconTerm, ...]
    overrides: tuple[OptionOverride, ...]


def _header(path: tuple[str, ...]) -> str:
    """A table's path as written in TOML: ``domains."example.com".drop``."""
    return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else f'"{p}"' for p in path)


def _builtin_prefixes() -> frozenset[str]:
    return frozenset(rule.info.code[:3] for rule in builtin_rules())


class _PackReader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.locate = _Locator(text)
        self.rules: list[RuleSpec] = []
        self.terms: list[LexiconTerm] = []
        self.overrides: list[OptionOverride] = []
        self.reserved = _builtin_prefixes() | {FILTER_PREFIX}

    def where(self, path: tuple[str, ...], index: int | None = None, key: str | None = None) -> str:
        line = self.locate.line(path, index, key)
        return f"{self.path}:{line}" if line else self.path

    def fail(
        self,
        message: str,
        path: tuple[str, ...],
        index: int | None = None,
        key: str | None = None,
    ) -> ConfigError:
        return ConfigError(message, source=self.where(path, index, key))

    def read(self, data: dict[str, Any]) -> RulePack:
        self.check_keys(data, PACK_KEYS, (), None, "at the top level")
        self.section(data, (), None)
        domains = data.get("domains", {})
        if not isinstance(domains, dict):
            raise self.fail('domains must be tables: [domains."example.com"]', (), key="domains")
        for raw_domain, table in domains.items():
            path = ("domains", raw_domain)
            domain = parse_domain(raw_domain)
            if domain is None or raw_domain.strip().startswith("~"):
                raise self.fail(
                    f"[domains.{raw_domain!r}]: expected a host name such as example.com",
                    path,
                )
            if not isinstance(table, dict):
                raise self.fail(
                    f'domains."{raw_domain}" must be a table', ("domains",), key=raw_domain
                )
            self.check_keys(table, SECTION_KEYS, path, None, f'in [domains."{raw_domain}"]')
            self.section(table, path, domain)
        return RulePack(self.path, tuple(self.rules), tuple(self.terms), tuple(self.overrides))

    def check_keys(
        self,
        table: Mapping[str, Any],
        allowed: frozenset[str],
        path: tuple[str, ...],
        index: int | None,
        where: str,
    ) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(
                    f"unknown key {key!r} {where}; expected one of {', '.join(sorted(allowed))}",
                    path,
                    index,
                    key,
                )

    def section(self, table: Mapping[str, Any], path: tuple[str, ...], domain: str | None) -> None:
        for key in (*ACTIONS, "rule"):
            entries = table.get(key)
            if entries is None:
                continue
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise self.fail(
                    f"{key} must be an array of tables: write [[{_header((*path, key))}]]",
                    path,
                    key=key,
                )
            for index, entry in enumerate(entries):
                self.rule(entry, (*path, key), index, ACTIONS.get(key), domain)
        if "lexicon" in table:
            self.lexicon(table["lexicon"], (*path, "lexicon"), domain)
        if "options" in table:
            self.options(table["options"], (*path, "options"), domain)

    def rule(
        self,
        entry: Mapping[str, Any],
        path: tuple[str, ...],
        index: int,
        action: Action | None,
        domain: str | None,
    ) -> None:
        table = f"[[{_header(path)}]] #{index + 1}"
        allowed = RULE_KEYS if action is not None else RULE_KEYS | {"action"}
        self.check_keys(entry, allowed, path, index, f"in {table}")

        def text(key: str, default: str = "") -> str:
            value = entry.get(key, default)
            if not isinstance(value, str):
                raise self.fail(f"{key} must be a string in {table}", path, index, key)
            return value.strip()

        if action is None:
            word = text("action")
            if word not in ACTIONS:
                raise self.fail(
                    f"action must be 'drop', 'protect' or 'unwrap' in {table}, got {word!r}",
                    path,
                    index,
                    "action",
                )
            action = ACTIONS[word]
        if "selector" not in entry:
            raise self.fail(f"{table} needs a selector", path, index)
        selector = text("selector")
        problem = selector_problem(selector)
        if problem is not None:
            raise self.fail(
                f"bad selector {selector!r} in {table}: {problem}", path, index, "selector"
            )
        code = text("code") or None
        if code is not None:
            if not _CODE.match(code) or code.endswith("000"):
                raise self.fail(
                    f"code must be three capitals and three digits (001-999) in {table},"
                    f" got {code!r}",
                    path,
                    index,
                    "code",
                )
            if code[:3] in self.reserved:
                raise self.fail(
                    f"code {code} in {table} uses the prefix {code[:3]}, reserved for"
                    f" {'filter lists' if code[:3] == FILTER_PREFIX else 'built-in rules'};"
                    f" use {USER_PREFIX} or a prefix of your own",
                    path,
                    index,
                    "code",
                )
        name = text("name") or _slug(selector)
        if not _NAME.match(name):
            raise self.fail(
                f"name must be kebab-case (lower-case words joined by '-') in {table},"
                f" got {name!r}",
                path,
                index,
                "name",
            )
        spam = entry.get("spam", False)
        if not isinstance(spam, bool):
            raise self.fail(f"spam must be true or false in {table}", path, index, "spam")
        if spam and action is Action.PROTECT:
            raise self.fail(f"a protect rule cannot be spam in {table}", path, index, "spam")
        include: set[str] = {domain} if domain else set()
        exclude: set[str] = set()
        if "domains" in entry:
            if domain is not None:
                raise self.fail(
                    f'{table} is inside [domains."{domain}"]: it applies to that host'
                    " already, so it cannot list domains",
                    path,
                    index,
                    "domains",
                )
            include, exclude = self.domains(entry["domains"], path, index, table)
        basename = os.path.basename(self.path)
        self.rules.append(
            RuleSpec(
                action=action,
                selector=selector,
                code=code,
                name=name,
                summary=text("summary")
                or f"Elements matching {selector}: {action.value} rule of {basename}.",
                why=text("why") or f"Declared in the rule pack {basename}.",
                example=text("example"),
                false_positives=text("false_positives"),
                spam=spam,
                include=frozenset(include),
                exclude=frozenset(exclude),
                origin=self.where(path, index),
                code_origin=self.where(path, index, "code" if code else None),
            )
        )

    def domains(
        self, value: object, path: tuple[str, ...], index: int, table: str
    ) -> tuple[set[str], set[str]]:
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail(
                f'domains must be a non-empty list of host names in {table}: ["example.com"]',
                path,
                index,
                "domains",
            )
        include: set[str] = set()
        exclude: set[str] = set()
        for entry in value:
            negated = entry.strip().startswith("~")
            domain = parse_domain(entry.strip()[1:] if negated else entry)
            if domain is None:
                raise self.fail(
                    f"domains: {entry!r} in {table} is not a host name (example.com, or"
                    " ~shop.example.com to leave a host out)",
                    path,
                    index,
                    "domains",
                )
            (exclude if negated else include).add(domain)
        return include, exclude

    def lexicon(self, value: object, path: tuple[str, ...], domain: str | None) -> None:
        if not isinstance(value, dict):
            raise self.fail("lexicon must be a table of family = [terms]", path[:-1], key=path[-1])
        for family, terms in value.items():
            if not _FAMILY.match(family):
                raise self.fail(
                    f"lexicon family {family!r} must be a lower-case word (gambling, pharma)",
                    path,
                    key=family,
                )
            if not isinstance(terms, list):
                raise self.fail(f"lexicon.{family} must be a list of terms", path, key=family)
            for item in terms:
                weight = 2
                if isinstance(item, dict):
                    for key in item:
                        if key not in TERM_KEYS:
                            raise self.fail(
                                f"unknown key {key!r} in a lexicon.{family} term; expected"
                                " term and weight",
                                path,
                                key=family,
                            )
                    weight = item.get("weight", 2)
                    item = item.get("term")
                    if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
                        raise self.fail(
                            f"lexicon.{family}: weight must be a whole number from 1, got"
                            f" {weight!r}",
                            path,
                            key=family,
                        )
                if not isinstance(item, str) or not item.strip():
                    raise self.fail(
                        f"lexicon.{family}: a term must be a non-empty string or"
                        f' {{ term = "...", weight = 1 }}, got {item!r}',
                        path,
                        key=family,
                    )
                self.terms.append(LexiconTerm(item.strip(), family, weight, domain))

    def options(self, value: object, path: tuple[str, ...], domain: str | None) -> None:
        if not isinstance(value, dict):
            raise self.fail("options must be tables: [options.LNK001]", path[:-1], key=path[-1])
        for code, table in value.items():
            if not isinstance(table, dict):
                raise self.fail(f"options.{code} must be a table: [options.{code}]", path, key=code)
            for key, option in table.items():
                self.overrides.append(
                    OptionOverride(
                        code=code,
                        key=key,
                        value=option,
                        domain=domain,
                        code_origin=self.where((*path, code)),
                        origin=self.where((*path, code), key=key),
                    )
                )


def _slug(selector: str) -> str:
    return _SLUG.sub("-", selector.lower()).strip("-")[:48].strip("-") or "user-selector"


_CACHE: dict[tuple[str, int, int], RulePack] = {}
_CACHE_SIZE = 16


def read_rule_pack(path: str | os.PathLike[str]) -> RulePack:
    """Read and check one rule pack; a :class:`~pagecleaner.ConfigError` names file and line.

    Rule codes are assigned, and option overrides checked against the rules, by
    :func:`load_user_config`. Parsed packs are cached per process by path, size and
    modification time.
    """
    name = os.fspath(path)
    try:
        stat = os.stat(name)
        key = (name, stat.st_size, stat.st_mtime_ns)
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        with open(name, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise ConfigError(f"cannot read rule pack: {exc.strerror or exc}", source=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"rule pack is not UTF-8: {exc.reason}", source=name) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = _TOML_LINE.search(message)
        where = f"{name}:{line.group(1)}" if line else name
        raise ConfigError(
            f"not valid TOML: {_TOML_LINE.sub('', message).strip()}", source=where
        ) from None
    pack = _PackReader(name, text).read(data)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = pack
    return pack


# --- rules from packs ---------------------------------------------------------------------


class PackRule(SelectorRule):
    """A selector rule from a rule pack, optionally restricted to some hosts."""

    def __init__(
        self,
        info: RuleInfo,
        selector: str,
        *,
        spam: bool = False,
        include: frozenset[str] = frozenset(),
        exclude: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(info, selector, spam=spam)
        self.include = include
        self.exclude = exclude
        self.code_group: tuple[str, str] | None = None
        """Set on the two halves of a protect rule, which share its code."""

    def matches(self, page: PageContext) -> Iterator[Match]:
        if (self.include or self.exclude) and not host_matches(
            page.host, self.include, self.exclude
        ):
            return
        judgement = self._judgement
        for i in sorted(set(page.tree.css(self.selector))):
            yield Match(i, judgement)


# --- everything a Cleaner needs -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UserConfig:
    """A Cleaner's user rules, vocabulary and options, loaded from its Options."""

    rules: tuple[Rule, ...]
    """Rule-pack rules (in pack order), then filter-list rules."""
    filter_lists: tuple[FilterList, ...]
    rule_options: dict[str, dict[str, object]]
    """Option overrides for every page: packs' global sections, then Options.rule_options."""
    lexicon: Lexicon | None
    """Built-in plus user vocabulary; None when the built-in lexicons alone hold."""
    domains: DomainSettings | None
    """Per-host vocabulary and options from [domains."..."] sections, if any."""


def load_user_config(options: Options, base: RuleSet) -> UserConfig:
    """Load the rule packs, filter lists and lexicon files ``options`` names, assign the
    user rule codes, and check every option override against the rule it names."""
    packs = [read_rule_pack(path) for path in options.rule_packs]
    rules = _pack_rules(packs, base)
    filter_lists = []
    for number, path in enumerate(options.filter_lists, start=1):
        if number > 999:
            raise ConfigError("at most 999 filter lists (COS001-COS999) can be loaded")
        filter_lists.append(read_filter_list(path, code=f"{FILTER_PREFIX}{number:03d}"))
    by_code: dict[str, Rule] = {}
    for rule in (*base, *rules):
        by_code.setdefault(rule.info.code, rule)
    global_options: dict[str, dict[str, object]] = {}
    per_domain: dict[str, dict[str, dict[str, object]]] = {}
    for pack in packs:
        for override in pack.overrides:
            value = _checked_option(
                by_code,
                override.code,
                override.key,
                override.value,
                override.code_origin,
                override.origin,
            )
            target = (
                global_options
                if override.domain is None
                else per_domain.setdefault(override.domain, {})
            )
            target.setdefault(override.code, {})[override.key] = value
    explicit: dict[str, dict[str, object]] = {}
    for code, values in options.rule_options.items():
        if code not in by_code:
            raise ConfigError(
                f"options for unknown rule {code!r}; expected a rule code such as LNK001",
                source="Options.rule_options",
            )
        for key, value in values.items():
            explicit.setdefault(code, {})[key] = _checked_option(
                by_code, code, key, value, "Options.rule_options", "Options.rule_options"
            )
    user_entries = _user_terms(packs, options.lexicon_files)
    lexicon = (
        Lexicon([*user_entries, *_builtin_terms(options)])
        if user_entries or not options.builtin_lexicons
        else None
    )
    domain_terms: dict[str, list[tuple[str, str, int]]] = {}
    for pack in reversed(packs):  # a later pack's term wins
        for term in pack.terms:
            if term.domain is not None:
                domain_terms.setdefault(term.domain, []).append(
                    (term.term, term.family, term.weight)
                )
    rule_options = _merged(global_options, explicit)
    settings = None
    if per_domain or domain_terms:
        settings = DomainSettings(
            options,
            explicit,
            user_entries,
            per_domain,
            domain_terms,
            global_options,
        )
    return UserConfig(
        rules=(*rules, *(rule for flist in filter_lists for rule in flist.rules)),
        filter_lists=tuple(filter_lists),
        rule_options=rule_options,
        lexicon=lexicon,
        domains=settings,
    )


def _builtin_terms(options: Options) -> list[tuple[str, str, int]]:
    return default_lexicon().entries() if options.builtin_lexicons else []


def _pack_rules(packs: Sequence[RulePack], base: RuleSet) -> list[Rule]:
    taken: dict[str, str] = {rule.info.code: repr(rule) for rule in base}
    for pack in packs:
        for spec in pack.rules:
            if spec.code is None:
                continue
            if spec.code in taken:
                raise ConfigError(
                    f"rule code {spec.code} is already used by {taken[spec.code]}",
                    source=spec.code_origin,
                )
            taken[spec.code] = f"the rule at {spec.code_origin}"
    rules: list[Rule] = []
    number = 0
    for pack in packs:
        for spec in pack.rules:
            code = spec.code
            if code is None:
                number += 1
                while f"{USER_PREFIX}{number:03d}" in taken:
                    number += 1
                if number > 999:
                    raise ConfigError(
                        f"more than 999 {USER_PREFIX} rules; give codes with a prefix of your own",
                        source=spec.origin,
                    )
                code = f"{USER_PREFIX}{number:03d}"
                taken[code] = spec.origin
            info = RuleInfo(
                code=code,
                name=spec.name,
                family=Family.USER,
                action=spec.action,
                summary=spec.summary,
                why=spec.why,
                example=spec.example,
                false_positives=spec.false_positives,
                origin=spec.origin,
            )
            rule = PackRule(
                info, spec.selector, spam=spec.spam, include=spec.include, exclude=spec.exclude
            )
            rules.append(rule)
            if spec.action is Action.PROTECT:
                # The pipeline vetoes drops with the PROTECT matches of the same stage only;
                # an article-stage twin protects the node from article-stage rules too.
                twin = PackRule(
                    dataclasses.replace(info, stage="article"),
                    spec.selector,
                    include=spec.include,
                    exclude=spec.exclude,
                )
                rule.code_group = twin.code_group = (code, spec.origin)
                rules.append(twin)
    return rules


def _checked_option(
    by_code: Mapping[str, Rule], code: str, key: str, value: object, code_origin: str, origin: str
) -> object:
    rule = by_code.get(code)
    if rule is None:
        raise ConfigError(
            f"options for unknown rule {code!r}; expected a rule code such as LNK001",
            source=code_origin,
        )
    declared = rule.info.options
    if key not in declared:
        known = ", ".join(sorted(declared)) if declared else "none"
        raise ConfigError(f"rule {code} has no option {key!r}; its options: {known}", source=origin)
    default = declared[key][0]
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value  # type: ignore[arg-type]
    elif isinstance(default, str):
        ok = isinstance(value, str)
    else:
        ok = True
    if not ok:
        raise ConfigError(
            f"option {code}.{key} must be {type(default).__name__} like its default"
            f" {default!r}, got {value!r}",
            source=origin,
        )
    return value


def _user_terms(
    packs: Sequence[RulePack], lexicon_files: Sequence[str]
) -> list[tuple[str, str, int]]:
    """User vocabulary for every page, first-listed wins (later packs, then later files)."""
    entries: list[tuple[str, str, int]] = []
    for pack in reversed(packs):
        entries.extend((t.term, t.family, t.weight) for t in pack.terms if t.domain is None)
    if lexicon_files:
        entries.extend(load_lexicon(reversed(lexicon_files), builtin=False).entries())
    return entries


def _merged(*layers: Mapping[str, Mapping[str, object]]) -> dict[str, dict[str, object]]:
    merged: dict[str, dict[str, object]] = {}
    for layer in layers:
        for code, values in layer.items():
            merged.setdefault(code, {}).update(values)
    return merged


def _specificity(domain: str) -> int:
    return domain.count(".")


class DomainSettings:
    """Vocabulary and option overrides of ``[domains."host"]`` sections, per page host.

    A host gets the sections of its domain and of every parent domain; a more specific
    domain's option wins, and explicit ``Options.rule_options`` win over every section.
    Lexicons and options are built once per combination of sections.
    """

    def __init__(
        self,
        options: Options,
        explicit: dict[str, dict[str, object]],
        user_entries: list[tuple[str, str, int]],
        per_domain: dict[str, dict[str, dict[str, object]]],
        domain_terms: dict[str, list[tuple[str, str, int]]],
        global_options: dict[str, dict[str, object]],
    ) -> None:
        self._options = options
        self._explicit = explicit
        self._global_options = global_options
        self._user_entries = user_entries
        self._per_domain = per_domain
        self._domain_terms = domain_terms
        self._domains = sorted(set(per_domain) | set(domain_terms), key=_specificity)
        self._cache: dict[tuple[str, ...], tuple[Lexicon | None, Options | None]] = {}

    def for_host(self, host: str) -> tuple[Lexicon | None, Options | None]:
        """The lexicon and options for pages of ``host``; None where the defaults hold."""
        if not host:
            return None, None
        host = host.lower().rstrip(".")
        key = tuple(d for d in self._domains if host == d or host.endswith("." + d))
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._build(key)
        return found

    def _build(self, domains: tuple[str, ...]) -> tuple[Lexicon | None, Options | None]:
        lexicon = None
        terms = [t for d in reversed(domains) for t in self._domain_terms.get(d, ())]
        if terms:
            lexicon = Lexicon([*terms, *self._user_entries, *_builtin_terms(self._options)])
        options = None
        layers = [self._per_domain[d] for d in domains if d in self._per_domain]
        if layers:
            merged = _merged(self._global_options, *layers, self._explicit)
            options = dataclasses.replace(self._options, rule_options=merged)
        return lexicon, options


class DomainHook(Rule):
    """Gives each page its host's lexicon and options before any other rule judges it.

    Internal: the Cleaner runs it first (it is not in ``Cleaner.rules``, and never matches).
    The pipeline builds the page context, so this is where a page's host is first known.
    """

    info = RuleInfo(
        code=f"{USER_PREFIX}000",
        name="domain-settings",
        family=Family.USER,
        action=Action.PENALIZE,
        summary="Applies rule-pack domain sections to the page being cleaned.",
        why="Domain sections hold vocabulary and thresholds for one site's pages only.",
    )

    def __init__(self, settings: DomainSettings) -> None:
        self._settings = settings

    def matches(self, page: PageContext) -> Iterator[Match]:
        lexicon, options = self._settings.for_host(page.host)
        if lexicon is not None:
            page.lexicon = lexicon
            page.__dict__.pop("page_hits", None)  # computed with the previous lexicon
        if options is not None:
            page.options = options
        return iter(())
