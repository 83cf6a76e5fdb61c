"""Metadata: sources in order of trust, normalisation, hijacked head fields, bylines, dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import pagecleaner
from pagecleaner.authors import parse_authors
from pagecleaner.dates import find_text_date, parse_machine_date, url_date
from pagecleaner.dom import build_tree
from pagecleaner.metadata import extract_metadata
from pagecleaner.parse import parse_html
from pagecleaner.result import Finding, Metadata

FIXTURES = Path(__file__).parent / "fixtures" / "metadata"
SOURCES = {"json-ld", "microdata", "opengraph", "meta", "dom", "url", "text"}


def read(markup: str, url: str | None = None) -> tuple[Metadata, list[Finding]]:
    """The page's metadata, and the STF002 findings the whole pipeline reports for it."""
    metadata = extract_metadata(build_tree(parse_html(markup)), url)
    assert set(metadata.sources.values()) <= SOURCES
    findings = [f for f in pagecleaner.clean(markup, url=url).report.findings if f.code == "STF002"]
    return metadata, findings


def fixture(name: str, url: str | None = None) -> tuple[Metadata, list[Finding]]:
    return read((FIXTURES / f"{name}.html").read_text(encoding="utf-8"), url)


# -- JSON-LD -------------------------------------------------------------------------------


def test_json_ld_graph_news_article_outranks_its_web_page() -> None:
    metadata, findings = fixture(
        "jsonld-graph", "https://news.example.com/2023/05/04/tram-line/?ref=home"
    )
    assert findings == []
    assert metadata.title == "City council approves the new tram line"
    assert metadata.authors == ("Jane Doe",)  # "By" dropped, the nested object's name
    assert metadata.date_published == "2023-05-04"  # the NewsArticle's, not the WebPage's
    assert metadata.date_modified == "2023-05-05"
    assert metadata.site_name == "Example Times"
    assert metadata.language == "en-GB"  # the most specific declaration agreeing with lang=en
    assert metadata.canonical_url == "https://news.example.com/2023/05/04/tram-line/"
    assert metadata.image == "https://news.example.com/img/tram.jpg"
    assert metadata.tags == ("transport", "city council", "trams")
    assert metadata.categories == ("Local",)
    assert metadata.page_type == "NewsArticle"
    assert metadata.sources["authors"] == "json-ld"
    assert metadata.sources["date_published"] == "json-ld"
    assert metadata.sources["title"] == "dom"  # the <h1> agrees with the JSON-LD headline


def test_json_ld_list_several_authors_and_a_web_page_first() -> None:
    metadata, _ = fixture("jsonld-list-webpage-first")
    assert metadata.title == "Ten years of home baking"
    assert metadata.sources["title"] == "json-ld"
    # Given and family names joined; the Organization is not an author next to people.
    assert metadata.authors == ("Ana Lima", "Tom Berg")
    assert metadata.date_published == "2022-03-14"
    assert metadata.license == "CC BY-SA 4.0"
    assert metadata.page_type == "BlogPosting"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ('"Jane Doe"', ("Jane Doe",)),
        ('["Jane Doe", "John Roe"]', ("Jane Doe", "John Roe")),
        ('{"@type": "Person", "name": {"name": "Jane Doe"}}', ("Jane Doe",)),
        ('[{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}]',
         ("Jane Doe", "John Roe")),
        ('{"@type": "Person", "name": "Jane Doe", "url": "https://example.com/jane"}',
         ("Jane Doe",)),
        ('"https://example.com/authors/jane"', ()),
    ],
)  # fmt: skip
def test_json_ld_author_shapes(author: str, expected: tuple[str, ...]) -> None:
    markup = (
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        f'"@type": "Article", "headline": "A headline", "author": {author}}}</script>'
    )
    metadata, _ = read(markup)
    assert metadata.authors == expected


def test_json_ld_article_subtypes_and_entities() -> None:
    markup = """<script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "WebPage", "name": "Wrapper",
     "mainEntity": {"@type": "OpinionNewsArticle", "headline": "Opinion &amp; facts",
                    "datePublished": "2021-06-01", "author": "Ann Other"}}
    </script>"""
    metadata, _ = read(markup)
    assert metadata.title == "Opinion & facts"  # entities in JSON-LD strings are decoded
    assert metadata.date_published == "2021-06-01"
    assert metadata.authors == ("Ann Other",)


# -- meta, microdata ------------------------------------------------------------------------


def test_several_authors_from_meta() -> None:
    markup = """<head>
    <meta name="author" content="Jane Doe">
    <meta name="author" content="John Roe and Ann Other">
    <meta name="author" content="Jane Doe">
    </head>"""
    metadata, _ = read(markup)
    assert metadata.authors == ("Jane Doe", "John Roe", "Ann Other")
    assert metadata.sources["authors"] == "meta"


