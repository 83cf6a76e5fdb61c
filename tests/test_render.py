"""Stage 6: the document model and its text, Markdown and HTML renderings."""

from __future__ import annotations

import pytest

import pagecleaner
from pagecleaner import Options
from pagecleaner.render import safe_url

PROSE = "This sentence is part of the article body and is long enough to count. " * 3


def clean_fragment(body: str, **options: object) -> pagecleaner.CleanResult:
    html = f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"
    return pagecleaner.clean(
        html, url="https://example.com/a/b.html", options=Options(**options) if options else None
    )  # type: ignore[arg-type]


def test_markdown_structure() -> None:
    result = clean_fragment(
        f"<h2>Section</h2><p>{PROSE}</p>"
        "<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>"
        "<ol><li>first</li><li>second</li></ol>"
        "<blockquote><p>Quoted words.</p></blockquote>"
        "<pre><code class='language-python'>def f():\n    return 1</code></pre>"
        "<table><tr><th>Name</th><th>Value</th></tr><tr><td>a|b</td><td>2</td></tr></table>"
    )
    md = result.markdown
    assert "## Section" in md
    assert "- one\n   - nested\n- two" in md
    assert "1. first\n2. second" in md
    assert "> Quoted words." in md
    assert "\n\n    def f():\n        return 1\n\n" in md  # indented: literal in every renderer
    assert "| Name | Value |\n|---|---|\n| a\\|b | 2 |" in md


def test_markdown_links_absolute_and_escaped() -> None:
    result = clean_fragment(f"<p>{PROSE} See <a href='../c.html'>the *other* page</a>.</p>")
    assert "[the \\*other\\* page](https://example.com/c.html)" in result.markdown
    assert result.links == ("https://example.com/c.html",)
    plain = clean_fragment(f"<p>{PROSE} See <a href='/c'>here</a>.</p>", include_links=False)
    assert "](" not in plain.markdown


def test_images_only_on_request() -> None:
    body = f"<p>{PROSE}<img src='/i.png' alt='A chart'></p>"
    assert "![" not in clean_fragment(body).markdown
    assert (
        "![A chart](https://example.com/i.png)"
        in clean_fragment(body, include_images=True).markdown
    )


def test_html_is_sanitised() -> None:
    result = clean_fragment(
        f"<p onclick='steal()'>{PROSE}<a href='javascript:alert(1)'>click</a>"
        "<a href='data:text/html,x'>data</a><script>evil()</script></p>"
    )
    html = result.html
    assert "onclick" not in html and "javascript:" not in html and "data:" not in html
    assert "<script" not in html and "evil" not in html
    assert html.startswith("<article>") and "<p>" in html


def test_text_paragraph_breaks_and_whitespace() -> None:
    result = clean_fragment(f"<p>{PROSE}</p><p>Second   paragraph\n with   spaces.</p>")
    assert result.text.endswith("\n\nSecond paragraph with spaces.")


def test_cjk_line_breaks_do_not_become_spaces() -> None:
    body = "<p>" + "這是一段中文文章的內容，\n用於測試換行。" * 10 + "</p>"
    result = clean_fragment(body)
    assert "內容，用於" in result.text
    assert " " not in result.text


def test_br_keeps_line_break() -> None:
    result = clean_fragment(f"<p>{PROSE}<br>Next line after a break.</p>")
    assert "\nNext line after a break." in result.text


def test_tables_can_be_left_out() -> None:
    body = f"<p>{PROSE}</p><table><tr><td>cell text</td></tr></table>"
    assert "cell text" in clean_fragment(body).text
    assert "cell text" not in clean_fragment(body, include_tables=False).text


def test_ruby_annotations_are_not_text() -> None:
    body = "<p>" + "<ruby>子<rt>こ</rt></ruby>どもへの法律ができる。" * 20 + "</p>"
    result = clean_fragment(body)
    assert "こ" not in result.text.replace("こども", "")
    assert "子どもへの法律" in result.text


