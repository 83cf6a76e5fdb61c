"""Coherence of a piece of text with the article it sits in: script and shared vocabulary.

Injected spam is written for another audience than the page's: it is often in another
script (Japanese brand-copy sentences on an English news page), and, whatever its language,
it shares almost no words with the article around it ('cheap cialis' appended to a story
about Medicaid). Neither test needs to know the spam's words, so both hold when attackers
change their vocabulary. Both are evidence to combine with structure, never a verdict alone:
an honest article quotes a sign in Chinese, or links a name it never repeats.

Tokens are words for scripts that separate words with spaces, and character bigrams for
those that do not (CJK, Thai), so that overlap means the same in every language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import regex

__all__ = [
    "dominant_script",
    "prose_token_counts",
    "script_shares",
    "shared_token_share",
    "token_counts",
    "tokens",
]

# One pattern per script family, matching runs of its letters. Han and kana are told apart
# because a Japanese block on a Chinese page (or the reverse) is as foreign as Cyrillic on
# an English one.
_SCRIPT_RUNS = {
    "latin": regex.compile(r"\p{Latin}+"),
    "cyrillic": regex.compile(r"\p{Cyrillic}+"),
    "greek": regex.compile(r"\p{Greek}+"),
    "han": regex.compile(r"\p{Han}+"),
    "kana": regex.compile(r"[\p{Hiragana}\p{Katakana}ー]+"),
    "hangul": regex.compile(r"\p{Hangul}+"),
    "arabic": regex.compile(r"\p{Arabic}+"),
    "hebrew": regex.compile(r"\p{Hebrew}+"),
    "thai": regex.compile(r"\p{Thai}+"),
    "devanagari": regex.compile(r"\p{Devanagari}+"),
}
# A quick gate: text made only of ASCII and Latin-1 is Latin (or has no letters).
_NON_LATIN = regex.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f]")
_ASCII_LETTER = regex.compile(r"[A-Za-z]")
# Japanese is written in kana mixed with Han; a little kana makes Han text Japanese.
KANA_SHARE_FOR_JAPANESE = 0.1

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}ー]+")
# Words shorter than this carry little meaning in spaced scripts ("a", "of", "de", "la").
MIN_WORD_CHARS = 3


def script_shares(text: str) -> dict[str, float]:
    """Share of the letters of ``text`` in each script (scripts with no letter left out)."""
    if text.isascii():  # known without a scan: CPython records it with the string
        return {"latin": 1.0} if _ASCII_LETTER.search(text) else {}
    if not _NON_LATIN.search(text):
        latin = sum(map(len, _SCRIPT_RUNS["latin"].findall(text)))
        return {"latin": 1.0} if latin else {}
    counts = {name: sum(map(len, pattern.findall(text))) for name, pattern in _SCRIPT_RUNS.items()}
    total = sum(counts.values())
    if not total:
        return {}
    return {name: count / total for name, count in counts.items() if count}


def dominant_script(text: str) -> str | None:
    """The script most of the letters are in; Han text with some kana counts as kana
    (Japanese). None for text without letters."""
    shares = script_shares(text)
    if not shares:
        return None
    if shares.get("kana", 0.0) >= KANA_SHARE_FOR_JAPANESE and "han" in shares:
        shares = {**shares, "kana": shares["kana"] + shares.pop("han")}
    return max(shares, key=shares.__getitem__)


def tokens(text: str) -> list[str]:
    """Words (lower-cased, at least three characters) and CJK/Thai character bigrams."""
    found: list[str] = []
    for word in _WORD.findall(text.lower()):
        if _UNSPACED.match(word):
            # A run of unspaced script may hold Latin or digits after it ("スーパーコピー2024").
            for run in _UNSPACED.findall(word):
                if len(run) == 1:
                    found.append(run)
                else:
                    found.extend(run[k : k + 2] for k in range(len(run) - 1))
            rest = _UNSPACED.sub(" ", word).split()
            found.extend(w for w in rest if len(w) >= MIN_WORD_CHARS)
        elif len(word) >= MIN_WORD_CHARS:
            found.append(word)
    return found


def token_counts(text: str) -> Counter[str]:
    return Counter(tokens(text))


def shared_token_share(part: Iterable[str], reference: Mapping[str, int]) -> float:
    """Share of the distinct tokens of ``part`` that the reference uses."""
    own = set(part)
    if not own:
        return 0.0
    return sum(1 for token in own if reference.get(token, 0) > 0) / len(own)


# A page's vocabulary is read from this much of its text (its topic words are all there).
MAX_REFERENCE_CHARS = 40_000


def prose_token_counts(text: str, link_texts: Iterable[str]) -> Counter[str]:
    """Token counts of ``text`` less those of the link texts inside it.

    Injected anchors and link farms repeat their keywords across a page; a word is part of
    the page's own vocabulary when its prose uses it.
    """
    counts = token_counts(text[:MAX_REFERENCE_CHARS])
    counts.subtract(token_counts(" ".join(link_texts)))
    return counts
