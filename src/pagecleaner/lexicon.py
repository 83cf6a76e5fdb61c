"""Spam vocabularies: terms per family, compiled once into one pattern.

The built-in files live in ``lexicons/`` (see its README for the format); users add their
own. Matching is one pass of an Aho-Corasick automaton over the text.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick_rs

from .errors import ConfigError

__all__ = ["Lexicon", "LexiconHits", "default_lexicon", "load_lexicon"]

STRONG_WEIGHT = 2
# Past this many patterns the automaton is no DFA (see Lexicon): its size grows with the
# patterns' bytes and alphabet.
MAX_DFA_PATTERNS = 1_000


@dataclass(frozen=True, slots=True)
class LexiconHits:
    """What a lexicon found in one text."""

    weight: int
    """Sum of the weights of the terms found (strong terms weigh 2, weak ones 1)."""
    families: dict[str, int]
    terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return self.weight > 0

    @property
    def strong(self) -> bool:
        """At least one term that is spam on its own, or several weak ones."""
        return self.weight >= STRONG_WEIGHT


_NO_HITS = LexiconHits(0, {}, ())


class Lexicon:
    """A compiled set of spam terms, each with a family and a weight.

    Matching is an Aho-Corasick automaton (ahocorasick-rs, Rust): one pass over the text
    finds every term. Regex alternations of the same few hundred terms measured 22-380 ms
    on a 400 KB page; the automaton takes about 4 ms (docs/architecture.md).
    """

    def __init__(self, entries: Iterable[tuple[str, str, int]]) -> None:
        self._family: dict[str, str] = {}
        self._weight: dict[str, int] = {}
        self._spaced: dict[str, tuple[bool, bool]] = {}
        keys: list[str] = []
        owners: list[str] = []
        patterns: set[str] = set()
        for term, family, weight in entries:
            key = _key(term)
            if not key:
                continue
            spaced = " ".join(term.lower().split())
            if key not in self._family:
                self._family[key] = family
                self._weight[key] = weight
                self._spaced[key] = (_is_word_char(spaced[0]), _is_word_char(spaced[-1]))
            # "slot gacor" must also match "slotgacor": both spellings go in the automaton.
            # A later entry of the same term keeps the first one's family and weight but
            # adds its own spacing: Danish "sportsbetting" must not hide "sports betting".
            for variant in (spaced, spaced.replace(" ", "")):
                if variant not in patterns:
                    patterns.add(variant)
                    keys.append(variant)
                    owners.append(key)
        self._owners = owners
        # Bytes and a DFA: on a str holding any non-Latin-1 character the automaton
        # converts it to UTF-8 and maps every offset back to characters, and the default
        # NFA walks more states. Measured on 8.4 million characters of page text: 103 ms
        # as a str with the NFA, 10 ms to encode plus 15 ms as bytes with the DFA. A DFA
        # pays while it stays small. Its memory grows with the patterns' bytes and with
        # the alphabet of their scripts: 1.8 MiB for the 258 first built-in terms, 62 MiB
        # and 0.5 s to build for 3,100 terms in 32 languages (5,600 patterns), where the
        # library's default took 1 MiB and 0.05 s and the search cost the same per page
        # (2 ms of 30, in 40,000 calls on 120 pages: Python's part dominates). With 50,000
        # user terms the DFA was even slower (1.4 MB in 59 ms against the NFA's 31 ms).
        implementation = (
            ahocorasick_rs.Implementation.DFA if len(keys) <= MAX_DFA_PATTERNS else None
        )
        self._automaton = (
            ahocorasick_rs.BytesAhoCorasick(
                [key.encode() for key in keys],
                matchkind=ahocorasick_rs.MatchKind.Standard,
                implementation=implementation,
            )
            if keys
            else None
        )

    def __len__(self) -> int:
        return len(self._family)

    def find(self, text: str) -> LexiconHits:
        if self._automaton is None or not text:
            return _NO_HITS
        haystack = " ".join(text.lower().split()).encode()
        # Overlapping matches: "sports betting sites" holds "sports betting" and "betting
        # sites"; a term inside a longer one ("casino" in "online casino") is not counted.
        found = self._automaton.find_matches_as_indexes(haystack, overlapping=True)
        if not found:
            return _NO_HITS
        families: Counter[str] = Counter()
        weight = 0
        terms: list[str] = []
        covered_start, covered_end = -1, -1
        for pattern, start, end in sorted(found, key=lambda m: (m[1], -m[2])):
            if covered_start <= start and end <= covered_end:
                continue
            key = self._owners[pattern]
            word_start, word_end = self._spaced[key]
            # Latin-script terms are whole words: "slots" must not hit "timeslots".
            if word_start and start > 0 and _is_word_char(_char_before(haystack, start)):
                continue
            if word_end and end < len(haystack) and _is_word_char(_char_at(haystack, end)):
                continue
            covered_start, covered_end = start, end
            families[self._family[key]] += 1
            weight += self._weight[key]
            terms.append(haystack[start:end].decode())
        if not terms:
            return _NO_HITS
        return LexiconHits(weight, dict(families), tuple(terms))

    def entries(self) -> list[tuple[str, str, int]]:
        return [(t, self._family[t], self._weight[t]) for t in self._family]


def _key(term: str) -> str:
    return "".join(term.casefold().split())


def _char_before(utf8: bytes, offset: int) -> str:
    """The character that ends at byte ``offset``.

    Matches start and end on character boundaries (the patterns are whole UTF-8 strings),
    so stepping back over continuation bytes finds the previous character's first byte.
    """
    start = offset - 1
    while start > 0 and 0x80 <= utf8[start] < 0xC0:  # continuation bytes
        start -= 1
    return utf8[start:offset].decode()


def _char_at(utf8: bytes, offset: int) -> str:
    end = offset + 1
    while end < len(utf8) and 0x80 <= utf8[end] < 0xC0:
        end += 1
    return utf8[offset:end].decode()


def _is_word_char(char: str) -> bool:
    """Letters and digits of scripts that separate words with spaces (Latin, Greek, Cyrillic)."""
    return char.isalnum() and (char.isascii() or 0xC0 <= ord(char) < 0x530)


def parse_lexicon_text(text: str, *, family: str, source: str) -> list[tuple[str, str, int]]:
    """Entries of one lexicon file; a bad weight is a ConfigError naming file and line."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        term, _, weight_text = line.partition("\t")
        weight = STRONG_WEIGHT
        if weight_text.strip():
            try:
                weight = int(weight_text)
            except ValueError:
                raise ConfigError(
                    f"line {number}: weight must be a whole number, got {weight_text!r}",
                    source=source,
                ) from None
        entries.append((term.strip(), family, weight))
    return entries


def load_lexicon(paths: Iterable[str | os.PathLike[str]] = (), *, builtin: bool = True) -> Lexicon:
    """The built-in lexicons plus the given files (``<family>.<lang>.txt`` or any name)."""
    entries: list[tuple[str, str, int]] = list(_builtin_entries()) if builtin else []
    for path in paths:
        name = os.path.basename(os.fspath(path))
        family = name.split(".", 1)[0] or "user"
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise ConfigError(
                f"cannot read lexicon: {exc.strerror or exc}", source=os.fspath(path)
            ) from None
        entries.extend(parse_lexicon_text(text, family=family, source=os.fspath(path)))
    return Lexicon(entries)


def _builtin_entries() -> Iterable[tuple[str, str, int]]:
    folder = resources.files("pagecleaner") / "lexicons"
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".txt"):
            family = item.name.split(".", 1)[0]
            yield from parse_lexicon_text(
                item.read_text(encoding="utf-8"), family=family, source=item.name
            )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The built-in lexicons, compiled once per process."""
    return load_lexicon()
