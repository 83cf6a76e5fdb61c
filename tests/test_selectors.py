"""The combined scope query finds, for each selector, exactly what its own query finds."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from pagecleaner.dom import build_tree
from pagecleaner.load import decode_bytes
from pagecleaner.parse import parse_html
from pagecleaner.prune import _css_scopes
from pagecleaner.rules.registry import builtin_rules
from pagecleaner.rules.selectors import combined_scopes, parse_simple

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted(p for p in FIXTURES.rglob("*.htm*") if p.is_file())
EXTRA = (
    '[role="NAVIGATION" i], [data-x^="Ab" i], [data-x$="yz" i], [data-x*="MID" i]',
    '[data-x^="" i], a[href], img[width], img[height]',
    "[hidden], [aria-hidden], p[class]",
)
TRICKY = (
    '<div role="Navigation">a</div><p data-x="abMIDyz" class>b</p><span data-x="x">c</span>'
    '<div role="navİgation">d</div><img width=1><img height=1 width=2><p hidden>e</p>'
    '<a href>f</a><a>g</a><section ROLE="NAVIGATION" aria-hidden>h</section>'
)


def _tree(markup: str):  # type: ignore[no-untyped-def]
    return build_tree(parse_html(markup))


def _markups() -> list[str]:
    found = [TRICKY]
    for path in PAGES:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        found.append(decode_bytes(raw)[0])
    return found


@pytest.mark.parametrize("markup", _markups())
def test_combined_scopes_agree_with_lexbor(markup: str) -> None:
    tree = _tree(markup)
    selectors = [*_css_scopes(list(builtin_rules()), "prune"), *EXTRA]
    combined = combined_scopes(tree, selectors)
    assert set(combined) == set(selectors)
    for selector, found in combined.items():
        assert found == sorted(set(tree.css(selector))), selector


def test_only_exact_simple_selectors_are_combined() -> None:
    assert parse_simple("nav, [role=navigation i]") is not None
    for selector in ("div > p", ".x", "#y", '[role="menu"]', "p:first-child", "*", ""):
        assert parse_simple(selector) is None, selector
