"""Hidden-content benchmark: pagecleaner against a real browser's view of each page.

    python benchmarks/bench_hidden.py /work/shared/corpus/spam \\
        [--articles /work/shared/corpus/articles/scrapinghub-dev ...] \\
        [--oracle ../shared/tools/browser_oracle.py] [--cache-dir bench-out/oracle] \\
        [--limit N] [--show N] [--no-browser]

The browser oracle (``browser_oracle.py``, headless Chromium, scripts on, network off) says
which text of a page a person would see. Its verdicts are cached per page (JSONL under
``--cache-dir``, keyed by the page's SHA-1), since it judges about two pages a second; a
page missing from the cache is judged with one tab at a time (the machine is shared).
``--no-browser`` uses the cache only and skips pages it lacks.

Four measurements:

(a) hidden spam kept: of the injected strings the browser hides (``string_visibility`` is
    'hidden'), the share, in characters and in strings, found in pagecleaner's text; split
    by the kind of hidden block (``links`` when most of the string's characters are anchor
    text, else ``prose``) and by the browser's reason. A second view needs no labels:
    hidden text nodes of an injected page that its clean twin (same ``host_id``) does not
    have, kept in the output.
(b) false positives of the hiding rules: true-article paragraphs the browser shows that
    are missing from the output and lie inside a node an HID rule dropped.
(c) twin consistency: article recall of each injected page against its best clean twin;
    pages below 90% of the twin's recall are listed with both chosen containers.
(d) scroll-reveal: blocks whose own style hides them with opacity alone (the starting
    state of a script's fade-in), with at least a paragraph of text: kept or dropped.

Targets printed at the end: hidden spam kept < 1% (characters), and its prose share.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import metrics
from bench_articles import load_dataset
from bench_spam import load_corpus
from report import fmt, format_table

REPO_SRC = Path(__file__).resolve().parent.parent / "src"
TWIN_RETENTION_FLOOR = 0.9
MIN_PARAGRAPH_CHARS = 40
MIN_REVEAL_CHARS = 25
MIN_NODE_CHARS = 8
HIDDEN_SPAM_TARGET = 0.01


def _pagecleaner() -> ModuleType:
    try:
        import pagecleaner
    except ModuleNotFoundError:
        sys.path.insert(0, str(REPO_SRC))
        import pagecleaner
    return pagecleaner


def load_oracle_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("browser_oracle", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the browser oracle from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["browser_oracle"] = module
    spec.loader.exec_module(module)
    return module


# -- pages --------------------------------------------------------------------------------


@dataclass
class Page:
    id: str
    corpus: str
    raw: bytes
    url: str | None
    label: dict[str, Any]

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.raw).hexdigest()

    @property
    def injected(self) -> bool:
        return bool(self.label.get("is_injected"))

    def article_paragraphs(self) -> list[str]:
        """Pieces of the true article text, long enough to find reliably."""
        if "article_body" in self.label:
            pieces = self.label["article_body"].split("\n")
        else:
            pieces = list(self.label.get("with") or ())
        return [p.strip() for p in pieces if len(p.strip()) >= MIN_PARAGRAPH_CHARS]


def load_spam(folder: Path, limit: int | None) -> list[Page]:
    labels, raws = load_corpus(folder, limit)
    return [
        Page(label["id"], folder.name, raw, label.get("url"), label)
        for label, raw in zip(labels, raws, strict=True)
    ]


def load_articles(folder: Path, limit: int | None) -> list[Page]:
    dataset = load_dataset(folder, limit)
    return [
        Page(record["id"], folder.name, raw, url, record)
        for record, (raw, url) in zip(dataset.records, dataset.pages, strict=True)
    ]


# -- the oracle, cached -------------------------------------------------------------------


def oracle_results(
    pages: Sequence[Page], oracle: ModuleType, cache_dir: Path, *, browser: bool
) -> dict[str, Any]:
    """OracleResult per page id, from the cache or (``browser``) judged now and cached."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    found: dict[str, Any] = {}
    by_corpus: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        by_corpus[page.corpus].append(page)
    for corpus, group in by_corpus.items():
        path = cache_dir / f"{corpus}.jsonl"
        cached: dict[tuple[str, str], dict[str, Any]] = {}
        if path.exists():
            with path.open(encoding="utf-8") as lines:
                for line in lines:
                    record = json.loads(line)
                    cached[(record["id"], record["sha1"])] = record["result"]
        missing = [p for p in group if (p.id, p.sha1) not in cached]
        if missing and browser:
            print(f"oracle: judging {len(missing)} pages of {corpus} ...", file=sys.stderr)
            started = time.perf_counter()
            with oracle.BrowserOracle() as judge, path.open("a", encoding="utf-8") as out:
                for n, page in enumerate(missing, 1):
                    result = judge.judge(page.raw)
                    data = result.to_json(records=True)
                    cached[(page.id, page.sha1)] = data
                    line = {"id": page.id, "sha1": page.sha1, "result": data}
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")
                    out.flush()
                    if n % 50 == 0:
                        rate = n / (time.perf_counter() - started)
                        print(f"oracle: {n}/{len(missing)} ({rate:.2f} pages/s)", file=sys.stderr)
        for page in group:
            data = cached.get((page.id, page.sha1))
            if data is not None and not data.get("error"):
                found[page.id] = oracle.OracleResult.from_json(data)
    return found


