"""The rule catalogue as Markdown: docs/rules.md is this module's output."""

from __future__ import annotations

from collections.abc import Iterable

from . import Rule

__all__ = ["render_catalog"]


def render_catalog(rules: Iterable[Rule]) -> str:
    """Every rule's documentation, grouped by family, in registry order."""
    lines = [
        "# Rules",
        "",
        "Generated from the rule declarations by `python -m pagecleaner.rules.catalog`;",
        "`pagecleaner --rule CODE` prints the same text for one rule.",
        "",
        "| code | name | family | action | stage | summary |",
        "|---|---|---|---|---|---|",
    ]
    ordered = sorted(rules, key=lambda r: r.info.code)
    for rule in ordered:
        info = rule.info
        lines.append(
            f"| {info.code} | `{info.name}` | {info.family.value} | {info.action.value} | "
            f"{info.stage} | {info.summary} |"
        )
    for rule in ordered:
        info = rule.info
        lines += ["", f"## {info.code} `{info.name}`", "", info.summary, ""]
        lines += [f"**Why is this junk?** {info.why}", ""]
        if info.example:
            lines += [f"**Example.** `{info.example}`", ""]
        if info.false_positives:
            lines += [f"**Known false positives.** {info.false_positives}", ""]
        for name, (default, description) in info.options.items():
            lines.append(f"- option `{name}` (default `{default!r}`): {description}")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    from .registry import builtin_rules

    print(render_catalog(builtin_rules()), end="")
