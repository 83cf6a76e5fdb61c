"""Article-extraction benchmark: pagecleaner side by side with its peers.

    python benchmarks/bench_articles.py /work/shared/corpus/articles/scrapinghub-dev \\
        /work/shared/corpus/articles/trafilatura-dev [--peers LIST] [--limit N] \\
        [--focus precision recall] [--out-dir DIR]

The kind of each corpus (``scrapinghub`` or ``trafilatura``) is read from its DATASET.json;
the metrics are those of the corpus README (see metrics.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import metrics
from peers import PeerRun, add_peer_arguments, parse_peer_arguments, run_peer, start_peers
from report import fmt, format_table


@dataclass
class Dataset:
    name: str
    kind: str
    metric: str
    records: list[dict[str, Any]]
    pages: list[tuple[bytes, str | None]]


def load_dataset(folder: Path, limit: int | None) -> Dataset:
    """Read DATASET.json, truth.jsonl and the gzipped raw pages (first ``limit`` records)."""
    info = json.loads((folder / "DATASET.json").read_text(encoding="utf-8"))
    with (folder / "truth.jsonl").open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    records = records[:limit] if limit is not None else records
    pages = []
    for record in records:
        with gzip.open(folder / record["file"], "rb") as page:
            pages.append((page.read(), record.get("url")))
    return Dataset(info["name"], info["kind"], info.get("metric", ""), records, pages)


def unavailable_row(run: PeerRun, width: int) -> list[str]:
    return [run.peer.name, "unavailable", *["-"] * (width - 2)]


def speed_cells(run: PeerRun) -> list[str]:
    return [fmt(run.pages_per_second, 1), str(run.failures)]


def empty_outputs(run: PeerRun) -> int:
    return sum(not output.text.strip() for output in run.outputs)


def scrapinghub_table(dataset: Dataset, runs: Sequence[PeerRun]) -> tuple[str, dict[str, float]]:
    """The table, and each extractor's F1 for the targets."""
    f1s: dict[str, float] = {}
    headers = ["extractor", "P", "R", "F1", "accuracy", "mean page F1", "empty", "pages/s",
               "failures"]  # fmt: skip
    rows = []
    for run in runs:
        if not run.peer.available:
            rows.append(unavailable_row(run, len(headers)))
            continue
        pages, exact = [], 0
        for record, output in zip(dataset.records, run.outputs, strict=True):
            page, same = metrics.shingle_page(record["article_body"], output.text)
            pages.append(page)
            exact += same
        prf = metrics.macro_prf(pages)
        f1s[run.peer.name] = prf.f1
        rows.append(
            [run.peer.name, fmt(prf.precision), fmt(prf.recall), fmt(prf.f1),
             fmt(exact / len(pages) if pages else None), fmt(prf.page_f1),
             str(empty_outputs(run)), *speed_cells(run)]
        )  # fmt: skip
    return format_table(headers, rows), f1s


def trafilatura_tables(dataset: Dataset, runs: Sequence[PeerRun]) -> tuple[str, dict[str, float]]:
    """The tables, and each extractor's F1 for the targets."""
    f1s: dict[str, float] = {}
    headers = ["extractor", "P", "R", "F1", "accuracy", "TP", "FP", "FN", "TN", "empty",
               "pages/s", "failures"]  # fmt: skip
    gold_counts = {
        key: sum(key in record for record in dataset.records) for key in ("title", "author", "date")
    }
    meta_headers = ["extractor", *(f"{key} (n={n})" for key, n in gold_counts.items())]
    rows, meta_rows = [], []
    for run in runs:
        if not run.peer.available:
            rows.append(unavailable_row(run, len(headers)))
            meta_rows.append(unavailable_row(run, len(meta_headers)))
            continue
        total = metrics.SegmentCounts()
        hits = dict.fromkeys(gold_counts, 0)
        for record, output in zip(dataset.records, run.outputs, strict=True):
            total += metrics.segment_counts(output.text, record["with"], record["without"])
            if "title" in record:
                hits["title"] += metrics.title_match(output.title, record["title"])
            if "author" in record:
                hits["author"] += metrics.author_match(output.authors, record["author"])
            if "date" in record:
                hits["date"] += metrics.date_match(output.date, record["date"])
        f1s[run.peer.name] = total.f1
        rows.append(
            [run.peer.name, fmt(total.precision), fmt(total.recall), fmt(total.f1),
             fmt(total.accuracy), str(total.tp), str(total.fp), str(total.fn), str(total.tn),
             str(empty_outputs(run)), *speed_cells(run)]
        )  # fmt: skip
        meta_rows.append(
            [
                run.peer.name,
                *(
                    fmt(hits[key] / n if n and run.peer.metadata else None)
                    for key, n in gold_counts.items()
                ),
            ]
        )
    tables = "\n\n".join(
        [
            format_table(headers, rows),
            "metadata exact match (share of pages with a gold value):",
            format_table(meta_headers, meta_rows),
        ]
    )
    return tables, f1s