def test_citation_authors_are_one_name_per_tag() -> None:
    markup = """<head>
    <meta name="citation_title" content="Vaccination and hospital use">
    <meta name="citation_author" content="Anderson, Michael L.">
    <meta name="citation_author" content="Gorry, Devon">
    <meta name="citation_publication_date" content="2020/04/07">
    </head>"""
    metadata, _ = read(markup)
    assert metadata.authors == ("Anderson, Michael L.", "Gorry, Devon")
    assert metadata.date_published == "2020-04-07"
    assert metadata.title == "Vaccination and hospital use"


def test_site_as_author_gives_way_to_the_byline() -> None:
    markup = """<head><meta name="author" content="Example Times">
    <meta property="og:site_name" content="Example Times"></head>
    <body><article><h1>Rain expected all week long</h1>
    <div class="byline">By Sam Weather</div><p>It will rain.</p></article></body>"""
    metadata, _ = read(markup, "https://www.example-times.com/rain")
    assert metadata.authors == ("Sam Weather",)
    assert metadata.sources["authors"] == "dom"


def test_microdata_article_scope_not_comments() -> None:
    metadata, _ = fixture("microdata")
    assert metadata.authors == ("Lena Brot",)
    assert metadata.sources["authors"] == "microdata"
    assert metadata.date_published == "2021-09-08"  # not the comment's 2021-09-10
    assert metadata.title == "Wie man Sauerteig ansetzt"
    assert metadata.language == "de-DE"


# -- bylines near the headline ------------------------------------------------------------


def test_german_byline_and_date_under_a_kicker_headline() -> None:
    metadata, _ = fixture("byline-german")
    assert metadata.title == "Neue Radwege für die Innenstadt"  # kicker "Verkehr" dropped
    assert metadata.authors == ("Max Mustermann", "Erika Musterfrau")  # "Von", "und"
    assert metadata.date_published == "2022-01-21"  # the dateline, not the text's 4. Februar
    assert metadata.sources["authors"] == "dom"


def test_french_byline_beside_a_logo_heading() -> None:
    metadata, _ = fixture("byline-french", "https://www.petit-quotidien.example/politique/x")
    assert metadata.title == "La réforme des retraites adoptée"
    assert metadata.authors == ("Marie Dupont",)  # "Par" and ", le 5 mars 2020" cut
    assert metadata.date_published == "2020-03-05"
    assert metadata.language == "fr"


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe and John Roe, Staff Writers | Jan. 5, 2024", ["Jane Doe", "John Roe"]),
        ("Von Roland Brockmann und Sebastian Drescher", ["Roland Brockmann", "Sebastian Drescher"]),
        ("Par Marie Dupont, le 5 mars 2020", ["Marie Dupont"]),
        ("Por Juan Pérez", ["Juan Pérez"]),
        ("Posted on April 5, 2015 by marc", ["marc"]),
        ("Veröffentlicht von Chris Jung", ["Chris Jung"]),
        ("Autorin: Birgit Posselt", ["Birgit Posselt"]),
        ("Walter von Aachen", ["Walter von Aachen"]),
        ("Williams Perdomo @wperdomod", ["Williams Perdomo"]),
        ("Jane Doe, PhD", ["Jane Doe"]),
        ("责任编辑：孔德明", ["孔德明"]),
        ("admin", []),
        ("jane@example.com", []),
        ("https://example.com/author/jane", []),
        ("Veröffentlicht von", []),
    ],
)  # fmt: skip
def test_author_normalisation(byline: str, names: list[str]) -> None:
    assert parse_authors(byline) == names


# -- hijacked head fields -----------------------------------------------------------------


def test_hijacked_title_falls_back_and_is_reported() -> None:
    metadata, findings = fixture("stuffed-title")
    assert metadata.title == "芯片公司的一年"
    assert metadata.sources["title"] == "dom"
    assert metadata.description is None  # the only description is stuffed too
    assert metadata.tags == ()  # the keywords repeat themselves
    kinds = {f.path.rsplit("/", 1)[-1].split("[")[0] for f in findings}
    assert kinds == {"title", "meta"}
    title_finding = next(f for f in findings if f.path.endswith("/title"))
    assert title_finding.code == "STF002"
    assert title_finding.rule == "keyword-stuffed-head"
    assert title_finding.snippet.startswith("彩票投注网")
    assert title_finding.spam


