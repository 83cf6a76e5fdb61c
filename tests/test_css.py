"""The CSS declaration reader that decides whether a style hides its element."""

from __future__ import annotations

import pytest

from pagecleaner.css import hidden_reason, hiding_kind, parse_declarations


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
        "width:1px;height:1px;overflow:hidden",
        "max-height:3px;overflow:hidden",
        "position:absolute;clip:rect(1px,1px,1px,1px)",
        "clip-path:polygon(0 0, 0 0, 0 0)",
        "clip-path:circle(0 at 50% 50%)",
        "transform:scale(0.001)",
        "transform:scale(1, 0)",
        "transform:translateX(-10000px)",
        "margin-left:-12000px",
        "position:relative;top:-20000px",
        "position:absolute;left:-100vw",
        "filter:opacity(0)",
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
        "height:20px;overflow:hidden",
        "width:1px;height:1px",
        "position:absolute;clip:rect(0 300px 200px 0)",
        "position:absolute;clip:rect(auto auto auto auto)",
        "clip-path:circle(40%)",
        "transform:scale(-1)",
        "transform:translate(-50%,-50%)",
        "position:relative;top:-20px",
        "left:-100vw",
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


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("display:none", "collapsed"),
        ("visibility:hidden", "collapsed"),
        ("hidden attribute", "collapsed"),
        ("max-height:0 with overflow hidden", "collapsed"),
        ("opacity:0", "faded"),
        ("width:0 with overflow hidden", "concealed"),
        ("height:1px box with overflow hidden", "concealed"),
        ("off-screen left:-9999px", "concealed"),
        ("font-size:0", "concealed"),
        ("text-indent:-9999px", "concealed"),
    ],
)
def test_hiding_kind(reason: str, kind: str) -> None:
    assert hiding_kind(reason) == kind
