"""Scoring functions for the pagecleaner benchmarks.

Pure functions only: no I/O, no extractor code. Each metric follows the definitions in
``/work/shared/corpus/articles/README.md`` and ``/work/shared/corpus/spam/README.md``:

* shingle overlap, per-page average (Scrapinghub article-extraction benchmark);
* segment matching, summed over the set (trafilatura evaluation data);
* ROUGE-LSum over whitespace tokens, per-page mean (WCEB, the ``wceb-*`` corpora);
* metadata exact match (title, author, date);
* spam leak rate of injected strings and hrefs;
* article retention (token multiset precision / recall, CJK characters as tokens);
* page-level spam verdict precision / recall / false-positive rate.

Ratios whose denominator is zero are ``None`` ("not defined"), never 0 or NaN.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

_T = TypeVar("_T", bound=Hashable)

__all__ = [
    "POSITIVE_VERDICTS",
    "PRF",
    "LeakTally",
    "PagePR",
    "SegmentCounts",
    "VerdictCounts",
    "author_match",
    "date_match",
    "f1",
    "href_leaks",
    "leak_flags",
    "leak_normalize",
    "macro_prf",
    "mean_page_prf",
    "overlap",
    "page_pr",
    "retention_page",
    "retention_tokens",
    "segment_counts",
    "shingle_page",
    "shingles",
    "title_match",
    "verdict_positive",
    "wceb_page",
    "wceb_sentences",
    "word_tokens",
    "ws_normalize",
]

# --------------------------------------------------------------------------------------------
# Tokenisers
# --------------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+")

# CJK ideographs (URO, extension A, compatibility, supplementary planes), kana (hiragana,
# katakana, phonetic extensions, half-width katakana) and hangul (syllables, jamo).
_CJK = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
    "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff"
)
# One CJK word character alone, or a maximal run of the other word characters.
_RETENTION_RE = re.compile(rf"(?=\w)[{_CJK}]|(?:(?![{_CJK}])\w)+")


def word_tokens(text: str | None) -> list[str]:
    """Maximal runs of Unicode word characters (``\\w+``), case kept (Scrapinghub tokeniser)."""
    return _WORD_RE.findall(text or "")


def retention_tokens(text: str | None) -> list[str]:
    """``\\w+`` runs, except that every CJK ideograph, kana or hangul character is one token."""
    return _RETENTION_RE.findall(text or "")


# --------------------------------------------------------------------------------------------
# Per-page precision / recall, averaged over pages (shared by shingles and retention)
# --------------------------------------------------------------------------------------------


def overlap(expected: Counter[_T], predicted: Counter[_T]) -> tuple[int, int, int]:
    """TP, FP, FN of two bags: TP = sum of min counts, FP = extra predicted, FN = missing."""
    tp = sum((expected & predicted).values())
    fp = sum(predicted.values()) - tp
    fn = sum(expected.values()) - tp
    return tp, fp, fn


@dataclass(frozen=True, slots=True)
class PagePR:
    """One page's precision and recall; ``None`` where the page is left out of that mean."""

    precision: float | None
    recall: float | None

    @property
    def f1(self) -> float | None:
        """Per-page F1 (only when both precision and recall are defined)."""
        if self.precision is None or self.recall is None:
            return None
        return f1(self.precision, self.recall)


def page_pr(tp: int, fp: int, fn: int) -> PagePR:
    """Page precision/recall as in the articles README, steps 3-5.

    Precision is defined when the output is non-empty (TP+FP > 0) or something was expected
    (TP+FN > 0); an empty output for a non-empty expectation scores precision 0 (README step 4).
    Recall is defined when something was expected. A page where both bags are empty is left
    out of both means. Normalising TP/FP/FN by their sum (README step 3) does not change the
    ratios, so raw counts are used.

    Note: the upstream ``evaluate.py`` leaves pages with an empty output out of the precision
    mean instead of scoring them 0; the two agree whenever every output is non-empty.
    """
    if tp + fp > 0:
        precision: float | None = tp / (tp + fp)
    elif fn > 0:
        precision = 0.0
    else:
        precision = None
    recall = tp / (tp + fn) if tp + fn > 0 else None
    return PagePR(precision, recall)


