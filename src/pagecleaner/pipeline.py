"""The pipeline, one stage per step: load → parse → measure → metadata → prune → score →
select → render. This function is the architecture's table of contents."""

from __future__ import annotations

from dataclasses import replace

from .corroborate import corroborate
from .dom import PageTree, build_tree
from .lexicon import Lexicon
from .load import load_page
from .metadata import read_metadata
from .options import Options
from .parse import parse_html
from .prune import PruneState, apply_matches, collect_matches, keep_deferred
from .render import CJK_LETTER, build_model, render_text, safe_url
from .result import CleanResult, Finding, Metadata, Outcome, Report, SpamReport, Verdict
from .rules.context import PageContext, RuleStats
from .rules.registry import RuleSet
from .scoring import score_candidates, score_card
from .selection import Selection, SiblingPolicy, select_article

__all__ = ["run_pipeline"]

# Named selection passes (Readability's flag retries, named): the relaxed pass ignores
# class-name guesses, which sometimes hit the article's own wrapper.
PASSES_BY_FOCUS = {
    "balanced": ("strict", "relaxed"),
    "precision": ("strict", "relaxed"),
    "recall": ("relaxed",),
}
SIBLINGS_BY_FOCUS: dict[str, SiblingPolicy] = {
    "balanced": "normal",
    "precision": "strict",
    "recall": "generous",
}
TOP_CANDIDATES_REPORTED = 5
# Findings that make a page without an article a spam page: its main block is spam
# (STF006), or its title was hijacked, so that search results show the spam (STF002).
DOORWAY_RULE = "STF006"
HEAD_RULE = "STF002"
# Article-stage rules may not take more than this share of the selected text away.
MIN_ARTICLE_STAGE_KEPT = 0.1


def run_pipeline(
    markup: str | bytes,
    *,
    url: str | None,
    options: Options,
    rules: RuleSet,
    lexicon: Lexicon | None = None,
    within_noscript: bool = False,
    rule_stats: dict[str, RuleStats] | None = None,
) -> CleanResult:
    # (rule_stats: per-rule time, candidates and gate survivors, for benchmarks.)
    # 1. load: bytes → checked text (encoding, size and depth limits).
    loaded = load_page(
        markup,
        max_bytes=options.max_input_bytes,
        max_depth=options.max_nesting_depth,
        encoding=options.encoding,
    )
    # 2. parse: one Lexbor tree for the whole run.
    tree = build_tree(parse_html(loaded.text))
    # 3. metadata, before pruning drops the scripts that carry JSON-LD.
    reading = read_metadata(tree, url, lexicon)
    metadata, article_body = reading.metadata, reading.article_body
    base_url = _base_url(tree, url)
    page = PageContext(tree, options, url, metadata.canonical_url, lexicon)
    # 4. prune: every rule judges the unmodified tree; then matches are applied per pass.
    candidates = collect_matches(rules, page, "prune", stats=rule_stats)
    pristine = tree.snapshot()
    passes: list[str] = []
    chosen: tuple[Selection | None, PruneState, str] | None = None
    for name in PASSES_BY_FOCUS[options.focus]:
        tree.restore(pristine)
        state = PruneState()
        apply_matches(candidates, page, state, skip_relaxable=name == "relaxed")
        # 5. score and 6. select.
        scores = score_candidates(tree)
        selection = select_article(
            tree,
            scores,
            page.body,
            siblings=SIBLINGS_BY_FOCUS[options.focus],
            headline=reading.headline,
        )
        passes.append(name)
        if chosen is None or _chars(selection) > _chars(chosen[0]):
            chosen = (selection, state, name)
        if _long_enough(tree, selection, options.min_article_chars):
            break
    assert chosen is not None
    selection, state, chosen_pass = chosen
    if chosen_pass != passes[-1]:
        tree.restore(pristine)
        state = PruneState()
        apply_matches(candidates, page, state, skip_relaxable=chosen_pass == "relaxed")
        scores = score_candidates(tree)
    if selection is None and tree.text_chars[page.body] > 0:
        # No paragraph anywhere (text in <br>-separated runs): the body is the article.
        selection = Selection((page.body,), page.body, tree.text_chars[page.body])
        passes.append("body")
    if selection is not None and article_body:
        # 5b. the page's JSON-LD articleBody corroborates the choice.
        switched = corroborate(tree, selection, scores, article_body, page.body)
        if switched is not None:
            selection = switched[0]
            passes.append("json-ld")
    if selection is not None:
        # 6b. article-stage rules judge the selected subtrees only (teasers, share bars),
        # and whether the selection is an article at all (a doorway page's sales copy).
        page.spam_dropped = tuple(state.spam_dropped)
        inner = collect_matches(rules, page, "article", within=selection.roots, stats=rule_stats)
        doorway = [c for c in inner if getattr(c.rule, "empties_article", False)]
        if doorway:
            apply_matches(doorway, page, state, within=selection.roots)
            selection = None
        elif inner:
            before = sum(tree.text_chars[i] for i in selection.roots)
            saved, applied = tree.snapshot(), len(state.findings)
            apply_matches(inner, page, state, within=selection.roots)
            if sum(tree.text_chars[i] for i in selection.roots) < MIN_ARTICLE_STAGE_KEPT * before:
                # Cleaning inside the article must not empty it: keep it whole and say why.
                tree.restore(saved)
                state.guarded.extend(state.findings[applied:])
                del state.findings[applied:]
    # 7. render the selected subtrees into the document model and its plain text.
    model = None
    text = ""
    if selection is not None:
        model = build_model(
            tree,
            selection.roots,
            base_url=base_url,
            include_links=options.include_links,
            include_images=options.include_images,
            include_tables=options.include_tables,
        )
        if options.front_matter:
            model.front_matter = _front_matter(metadata, url)
        text = render_text(model)
    comments = _render_comments(tree, state, selection, options) if options.include_comments else ""
    outcome: Outcome
    if selection is None:
        outcome = "no-candidate"
    elif not text:
        outcome = "no-article"
    elif len(text) < options.min_article_chars and (
        reading_length(text) < options.min_article_chars
    ):
        outcome = "below-min-length"
    else:
        outcome = "article"
    if outcome != "article":
        # The contract: text, markdown and html are '' whenever there is no article (a
        # too-short selection is reported by its outcome, not printed as if it were one).
        text, model = "", None
    findings = tuple(state.findings)
    keep_deferred(state.nodes)  # bounds how many pages keep their trees for unread findings
    cards = []
    if selection is not None:
        ranked = sorted(scores.final, key=scores.final.__getitem__, reverse=True)
        for i in ranked[:TOP_CANDIDATES_REPORTED]:
            card = score_card(tree, scores, i)
            cards.append(
                {
                    "path": tree.path(i),
                    "score": card.score,
                    "selected": i in selection.roots,
                    "contributions": [list(c) for c in card.contributions],
                }
            )
    report = Report(
        outcome=outcome,
        findings=findings,
        passes=tuple(passes),
        candidates=tuple(cards),
        encoding=loaded.encoding,
        guarded=tuple(state.guarded),
    )
    result = CleanResult(
        text=text,
        metadata=metadata,
        report=report,
        spam=_spam_report(
            findings, state.spam_hosts, outcome, _spam_text_share(tree, state, page.body)
        ),
        links=tuple(model.links()) if model is not None else (),
        url=url,
        comments=comments,
        model=model,
    )
    if outcome in ("no-candidate", "no-article") and not within_noscript:
        return _noscript_fallback(tree, page.body, result, options, rules, lexicon) or result
    return result


