"""Property tests: arbitrary and mutated input never escapes as anything but InputError."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pagecleaner
from pagecleaner import InputError

SEED = (
    Path(__file__).parent / "fixtures" / "pages" / "leiphone-hacked-spider-pool" / "source.html"
).read_text(encoding="utf-8")
TAGS = [
    "div",
    "p",
    "a",
    "span",
    "ul",
    "li",
    "table",
    "tr",
    "td",
    "script",
    "style",
    "nav",
    "footer",
    "article",
    "h1",
    "br",
    "img",
    "pre",
    "b",
    "label",
    "legend",
    "noscript",
    "time",
    "figcaption",
    "header",
    "h3",
]
ATTRS = [
    "",
    ' style="display:none"',
    " hidden",
    ' class="share"',
    ' id="jgr5k"',
    ' href="https://spam.example/"',
    ' aria-hidden="true"',
    ' style="left:-9999px;position:absolute"',
    ' style="color:',
    ' class="content article"',
    ' class="byline"',
    ' class="wp-caption-text"',
    ' class="comments"',
    ' type="application/ld+json"',
]
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("PAGECLEANER_PROPERTY_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def outcome_or_input_error(markup: str | bytes) -> pagecleaner.CleanResult | None:
    try:
        return pagecleaner.clean(markup)
    except InputError:
        return None


@PROPERTY_SETTINGS
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data: bytes) -> None:
    outcome_or_input_error(data)


@PROPERTY_SETTINGS
@given(st.text(max_size=4000))
def test_arbitrary_text(text: str) -> None:
    outcome_or_input_error(text)


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 60))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRS))}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(st.text(min_size=1, max_size=40)))
    return "".join(parts)


@PROPERTY_SETTINGS
@given(html_soup())
def test_tag_soup_is_deterministic(markup: str) -> None:
    first = outcome_or_input_error(markup)
    second = outcome_or_input_error(markup)
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert first.text == second.text
        assert first.report == second.report
        _ = first.markdown, first.html


@PROPERTY_SETTINGS
@given(st.integers(0, len(SEED)), st.integers(0, 400), st.text(max_size=30))
def test_mutated_real_page(start: int, length: int, insert: str) -> None:
    mutated = SEED[:start] + insert + SEED[start + length :]
    result = outcome_or_input_error(mutated)
    if result is not None:
        assert "<script" not in result.html


@PROPERTY_SETTINGS
@given(html_soup())
def test_output_text_comes_from_input_text(markup: str) -> None:
    """Nothing invented: every output character is in the input (after entity decoding)."""
    import html

    result = outcome_or_input_error(markup)
    if result is None:
        return
    allowed = set(html.unescape(markup)) | {"\n", "\t", " ", "\ufffd"}
    assert set(result.text) <= allowed