def f1(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean of precision and recall (0 when both are 0, None when one is undefined)."""
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True, slots=True)
class PRF:
    """Macro precision/recall over pages; ``f1`` from the two means, ``page_f1`` mean of pages."""

    precision: float | None
    recall: float | None
    f1: float | None
    page_f1: float | None
    pages: int


def macro_prf(pages: Iterable[PagePR]) -> PRF:
    """Mean page precision, mean page recall, F1 of those two means, and mean per-page F1."""
    pages = list(pages)
    precision = _mean([p.precision for p in pages if p.precision is not None])
    recall = _mean([p.recall for p in pages if p.recall is not None])
    page_f1 = _mean([v for v in (p.f1 for p in pages) if v is not None])
    return PRF(precision, recall, f1(precision, recall), page_f1, len(pages))


# --------------------------------------------------------------------------------------------
# Scrapinghub: 4-token shingles
# --------------------------------------------------------------------------------------------


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Bag of runs of ``n`` consecutive tokens; 1..n-1 tokens give one short shingle."""
    tokens = word_tokens(text)
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def shingle_page(expected: str | None, predicted: str | None) -> tuple[PagePR, bool]:
    """Page precision/recall of 4-token shingles, and whether the token lists are identical."""
    tp, fp, fn = overlap(shingles(expected), shingles(predicted))
    exact = word_tokens(expected) == word_tokens(predicted)
    return page_pr(tp, fp, fn), exact


# --------------------------------------------------------------------------------------------
# trafilatura: segment matching
# --------------------------------------------------------------------------------------------

_WS_RE = re.compile(r"\s+")


def ws_normalize(text: str | None) -> str:
    """Every whitespace run (incl. no-break spaces) becomes one space; ends are stripped."""
    return _WS_RE.sub(" ", text or "").strip()


class _Rates:
    """Precision and recall of confusion counts (a mixin for the dataclasses below)."""

    __slots__ = ()
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass(frozen=True, slots=True)
class SegmentCounts(_Rates):
    """Segment hits: ``with`` found (TP) / missed (FN), ``without`` found (FP) / absent (TN)."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def __add__(self, other: SegmentCounts) -> SegmentCounts:
        return SegmentCounts(
            self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn
        )

    @property
    def accuracy(self) -> float | None:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else None

    @property
    def f1(self) -> float | None:
        """F1 = 2TP / (2TP + FP + FN)."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None


def segment_counts(
    predicted: str | None, with_segments: Iterable[str], without_segments: Iterable[str]
) -> SegmentCounts:
    """Score one page: substring tests of the normalised segments in the normalised output."""
    haystack = ws_normalize(predicted)
    has_output = bool(haystack)
    tp = fn = fp = tn = 0
    for segment in with_segments:
        if has_output and ws_normalize(segment) in haystack:
            tp += 1
        else:
            fn += 1
    for segment in without_segments:
        if has_output and ws_normalize(segment) in haystack:
            fp += 1
        else:
            tn += 1
    return SegmentCounts(tp, fn, fp, tn)


# --------------------------------------------------------------------------------------------
# WCEB: ROUGE-LSum over whitespace tokens
# --------------------------------------------------------------------------------------------

# The WCEB evaluation splits sentences with nltk's English Punkt model. Its data files are a
# separate download; without them a stdlib approximation of the same decisions is used: a
# sentence ends after a token ending in . ! or ? (closing quotes and brackets allowed) that is
# not a known abbreviation, an initial or a lone number, before whitespace.
_SENT_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*$")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "a.m",
        "p.m",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "gen",
        "gov",
        "sen",
        "rep",
        "rev",
        "lt",
        "col",
        "capt",
        "sgt",
        "fig",
        "vol",
        "pp",
        "ed",
        "eds",
        "approx",
        "dept",
        "est",
        "al",
    ]
)


def _punkt() -> Callable[[str], list[str]] | None:
    try:
        import nltk  # type: ignore[import-untyped]

        nltk.data.find("tokenizers/punkt_tab/english/")
    except Exception:
        try:
            import nltk

            nltk.data.find("tokenizers/punkt/english.pickle")
        except Exception:
            return None
    return nltk.sent_tokenize  # type: ignore[no-any-return]


_NLTK_SPLIT = _punkt()
WCEB_SPLITTER = "nltk punkt" if _NLTK_SPLIT is not None else "stdlib approximation of punkt"


