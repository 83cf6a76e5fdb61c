"""Spam lexicons: loading, matching rules, user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pagecleaner import ConfigError
from pagecleaner.lexicon import MAX_DFA_PATTERNS, Lexicon, default_lexicon, load_lexicon
from pagecleaner.rules.stuffing import hijacked_head_evidence


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("daftar situs slot gacor hari ini", "gambling"),
        ("slotgacor maxwin", "gambling"),
        ("日韩AV在线", "adult"),
        ("シャネル スーパーコピー 激安", "replica"),
        ("Buy CHEAP Cialis now", "pharma"),
        ("主站蜘蛛池模板", "seo"),
        ("온라인카지노 추천", "gambling"),
    ],
)
def test_terms_found_across_scripts_and_case(text: str, family: str) -> None:
    hits = default_lexicon().find(text)
    assert hits.strong and family in hits.families


@pytest.mark.parametrize("text", ["Book timeslots now", "casinos of the 1920s", "pornographic", ""])
def test_latin_terms_match_whole_words_only(text: str) -> None:
    assert not default_lexicon().find(text).strong


@pytest.mark.parametrize("text", ["écasino", "casinoé", "тоcasino", "casinoΩ"])
def test_letters_of_other_alphabets_join_a_latin_word(text: str) -> None:
    # Multi-byte neighbours: the boundary test must read a whole character, not one byte.
    assert not default_lexicon().find(text)


@pytest.mark.parametrize("text", ["在线casino娱乐", "«casino»", "ÿ casino é"])
def test_cjk_and_punctuation_neighbours_leave_a_word_whole(text: str) -> None:
    assert default_lexicon().find(text).terms == ("casino",)


def test_contained_term_not_counted_twice() -> None:
    hits = default_lexicon().find("online casino")
    assert hits.terms == ("online casino",)


def test_user_lexicon_file(tmp_path: Path) -> None:
    extra = tmp_path / "crypto.en.txt"
    extra.write_text("# scam coins\nmoonshot token\nrug pull\t1\n", encoding="utf-8")
    lexicon = load_lexicon([extra])
    assert lexicon.find("Buy the MoonShot Token today").families == {"crypto": 1}
    assert lexicon.find("a rug pull").weight == 1


def test_bad_weight_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.txt"
    bad.write_text("ok term\nbad term\theavy\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"x\.txt.*line 2"):
        load_lexicon([bad])


def test_hijacked_head_needs_spam_vocabulary() -> None:
    lexicon = default_lexicon()
    assert hijacked_head_evidence("高清无码在线_日韩AV在线_在线免费看AV_久草国产视频", lexicon)
    assert hijacked_head_evidence("Amazon, Black Friday, Natale, regali, Amazon", lexicon) is None
    assert hijacked_head_evidence("Online casino tax bill passes Senate | AP", lexicon) is None


def test_large_lexicon_matches_like_a_small_one() -> None:
    # Past MAX_DFA_PATTERNS the automaton is built without a DFA; matching must not change.
    filler = [(f"zzfiller{n}", "seo", 1) for n in range(MAX_DFA_PATTERNS)]
    terms = [("slot gacor", "gambling", 2), ("casino", "gambling", 2)]
    large, small = Lexicon([*terms, *filler]), Lexicon(terms)
    for text in [
        "daftar situs Slot  Gacor hari ini",
        "timeslots and casinos",
        "écasino",
        "在线casino",
    ]:
        assert large.find(text) == small.find(text)
    assert large.find("see zzfiller42 here").terms == ("zzfiller42",)
