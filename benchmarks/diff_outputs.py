"""Output diff between two versions of pagecleaner, over every page of the corpora.

    python benchmarks/diff_outputs.py dump SOURCE OUT.jsonl.gz CORPUS_DIR [CORPUS_DIR ...]
    python benchmarks/diff_outputs.py diff OLD.jsonl.gz NEW.jsonl.gz [--show N]

``dump`` cleans every page of every corpus with the pagecleaner of ``SOURCE`` and writes one
JSON line per page (corpus, file, url and ``CleanResult.to_dict()``, or the exception) to a
gzip file. ``SOURCE`` is a checkout (a folder holding ``src/pagecleaner``) or a git revision
of the repository this script lives in (``f11ba98``, ``HEAD``), exported with ``git archive``
to a temporary folder. The pages are cleaned in a child process whose ``PYTHONPATH`` starts
with that ``src``; the first line of the dump names the module file actually imported.

A CORPUS_DIR holds ``pages/*.html.gz`` and ``truth.jsonl`` (article corpora) or
``labels.jsonl`` (the spam corpus), whose ``url`` is passed to ``clean``; a folder of
corpora (``.../articles``) stands for each of its corpora.

``diff`` compares two dumps page by page and prints, for each part of the output, the number
of pages where it differs: ``text``, ``markdown``, ``html``, ``metadata``, ``verdict`` (the
whole spam report), ``finding codes`` (the codes of findings and guarded findings, in
order), ``finding details`` (paths, snippets, messages, evidence), ``report other``
(outcome, passes, candidates, encoding), ``other`` (url, links, comments) and ``error``.
``--show N`` prints the first N differing pages of each part with the first difference.
Exit status 1 when any page differs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve()
REPO = SCRIPT.parent.parent

PARTS = (
    "text",
    "markdown",
    "html",
    "metadata",
    "verdict",
    "finding codes",
    "finding details",
    "report other",
    "other",
    "error",
)


# --------------------------------------------------------------------------------------------
# pages
# --------------------------------------------------------------------------------------------


def corpus_dirs(paths: list[Path]) -> list[Path]:
    """Corpus folders: each path itself, or its subfolders when it is a folder of corpora."""
    found = []
    for path in paths:
        if (path / "pages").is_dir():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if (p / "pages").is_dir()))
    return found


def corpus_pages(folder: Path) -> Iterator[tuple[str, str | None]]:
    """(file relative to the folder, url) for every page, in index order."""
    for index in ("truth.jsonl", "labels.jsonl"):
        listing = folder / index
        if listing.is_file():
            with listing.open(encoding="utf-8") as lines:
                for line in lines:
                    if line.strip():
                        record = json.loads(line)
                        name = record.get("file") or f"pages/{record['id']}.html.gz"
                        yield name, record.get("url")
            return
    for path in sorted((folder / "pages").glob("*.html.gz")):
        yield f"pages/{path.name}", None


# --------------------------------------------------------------------------------------------
# dump
# --------------------------------------------------------------------------------------------


def child_dump(out: Path, corpora: list[Path]) -> int:
    """Runs in the child: clean every page with the pagecleaner on sys.path."""
    import pagecleaner

    cleaner = pagecleaner.Cleaner()
    count = 0
    started = time.perf_counter()
    with gzip.open(out, "wt", encoding="utf-8") as sink:
        header = {"pagecleaner": pagecleaner.__file__, "version": pagecleaner.__version__}
        sink.write(json.dumps(header) + "\n")
        for folder in corpus_dirs(corpora):
            for name, url in corpus_pages(folder):
                with gzip.open(folder / name, "rb") as handle:
                    raw = handle.read()
                record: dict[str, Any] = {"corpus": folder.name, "file": name, "url": url}
                try:
                    record["result"] = cleaner.clean(raw, url=url).to_dict()
                except Exception as exc:
                    record["error"] = f"{type(exc).__name__}: {exc}"
                sink.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    print(
        f"{count} pages in {time.perf_counter() - started:.0f} s with {pagecleaner.__file__}",
        flush=True,
    )
    return 0


def source_tree(source: str, scratch: Path) -> Path:
    """The ``src`` folder of a checkout, or of a git revision exported into ``scratch``."""
    folder = Path(source)
    if (folder / "src" / "pagecleaner").is_dir():
        return (folder / "src").resolve()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", source, "src"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise SystemExit(f"{source}: neither a checkout nor a git revision of {REPO}")
    subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive.stdout, check=True)
    return scratch / "src"


def dump(source: str, out: Path, corpora: list[Path]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        src = source_tree(source, Path(tmp))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
        command = [sys.executable, str(SCRIPT), "_child", str(out), *map(str, corpora)]
        return subprocess.run(command, env=env, check=False).returncode


# --------------------------------------------------------------------------------------------
# diff
# --------------------------------------------------------------------------------------------


def read_dump(path: Path) -> tuple[dict[str, Any], dict[tuple[str, str], dict[str, Any]]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        header = json.loads(next(lines))
        pages = {}
        for line in lines:
            record = json.loads(line)
            pages[(record["corpus"], record["file"])] = record
    return header, pages


def parts_of(record: dict[str, Any]) -> dict[str, object]:
    """The output of one page, split into the parts the summary counts."""
    result = record.get("result")
    if result is None:
        return {"error": record.get("error")}
    report = result["report"]

    def codes(findings: list[dict[str, Any]]) -> list[str]:
        return [f["code"] for f in findings]

    return {
        "text": result["text"],
        "markdown": result["markdown"],
        "html": result["html"],
        "metadata": result["metadata"],
        "verdict": result["spam"],
        "finding codes": [codes(report["findings"]), codes(report["guarded"])],
        "finding details": [report["findings"], report["guarded"]],
        "report other": {
            k: v for k, v in report.items() if k not in ("findings", "guarded", "counts")
        },
        "other": {"url": result["url"], "links": result["links"], "comments": result["comments"]},
        "error": None,
    }


def first_difference(old: object, new: object, where: str = "") -> str:
    """A short description of the first place where two JSON values differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            if old.get(key) != new.get(key):
                return first_difference(old.get(key), new.get(key), f"{where}.{key}")
    if isinstance(old, list) and isinstance(new, list):
        for k, (a, b) in enumerate(zip(old, new, strict=False)):
            if a != b:
                return first_difference(a, b, f"{where}[{k}]")
        if len(old) != len(new):
            return f"{where}: {len(old)} items -> {len(new)} items"
    if isinstance(old, str) and isinstance(new, str):
        pairs = enumerate(zip(old, new, strict=False))
        k = next((k for k, (a, b) in pairs if a != b), min(len(old), len(new)))
        start = max(0, k - 30)
        return f"{where} at char {k}: {old[start : k + 50]!r} -> {new[start : k + 50]!r}"
    return f"{where}: {str(old)[:100]!r} -> {str(new)[:100]!r}"