def test_hijacked_title_without_h1_falls_back_to_og_title() -> None:
    markup = """<head>
    <title>buy viagra, cheap cialis, casino bonus, free spins, payday loans, buy viagra</title>
    <meta property="og:title" content="Garden notes for the spring">
    </head><body><p>Plant early.</p></body>"""
    metadata, findings = read(markup)
    assert metadata.title == "Garden notes for the spring"
    assert metadata.sources["title"] == "opengraph"
    assert [f.code for f in findings] == ["STF002"]


# -- pages without metadata ----------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        (FIXTURES / "no-metadata.html").read_text(encoding="utf-8"),
        "<html></html>",
        "<p></p>",
        '<script type="application/ld+json">{not json</script>',
        '<script type="application/ld+json">[1, "two", null]</script><time></time>',
        "<h1></h1><meta name=author content=''><meta property='og:title' content='  '>",
    ],
)
def test_no_metadata_gives_empty_fields(markup: str) -> None:
    metadata, findings = read(markup)
    assert metadata == Metadata()
    assert findings == []


# -- dates ---------------------------------------------------------------------------------


def test_future_dates_are_rejected() -> None:
    later = (datetime.now(timezone.utc).date() + timedelta(days=3)).isoformat()
    markup = f"""<head>
    <meta property="article:published_time" content="2999-01-01T00:00:00Z">
    <script type="application/ld+json">
    {{"@type": "NewsArticle", "headline": "Tomorrow's news", "datePublished": "{later}"}}
    </script></head>"""
    metadata, _ = read(markup)
    assert metadata.date_published is None
    metadata, _ = read(markup, "https://example.com/2021/03/04/news")
    assert metadata.date_published == "2021-03-04"
    assert metadata.sources["date_published"] == "url"
    assert parse_machine_date("2999-01-01") is None
    assert parse_machine_date(later) is None
    assert parse_machine_date("2021-02-30") is None  # not a calendar date


def test_utc_timestamp_yields_to_the_local_date_of_the_url() -> None:
    markup = '<meta property="article:published_time" content="2023-11-09T05:30:59+00:00">'
    metadata, _ = read(markup, "https://example.com/2023/11/08/story/")
    assert metadata.date_published == "2023-11-08"


def test_date_shown_with_the_headline_outranks_metadata() -> None:
    markup = """<head><meta name="date" content="2022-11-17"></head><body><article>
    <h1>Heat pumps in old buildings</h1><time class="published" datetime="2022-03-09">
    9 March 2022</time><p>Text.</p></article></body>"""
    metadata, _ = read(markup)
    assert metadata.date_published == "2022-03-09"
    assert metadata.sources["date_published"] == "dom"


def test_update_dates_are_not_publication_dates() -> None:
    markup = """<article><h1>Running through the winter</h1>
    <time class="updated" datetime="2019-02-11">11. Februar 2019</time>
    <time class="entry-date published" datetime="2019-02-10">10. Februar 2019</time>
    </article>"""
    metadata, _ = read(markup)
    assert metadata.date_published == "2019-02-10"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Veröffentlicht am 5. April 2017", "2017-04-05"),
        ("21.01.2022 - 13:30", "2022-01-21"),
        ("November 8, 2023 at 11:30 p.m.", "2023-11-08"),
        ("miércoles, 4 de mayo de 2022", "2022-05-04"),
        ("le 5 mars 2020", "2020-03-05"),
        ("2023年11月8日", "2023-11-08"),
        ("Sat, 19 Oct 2019 00:04:00 +0200", "2019-10-19"),
        ("02/10/2020", "2020-10-02"),
        ("no date here", None),
        ("31.02.2021", None),
        ("Am 5. April 1850", None),  # history, not publication
    ],
)
def test_text_dates(text: str, expected: str | None) -> None:
    found = find_text_date(text)
    assert (found.iso if found else None) == expected


def test_month_first_dates_follow_the_hint() -> None:
    found = find_text_date("02/10/2020", month_first=True)
    assert found is not None and found.value == date(2020, 2, 10)
    found = find_text_date("25/10/2020", month_first=True)  # 25 cannot be a month
    assert found is not None and found.value == date(2020, 10, 25)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2023/11/08/story/", "2023-11-08"),
        ("https://example.com/news/2019-06-17-title.html", "2019-06-17"),
        ("https://example.com/a/20231108/b", "2023-11-08"),
        ("https://example.com/meldungen/29-10-2021", "2021-10-29"),
        ("https://example.com/2021_11_info.html", None),
        ("https://example.com/2021-22/transfers/", None),
        ("https://example.com/2023/43/article", None),
        ("https://web.archive.org/web/20120611024252/http://example.com/x", None),
        (None, None),
    ],
)
def test_url_dates(url: str | None, expected: str | None) -> None:
    found = url_date(url)
    assert (found.iso if found else None) == expected


