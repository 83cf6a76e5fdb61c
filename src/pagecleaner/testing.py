"""Assertion helpers for test suites: pagecleaner's own and those of content pipelines.

* :func:`assert_keeps` / :func:`assert_drops` check a result's text with one normalisation
  (:func:`normalise_for_matching`: NFKC, case-folded, whitespace removed); their failures
  name the rule and node path that removed a snippet, or where a leaked string sits, when
  the page is known (:func:`clean_for_test` remembers it).
* The pytest plugin (:mod:`pagecleaner.pytest_plugin`) gives fixtures and golden files.
* :func:`load_rule_cases` / :func:`assert_rule_case` run the rule cases kept as TOML files
  (``tests/fixtures/rules/<CODE>.toml``): each case is HTML, a CSS selector for the node
  the case is about, and whether the rule must match (``dropped``) or not (``kept``).
"""

from __future__ import annotations

import os
import sys
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .dom import build_tree
from .errors import ConfigError, PagecleanerError
from .options import Options
from .parse import parse_html
from .result import CleanResult
from .rules import Rule
from .rules.context import PageContext
from .rules.registry import RuleSet

if TYPE_CHECKING:
    from .api import Cleaner

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "RuleCase",
    "assert_drops",
    "assert_keeps",
    "assert_rule_case",
    "clean_for_test",
    "load_rule_cases",
    "normalise_for_matching",
    "rule_matches",
]


def normalise_for_matching(text: str) -> str:
    """The one normalisation of :func:`assert_keeps` and :func:`assert_drops`: NFKC,
    case-folded, all whitespace removed (the spam corpus's leak normalisation), so that
    line wrapping, case and full-width forms never decide a test."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


# Where results made by :func:`clean_for_test` came from, so that a failed assertion can say
# which rule removed a snippet. Keyed by id(); the entry goes with the result.
_SOURCES: dict[int, tuple[str | bytes, str | None]] = {}


def clean_for_test(
    page: str | bytes | os.PathLike[str],
    *,
    url: str | None = None,
    cleaner: Cleaner | None = None,
) -> CleanResult:
    """Clean a page (markup, or a path to a saved page) and remember its source, so that
    :func:`assert_keeps` and :func:`assert_drops` can point at the node in question."""
    from .api import Cleaner, read_page_file

    markup = read_page_file(page) if isinstance(page, os.PathLike) else page
    if not isinstance(markup, (str, bytes)):
        raise TypeError(f"expected a page as str, bytes or a path, got {type(page).__name__}")
    result = (cleaner or Cleaner()).clean(markup, url=url)
    key = id(result)
    _SOURCES[key] = (markup, url)
    weakref.finalize(result, _SOURCES.pop, key, None)
    return result


def _strings(values: Iterable[str], what: str) -> list[str]:
    if isinstance(values, (str, bytes)):
        raise TypeError(
            f"{what} must be a list of strings, not a single {type(values).__name__}:"
            f" write [{values!r}]"
        )
    items = list(values)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{what} must hold strings, got {type(item).__name__} {item!r}")
    return items


def assert_keeps(
    result: CleanResult, snippets: Iterable[str], *, page: str | bytes | None = None
) -> None:
    """Every snippet occurs in the result's text, compared after :func:`normalise_for_matching`.

    ``snippets`` is a list (a plain ``str`` is a TypeError, not a list of characters). For a
    missing snippet the error names the rule and node path that removed it, or says that
    it was left outside the selected article; that needs the page: pass ``page`` or make
    the result with :func:`clean_for_test` (the pytest plugin's ``clean_page`` does).
    """
    __tracebackhide__ = True
    wanted = _strings(snippets, "snippets")
    text = normalise_for_matching(result.text)
    missing = [s for s in wanted if normalise_for_matching(s) not in text]
    if missing:
        source = page if page is not None else _SOURCES.get(id(result), (None, None))[0]
        lines = [f"{len(missing)} of {len(wanted)} expected snippet(s) missing from the article:"]
        lines += [f"  {s[:80]!r}: {_why_missing(result, s, source)}" for s in missing[:5]]
        lines.append(f"  the text starts {result.text[:120]!r}")
        raise AssertionError("\n".join(lines))


def assert_drops(
    result: CleanResult,
    strings: Iterable[str],
    *,
    include_title: bool = True,
    page: str | bytes | None = None,
) -> None:
    """No string occurs in the text (or title), compared after :func:`normalise_for_matching`.

    ``strings`` is a list (a plain ``str`` is a TypeError). A leaked string is reported with
    where it sits: in the title or the text, and its node path in the page when the page is
    known (``page``, or a result made by :func:`clean_for_test`).
    """
    __tracebackhide__ = True
    unwanted = _strings(strings, "strings")
    text = normalise_for_matching(result.text)
    title = normalise_for_matching(result.metadata.title or "") if include_title else ""
    leaked = []
    for string in unwanted:
        needle = normalise_for_matching(string)
        if needle in text or (include_title and needle in title):
            leaked.append((string, "the text" if needle in text else "the title"))
    if leaked:
        source = page if page is not None else _SOURCES.get(id(result), (None, None))[0]
        lines = [f"{len(leaked)} of {len(unwanted)} string(s) leaked into the output:"]
        for string, where in leaked[:5]:
            node = _locate(source, string) if source is not None else None
            at = f", from the page's {node}" if node else ""
            lines.append(f"  {string[:80]!r}: in {where}{at}")
        raise AssertionError("\n".join(lines))


def _locate(page: str | bytes, snippet: str) -> str | None:
    """The path of the deepest element of the page whose text holds the snippet."""
    from .load import load_page

    try:
        loaded = load_page(page, max_bytes=1 << 40, max_depth=1 << 30)
    except PagecleanerError:
        return None
    tree = build_tree(parse_html(loaded.text))
    needle = normalise_for_matching(snippet)
    if not len(tree) or needle not in normalise_for_matching(tree.text(0)):
        return None
    i = 0
    while True:
        for child in tree.children(i):
            if needle in normalise_for_matching(tree.text(child)):
                i = child
                break
        else:
            return tree.path(i)


def _why_missing(result: CleanResult, snippet: str, page: str | bytes | None) -> str:
    findings = result.report.findings
    if page is None:
        needle = normalise_for_matching(snippet[:40])
        hits = [f for f in findings if needle and needle in normalise_for_matching(f.snippet)]
        if hits:
            return f"removed by {hits[0].code} {hits[0].rule} at {hits[0].path}"
        return "pass page= (or use clean_for_test) to see which rule removed it"
    path = _locate(page, snippet)
    if path is None:
        return "not in the page at all"
    covering = [f for f in findings if path == f.path or path.startswith(f.path + "/")]
    if covering:
        deepest = max(covering, key=lambda f: len(f.path))
        return f"removed by {deepest.code} {deepest.rule} at {deepest.path} (it sits at {path})"
    selected = [c["path"] for c in result.report.candidates if c.get("selected")]
    chosen = f" {selected[0]}" if selected else ""
    return f"no rule removed it: it sits at {path}, outside the selected article{chosen}"


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
