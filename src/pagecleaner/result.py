"""What pagecleaner returns: the result, its metadata and the report of every decision.

Data only: nothing here parses HTML. One schema serves Python and JSON (``to_dict``).
"""

from __future__ import annotations

import enum
import json
from dataclasses import FrozenInstanceError, asdict, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from .render import ArticleModel

__all__ = [
    "Action",
    "CleanResult",
    "Family",
    "Finding",
    "Metadata",
    "Outcome",
    "Report",
    "SpamReport",
    "Verdict",
]

Outcome = Literal["article", "no-article", "no-candidate", "below-min-length"]
Verdict = Literal["clean", "cleaned", "spam"]


class Action(str, enum.Enum):
    """What a rule does to the node it matched."""

    DROP = "drop"
    """Remove the node and its whole subtree."""
    UNWRAP = "unwrap"
    """Remove the tag but keep its children and text."""
    PENALIZE = "penalize"
    """Keep the node but lower its score as an article candidate."""
    PROTECT = "protect"
    """Veto every drop of this node or its ancestors."""


class Family(str, enum.Enum):
    """The kind of junk a rule detects."""

    JUNK = "junk"
    """Markup that is never article text: scripts, styles, embeds, tag noise."""
    HIDDEN = "hidden"
    """Content a browser would not show."""
    LINK_FARM = "link-farm"
    """Blocks made of links rather than prose."""
    STUFFING = "stuffing"
    """Keyword lists written to be indexed, not read."""
    CLOAKING = "cloaking"
    """Scripts that show search engines and people different pages."""
    BOILERPLATE = "boilerplate"
    """Ordinary site furniture: navigation, footers, share bars, banners."""
    USER = "user"
    """Rules from a user's rule pack or filter list."""


EvidenceValue = float | int | str | bool


class NodeDescriber(Protocol):
    """Where the text of deferred findings comes from: the page's tree, until read."""

    def describe(self, index: int) -> tuple[str, str]:
        """The node path and text snippet of node ``index``."""


