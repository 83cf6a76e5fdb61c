"""Rules: small declared judgements over the page tree.

A rule has a stable code (``HID002``), a kebab-case name naming the junk it detects
(``hidden-inline-style``), a family, an action and its documentation. Two kinds share
:class:`RuleInfo`:

* :class:`SelectorRule` - data: a CSS selector evaluated in Lexbor's C code.
* :class:`HeuristicRule` - a ``judge`` function over precomputed node statistics, applied
  by the engine to the nodes of a declared ``scope`` (a CSS pre-filter or a node set the
  tree walk collected) that pass its optional :class:`Gate` (cheap preconditions on the
  walk's columns, evaluated by the engine for all the scope's nodes at once). Rules never
  walk the tree themselves.

Adding a rule touches one place: its family module, plus its cases in
``tests/fixtures/rules/<CODE>.toml``.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

import regex

from ..errors import ConfigError
from ..result import Action, Family

if TYPE_CHECKING:
    from .context import PageContext

__all__ = [
    "Gate",
    "HeuristicRule",
    "Judgement",
    "Match",
    "Rule",
    "RuleInfo",
    "SelectorRule",
    "Stage",
]

Stage = Literal["prune", "article"]

_CODE = regex.compile(r"^[A-Z]{3}\d{3}$")
_NAME = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EvidenceValue = float | int | str | bool


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """Everything a user needs to know about a rule; ``pagecleaner rule CODE`` prints it."""

    code: str
    name: str
    family: Family
    action: Action
    summary: str
    why: str
    """Why is this junk? The rationale, for users who wonder why text vanished."""
    example: str = ""
    """An HTML example of what the rule matches, and what is kept."""
    false_positives: str = ""
    """Known look-alikes the rule keeps (or may wrongly drop)."""
    stage: Stage = "prune"
    """``prune`` rules run on the whole page before scoring; ``article`` rules inside the
    selected article only."""
    default_enabled: bool = True
    relaxable: bool = False
    """If True, the relaxed selection pass ignores this rule (class-name guesses and the
    like, which Readability also drops when its strict pass finds too little)."""
    options: Mapping[str, tuple[object, str]] = field(default_factory=dict)
    """Option name → (default, description)."""
    origin: str | None = None

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ConfigError(
                f"rule code must be three capitals and three digits, got {self.code!r}"
            )
        if not _NAME.match(self.name):
            raise ConfigError(f"rule name must be kebab-case, got {self.name!r}")
        if not self.summary or not self.why:
            raise ConfigError(f"rule {self.code} needs a summary and a why")


@dataclass(frozen=True, slots=True)
class Gate:
    """Cheap preconditions a node must meet before a rule's ``judge`` sees it.

    Declared as data on a :class:`HeuristicRule` (``gate = Gate(...)``); the engine
    evaluates it over the statistics walk's columns for all the nodes of the rule's scope
    at once (one list comprehension per condition, in C-level loops) and calls ``judge``
    only on the survivors. Every condition left at its default is not tested. A gate must
    only reject nodes ``judge`` would reject anyway: the judge keeps its own tests, so a
    rule's output is the same with or without its gate, only cheaper.

    Thresholds given as a string name one of the rule's options (``info.options``), read
    once per page with the page's overrides.
    """

    tags: frozenset[str] | None = None
    """Only elements with one of these tag names."""
    exclude_tags: frozenset[str] = frozenset()
    """Never elements with one of these tag names."""
    min_chars: int = 0
    """At least this many characters of text in the subtree (``PageTree.text_chars``)."""
    max_chars: int | None = None
    """At most this many characters of text in the subtree."""
    min_own_chars: int = 0
    """At least this many characters of text of the element's own (``own_chars``)."""
    min_commas: int = 0
    """At least this many separators in the subtree (``PageTree.commas``)."""
    min_link_density: float | str | None = None
    """Link text share (``PageTree.link_density``) at least this."""
    kept: bool = False
    """Skip elements already dropped (article-stage rules run after the prune stage)."""


@dataclass(frozen=True, slots=True)
class Judgement:
    """A heuristic rule's verdict on one node: why, with the numbers it used."""

    message: str
    evidence: dict[str, EvidenceValue] = field(default_factory=dict)
    spam: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """One node a rule matched, with its judgement."""

    index: int
    judgement: Judgement


class Rule(abc.ABC):
    """Base of every rule. Subclasses set ``info`` and implement :meth:`matches`."""

    info: ClassVar[RuleInfo]

    @abc.abstractmethod
    def matches(self, page: PageContext) -> Iterator[Match]:
        """The nodes this rule matches on the page."""

    def option(self, page: PageContext, name: str) -> object:
        overrides = page.options.rule_options.get(self.info.code, {})
        if name in overrides:
            return overrides[name]
        return self.info.options[name][0]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.info.code} {self.info.name}>"


class SelectorRule(Rule):
    """A rule that is only a CSS selector: data, evaluated in the parser's C code."""

    def __init__(self, info: RuleInfo, selector: str, *, spam: bool = False) -> None:
        self.info = info  # type: ignore[misc]
        self.selector = selector
        self.spam = spam
        self._judgement = Judgement(message=f"matches {selector}", spam=spam)

    def matches(self, page: PageContext) -> Iterator[Match]:
        judgement = self._judgement
        for i in page.scope(self.selector):
            yield Match(i, judgement)


class HeuristicRule(Rule):
    """A rule that judges nodes from their statistics.

    ``scope`` is a CSS selector that pre-filters the nodes in C, or a node set the tree
    walk collected: ``@link-blocks`` (elements with links), ``@paragraphs`` (prose
    elements, in the walk's closing order), ``@text-blocks`` (blocks with text of their
    own), ``@prose-blocks`` (both, in document order), ``@page`` (one call with index -1,
    for page-level judgements that override :meth:`matches`).
    """

    scope: ClassVar[str]
    gate: ClassVar[Gate | None] = None
    """Preconditions evaluated in bulk by the engine before ``judge`` (see :class:`Gate`)."""
    outermost_only: ClassVar[bool] = False
    """Skip nodes inside one this rule already matched: one finding explains a block."""
    needs_spam_terms: ClassVar[bool] = False
    """Judge only pages whose visible text carries strong spam vocabulary."""
    empties_article: ClassVar[bool] = False
    """An article-stage rule whose match says the page has no article (a doorway): the
    guard that keeps article-stage rules from emptying the article does not apply."""

    @abc.abstractmethod
    def judge(self, i: int, page: PageContext) -> Judgement | None:
        """Judge node ``i``; return None to leave it alone."""

    def matches(self, page: PageContext) -> Iterator[Match]:
        if self.needs_spam_terms and not page.page_hits.strong:
            return
        end = page.tree.end
        covered_until = -1
        nodes: Iterable[int] = page.scope(self.scope)
        if self.gate is not None or page.stats is not None:
            nodes = page.gated(self, nodes, self.gate)
        for i in nodes:  # scopes come in document order
            if i <= covered_until:
                continue
            judgement = self.judge(i, page)
            if judgement is not None:
                if self.outermost_only:
                    covered_until = end[i]
                yield Match(i, judgement)