# Issue 4's targets: an absolute floor on scrapinghub, a margin over trafilatura on its own
# benchmark, and no peer ahead on any corpus (pagecleaner's focus modes are not peers).
SCRAPINGHUB_MIN_F1 = 0.975
TRAFILATURA_MARGIN = 0.02


def targets(kind: str, f1s: dict[str, float]) -> list[str]:
    ours = f1s.get("pagecleaner")
    if ours is None:
        return []
    lines = []

    def check(label: str, goal: float) -> None:
        verdict = "met" if ours >= goal else "NOT met"
        lines.append(f"  pagecleaner F1 {ours:.4f} >= {label} {goal:.4f}: {verdict}")

    if kind == "scrapinghub":
        check("the floor", SCRAPINGHUB_MIN_F1)
    if kind == "trafilatura" and "trafilatura" in f1s:
        check(f"trafilatura's {f1s['trafilatura']:.4f} + {TRAFILATURA_MARGIN}",
              f1s["trafilatura"] + TRAFILATURA_MARGIN)  # fmt: skip
    peers = {name: f1 for name, f1 in f1s.items() if not name.startswith("pagecleaner")}
    if peers:
        best = max(peers, key=peers.__getitem__)
        check(f"the best peer ({best})", peers[best])
    return lines


def write_predictions(out_dir: Path, dataset: Dataset, run: PeerRun) -> None:
    folder = out_dir / dataset.name
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{run.peer.name}.jsonl").open("w", encoding="utf-8") as out:
        for record, output in zip(dataset.records, run.outputs, strict=True):
            line = {"id": record["id"], **output._asdict()}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def notes(runs: Sequence[PeerRun]) -> list[str]:
    lines = []
    for run in runs:
        if not run.peer.available:
            lines.append(f"  {run.peer.name}: unavailable ({run.peer.error})")
        elif run.failures:
            lines.append(
                f"  {run.peer.name}: {run.failures} page(s) raised, scored as empty output;"
                f" first: {run.first_error}"
            )
    return lines


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path, help="corpus folders (DATASET.json)")
    add_peer_arguments(parser, limit_help="only the first N pages of each corpus")
    return parse_peer_arguments(parser, argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    peers = start_peers(args)
    if peers is None:
        return 2
    for folder in args.corpora:
        dataset = load_dataset(folder, args.limit)
        runs = [run_peer(peer, dataset.pages) for peer in peers]
        if args.out_dir is not None:
            for run in runs:
                if run.peer.available:
                    write_predictions(args.out_dir, dataset, run)
        print(
            f"\n== {dataset.name} ({dataset.kind}, {len(dataset.records)} pages,"
            f" metric {dataset.metric}) =="
        )
        if dataset.kind == "scrapinghub":
            table, f1s = scrapinghub_table(dataset, runs)
        elif dataset.kind == "trafilatura":
            table, f1s = trafilatura_tables(dataset, runs)
        else:
            print(f"unknown dataset kind {dataset.kind!r}, skipped")
            continue
        print(table)
        goals = targets(dataset.kind, f1s)
        if goals:
            print("\n".join(["targets (issue 4):", *goals]))
        extra = notes(runs)
        if extra:
            print("\n".join(["notes:", *extra]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
