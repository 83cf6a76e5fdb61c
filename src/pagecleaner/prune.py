"""Stage 3, prune: run the rules, collect their matches, then apply them.

Collect, then apply (trafilatura's ``deletions``): every rule sees the same unmodified
tree. Applying obeys three principles:

* PROTECT vetoes a drop of the protected node or any of its ancestors;
* spam drops are applied before boilerplate drops, so spam nested in a footer is still
  reported as spam, and each dropped node is explained by exactly one finding;
* a guard refuses a non-spam hiding drop that would take most of the page's text (a page
  wrapper hidden until JavaScript reveals it) and records it in the report. Concealed text
  (off-screen, 1-pixel boxes: see ``css.hiding_kind``) is no such wrapper, since no script
  ever shows it: an injected block bigger than the article must not stay and outscore it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import RuleError
from .result import Action, Family, Finding
from .rules import Match, Rule, Stage
from .rules.context import PageContext

__all__ = ["Candidate", "PruneState", "apply_matches", "collect_matches"]

# A non-spam drop may not take more than this share of the page's text (see module doc).
MAX_BOILERPLATE_DROP_SHARE = 0.5
SNIPPET_CHARS = 80


@dataclass(frozen=True, slots=True)
class Candidate:
    """A match waiting to be applied: which rule, which node, why."""

    match: Match
    rule: Rule
    order: int


@dataclass(slots=True)
class PruneState:
    """What applying matches did: findings for applied drops, guarded ones, spam hosts."""

    findings: list[Finding] = field(default_factory=list)
    guarded: list[Finding] = field(default_factory=list)
    spam_hosts: set[str] = field(default_factory=set)
    dropped: list[int] = field(default_factory=list)
    """Indices dropped, in the order applied."""
    shadowed: list[int] = field(default_factory=list)
    """Indices a rule would drop that an ancestor's drop already covers (no finding)."""


def collect_matches(
    rules: Iterable[Rule], page: PageContext, stage: Stage, *, within: Sequence[int] = ()
) -> list[Candidate]:
    """Every match of every rule of ``stage``, against the tree as it stands.

    Article-stage rules pass the selected roots as ``within`` and see them as
    ``page.article_roots``.
    """
    collected: list[Candidate] = []
    page.article_roots = tuple(within)
    for order, rule in enumerate(rules):
        if rule.info.stage != stage:
            continue
        try:
            collected.extend(Candidate(m, rule, order) for m in rule.matches(page))
        except RuleError:
            raise
        except Exception as exc:  # a rule bug must name the rule, not surface from deep inside
            raise RuleError(rule.info.code, f"{type(exc).__name__}: {exc}") from exc
    return collected


def apply_matches(
    candidates: Sequence[Candidate],
    page: PageContext,
    state: PruneState,
    *,
    skip_relaxable: bool = False,
    within: Sequence[int] = (),
) -> None:
    """Apply matches to the tree's removal state, recording one finding per removal.

    ``within`` restricts application to the subtrees of these indices (article stage).
    """
    tree = page.tree
    end = tree.end
    active = [
        c
        for c in candidates
        if not (skip_relaxable and c.rule.info.relaxable)
        and (not within or any(tree.is_inside(c.match.index, root) for root in within))
    ]
    protected = sorted(c.match.index for c in active if c.rule.info.action is Action.PROTECT)

    def is_vetoed(i: int) -> bool:
        k = bisect.bisect_left(protected, i)
        return k < len(protected) and protected[k] <= end[i]

    # Per node, the winning match: spam first, then rule order (spam families come first).
    best: dict[int, Candidate] = {}
    for c in active:
        i = c.match.index
        current = best.get(i)
        if current is None or (c.match.judgement.spam, -c.order) > (
            current.match.judgement.spam,
            -current.order,
        ):
            best[i] = c
    ordered = sorted(best.values(), key=lambda c: (not c.match.judgement.spam, c.match.index))
    total_text = tree.text_chars[page.body] or 1
    for c in ordered:
        i = c.match.index
        action = c.rule.info.action
        if action in (Action.PROTECT, Action.PENALIZE):
            continue
        if tree.removed[i] == 1:
            if action is Action.DROP:
                state.shadowed.append(i)
            continue
        if is_vetoed(i):
            continue
        spam = c.match.judgement.spam
        if spam:
            state.spam_hosts.update(_link_hosts(page, i))
        if (
            action is Action.DROP
            and not spam
            and c.rule.info.family is Family.HIDDEN
            and c.match.judgement.evidence.get("hiding") != "concealed"
            and tree.text_chars[i] > MAX_BOILERPLATE_DROP_SHARE * total_text
            and total_text > 1
        ):
            state.guarded.append(
                _finding(c, page, extra={"text_share": round(tree.text_chars[i] / total_text, 3)})
            )
            continue
        if i == page.body or tree.tags[i] == "html":
            continue
        finding = _finding(c, page)
        if action is Action.DROP:
            tree.drop(i)
            state.dropped.append(i)
        else:
            tree.unwrap(i)
        state.findings.append(finding)


def _finding(c: Candidate, page: PageContext, extra: dict[str, float] | None = None) -> Finding:
    tree = page.tree
    i = c.match.index
    info = c.rule.info
    judgement = c.match.judgement
    snippet = tree.text(i, SNIPPET_CHARS)
    if not snippet and tree.tags[i] == "meta":
        snippet = (tree.attr(i, "content") or "")[:SNIPPET_CHARS]
    if not snippet:
        snippet = tree.nodes[i].html or ""
        snippet = " ".join(snippet[: SNIPPET_CHARS * 2].split())[:SNIPPET_CHARS]
    evidence = dict(judgement.evidence)
    if extra:
        evidence.update(extra)
    return Finding(
        code=info.code,
        rule=info.name,
        family=info.family,
        action=info.action,
        path=tree.path(i),
        snippet=snippet,
        message=judgement.message,
        evidence=evidence,
        spam=judgement.spam,
        origin=info.origin,
    )


def _link_hosts(page: PageContext, i: int) -> set[str]:
    hosts: set[str] = set()
    for a in page.tree.nodes[i].css("a[href]"):
        href = a.attributes.get("href") or ""
        if page.is_external(href):
            try:
                host = urlsplit(href.strip()).hostname
            except ValueError:
                continue
            if host:
                hosts.add(host.lower())
    return hosts
