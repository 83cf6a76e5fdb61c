"""False positives of the built-in spam lexicons on honest text.

    python benchmarks/lexicon_fp.py /work/shared/corpus/articles/* /work/shared/corpus/spam \\
        [--no-extract] [--limit N] [--top N] [--show-strong N]

The texts searched are honest by construction:

- gold article texts: ``article_body`` (scrapinghub, wceb, and the spam corpus's clean
  pages), or the ``with`` segments that must be in the output (trafilatura);
- the text pagecleaner extracts from every page that carries no injected spam (all article
  corpora, the clean pages of the spam corpus), title included. Skip it with --no-extract.

Reported: per corpus, the pages whose text holds any lexicon term, a weight-2 term, and a
single paragraph (a line of the text) whose terms weigh 2 or more together, the level at
which the rules start to call a block spam (``LexiconHits.strong``); per lexicon file and
per term, the clean pages hit and the weight they carry; and the weight-2 hits in gold text
with their context, to read whether the article is genuinely about spam.

A lexicon term is evidence that combines with structure: a paragraph reaching weight 2 is
not dropped for that alone. The figures say how often the vocabulary alone would vouch for
spam on honest text; the target is no weight-2 term in gold article text except in articles
about the spam themselves.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from report import fmt, format_table

from pagecleaner import clean
from pagecleaner.lexicon import default_lexicon, parse_lexicon_text


@dataclass
class Text:
    corpus: str
    page: str
    source: str  # "gold" or "extracted"
    text: str


@dataclass
class Tally:
    pages: int = 0
    any_hit: set[str] = field(default_factory=set)
    strong_term: set[str] = field(default_factory=set)
    strong_paragraph: set[str] = field(default_factory=set)


def term_owners() -> dict[str, tuple[str, int]]:
    """Each built-in term's key -> (file name, weight), as the loader sees it."""
    owners: dict[str, tuple[str, int]] = {}
    folder = resources.files("pagecleaner") / "lexicons"
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".txt"):
            continue
        entries = parse_lexicon_text(
            item.read_text(encoding="utf-8"), family=item.name.split(".", 1)[0], source=item.name
        )
        for term, _family, weight in entries:
            owners.setdefault(_key(term), (item.name, weight))
    return owners


def _key(term: str) -> str:
    return "".join(term.casefold().split())


def read_corpus(folder: Path, limit: int | None, extract: bool) -> Iterator[Text]:
    name = folder.name
    if (folder / "labels.jsonl").exists():
        records = [
            json.loads(line)
            for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        records = [r for r in records if not r.get("is_injected")][:limit]
        for record in records:
            yield Text(name, record["id"], "gold", record.get("article_body") or "")
            if extract:
                page = folder / "pages" / f"{record['id']}.html.gz"
                yield Text(name, record["id"], "extracted", _extract(page))
        return
    lines = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    for line in [line for line in lines if line.strip()][:limit]:
        record = json.loads(line)
        gold = record.get("article_body")
        if gold is None:
            gold = "\n".join(record.get("with") or [])
        yield Text(name, record["id"], "gold", gold)
        if extract:
            yield Text(name, record["id"], "extracted", _extract(folder / record["file"]))


def _extract(path: Path) -> str:
    with gzip.open(path, "rb") as handle:
        result = clean(handle.read())
    return f"{result.metadata.title or ''}\n{result.text}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpora", nargs="+", type=Path, help="corpus folders")
    parser.add_argument("--no-extract", action="store_true", help="gold texts only")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each corpus")
    parser.add_argument("--top", type=int, default=40, help="terms listed (default 40)")
    parser.add_argument(
        "--show-strong", type=int, default=30, help="weight-2 gold hits shown with context"
    )
    args = parser.parse_args(argv)

    lexicon = default_lexicon()
    owners = term_owners()
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    term_pages: dict[str, set[str]] = defaultdict(set)
    file_pages: dict[str, set[str]] = defaultdict(set)
    strong_examples: list[tuple[str, str, str]] = []
    unknown: Counter[str] = Counter()

    for folder in args.corpora:
        if not folder.is_dir():
            continue  # a shell glob over the corpus folder also names its README
        for item in read_corpus(folder, args.limit, not args.no_extract):
            tally = tallies[(item.corpus, item.source)]
            tally.pages += 1
            page_id = f"{item.corpus}/{item.page}"
            for paragraph in item.text.splitlines():
                hits = lexicon.find(paragraph)
                if not hits:
                    continue
                tally.any_hit.add(page_id)
                if hits.strong:
                    tally.strong_paragraph.add(page_id)
                for term in hits.terms:
                    owner = owners.get(_key(term))
                    if owner is None:
                        unknown[term] += 1
                        continue
                    file_name, weight = owner
                    term_pages[f"{term}\t{weight}\t{file_name}"].add(page_id)
                    file_pages[file_name].add(page_id)
                    if weight >= 2:
                        tally.strong_term.add(page_id)
                        if item.source == "gold":
                            at = paragraph.lower().find(term)
                            context = paragraph[max(0, at - 60) : at + len(term) + 60]
                            strong_examples.append((page_id, term, " ".join(context.split())))

    rows = []
    for (corpus, source), tally in sorted(tallies.items()):
        rows.append(
            [
                f"{corpus} ({source})",
                str(tally.pages),
                str(len(tally.any_hit)),
                str(len(tally.strong_term)),
                str(len(tally.strong_paragraph)),
                fmt(len(tally.strong_paragraph) / tally.pages if tally.pages else None),
            ]
        )
    print(f"lexicon: {len(lexicon)} terms in {len({o[0] for o in owners.values()})} files\n")
    print(
        format_table(
            ["texts", "pages", "any term", "weight-2 term", "paragraph >= 2", "share >= 2"],
            rows,
        )
    )
    print("\nclean pages hit per lexicon file (gold and extracted text together):")
    print(
        format_table(
            ["file", "pages"],
            [[name, str(len(pages))] for name, pages in sorted(file_pages.items(), key=_by_size)],
        )
    )
    print(f"\nterms hitting the most clean pages (top {args.top}):")
    top = sorted(term_pages.items(), key=_by_size)[: args.top]
    print(
        format_table(
            ["term", "weight", "file", "pages", "example"],
            [[*key.split("\t"), str(len(pages)), sorted(pages)[0]] for key, pages in top],
        )
    )
    print(f"\nweight-2 terms in gold article text ({len(strong_examples)} hits):")
    for page_id, term, context in strong_examples[: args.show_strong]:
        print(f"  {page_id}  [{term}]  …{context}…")
    if unknown:
        print(f"\nterms not traced to a built-in file: {dict(unknown.most_common(10))}")
    return 0


def _by_size(item: tuple[str, set[str]]) -> tuple[int, str]:
    return (-len(item[1]), item[0])


if __name__ == "__main__":
    sys.exit(main())
