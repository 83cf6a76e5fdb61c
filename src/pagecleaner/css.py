"""A small CSS declaration reader for deciding, without rendering, whether a style hides.

Inline ``style`` attributes and the declaration blocks of the page's ``<style>`` sheets are
read the way a browser cascades one block: comments removed, names and keywords
case-insensitive, a later declaration wins unless an earlier one is ``!important``.
Substring tests are not enough (``overflow:hidden`` alone hides nothing; ``display: none``
inside a comment hides nothing).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import regex

__all__ = ["HidingKind", "hidden_reason", "hiding_kind", "parse_declarations"]

_COMMENT = regex.compile(r"/\*.*?(?:\*/|$)", regex.DOTALL)
_DECLARATION = regex.compile(r"""([-A-Za-z_]+)\s*:\s*((?:[^;("']|\([^)]*\)?|"[^"]*"?|'[^']*'?)*)""")
_IMPORTANT = regex.compile(r"!\s*important\s*$", regex.IGNORECASE)
_LENGTH = regex.compile(r"^([-+]?(?:\d+\.?\d*|\.\d+))(px|em|rem|pt|%|vw|vh|ex|ch|cm|mm|in)?$")
# Off-screen positions used to hide text: -999px and beyond (Google's hidden-text examples
# use -9999px; real layouts never place content that far out).
OFFSCREEN_PX = -999.0
# Text this small cannot be read (issue: "font-size 0 (or < 2px)").
MIN_READABLE_FONT_PX = 2.0
# A box clipped to less than this in either direction shows no readable text (the browser
# oracle's threshold too): the 1-pixel boxes with overflow:hidden that hide keyword text.
MIN_VISIBLE_BOX_PX = 4.0
# Scales this small shrink text to nothing.
MIN_VISIBLE_SCALE = 0.05
# Viewport units for off-screen offsets only (the oracle's 1280x2000 window; -100vw and
# beyond is off-screen whatever the window).
_VIEWPORT_PX = {"vw": 12.8, "vh": 20.0}
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


def _offset_px(value: str) -> float | None:
    """An offset in pixels, viewport units included; None for keywords and expressions."""
    value = value.strip().split()[0] if value.strip() else ""
    match = _LENGTH.match(value)
    if match and match.group(2) in _VIEWPORT_PX:
        return float(match.group(1)) * _VIEWPORT_PX[match.group(2)]
    return _length_px(value)


def _number(value: str) -> float | None:
    try:
        return float(value.strip().rstrip("%"))
    except ValueError:
        return None


def _clip_rect_is_tiny(clip: str) -> bool:
    """clip:rect(top right bottom left) leaving less than a readable box (rect(0 0 0 0),
    WordPress's rect(1px,1px,1px,1px)); 'auto' edges are unknown and keep the box."""
    parts = [part for part in regex.split(r"[\s,]+", clip[5:].rstrip(") ")) if part]
    if len(parts) != 4:
        return False
    top, right, bottom, left = (_length_px(part) for part in parts)
    if top is not None and bottom is not None and bottom - top < MIN_VISIBLE_BOX_PX:
        return True
    return left is not None and right is not None and right - left < MIN_VISIBLE_BOX_PX


_CLIP_PATH_INSET = regex.compile(r"^inset\(\s*(\d+(?:\.\d+)?)%")
_CLIP_PATH_ZERO = regex.compile(r"^(?:circle|ellipse)\(\s*0(?:px|%)?\s*(?:[\s)]|at)")


def _clip_path_is_empty(clip_path: str) -> bool:
    """inset(50%) and more, circle(0), and polygons whose points are all one point."""
    inset = _CLIP_PATH_INSET.match(clip_path)
    if inset:
        return float(inset.group(1)) >= 50
    if _CLIP_PATH_ZERO.match(clip_path):
        return True
    if clip_path.startswith("polygon("):
        points = {" ".join(p.split()) for p in clip_path[8:].rstrip(") ").split(",")}
        return len(points) == 1
    return False


_SCALE = regex.compile(r"\bscale([xy]?)\(\s*([-+]?[\d.]+)(?:\s*,\s*([-+]?[\d.]+))?")
_TRANSLATE = regex.compile(r"\btranslate(?:[xy]|3d)?\(\s*([^,)]+)(?:,\s*([^,)]+))?")


def _transform_hides(transform: str) -> bool:
    """scale(0) and near it, or a translation of -999px and beyond."""
    for _axis, first, second in _SCALE.findall(transform):
        factors = [_number(first), *([_number(second)] if second else [])]
        if any(f is not None and abs(f) < MIN_VISIBLE_SCALE for f in factors):
            return True
    for first, second in _TRANSLATE.findall(transform):
        for value in (first, second):
            px = _offset_px(value) if value else None
            if px is not None and px <= OFFSCREEN_PX:
                return True
    return False


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
        for prop in ("height", "max-height", "width", "max-width"):
            value = decl.get(prop)
            px = _length_px(value.split()[0]) if value else None
            if px is not None and 0 <= px < MIN_VISIBLE_BOX_PX:
                return f"{prop}:{value} box with overflow hidden"
    position = decl.get("position", "")
    # Offsets move positioned boxes (relative ones too); margins move any box.
    offsets: tuple[str, ...] = (
        ("left", "top") if position in ("absolute", "fixed", "relative", "sticky") else ()
    )
    if position in ("absolute", "fixed"):
        offsets += ("right",)
    for prop in (*offsets, "margin-left", "margin-top"):
        value = decl.get(prop)
        px = _offset_px(value) if value else None
        if px is not None and px <= OFFSCREEN_PX:
            return f"off-screen {prop}:{value}"
    if position in ("absolute", "fixed"):
        clip = decl.get("clip", "")
        if clip.startswith("rect(") and _clip_rect_is_tiny(clip):
            return f"clip:{clip}"
    indent = decl.get("text-indent")
    if indent is not None:
        px = _offset_px(indent)
        if px is not None and px <= OFFSCREEN_PX:
            return f"text-indent:{indent}"
    clip_path = decl.get("clip-path", "")
    if clip_path and _clip_path_is_empty(clip_path):
        return f"clip-path:{clip_path}"
    transform = decl.get("transform", "")
    if transform and _transform_hides(transform):
        return f"transform:{transform}"
    filter_ = decl.get("filter", "")
    if filter_.startswith("opacity(") and _number(filter_[8:].rstrip(") ")) == 0:
        return "filter:opacity(0)"
    color = decl.get("color")
    if color is not None:
        if color == "transparent":
            return "color:transparent"
        background = decl.get("background-color") or decl.get("background")
        if background is not None and background == color:
            return "color equals background"
    return None


HidingKind = Literal["collapsed", "faded", "concealed"]
"""How content is hidden, which says who may see it.

* ``collapsed``: display:none, visibility, the hidden attribute, a zero height with
  overflow hidden. Pages collapse menus, tabs and "continue reading" parts this way, and a
  click shows them.
* ``faded``: opacity alone. The starting state of scroll-reveal animations: a script fades
  the block in as the reader scrolls to it.
* ``concealed``: off-screen offsets, tiny boxes and fonts, clipping, text-indent,
  transforms, text coloured like its background. No reader action ever shows such text;
  pages use it for screen-reader labels, and hacked pages for text meant for crawlers.
"""

_COLLAPSED_PREFIXES = ("display:", "visibility:", "hidden attribute", "aria-hidden", "content-")
_COLLAPSED_ZERO = ("height:0 with", "max-height:0 with")
_FADED = ("opacity:0", "filter:opacity(0)")


def hiding_kind(reason: str) -> HidingKind:
    """The kind of hiding a reason from :func:`hidden_reason` (or a rule) names."""
    if reason.startswith(_FADED):
        return "faded"
    if reason.startswith(_COLLAPSED_PREFIXES) or reason.startswith(_COLLAPSED_ZERO):
        return "collapsed"
    return "concealed"
