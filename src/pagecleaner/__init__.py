"""pagecleaner: the clean main article of a saved web page, without the spam.

>>> import pagecleaner
>>> result = pagecleaner.clean(html_bytes, url="https://example.com/post")
>>> result.text, result.metadata.title, result.spam.verdict
"""

from __future__ import annotations

import logging

from .api import Cleaner, clean, clean_file, clean_many, clean_paths, clean_warc
from .batch import BatchItem
from .errors import (
    ConfigError,
    InputError,
    PagecleanerError,
    PagecleanerWarning,
    RuleError,
    UnsupportedFilterWarning,
)
from .filterlist import load_filter_list
from .options import Options
from .result import Action, CleanResult, Family, Finding, Metadata, Report, SpamReport
from .rules import HeuristicRule, Judgement, Match, Rule, RuleInfo, SelectorRule
from .rules.context import PageContext
from .rules.registry import RuleSet, builtin_rules

__version__ = "0.1.0"

__all__ = [
    "Action",
    "BatchItem",
    "CleanResult",
    "Cleaner",
    "ConfigError",
    "Family",
    "Finding",
    "HeuristicRule",
    "InputError",
    "Judgement",
    "Match",
    "Metadata",
    "Options",
    "PageContext",
    "PagecleanerError",
    "PagecleanerWarning",
    "Report",
    "Rule",
    "RuleError",
    "RuleInfo",
    "RuleSet",
    "SelectorRule",
    "SpamReport",
    "UnsupportedFilterWarning",
    "builtin_rules",
    "clean",
    "clean_file",
    "clean_many",
    "clean_paths",
    "clean_warc",
    "load_filter_list",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
