"""STF rules: keyword lists written to be indexed, not read."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..lexicon import Lexicon
from ..result import Action, Family
from . import Gate, HeuristicRule, Judgement, Match, Rule, RuleInfo
from .context import PageContext

__all__ = ["STUFFING_RULES", "hijacked_head_evidence", "keyword_list_evidence"]

_EXPLICIT_SEPARATORS = regex.compile(r"[,，、|｜;；·•]+")
_SENTENCE_END = regex.compile(r"[.!?。！？](?:\s|$)|[。！？]")
_DIGITS = regex.compile(r"^[\d\p{P}\p{S}]+$")
# Tune as a set (spam corpus stuffed lines: 6-30 items of 2-8 CJK characters or 1-3 words).
MIN_KEYWORD_ITEMS = 6
MAX_MEAN_ITEM_CHARS = 16
MAX_MEAN_ITEM_WORDS = 3.0
# A list of this many items with no sentence at all is a keyword block even without
# repeats; shorter lists ("apples, pears, plums...") are only judged when they repeat.
MIN_UNREPEATED_ITEMS = 12
MIN_REPEATS_FOR_SPAM = 2
MAX_SENTENCE_ENDS = 1
_TABULAR_TAGS = frozenset({"td", "th", "pre", "code", "li", "dd", "dt"})


def keyword_list_evidence(text: str) -> dict[str, float | int | str | bool] | None:
    """Evidence that a text is a separator-joined keyword list, else None.

    Items are what lies between explicit separators (commas, bars, ideographic commas);
    a list has many short items and no sentence ends. ``repeats`` counts items that occur
    more than once: stuffing repeats itself, tag lists do not.
    """
    pieces = _EXPLICIT_SEPARATORS.split(text)
    if len(pieces) < MIN_KEYWORD_ITEMS:  # fewer than MIN_KEYWORD_ITEMS - 1 separators
        return None
    # Prose fails here, cheaply: a digits item has no space, so it is one word, and the
    # mean over the keyword items exceeds the limit whenever the mean over all pieces does.
    if len(" ".join(pieces).split()) > MAX_MEAN_ITEM_WORDS * len(pieces):
        return None
    items = [item.strip() for item in pieces]
    words = [item for item in items if item and not _DIGITS.match(item)]
    if len(words) < MIN_KEYWORD_ITEMS:
        return None
    mean_chars = sum(len(w) for w in words) / len(words)
    mean_words = sum(len(w.split()) for w in words) / len(words)
    if mean_chars > MAX_MEAN_ITEM_CHARS or mean_words > MAX_MEAN_ITEM_WORDS:
        return None
    if len(_SENTENCE_END.findall(text)) > MAX_SENTENCE_ENDS:
        return None
    repeats = len(words) - len(set(words))
    return {"items": len(words), "mean_item_chars": round(mean_chars, 1), "repeats": repeats}


# Titles join stuffed keywords with underscores and dashes too ("AV在线_久草视频_...").
_HEAD_SEPARATORS = regex.compile(r"\s*[_–—]\s*|\s+-\s+")
# A head field naming this much spam vocabulary is hijacked even without list structure.
MIN_HEAD_SPAM_WEIGHT = 4


def hijacked_head_evidence(
    text: str, lexicon: Lexicon
) -> dict[str, float | int | str | bool] | None:
    """Evidence that a <title> or meta value was replaced by spam, else None.

    Honest titles and keyword metas are often keyword lists ("Amazon, Black Friday,
    Natale"), so list structure alone is not enough: the value must carry spam vocabulary,
    as a list or in quantity.
    """
    hits = lexicon.find(text)
    if not hits.strong:
        return None
    listed = keyword_list_evidence(_HEAD_SEPARATORS.sub(",", text))
    if listed is None and hits.weight < MIN_HEAD_SPAM_WEIGHT:
        return None
    evidence: dict[str, float | int | str | bool] = dict(listed or {})
    evidence["spam_weight"] = hits.weight
    evidence["families"] = ", ".join(sorted(hits.families))
    return evidence


class KeywordStuffedText(HeuristicRule):
    info = RuleInfo(
        code="STF001",
        name="keyword-stuffed-text",
        family=Family.STUFFING,
        action=Action.DROP,
        summary="Text blocks that are separator-joined keyword lists without sentences.",
        why="Prose has sentences; a line of short items joined by commas or bars, often "
        "repeating itself, is written for search engines (stuffed porn/gambling keywords "
        "on hacked pages) or is a tag list. Lists with spam vocabulary are spam evidence.",
        example="<div>久草国产视频,91资源总站,在线免费看AV,久草国产视频,...</div>"
        " → dropped (spam).",
        false_positives="Table cells, list items and code are never judged; comma-separated "
        "numbers are not keywords.",
    )
    scope = "@paragraphs"
    # The walk counted separators: a block with too few cannot be a list.
    gate = Gate(min_commas=MIN_KEYWORD_ITEMS - 1, exclude_tags=_TABULAR_TAGS)

    def matches(self, page: PageContext) -> Iterator[Match]:
        # Keyword lists come as prose-like blocks and as link lists (a farm of keyword
        # anchors): judge both node sets, each node once.
        seen: set[int] = set()
        for i in page.gated(self, [*page.tree.paragraphs, *page.link_blocks], self.gate):
            if i in seen:
                continue
            seen.add(i)
            judgement = self.judge(i, page)
            if judgement is not None:
                yield Match(i, judgement)

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        if tree.tags[i] in _TABULAR_TAGS:
            return None
        evidence = keyword_list_evidence(tree.text(i, 2000))
        if evidence is None:
            return None
        repeats = int(evidence["repeats"])
        hits = page.hits(i)
        evidence["spam_weight"] = hits.weight
        spam = hits.strong
        if (
            not spam
            and repeats < MIN_REPEATS_FOR_SPAM
            and int(evidence["items"]) < MIN_UNREPEATED_ITEMS
        ):
            return None
        families = ", ".join(sorted(hits.families))
        return Judgement(
            f"keyword list of {evidence['items']} items"
            + (f" with spam terms ({families})" if spam else ""),
            evidence,
            spam=spam,
        )


# Tune as a set (spam corpus: injected comments and keyword-hack sentences weigh 4 and
# more; news paragraphs about gambling or drugs name one term among many words).
MIN_BLOCK_SPAM_WEIGHT = 4
MAX_CHARS_PER_WEIGHT = 40


class SpamTextBlocks(HeuristicRule):
    info = RuleInfo(
        code="STF003",
        name="spam-text-blocks",
        family=Family.STUFFING,
        action=Action.DROP,
        summary="Short blocks dense with spam vocabulary: keyword-hack sentences, spam comments.",
        why="The Japanese keyword hack writes word-salad sentences around brand-copy terms "
        "('シャネル スーパーコピー 激安通販...'); comment spam wraps porn or casino terms in a "
        "line of praise. Their density of spam terms is far above any honest paragraph.",
        example="<p>グッチ 財布 コピーの人気商品を激安価格で販売中、送料無料でお届けします。</p>"
        " → dropped (spam).",
        false_positives="A news paragraph that names a drug or a casino has one or two terms "
        "in many words and is kept.",
    )
    scope = "@text-blocks"
    needs_spam_terms = True

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        return spam_block_judgement(i, page)


def spam_block_judgement(i: int, page: PageContext) -> Judgement | None:
    """STF003's test: a block whose text is dense with spam terms, or linked and spammy."""
    hits = page.hits(i)
    if not hits.strong:
        return None
    chars = page.tree.text_chars[i]
    dense = hits.weight >= MIN_BLOCK_SPAM_WEIGHT and chars <= hits.weight * MAX_CHARS_PER_WEIGHT
    linked = page.tree.link_chars[i] > 0 and chars <= hits.weight * MAX_CHARS_PER_WEIGHT
    if not (dense or linked):
        return None
    return Judgement(
        f"block dense with spam terms ({', '.join(sorted(hits.families))})",
        {"spam_weight": hits.weight, "chars": chars, "terms": ", ".join(hits.terms[:5])},
        spam=True,
    )


class HijackedHead(HeuristicRule):
    info = RuleInfo(
        code="STF002",
        name="keyword-stuffed-head",
        family=Family.STUFFING,
        action=Action.DROP,
        summary="<title> and meta values replaced by spam keyword lists.",
        why="Hacked pages rewrite the title, description and keywords so that search results "
        "show the attacker's porn or gambling terms. The metadata falls back to the next "
        "clean source (the page's h1, JSON-LD, OpenGraph) and the hijack is reported.",
        example="<title>久草国产视频,日韩AV在线,澳门赌场,揚言「吊打」英偉達...</title>"
        " → reported; the title comes from the h1.",
        false_positives="Honest keyword metas and 'A, B, C | Site' titles carry no spam "
        "vocabulary and are kept.",
    )
    scope = (
        'title, meta[name="description" i], meta[name="keywords" i], '
        'meta[property^="og:" i], meta[name^="twitter:" i]'
    )

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        value = tree.text(i) if tree.tags[i] == "title" else (tree.attr(i, "content") or "")
        evidence = hijacked_head_evidence(value, page.lexicon)
        if evidence is None:
            return None
        return Judgement(f"{tree.tags[i]} replaced by spam keywords", evidence, spam=True)


# A heading is judged only when short, and when spam terms make up this share of it
# (spam corpus: 0.58-0.8 for brand-copy headings; "Slot Gacor Hari Ini" 0.47; a news
# headline naming a counterfeit or a drug among other words: below 0.2).
MAX_SPAM_HEADING_CHARS = 80
MIN_SPAM_HEADING_SHARE = 0.4
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class SpamSectionHeadings(HeuristicRule):
    info = RuleInfo(
        code="STF004",
        name="spam-section-headings",
        family=Family.STUFFING,
        action=Action.DROP,
        summary="A heading of spam terms over a section made only of spam blocks.",
        why="The Japanese keyword hack injects a box between paragraphs: a heading of "
        "brand-copy terms over a few sales sentences. STF003 drops the sentences, but the "
        "heading alone is too short to judge as a block and would stay in the article, "
        "titling nothing. Judged with the section under it, it goes with that section.",
        example="<div><h2>グッチ 財布 コピー</h2><p>最新作の<a href=//x.example>ブランドコピー 財布"
        "</a>が入荷しました、今すぐチェック。</p></div> → the heading dropped (and the "
        "paragraph, by STF003).",
        false_positives="A heading that names a drug or a casino over a section of "
        "ordinary prose (a news story) is kept; so is any heading of ordinary words.",
    )
    scope = "h1, h2, h3, h4, h5, h6"
    gate = Gate(min_chars=1, max_chars=MAX_SPAM_HEADING_CHARS)
    needs_spam_terms = True

    def judge(self, i: int, page: PageContext) -> Judgement | None:
        tree = page.tree
        chars = tree.text_chars[i]
        if not 0 < chars <= MAX_SPAM_HEADING_CHARS:
            return None
        hits = page.hits(i)
        if not hits.strong:
            return None
        share = sum(len(term.replace(" ", "")) for term in hits.terms) / chars
        if share < MIN_SPAM_HEADING_SHARE:
            return None
        section = list(_section_under(i, page))
        if not section or any(spam_block_judgement(j, page) is None for j in section):
            return None
        return Judgement(
            "spam heading over a section of spam blocks",
            {"spam_weight": hits.weight, "term_share": round(share, 2), "blocks": len(section)},
            spam=True,
        )


def _section_under(i: int, page: PageContext) -> Iterator[int]:
    """The heading's following siblings with text, up to the next heading."""
    tree = page.tree
    tags, end, text_chars = tree.tags, tree.end, tree.text_chars
    parent = tree.parent[i]
    if parent < 0:
        return
    j = end[i] + 1
    while j <= end[parent] and tags[j] not in _HEADING_TAGS:
        if text_chars[j]:
            yield j
        j = end[j] + 1


STUFFING_RULES: tuple[Rule, ...] = (
    KeywordStuffedText(),
    HijackedHead(),
    SpamTextBlocks(),
    SpamSectionHeadings(),
)
