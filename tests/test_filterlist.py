"""EasyList-style filter lists: parsing, reporting what is unsupported, domains, exceptions,
grouped queries, and the end-to-end path through Cleaner.clean and batch workers."""

from __future__ import annotations

import pickle
import warnings
from pathlib import Path

import pytest

import pagecleaner
from pagecleaner import Cleaner, ConfigError, Options, RuleSet, UnsupportedFilterWarning
from pagecleaner import filterlist as fl
from pagecleaner.dom import PageTree
from pagecleaner.filterlist import (
    FilterRule,
    UnsupportedReason,
    bind_filter_rules,
    load_filter_list,
    read_filter_list,
    selector_problem,
)
from pagecleaner.testing import rule_matches

FIXTURES = Path(__file__).parent / "fixtures"
LISTS = FIXTURES / "filterlists"
HARBOUR = LISTS / "harbour.txt"
ALLOWLIST = LISTS / "allowlist.txt"
ARTICLE = (FIXTURES / "rulepacks" / "article.html").read_text(encoding="utf-8")
MARKERS = ("PROMO-MARKER", "DEALER-MARKER", "BROUGHT-MARKER", "EDITOR-MARKER")


def _load(path: Path = HARBOUR, **kwargs: object) -> fl.FilterList:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnsupportedFilterWarning)
        return load_filter_list(path.read_text(encoding="utf-8"), origin=path.name, **kwargs)  # type: ignore[arg-type]


def _kept(result: pagecleaner.CleanResult) -> set[str]:
    return {marker for marker in MARKERS if marker in result.text}


def _cleaner(*lists: Path, **kwargs: object) -> Cleaner:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnsupportedFilterWarning)
        return Cleaner(Options(filter_lists=tuple(str(p) for p in lists), **kwargs))  # type: ignore[arg-type]


# --- parsing ------------------------------------------------------------------------------


def test_supported_lines_become_rules_sharing_the_lists_code() -> None:
    flist = _load()
    assert [r.info.origin for r in flist.rules] == [f"harbour.txt:{n}" for n in (4, 5, 6, 7, 8)]
    assert {r.info.code for r in flist.rules} == {"COS001"}
    assert {r.info.family for r in flist.rules} == {pagecleaner.Family.USER}
    assert {r.info.name for r in flist.rules} == {"harbour"}
    by_line = {r.info.origin: r for r in flist.rules}
    assert by_line["harbour.txt:5"].include == {"example.com", "example.org"}
    assert by_line["harbour.txt:6"].exclude == {"shop.example.com"}
    assert not by_line["harbour.txt:6"].include
    assert by_line["harbour.txt:8"].exception
    assert by_line["harbour.txt:8"].info.action is pagecleaner.Action.PROTECT
    assert (flist.hiding, flist.exceptions, flist.lines) == (4, 1, 18)


EXPECTED_UNSUPPORTED = {
    9: UnsupportedReason.NETWORK_RULE,
    10: UnsupportedReason.NETWORK_RULE,
    11: UnsupportedReason.EXTENDED_SELECTOR,
    12: UnsupportedReason.SNIPPET,
    13: UnsupportedReason.SNIPPET,
    14: UnsupportedReason.PROCEDURAL_OPERATOR,
    15: UnsupportedReason.HTML_FILTER,
    16: UnsupportedReason.INVALID_SELECTOR,
    17: UnsupportedReason.DIRECTIVE,
    18: UnsupportedReason.UNSUPPORTED_DOMAIN,
}


def test_every_unsupported_line_is_returned_with_line_and_reason() -> None:
    flist = _load()
    assert {u.line: u.reason for u in flist.unsupported} == EXPECTED_UNSUPPORTED
    network = flist.unsupported[0]
    assert network.origin == "harbour.txt:9" and network.text == "||ads.example^"
    assert str(network).startswith("harbour.txt:9: network-rule: ||ads.example^")


