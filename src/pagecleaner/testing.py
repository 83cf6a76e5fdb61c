"""Assertion helpers for test suites: pagecleaner's own and those of content pipelines.

* :func:`assert_keeps` / :func:`assert_drops` check a result's text the way the spam
  benchmark does (Unicode-normalised, case- and whitespace-insensitive for spam strings).
* :func:`load_rule_cases` / :func:`assert_rule_case` run the rule cases kept as TOML files
  (``tests/fixtures/rules/<CODE>.toml``): each case is HTML, a CSS selector for the node
  the case is about, and whether the rule must match (``dropped``) or not (``kept``).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .dom import build_tree
from .errors import ConfigError
from .options import Options
from .parse import parse_html
from .result import CleanResult
from .rules import Rule
from .rules.context import PageContext
from .rules.registry import RuleSet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "RuleCase",
    "assert_drops",
    "assert_keeps",
    "assert_rule_case",
    "load_rule_cases",
    "normalise_for_matching",
    "rule_matches",
]


def normalise_for_matching(text: str) -> str:
    """NFKC, case-folded, all whitespace removed: the spam corpus's leak normalisation."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _collapse(text: str) -> str:
    return " ".join(text.split())


def assert_keeps(result: CleanResult, snippets: Iterable[str]) -> None:
    """Every snippet occurs in the result's text (whitespace-normalised, case-sensitive)."""
    text = _collapse(result.text)
    missing = [s for s in snippets if _collapse(s) not in text]
    if missing:
        raise AssertionError(
            f"{len(missing)} expected snippet(s) missing from the article text, first: "
            f"{missing[0][:80]!r}; text starts {text[:120]!r}"
        )


def assert_drops(
    result: CleanResult, strings: Iterable[str], *, include_title: bool = True
) -> None:
    """No string occurs in the text (or title), compared as the spam benchmark compares."""
    haystack = result.text + ("\n" + (result.metadata.title or "") if include_title else "")
    normalised = normalise_for_matching(haystack)
    leaked = [s for s in strings if normalise_for_matching(s) in normalised]
    if leaked:
        raise AssertionError(f"{len(leaked)} string(s) leaked into the output: {leaked[:5]!r}")


@dataclass(frozen=True, slots=True)
class RuleCase:
    """One named example for one rule."""

    code: str
    name: str
    html: str
    target: str
    """CSS selector of the node the case is about."""
    expect: Literal["dropped", "kept"]
    url: str | None = None
    options: dict[str, object] = field(default_factory=dict)
    source: str = ""


def load_rule_cases(path: str | os.PathLike[str]) -> list[RuleCase]:
    """Read a rule case file: ``code = "HID002"`` and ``[[cases]]`` tables.

    Unknown keys are a :class:`ConfigError` naming the file and case.
    """
    with open(path, "rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(str(exc), source=os.fspath(path)) from None
    code = data.get("code")
    if not isinstance(code, str):
        raise ConfigError("missing 'code = \"XXX000\"'", source=os.fspath(path))
    allowed = {"name", "html", "target", "expect", "url", "options"}
    cases = []
    for number, raw in enumerate(data.get("cases", []), start=1):
        unknown = set(raw) - allowed
        if unknown:
            raise ConfigError(
                f"case {number}: unknown key(s) {sorted(unknown)}; expected {sorted(allowed)}",
                source=os.fspath(path),
            )
        if raw.get("expect") not in ("dropped", "kept"):
            raise ConfigError(
                f"case {number}: expect must be 'dropped' or 'kept', got {raw.get('expect')!r}",
                source=os.fspath(path),
            )
        cases.append(
            RuleCase(
                code=code,
                name=str(raw.get("name", f"case-{number}")),
                html=str(raw["html"]),
                target=str(raw.get("target", "body > *")),
                expect=raw["expect"],
                url=raw.get("url"),
                options=dict(raw.get("options", {})),
                source=f"{os.fspath(path)}#{number}",
            )
        )
    return cases


def rule_matches(
    rule: Rule, html: str, *, url: str | None = None, options: Options | None = None
) -> tuple[list[int], PageContext]:
    """Indices the rule matches on a page, with the page context (for targeted checks)."""
    tree = build_tree(parse_html(html))
    page = PageContext(tree, options or Options(), url)
    if getattr(rule, "empties_article", False):
        # A doorway test weighs what the prune stage dropped as spam, as in the pipeline.
        from .prune import PruneState, apply_matches, collect_matches
        from .rules.registry import RuleSet

        state = PruneState()
        apply_matches(collect_matches(RuleSet.builtin(), page, "prune"), page, state)
        page.spam_dropped = tuple(state.spam_dropped)
    if rule.info.stage == "article":
        # Article-stage rules judge the selected article: here, the whole body.
        page.article_roots = (page.body,)
    return sorted({m.index for m in rule.matches(page)}), page


def assert_rule_case(case: RuleCase, rules: RuleSet | None = None) -> None:
    """The case's target node is matched (``dropped``) or not matched (``kept``) by its rule."""
    rule = (rules or RuleSet.builtin()).get(case.code)
    options = Options(rule_options={case.code: case.options}) if case.options else None
    matched, page = rule_matches(rule, case.html, url=case.url, options=options)
    targets = list(page.tree.css(case.target))
    if not targets:
        raise AssertionError(f"{case.source} ({case.name}): target {case.target!r} matches nothing")
    hit = [t for t in targets if t in matched]
    if case.expect == "dropped" and not hit:
        raise AssertionError(
            f"{case.source} ({case.name}): {case.code} should match {case.target!r} but did not"
        )
    if case.expect == "kept" and hit:
        raise AssertionError(
            f"{case.source} ({case.name}): {case.code} should leave {case.target!r} alone but "
            f"matched {page.tree.path(hit[0])}"
        )
