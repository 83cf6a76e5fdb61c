"""The pre-parse guard: hostile markup refused before the parser sees it, real markup not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

import pagecleaner
from pagecleaner import InputError
from pagecleaner.guard import MAX_ATTRIBUTES, MAX_RECONSTRUCTED, check_markup, measure_markup

HOSTILE = {
    "implied-end tags kept open by a <dd>": "<li><dd>" * 80_000,
    "half of it": "<li><dd>" * 40_000,
    "<dt> and <li>": "<dt><li>" * 40_000,
    "table parts outside a table": "<tr><li><dd>" * 20_000,
    "end tags inside a select": "<select>" + "<li><h1></h1><dd>" * 20_000,
    "options and groups outside a select": "<option><optgroup>" * 20_000,
    "formatting reconstruction flood": (
        "<p>" + "".join(f"<b c={i}>" for i in range(8_000)) + "<p>x" * 500
    ),
    "formatting flood, mixed tags": (
        "".join(f"<{t} id={i}>" for i in range(400) for t in ("em", "i", "u")) + "<div>x" * 200
    ),
    "attribute flood": "<div " + " ".join(f"a{i}=1" for i in range(80_000)) + ">x</div>",
    "valueless attribute flood": "<p " + " ".join(f"x{i}" for i in range(5_000)) + ">x",
}


@pytest.mark.parametrize("markup", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_is_refused(markup: str) -> None:
    with pytest.raises(InputError, match=r"deep|formatting|attributes"):
        pagecleaner.clean(markup)


def depth_of(markup: str) -> int:
    """The depth of the deepest element under <body> in Lexbor's tree."""
    body = LexborHTMLParser(markup).body
    deepest = 0
    stack = [(body, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        child = node.child if node is not None else None
        while child is not None:
            if child.tag and not child.tag.startswith("-"):
                stack.append((child, depth + 1))
            child = child.next
    return deepest


@pytest.mark.parametrize(
    "markup",
    [
        "<li><dd>" * 300,
        "<p>a<p>b<li>c<li>d" * 300,
        "<ul>" + "<li>x" * 500 + "</ul>",
        "<dl>" + "<dt>t<dd>d" * 500 + "</dl>",
        "<table>" + "<tr><td>a<td>b" * 300 + "</table>",
        "<select>" + "<option>a" * 300 + "</select>",
        "<div><span>" * 200 + "</span></div>" * 200,
        "<option><optgroup>" * 200,
        "<h1><span><h2><span>" * 100,
    ],
)
def test_depth_estimate_agrees_with_the_parser(markup: str) -> None:
    estimate = measure_markup(markup).depth
    actual = depth_of(markup)
    assert abs(estimate - actual) <= 2  # implied <tbody> and the like


def test_text_full_of_bare_angle_brackets_is_no_tag() -> None:
    text = "<p>" + "if a<b and c<a then x<y; " * 50_000
    assert measure_markup(text).depth <= 1
    assert pagecleaner.clean(text).outcome in ("article", "below-min-length", "no-article")


def test_scripts_and_comments_hold_no_tags() -> None:
    hidden = "<div>" * 10_000
    page = f"<script>var s = '{hidden}';</script><!-- {hidden} --><textarea>{hidden}</textarea>"
    assert measure_markup(page + "<p>x</p>").depth <= 2


def test_identical_formatting_tags_are_capped_like_the_parser() -> None:
    # The "Noah's Ark" clause keeps three identical entries: <b>x8000 costs nothing.
    page = "<p>" + "<b>" * 8_000 + "<p>x" * 500
    cost = check_markup(page, max_depth=100_000)
    assert cost.reconstructed <= 3 * 501 + 2 * 501


def test_limits_leave_room_for_real_markup() -> None:
    legit = "<table>" + "<tr><td><font color=red>a<td><font size=2>b" * 3000 + "</table>"
    assert check_markup(legit, max_depth=8192).reconstructed < MAX_RECONSTRUCTED
    many = "<div " + " ".join(f"data-x{i}=1" for i in range(MAX_ATTRIBUTES - 10)) + ">x</div>"
    check_markup(many, max_depth=8192)


TOKENS = [
    "<li>", "<dd>", "<dt>", "<p>", "</p>", "<div>", "</div>", "<span>", "</span>",
    "<ul>", "</ul>", "<table>", "</table>", "<tr>", "<td>", "</td>", "<option>",
    "<optgroup>", "<select>", "</select>", "<b>", "</b>", "<h1>", "</h1>", "x",
]  # fmt: skip


# Derandomised: the same 300 token soups on every run, so CI does not turn red on a new
# example; random search for more (it found the <select> and implied-formatting gaps) is
# run by hand with --hypothesis-seed, and what it finds becomes a fixed case.
@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(TOKENS), max_size=80))
def test_depth_estimate_never_far_below_the_parser(tokens: list[str]) -> None:
    markup = "".join(tokens)
    # An estimate below the real depth would let a deep page through: it may only be lower
    # by the few levels the parser adds itself (an implied <tbody>, <tr>).
    assert measure_markup(markup).depth >= depth_of(markup) - 2


@pytest.mark.parametrize(
    "markup",
    [
        # Found by the random search: blocks inside a <select> keep the open <p>; formatting
        # closed by a new <li> is rebuilt under the next block.
        "<p><select><li><b><li><b>",
        "<li><b><b><li><p><span><table>",
        pytest.param(
            "<li><b><dd></b><li><p><span><span><table>",
            marks=pytest.mark.xfail(
                strict=True,
                reason="a misnested </b> inside <dd> (adoption agency) is not modelled: the"
                " estimate is 3 levels short, harmless below the 8,192 limit",
            ),
        ),
    ],
)
def test_depth_estimate_found_gaps(markup: str) -> None:
    assert measure_markup(markup).depth >= depth_of(markup) - 2