def test_every_unsupported_line_is_warned_about() -> None:
    with pytest.warns(UnsupportedFilterWarning) as caught:
        load_filter_list(HARBOUR.read_text(encoding="utf-8"), origin="harbour.txt")
    messages = [str(w.message) for w in caught]
    assert len(messages) == len(EXPECTED_UNSUPPORTED)
    assert any("harbour.txt:14: procedural-operator" in m and ":has-text" in m for m in messages)
    assert any("harbour.txt:16: invalid-selector" in m for m in messages)


def test_warnings_are_capped_and_warn_false_only_returns() -> None:
    text = "\n".join(f"||ads{n}.example^" for n in range(fl.MAX_LINE_WARNINGS + 7))
    with pytest.warns(UnsupportedFilterWarning) as caught:
        flist = load_filter_list(text, origin="big.txt")
    assert len(flist.unsupported) == fl.MAX_LINE_WARNINGS + 7
    assert len(caught) == fl.MAX_LINE_WARNINGS + 1
    assert "7 more unsupported filters" in str(caught[-1].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load_filter_list(text, origin="big.txt", warn=False).unsupported) == 27


@pytest.mark.parametrize(
    "text",
    [
        "[Adblock Plus 2.0]",
        "[uBlock Origin]",
        "! Title: comments are skipped",
        "# a hosts-file style comment",
        "",
        "   ",
    ],
)
def test_headers_comments_and_blank_lines_are_skipped(text: str) -> None:
    flist = load_filter_list(text, origin="x.txt")
    assert flist.rules == () and flist.unsupported == ()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("example.com##.ad:style(display: none)", UnsupportedReason.PROCEDURAL_OPERATOR),
        ("example.com##.ad:upward(2)", UnsupportedReason.PROCEDURAL_OPERATOR),
        ("##.ad:-abp-contains(Sponsored)", UnsupportedReason.PROCEDURAL_OPERATOR),
        ("example.com#@?#.ad", UnsupportedReason.EXTENDED_SELECTOR),
        ("example.com#%#window.x = 1", UnsupportedReason.SNIPPET),
        ('example.com$$script[tag-content="ads"]', UnsupportedReason.HTML_FILTER),
        ("/banner/*/img^", UnsupportedReason.NETWORK_RULE),
        ("example.com/#anchor", UnsupportedReason.NETWORK_RULE),
        ("/ads\\d+/##.ad", UnsupportedReason.UNSUPPORTED_DOMAIN),
        ("example.com,,other.org##.ad", UnsupportedReason.UNSUPPORTED_DOMAIN),
        ("~example.com#@#.ad", UnsupportedReason.UNSUPPORTED_DOMAIN),
        ("##", UnsupportedReason.INVALID_SELECTOR),
        ('##a[href="x', UnsupportedReason.INVALID_SELECTOR),
        ("##.ad { display: none }", UnsupportedReason.INVALID_SELECTOR),
        ("##div::before", UnsupportedReason.INVALID_SELECTOR),
    ],
)
def test_unsupported_syntax_reasons(line: str, reason: UnsupportedReason) -> None:
    flist = load_filter_list(line, origin="x.txt", warn=False)
    assert flist.rules == ()
    assert [u.reason for u in flist.unsupported] == [reason]


@pytest.mark.parametrize(
    "selector",
    ["div:not(.a", 'a[href="x', ".a\\", ".a /* note */", ".a)", ".a { x }", "", "div >"],
)
def test_selectors_that_would_swallow_their_neighbours_are_refused(selector: str) -> None:
    # Lexbor closes `div:not(.a` at the end of input: joined with ", .b" it would eat .b.
    assert selector_problem(selector) is not None


@pytest.mark.parametrize(
    ("selector", "problem"),
    [
        ("a[title='x]", "unterminated string"),
        ("div:not(.a", "missing ')'"),
        (".a]", "unbalanced ']'"),
        (".a\\", "ends in a backslash"),
        ("div::before", "Lexbor cannot parse it"),
    ],
)
def test_selector_problems_say_what_is_wrong(selector: str, problem: str) -> None:
    assert selector_problem(selector) == problem


