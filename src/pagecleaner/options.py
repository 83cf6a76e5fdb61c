"""Options: the one validated, immutable configuration object the pipeline reads."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Literal

from .errors import ConfigError

__all__ = ["Focus", "Options"]

Focus = Literal["balanced", "precision", "recall"]

# 20 MiB: far above any real article page (the Scrapinghub pages average 174 KB) while a
# 10 MB page still runs; a 50 MB upload is refused before the parser sees it.
DEFAULT_MAX_INPUT_BYTES = 20 * 1024 * 1024
# Lexbor's tree builder is quadratic in nesting depth for block tags (measured: 5,000-deep
# <div> 14 ms, 10,000-deep 55 ms, 100,000-deep 24 s), so deeper pages are refused up front.
DEFAULT_MAX_NESTING_DEPTH = 8192
# Below this many characters of text a candidate is not an article (Readability uses 500
# for its retry loop; short news briefs are real articles, so we go lower).
DEFAULT_MIN_ARTICLE_CHARS = 200


@dataclass(frozen=True, kw_only=True, slots=True)
class Options:
    """How a :class:`~pagecleaner.Cleaner` judges and renders pages.

    Every field has a safe default; derive variants with :func:`dataclasses.replace`.
    """

    focus: Focus = "balanced"
    """Trade-off between keeping every article sentence (recall) and no boilerplate (precision)."""
    include_links: bool = True
    """Render links in Markdown and HTML output (text output never shows URLs)."""
    include_images: bool = False
    """Render images in Markdown and HTML output."""
    include_tables: bool = True
    """Keep tables inside the article."""
    include_comments: bool = False
    """Also return the page's reader comments, separately (``CleanResult.comments``)."""
    front_matter: bool = False
    """Start the Markdown output with the metadata as YAML front matter."""
    min_article_chars: int = DEFAULT_MIN_ARTICLE_CHARS
    """A selected block with less text than this is reported as no article. Counted in
    Latin characters: a CJK character counts as three (it carries about a word)."""
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    """Pages larger than this raise :class:`~pagecleaner.InputError`."""
    max_nesting_depth: int = DEFAULT_MAX_NESTING_DEPTH
    """Pages nested deeper than this raise :class:`~pagecleaner.InputError`."""
    disable: tuple[str, ...] = ()
    """Rule codes, code prefixes, names or families to switch off (``("LNK", "HID002")``)."""
    select: tuple[str, ...] = ()
    """If given, only rules matching one of these codes, prefixes, names or families run."""
    encoding: str | None = None
    """Force this encoding for byte input instead of sniffing it."""
    rule_options: dict[str, dict[str, object]] = field(default_factory=dict)
    """Per-rule option overrides, keyed by rule code (``{"LNK001": {"min_links": 4}}``);
    the Cleaner checks them against the options each rule declares."""
    rule_packs: tuple[str, ...] = ()
    """Rule-pack files (TOML): user selector rules, vocabulary, option overrides, per-domain
    sections. See docs/rule-packs.md."""
    filter_lists: tuple[str, ...] = ()
    """EasyList-style filter lists whose element-hiding lines (``##selector``) are applied;
    other lines are reported as :class:`~pagecleaner.UnsupportedFilterWarning`."""
    lexicon_files: tuple[str, ...] = ()
    """Extra spam-vocabulary files, in the format of the built-in lexicons."""
    builtin_lexicons: bool = True
    """Use the built-in spam lexicons. Off, spam is judged on structure, link targets,
    hiding and coherence with the article, plus the vocabulary of ``lexicon_files`` and
    rule packs only (for users who bring their own words, and to measure how far the
    other evidence carries)."""

    def __post_init__(self) -> None:
        if self.focus not in ("balanced", "precision", "recall"):
            raise ConfigError(
                f"focus must be 'balanced', 'precision' or 'recall', got {self.focus!r}"
            )
        for name in ("min_article_chars", "max_input_bytes", "max_nesting_depth"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{name} must be a non-negative integer, got {value!r}")
        for name in (
            "include_links",
            "include_images",
            "include_tables",
            "include_comments",
            "front_matter",
            "builtin_lexicons",
        ):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise ConfigError(f"{name} must be True or False, got {value!r}")
        for name in ("disable", "select"):
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, Sequence):
                raise ConfigError(
                    f"{name} must be a sequence of rule codes, got {type(value).__name__} {value!r}"
                )
            object.__setattr__(self, name, tuple(str(v) for v in value))
        for name in ("rule_packs", "filter_lists", "lexicon_files"):
            value = getattr(self, name)
            if isinstance(value, (str, bytes, os.PathLike)) or not isinstance(value, Sequence):
                raise ConfigError(
                    f"{name} must be a sequence of file paths, got {type(value).__name__} {value!r}"
                )
            paths = []
            for item in value:
                if not isinstance(item, (str, os.PathLike)):
                    raise ConfigError(
                        f"{name} must hold file paths, got {type(item).__name__} {item!r}"
                    )
                paths.append(os.fspath(item))
            object.__setattr__(self, name, tuple(paths))
        if not isinstance(self.rule_options, Mapping) or not all(
            isinstance(code, str) and isinstance(values, Mapping)
            for code, values in self.rule_options.items()
        ):
            raise ConfigError(
                "rule_options must map rule codes to {option: value} mappings,"
                f" got {self.rule_options!r}"
            )
        if self.encoding is not None:
            import codecs

            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ConfigError(f"unknown encoding {self.encoding!r}") from None

    @classmethod
    def from_mapping(cls, values: dict[str, object]) -> Options:
        """Build options from a plain mapping, rejecting unknown keys by name."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(
                f"unknown option(s) {', '.join(unknown)};"
                f" expected some of {', '.join(sorted(known))}"
            )
        try:
            return cls(**values)  # type: ignore[arg-type]
        except TypeError as exc:
            raise ConfigError(str(exc)) from None
