"""The pytest plugin, run as users run it: in a fresh pytest session (pytester)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pagecleaner import clean
from pagecleaner.testing import assert_drops, assert_keeps, clean_for_test

pytest_plugins = ["pytester"]

PAGES = Path(__file__).parent / "fixtures" / "pages"
HACKED = PAGES / "leiphone-hacked-spider-pool" / "source.html"

GOLDEN_TEST = """
def test_article(clean_page, pagecleaner_golden):
    pagecleaner_golden(clean_page("page.html", url="https://www.leiphone.com/a"))
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    # Golden files are written on a first run only off CI; these tests run on CI too.
    monkeypatch.delenv("CI", raising=False)
    shutil.copy(HACKED, pytester.path / "page.html")
    return pytester


def test_the_plugin_is_registered_by_its_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_fixtures(cleaner, clean_page):
            from pagecleaner import Cleaner
            assert isinstance(cleaner, Cleaner)
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_clean_page_takes_a_path_or_bytes(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        from pathlib import Path

        def test_path_and_bytes(clean_page):
            by_path = clean_page("page.html")
            by_bytes = clean_page(Path(__file__).with_name("page.html").read_bytes())
            assert by_path.has_article and by_path.text == by_bytes.text
        """
    )
    project.runpytest().assert_outcomes(passed=1)


def test_golden_file_written_on_first_run_then_checked(project: pytest.Pytester) -> None:
    project.makepyfile(test_golden=GOLDEN_TEST)
    first = project.runpytest("-W", "default")
    first.assert_outcomes(passed=1)
    first.stdout.fnmatch_lines(["*wrote golden file*"])
    golden = project.path / "pagecleaner_golden" / "test_golden" / "test_article.json"
    stored = json.loads(golden.read_text(encoding="utf-8"))
    assert set(stored) == {"title", "authors", "date", "outcome", "verdict", "rules", "text"}
    assert stored["verdict"] in ("cleaned", "spam") and "TAG008" in stored["rules"]
    assert isinstance(stored["text"], list) and len(stored["text"]) > 3
    project.runpytest().assert_outcomes(passed=1)


def test_a_changed_result_fails_with_a_readable_diff(project: pytest.Pytester) -> None:
    project.makepyfile(test_golden=GOLDEN_TEST)
    project.runpytest().assert_outcomes(passed=1)
    golden = project.path / "pagecleaner_golden" / "test_golden" / "test_article.json"
    stored = json.loads(golden.read_text(encoding="utf-8"))
    old_title = stored["title"]
    stored["title"] = "An older title"
    stored["text"][1] = "A paragraph the page no longer has."
    golden.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    failed = project.runpytest()
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(
        [
            "*result differs from the golden file*--pagecleaner-update*",
            '*-  "title": "An older title",',
            f'*+  "title": {json.dumps(old_title, ensure_ascii=False)},',
            '*-    "A paragraph the page no longer has.",',
        ]
    )
    # The diff is the whole message: no traceback through the plugin's code.
    assert "def check" not in failed.stdout.str()
    project.runpytest("--pagecleaner-update").assert_outcomes(passed=1)
    assert json.loads(golden.read_text(encoding="utf-8"))["title"] == old_title
    project.runpytest().assert_outcomes(passed=1)


def test_a_missing_golden_file_fails_on_ci(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    project.makepyfile(test_golden=GOLDEN_TEST)
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*golden file*is missing*--pagecleaner-update*"])


def test_helper_failures_name_the_rule_and_hide_helper_frames(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        from pagecleaner.testing import assert_drops, assert_keeps

        def test_keeps(clean_page):
            assert_keeps(clean_page("page.html"), ["主站蜘蛛池模板"])

        def test_drops(clean_page):
            result = clean_page("page.html")
            assert_drops(result, [result.text[:12]])
        """
    )
    result = project.runpytest()
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*'主站蜘蛛池模板': removed by STF001 keyword-stuffed-text at html/body/section*",
            "*in the text, from the page's html/body/div*",
        ]
    )
    output = result.stdout.str()
    assert "def assert_keeps" not in output and "def assert_drops" not in output
    assert "_why_missing" not in output


def test_a_plain_string_is_rejected() -> None:
    result = clean(HACKED.read_bytes())
    with pytest.raises(TypeError, match="not a single str"):
        assert_keeps(result, "sentence not in the article")
    with pytest.raises(TypeError, match="not a single str"):
        assert_drops(result, "x")


def test_one_normalisation_for_keeps_and_drops() -> None:
    result = clean(HACKED.read_bytes())
    first = result.text.split("\n")[0][:30]
    # Case, width and whitespace never decide: the same string passes keeps, fails drops.
    variant = " ".join(first.upper())
    assert_keeps(result, [variant])
    with pytest.raises(AssertionError):
        assert_drops(result, [variant])


def test_without_the_page_a_missing_snippet_is_matched_against_findings() -> None:
    result = clean(HACKED.read_bytes())
    with pytest.raises(AssertionError, match="removed by STF001"):
        assert_keeps(result, ["主站蜘蛛池模板"])
    remembered = clean_for_test(HACKED)
    with pytest.raises(AssertionError, match="it sits at html/body/section"):
        assert_keeps(remembered, ["主站蜘蛛池模板"])