def import_cli_jsonl(path: Path, pages: Sequence[Page], cache_dir: Path) -> None:
    """Fold the output of ``browser_oracle.py --jsonl OUT --records`` into the cache."""
    by_file = {f"{p.id}.html.gz": p for p in pages}
    cache_dir.mkdir(parents=True, exist_ok=True)
    outs: dict[str, Any] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            data = json.loads(line)
            page = by_file.get(Path(data.pop("page")).name)
            if page is None:
                continue
            out = outs.get(page.corpus)
            if out is None:
                out = outs[page.corpus] = (cache_dir / f"{page.corpus}.jsonl").open(
                    "a", encoding="utf-8"
                )
            record = {"id": page.id, "sha1": page.sha1, "result": data}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    for out in outs.values():
        out.close()


# -- text positions -----------------------------------------------------------------------


class RecordIndex:
    """The oracle's text nodes concatenated in matching form, with each character's node."""

    def __init__(self, oracle: ModuleType, result: Any) -> None:
        self.records = result.records
        parts: list[str] = []
        owner: list[int] = []
        for k, record in enumerate(self.records):
            text = oracle.lnorm(record["text"])
            parts.append(text)
            owner.extend([k] * len(text))
        self.text = "".join(parts)
        self.owner = owner

    def hidden_occurrence(self, needle: str) -> list[int] | None:
        """The records under the first occurrence of ``needle`` that is hidden throughout."""
        start = self.text.find(needle)
        while start >= 0:
            ks = sorted(set(self.owner[start : start + len(needle)]))
            if ks and all(not self.records[k]["visible"] for k in ks):
                return ks
            start = self.text.find(needle, start + 1)
        return None

    def link_share(self, needle: str, ks: list[int]) -> float:
        link = sum(len(self.records[k]["text"].strip()) for k in ks if _in_anchor(self.records[k]))
        total = sum(len(self.records[k]["text"].strip()) for k in ks) or 1
        return link / total


def _in_anchor(record: dict[str, Any]) -> bool:
    return any(part.split("#")[0].split(".")[0] == "a" for part in record["path"].split(">"))


def _reason(records: list[dict[str, Any]], ks: list[int]) -> str:
    reasons: Counter[str] = Counter()
    for k in ks:
        reasons[records[k]["reasons"][0] if records[k]["reasons"] else "?"] += len(
            records[k]["text"]
        )
    return reasons.most_common(1)[0][0] if reasons else "?"


# -- measurements -------------------------------------------------------------------------


@dataclass
class Tally:
    chars: int = 0
    kept_chars: int = 0
    strings: int = 0
    kept_strings: int = 0

    def add(self, chars: int, kept: bool) -> None:
        self.chars += chars
        self.strings += 1
        if kept:
            self.kept_chars += chars
            self.kept_strings += 1

    @property
    def share(self) -> float | None:
        return self.kept_chars / self.chars if self.chars else None


@dataclass
class Results:
    hidden: Tally = field(default_factory=Tally)
    hidden_by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    hidden_by_reason: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    hidden_kept: list[tuple[str, str, str, str]] = field(default_factory=list)
    nodes: Tally = field(default_factory=Tally)
    nodes_by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    nodes_kept: list[tuple[str, str, str, str]] = field(default_factory=list)
    shown: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    shown_dropped: list[tuple[str, str, str]] = field(default_factory=list)
    twins: list[tuple[str, float, float, int, int, str, str]] = field(default_factory=list)
    twin_pairs: int = 0
    reveal: list[tuple[str, int, int, int]] = field(default_factory=list)
    reveal_clean: set[str] = field(default_factory=set)
    """Pages of (d) that are clean: their faded blocks are the page's own, not spam."""
    pages_judged: int = 0


