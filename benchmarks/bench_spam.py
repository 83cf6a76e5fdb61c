"""Spam-injection benchmark: spam leaks, article retention and verdicts, side by side.

    python benchmarks/bench_spam.py CORPUS [--peers LIST] [--limit N] \\
        [--focus precision recall] [--out-dir DIR] [--show-leaks N]
    python benchmarks/bench_spam.py CORPUS --no-lexicon        # built-in lexicons off
    python benchmarks/bench_spam.py CORPUS --holdout-theme all # each theme's words unknown

Metrics are those of the corpus README (see metrics.py). Leak rates are over injected pages
that carry at least one injected string; retention is over injected pages, clean pages and
clean pages whose true article is partly hidden on purpose (``legit_hidden_article``).

Generalisation modes (the pages that judge pagecleaner use words this corpus does not):

* ``--no-lexicon`` runs pagecleaner with ``Options(builtin_lexicons=False)``: spam must be
  found on structure, link targets, hiding and coherence alone.
* ``--holdout-theme THEME`` (repeatable, or ``all``) removes from the built-in lexicons every
  term that occurs in an injected string of a page carrying THEME, so that no word of the
  theme is known, and scores the pages carrying it (plus every clean page, for false
  positives).

Each mode prints its targets and whether they are met.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import metrics
from bench_articles import notes
from peers import (
    PeerRun,
    add_peer_arguments,
    pagecleaner_peer,
    parse_peer_arguments,
    run_peer,
    start_peers,
)
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
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--no-lexicon",
        action="store_true",
        help="pagecleaner with the built-in lexicons switched off (and the targets of that mode)",
    )
    mode.add_argument(
        "--holdout-theme",
        action="append",
        default=[],
        metavar="THEME",
        help="score the pages of THEME with its words removed from the lexicons (repeatable;"
        " 'all' for every theme in the labels)",
    )
    parser.add_argument(
        "--disable",
        default="",
        metavar="CODES",
        help="comma-separated rule codes to switch off in the pagecleaner rows of every mode"
        " (to measure what a rule contributes)",
    )
    parser.add_argument(
        "--show-leaks",
        type=int,
        default=0,
        metavar="N",
        help="print the first N leaked strings (with page ids) of each pagecleaner row",
    )
    return parse_peer_arguments(parser, argv)


# Targets of issue 12, per mode (printed with the figures they judge).
DEFAULT_MAX_LEAK = 0.002
DEFAULT_MIN_VERDICT = 0.99
CLEAN_RETENTION_BASELINE = 0.966
CLEAN_RETENTION_SLACK = 0.005
NO_LEXICON_MAX_LEAK = 0.015
NO_LEXICON_MAX_INLINE = 0.10
NO_LEXICON_MIN_RECALL = 0.90
HOLDOUT_MAX_MEAN_LEAK = 0.01
HOLDOUT_MAX_THEME_LEAK = 0.03


def _met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def print_targets(mode: str, scores: SpamScores) -> None:
    """The issue's targets for ``mode`` ("default" or "no-lexicon"), judged on ``scores``."""
    leak = scores.leaks.micro or 0.0
    verdicts = scores.verdicts
    fp = verdicts.fp if verdicts else 0
    clean_f1 = metrics.macro_prf(scores.clean).f1 or 0.0
    print(f"\nTARGETS ({mode}):")
    if mode == "no-lexicon":
        inline_total = scores.family_total["inline_anchor"]
        inline = scores.family_leaked["inline_anchor"] / inline_total if inline_total else 0.0
        recall = verdicts.recall if verdicts and verdicts.recall is not None else 0.0
        print(
            f"  leak micro {leak:.4f} <= {NO_LEXICON_MAX_LEAK}: {_met(leak <= NO_LEXICON_MAX_LEAK)}"
        )
        print(
            f"  inline anchors leak {inline:.4f} <= {NO_LEXICON_MAX_INLINE}:"
            f" {_met(inline <= NO_LEXICON_MAX_INLINE)}"
        )
        print(
            f"  verdict recall {recall:.4f} >= {NO_LEXICON_MIN_RECALL}:"
            f" {_met(recall >= NO_LEXICON_MIN_RECALL)}"
        )
        print(f"  false positives on clean pages {fp} == 0: {_met(fp == 0)}")
        return
    precision = verdicts.precision if verdicts and verdicts.precision is not None else 0.0
    recall = verdicts.recall if verdicts and verdicts.recall is not None else 0.0
    floor = CLEAN_RETENTION_BASELINE - CLEAN_RETENTION_SLACK
    print(f"  leak micro {leak:.4f} <= {DEFAULT_MAX_LEAK}: {_met(leak <= DEFAULT_MAX_LEAK)}")
    print(
        f"  verdict precision {precision:.4f} and recall {recall:.4f} >= {DEFAULT_MIN_VERDICT}:"
        f" {_met(min(precision, recall) >= DEFAULT_MIN_VERDICT)}"
    )
    print(f"  false positives on clean pages {fp} == 0: {_met(fp == 0)}")
    print(f"  retention F1 on clean pages {clean_f1:.4f} >= {floor:.3f}: {_met(clean_f1 >= floor)}")


