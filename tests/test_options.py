"""Options validation: every bad value is a ConfigError that names the option."""

from __future__ import annotations

import dataclasses

import pytest

import pagecleaner
from pagecleaner import ConfigError, Options

PAGE = (
    "<html><body><div class='post'>"
    + "<p>"
    + "A sentence of the article, with a comma. " * 8
    + "</p>" * 3
    + "</div><div class='share-tools'><p>"
    + "Share this story with your friends and family today. " * 3
    + "</p></div></body></html>"
)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"focus": "fast"}, "focus"),
        ({"min_article_chars": -1}, "min_article_chars"),
        ({"max_input_bytes": "big"}, "max_input_bytes"),
        ({"include_links": "yes"}, "include_links"),
        ({"disable": "HID001"}, "disable"),
        ({"encoding": "no-such-codec"}, "encoding"),
    ],
)
def test_bad_values_name_the_option(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Options(**kwargs)  # type: ignore[arg-type]


def test_from_mapping_rejects_unknown_keys() -> None:
    with pytest.raises(ConfigError, match="colour"):
        Options.from_mapping({"colour": "blue"})
    assert Options.from_mapping({"focus": "recall"}).focus == "recall"


def test_options_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Options().focus = "recall"  # type: ignore[misc]


def test_focus_recall_keeps_what_class_names_would_drop() -> None:
    balanced = pagecleaner.clean(PAGE)
    recall = pagecleaner.clean(PAGE, options=Options(focus="recall"))
    assert "Share this story" not in balanced.text
    assert "Share this story" in recall.text
    assert recall.report.passes == ("relaxed",)


def test_focus_precision_merges_fewer_siblings() -> None:
    page = (
        "<html><body><div><div class='article-body'>"
        + ("<p>" + "Main text, with commas, here. " * 10 + "</p>") * 4
        + "</div><p>"
        + "A sibling paragraph with plenty of prose but no links at all. " * 3
        + "</p></div></body></html>"
    )
    assert "sibling paragraph" in pagecleaner.clean(page).text
    assert (
        "sibling paragraph" not in pagecleaner.clean(page, options=Options(focus="precision")).text
    )


def test_encoding_option_forces_decoding() -> None:
    data = ("<p>" + "café " * 100 + "</p>").encode("utf-8")
    result = pagecleaner.clean(data, options=Options(encoding="cp1252", min_article_chars=10))
    assert "cafÃ©" in result.text


def test_min_article_chars_sets_outcome() -> None:
    assert pagecleaner.clean(PAGE).outcome == "article"
    assert (
        pagecleaner.clean(PAGE, options=Options(min_article_chars=100_000)).outcome
        == "below-min-length"
    )


def test_cleaner_rejects_non_options() -> None:
    with pytest.raises(ConfigError, match="Options"):
        pagecleaner.Cleaner({"focus": "recall"})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"rule_packs": "pack.toml"}, "rule_packs"),
        ({"filter_lists": ["easylist.txt", 3]}, "filter_lists"),
        ({"lexicon_files": None}, "lexicon_files"),
        ({"rule_options": {"LNK001": 0.7}}, "rule_options"),
        ({"rule_options": [("LNK001", {})]}, "rule_options"),
    ],
)
def test_bad_rule_sources_name_the_option(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Options(**kwargs)  # type: ignore[arg-type]


def test_rule_sources_are_plain_picklable_paths(tmp_path: object) -> None:
    import pathlib
    import pickle

    options = Options(
        rule_packs=[pathlib.Path("a.toml")],
        filter_lists=("b.txt",),
        lexicon_files=(pathlib.Path("c.txt"),),
    )
    assert options.rule_packs == ("a.toml",)
    assert options.lexicon_files == ("c.txt",)
    assert pickle.loads(pickle.dumps(options)) == options
    assert Options.from_mapping({"filter_lists": ["x.txt"]}).filter_lists == ("x.txt",)


def test_rule_options_change_what_a_rule_does() -> None:
    page = (
        "<html><body><nav><a href='/a'>Home page</a> <a href='/b'>News desk</a> "
        "<a href='/c'>Sport desk</a></nav><article>"
        + "<p>A sentence of the article, with a comma and some more words. </p>" * 8
        + "</article></body></html>"
    )
    default = pagecleaner.Cleaner(Options(select=("LNK001",))).clean(page)
    assert default.report.counts() == {"LNK001": 1}
    relaxed = Options(select=("LNK001",), rule_options={"LNK001": {"min_links": 4}})
    assert pagecleaner.Cleaner(relaxed).clean(page).report.counts() == {}


@pytest.mark.parametrize("field", ["select", "disable"])
def test_an_empty_rule_selection_is_an_error(field: str) -> None:
    with pytest.raises(ConfigError, match="empty rule selection"):
        pagecleaner.Cleaner(Options(**{field: ("HID", " ")}))  # type: ignore[arg-type]
