"""CSS scopes of many rules answered by one Lexbor query, split back by rule in Python.

Selector rules and the CSS scopes of heuristic rules are mostly short lists of simple
compounds (``nav``, ``[role="navigation" i]``, ``img[width]``). Rather than one query per
rule, the engine runs the union of their alternatives as one selector list and tells which
alternatives each matched node satisfies by testing its tag and attributes in Python. Only
compounds whose meaning is unambiguous are combined: an optional tag name and attribute
tests that are presence tests or carry the ``i`` flag (ASCII case-insensitive, as Lexbor
compares them). Any other selector keeps its own query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from ..dom import PageTree

__all__ = ["SimpleSelector", "combined_scopes", "parse_simple"]

_COMPOUND = re.compile(r"([a-z][a-z0-9]*)?((?:\[[^\]]*\])*)")
_ATTRIBUTE = re.compile(
    r"\[\s*([a-z][a-z0-9_-]*)\s*(?:([\^*$]?=)\s*(?:\"([^\"]*)\"|'([^']*)'|([a-z0-9_-]+))\s+i\s*)?\]"
)
_PRESENCE = re.compile(r"\[\s*[a-z][a-z0-9_-]*\s*\]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

Test = Callable[[str | None], bool]
"""A test of one attribute's value (None: the attribute is absent; '' when valueless)."""


class SimpleSelector:
    """One compound: an optional tag and attribute tests, each (name, test)."""

    __slots__ = ("attributes", "tag")

    def __init__(self, tag: str | None, attributes: tuple[tuple[str, Test], ...]) -> None:
        self.tag = tag
        self.attributes = attributes

    def matches(self, tag: str, attributes: dict[str, str | None] | None) -> bool:
        if self.tag is not None and tag != self.tag:
            return False
        if not self.attributes:
            return True
        assert attributes is not None
        for name, test in self.attributes:
            if name not in attributes:
                return False
            if not test(attributes[name] or ""):
                return False
        return True


def _value_test(operator: str, wanted: str) -> Test:
    wanted = wanted.translate(_ASCII_LOWER)
    if not wanted and operator != "=":
        return lambda value: False  # [a^=""] matches nothing (Selectors 3)
    if operator == "=":
        return lambda value: (value or "").translate(_ASCII_LOWER) == wanted
    if operator == "^=":
        return lambda value: (value or "").translate(_ASCII_LOWER).startswith(wanted)
    if operator == "$=":
        return lambda value: (value or "").translate(_ASCII_LOWER).endswith(wanted)
    return lambda value: wanted in (value or "").translate(_ASCII_LOWER)


def _present(value: str | None) -> bool:
    return True


@lru_cache(maxsize=1024)
def parse_simple(selector: str) -> tuple[tuple[str, SimpleSelector], ...] | None:
    """(alternative text, compound) for each alternative of a selector list, or None when
    any alternative is not a simple compound this module can test exactly."""
    found = []
    for part in selector.split(","):
        text = part.strip()
        match = _COMPOUND.fullmatch(text)
        if not text or match is None:
            return None
        tag, tests = match.group(1), match.group(2)
        attributes: list[tuple[str, Test]] = []
        for piece in re.findall(r"\[[^\]]*\]", tests):
            if _PRESENCE.fullmatch(piece):
                attributes.append((piece.strip("[] "), _present))
                continue
            attribute = _ATTRIBUTE.fullmatch(piece)
            if attribute is None:
                return None
            name, operator = attribute.group(1), attribute.group(2)
            value = next(v for v in attribute.group(3, 4, 5) if v is not None)
            attributes.append((name, _value_test(operator, value)))
        if not tag and not attributes:
            return None
        found.append((text, SimpleSelector(tag, tuple(attributes))))
    return tuple(found)


def combined_scopes(tree: PageTree, selectors: Iterable[str]) -> dict[str, list[int]]:
    """The nodes of each selector that :func:`parse_simple` accepts, from one Lexbor query:
    what ``tree.css(selector)`` yields, duplicates aside (document order, each node once)."""
    parsed: dict[str, Sequence[tuple[str, SimpleSelector]]] = {}
    for selector in selectors:
        alternatives = parse_simple(selector)
        if alternatives is not None:
            parsed[selector] = alternatives
    if not parsed:
        return {}
    union = list(dict.fromkeys(text for alts in parsed.values() for text, _ in alts))
    hits = sorted(set(tree.css(", ".join(union))))
    found: dict[str, list[int]] = {selector: [] for selector in parsed}
    if not hits:
        return found
    # Each compound is tried only on nodes of its tag, or (tagless) carrying its first
    # attribute: a node meets a handful of tests, not every rule's.
    by_tag: dict[str, list[tuple[list[int], SimpleSelector]]] = {}
    by_attribute: dict[str, list[tuple[list[int], SimpleSelector]]] = {}
    for selector, compounds in parsed.items():
        for _, compound in compounds:
            entry = (found[selector], compound)
            if compound.tag is not None:
                by_tag.setdefault(compound.tag, []).append(entry)
            else:
                by_attribute.setdefault(compound.attributes[0][0], []).append(entry)
    tags, nodes = tree.tags, tree.nodes
    for i in hits:
        tag = tags[i]
        attributes = nodes[i].attributes
        entries = by_tag.get(tag, [])
        for name in attributes:
            more = by_attribute.get(name)
            if more:
                entries = entries + more
        for members, compound in entries:
            if (not members or members[-1] != i) and compound.matches(tag, attributes):
                members.append(i)
    return found
