"""Stage 5b, corroborate: check the selection against the page's own JSON-LD ``articleBody``.

Many publishers embed the story's text in schema.org JSON-LD. It is not trusted as the
output (it is often truncated, stale, or stripped of structure, and a hacked page can put
anything there), but it is a second opinion on *where* the article is: when the selected
container shares little of its words, the element that matches them best is chosen
instead, and the report records the switch as the ``json-ld`` pass.
"""

from __future__ import annotations

from collections import Counter

import regex

from .dom import PageTree
from .scoring import Scores
from .selection import Selection

__all__ = ["corroborate"]

# Below this many words the JSON-LD text is a teaser, too short to locate anything.
MIN_BODY_WORDS = 60
# A selection that holds this share of the JSON-LD words (and not much more) is confirmed.
CONFIRMED_F1 = 0.6
# A rival replaces the selection only when it matches the JSON-LD text clearly better.
MIN_F1_GAIN = 0.25
MIN_RIVAL_F1 = 0.7
# Containers are looked for among scored candidates and a few of their ancestors.
ANCESTOR_LEVELS = 3
_WORD = regex.compile(r"\w+")


def corroborate(
    tree: PageTree, selection: Selection, scores: Scores, body_text: str, page_body: int
) -> tuple[Selection, float] | None:
    """A better-matching container when the selection disagrees with the JSON-LD text.

    Returns the replacement and its word F1 against the JSON-LD text, or None to keep the
    selection.
    """
    expected = Counter(_WORD.findall(body_text))
    total = sum(expected.values())
    if total < MIN_BODY_WORDS:
        return None
    current = _f1(expected, total, " ".join(tree.text(r) for r in selection.roots))
    if current >= CONFIRMED_F1:
        return None
    candidates: set[int] = set()
    for i in scores.content:
        for _ in range(ANCESTOR_LEVELS + 1):
            if i < 0 or i == page_body:
                break
            candidates.add(i)
            i = tree.parent[i]
    best, best_f1 = -1, current
    for i in sorted(candidates):
        if tree.is_removed(i):
            continue
        chars = tree.text_chars[i]
        # Far shorter or far longer than the JSON-LD text cannot match it well.
        if chars < 0.3 * len(body_text) or chars > 4 * len(body_text):
            continue
        f1 = _f1(expected, total, tree.text(i))
        if f1 > best_f1:
            best, best_f1 = i, f1
    if best < 0 or best_f1 < MIN_RIVAL_F1 or best_f1 - current < MIN_F1_GAIN:
        return None
    return Selection((best,), best, tree.text_chars[best]), best_f1


def _f1(expected: Counter[str], total: int, text: str) -> float:
    got = Counter(_WORD.findall(text))
    size = sum(got.values())
    if not size:
        return 0.0
    common = sum((expected & got).values())
    return 2 * common / (total + size)