def test_front_matter_is_safe_yaml_on_request() -> None:
    import json

    html = (
        '<html><head><title>Colons: "quotes" and --- dashes</title>'
        '<meta name="author" content="Ann Example"></head><body><article><h1>Colons: "quotes"'
        f" and --- dashes</h1><p>{PROSE}</p></article></body></html>"
    )
    plain = pagecleaner.clean(html, url="https://example.com/a")
    assert not plain.markdown.startswith("---")
    result = pagecleaner.clean(
        html, url="https://example.com/a", options=Options(front_matter=True)
    )
    head, body = result.markdown.split("\n---\n\n", 1)
    lines = head.split("\n")
    assert lines[0] == "---"
    fields = {k: json.loads(v) for k, v in (line.split(": ", 1) for line in lines[1:])}
    assert fields["title"] == 'Colons: "quotes" and --- dashes'
    assert fields["authors"] == ["Ann Example"]
    assert fields["url"] == "https://example.com/a"
    assert body.startswith("This sentence") or body.startswith("#")


def test_right_to_left_text_keeps_logical_order() -> None:
    arabic = "هذه فقرة من المقال تتحدث عن المدينة وسكانها، وهي طويلة بما يكفي لتكون نصا حقيقيا. "
    html = (
        '<html dir="rtl" lang="ar"><head><title>خبر</title></head><body>'
        "<nav><a href='/'>الرئيسية</a> <a href='/news'>أخبار</a> <a href='/sport'>رياضة</a></nav>"
        f"<article><p>{arabic * 3}</p><p>{arabic * 2}</p></article></body></html>"
    )
    result = pagecleaner.clean(html)
    assert result.text.startswith("هذه فقرة")
    assert "الرئيسية" not in result.text
    assert result.metadata.language == "ar"
    assert result.html.count("<p>") == 2


def test_comments_only_on_request_and_apart_from_the_article() -> None:
    html = (
        "<html><body><article><p>" + PROSE + "</p></article>"
        '<section id="comments"><h3>3 comments</h3><ol class="comment-list">'
        "<li><p>Great reporting, thank you for covering the council meeting.</p>"
        "<button>Reply</button></li>"
        "<li><p>感谢分享,收藏了。<a href='http://x.example/'>亚洲综合色网</a></p></li>"
        "<li><p>I was there and the vote was much closer than it sounds.</p></li>"
        "</ol></section></body></html>"
    )
    plain = pagecleaner.clean(html)
    assert "Great reporting" not in plain.text and plain.comments == ""
    result = pagecleaner.clean(html, options=Options(include_comments=True))
    assert result.text == plain.text
    assert "Great reporting, thank you" in result.comments
    assert "much closer than it sounds" in result.comments
    assert "亚洲综合色网" not in result.comments  # spam comments stay out
    assert "Reply" not in result.comments  # so do buttons
    assert result.to_dict()["comments"] == result.comments


def test_markdown_keeps_spaces_around_links_and_emphasis() -> None:
    result = clean_fragment(
        f"<p>{PROSE} See <a href='/c'>the <b>other</b> page</a> now, and <code>x = 1</code>.</p>"
    )
    assert "See [the **other** page](https://example.com/c) now, and `x = 1`." in (result.markdown)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/a/b?c=1", "https://example.org/a/b?c=1"),
        ("../up", "https://example.org/up"),
        ("https://other.example/x y", "https://other.example/xy"),  # whitespace dropped
        ("http://other.example/", "http://other.example/"),
        ("HTTPS://Other.example/", "https://Other.example/"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("javascript:alert(1)", None),
        (" java\nscript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("https://[broken", None),
        ("", None),
    ],
)
def test_link_targets_are_absolute_and_safe(raw: str, expected: str | None) -> None:
    assert safe_url(raw, "https://example.org/dir/page") == expected
