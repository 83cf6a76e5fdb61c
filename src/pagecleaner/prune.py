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
import threading
import time
import weakref
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .dom import PageTree
from .errors import RuleError
from .result import Action, Family, Finding
from .rules import HeuristicRule, Match, Rule, SelectorRule, Stage
from .rules.context import PageContext, RuleStats, is_bare_tags
from .rules.selectors import combined_scopes

__all__ = ["Candidate", "PruneState", "apply_matches", "collect_matches", "keep_deferred"]

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
    spam_dropped: list[int] = field(default_factory=list)
    """The dropped indices whose finding is spam (what the doorway test weighs)."""
    nodes: PageNodes = field(default_factory=lambda: PageNodes(None))
    """Where the deferred findings get their paths and snippets (set by apply_matches)."""


def collect_matches(
    rules: Iterable[Rule],
    page: PageContext,
    stage: Stage,
    *,
    within: Sequence[int] = (),
    stats: dict[str, RuleStats] | None = None,
) -> list[Candidate]:
    """Every match of every rule of ``stage``, against the tree as it stands.

    Article-stage rules pass the selected roots as ``within`` and see them as
    ``page.article_roots``. ``stats``, when given, collects each rule's time, candidates,
    gate survivors, matches and CPU time (keyed by code; benchmarks read it).
    """
    collected: list[Candidate] = []
    page.article_roots = tuple(within)
    page.stats = stats
    if not within:
        rules = list(rules)
        page.combined = combined_scopes(page.tree, _css_scopes(rules, stage))
    clock = time.process_time  # CPU time: steadier than wall time on a shared machine
    for order, rule in enumerate(rules):
        if rule.info.stage != stage:
            continue
        try:
            if stats is None:
                collected.extend(Candidate(m, rule, order) for m in rule.matches(page))
                continue
            started = clock()
            found = [Candidate(m, rule, order) for m in rule.matches(page)]
            counts = stats.setdefault(rule.info.code, RuleStats())
            counts.seconds += clock() - started
            counts.calls += 1
            counts.matches += len(found)
            collected.extend(found)
        except RuleError:
            raise
        except Exception as exc:  # a rule bug must name the rule, not surface from deep inside
            raise RuleError(rule.info.code, f"{type(exc).__name__}: {exc}") from exc
    return collected


def _css_scopes(rules: Sequence[Rule], stage: Stage) -> list[str]:
    """The CSS scopes the engine can answer in advance for ``rules``: selector rules and
    heuristic rules that iterate their scope through ``page.scope`` (not those that choose
    their own nodes, nor those gated on spam vocabulary, which most pages skip)."""
    found: list[str] = []
    for rule in rules:
        if rule.info.stage != stage:
            continue
        if isinstance(rule, SelectorRule) and type(rule).matches is SelectorRule.matches:
            scope = rule.selector
        elif (
            isinstance(rule, HeuristicRule)
            and type(rule).matches is HeuristicRule.matches
            and not rule.needs_spam_terms
        ):
            scope = rule.scope
        else:
            continue
        if not scope.startswith("@") and not is_bare_tags(scope):
            found.append(scope)
    return found


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
    if state.nodes.tree is not tree:  # a new state, or its findings were already read
        state.nodes = PageNodes(tree)
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
            share = round(tree.text_chars[i] / total_text, 3)
            state.guarded.append(_finding(c, state, i, extra={"text_share": share}))
            continue
        if i == page.body or tree.tags[i] == "html":
            continue
        finding = _finding(c, state, i)
        if action is Action.DROP:
            tree.drop(i)
            state.dropped.append(i)
            if spam:
                state.spam_dropped.append(i)
        else:
            tree.unwrap(i)
        state.findings.append(finding)


def _finding(
    c: Candidate, state: PruneState, i: int, extra: dict[str, float] | None = None
) -> Finding:
    info = c.rule.info
    judgement = c.match.judgement
    finding = Finding.deferred(
        code=info.code,
        rule=info.name,
        family=info.family,
        action=info.action,
        message=judgement.message,
        evidence=judgement.evidence,
        spam=judgement.spam,
        origin=info.origin,
        source=state.nodes,
        index=i,
        extra=extra,
    )
    state.nodes.findings.append(weakref.ref(finding))
    return finding


class PageNodes:
    """The page's tree, kept for its deferred findings.

    Each finding builds its path and snippet from it when first read, then lets go of it;
    the findings are referred to weakly (no reference cycle: a dropped result frees its
    tree at once, by reference counting). Results that are kept unread would keep their
    trees too, so only the last :data:`MAX_DEFERRED_PAGES` pages finished keep theirs
    (:func:`keep_deferred`): an older page's live findings are built then and its tree
    released.
    """

    __slots__ = ("__weakref__", "findings", "tree")

    def __init__(self, tree: PageTree | None) -> None:
        self.tree = tree
        self.findings: list[weakref.ref[Finding]] = []

    def describe(self, index: int) -> tuple[str, str]:
        tree = self.tree
        assert tree is not None
        return tree.path(index), _snippet(tree, index)

    def release(self) -> None:
        """Build every deferred finding still alive, then let go of the tree."""
        tree = self.tree
        if tree is None:
            return
        for ref in self.findings:
            finding = ref()
            if finding is not None and finding._source is self:
                i = finding._index
                finding._fill(tree.path(i), _snippet(tree, i))
        self.findings = []
        self.tree = None


# How many finished pages may keep their trees for unread findings (about 2 MB each on the
# benchmark's pages): a caller holding thousands of results must not hold their trees.
MAX_DEFERRED_PAGES = 8
_deferred: deque[weakref.ref[PageNodes]] = deque()
_deferred_lock = threading.Lock()


def keep_deferred(nodes: PageNodes) -> None:
    """Called when a page's findings are final: the oldest page beyond the last
    :data:`MAX_DEFERRED_PAGES` still alive has its findings built and its tree released."""
    with _deferred_lock:
        _deferred.append(weakref.ref(nodes))
        while len(_deferred) > MAX_DEFERRED_PAGES:
            older = _deferred.popleft()()
            if older is not None:
                older.release()


def _snippet(tree: PageTree, i: int) -> str:
    snippet = tree.text(i, SNIPPET_CHARS)
    if not snippet and tree.tags[i] == "meta":
        snippet = (tree.attr(i, "content") or "")[:SNIPPET_CHARS]
    if not snippet:
        snippet = tree.nodes[i].html or ""
        snippet = " ".join(snippet[: SNIPPET_CHARS * 2].split())[:SNIPPET_CHARS]
    return snippet


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