# -- titles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "url", "title"),
    [
        ('<title>Headline here | Example News</title><meta property="og:site_name" '
         'content="Example News">', None, "Headline here"),
        ('<title>Example News: Headline here</title><meta property="og:site_name" '
         'content="Example News">', None, "Headline here"),
        ("<title>Headline here – ExampleNews</title>", "https://www.examplenews.com/a",
         "Headline here"),
        ("<title>Headline here › Nordic by Nature</title>"
         '<meta property="og:site_name" content="Nordic by Nature">', None, "Headline here"),
        ('<title>Energy Rising - 33 days - Mady Moe - Yoga Life</title><meta property='
         '"og:site_name" content="Mady Moe - Yoga Life">', None, "Energy Rising - 33 days"),
        ("<title>Site Name » Blog » The post title</title>", None, "The post title"),
        ("<title>The report | Environment | DW | 23.05.2011</title>", None, "The report"),
        ("<title>Bericht zur Lage – worauf wartet die Politik?</title>", None,
         "Bericht zur Lage – worauf wartet die Politik?"),
        ('<title>Privatkredit-Zinsen: So geht es | SMAVA</title><meta property='
         '"og:site_name" content="Privatkredit">', None, "Privatkredit-Zinsen: So geht es"),
    ],
)  # fmt: skip
def test_title_site_suffix_is_stripped(head: str, url: str | None, title: str) -> None:
    metadata, _ = read(f"<head>{head}</head><body><p>Text.</p></body>", url)
    assert metadata.title == title


def test_h1_wording_wins_when_it_agrees_with_the_head() -> None:
    markup = """<head><title>Laufen im Winter: Von „bäh!“ zu „yeah!“ › Nordish</title></head>
    <body><h1><a href="/">Nordish</a></h1><h1 class="entry-title">
    Laufen im Winter: Von „bäh!“ zu „yeah!“</h1></body>"""
    metadata, _ = read(markup)
    assert metadata.title == "Laufen im Winter: Von „bäh!“ zu „yeah!“"
    assert metadata.sources["title"] == "dom"


@pytest.mark.parametrize(
    ("h1", "title"),
    [
        ('<span class="dachzeile">Interne Unterlagen</span> <span class="headline">'
         "Daten von Rheinmetall gehackt</span>", "Daten von Rheinmetall gehackt"),
        ('<span class="kicker">Verkehr</span> Neue Radwege', "Neue Radwege"),
        ("<small>Einheit der Woche</small><br>Lagen-Pyramide mit GA2", "Lagen-Pyramide mit GA2"),
        ('Dezuka Suisan: Fish Cakes <small class="article-subtitle">Welcome to the North'
         "</small>", "Dezuka Suisan: Fish Cakes"),
        ('<span class="visuallyhidden">Headline:</span> Energiewende und Wandel',
         "Energiewende und Wandel"),
    ],
)  # fmt: skip
def test_headline_kickers_and_subtitles_are_dropped(h1: str, title: str) -> None:
    markup = f"<head><title>{title} | Site</title></head><body><h1>{h1}</h1></body>"
    metadata, _ = read(markup)
    assert metadata.title == title


def test_only_h1_wins_over_a_rewritten_head_title() -> None:
    markup = """<head><title>Privatkredit-Zinsen: So ermitteln Sie Ihre Kosten | SMAVA</title>
    </head><body><h1>Wie hoch sind die Zinsen für einen Privatkredit?</h1></body>"""
    metadata, _ = read(markup)
    assert metadata.title == "Wie hoch sind die Zinsen für einen Privatkredit?"


# -- language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "language", "source"),
    [
        ("<title>東京の天気は晴れです</title>", "ja", "text"),
        ("<title>서울의 날씨</title>", "ko", "text"),
        ("<title>北京天气晴朗</title>", "zh", "text"),
        ("<title>Погода в Москве</title>", "ru", "text"),
        ("<title>Plain English title</title>", None, None),
        ('<html lang="en_us"><title>x</title></html>', "en-US", "dom"),
        ('<html lang="de"><meta property="og:locale" content="de_AT"></html>', "de-AT",
         "opengraph"),
        ('<html lang="x-default"><meta http-equiv="content-language" content="fr"></html>',
         "fr", "meta"),
    ],
)  # fmt: skip
def test_language(markup: str, language: str | None, source: str | None) -> None:
    metadata, _ = read(markup)
    assert metadata.language == language
    assert metadata.sources.get("language") == source


