"""Deferred findings read like eager ones: same values, frozen, comparable, picklable."""

from __future__ import annotations

import copy
import dataclasses
import gc
import pickle
import sys

import pytest

import pagecleaner
from pagecleaner.prune import MAX_DEFERRED_PAGES, PageNodes
from pagecleaner.result import Action, Family, Finding

PAGE = (
    "<html><body><nav><a href='/a'>Home</a> <a href='/b'>News</a></nav>"
    "<article><p>" + "The council approved the budget after a long debate. " * 8 + "</p>"
    "<div style='display:none'>hidden text here</div></article>"
    "<footer>© 2024 Example</footer></body></html>"
)


def test_deferred_findings_match_eager_ones() -> None:
    result = pagecleaner.clean(PAGE)
    findings = result.report.findings
    assert findings, "the page has a nav, a footer and hidden text"
    for finding in findings:
        eager = Finding(
            finding.code,
            finding.rule,
            finding.family,
            finding.action,
            finding.path,
            finding.snippet,
            finding.message,
            dict(finding.evidence),
            finding.spam,
            finding.origin,
        )
        assert eager == finding
        assert eager.to_dict() == finding.to_dict()
        assert repr(eager) == repr(finding)
    paths = {f.code: f.path for f in findings}
    assert paths["BPL001"] == "html/body/nav"
    assert paths["BPL002"] == "html/body/footer"
    assert {f.code: f.snippet for f in findings}["BPL001"] == "Home News"


def test_read_findings_let_go_of_the_tree() -> None:
    result = pagecleaner.clean(PAGE)
    first, *rest = result.report.findings
    source = first._source
    assert isinstance(source, PageNodes) and source.tree is not None
    assert first.path
    assert first._source is None
    assert all(f._source is source for f in rest)
    result.to_dict()
    assert all(f._source is None for f in result.report.findings)


def test_a_dropped_result_frees_its_tree_without_the_cycle_collector() -> None:
    gc.disable()
    try:
        result = pagecleaner.clean(PAGE)
        source = result.report.findings[0]._source
        assert isinstance(source, PageNodes)
        tree = source.tree
        del result, source
        # Only this function's variable and getrefcount's argument still refer to it.
        assert sys.getrefcount(tree) == 2
    finally:
        gc.enable()


def test_findings_are_frozen_and_pickle_with_their_values() -> None:
    finding = pagecleaner.clean(PAGE).report.findings[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.code = "X"  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(finding))
    assert again == finding and again.path == finding.path
    assert copy.deepcopy(finding) == finding


def test_evidence_is_a_copy_of_the_judgement() -> None:
    findings = pagecleaner.clean(PAGE).report.findings
    nav = next(f for f in findings if f.code == "BPL001")
    nav.evidence["x"] = 1  # a caller's change stays in its finding
    again = pagecleaner.clean(PAGE).report.findings
    assert "x" not in next(f for f in again if f.code == "BPL001").evidence


def test_eager_construction_keeps_its_signature() -> None:
    finding = Finding(
        code="USR001",
        rule="my-rule",
        family=Family.USER,
        action=Action.DROP,
        path="html/body/div",
        snippet="text",
        message="matches div",
    )
    assert finding.evidence == {} and finding.spam is False and finding.origin is None
    match finding:
        case Finding("USR001", _, _, _, path):
            assert path == "html/body/div"
        case _:
            pytest.fail("match arguments")


def test_only_the_last_pages_keep_their_trees() -> None:
    held = pagecleaner.clean(PAGE)
    first = held.report.findings[0]
    assert first._source is not None
    for _ in range(MAX_DEFERRED_PAGES):
        pagecleaner.clean(PAGE)
    # Built when its page left the window: readable, and no tree is held for it.
    assert first._source is None
    assert first.path.startswith("html/")
    assert all(f._source is None for f in held.report.findings)
