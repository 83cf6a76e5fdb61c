"""Spam-injection benchmark: spam leaks, article retention and verdicts, side by side.

    python benchmarks/bench_spam.py /work/shared/corpus/spam [--peers LIST] [--limit N] \\
        [--focus precision recall] [--out-dir DIR] [--show-leaks N]

Metrics are those of the corpus README (see metrics.py). Leak rates are over injected pages
that carry at least one injected string; retention is over injected pages, clean pages and
clean pages whose true article is partly hidden on purpose (``legit_hidden_article``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import metrics
from bench_articles import notes
from peers import PeerRun, add_peer_arguments, parse_peer_arguments, run_peer, start_peers
from report import fmt, format_table

RECALL_FLOOR = 0.8


@dataclass
class Leak:
    page_id: str
    family: str
    where: str
    string: str


@dataclass
class SpamScores:
    """Everything the tables show for one extractor."""

    leaks: metrics.LeakTally = field(default_factory=metrics.LeakTally)
    text_leaks: metrics.LeakTally = field(default_factory=metrics.LeakTally)
    family_total: Counter[str] = field(default_factory=Counter)
    family_leaked: Counter[str] = field(default_factory=Counter)
    hrefs_leaked: int = 0
    hrefs_total: int = 0
    has_links: bool = False
    injected: list[metrics.PagePR] = field(default_factory=list)
    clean: list[metrics.PagePR] = field(default_factory=list)
    clean_hidden: list[metrics.PagePR] = field(default_factory=list)
    verdicts: metrics.VerdictCounts | None = None
    leak_list: list[Leak] = field(default_factory=list)

    @property
    def href_rate(self) -> float | None:
        if not self.has_links or not self.hrefs_total:
            return None
        return self.hrefs_leaked / self.hrefs_total

    @property
    def clean_low_recall(self) -> float | None:
        recalls = [page.recall for page in self.clean if page.recall is not None]
        if not recalls:
            return None
        return sum(recall < RECALL_FLOOR for recall in recalls) / len(recalls)


def load_corpus(folder: Path, limit: int | None) -> tuple[list[dict[str, Any]], list[bytes]]:
    with (folder / "labels.jsonl").open(encoding="utf-8") as lines:
        labels = [json.loads(line) for line in lines if line.strip()]
    labels = labels[:limit] if limit is not None else labels
    pages = []
    for label in labels:
        with gzip.open(folder / "pages" / f"{label['id']}.html.gz", "rb") as page:
            pages.append(page.read())
    return labels, pages


def score(labels: Sequence[dict[str, Any]], run: PeerRun) -> SpamScores:
    scores = SpamScores()
    scores.has_links = any(output.links is not None for output in run.outputs)
    if any(output.verdict is not None for output in run.outputs):
        scores.verdicts = metrics.VerdictCounts()
    for label, output in zip(labels, run.outputs, strict=True):
        injected = bool(label["is_injected"])
        retention = metrics.retention_page(label["article_body"], output.text)
        if scores.verdicts is not None:
            predicted = metrics.verdict_positive(output.verdict)
            scores.verdicts.add(predicted=predicted, actual=injected)
        if not injected:
            scores.clean.append(retention)
            if label.get("legit_hidden_article"):
                scores.clean_hidden.append(retention)
            continue
        scores.injected.append(retention)
        strings = label["injected_strings"]
        in_text = metrics.leak_flags(strings, output.text)
        in_title = metrics.leak_flags(strings, None, output.title)
        flags = [a or b for a, b in zip(in_text, in_title, strict=True)]
        scores.leaks.add_page(flags)
        scores.text_leaks.add_page(in_text)
        families = label["injected_string_families"]
        for string, family, text_hit, title_hit in zip(
            strings, families, in_text, in_title, strict=True
        ):
            scores.family_total[family] += 1
            if text_hit or title_hit:
                scores.family_leaked[family] += 1
                where = "text+title" if text_hit and title_hit else "text" if text_hit else "title"
                scores.leak_list.append(Leak(label["id"], family, where, string))
        if scores.has_links:
            leaked, total = metrics.href_leaks(label["injected_hrefs"], output.links or [])
            scores.hrefs_leaked += leaked
            scores.hrefs_total += total
    return scores


def main_table(runs: Sequence[PeerRun], all_scores: Sequence[SpamScores | None]) -> str:
    headers = ["extractor", "leak micro", "leak macro", "pages w/ leak", "text-only micro",
               "href leak", "F1 injected", "F1 clean", "F1 clean+hidden", "clean R<0.8",
               "verdict P", "verdict R", "verdict FPR", "pages/s", "failures"]  # fmt: skip
    rows = []
    for run, scores in zip(runs, all_scores, strict=True):
        if scores is None:
            rows.append([run.peer.name, "unavailable", *["-"] * (len(headers) - 2)])
            continue
        verdicts = scores.verdicts
        rows.append(
            [run.peer.name, fmt(scores.leaks.micro), fmt(scores.leaks.macro),
             fmt(scores.leaks.page_share), fmt(scores.text_leaks.micro), fmt(scores.href_rate),
             fmt(metrics.macro_prf(scores.injected).f1), fmt(metrics.macro_prf(scores.clean).f1),
             fmt(metrics.macro_prf(scores.clean_hidden).f1), fmt(scores.clean_low_recall),
             fmt(verdicts.precision if verdicts else None),
             fmt(verdicts.recall if verdicts else None),
             fmt(verdicts.fpr if verdicts else None),
             fmt(run.pages_per_second, 1), str(run.failures)]
        )  # fmt: skip
    return format_table(headers, rows)


def retention_table(runs: Sequence[PeerRun], all_scores: Sequence[SpamScores | None]) -> str:
    groups = ("injected", "clean", "clean_hidden")
    headers = ["extractor"]
    for group in groups:
        label = group.replace("_", "+")
        headers += [f"{label} P", f"{label} R", f"{label} F1", f"{label} page-F1"]
    rows = []
    for run, scores in zip(runs, all_scores, strict=True):
        if scores is None:
            rows.append([run.peer.name, "unavailable", *["-"] * (len(headers) - 2)])
            continue
        row = [run.peer.name]
        for group in groups:
            prf = metrics.macro_prf(getattr(scores, group))
            row += [fmt(prf.precision), fmt(prf.recall), fmt(prf.f1), fmt(prf.page_f1)]
        rows.append(row)
    return format_table(headers, rows)


def family_table(runs: Sequence[PeerRun], all_scores: Sequence[SpamScores | None]) -> str:
    available = [(run, s) for run, s in zip(runs, all_scores, strict=True) if s is not None]
    totals: Counter[str] = Counter()
    for _, scores in available:
        totals |= scores.family_total
    headers = ["family (strings)", *(run.peer.name for run, _ in available)]
    rows = []
    for family, total in sorted(totals.items()):
        row = [f"{family} ({total})"]
        for _, scores in available:
            n = scores.family_total[family]
            row.append(fmt(scores.family_leaked[family] / n if n else None))
        rows.append(row)
    return format_table(headers, rows)


def write_predictions(out_dir: Path, labels: Sequence[dict[str, Any]], run: PeerRun) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / f"spam.{run.peer.name}.jsonl").open("w", encoding="utf-8") as out:
        for label, output in zip(labels, run.outputs, strict=True):
            line: dict[str, Any] = {"id": label["id"], "text": output.text}
            if output.title is not None:
                line["title"] = output.title
            if output.links is not None:
                line["links"] = output.links
            if output.verdict is not None:
                line["verdict"] = output.verdict
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="spam corpus folder (labels.jsonl, pages/)")
    add_peer_arguments(parser, limit_help="only the first N pages")
    parser.add_argument(
        "--show-leaks",
        type=int,
        default=0,
        metavar="N",
        help="print the first N leaked strings (with page ids) of each pagecleaner row",
    )
    return parse_peer_arguments(parser, argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    peers = start_peers(args)
    if peers is None:
        return 2
    labels, raw_pages = load_corpus(args.corpus, args.limit)
    pages = [(raw, label.get("url")) for raw, label in zip(raw_pages, labels, strict=True)]
    runs = [run_peer(peer, pages) for peer in peers]
    all_scores = [score(labels, run) if run.peer.available else None for run in runs]
    if args.out_dir is not None:
        for run in runs:
            if run.peer.available:
                write_predictions(args.out_dir, labels, run)

    injected = sum(bool(label["is_injected"]) for label in labels)
    with_strings = sum(bool(label["is_injected"] and label["injected_strings"]) for label in labels)
    hidden = sum(bool(not lb["is_injected"] and lb.get("legit_hidden_article")) for lb in labels)
    print(
        f"\n== spam corpus: {len(labels)} pages, {injected} injected ({with_strings} with"
        f" injected strings), {len(labels) - injected} clean ({hidden} with a hidden article"
        " part) =="
    )
    print(main_table(runs, all_scores))
    print("\narticle retention (token P/R; F1 from mean P and mean R; page-F1 = mean per page):")
    print(retention_table(runs, all_scores))
    print("\nleak rate per spam family (share of injected strings found in text or title):")
    print(family_table(runs, all_scores))
    extra = notes(runs)
    if extra:
        print("\n".join(["\nnotes:", *extra]))

    if args.show_leaks > 0:
        for run, scores in zip(runs, all_scores, strict=True):
            if scores is None or not run.peer.name.startswith("pagecleaner"):
                continue
            shown = scores.leak_list[: args.show_leaks]
            print(f"\nfirst {len(shown)} of {len(scores.leak_list)} leaks of {run.peer.name}:")
            for leak in shown:
                string = leak.string if len(leak.string) <= 100 else leak.string[:97] + "..."
                print(f"  {leak.page_id:<18} {leak.family:<22} {leak.where:<10} {string!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
