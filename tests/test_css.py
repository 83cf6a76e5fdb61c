"""The CSS declaration reader that decides whether a style hides its element."""

from __future__ import annotations

import pytest

from pagecleaner.css import hidden_reason, parse_declarations


@pytest.mark.parametrize(
    "style",
    [
        "display:none",
        "DISPLAY : NONE",
        "display: none !important; display: block",
        "visibility:hidden",
        "visibility: collapse",
        "opacity:0",
        "opacity: 0.0",
        "font-size:0",
        "font-size: 1px",
        "height:0;overflow:hidden",
        "max-height:0px; overflow-y: hidden",
        "width:0; overflow: clip",
        "position:absolute;left:-9999px",
        "position: fixed; top: -5000px",
        "text-indent:-9999px",
        "position:absolute;clip:rect(0,0,0,0)",
        "position:absolute;clip:rect(0 0 0 0)",
        "clip-path: inset(50%)",
        "transform: scale(0)",
        "color: transparent",
        "color:#fff;background-color:#fff",
    ],
)
def test_hidden(style: str) -> None:
    assert hidden_reason(style) is not None


@pytest.mark.parametrize(
    "style",
    [
        "",
        "color:red",
        "overflow:hidden",
        "height:0",
        "position:absolute;left:-20px",
        "left:-9999px",
        "/* display:none */ color:blue",
        "display: block",
        "display: none-ish",
        "opacity: 0.5",
        "font-size: 1em",
        "text-indent: -2em",
    ],
)
def test_not_hidden(style: str) -> None:
    assert hidden_reason(style) is None


def test_important_beats_later_declaration() -> None:
    assert parse_declarations("display:none!important;display:block")["display"] == "none"
    assert hidden_reason("display:block; display:none !important; display:block") == "display:none"


def test_url_values_with_semicolons_do_not_split() -> None:
    decl = parse_declarations("background:url(data:image/png;base64,AAA);display:none")
    assert decl["display"] == "none"


def test_huge_style_is_bounded() -> None:
    assert hidden_reason("color:red;" * 100_000 + "display:none") is None