# Some sites ship their whole no-JavaScript page inside one <noscript>, which the tree walk
# treats as opaque (it is also where injected links hide). When the page proper has no
# article, that content is cleaned as a page of its own (the one case of a second parse).
MIN_NOSCRIPT_PAGE_CHARS = 500


def _noscript_fallback(
    tree: PageTree,
    body: int,
    result: CleanResult,
    options: Options,
    rules: RuleSet,
    lexicon: Lexicon | None,
) -> CleanResult | None:
    largest, largest_chars = None, MIN_NOSCRIPT_PAGE_CHARS - 1
    for i in tree.css_within(body, "noscript"):
        chars = len(tree.nodes[i].text(deep=True))
        if chars > largest_chars:
            largest, largest_chars = tree.nodes[i], chars
    if largest is None:
        return None
    inner_markup = "".join(child.html or "" for child in largest.iter(include_text=True))
    inner = run_pipeline(
        f"<html><body>{inner_markup}</body></html>",
        url=result.url,
        options=options,
        rules=rules,
        lexicon=lexicon,
        within_noscript=True,
    )
    # A <noscript> doorway (links and keywords, no article) stays what it was: no article.
    if inner.outcome != "article":
        return None
    findings = (*result.report.findings, *inner.report.findings)
    report = replace(
        inner.report,
        passes=(*result.report.passes, "noscript", *inner.report.passes),
        findings=findings,
        encoding=result.report.encoding,
    )
    spam = _spam_report(findings, {*result.spam.hosts, *inner.spam.hosts}, "article")
    return replace(inner, metadata=result.metadata, report=report, spam=spam)


def _front_matter(metadata: Metadata, url: str | None) -> dict[str, object]:
    fields: dict[str, object] = {"title": metadata.title, "url": metadata.canonical_url or url}
    for name in (
        "authors",
        "date_published",
        "date_modified",
        "site_name",
        "language",
        "description",
        "tags",
    ):
        fields[name] = getattr(metadata, name)
    return fields


# Comment sections are what the furniture rule (BPL004) drops under these names.
_COMMENT_SELECTOR = (
    "#comments, .comments, .comment-list, .commentlist, #disqus_thread, "
    '[id*="comment" i], [class*="comments" i], [itemprop="comment" i], [class~="comment" i]'
)
# "Recent comments" widgets in sidebars quote other pages' comments.
_SIDEBAR_SELECTOR = 'aside, nav, [class*="sidebar" i], [id*="sidebar" i], [class*="widget" i]'
# The reply form and its title sit in or beside the comment list: interface, not comments.
# (ASP.NET pages wrap the whole page in one <form>: a bare form is masked only inside
# comments.)
_REPLY_FORM_SELECTOR = (
    '#respond, [class*="comment-respond" i], [class*="comment-form" i], [id*="reply-title" i],'
    ' [class*="reply-title" i]'
)