def hidden_spam(page: Page, result: Any, index: RecordIndex, out: Results, oracle: Any) -> None:
    """(a) injected strings the browser hides, kept or not."""
    text = metrics.leak_normalize(result.text)
    for string, family in zip(
        page.label["injected_strings"], page.label["injected_string_families"], strict=True
    ):
        needle = oracle.lnorm(string)
        if not needle:
            continue
        ks = index.hidden_occurrence(needle)
        if ks is None or index.text.find(needle) < 0:
            continue
        if _visibility_from_index(index, needle) != "hidden":
            continue
        kind = "links" if index.link_share(needle, ks) >= 0.5 else "prose"
        reason = _reason(index.records, ks)
        kept = metrics.leak_normalize(string) in text
        out.hidden.add(len(needle), kept)
        out.hidden_by_kind[kind].add(len(needle), kept)
        out.hidden_by_reason[reason].add(len(needle), kept)
        if kept:
            out.hidden_kept.append((page.id, kind, reason, f"{family}: {string}"))


def injected_nodes(
    page: Page, result: Any, twin_texts: set[str], index: RecordIndex, out: Results, oracle: Any
) -> None:
    """(a, label-free) hidden text nodes the clean twin lacks, kept or not."""
    text = metrics.leak_normalize(result.text)
    for record in index.records:
        if record["visible"]:
            continue
        needle = oracle.lnorm(record["text"])
        if len(needle) < MIN_NODE_CHARS or needle in twin_texts:
            continue
        kind = "links" if _in_anchor(record) else "prose"
        kept = needle in text
        out.nodes.add(len(needle), kept)
        out.nodes_by_kind[kind].add(len(needle), kept)
        if kept:
            reason = record["reasons"][0] if record["reasons"] else "?"
            out.nodes_kept.append((page.id, kind, reason, record["text"].strip()[:100]))


def shown_dropped(page: Page, result: Any, oracle_result: Any, out: Results, pc: Any) -> None:
    """(b) visible article paragraphs that an HID rule dropped."""
    from browser_oracle import string_visibility

    hid = [f for f in result.report.findings if f.code.startswith("HID")]
    text = metrics.leak_normalize(result.text)
    dropped_texts: list[tuple[str, str]] | None = None
    for paragraph in page.article_paragraphs():
        needle = metrics.leak_normalize(paragraph)
        if string_visibility(oracle_result, paragraph) != "visible":
            continue
        tally = out.shown[page.corpus]
        if needle in text or not hid:
            tally.add(len(needle), False)
            continue
        if dropped_texts is None:
            dropped_texts = _finding_texts(page, hid, pc)
        codes = [code for code, body in dropped_texts if needle in body]
        tally.add(len(needle), bool(codes))
        if codes:
            out.shown_dropped.append((page.id, ",".join(sorted(set(codes))), paragraph[:100]))


def _finding_texts(page: Page, findings: Sequence[Any], pc: Any) -> list[tuple[str, str]]:
    """The text under each finding's node, from a parse of our own (paths → nodes)."""
    from pagecleaner.dom import build_tree
    from pagecleaner.parse import parse_html

    tree = build_tree(parse_html(_decoded(page.raw)))
    by_path = {tree.path(i): i for i in range(len(tree))}
    texts = []
    for finding in findings:
        i = by_path.get(finding.path)
        if i is not None:
            texts.append((finding.code, metrics.leak_normalize(tree.text(i))))
    return texts


def _decoded(raw: bytes) -> str:
    from pagecleaner import Options
    from pagecleaner.load import load_page

    options = Options()
    return load_page(
        raw, max_bytes=options.max_input_bytes, max_depth=options.max_nesting_depth
    ).text


def selected_path(result: Any) -> str:
    """The selected candidate among the reported ones, else the best-scored one."""
    candidates = result.report.candidates
    paths = [c["path"] for c in candidates if c.get("selected")]
    passes = "+".join(result.report.passes)
    if paths:
        return f"{paths[0]} [{passes}]"
    return f"best {candidates[0]['path'] if candidates else '-'} [{passes}]"


