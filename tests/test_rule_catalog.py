"""Meta-tests over every registered rule: codes, names, documentation, selection."""

from __future__ import annotations

import pytest

from pagecleaner import Action, ConfigError, Family, RuleInfo, RuleSet, builtin_rules


def test_codes_unique_and_well_formed() -> None:
    codes = [r.info.code for r in builtin_rules()]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 6 and c[:3].isupper() and c[3:].isdigit() for c in codes)


def test_every_rule_is_documented() -> None:
    for rule in builtin_rules():
        info = rule.info
        assert info.summary.endswith(".") and info.why, info.code
        assert info.example, f"{info.code} has no example"


def test_rule_info_validates() -> None:
    with pytest.raises(ConfigError, match="kebab-case"):
        RuleInfo(
            code="ABC001",
            name="Bad Name",
            family=Family.JUNK,
            action=Action.DROP,
            summary="s.",
            why="w",
        )
    with pytest.raises(ConfigError, match="three capitals"):
        RuleInfo(
            code="AB1", name="ok", family=Family.JUNK, action=Action.DROP, summary="s.", why="w"
        )


def test_selection_by_code_prefix_name_family() -> None:
    rules = RuleSet.builtin()
    assert {r.info.code for r in rules.selected(select=["HID002"])} == {"HID002"}
    assert {r.info.code[:3] for r in rules.selected(select=["LNK"])} == {"LNK"}
    assert {r.info.code for r in rules.selected(select=["hidden-attribute"])} == {"HID001"}
    assert {r.info.family for r in rules.selected(select=["boilerplate"])} == {Family.BOILERPLATE}
    remaining = {r.info.code for r in rules.selected(disable=["TAG", "HID003"])}
    assert "HID003" not in remaining and not any(c.startswith("TAG") for c in remaining)


def test_unknown_selection_is_an_error() -> None:
    with pytest.raises(ConfigError, match="XYZ999"):
        RuleSet.builtin().selected(disable=["XYZ999"])


def test_docs_rules_md_is_up_to_date() -> None:
    from pathlib import Path

    from pagecleaner.rules.catalog import render_catalog

    docs = Path(__file__).parent.parent / "docs" / "rules.md"
    assert docs.read_text(encoding="utf-8") == render_catalog(builtin_rules()), (
        "regenerate with: python -m pagecleaner.rules.catalog > docs/rules.md"
    )
