"""Rule packs: selector rules, vocabulary, option overrides and domain sections, from TOML
to Cleaner.clean; every mistake a ConfigError naming file, line and key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pagecleaner
from pagecleaner import Action, Cleaner, ConfigError, Options
from pagecleaner.rulepack import PackRule, read_rule_pack

PACKS = Path(__file__).parent / "fixtures" / "rulepacks"
SITE = PACKS / "site.toml"
ARTICLE = (PACKS / "article.html").read_text(encoding="utf-8")
HIDDEN_SPAM = (
    "<html><body><div class='story'>"
    + "<p>The council met on Tuesday to discuss the harbour, the budget and the bridge.</p>" * 6
    + "<div style='display:none'>HIDDEN-MARKER {}</div></div></body></html>"
)


def _clean(*packs: Path, url: str | None = "https://www.example.com/story", **kwargs: object):  # type: ignore[no-untyped-def]
    options = Options(rule_packs=tuple(str(p) for p in packs), **kwargs)  # type: ignore[arg-type]
    return Cleaner(options).clean(ARTICLE, url=url)


def _finding(result: pagecleaner.CleanResult, snippet: str) -> pagecleaner.Finding:
    found = [f for f in result.report.findings if f.snippet.startswith(snippet)]
    assert len(found) == 1, [(f.code, f.snippet[:30]) for f in result.report.findings]
    return found[0]


def _pack(tmp_path: Path, text: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _hidden_block_is_spam(*packs: Path, words: str, url: str = "https://example.com/") -> bool:
    cleaner = Cleaner(Options(rule_packs=tuple(str(p) for p in packs)))
    result = cleaner.clean(HIDDEN_SPAM.format(words), url=url)
    return _finding(result, "HIDDEN-MARKER").spam


# --- selector rules -----------------------------------------------------------------------


def test_without_a_pack_the_page_keeps_what_the_pack_drops() -> None:
    result = _clean()
    assert "PROMO-MARKER" in result.text and "BROUGHT-MARKER" in result.text
    assert "Transport report" not in result.text  # LNK001 / BPL007 drop the sources list
    assert result.spam.verdict == "clean"


def test_drop_rule_with_name_and_documentation() -> None:
    result = _clean(SITE)
    assert "PROMO-MARKER" not in result.text
    finding = _finding(result, "PROMO-MARKER")
    assert (finding.code, finding.rule, finding.action, finding.origin) == (
        "USR001",
        "newsletter-promos",
        Action.DROP,
        f"{SITE}:3",
    )
    assert finding.family is pagecleaner.Family.USER and not finding.spam
    info = Cleaner(Options(rule_packs=(str(SITE),))).all_rules.get("USR001").info
    assert info.summary == "Newsletter promotions inside stories."
    assert info.why.startswith("They advertise the site's own newsletter")


def test_spam_rule_with_its_own_code_counts_as_spam() -> None:
    result = _clean(SITE)
    finding = _finding(result, "BROUGHT-MARKER")
    assert (finding.code, finding.spam, finding.origin) == ("ACM007", True, f"{SITE}:9")
    assert result.spam.verdict == "cleaned" and result.spam.families["user"] == 1


def test_protect_rule_keeps_a_block_from_every_stage() -> None:
    result = _clean(SITE)
    assert "Transport report" in result.text
    assert not [f for f in result.report.findings if f.path.endswith("/ul")]


def test_unwrap_rule_keeps_the_text() -> None:
    result = _clean(SITE)
    finding = _finding(result, "Commuters who had used the ferry")
    assert (finding.code, finding.rule, finding.action) == (
        "USR003",
        "span-byline-wrap",
        Action.UNWRAP,
    )
    assert "Commuters who had used the ferry" in result.text


@pytest.mark.parametrize(
    ("url", "dropped"),
    [
        ("https://example.com/story", True),
        ("https://www.example.com/story", True),
        ("https://shop.example.com/story", False),  # "~shop.example.com"
        ("https://deals.shop.example.com/story", False),
        ("https://example.com.evil.net/story", False),
        ("https://other.net/story", False),
        (None, False),
    ],
)
def test_domains_restrict_a_rule_to_hosts(url: str | None, dropped: bool) -> None:
    assert ("BROUGHT-MARKER" not in _clean(SITE, url=url).text) is dropped


def test_canonical_link_gives_the_host_when_no_url_is_given() -> None:
    page = ARTICLE.replace("<title>", '<link rel="canonical" href="https://example.com/s"><title>')
    result = Cleaner(Options(rule_packs=(str(SITE),))).clean(page)
    assert "BROUGHT-MARKER" not in result.text


def test_domain_section_rules_apply_to_that_host_and_subdomains() -> None:
    assert "EDITOR-MARKER" in _clean(SITE).text
    result = _clean(SITE, url="https://news.example.org/story")
    finding = _finding(result, "EDITOR-MARKER")
    assert (finding.code, finding.rule, finding.origin) == (
        "USR004",
        "correction-notes",
        f"{SITE}:29",
    )
    assert "PROMO-MARKER" not in result.text  # global rules still apply


def test_codes_are_assigned_in_pack_order_around_explicit_ones(tmp_path: Path) -> None:
    first = _pack(tmp_path, '[[drop]]\nselector = ".a"\n[[drop]]\nselector = ".b"\n', "one.toml")
    second = _pack(
        tmp_path,
        '[[drop]]\nselector = ".c"\ncode = "USR002"\n[[drop]]\nselector = ".d"\n',
        "two.toml",
    )
    cleaner = Cleaner(Options(rule_packs=(str(first), str(second))))
    user = {r.info.code: r.selector for r in cleaner.all_rules if isinstance(r, PackRule)}
    assert user == {"USR001": ".a", "USR003": ".b", "USR002": ".c", "USR004": ".d"}


def test_pack_rules_are_selected_like_built_in_ones() -> None:
    url = "https://www.example.com/story"
    for entry in ("USR001", "newsletter-promos", "user", "USR"):
        result = _clean(SITE, url=url, disable=(entry,))
        assert "PROMO-MARKER" in result.text, entry
    only = Cleaner(Options(rule_packs=(str(SITE),), select=("ACM",)))
    assert {r.info.code for r in only.rules} == {"ACM007"}


def test_pack_rules_run_in_batch_workers(tmp_path: Path) -> None:
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    cleaner = Cleaner(Options(rule_packs=(str(SITE),)))
    items = list(cleaner.clean_paths(sorted(tmp_path.iterdir()), jobs=2))
    assert [item.error for item in items] == [None, None]
    assert all("USR001" in item.result.report.counts() for item in items if item.result)


def test_an_edited_pack_is_read_again(tmp_path: Path) -> None:
    path = _pack(tmp_path, '[[drop]]\nselector = ".promo-box"\n')
    assert "PROMO-MARKER" not in Cleaner(Options(rule_packs=(str(path),))).clean(ARTICLE).text
    path.write_text('[[drop]]\nselector = ".dealer-note"\n', encoding="utf-8")
    result = Cleaner(Options(rule_packs=(str(path),))).clean(ARTICLE)
    assert "PROMO-MARKER" in result.text and "DEALER-MARKER" not in result.text


# --- vocabulary ---------------------------------------------------------------------------


def test_lexicon_terms_make_hidden_blocks_spam() -> None:
    assert not _hidden_block_is_spam(words="zorblax tablets")
    assert _hidden_block_is_spam(SITE, words="zorblax tablets")
    result = _clean(SITE)
    assert _finding(result, "HIDDEN-MARKER").spam


def test_lexicon_weights(tmp_path: Path) -> None:
    # "harbour cruises" weighs 1 in site.toml: weak alone, so the hidden block is no spam.
    assert not _hidden_block_is_spam(SITE, words="harbour cruises")
    strong = _pack(tmp_path, '[lexicon]\ntourism = [{ term = "harbour cruises", weight = 2 }]\n')
    assert _hidden_block_is_spam(strong, words="harbour cruises")


def test_later_pack_terms_win_over_earlier_ones(tmp_path: Path) -> None:
    weak = _pack(tmp_path, '[lexicon]\npharma = [{ term = "zorblax", weight = 1 }]\n', "weak.toml")
    assert not _hidden_block_is_spam(SITE, weak, words="zorblax")
    assert _hidden_block_is_spam(weak, SITE, words="zorblax")


def test_domain_lexicon_applies_to_that_host_only(tmp_path: Path) -> None:
    pack = _pack(tmp_path, '[domains."example.org".lexicon]\npharma = ["zorblax"]\n')
    assert _hidden_block_is_spam(pack, words="zorblax", url="https://www.example.org/")
    assert not _hidden_block_is_spam(pack, words="zorblax", url="https://example.com/")


def test_lexicon_files_option(tmp_path: Path) -> None:
    words = tmp_path / "pharma.en.txt"
    words.write_text("# extra terms\nzorblax\n", encoding="utf-8")
    result = Cleaner(Options(lexicon_files=(str(words),))).clean(HIDDEN_SPAM.format("zorblax"))
    assert _finding(result, "HIDDEN-MARKER").spam
    assert Cleaner(Options(lexicon_files=(str(words),))).lexicon is not None
    assert Cleaner().lexicon is None


# --- option overrides ---------------------------------------------------------------------


def _nav_code(result: pagecleaner.CleanResult) -> str:
    return next(f.code for f in result.report.findings if f.path == "html/body/nav")


def test_option_overrides_global_and_per_domain() -> None:
    # The menu has four links: LNK001 takes it by default (min_links 3), not with
    # min_links = 5 (BPL001 explains it instead), and again on example.org (min_links 2).
    assert _nav_code(_clean()) == "LNK001"
    assert _nav_code(_clean(SITE)) == "BPL001"
    assert _nav_code(_clean(SITE, url="https://news.example.org/")) == "LNK001"


def test_explicit_rule_options_win_over_packs() -> None:
    explicit = {"LNK001": {"min_links": 3}}
    assert _nav_code(_clean(SITE, rule_options=explicit)) == "LNK001"
    strict = {"LNK001": {"min_links": 9}}
    assert _nav_code(_clean(SITE, url="https://news.example.org/", rule_options=strict)) == "BPL001"


def test_more_specific_domain_sections_win(tmp_path: Path) -> None:
    pack = _pack(
        tmp_path,
        '[domains."example.org".options.LNK001]\nmin_links = 9\n'
        '[domains."news.example.org".options.LNK001]\nmin_links = 2\n',
    )
    assert _nav_code(_clean(pack, url="https://news.example.org/")) == "LNK001"
    assert _nav_code(_clean(pack, url="https://www.example.org/")) == "BPL001"


def test_float_options_accept_whole_numbers(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "[options.LNK001]\nmax_link_density = 1\n")
    cleaner = Cleaner(Options(rule_packs=(str(pack),)))
    assert cleaner._run_options.rule_options == {"LNK001": {"max_link_density": 1.0}}
    assert isinstance(cleaner._run_options.rule_options["LNK001"]["max_link_density"], float)
    assert cleaner.options.rule_options == {}


# --- mistakes -----------------------------------------------------------------------------


def test_unknown_key_names_file_line_and_key() -> None:
    with pytest.raises(ConfigError) as caught:
        Cleaner(Options(rule_packs=(str(PACKS / "unknown-key.toml"),)))
    assert caught.value.source == f"{PACKS / 'unknown-key.toml'}:6"
    assert "unknown key 'colour' in [[drop]] #2" in str(caught.value)


def test_bad_selector_names_file_line_and_key() -> None:
    with pytest.raises(ConfigError) as caught:
        read_rule_pack(PACKS / "bad-selector.toml")
    assert caught.value.source == f"{PACKS / 'bad-selector.toml'}:7"
    assert "bad selector 'div:has-text(Advertisement)'" in str(caught.value)


def test_unknown_option_names_file_line_and_key() -> None:
    with pytest.raises(ConfigError) as caught:
        Cleaner(Options(rule_packs=(str(PACKS / "bad-option.toml"),)))
    assert caught.value.source == f"{PACKS / 'bad-option.toml'}:3"
    assert "rule LNK001 has no option 'max_link_densty'" in str(caught.value)
    assert "max_link_density, min_links" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('selector = ".a"\n', 1, "unknown key 'selector' at the top level"),
        ('[[drop]]\nselector = ".a"\n[drops]\nx = 1\n', 3, "unknown key 'drops'"),
        ('[drop]\nselector = ".a"\n', 1, r"write \[\[drop\]\]"),
        ('[[drop]]\nname = "x"\n', 1, "needs a selector"),
        ("[[drop]]\nselector = 5\n", 2, "selector must be a string"),
        ('[[drop]]\nselector = "div:not(.a"\n', 2, r"missing '\)'"),
        ('[[rule]]\nselector = ".a"\naction = "hide"\n', 3, "action must be 'drop', 'protect'"),
        ('[[rule]]\nselector = ".a"\n', 1, "action must be"),
        ('[[drop]]\nselector = ".a"\n\n\ncode = "usr1"\n', 5, "three capitals and three digits"),
        ('[[drop]]\nselector = ".a"\ncode = "USR000"\n', 3, "001-999"),
        ('[[drop]]\nselector = ".a"\ncode = "HID042"\n', 3, "reserved for built-in rules"),
        ('[[drop]]\nselector = ".a"\ncode = "COS001"\n', 3, "reserved for filter lists"),
        ('[[drop]]\nselector = ".a"\nname = "Promo Box"\n', 3, "kebab-case"),
        ('[[drop]]\nselector = ".a"\nspam = "yes"\n', 3, "spam must be true or false"),
        ('[[protect]]\nselector = ".a"\nspam = true\n', 3, "cannot be spam"),
        ('[[drop]]\nselector = ".a"\ndomains = "a.com"\n', 3, "non-empty list of host names"),
        ('[[drop]]\nselector = ".a"\ndomains = ["https://a.com/"]\n', 3, "not a host name"),
        (
            '[domains."a.com"]\n[[domains."a.com".drop]]\nselector = ".a"\ndomains = ["b.com"]\n',
            4,
            "cannot list domains",
        ),
        ('[domains."a b"]\n[[domains."a b".drop]]\nselector = ".a"\n', 1, "expected a host name"),
        ('[domains."a.com"]\ndomains = 1\n', 2, "unknown key 'domains'"),
        ("[lexicon]\nPharma = ['x']\n", 2, "lower-case word"),
        ("[lexicon]\npharma = 'x'\n", 2, "must be a list of terms"),
        ("[lexicon]\npharma = [{ term = 'x', weight = 0 }]\n", 2, "weight must be a whole number"),
        ("[lexicon]\npharma = [{ term = 'x', weight = true }]\n", 2, "weight must be"),
        ("[lexicon]\npharma = [{ word = 'x' }]\n", 2, "unknown key 'word'"),
        ("[lexicon]\npharma = ['', 'x']\n", 2, "non-empty string"),
        ("[options.XYZ001]\nmin_links = 4\n", 1, "options for unknown rule 'XYZ001'"),
        ("[options.LNK001]\n\nmin_links = 4.5\n", 3, "must be int"),
        ("[options.LNK001]\nmin_links = true\n", 2, "must be int"),
        ("[options.LNK001]\nmax_link_density = '0.7'\n", 2, "must be float"),
        (
            '[[drop]]\nselector = ".a"\n[options.USR001]\nx = 1\n',
            4,
            "rule USR001 has no option 'x'; its options: none",
        ),
        ("[options]\nLNK001 = 3\n", 2, "must be a table"),
        ('[[drop]]\nselector = ".a\n', 2, "not valid TOML"),
    ],
)
def test_mistakes_name_file_line_and_key(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = _pack(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as caught:
        Cleaner(Options(rule_packs=(str(path),)))
    assert caught.value.source == f"{path}:{line}"
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_duplicate_code_names_the_second_file_and_line(tmp_path: Path) -> None:
    one = _pack(tmp_path, '[[drop]]\nselector = ".a"\ncode = "ACM001"\n', "one.toml")
    two = _pack(tmp_path, '[[drop]]\nselector = ".b"\n\ncode = "ACM001"\n', "two.toml")
    with pytest.raises(ConfigError, match="ACM001 is already used by the rule at") as caught:
        Cleaner(Options(rule_packs=(str(one), str(two))))
    assert caught.value.source == f"{two}:4"


def test_unreadable_packs(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read rule pack") as caught:
        Cleaner(Options(rule_packs=(str(tmp_path / "missing.toml"),)))
    assert caught.value.source == str(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[[drop]]\nselector = ".caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        read_rule_pack(latin)
    folder = tmp_path / "folder.toml"
    os.mkdir(folder)
    with pytest.raises(ConfigError, match="cannot read rule pack"):
        read_rule_pack(folder)


def test_explicit_rule_options_are_checked() -> None:
    with pytest.raises(ConfigError, match=r"Options\.rule_options: rule LNK001 has no option .x."):
        Cleaner(Options(rule_options={"LNK001": {"x": 1}}))
    with pytest.raises(ConfigError, match="unknown rule 'NOP001'"):
        Cleaner(Options(rule_options={"NOP001": {}}))
    with pytest.raises(ConfigError, match="must be int"):
        Cleaner(Options(rule_options={"LNK001": {"min_links": "3"}}))
