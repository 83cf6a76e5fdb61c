"""Every rule's dropped and kept cases from tests/fixtures/rules/<CODE>.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from pagecleaner import RuleSet
from pagecleaner.testing import RuleCase, assert_rule_case, load_rule_cases

RULE_FILES = sorted((Path(__file__).parent / "fixtures" / "rules").glob("*.toml"))
CASES = [case for path in RULE_FILES for case in load_rule_cases(path)]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{c.name}" for c in CASES])
def test_rule_case(case: RuleCase) -> None:
    assert_rule_case(case)


def test_every_rule_has_a_dropped_and_a_kept_case() -> None:
    by_code: dict[str, set[str]] = {}
    for case in CASES:
        by_code.setdefault(case.code, set()).add(case.expect)
    for rule in RuleSet.builtin():
        assert by_code.get(rule.info.code) == {"dropped", "kept"}, rule.info.code


def test_case_file_with_unknown_key_names_file(tmp_path: Path) -> None:
    from pagecleaner import ConfigError

    bad = tmp_path / "X.toml"
    bad.write_text('code = "HID001"\n[[cases]]\nhtml = "<p>"\nexpect = "dropped"\ncolour = 1\n')
    with pytest.raises(ConfigError, match=r"X\.toml.*colour"):
        load_rule_cases(bad)
