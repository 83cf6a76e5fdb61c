"""result.markdown stays inert under CommonMark (markdown-it-py) and Python-Markdown:
hostile URLs, backticks in code, HTML in code blocks, code blocks after list items."""

from __future__ import annotations

import pytest

import pagecleaner
from pagecleaner.render import md_code_span, md_url

from .xss_harness import render_markdown_both, static_problems

PROSE = "This sentence is part of the article body and is long enough to count. " * 4


def rendered(body: str) -> dict[str, str]:
    page = f"<html><body><article><h1>Title</h1><p>{PROSE}</p>{body}<p>{PROSE}</p></article>"
    result = pagecleaner.clean(page, url="https://example.com/a/")
    assert result.has_article
    return render_markdown_both(result.markdown)


HOSTILE = {
    "'>' ends an angle-bracket destination": (
        '<p>See <a href="https://e.com/x><img src=x onerror=alert(1)>">this</a>.</p>'
    ),
    "')' and spaces": '<p>See <a href="https://e.com/a) <script>alert(1)</script>">x</a>.</p>',
    "image URL": '<p><img src="https://e.com/i.png?a=<svg/onload=alert(1)>" alt="x]y">x</p>',
    "backtick in inline code": "<p>Run <code>a`<img src=x onerror=alert(1)>`b</code> now.</p>",
    "code starting with a backtick": "<p><code>`<script>alert(1)</script></code></p>",
    "HTML in a code block": "<pre><code>a\n\n<script>alert(1)</script>\n# b\n---\n</code></pre>",
    "code block after a list item": (
        "<ul><li>one</li><li>two</li></ul><pre>\n&lt;img src=x onerror=alert(1)>\n\nx</pre>"
    ),
    "code block in a quote": "<blockquote><pre><iframe src=javascript:alert(1)>\n\nx</pre>",
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_markdown_renders_inert(body: str) -> None:
    for renderer, html in rendered(body).items():
        assert static_problems(html) == [], renderer


def test_code_block_stays_code_and_keeps_its_text() -> None:
    for renderer, html in rendered(HOSTILE["code block after a list item"]).items():
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, renderer
        assert "<pre><code>" in html, renderer


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://e.com/a b", "https://e.com/a%20b"),
        ("https://e.com/(x)", "https://e.com/%28x%29"),
        ("https://e.com/<x>", "https://e.com/%3Cx%3E"),
        ("https://e.com/\x01\\`", "https://e.com/%01%5C%60"),
        ("https://e.com/?q=1&r=[2]#f", "https://e.com/?q=1&r=[2]#f"),
    ],
)
def test_md_url_percent_encodes(url: str, expected: str) -> None:
    assert md_url(url) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("x = 1", "`x = 1`"),
        ("a`b", "``a`b``"),
        ("``a", "``` ``a ```"),
        ("a ``` b`", "```` a ``` b` ````"),
    ],
)
def test_code_span_fence_outruns_inner_backticks(code: str, expected: str) -> None:
    assert md_code_span(code) == expected