def _norm_term(text: str) -> str:
    return "".join(text.casefold().split())


def holdout_lexicon_files(
    theme: str, labels: Sequence[dict[str, Any]], folder: Path
) -> tuple[list[str], int]:
    """Lexicon files holding the built-in terms minus every term found in ``theme``'s injected
    strings (normalised as the lexicon matches: case-folded, spaces removed)."""
    import pagecleaner.lexicon as lexicon_module

    strings = [
        _norm_term(string)
        for label in labels
        if theme in label.get("themes", ())
        for string in label["injected_strings"]
    ]
    by_family: dict[str, list[str]] = {}
    removed = 0
    for term, family, weight in lexicon_module.load_lexicon().entries():
        if any(term in string for string in strings):
            removed += 1
            continue
        by_family.setdefault(family, []).append(f"{term}\t{weight}")
    paths = []
    for family, lines in by_family.items():
        path = folder / f"{family}.holdout-{theme}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths, removed


def run_holdout(
    args: argparse.Namespace, labels: list[dict[str, Any]], raw_pages: list[bytes]
) -> int:
    themes = sorted({t for label in labels for t in label.get("themes", ())})
    wanted = themes if "all" in args.holdout_theme else args.holdout_theme
    unknown = sorted(set(wanted) - set(themes))
    if unknown:
        print(f"unknown theme(s) {unknown}; the labels have {themes}", file=sys.stderr)
        return 2
    rows = []
    leaks: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for theme in wanted:
            folder = Path(tmp) / theme
            folder.mkdir()
            files, removed = holdout_lexicon_files(theme, labels, folder)
            chosen = [
                k
                for k, label in enumerate(labels)
                if theme in label.get("themes", ()) or not label["is_injected"]
            ]
            sub_labels = [labels[k] for k in chosen]
            pages = [(raw_pages[k], labels[k].get("url")) for k in chosen]
            peer = pagecleaner_peer(
                f"pagecleaner[holdout {theme}]",
                None,
                builtin_lexicons=False,
                lexicon_files=tuple(files),
                disable=_disabled(args),
            )
            run = run_peer(peer, pages)
            scores = score(sub_labels, run)
            leak = scores.leaks.micro or 0.0
            leaks.append(leak)
            verdicts = scores.verdicts
            rows.append(
                [theme, str(removed), str(scores.leaks.pages), fmt(leak),
                 fmt(scores.leaks.page_share),
                 fmt(verdicts.recall if verdicts else None), str(verdicts.fp if verdicts else "-"),
                 fmt(metrics.macro_prf(scores.injected).f1),
                 fmt(metrics.macro_prf(scores.clean).f1), str(run.failures)]
            )  # fmt: skip
            if args.show_leaks > 0:
                for leak_row in scores.leak_list[: args.show_leaks]:
                    print(f"  {theme:<13} {leak_row.page_id:<18} {leak_row.family:<22}"
                          f" {leak_row.string[:90]!r}")  # fmt: skip
    headers = ["held-out theme", "terms removed", "pages", "leak micro", "pages w/ leak",
               "verdict R", "clean FP", "F1 injected", "F1 clean", "failures"]  # fmt: skip
    print("\n== held-out themes: each theme's words removed from the lexicons ==")
    print(format_table(headers, rows))
    mean = sum(leaks) / len(leaks) if leaks else 0.0
    worst = max(leaks, default=0.0)
    print("\nTARGETS (holdout):")
    print(f"  mean leak over themes {mean:.4f} <= {HOLDOUT_MAX_MEAN_LEAK}:"
          f" {_met(mean <= HOLDOUT_MAX_MEAN_LEAK)}")  # fmt: skip
    print(f"  worst theme leak {worst:.4f} <= {HOLDOUT_MAX_THEME_LEAK}:"
          f" {_met(worst <= HOLDOUT_MAX_THEME_LEAK)}")  # fmt: skip
    return 0


def _disabled(args: argparse.Namespace) -> tuple[str, ...]:
    return tuple(code.strip() for code in args.disable.split(",") if code.strip())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    labels, raw_pages = load_corpus(args.corpus, args.limit)
    if args.holdout_theme:
        return run_holdout(args, labels, raw_pages)
    if args.no_lexicon:
        peers: list[Any] | None = [
            pagecleaner_peer(
                "pagecleaner[no-lexicon]", None, builtin_lexicons=False, disable=_disabled(args)
            )
        ]
    elif args.disable:
        peers = [pagecleaner_peer("pagecleaner", None, disable=_disabled(args))]
    else:
        peers = start_peers(args)
    if peers is None:
        return 2
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

    for run, scores in zip(runs, all_scores, strict=True):
        if scores is not None and run.peer.name in ("pagecleaner", "pagecleaner[no-lexicon]"):
            print_targets("no-lexicon" if args.no_lexicon else "default", scores)

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
