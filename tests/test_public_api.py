"""The façade is the contract: __all__ sorted, complete, and every name importable."""

from __future__ import annotations

import pagecleaner


def test_all_is_sorted_and_complete() -> None:
    exported = pagecleaner.__all__
    assert exported == sorted(exported)
    public = {
        name
        for name in dir(pagecleaner)
        if not name.startswith("_")
        and not isinstance(getattr(pagecleaner, name), type(pagecleaner))
        and name not in {"annotations"}
    }
    assert public == set(exported)


def test_errors_form_one_hierarchy() -> None:
    for name in ("InputError", "ConfigError", "RuleError"):
        assert issubclass(getattr(pagecleaner, name), pagecleaner.PagecleanerError)
    assert issubclass(pagecleaner.InputError, ValueError)
    assert issubclass(pagecleaner.UnsupportedFilterWarning, pagecleaner.PagecleanerWarning)


def test_result_serialises_with_one_schema(hacked_page: bytes) -> None:
    import json

    result = pagecleaner.clean(hacked_page)
    data = json.loads(result.to_json())
    assert data == json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert set(data) == {
        "url",
        "outcome",
        "text",
        "comments",
        "markdown",
        "html",
        "links",
        "metadata",
        "spam",
        "report",
    }
    assert set(data["metadata"]) >= {
        "title",
        "authors",
        "date_published",
        "site_name",
        "language",
        "canonical_url",
        "description",
    }
    finding = data["report"]["findings"][0]
    assert set(finding) >= {"code", "rule", "action", "path", "snippet", "evidence"}


def test_no_article_is_an_outcome_not_an_exception() -> None:
    result = pagecleaner.clean("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert not result.has_article
    assert result.text == ""
    assert result.outcome in ("no-candidate", "no-article", "below-min-length")


def test_cleaner_is_reusable_and_deterministic(hacked_page: bytes) -> None:
    cleaner = pagecleaner.Cleaner()
    first = cleaner.clean(hacked_page)
    second = cleaner.clean(hacked_page)
    assert first.text == second.text
    assert first.report == second.report


def test_filter_lists_load_without_a_cleaner() -> None:
    flist = pagecleaner.load_filter_list("##.ad\n||ads.example^", origin="mine.txt", warn=False)
    assert [r.info.origin for r in flist.rules] == ["mine.txt:1"]
    assert [u.line for u in flist.unsupported] == [2]
