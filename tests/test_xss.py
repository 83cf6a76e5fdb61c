"""Published XSS vectors through clean(): result.html and result.markdown (rendered by
markdown-it-py and by Python-Markdown) are checked statically, then run in headless
Chromium with every link clicked. Vectors and provenance: tests/fixtures/xss/README.md."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

import pagecleaner

from .xss_harness import (
    Browser,
    browser_available,
    cases,
    load_vectors,
    render_markdown_both,
    static_problems,
)

OUTPUTS = ("html", "markdown-it-py", "python-markdown")


@pytest.fixture(scope="module")
def outputs() -> dict[str, list[tuple[str, str]]]:
    """For each output kind, (case label, HTML to show) for every page with an article."""
    shown: dict[str, list[tuple[str, str]]] = {kind: [] for kind in OUTPUTS}
    for case in cases():
        result = pagecleaner.clean(case.page, url=case.url)
        label = f"vector {case.vector} as {case.way}"
        if not result.has_article:
            assert (result.html, result.markdown) == ("", "")
            continue
        shown["html"].append((label, result.html))
        for renderer, rendered in render_markdown_both(result.markdown).items():
            shown[renderer].append((label, rendered))
    return shown


def test_a_few_hundred_vectors_nine_ways() -> None:
    assert len(load_vectors()) >= 200
    assert len(cases()) == 9 * len(load_vectors())


def test_the_static_check_can_fail() -> None:
    for unsafe in (
        "<img src=x onerror=alert(1)>",
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        "<svg><script>alert(1)</script></svg>",
        '<p style="background:url(x)">x</p>',
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    ):
        assert static_problems(unsafe), unsafe


@pytest.mark.parametrize("kind", OUTPUTS)
def test_outputs_are_statically_safe(kind: str, outputs: dict[str, list[tuple[str, str]]]) -> None:
    shown = outputs[kind]
    assert len(shown) > len(load_vectors())  # most pages keep their article
    unsafe = [(label, problems) for label, markup in shown if (problems := static_problems(markup))]
    assert unsafe == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = browser_available()
    if reason and os.environ.get("PAGECLEANER_REQUIRE_BROWSER"):
        pytest.fail(f"the browser test must run here (.ci/run): {reason}")
    if reason:
        pytest.skip(reason)
    chromium = Browser()
    yield chromium
    chromium.close()


def test_the_browser_counts_executions(browser: Browser) -> None:
    hits = browser.executions(
        ["<img src=x onerror=alert(1)>", '<a href="javascript:alert(2)">x</a>', "<p>safe</p>"]
    )
    assert sorted(hits) == ["alert:1", "alert:2"]


@pytest.mark.parametrize("kind", OUTPUTS)
def test_no_execution_in_chromium(
    kind: str, outputs: dict[str, list[tuple[str, str]]], browser: Browser
) -> None:
    shown = outputs[kind]
    executed = []
    for start in range(0, len(shown), 100):
        batch = shown[start : start + 100]
        if browser.executions([markup for _, markup in batch]):
            # Find the culprits one by one: the batch only says that something ran.
            executed += [label for label, markup in batch if browser.executions([markup])]
    assert executed == []