def scroll_reveal(page: Page, result: Any, pc: Any) -> None:
    """(d) blocks hidden by their own opacity alone: text kept / total."""
    from selectolax.lexbor import LexborHTMLParser

    from pagecleaner.css import parse_declarations

    text = metrics.leak_normalize(result.text)
    try:
        parser = LexborHTMLParser(_decoded(page.raw))
    except Exception:
        return None
    total = kept = blocks = 0
    for node in parser.css("[style*='opacity' i]"):
        style = node.attributes.get("style") or ""
        decl = parse_declarations(style)
        try:
            opacity = float(decl.get("opacity", "1").rstrip("%"))
        except ValueError:
            continue
        if opacity > 0.01 or decl.get("display") == "none" or decl.get("visibility") == "hidden":
            continue
        body = node.text(deep=True, separator=" ")
        needle = metrics.leak_normalize(body)
        if len(needle) < MIN_REVEAL_CHARS:
            continue
        blocks += 1
        total += len(needle)
        if needle in text:
            kept += len(needle)
        else:
            # Paragraph by paragraph: the block may be kept minus its own furniture.
            parts = [metrics.leak_normalize(p.text(deep=True)) for p in node.css("p")]
            kept += sum(len(p) for p in parts if p and p in text)
    return (blocks, total, kept) if blocks else None


# -- report -------------------------------------------------------------------------------


def tally_row(name: str, tally: Tally) -> list[str]:
    return [
        name,
        str(tally.strings),
        str(tally.chars),
        str(tally.kept_strings),
        str(tally.kept_chars),
        fmt(tally.share),
    ]


TALLY_HEADERS = ["", "strings", "chars", "kept strings", "kept chars", "kept share (chars)"]


def run(args: argparse.Namespace) -> Results:
    pc = _pagecleaner()
    oracle = load_oracle_module(args.oracle)
    spam_pages = load_spam(args.corpus, args.limit)
    article_pages = [p for folder in args.articles for p in load_articles(folder, args.limit)]
    pages = spam_pages + article_pages
    if args.import_jsonl is not None:
        import_cli_jsonl(args.import_jsonl, pages, args.cache_dir)
    judged = oracle_results(pages, oracle, args.cache_dir, browser=not args.no_browser)
    cleaner = pc.Cleaner()
    results = {p.id: cleaner.clean(p.raw, url=p.url) for p in pages}
    out = Results()

    twins: dict[str, list[Page]] = defaultdict(list)
    for page in spam_pages:
        if not page.injected:
            twins[page.label["host_id"]].append(page)
    twin_nodes: dict[str, set[str]] = {}
    for host, clean_pages in twins.items():
        texts: set[str] = set()
        for twin in clean_pages:
            if twin.id in judged:
                texts.update(oracle.lnorm(r["text"]) for r in judged[twin.id].records)
        twin_nodes[host] = texts

    for page in pages:
        result = results[page.id]
        reveal = scroll_reveal(page, result, pc)
        if reveal is not None:
            out.reveal.append((f"{page.corpus}/{page.id}", *reveal))
            if not page.injected:
                out.reveal_clean.add(f"{page.corpus}/{page.id}")
        oracle_result = judged.get(page.id)
        if oracle_result is None:
            continue
        out.pages_judged += 1
        index = RecordIndex(oracle, oracle_result)
        if page.injected:
            hidden_spam(page, result, index, out, oracle)
            host = page.label["host_id"]
            if twin_nodes.get(host):
                injected_nodes(page, result, twin_nodes[host], index, out, oracle)
        shown_dropped(page, result, oracle_result, out, pc)

    # (c) twins: needs no browser.
    for page in spam_pages:
        clean_twins = twins.get(page.label["host_id"], [])
        if not page.injected or not clean_twins:
            continue
        out.twin_pairs += 1
        body = page.label["article_body"]
        recall = metrics.retention_page(body, results[page.id].text).recall or 0.0
        best = max(
            clean_twins,
            key=lambda t: metrics.retention_page(body, results[t.id].text).recall or 0.0,
        )
        twin_recall = metrics.retention_page(body, results[best.id].text).recall or 0.0
        if recall < TWIN_RETENTION_FLOOR * twin_recall:
            out.twins.append(
                (page.id, recall, twin_recall, len(results[page.id].text),
                 len(results[best.id].text), selected_path(results[page.id]),
                 selected_path(results[best.id]))
            )  # fmt: skip
    return out


def _visibility_from_index(index: RecordIndex, needle: str) -> str:
    seen = set()
    start = index.text.find(needle)
    while start >= 0:
        ks = set(index.owner[start : start + len(needle)])
        flags = {index.records[k]["visible"] for k in ks}
        seen.add("visible" if flags == {True} else "hidden" if flags == {False} else "mixed")
        if "visible" in seen:
            return "visible"
        start = index.text.find(needle, start + 1)
    if not seen:
        return "absent"
    return "hidden" if seen == {"hidden"} else "mixed"


