"""Spam evidence that needs no vocabulary: URL shapes, coherence, link profiles, verdicts.

Every page here is cleaned with ``builtin_lexicons=False`` and words no lexicon holds, so
the structure, link targets and coherence with the article must carry the decision.
"""

from __future__ import annotations

import pytest

import pagecleaner
from pagecleaner.coherence import dominant_script, shared_token_share, token_counts, tokens
from pagecleaner.hosts import url_shape

NO_WORDS = pagecleaner.Options(builtin_lexicons=False)
ARTICLE = (
    "<p>The council approved the harbour budget on Tuesday after a long debate about "
    "dredging, cranes and the new ferry terminal that the port authority wants to build.</p>"
    "<p>The budget pays for dredging and new cranes over three years, the mayor said, and "
    "the ferry terminal will follow once the port authority has found the money.</p>"
    "<p>Opponents said the harbour plan ignores the fishing fleet, which needs the old "
    "quay, and asked the council to vote again in the spring.</p>"
)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://bet-s78xk.top/news/", "random-label"),
        ("http://bet-s78xk.top/news/", "cheap-tld"),
        ("http://203.0.113.7/a", "ip-address"),
        ("https://xn--80ak6aa92e.com/", "punycode"),
        ("http://www.vipmed777.com/", "digit-run"),
        ("http://club.example.cn/?id=8758", "doorway-query"),
        ("https://shop.example/news/ygpxqq/", "random-path"),
        ("https://a.b.c.d.example.com/", "subdomain-chain"),
        ("https://www.example.edu/wp-content/uploads/cheap-deals.html", "authority-upload"),
    ],
)
def test_url_shapes_found(url: str, reason: str) -> None:
    assert reason in url_shape(url).reasons


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nytimes.com/2019/11/12/world/story.html",
        "https://www.cbsnews.com/news/a-story/",
        "https://wordpress.com/",
        "http://abc7.com/weather",
        "https://t3n.de/news/",
        "https://www.nbcnews.com/news/us-news/residents-n1075661",
        "/relative/path",
    ],
)
def test_ordinary_urls_have_no_shape(url: str) -> None:
    assert url_shape(url).points == 0


def test_scripts_and_tokens() -> None:
    assert dominant_script("The harbour budget") == "latin"
    assert dominant_script("最新作の時計が入荷しました") == "kana"
    assert dominant_script("港口预算获得批准") == "han"
    assert "港口" in tokens("港口预算") and "harbour" in tokens("The harbour")
    article = token_counts("the harbour budget pays for dredging")
    assert shared_token_share(tokens("harbour cranes"), article) == 0.5


def _clean(body: str, **options: object) -> pagecleaner.CleanResult:
    cleaner = pagecleaner.Cleaner(pagecleaner.Options(builtin_lexicons=False, **options))  # type: ignore[arg-type]
    page = f"<html><head><title>Harbour budget</title></head><body>{body}</body></html>"
    return cleaner.clean(page, url="https://news.example/harbour")


def test_hidden_links_to_generated_hosts_are_spam_without_vocabulary() -> None:
    farm = "".join(
        f'<a href="http://zq{k}x{k}k.top/news/ygpxqq/">zorblat {k}</a> ' for k in range(6)
    )
    result = _clean(
        f'<article><h1>Harbour budget</h1>{ARTICLE}</article><div style="display:none">{farm}</div>'
    )
    assert "zorblat" not in result.text
    assert result.spam.verdict == "cleaned"
    assert any(f.spam and f.code.startswith("HID") for f in result.report.findings)


def test_hidden_menu_of_own_links_is_not_spam() -> None:
    menu = "".join(f'<a href="/section/{k}">Section {k}</a> ' for k in range(6))
    result = _clean(
        f'<article><h1>Harbour budget</h1>{ARTICLE}</article><div style="display:none">{menu}</div>'
    )
    assert result.spam.verdict == "clean"


def test_sister_sites_in_a_footer_are_not_spam() -> None:
    sisters = " | ".join(
        f'<a href="https://news{k}example.com/">News {k}</a>' for k in ("24", "365", "7x7x")
    )
    page = f"<article><h1>Harbour budget</h1>{ARTICLE}</article><footer>{sisters}</footer>"
    cleaner = pagecleaner.Cleaner(NO_WORDS)
    result = cleaner.clean(f"<html><body>{page}</body></html>", url="https://newsexample.com/a")
    assert result.spam.verdict == "clean"


def test_off_topic_anchor_appended_to_a_paragraph_goes_sentence_stays() -> None:
    tail = ' <a href="http://bet-s78xk.top/news/ygpxqq/">zorblat quick wins</a>'
    body = ARTICLE.replace("in the spring.</p>", f"in the spring.{tail}</p>")
    result = _clean(f"<article><h1>Harbour budget</h1>{body}</article>")
    assert "zorblat" not in result.text
    assert "asked the council to vote again in the spring." in result.text
    assert result.spam.verdict == "cleaned"


def test_stuffed_title_of_unknown_words_falls_back_to_the_headline() -> None:
    cleaner = pagecleaner.Cleaner(NO_WORDS)
    stuffed = ",".join(["zorblat prime", "quick zorblat", "vexo spins", "best vexo club",
                        "zorblat login", "vexo win", "zorblat app"])  # fmt: skip
    page = (
        f"<html><head><title>{stuffed}</title></head><body><article><h1>Harbour budget "
        f"approved</h1>{ARTICLE}</article></body></html>"
    )
    result = cleaner.clean(page, url="https://news.example/harbour")
    assert result.metadata.title == "Harbour budget approved"
    assert result.spam.verdict == "cleaned"


def test_builtin_lexicons_option_switches_vocabulary_off() -> None:
    # An ordinary-looking host: only the anchor's words make it spam.
    tail = ' <a href="https://www.pharmacy-example.com/">cheap cialis</a>'
    body = ARTICLE.replace("in the spring.</p>", f"in the spring.{tail}</p>")
    page = f"<html><body><article><h1>Harbour budget</h1>{body}</article></body></html>"
    with_words = pagecleaner.clean(page, url="https://news.example/a")
    without = pagecleaner.Cleaner(NO_WORDS).clean(page, url="https://news.example/a")
    assert "cheap cialis" not in with_words.text
    assert any(f.code == "LNK002" for f in with_words.report.findings)
    assert "cheap cialis" in without.text


def test_one_weak_shape_is_not_a_generated_host() -> None:
    assert not url_shape("https://someblog.wordpress.com/").generated  # free hosting
    assert not url_shape("http://www.fyah105.com/").generated  # a radio station's digits
    assert not url_shape("https://video.example.com/watch/x7k2p9q/").generated  # an ID path
    assert url_shape("http://bet-s78xk.top/").generated
    assert url_shape("http://203.0.113.7/").generated


def test_a_blogroll_is_not_a_link_farm() -> None:
    # Thirty blogs linked once each, most on free hosting, two on odd-looking hosts: the
    # shape of an honest blogroll as much as of a private farm.
    blogs = [f"https://writer{k}.blogspot.com/" for k in range(28)]
    blogs += ["http://q7x2b.example.net/", "http://zz9k3.example.org/"]
    roll = " ".join(f'<a href="{href}">Blog {k}</a>' for k, href in enumerate(blogs))
    result = _clean(f"<article><h1>Harbour budget</h1>{ARTICLE}</article><aside>{roll}</aside>")
    assert result.spam.verdict == "clean"
