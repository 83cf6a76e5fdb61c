"""STF rules: keyword lists written to be indexed, not read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import regex

from ..coherence import dominant_script, shared_token_share, token_counts, tokens
from ..dom import PageTree
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
MAX_STUFFED_LINE_LINK_DENSITY = 0.3
# Starts at a literal underscore, so the engine skips ahead to one (a leading [^_] run
# would be tried at every position of a page without any).
_UNDERSCORE_LIST = regex.compile(r"_(?:[^_]{1,40}_){4}")
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


# Honest keyword titles and metas list the page's own topics; a hijacked one lists what
# the attacker sells. At most this share of a list's items may use the page's words.
MAX_ON_TOPIC_ITEM_SHARE = 0.2
MAX_VOCABULARY_CHARS = 40_000
MIN_PAGE_VOCABULARY = 30
MIN_ON_TOPIC_WORD_SHARE = 0.75


def hijacked_head_evidence(
    text: str, lexicon: Lexicon, page_words: Callable[[], Counter[str]] | None = None
) -> dict[str, float | int | str | bool] | None:
    """Evidence that a <title> or meta value was replaced by spam, else None.

    Honest titles and keyword metas are often keyword lists ("Amazon, Black Friday,
    Natale"), so list structure alone is not enough: the value must carry spam vocabulary,
    as a list or in quantity, or be a list whose items the page's prose never uses
    (``page_words`` gives the page's token counts, computed only for such lists).
    """
    hits = lexicon.find(text)
    listed = keyword_list_evidence(_HEAD_SEPARATORS.sub(",", text)) if hits.strong else None
    if not hits.strong or (listed is None and hits.weight < MIN_HEAD_SPAM_WEIGHT):
        # Too few known words: whether the list is about the page decides.
        return None if page_words is None else off_topic_list_evidence(text, page_words)
    evidence: dict[str, float | int | str | bool] = dict(listed or {})
    evidence["spam_weight"] = hits.weight
    evidence["families"] = ", ".join(sorted(hits.families))
    return evidence


def page_vocabulary(tree: PageTree) -> Counter[str]:
    """The page's own words: those of its prose blocks, leaving out blocks that are keyword
    lists (an injected keyword line repeats the hijacked title's words in the body).

    Read only when a title is a keyword list, so its cost is paid on few pages.
    """
    texts = []
    for i in tree.paragraphs:
        text = tree.text(i, 2000)
        if keyword_list_evidence(_HEAD_SEPARATORS.sub(",", text)) is None:
            texts.append(text)
    prose = " ".join(texts)[:MAX_VOCABULARY_CHARS]
    counts = token_counts(prose)
    # Words in a script foreign to the page's prose are injected, not its vocabulary.
    script = _script_family(dominant_script(prose))
    if script is not None:
        for token in list(counts):
            if script == "latin" and token.isascii():
                continue  # the common case, decided without a regular expression
            if _script_family(dominant_script(token)) not in (script, None):
                del counts[token]
    return counts


def _page_vocabulary(page: PageContext) -> Counter[str]:
    """:func:`page_vocabulary`, read once per page however many rules ask."""
    return page.memo("page-vocabulary", lambda: page_vocabulary(page.tree))


def _script_family(script: str | None) -> str | None:
    """Han and kana are one family here: Japanese prose writes both."""
    return "cjk" if script in ("han", "kana") else script


# Head values list longer phrases than a body's keyword line ("viagra without prescription").
MIN_PHRASE_LIST_ITEMS = 6
MAX_PHRASE_WORDS = 4
MAX_PHRASE_CHARS = 32


def _short_phrases(items: list[str], text: str) -> bool:
    """Many short phrases and no sentence: a list, even when its items are long for STF001."""
    return (
        len(items) >= MIN_PHRASE_LIST_ITEMS
        and all(
            len(item.split()) <= MAX_PHRASE_WORDS and len(item.strip()) <= MAX_PHRASE_CHARS
            for item in items
        )
        and len(_SENTENCE_END.findall(text)) <= MAX_SENTENCE_ENDS
    )


def off_topic_list_evidence(
    text: str, page_words: Callable[[], Counter[str]]
) -> dict[str, float | int | str | bool] | None:
    """Evidence that a head value is a keyword list about something the page is not."""
    joined = _HEAD_SEPARATORS.sub(",", text)
    items = [item for item in _EXPLICIT_SEPARATORS.split(joined) if tokens(item)]
    if keyword_list_evidence(joined) is None and not _short_phrases(items, text):
        return None
    reference = page_words()
    if len(reference) < MIN_PAGE_VOCABULARY:
        return None  # a page with next to no prose (a home page) says nothing of its topic
    # An item is about the page when the page uses (nearly) all its words: a sold keyword
    # hides among common ones ("buy viagra online").
    on_topic = sum(
        1
        for item in items
        if (words := tokens(item))
        and sum(reference[t] > 0 for t in words) >= MIN_ON_TOPIC_WORD_SHARE * len(words)
    )
    if on_topic > MAX_ON_TOPIC_ITEM_SHARE * len(items):
        return None
    return {"items": len(items), "on_topic_items": on_topic}


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
        # Stuffed lines also join keywords with underscores, which the walk does not count
        # (commas feed the content score): one search of the page's text says whether any
        # block needs reading for them.
        underscored = (
            [i for i in page.text_blocks if page.tree.tags[i] not in _TABULAR_TAGS]
            if page.visible_text.count("_") >= MIN_KEYWORD_ITEMS - 1
            and _UNDERSCORE_LIST.search(page.visible_text)
            else []
        )
        gated = page.gated(self, [*page.tree.paragraphs, *page.link_blocks], self.gate)
        for i in sorted({*gated, *underscored}):
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
        text = tree.text(i, 2000)
        evidence = keyword_list_evidence(text)
        if evidence is None and "_" in text:
            # Prose never joins phrases with underscores: a list of longer phrases counts.
            joined = _HEAD_SEPARATORS.sub(",", text)
            evidence = keyword_list_evidence(joined)
            items = [item.strip() for item in _EXPLICIT_SEPARATORS.split(joined) if tokens(item)]
            if evidence is None and _short_phrases(items, text):
                evidence = {"items": len(items), "repeats": len(items) - len(set(items))}
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
        if spam:
            families = ", ".join(sorted(hits.families))
            message = f"keyword list of {evidence['items']} items with spam terms ({families})"
        else:
            # Whatever its words, a stuffed line is about something the page is not.
            # Footers and credit lines list names the prose never uses too; they are links,
            # or do not repeat themselves as stuffing does. (Numbers first: the page's
            # vocabulary is read only for a line that passes them.)
            spam = (
                tree.link_density(i) < MAX_STUFFED_LINE_LINK_DENSITY
                and repeats >= MIN_REPEATS_FOR_SPAM
                and off_topic_list_evidence(text, lambda: _page_vocabulary(page)) is not None
            )
            message = f"keyword list of {evidence['items']} items" + (
                " the page's prose never uses" if spam else ""
            )
        return Judgement(message, evidence, spam=spam)


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
        # Site-wide keyword and description metas honestly list topics the article is not
        # about; only the title must be about the page.
        words = (lambda: _page_vocabulary(page)) if tree.tags[i] == "title" else None
        evidence = hijacked_head_evidence(value, page.lexicon, words)
        if evidence is None:
            return None
        evidence["field"] = tree.tags[i]
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


# A keyword-hack sentence is short, links out, and shares its frame (the text around its
# links) with other sentences on the page: one template filled with different keywords.
MAX_TEMPLATE_BLOCK_CHARS = 300
MIN_TEMPLATE_FRAME_CHARS = 8
MIN_TEMPLATE_FRAME_LETTERS = 10
_LISTED = frozenset({"li", "ol", "ul", "dl", "dd", "dt", "table", "td", "th", "cite"})
_LETTER = regex.compile(r"\p{L}")
MIN_TEMPLATED_BLOCKS = 3
# Keywords are short; teaser lists repeat a date frame around long headlines.
MAX_TEMPLATE_KEYWORD_CHARS = 40
_FRAME_SPACE = regex.compile(r"\s+")


class TemplatedKeywordSentences(HeuristicRule):
    info = RuleInfo(
        code="STF005",
        name="templated-keyword-sentences",
        family=Family.STUFFING,
        action=Action.DROP,
        summary="Short sentences made from one template filled with different keyword links.",
        why="Keyword hacks generate their sentences: '{keyword} の人気商品を激安価格で販売中', "
        "'Buy {keyword} online at the lowest price', each with a link to another site. "
        "Whatever the language or the keywords, the frame around the links repeats while "
        "honest prose never repeats a sentence frame with outside links in it. A heading "
        "over a section of such sentences goes with them.",
        example="<p>最新作の<a href=//a.example>A</a>が入荷しました。</p>"
        "<p>最新作の<a href=//b.example>B</a>が入荷しました。</p>"
        "<p>最新作の<a href=//c.example>C</a>が入荷しました。</p> → dropped.",
        false_positives="Repeated lines linking within the site ('Read more: ...'), short "
        "frames ('Photo: ...') and lines without outside links are kept.",
    )
    scope = "@page"

    def judge(self, i: int, page: PageContext) -> Judgement | None:  # pragma: no cover
        return None

    def matches(self, page: PageContext) -> Iterator[Match]:
        tree = page.tree
        text_chars, link_chars = tree.text_chars, tree.link_chars
        # Numbers first: short blocks with a short keyword link and words around it (a
        # headline in a teaser list has a long link, a credit line few words).
        candidates = [
            i
            for i in page.prose_blocks
            if 0 < link_chars[i] <= MAX_TEMPLATE_KEYWORD_CHARS
            and text_chars[i] <= MAX_TEMPLATE_BLOCK_CHARS
            and text_chars[i] - link_chars[i] >= MIN_TEMPLATE_FRAME_CHARS
        ]
        if len(candidates) < MIN_TEMPLATED_BLOCKS:
            return
        frames: dict[str, list[int]] = {}
        for i in candidates:
            if tree.tags[i] in _LISTED or tree.has_ancestor_tag(i, _LISTED):
                continue  # references and tables repeat their frames honestly
            anchors = tree.nodes[i].css("a[href]")
            if not page.external_links(a.attributes.get("href") or "" for a in anchors):
                continue
            frame = tree.nodes[i].text(deep=True, separator=" ")
            for anchor in anchors:
                frame = frame.replace(anchor.text(deep=True, separator=" "), "\x00", 1)
            frame = _FRAME_SPACE.sub(" ", frame).strip()
            # The frame is words, not a date or a byline label around the links.
            if len(_LETTER.findall(frame)) >= MIN_TEMPLATE_FRAME_LETTERS:
                frames.setdefault(frame, []).append(i)
        # One template, different keywords: a line repeated word for word is not one.
        templated = sorted(
            i
            for group in frames.values()
            if len({tree.text(j, MAX_TEMPLATE_BLOCK_CHARS) for j in group}) > 1
            for i in group
        )
        if len(templated) < MIN_TEMPLATED_BLOCKS:
            return
        end = tree.end
        outermost = [i for k, i in enumerate(templated) if not (k and i <= end[templated[k - 1]])]
        for i in outermost:
            yield Match(
                i,
                Judgement(
                    "templated keyword sentence with an outside link",
                    {"templated_blocks": len(templated)},
                    spam=True,
                ),
            )
        yield from _headings_over(outermost, page)


def _headings_over(blocks: list[int], page: PageContext) -> Iterator[Match]:
    """Headings whose section (the siblings up to the next heading) is made only of
    ``blocks``: they title nothing once the blocks are gone."""
    tree = page.tree
    chosen = set(blocks)
    for parent in sorted({tree.parent[i] for i in blocks if tree.parent[i] >= 0}):
        for child in tree.children(parent):
            if tree.tags[child] not in _HEADING_TAGS or not tree.text_chars[child]:
                continue
            section = list(_section_under(child, page))
            if section and all(j in chosen for j in section):
                yield Match(
                    child,
                    Judgement(
                        "heading over a section of templated keyword sentences",
                        {"blocks": len(section)},
                        spam=True,
                    ),
                )


# Tune as a set (real doorway pages in tests/fixtures/pages/real-*, the spam corpus's
# injected pages must stay articles): a doorway's container lost this share of its text to
# spam rules, and what is left shares this share of its words with what went.
MIN_DOORWAY_SPAM_SHARE = 0.3
MIN_DOORWAY_SHARED_WORDS = 0.3
# ... or its whole text is this dense with spam terms (a doorway written as prose).
DOORWAY_CHARS_PER_SPAM_WEIGHT = 100
MIN_DOORWAY_SPAM_WEIGHT = 6


class DoorwayPages(HeuristicRule):
    info = RuleInfo(
        code="STF006",
        name="doorway-pages",
        family=Family.STUFFING,
        action=Action.DROP,
        summary="A selected 'article' that is itself spam: the leftovers of a doorway page.",
        why="A doorway page has no article: its main block is sales copy for the link it "
        "pushes. Spam rules drop its densest blocks, and the rest (a bonus table, sign-up "
        "steps) would then pass for an article. When spam took a large share of the chosen "
        "container and what is left talks about the same things as what went (or the text "
        "is dense with spam terms throughout), the page is spam and has no article. A "
        "hacked honest page is the opposite: its article shares nothing with the spam.",
        example="<article><h1>Slot Gacor Hari Ini</h1><p>(dense spam paragraphs)</p><table>"
        "(bonus table)</table></article> → no article; verdict spam.",
        false_positives="A real article with spam injected between its paragraphs keeps "
        "its own words apart from the spam's and is kept; a news story about gambling is "
        "far less dense with spam terms than sales copy.",
        stage="article",
    )
    scope = "@page"
    empties_article = True

    def judge(self, i: int, page: PageContext) -> Judgement | None:  # pragma: no cover
        return None

    def matches(self, page: PageContext) -> Iterator[Match]:
        tree = page.tree
        roots = page.article_roots
        remaining = sum(tree.text_chars[r] for r in roots)
        if not remaining:
            return
        spam = [i for i in page.spam_dropped if any(tree.is_inside(i, r) for r in roots)]
        if not spam and not page.page_hits:
            return  # neither test can pass: nothing spam went, no spam term is there
        spam_chars = sum(tree.text_chars[i] for i in spam)
        # The parser's text still holds what the rules dropped: take the spam out again.
        spam_texts = [tree.text(i, 2000) for i in spam]
        left_text = " ".join(tree.text(r, MAX_VOCABULARY_CHARS) for r in roots)
        for text in spam_texts:
            left_text = left_text.replace(text, " ", 1)
        evidence: dict[str, float | int | str | bool] = {
            "spam_share": round(spam_chars / (spam_chars + remaining), 3)
        }
        hits = page.lexicon.find(left_text) if page.page_hits else page.lexicon.find("")
        dense = (
            hits.weight >= MIN_DOORWAY_SPAM_WEIGHT
            and len(left_text) <= hits.weight * DOORWAY_CHARS_PER_SPAM_WEIGHT
        )
        shared = 0.0
        if spam_chars >= MIN_DOORWAY_SPAM_SHARE * (spam_chars + remaining):
            spam_words = token_counts(" ".join(spam_texts))
            shared = shared_token_share(tokens(left_text), spam_words)
            evidence["shared_words"] = round(shared, 3)
        if not dense and shared < MIN_DOORWAY_SHARED_WORDS:
            return
        evidence["spam_weight"] = hits.weight
        reason = "dense with spam terms" if dense else "what spam left shares its words"
        for root in roots:
            yield Match(root, Judgement(f"doorway page: the main block is spam ({reason})",
                                        evidence, spam=True))  # fmt: skip


STUFFING_RULES: tuple[Rule, ...] = (
    KeywordStuffedText(),
    HijackedHead(),
    SpamTextBlocks(),
    SpamSectionHeadings(),
    TemplatedKeywordSentences(),
    DoorwayPages(),
)