def print_report(out: Results, show: int) -> None:
    print(f"\n== hidden content against the browser: {out.pages_judged} pages judged ==")
    print("\n(a) injected strings the browser hides, kept in pagecleaner's text:")
    rows = [tally_row("all", out.hidden)]
    rows += [tally_row(f"kind: {k}", t) for k, t in sorted(out.hidden_by_kind.items())]
    rows += [tally_row(f"browser: {r}", t) for r, t in sorted(out.hidden_by_reason.items())]
    print(format_table(TALLY_HEADERS, rows))
    for item in out.hidden_kept[:show]:
        print("  kept: " + " | ".join(item))
    print("\n(a') hidden text nodes of injected pages that the clean twin lacks, kept:")
    rows = [tally_row("all", out.nodes)]
    rows += [tally_row(f"kind: {k}", t) for k, t in sorted(out.nodes_by_kind.items())]
    print(format_table(["", "nodes", "chars", "kept nodes", "kept chars", "kept share"], rows))
    for item in out.nodes_kept[:show]:
        print("  kept: " + " | ".join(item))
    print("\n(b) true-article paragraphs the browser shows, dropped by an HID rule:")
    rows = [tally_row(corpus, t) for corpus, t in sorted(out.shown.items())]
    print(format_table(["corpus", "paragraphs", "chars", "HID-dropped", "chars", "share"], rows))
    for item in out.shown_dropped[:show]:
        print("  dropped: " + " | ".join(item))
    print(
        f"\n(c) injected pages whose article recall is < {TWIN_RETENTION_FLOOR:.0%} of the clean"
        f" twin's: {len(out.twins)} of {out.twin_pairs}"
    )
    for page_id, recall, twin, chars, twin_chars, path, twin_path in out.twins[:show]:
        print(f"  {page_id}: recall {recall:.3f} vs {twin:.3f}, {chars} vs {twin_chars} chars")
        print(f"      injected: {path}\n      twin:     {twin_path}")
    print("\n(d) blocks hidden by their own opacity:0 (scroll-reveal), text kept:")
    rows = [
        [page, str(b), str(t), str(k), fmt(k / t if t else None)] for page, b, t, k in out.reveal
    ]
    print(
        format_table(
            ["page", "blocks", "chars", "kept chars", "kept share"], rows[:show] or [["-"] * 5]
        )
    )
    for name, rows_of in (("clean", True), ("injected", False)):
        group = [r for r in out.reveal if (r[0] in out.reveal_clean) == rows_of]
        if group:
            kept = sum(1 for _, _, t, k in group if k >= 0.9 * t)
            chars = sum(t for _, _, t, _ in group)
            kept_chars = sum(k for _, _, _, k in group)
            print(
                f"  {name} pages keeping >= 90% of it: {kept} of {len(group)}"
                f" (characters kept {fmt(kept_chars / chars if chars else None)})"
            )
    share = out.hidden.share
    prose = out.hidden_by_kind.get("prose", Tally()).kept_chars
    print("\ntargets:")
    print(
        f"  hidden spam kept (chars): {fmt(share)} (target < {HIDDEN_SPAM_TARGET:.0%}):"
        f" {'met' if share is not None and share < HIDDEN_SPAM_TARGET else 'NOT met'}"
    )
    print(f"  of the kept hidden spam, prose: {prose} of {out.hidden.kept_chars} chars")
    print(f"  label-free view, hidden injected text kept (chars): {fmt(out.nodes.share)}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="spam corpus folder (labels.jsonl, pages/)")
    parser.add_argument(
        "--articles", type=Path, nargs="*", default=[], help="article corpus folders (truth.jsonl)"
    )
    parser.add_argument("--oracle", type=Path, default=None, help="browser_oracle.py")
    parser.add_argument("--cache-dir", type=Path, default=Path("bench-out/oracle"))
    parser.add_argument("--import-jsonl", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each")
    parser.add_argument("--show", type=int, default=20, help="list up to N cases of each kind")
    parser.add_argument("--no-browser", action="store_true", help="use cached verdicts only")
    args = parser.parse_args(argv)
    if args.oracle is None:
        candidates = (
            args.corpus.resolve().parent.parent / "tools" / "browser_oracle.py",
            REPO_SRC.parent.parent / "shared" / "tools" / "browser_oracle.py",
        )
        args.oracle = next((c for c in candidates if c.exists()), candidates[0])
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    print_report(run(args), args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