def _render_comments(
    tree: PageTree, state: PruneState, selection: Selection | None, options: Options
) -> str:
    """The reader comments, rendered apart from the article.

    Comment sections were dropped as furniture so they could not compete with the article;
    here they are rendered with every other drop still in force (spam comments, reply
    buttons and forms inside stay out).
    """
    reply_forms = list(tree.css(_REPLY_FORM_SELECTOR))
    # A "widget" or sidebar-named block holding the article is the page's main column
    # (Blogger's "widget Blog"), not a sidebar quoting other pages' comments.
    article = selection.roots if selection is not None else ()
    sidebars = [
        i for i in tree.css(_SIDEBAR_SELECTOR) if not any(tree.is_inside(r, i) for r in article)
    ]
    outside = [*reply_forms, *sidebars]
    matches = list(tree.css(_COMMENT_SELECTOR))
    roots = [
        i
        for i in matches
        if tree.text_chars[i]
        and tree.tags[i] not in ("form", "textarea")
        and not any(tree.is_inside(i, f) for f in outside)
    ]
    # Comments inside the article's container are in the text unless a rule dropped them.
    roots = [
        i for i in roots if tree.is_removed(i) or not any(tree.is_inside(i, r) for r in article)
    ]
    outermost: list[int] = []
    for i in roots:
        if not outermost or not tree.is_inside(i, outermost[-1]):
            outermost.append(i)
    if not outermost:
        return ""
    mask = bytearray(len(tree))
    forms = [j for r in outermost for j in tree.css_within(r, "form, textarea") if j != r]
    # The comments themselves were dropped as furniture (one by one, when each is classed
    # "comment"): those drops stay undone here; every other drop stays in force.
    comments = set(matches)
    for i in (*state.dropped, *state.shadowed, *reply_forms, *forms):
        if i in comments and i not in reply_forms and i not in forms:
            continue
        if i not in outermost and not any(tree.is_inside(r, i) for r in outermost):
            mask[i : tree.end[i] + 1] = b"\x01" * (tree.end[i] + 1 - i)
    kept, tree.removed = tree.removed, mask
    try:
        model = build_model(
            tree,
            outermost,
            base_url=None,
            include_links=False,
            include_tables=options.include_tables,
        )
    finally:
        tree.removed = kept
    return render_text(model)


# One CJK character carries about as much as three Latin ones (a word and its space), so
# length thresholds written in Latin characters count each CJK character as three.
CJK_EXTRA_WEIGHT = 2


def reading_length(text: str) -> int:
    """The length of ``text`` in Latin-character equivalents."""
    return len(text) + CJK_EXTRA_WEIGHT * len(CJK_LETTER.findall(text))


def _long_enough(tree: PageTree, selection: Selection | None, minimum: int) -> bool:
    if _chars(selection) >= minimum:
        return True
    if selection is None:
        return False
    return reading_length("".join(tree.text(i) for i in selection.roots)) >= minimum


def _chars(selection: Selection | None) -> int:
    return selection.text_chars if selection is not None else 0


def _base_url(tree: object, url: str | None) -> str | None:
    from .dom import PageTree

    assert isinstance(tree, PageTree)
    base = tree.parser.css_first("base[href]")
    if base is not None:
        resolved = safe_url(base.attributes.get("href"), url)
        if resolved:
            return resolved
    return url


# A page without an article is a spam page when spam took at least this share of its text
# (or a rule found its main block to be spam, or its title hijacked); otherwise it is an
# honest page without an article (a home page) that carried some spam, and was cleaned.
MIN_SPAM_PAGE_SHARE = 0.5


def _spam_text_share(tree: PageTree, state: PruneState, body: int) -> float:
    spam = sum(tree.text_chars[i] for i in state.spam_dropped)
    total = tree.text_chars[body] + sum(tree.text_chars[i] for i in state.dropped)
    return spam / total if total else 0.0


def _spam_report(
    findings: tuple[Finding, ...], hosts: set[str], outcome: Outcome, spam_share: float = 0.0
) -> SpamReport:
    families: dict[str, int] = {}
    for finding in findings:
        if finding.spam:
            families[finding.family.value] = families.get(finding.family.value, 0) + 1
    score = float(sum(families.values()))
    verdict: Verdict
    if not families:
        verdict = "clean"
    elif outcome == "article":
        verdict = "cleaned"
    elif spam_share >= MIN_SPAM_PAGE_SHARE or any(
        f.spam
        and (f.code == DOORWAY_RULE or (f.code == HEAD_RULE and f.evidence.get("field") == "title"))
        for f in findings
    ):
        verdict = "spam"
    else:
        verdict = "cleaned"
    return SpamReport(
        verdict=verdict,
        score=score,
        families=dict(sorted(families.items())),
        hosts=tuple(sorted(hosts)),
    )