# -- through the public API ----------------------------------------------------------------


def test_cleaner_returns_the_metadata() -> None:
    raw = (FIXTURES / "jsonld-graph.html").read_bytes()
    result = pagecleaner.Cleaner().clean(raw, url="https://news.example.com/2023/05/04/x/")
    assert result.metadata.title == "City council approves the new tram line"
    assert result.metadata.authors == ("Jane Doe",)
    data = result.to_dict()["metadata"]
    assert data["categories"] == ["Local"] and data["page_type"] == "NewsArticle"


# -- site name read from what the page shows (issue 13) -------------------------------------


@pytest.mark.parametrize(
    ("head", "body", "url", "expected", "source"),
    [
        # A title suffix and a title prefix, set apart from the headline.
        ("<title>Trams return to the city - The Example Times</title>",
         "<h1>Trams return to the city</h1>", None, "The Example Times", "meta"),
        ("<title>雷鋒網 | 英偉達的AI芯片公司快被現實打趴了</title>",
         "<h1>英偉達的AI芯片公司快被現實打趴了</h1>", None, "雷鋒網", "meta"),
        # "Headline | Section | Site": the part farthest from the headline.
        ("<title>Trams return to the city | Local | Example Times</title>",
         "<h1>Trams return to the city</h1>", None, "Example Times", "meta"),
        # An author or a page number after the bar is no site; the logo's alt text is.
        ("<title>Trams return to the city | by Jane Doe</title>",
         '<header><a href="/" class="logo"><img src="/l.png" alt="Example Times Logo"></a>'
         "</header><h1>Trams return to the city</h1>", None, "Example Times", "dom"),
        # Nothing shown names the site: its host.
        ("<title>Trams return to the city</title>", "<h1>Trams return to the city</h1>",
         "https://www.example-times.com/trams", "www.example-times.com", "url"),
    ],
)  # fmt: skip
def test_site_name_from_title_logo_or_host(
    head: str, body: str, url: str | None, expected: str, source: str
) -> None:
    metadata, _ = read(f"<html><head>{head}</head><body>{body}<p>Text.</p></body></html>", url)
    assert metadata.site_name == expected
    assert metadata.sources["site_name"] == source


def test_site_name_from_og_site_name_outranks_the_title() -> None:
    metadata, _ = read(
        '<html><head><meta property="og:site_name" content="Example Times">'
        "<title>Trams return to the city - ET Online</title></head>"
        "<body><h1>Trams return to the city</h1></body></html>"
    )
    assert metadata.site_name == "Example Times"
    assert metadata.sources["site_name"] == "opengraph"


# -- byline furniture (issue 13) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("包永剛 發私信給包永剛 關注", ["包永剛"]),
        ("包永剛 + 关注", ["包永剛"]),
        ("By Jane Doe Follow", ["Jane Doe"]),
        ("Jane Doe | Follow on Twitter", ["Jane Doe"]),
        ("Jane Doe Send a message View profile", ["Jane Doe"]),
        ("Follow Jane Doe", ["Jane Doe"]),
        ("Von Max Mustermann Folgen Nachricht senden", ["Max Mustermann"]),
        ("Par Jean Dupont Suivre Partager", ["Jean Dupont"]),
        ("Por Juan Pérez Seguir", ["Juan Pérez"]),
        ("Anna Kowalska Obserwuj", ["Anna Kowalska"]),
        ("Mario Rossi Segui Condividi", ["Mario Rossi"]),
        ("Share", []),
        # Names holding the letters of a furniture word stay whole.
        ("John Messager", ["John Messager"]),
        ("Sharon Profilet", ["Sharon Profilet"]),
    ],
)
def test_byline_furniture_is_not_part_of_the_name(byline: str, names: list[str]) -> None:
    assert parse_authors(byline) == names


def test_date_named_element_anywhere_when_the_headline_scan_finds_none() -> None:
    # The page's only <h1> is a menu heading far from the story, so the scan around it finds
    # no date; the short date-named element above the story's own heading is the date.
    menu = "".join(f'<li><a href="/s{n}">Section {n}</a></li>' for n in range(200))
    metadata, _ = read(
        f"<html><head><title>Trams</title></head><body><h1>Sections</h1><ul>{menu}</ul>"
        '<div class="story"><span class="time-rubric">Jan 18, 2019</span>'
        "<h2>Trams return to the city</h2><p>Text of the story.</p></div>"
        '<div class="comments"><span class="date">Feb 2, 2019</span></div></body></html>'
    )
    assert metadata.date_published == "2019-01-18"
    assert metadata.sources["date_published"] == "dom"