@pytest.mark.parametrize(
    "selector", [".ad", "div#top > a[href^='https://ads.']", "aside:has(> .sponsor)", ".a\\:b"]
)
def test_css_selectors_are_accepted(selector: str) -> None:
    assert selector_problem(selector) is None


def test_codes_are_cos_and_three_digits() -> None:
    with pytest.raises(ConfigError, match="COS"):
        load_filter_list("##.ad", origin="x.txt", code="USR001")
    assert load_filter_list("##.ad", origin="x.txt", code="COS042").rules[0].info.code == "COS042"


def test_list_names_are_kebab_case_and_never_a_family() -> None:
    assert load_filter_list("##.ad", origin="/lists/My Filters.txt").code == "COS001"
    assert load_filter_list("##.ad", origin="/lists/My Filters.txt").rules[0].info.name == (
        "my-filters"
    )
    assert load_filter_list("##.ad", origin="hidden.txt").rules[0].info.name == "hidden-list"


# --- applying lists -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        # example.com: dealer (line 5) and brought-by (6) hidden; editor excepted (8).
        ("https://www.example.com/story", {"EDITOR-MARKER"}),
        # shop.example.com is excluded from line 6, and is a subdomain of example.com.
        ("https://shop.example.com/story", {"BROUGHT-MARKER", "EDITOR-MARKER"}),
        # example.org: line 5 applies, the exception (example.com only) does not.
        ("https://news.example.org/story", set()),
        # another host: line 5 does not apply.
        ("https://other.net/story", {"DEALER-MARKER"}),
        # no URL and no canonical link: only filters without included domains apply.
        (None, {"DEALER-MARKER"}),
    ],
)
def test_filter_list_end_to_end(url: str | None, kept: set[str]) -> None:
    result = _cleaner(HARBOUR).clean(ARTICLE, url=url)
    assert _kept(result) == kept
    assert "PROMO-MARKER" not in result.text
    promo = [f for f in result.report.findings if f.snippet.startswith("PROMO-MARKER")]
    assert [(f.code, f.rule, f.origin, f.family) for f in promo] == [
        ("COS001", "harbour", f"{HARBOUR}:4", pagecleaner.Family.USER)
    ]
    assert promo[0].message == "hidden by filter ##.promo-box"
    assert not promo[0].spam


def test_without_a_filter_list_the_markers_stay() -> None:
    assert _kept(Cleaner().clean(ARTICLE, url="https://www.example.com/story")) == set(MARKERS)


def test_canonical_link_stands_in_for_a_missing_url() -> None:
    page = ARTICLE.replace(
        "<title>", '<link rel="canonical" href="https://www.example.com/story"><title>'
    )
    assert _kept(_cleaner(HARBOUR).clean(page)) == {"EDITOR-MARKER"}


def test_exceptions_switch_off_the_hiding_of_other_lists() -> None:
    url = "https://www.example.com/story"
    assert "PROMO-MARKER" in _cleaner(HARBOUR, ALLOWLIST).clean(ARTICLE, url=url).text
    # Switching the allowlist off (COS002) switches its exceptions off too.
    disabled = _cleaner(HARBOUR, ALLOWLIST, disable=("COS002",)).clean(ARTICLE, url=url)
    assert "PROMO-MARKER" not in disabled.text


def test_a_list_is_selected_and_disabled_by_code_name_or_family() -> None:
    url = "https://other.net/story"
    for entry in ("COS001", "COS", "harbour", "user"):
        result = _cleaner(HARBOUR, disable=(entry,)).clean(ARTICLE, url=url)
        assert _kept(result) == set(MARKERS), entry
    only = _cleaner(HARBOUR, select=("COS001",))
    assert {r.info.code for r in only.rules} == {"COS001"}
    assert "PROMO-MARKER" not in only.clean(ARTICLE, url=url).text


