"""The command line: formats, explain, rules, exit codes, stdin, errors without tracebacks."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pagecleaner.cli import main

HACKED = (
    Path(__file__).parent / "fixtures" / "pages" / "leiphone-hacked-spider-pool" / "source.html"
)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_text_output() -> None:
    code, out, _ = run(str(HACKED))
    assert code == 0
    assert "豪言壯志" in out and "主站蜘蛛池模板" not in out


def test_json_output_is_one_schema() -> None:
    code, out, _ = run(str(HACKED), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["spam"]["verdict"] == "cleaned"


def test_markdown_and_html() -> None:
    assert run(str(HACKED), "-f", "markdown")[1].startswith("與三四年前")
    assert run(str(HACKED), "-f", "html")[1].startswith("<article>")


def test_explain_groups_by_rule() -> None:
    code, out, _ = run(str(HACKED), "--explain")
    assert code == 0
    assert "TAG008 spider-pool-tag-noise" in out
    assert "spam verdict: cleaned" in out
    assert "selection: passes strict" in out


def test_disable_rule() -> None:
    code, out, _ = run(str(HACKED), "--explain", "--disable", "TAG008")
    assert code == 0 and "TAG008" not in out


def test_list_rules_and_rule_doc() -> None:
    code, out, _ = run("--list-rules")
    assert code == 0 and "HID002  hidden-inline-style" in out
    code, out, _ = run("--rule", "HID002")
    assert code == 0 and "Why is this junk?" in out


def test_exit_codes() -> None:
    assert run("/nonexistent/page.html")[0] == 2
    assert run(str(HACKED), "--disable", "NOPE")[0] == 2
    assert run(str(HACKED), "--format", "pdf")[0] == 2


def test_no_article_exits_one(tmp_path: Path) -> None:
    page = tmp_path / "nav.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    code, _, err = run(str(page))
    assert code == 1 and "no article" in err


def test_stdin_and_module_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pagecleaner", "-"],
        input=HACKED.read_bytes(),
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0
    assert "豪言壯志".encode() in proc.stdout


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 binary", b"\x00\x01\x02" * 50])
def test_bad_input_is_one_line_not_a_traceback(data: bytes) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pagecleaner"], input=data, capture_output=True, timeout=60
    )
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.decode().count("\n") == 1


# --- batches ------------------------------------------------------------------------

BATCH = Path(__file__).parent / "fixtures" / "batch"
# What a folder search finds, in order: each folder's pages by name, then its subfolders.
BATCH_PAGES = [
    "leiphone-clean.html",
    "nav-only.html",
    "broken/blob.htm",
    "broken/empty.html",
    "broken/report.html",
    "news/xinhua-hebei-drama.htm",
    "news/2022/leiphone-hacked.html.gz",
]
BROKEN = {"broken/blob.htm", "broken/empty.html", "broken/report.html"}
NAV_ONLY = str(BATCH / "nav-only.html")
EMPTY = str(BATCH / "broken" / "empty.html")


class TerminalIO(io.StringIO):
    def isatty(self) -> bool:
        return True


def summary_of(err: str) -> str:
    lines = err.strip().splitlines()
    assert lines, "no summary line"
    return lines[-1]


@pytest.fixture(scope="module")
def folder_run() -> tuple[int, str, str]:
    return run(str(BATCH))


def test_batch_folder_streams_one_json_line_per_page(folder_run: tuple[int, str, str]) -> None:
    code, out, err = folder_run
    assert code == 1  # the broken files failed
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["source"] for line in lines] == [str(BATCH / p) for p in BATCH_PAGES]
    for name, line in zip(BATCH_PAGES, lines, strict=True):
        if name in BROKEN:
            assert line["ok"] is False and line["error_type"] == "InputError"
            assert line["error"] and "text" not in line
            assert f"{BATCH / name}: " in err  # one line on stderr per failure
        else:
            assert line["ok"] is True and line["error"] is None
            assert {"outcome", "text", "markdown", "html", "metadata", "spam"} <= set(line)
    by_name = dict(zip(BATCH_PAGES, lines, strict=True))
    assert "豪言壯志" in by_name["news/2022/leiphone-hacked.html.gz"]["text"]
    assert by_name["nav-only.html"]["outcome"] != "article"
    with_spam = sum(1 for line in lines if line["ok"] and line["spam"]["verdict"] != "clean")
    assert with_spam >= 1  # the hacked page
    assert summary_of(err).startswith(
        f"pagecleaner: 7 pages, 3 articles, 1 without article, {with_spam} with spam, 3 failed ("
    )
    assert "pages/s)" in summary_of(err) and "Traceback" not in err


def test_batch_with_workers_writes_the_same_stream(folder_run: tuple[int, str, str]) -> None:
    code, out, _ = run(str(BATCH), "--jobs", "2")
    assert (code, out) == folder_run[:2]


def test_batch_without_failures_exits_zero() -> None:
    # A page without an article is cleaned, not failed, in a batch.
    code, out, err = run(str(HACKED), NAV_ONLY)
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["ok"] for line in lines] == [True, True]
    assert lines[0]["outcome"] == "article" and lines[1]["outcome"] != "article"
    assert summary_of(err).startswith(
        "pagecleaner: 2 pages, 1 articles, 1 without article, 1 with spam, 0 failed ("
    )


def test_batch_mirrors_the_folder_tree(tmp_path: Path) -> None:
    target = tmp_path / "out"
    code, out, err = run(str(BATCH), "-o", str(target), "-f", "markdown", "-j", "2")
    assert code == 1 and out == ""
    written = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert written == [
        "leiphone-clean.md",
        "nav-only.md",
        os.path.join("news", "2022", "leiphone-hacked.md"),
        os.path.join("news", "xinhua-hebei-drama.md"),
    ]
    hacked = (target / "news" / "2022" / "leiphone-hacked.md").read_text(encoding="utf-8")
    assert hacked == run(str(HACKED), "-f", "markdown")[1]
    assert (target / "nav-only.md").read_text(encoding="utf-8") == ""
    assert summary_of(err).startswith("pagecleaner: 7 pages, 3 articles, 1 without article")


def test_batch_jsonl_file(tmp_path: Path) -> None:
    target = tmp_path / "pages.jsonl"
    code, out, _ = run(NAV_ONLY, EMPTY, "-o", str(target))
    assert code == 1 and out == ""
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [(line["source"], line["ok"]) for line in lines] == [(NAV_ONLY, True), (EMPTY, False)]


def test_glob_patterns_are_expanded() -> None:
    code, out, _ = run(str(BATCH / "broken" / "*.htm*"))
    sources = [json.loads(line)["source"] for line in out.splitlines()]
    assert code == 1 and sources == [str(BATCH / p) for p in sorted(BROKEN)]
    code, out, _ = run(str(BATCH / "*.txt"))  # a folder search skips it; a pattern takes it
    assert code == 0 and json.loads(out)["source"] == str(BATCH / "notes.txt")
    code, out, _ = run(str(BATCH / "nothing-*.html"))
    assert code == 1 and "No such file" in json.loads(out)["error"]


def test_one_page_as_jsonl_and_to_a_file(tmp_path: Path) -> None:
    code, out, _ = run(NAV_ONLY, "--format", "jsonl")
    assert code == 0 and json.loads(out)["outcome"] != "article"
    target = tmp_path / "article.md"
    code, out, _ = run(str(HACKED), "-o", str(target))  # format from the name
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8") == run(str(HACKED), "-f", "markdown")[1]


def test_stdin_as_a_jsonl_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HACKED.read_bytes())))
    code, out, _ = run("-", "-f", "jsonl", "--url", "https://www.leiphone.com/a")
    line = json.loads(out)
    assert code == 0 and line["source"] == "-" and line["url"] == "https://www.leiphone.com/a"


def test_timeout_fails_pages_not_the_batch() -> None:
    code, out, err = run(NAV_ONLY, str(HACKED), "--timeout", "1e-6")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and [line["error_type"] for line in lines] == ["TimeoutError"] * 2
    assert "2 pages, 0 articles, 0 without article, 0 with spam, 2 failed" in err


@pytest.mark.parametrize(
    "args",
    [
        [str(BATCH), "--url", "https://example.com/"],
        [NAV_ONLY, EMPTY, "--url", "https://example.com/"],
        [str(BATCH), "--format", "text"],
        [str(BATCH), "--explain"],
        [str(BATCH), "-o", str(HACKED), "-f", "markdown"],
        [str(BATCH), "-o", str(BATCH), "-f", "jsonl"],
        [NAV_ONLY, "-"],
    ],
)
def test_batch_usage_errors_exit_two(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.startswith("pagecleaner: error: ") and err.count("\n") == 1


def test_bad_jobs_and_timeout_values_exit_two() -> None:
    assert run(NAV_ONLY, EMPTY, "--jobs", "-1")[0] == 2
    assert run(NAV_ONLY, EMPTY, "--timeout", "0")[0] == 2


def test_progress_bar_only_on_a_terminal_or_when_asked() -> None:
    def stderr_of(*args: str, terminal: bool) -> str:
        err = TerminalIO() if terminal else io.StringIO()
        main([NAV_ONLY, EMPTY, *args], stdout=io.StringIO(), stderr=err)
        return err.getvalue()

    assert "\r" not in stderr_of(terminal=False)
    assert "2/2 pages" in stderr_of(terminal=True)
    assert "2/2 pages" in stderr_of("--progress", terminal=False)
    quiet = stderr_of("--quiet", terminal=True)
    assert "\r" not in quiet and "error" not in quiet  # no bar, no line per failure
    assert summary_of(quiet).startswith("pagecleaner: 2 pages")


def test_batch_in_a_subprocess_has_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pagecleaner", str(BATCH / "broken"), "--jobs", "2"],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 3
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.decode().splitlines()[-1].startswith("pagecleaner: 3 pages, 0 articles")


def test_one_page_over_the_time_limit_exits_two() -> None:
    code, out, err = run(NAV_ONLY, "--timeout", "1e-6")
    assert code == 2 and out == ""
    assert "time limit" in err and err.count("\n") == 1