def _approx_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    current: list[str] = []
    for token in text.split():
        current.append(token)
        if not _SENT_END_RE.search(token):
            continue
        word = token.rstrip("\"'”’)]").rstrip(".!?").lstrip("\"'“‘([").lower()
        if token.rstrip("\"'”’)]").endswith(".") and (
            word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or word.isdigit()
        ):
            continue
        sentences.append(" ".join(current))
        current = []
    if current:
        sentences.append(" ".join(current))
    return sentences


def wceb_sentences(text: str) -> list[list[str]]:
    """Sentences (Punkt, or its approximation) as lists of whitespace tokens, empty ones out."""
    split = _NLTK_SPLIT or _approx_sentences
    return [tokens for sentence in split(text) if (tokens := sentence.split())]


def _lcs_positions(ref: Sequence[int], cand: Sequence[int]) -> list[int]:
    """Positions in ``ref`` of one longest common subsequence, chosen as rouge-score does."""
    rows, cols = len(ref), len(cand)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        above, row, token = table[i - 1], table[i], ref[i - 1]
        for j in range(1, cols + 1):
            if token == cand[j - 1]:
                row[j] = above[j - 1] + 1
            else:
                left, up = row[j - 1], above[j]
                row[j] = left if left > up else up
    positions = []
    i, j = rows, cols
    while i > 0 and j > 0:
        if ref[i - 1] == cand[j - 1]:
            positions.append(i - 1)
            i -= 1
            j -= 1
        elif table[i][j - 1] > table[i - 1][j]:
            j -= 1
        else:
            i -= 1
    return positions


def wceb_page(expected: str | None, predicted: str | None) -> PagePR:
    """One page's ROUGE-LSum precision and recall (README "wceb-*"; rouge-score's rougeLsum
    with a whitespace tokenizer and sentence splitting).

    Same result as rouge-score's ``_summary_level_lcs``, computed faster: the union of LCS
    positions does not depend on the order of the candidate sentences, so candidates are
    tried most-overlapping first, and one that holds no token of a still uncovered position
    of the reference sentence cannot add to the union and is skipped.
    """
    ref_sents = wceb_sentences(expected or "")
    cand_sents = wceb_sentences(predicted or "")
    if not ref_sents:
        return PagePR(1.0 if not cand_sents else 0.0, 1.0)
    if not cand_sents:
        return PagePR(0.0, 0.0)
    ids: dict[str, int] = {}
    ref = [[ids.setdefault(t, len(ids)) for t in s] for s in ref_sents]
    cand = [[ids.setdefault(t, len(ids)) for t in s] for s in cand_sents]
    cand_sets = [set(s) for s in cand]
    cand_vocab = set().union(*cand_sets)
    counts_r: Counter[int] = Counter(t for s in ref for t in s)
    counts_c: Counter[int] = Counter(t for s in cand for t in s)
    hits = 0
    for sentence in ref:
        open_positions = {i for i, t in enumerate(sentence) if t in cand_vocab}
        tokens = set(sentence)
        order = sorted(
            (k for k, s in enumerate(cand_sets) if not tokens.isdisjoint(s)),
            key=lambda k: -len(tokens & cand_sets[k]),
        )
        union: set[int] = set()
        for k in order:
            if not open_positions:
                break
            if cand_sets[k].isdisjoint({sentence[i] for i in open_positions}):
                continue
            found = _lcs_positions(sentence, cand[k])
            union.update(found)
            open_positions.difference_update(found)
        for i in sorted(union):
            token = sentence[i]
            if counts_c[token] > 0 and counts_r[token] > 0:
                hits += 1
                counts_c[token] -= 1
                counts_r[token] -= 1
    m = sum(map(len, ref))
    n = sum(map(len, cand))
    return PagePR(hits / n, hits / m)


def mean_page_prf(pages: Iterable[PagePR]) -> PRF:
    """WCEB's aggregation: precision, recall and F1 are each the mean of the page values."""
    pages = list(pages)
    precision = _mean([p.precision or 0.0 for p in pages])
    recall = _mean([p.recall or 0.0 for p in pages])
    page_f1 = _mean([p.f1 or 0.0 for p in pages])
    return PRF(precision, recall, page_f1, page_f1, len(pages))