def test_second_list_gets_the_next_code() -> None:
    cleaner = _cleaner(HARBOUR, ALLOWLIST)
    assert [f.code for f in cleaner.filter_lists] == ["COS001", "COS002"]
    assert cleaner.all_rules.get("COS002").info.origin == f"{ALLOWLIST}:2"


def test_rules_of_two_lists_cannot_share_a_code() -> None:
    one = load_filter_list("##.a", origin="one.txt")
    two = load_filter_list("##.b", origin="two.txt")
    with pytest.raises(ConfigError, match="duplicate rule code COS001"):
        RuleSet([*one.rules, *two.rules])
    RuleSet([*one.rules, *load_filter_list("##.b", origin="two.txt", code="COS002").rules])


def test_loaded_rules_can_be_given_to_a_cleaner() -> None:
    flist = load_filter_list("##.promo-box\n##.dealer-note", origin="mine.txt")
    cleaner = Cleaner(rules=[*pagecleaner.builtin_rules(), *flist.rules])
    assert _kept(cleaner.clean(ARTICLE)) == {"BROUGHT-MARKER", "EDITOR-MARKER"}
    # The Cleaner bound copies to its own engine; the list's rules stay unbound.
    assert all(r._engine is None for r in flist.rules)


def test_an_unbound_rule_matches_on_its_own() -> None:
    rule = _load().rules[1]  # example.com,example.org##.dealer-note
    assert rule_matches(rule, ARTICLE, url="https://example.org/")[0]
    assert not rule_matches(rule, ARTICLE, url="https://other.net/")[0]
    exception = _load().rules[4]
    assert not rule_matches(exception, ARTICLE, url="https://example.com/")[0]


def test_filter_rules_pickle_without_their_engine() -> None:
    bound = bind_filter_rules(_load().rules)
    assert isinstance(bound[0], FilterRule) and bound[0]._engine is not None
    copy = pickle.loads(pickle.dumps(bound[0]))
    assert copy._engine is None and copy.info == bound[0].info


def test_batch_workers_load_the_lists_from_their_paths(tmp_path: Path) -> None:
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    cleaner = _cleaner(HARBOUR)
    items = list(cleaner.clean_paths(sorted(tmp_path.iterdir()), jobs=2))
    assert [item.error for item in items] == [None, None]
    for item in items:
        assert item.result is not None and "PROMO-MARKER" not in item.result.text
        assert "COS001" in item.result.report.counts()


def test_an_edited_list_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    path.write_text("##.promo-box\n", encoding="utf-8")
    assert len(read_filter_list(path).rules) == 1
    assert read_filter_list(path) is read_filter_list(path)  # cached
    path.write_text("##.promo-box\n##.dealer-note\n", encoding="utf-8")
    assert len(read_filter_list(path).rules) == 2


def test_unreadable_lists_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.txt: cannot read filter list"):
        Cleaner(Options(filter_lists=(str(tmp_path / "missing.txt"),)))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("##.caf\xe9".encode("latin-1"))
    with pytest.raises(ConfigError, match=r"latin\.txt: filter list is not UTF-8"):
        read_filter_list(latin)


# --- grouped queries ----------------------------------------------------------------------


@pytest.fixture()
def css_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = PageTree.css

    def spy(self: PageTree, selector: str):  # type: ignore[no-untyped-def]
        if "zz" in selector:
            calls.append(selector)
        return original(self, selector)

    monkeypatch.setattr(PageTree, "css", spy)
    return calls


def _many(count: int, *, hit: int | None = None, keyed: bool = False) -> str:
    """``count`` filters: attribute selectors (no class or id to index them by), or
    class selectors; the ``hit``-th one matches the promo box."""
    lines = [f"##.zz-filter-{n}" if keyed else f'##div[data-zz="{n}"]' for n in range(count)]
    if hit is not None:
        lines[hit] = "##.zz-hit" if keyed else "##div[data-zz-hit]"
    return "\n".join(lines)


