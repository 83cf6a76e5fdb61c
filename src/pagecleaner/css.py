"""A small CSS declaration reader for deciding, without rendering, whether a style hides.

Inline ``style`` attributes and the declaration blocks of the page's ``<style>`` sheets are
read the way a browser cascades one block: comments removed, names and keywords
case-insensitive, a later declaration wins unless an earlier one is ``!important``.
Substring tests are not enough (``overflow:hidden`` alone hides nothing; ``display: none``
inside a comment hides nothing).
"""

from __future__ import annotations

from functools import lru_cache

import regex

__all__ = ["hidden_reason", "parse_declarations"]

_COMMENT = regex.compile(r"/\*.*?(?:\*/|$)", regex.DOTALL)
_DECLARATION = regex.compile(r"""([-A-Za-z_]+)\s*:\s*((?:[^;("']|\([^)]*\)?|"[^"]*"?|'[^']*'?)*)""")
_IMPORTANT = regex.compile(r"!\s*important\s*$", regex.IGNORECASE)
_LENGTH = regex.compile(r"^([-+]?(?:\d+\.?\d*|\.\d+))(px|em|rem|pt|%|vw|vh|ex|ch|cm|mm|in)?$")
# Off-screen positions used to hide text: -999px and beyond (Google's hidden-text examples
# use -9999px; real layouts never place content that far out).
OFFSCREEN_PX = -999.0
# Text this small cannot be read (issue: "font-size 0 (or < 2px)").
MIN_READABLE_FONT_PX = 2.0
_PX_PER_UNIT = {
    "px": 1.0,
    "pt": 4 / 3,
    "em": 16.0,
    "rem": 16.0,
    "ex": 8.0,
    "ch": 8.0,
    "cm": 37.8,
    "mm": 3.78,
    "in": 96.0,
}
_MAX_STYLE_CHARS = 4096


def parse_declarations(style: str) -> dict[str, str]:
    """Declarations of one block as ``{property: value}``, cascaded, lower-cased."""
    style = _COMMENT.sub(" ", style[:_MAX_STYLE_CHARS])
    result: dict[str, str] = {}
    important: set[str] = set()
    for name, raw_value in _DECLARATION.findall(style):
        prop = name.lower()
        value = raw_value.strip()
        is_important = bool(_IMPORTANT.search(value))
        if is_important:
            value = _IMPORTANT.sub("", value).strip()
        if prop in important and not is_important:
            continue
        if is_important:
            important.add(prop)
        result[prop] = " ".join(value.lower().split())
    return result


def _length_px(value: str) -> float | None:
    """A CSS length in pixels (em taken as 16px); None for keywords and expressions."""
    match = _LENGTH.match(value.strip())
    if not match:
        return None
    number = float(match.group(1))
    unit = match.group(2)
    if unit is None:
        return number if number == 0 else None
    if unit in ("%", "vw", "vh"):
        return number if number == 0 else None
    return number * _PX_PER_UNIT[unit]


def _is_zero(value: str) -> bool:
    px = _length_px(value.split()[0]) if value else None
    return px is not None and px == 0


@lru_cache(maxsize=4096)
def hidden_reason(style: str) -> str | None:
    """Why a declaration block hides its element's content, or None if it does not.

    Cached: pages repeat the same few style strings on many nodes.
    """
    if ":" not in style:
        return None
    decl = parse_declarations(style)
    if not decl:
        return None
    display = decl.get("display", "")
    if display == "none":
        return "display:none"
    visibility = decl.get("visibility", "")
    if visibility in ("hidden", "collapse"):
        return f"visibility:{visibility}"
    opacity = decl.get("opacity")
    if opacity is not None:
        try:
            if float(opacity.rstrip("%")) <= 0.01:
                return "opacity:0"
        except ValueError:
            pass
    font_size = decl.get("font-size")
    if font_size is not None:
        px = _length_px(font_size)
        if px is not None and px < MIN_READABLE_FONT_PX:
            return f"font-size:{font_size}"
    overflow = (
        decl.get("overflow", "")
        + " "
        + decl.get("overflow-y", "")
        + " "
        + decl.get("overflow-x", "")
    )
    if "hidden" in overflow or "clip" in overflow:
        for prop in ("height", "max-height", "width", "max-width"):
            value = decl.get(prop)
            if value is not None and _is_zero(value):
                return f"{prop}:0 with overflow hidden"
    position = decl.get("position", "")
    if position in ("absolute", "fixed"):
        for prop in ("left", "top", "right", "margin-left", "margin-top"):
            value = decl.get(prop)
            px = _length_px(value) if value else None
            if px is not None and px <= OFFSCREEN_PX:
                return f"off-screen {prop}:{value}"
        clip = decl.get("clip", "")
        if clip.startswith("rect(") and all(
            _is_zero(part) for part in regex.split(r"[\s,]+", clip[5:].rstrip(") ")) if part
        ):
            return "clip:rect(0 0 0 0)"
    indent = decl.get("text-indent")
    if indent is not None:
        px = _length_px(indent)
        if px is not None and px <= OFFSCREEN_PX:
            return f"text-indent:{indent}"
    clip_path = decl.get("clip-path", "")
    if clip_path in ("inset(50%)", "inset(100%)", "circle(0)", "circle(0px)", "polygon(0 0)"):
        return f"clip-path:{clip_path}"
    transform = decl.get("transform", "")
    if transform in ("scale(0)", "scale(0,0)", "scale(0, 0)", "scalex(0)", "scaley(0)"):
        return f"transform:{transform}"
    color = decl.get("color")
    if color is not None:
        if color == "transparent":
            return "color:transparent"
        background = decl.get("background-color") or decl.get("background")
        if background is not None and background == color:
            return "color equals background"
    return None