def diff(old_path: Path, new_path: Path, show: int) -> int:
    old_header, old = read_dump(old_path)
    new_header, new = read_dump(new_path)
    print(f"old: {old_path} ({len(old)} pages, {old_header['pagecleaner']})")
    print(f"new: {new_path} ({len(new)} pages, {new_header['pagecleaner']})")
    missing = sorted(set(old) ^ set(new))
    if missing:
        print(f"{len(missing)} pages in only one dump, e.g. {missing[:3]}")
    counts = dict.fromkeys(PARTS, 0)
    examples: dict[str, list[str]] = {part: [] for part in PARTS}
    per_corpus: dict[str, int] = {}
    differing = 0
    for key in sorted(set(old) & set(new)):
        a, b = parts_of(old[key]), parts_of(new[key])
        changed = False
        for part in PARTS:
            if a.get(part) != b.get(part):
                changed = True
                counts[part] += 1
                if len(examples[part]) < show:
                    where = first_difference(a.get(part), b.get(part))
                    examples[part].append(f"  {key[0]}/{key[1]}: {where}")
        if changed:
            differing += 1
            per_corpus[key[0]] = per_corpus.get(key[0], 0) + 1
    total = len(set(old) & set(new))
    print(f"\n{differing} of {total} pages differ")
    for part in PARTS:
        print(f"  {part:16} {counts[part]:5} pages")
        for line in examples[part]:
            print(line)
    if per_corpus:
        print("by corpus: " + ", ".join(f"{c} {n}" for c, n in sorted(per_corpus.items())))
    return 1 if differing or missing else 0


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if args[:1] == ["_child"]:
        return child_dump(Path(args[1]), [Path(p) for p in args[2:]])
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="clean every page with one version, write the outputs")
    d.add_argument("source", help="a checkout folder or a git revision")
    d.add_argument("out", type=Path)
    d.add_argument("corpora", nargs="+", type=Path)
    c = sub.add_parser("diff", help="compare two dumps")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--show", type=int, default=3, help="examples per part (default 3)")
    parsed = ap.parse_args(args)
    if parsed.command == "dump":
        return dump(parsed.source, parsed.out, parsed.corpora)
    return diff(parsed.old, parsed.new, parsed.show)


if __name__ == "__main__":
    sys.exit(main())
