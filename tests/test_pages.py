"""Golden pages: real pages with the article text they must keep and the junk they must drop.

Each ``tests/fixtures/pages/<slug>/`` holds ``source.html`` (raw bytes), ``page.json``
(``origin``, ``url``) and ``expected.json``; tests/fixtures/pages/README.md gives the format.
Every expected string is its own test, so one failing expectation can be marked
``xfail`` (strict) in ``expected.json`` without hiding the others.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

import pagecleaner
from pagecleaner.testing import assert_drops, assert_keeps, normalise_for_matching

from .conftest import PAGES, load_page

# expected.json keys holding lists of strings, one test per string.
STRING_CHECKS = (
    "contains",
    "absent",
    "markdown_contains",
    "markdown_absent",
    "comments_contains",
    "comments_absent",
)
PAGE_KEYS = {"outcome", "verdict", "findings_include", "encoding"}
KNOWN_KEYS = {*PAGE_KEYS, *STRING_CHECKS, "order", "metadata", "xfail"}


@functools.cache
def _clean(slug_dir: Path, include_comments: bool = False) -> pagecleaner.CleanResult:
    source, page, _ = load_page(slug_dir)
    options = pagecleaner.Options(include_comments=include_comments)
    return pagecleaner.clean(source, url=page["url"], options=options)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _checks(expected: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every (check, value) of a page's expected.json, in a stable order."""
    checks: list[tuple[str, Any]] = []
    for check in STRING_CHECKS:
        checks.extend((check, value) for value in expected.get(check, []))
    if "order" in expected:
        checks.append(("order", expected["order"]))
    checks.extend((f"metadata.{name}", value) for name, value in expected["metadata"].items())
    # Page-level keys come last (ids of the string checks stay stable); each is its own
    # test so that a strict xfail on, say, the verdict hides nothing else.
    page_keys = ("outcome", "verdict", "encoding")
    checks.extend((key, expected[key]) for key in page_keys if key in expected)
    checks.extend(("findings_include", code) for code in expected["findings_include"])
    return checks


def _marks(expected: dict[str, Any], check: str, value: Any) -> list[pytest.MarkDecorator]:
    reasons = [
        x["reason"]
        for x in expected.get("xfail", [])
        if x["check"] == check and x.get("value", value) == value
    ]
    return [pytest.mark.xfail(strict=True, reason=reasons[0])] if reasons else []


def _expectations() -> list[Any]:
    params = []
    for slug_dir in PAGES:
        expected = load_page(slug_dir)[2]
        for n, (check, value) in enumerate(_checks(expected)):
            params.append(
                pytest.param(
                    slug_dir,
                    check,
                    value,
                    id=f"{slug_dir.name}-{check}-{n}",
                    marks=_marks(expected, check, value),
                )
            )
    return params


@pytest.mark.parametrize("slug_dir", PAGES, ids=[p.name for p in PAGES])
def test_golden_page(slug_dir: Path) -> None:
    _, page, expected = load_page(slug_dir)
    assert set(expected) <= KNOWN_KEYS, f"unknown keys {sorted(set(expected) - KNOWN_KEYS)}"
    assert {"origin", "url"} <= set(page)
    checks = _checks(expected)
    for entry in expected.get("xfail", []):
        assert entry.get("reason"), f"xfail entry without a reason: {entry}"
        stale = not any(
            check == entry["check"] and entry.get("value", value) == value
            for check, value in checks
        )
        assert not stale, f"xfail entry matches no expectation: {entry}"
    assert {"outcome", "verdict", "findings_include"} <= set(expected)
    result = _clean(slug_dir)
    assert result.comments == "", "comments are only returned when include_comments is on"


@pytest.mark.parametrize(("slug_dir", "check", "value"), _expectations())
def test_golden_expectation(slug_dir: Path, check: str, value: Any) -> None:
    result = _clean(slug_dir)
    if check == "contains":
        assert_keeps(result, [value])
    elif check == "absent":
        assert_drops(result, [value], include_title=False)
    elif check == "markdown_contains":
        assert value in result.markdown, f"{value!r} not in the Markdown"
    elif check == "markdown_absent":
        assert value not in result.markdown, f"{value!r} in the Markdown"
    elif check == "comments_contains":
        with_comments = _clean(slug_dir, include_comments=True)
        assert _collapse(value) in _collapse(with_comments.comments), f"{value!r} not a comment"
        # Comments are returned apart: never in the article, with or without the option.
        assert_drops(result, [value], include_title=False)
        assert_drops(with_comments, [value], include_title=False)
    elif check == "comments_absent":
        comments = _clean(slug_dir, include_comments=True).comments
        leaked = normalise_for_matching(value) in normalise_for_matching(comments)
        assert not leaked, f"{value!r} returned as a comment"
    elif check == "outcome":
        assert result.outcome == value
    elif check == "verdict":
        assert result.spam.verdict == value
    elif check == "encoding":
        assert result.report.encoding == value
    elif check == "findings_include":
        codes = result.report.counts()
        assert value in codes, f"expected a {value} finding, got {sorted(codes)}"
    elif check == "order":
        text = _collapse(result.text)
        position = 0
        for snippet in value:
            found = text.find(_collapse(snippet), position)
            assert found >= 0, f"{snippet!r} missing, or not after the previous snippet"
            position = found + len(_collapse(snippet))
    else:
        name = check.removeprefix("metadata.")
        got = getattr(result.metadata, name)
        assert (list(got) if isinstance(got, tuple) else got) == value, name


def test_hacked_page_reports_each_spam_family(hacked_page: bytes) -> None:
    result = pagecleaner.clean(hacked_page)
    families = result.spam.families
    assert families.get("junk", 0) >= 10  # the spider-pool tags, one finding each
    assert families.get("stuffing", 0) >= 2  # stuffed title/meta and the footer farm text
    assert any(host.endswith(".cn") for host in result.spam.hosts)
    noise = [f for f in result.report.findings if f.code == "TAG008"]
    assert all(f.evidence["id"] == "qey7a" for f in noise)
    assert all(f.path.startswith("html/body") for f in noise)


def test_hacked_and_clean_versions_give_the_same_article() -> None:
    pages = Path(__file__).parent / "fixtures" / "pages"
    hacked = pagecleaner.clean((pages / "leiphone-hacked-spider-pool" / "source.html").read_bytes())
    clean = pagecleaner.clean((pages / "leiphone-clean" / "source.html").read_bytes())
    assert hacked.text == clean.text
    assert hacked.metadata.title == clean.metadata.title


def test_doorway_page_is_spam_not_cleaned() -> None:
    anchors = " | ".join(
        f'<a href="https://s{i}.example/">{term}</a>'
        for i, term in enumerate(
            [
                "slot gacor hari ini",
                "situs judi slot online",
                "togel online",
                "slot88 resmi",
                "daftar slot gacor",
                "link slot gacor",
                "bandar togel",
                "judi bola online",
            ]
        )
    )
    html = (
        "<html><head><title>slot gacor, situs judi slot, togel online, slot88, daftar slot,"
        f" link slot gacor</title></head><body><h1>Slot Gacor Hari Ini</h1><div>{anchors}</div>"
        "<p>slot gacor, situs slot, judi online, togel, slot88, maxwin, rtp slot, gacor</p>"
        "</body></html>"
    )
    result = pagecleaner.clean(html)
    assert not result.has_article
    assert result.spam.verdict == "spam"
    assert "togel online" not in result.text
    assert len(result.spam.hosts) >= 5
