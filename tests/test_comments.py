"""Reader comments (``Options(include_comments=True)``): found wherever templates put them.

Pages written for the tests; each case is a cause of missed comments on the Dragnet
benchmark pages (issue 13), whose gold keeps reader comments.
"""

from __future__ import annotations

import pagecleaner

STORY = "".join(
    f"<p>Paragraph {n} of the story tells the reader what happened in the valley, why the "
    "council met again on Tuesday and what the farmers said about the new water plan.</p>"
    for n in range(6)
)
COMMENT = (
    "I live in the valley and the water plan will change how we irrigate our fields, so "
    "thank you for writing about it in such detail."
)


def comments_of(markup: str) -> pagecleaner.CleanResult:
    return pagecleaner.Cleaner(pagecleaner.Options(include_comments=True)).clean(markup)


def test_comments_inside_the_article_container_dropped_as_furniture_are_rendered() -> None:
    # A blog template: the comments sit inside the post's container, in a main column
    # named like a sidebar widget ("widget Blog").
    result = comments_of(
        '<html><body><div class="widget Blog"><div class="blog-posts">'
        f'<h1>Water plan</h1><div class="post-body">{STORY}</div>'
        f'<div class="comments"><h4>2 comments:</h4><dl><dt>Ann said...</dt><dd>{COMMENT}</dd>'
        "</dl></div></div></div>"
        '<div class="sidebar"><div class="widget">Recent comments: Bob on another post</div>'
        "</div></body></html>"
    )
    assert COMMENT in result.comments
    assert COMMENT not in result.text
    assert "Bob on another post" not in result.comments


def test_single_comments_classed_comment_in_an_unnamed_list_are_rendered() -> None:
    result = comments_of(
        f"<html><body><article><h1>Water plan</h1>{STORY}</article>"
        f'<ol><li class="comment even depth-1"><p>{COMMENT}</p></li>'
        '<li class="comment odd depth-1"><p>Second reader comment, with its own words.</p>'
        "</li></ol></body></html>"
    )
    assert COMMENT in result.comments
    assert "Second reader comment" in result.comments
    assert "Paragraph 0 of the story" in result.text


def test_comments_stay_out_of_the_text_by_default() -> None:
    result = pagecleaner.clean(
        f"<html><body><article><h1>Water plan</h1>{STORY}</article>"
        f'<ol><li class="comment"><p>{COMMENT}</p></li></ol></body></html>'
    )
    assert COMMENT not in result.text
    assert result.comments == ""
