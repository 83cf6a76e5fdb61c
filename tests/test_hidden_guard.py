"""The guard against hiding rules taking the page: wrappers a script reveals, not concealment."""

from __future__ import annotations

from pagecleaner import clean

ARTICLE = (
    "<p>The council approved the harbour plan on Tuesday, after a debate that lasted most "
    "of the evening and ended with a narrow vote.</p>"
    "<p>Work on the new quay begins in May, and the ferry terminal should open before the "
    "summer season, the council said in a statement.</p>"
)
DOORWAY = "".join(
    f"<p>Paragraph {n} of a long text written for search engines only, never for the "
    "readers of this page, and longer than the article it was injected into.</p>"
    for n in range(12)
)


def test_wrapper_hidden_until_a_script_reveals_it_is_kept() -> None:
    menu = "<ul>" + "".join(f"<li><a href='/s{n}'>Section {n}</a></li>" for n in range(9)) + "</ul>"
    result = clean(f"<html><body><div style='display:none'>{menu}{ARTICLE}</div></body></html>")
    assert "harbour plan" in result.text
    assert any(f.code == "HID002" for f in result.report.guarded)


def test_concealed_block_bigger_than_the_article_is_dropped() -> None:
    page = (
        "<html><body><article>" + ARTICLE + "</article>"
        f"<div style='position:absolute;left:-9999px'>{DOORWAY}</div></body></html>"
    )
    result = clean(page)
    assert "harbour plan" in result.text
    assert "search engines only" not in result.text
    assert not result.report.guarded
