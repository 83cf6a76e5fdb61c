"""RuleSet: the built-in rules plus user rules, selected by code, prefix, name or family."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..errors import ConfigError
from . import Rule

__all__ = ["RuleSet", "builtin_rules"]


def builtin_rules() -> tuple[Rule, ...]:
    """Every built-in rule, in the order their findings take precedence on a shared node."""
    from .boilerplate import BOILERPLATE_RULES
    from .cloaking import CLOAKING_RULES
    from .hidden import HIDDEN_RULES
    from .junk import JUNK_RULES
    from .link_farms import LINK_FARM_RULES
    from .stuffing import STUFFING_RULES

    # Spam families first: when two rules match one node, the spam finding explains it.
    return (
        *CLOAKING_RULES,
        *STUFFING_RULES,
        *HIDDEN_RULES,
        *LINK_FARM_RULES,
        *JUNK_RULES,
        *BOILERPLATE_RULES,
    )


def _matches_selector(rule: Rule, selector: str) -> bool:
    info = rule.info
    wanted = selector.strip()
    return (
        info.code.startswith(wanted.upper())
        or info.name == wanted.lower()
        or info.family.value == wanted.lower()
    )


def _code_group(rule: Rule) -> object:
    """Rules that may share one code: the lines of one filter list (see filterlist.py)."""
    return getattr(rule, "code_group", None)


class RuleSet:
    """An ordered, validated collection of rules.

    Codes are unique, except that the rules compiled from one filter list share its code
    (``COS001``); each of them names its line in ``info.origin``.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules: tuple[Rule, ...] = tuple(rules)
        seen: dict[str, Rule] = {}
        for rule in self._rules:
            code = rule.info.code
            first = seen.get(code)
            if first is not None:
                group = _code_group(rule)
                if group is None or group != _code_group(first):
                    raise ConfigError(f"duplicate rule code {code}: {first!r} and {rule!r}")
                continue
            seen[code] = rule
        self._by_code = seen

    @classmethod
    def builtin(cls) -> RuleSet:
        return cls(builtin_rules())

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def codes(self) -> list[str]:
        """The distinct rule codes, in rule order."""
        return list(self._by_code)

    def get(self, code: str) -> Rule:
        """The rule with this code or name (for a filter list's code: its first line)."""
        try:
            return self._by_code[code.upper()]
        except KeyError:
            for rule in self._rules:
                if rule.info.name == code.lower():
                    return rule
            raise ConfigError(
                f"unknown rule {code!r}; expected a code such as {next(iter(self._by_code), '')}"
                " (see `pagecleaner rules`)"
            ) from None

    def extended(self, rules: Iterable[Rule]) -> RuleSet:
        return RuleSet((*self._rules, *rules))

    def selected(self, select: Sequence[str] = (), disable: Sequence[str] = ()) -> RuleSet:
        """The rules matching ``select`` (all if empty) minus those matching ``disable``.

        Each entry is a code (``HID002``), a code prefix (``LNK``), a name or a family;
        an entry that matches no rule is a :class:`ConfigError` (a typo must not silently
        leave a rule on).
        """
        for entry in (*select, *disable):
            if not entry.strip():
                raise ConfigError(
                    "empty rule selection; expected a rule code, code prefix, name or family"
                )
            if not any(_matches_selector(rule, entry) for rule in self._rules):
                raise ConfigError(
                    f"no rule matches {entry!r}; expected a rule code, code prefix, name or"
                    " family (see `pagecleaner rules`)"
                )
        chosen = [
            rule
            for rule in self._rules
            if (not select and rule.info.default_enabled)
            or any(_matches_selector(rule, s) for s in select)
        ]
        return RuleSet(r for r in chosen if not any(_matches_selector(r, d) for d in disable))