def _run_list(text: str) -> pagecleaner.CleanResult:
    flist = load_filter_list(text, origin="many.txt")
    page = ARTICLE.replace('class="promo-box"', 'class="promo-box zz-hit" data-zz-hit')
    return Cleaner(rules=[*pagecleaner.builtin_rules(), *flist.rules]).clean(page)


def _promo_origin(result: pagecleaner.CleanResult) -> str | None:
    return next(f.origin for f in result.report.findings if f.snippet.startswith("PROMO-MARKER"))


def test_filters_run_as_one_query_per_chunk(css_calls: list[str]) -> None:
    count = 2 * fl.CHUNK_SELECTORS + 500
    result = _run_list(_many(count))
    assert len(css_calls) == 3  # 2,500 selectors, no match: three queries
    assert "PROMO-MARKER" in result.text


def test_a_matching_chunk_is_split_to_find_the_line(css_calls: list[str]) -> None:
    count = 2 * fl.CHUNK_SELECTORS + 500
    result = _run_list(_many(count, hit=1234))
    assert _promo_origin(result) == "many.txt:1235"
    # Three chunk queries, then halves of the matching chunk only: about 2 log2(1000).
    assert len(css_calls) <= 3 + 2 * 10 + fl.SINGLE_QUERY_BELOW


def test_filters_keyed_by_a_class_missing_from_the_page_are_not_run(
    css_calls: list[str],
) -> None:
    assert _run_list(_many(2500, keyed=True)).text
    assert css_calls == []
    result = _run_list(_many(2500, keyed=True, hit=42))
    assert css_calls == [".zz-hit"]
    assert _promo_origin(result) == "many.txt:43"
    css_calls.clear()
    # Fewer filters than the page has classes: looked up the other way round.
    result = _run_list("##.zz-absent\n###zz-missing\n##.zz-hit")
    assert css_calls == [".zz-hit"]
    assert _promo_origin(result) == "many.txt:3"


@pytest.mark.parametrize(
    ("selector", "key"),
    [
        (".ad-box", ".ad-box"),
        ("div#Top-Ad", "#top-ad"),
        ("#sidebar > div.sponsored:not(.story)", ".sponsored"),
        ("aside .promo[data-x='.y']", ".promo"),
        ("a[href^='https://ads.example/#x']", None),
        (":is(.a, .b)", None),
        (".a, .b", None),
        (".a\\:b", None),
        ("div > span", None),
    ],
)
def test_selector_keys(selector: str, key: str | None) -> None:
    assert fl.selector_key(selector) == key


def test_filters_for_other_hosts_are_not_queried(css_calls: list[str]) -> None:
    flist = load_filter_list("other.net##div.zz-a p\nexample.com##div.zz-b p", origin="d.txt")
    page = ARTICLE.replace('class="story"', 'class="story zz-a zz-b"')
    Cleaner(rules=[*pagecleaner.builtin_rules(), *flist.rules]).clean(
        page, url="https://example.com/"
    )
    assert css_calls == ["div.zz-b p"]


def test_a_query_lexbor_refuses_is_split_until_it_runs(
    monkeypatch: pytest.MonkeyPatch, css_calls: list[str]
) -> None:
    spy = PageTree.css

    def picky(self: PageTree, selector: str):  # type: ignore[no-untyped-def]
        if "," in selector and "zz-poison" in selector:
            raise ValueError("refused")
        return spy(self, selector)

    monkeypatch.setattr(PageTree, "css", picky)
    text = "\n".join(
        [
            "##[data-zz-a]",
            "##[data-zz-b]",
            "##[data-zz-poison]",
            "##[data-zz-c]",
            "##div[data-zz-hit]",
        ]
    )
    result = _run_list(text)
    assert "[data-zz-poison]" in css_calls  # queried alone
    assert _promo_origin(result) == "many.txt:5"