class Finding:
    """What one rule decided about one node, and the evidence it used.

    Attributes (read-only): ``code``, ``rule``, ``family``, ``action``, ``path`` (where
    the node was: ``html/body/div[2]/p[3]``, 1-based index among same-tag siblings),
    ``snippet`` (the first characters of the node's text, or markup for nodes without
    text), ``message``, ``evidence``, ``spam`` (True when the node is evidence of injected
    spam, not ordinary boilerplate) and ``origin`` (where a user rule came from,
    ``rules.toml:12``; None for built-in rules).

    Findings made by the pipeline are deferred: they keep the node's index and the
    judgement's evidence, and their path, snippet and evidence dict are built on first
    read; until then the finding holds the page's tree (only the last few pages cleaned
    keep theirs: older ones are built then). Most callers read only the text and the
    verdict, and never pay for them.
    """

    __slots__ = (
        "__weakref__",
        "_evidence",
        "_extra",
        "_index",
        "_path",
        "_snippet",
        "_source",
        "action",
        "code",
        "family",
        "message",
        "origin",
        "rule",
        "spam",
    )
    __match_args__ = (
        "code",
        "rule",
        "family",
        "action",
        "path",
        "snippet",
        "message",
        "evidence",
        "spam",
        "origin",
    )

    code: str
    rule: str
    family: Family
    action: Action
    message: str
    spam: bool
    origin: str | None
    _path: str | None
    _snippet: str | None
    _evidence: dict[str, EvidenceValue] | None
    _source: NodeDescriber | None
    _index: int
    _extra: tuple[dict[str, EvidenceValue], dict[str, float] | None] | None

    def __init__(
        self,
        code: str,
        rule: str,
        family: Family,
        action: Action,
        path: str,
        snippet: str,
        message: str,
        evidence: dict[str, EvidenceValue] | None = None,
        spam: bool = False,
        origin: str | None = None,
    ) -> None:
        init = object.__setattr__
        for name, value in (
            ("code", code),
            ("rule", rule),
            ("family", family),
            ("action", action),
            ("_path", path),
            ("_snippet", snippet),
            ("message", message),
            ("_evidence", {} if evidence is None else evidence),
            ("spam", spam),
            ("origin", origin),
            ("_source", None),
            ("_index", -1),
            ("_extra", None),
        ):
            init(self, name, value)

    @classmethod
    def deferred(
        cls,
        *,
        code: str,
        rule: str,
        family: Family,
        action: Action,
        message: str,
        evidence: dict[str, EvidenceValue],
        spam: bool,
        origin: str | None,
        source: NodeDescriber,
        index: int,
        extra: dict[str, float] | None = None,
    ) -> Finding:
        """A finding whose path, snippet and evidence copy are built when first read.

        ``evidence`` is the judgement's own dict (shared, never modified: it is copied and
        merged with ``extra`` on first read)."""
        self = cls.__new__(cls)
        init = object.__setattr__
        init(self, "code", code)
        init(self, "rule", rule)
        init(self, "family", family)
        init(self, "action", action)
        init(self, "_path", None)
        init(self, "_snippet", None)
        init(self, "message", message)
        init(self, "_evidence", None)
        init(self, "spam", spam)
        init(self, "origin", origin)
        init(self, "_source", source)
        init(self, "_index", index)
        init(self, "_extra", (evidence, extra))
        return self

    def _fill(self, path: str, snippet: str) -> None:
        """Called by the source: the deferred parts, built now."""
        init = object.__setattr__
        assert self._extra is not None
        evidence, extra = self._extra
        merged = dict(evidence)
        if extra:
            merged.update(extra)
        init(self, "_path", path)
        init(self, "_snippet", snippet)
        init(self, "_evidence", merged)
        init(self, "_source", None)
        init(self, "_extra", None)

    def _resolved(self) -> None:
        source = self._source
        if source is not None:
            self._fill(*source.describe(self._index))

    @property
    def path(self) -> str:
        """Where the node was: ``html/body/div[2]/p[3]``."""
        if self._source is not None:
            self._resolved()
        assert self._path is not None
        return self._path

    @property
    def snippet(self) -> str:
        """The first characters of the node's text (or markup, for nodes without text)."""
        if self._source is not None:
            self._resolved()
        assert self._snippet is not None
        return self._snippet

    @property
    def evidence(self) -> dict[str, EvidenceValue]:
        """The numbers and values the rule used."""
        if self._source is not None:
            self._resolved()
        assert self._evidence is not None
        return self._evidence

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__match_args__)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Finding)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__match_args__)
        return f"Finding({fields})"

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        return (Finding, self._values())

    def __copy__(self) -> Finding:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Finding:
        return Finding(
            self.code,
            self.rule,
            self.family,
            self.action,
            self.path,
            self.snippet,
            self.message,
            dict(self.evidence),
            self.spam,
            self.origin,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "family": self.family.value,
            "action": self.action.value,
            "path": self.path,
            "snippet": self.snippet,
            "message": self.message,
            "evidence": dict(self.evidence),
            "spam": self.spam,
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Every decision the pipeline took on one page."""

    outcome: Outcome
    findings: tuple[Finding, ...] = ()
    passes: tuple[str, ...] = ()
    """The selection passes tried, in order (``strict``, then ``relaxed``)."""
    candidates: tuple[dict[str, Any], ...] = ()
    """The best article candidates with their score contributions."""
    encoding: str | None = None
    """The encoding used to decode byte input (None for str input)."""
    guarded: tuple[Finding, ...] = ()
    """Drops the guard refused because they would have taken most of the page's text."""

    def counts(self) -> dict[str, int]:
        """Number of findings per rule code, sorted by code."""
        totals: dict[str, int] = {}
        for finding in self.findings:
            totals[finding.code] = totals.get(finding.code, 0) + 1
        return dict(sorted(totals.items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "encoding": self.encoding,
            "passes": list(self.passes),
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            "guarded": [f.to_dict() for f in self.guarded],
            "candidates": list(self.candidates),
        }


@dataclass(frozen=True, slots=True)
class SpamReport:
    """The page-level spam call, with the evidence behind it."""

    verdict: Verdict
    """``clean`` (nothing found), ``cleaned`` (spam found and removed), ``spam`` (no article)."""
    score: float
    families: dict[str, int] = field(default_factory=dict)
    """Spam findings per family."""
    hosts: tuple[str, ...] = ()
    """Hosts of the spam links found, sorted."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "families": dict(self.families),
            "hosts": list(self.hosts),
        }


@dataclass(frozen=True, slots=True)
class Metadata:
    """The article's metadata. ``None`` means not found; ``sources`` names where each came from."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date_published: str | None = None
    date_modified: str | None = None
    site_name: str | None = None
    description: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    license: str | None = None
    """A Creative Commons licence as ``CC BY-SA 4.0``; otherwise the licence URL or text."""
    page_type: str | None = None
    """The schema.org type of the page's article (``NewsArticle``) or its ``og:type``."""
    sources: dict[str, str] = field(default_factory=dict)
    """Field name → source: ``json-ld``, ``microdata``, ``opengraph``, ``meta``, ``dom``,
    ``url`` or ``text`` (a language guessed from the script of the title)."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        data["tags"] = list(self.tags)
        data["categories"] = list(self.categories)
        return data


@dataclass(frozen=True)
class CleanResult:
    """The clean article of one page, its metadata, the spam verdict and the report.

    ``text`` is always computed; ``markdown`` and ``html`` are rendered on first access.
    When no article was found, ``text`` is empty and ``report.outcome`` says why.
    """

    text: str
    metadata: Metadata
    report: Report
    spam: SpamReport
    links: tuple[str, ...] = ()
    """Absolute URLs of the links kept inside the article."""
    url: str | None = None
    comments: str = ""
    """The reader comments as text, when ``Options.include_comments`` asked for them."""
    model: ArticleModel | None = field(default=None, repr=False, compare=False)

    @property
    def outcome(self) -> Outcome:
        return self.report.outcome

    @property
    def has_article(self) -> bool:
        return self.report.outcome == "article"

    @cached_property
    def markdown(self) -> str:
        from .render import render_markdown

        return render_markdown(self.model) if self.model is not None else ""

    @cached_property
    def html(self) -> str:
        """The article as sanitised HTML: no scripts, no event handlers, no javascript: URLs."""
        from .render import render_html

        return render_html(self.model) if self.model is not None else ""

    def to_dict(self) -> dict[str, Any]:
        """The whole result as JSON-compatible data; ``to_json`` writes the same schema."""
        return {
            "url": self.url,
            "outcome": self.outcome,
            "text": self.text,
            "comments": self.comments,
            "markdown": self.markdown,
            "html": self.html,
            "links": list(self.links),
            "metadata": self.metadata.to_dict(),
            "spam": self.spam.to_dict(),
            "report": self.report.to_dict(),
        }

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