# --------------------------------------------------------------------------------------------
# Metadata exact match
# --------------------------------------------------------------------------------------------


def title_match(predicted: str | None, gold: str) -> bool:
    """Exact title match after trimming whitespace."""
    return predicted is not None and predicted.strip() == gold.strip()


def author_match(predicted: Sequence[str], gold: str | Sequence[str]) -> bool:
    """Exact author match: the trimmed name lists are equal, or the names joined with "; " are.

    ``gold`` is one string (possibly several names already joined) or a list of names.
    """
    names = [name.strip() for name in predicted if name.strip()]
    if not names:
        return False
    if isinstance(gold, str):
        gold_names = [gold.strip()]
        gold_joined = gold.strip()
    else:
        gold_names = [name.strip() for name in gold]
        gold_joined = "; ".join(gold_names)
    return names == gold_names or "; ".join(names) == gold_joined


def date_match(predicted: str | None, gold: str) -> bool:
    """The first 10 characters of the ISO 8601 prediction equal the ``YYYY-MM-DD`` gold."""
    return predicted is not None and predicted.strip()[:10] == gold.strip()


# --------------------------------------------------------------------------------------------
# Spam: leaks
# --------------------------------------------------------------------------------------------


def leak_normalize(text: str | None) -> str:
    """NFKC, casefold, then remove every whitespace character."""
    return _WS_RE.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def leak_flags(strings: Sequence[str], text: str | None, title: str | None = None) -> list[bool]:
    """For each injected string, whether its normalised form occurs in the normalised text or
    title. Text and title are searched separately, so no match spans the two."""
    haystacks = [h for h in (leak_normalize(text), leak_normalize(title)) if h]
    flags = []
    for string in strings:
        needle = leak_normalize(string)
        flags.append(bool(needle) and any(needle in h for h in haystacks))
    return flags


@dataclass(slots=True)
class LeakTally:
    """Accumulates leaks over injected pages that carry at least one injected string."""

    strings: int = 0
    leaked: int = 0
    pages: int = 0
    pages_with_leak: int = 0
    page_rate_sum: float = 0.0

    def add_page(self, flags: Sequence[bool]) -> None:
        """Add one page's leak flags (pages without strings are ignored)."""
        if not flags:
            return
        hits = sum(flags)
        self.strings += len(flags)
        self.leaked += hits
        self.pages += 1
        self.pages_with_leak += hits > 0
        self.page_rate_sum += hits / len(flags)

    @property
    def micro(self) -> float | None:
        """Leaked strings / all strings."""
        return self.leaked / self.strings if self.strings else None

    @property
    def macro(self) -> float | None:
        """Mean per-page leak rate."""
        return self.page_rate_sum / self.pages if self.pages else None

    @property
    def page_share(self) -> float | None:
        """Share of pages leaking at least one string."""
        return self.pages_with_leak / self.pages if self.pages else None


def href_leaks(injected_hrefs: Iterable[str], links: Iterable[str]) -> tuple[int, int]:
    """(leaked, total): injected hrefs present (exact string, trimmed) among the kept links."""
    kept = {link.strip() for link in links}
    hrefs = [href.strip() for href in injected_hrefs]
    return sum(href in kept for href in hrefs), len(hrefs)


# --------------------------------------------------------------------------------------------
# Spam: article retention and verdicts
# --------------------------------------------------------------------------------------------


def retention_page(expected: str | None, predicted: str | None) -> PagePR:
    """Token multiset precision/recall of the output against the true article body."""
    tp, fp, fn = overlap(Counter(retention_tokens(expected)), Counter(retention_tokens(predicted)))
    return page_pr(tp, fp, fn)


@dataclass(slots=True)
class VerdictCounts(_Rates):
    """Confusion counts of page-level verdicts; positive = compromised/spam page."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, *, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def fpr(self) -> float | None:
        """False-positive rate: clean pages called compromised / all clean pages."""
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else None


POSITIVE_VERDICTS = frozenset({"compromised", "spam", "cleaned"})


def verdict_positive(verdict: str | None) -> bool:
    """``compromised`` / ``spam`` (and pagecleaner's ``cleaned``) are positive calls."""
    return verdict in POSITIVE_VERDICTS
