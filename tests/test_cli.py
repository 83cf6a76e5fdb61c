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


# --- rules: subcommands, rule packs, filter lists, selection --------------------------------

RULEPACKS = Path(__file__).parent / "fixtures" / "rulepacks"
FILTERLISTS = Path(__file__).parent / "fixtures" / "filterlists"
ARTICLE = str(RULEPACKS / "article.html")
SITE_PACK = str(RULEPACKS / "site.toml")
HARBOUR_LIST = str(FILTERLISTS / "harbour.txt")
EXAMPLE_URL = "https://www.example.com/story"


def test_rules_subcommand_is_list_rules() -> None:
    code, out, _ = run("rules")
    assert code == 0 and "HID002  hidden-inline-style" in out
    assert out == run("--list-rules")[1]


def test_rule_subcommand_is_rule_option() -> None:
    code, out, _ = run("rule", "HID002")
    assert code == 0 and "Why is this junk?" in out
    assert out == run("--rule", "HID002")[1]
    assert run("rule")[0] == 2  # CODE is required
    assert run("rule", "NOPE42")[0] == 2


def test_rules_lists_pack_and_filter_list_rules() -> None:
    code, out, err = run("rules", "--rules", SITE_PACK, "--filters", HARBOUR_LIST)
    assert code == 0
    assert "USR001  newsletter-promos" in out and f"[{SITE_PACK}:3]" in out
    assert "ACM007  " in out
    cos = [line for line in out.splitlines() if line.startswith("COS001")]
    assert len(cos) == 1  # one line per list, not per filter
    assert "harbour.txt: 4 hiding filters, 1 exception." in cos[0] and f"[{HARBOUR_LIST}]" in cos[0]
    assert "10 of 15 filters not applied" in err
    assert run("--list-rules", "--rules", SITE_PACK)[1].count("USR00") == 4


def test_rule_documents_pack_rules_and_filter_lists() -> None:
    code, out, _ = run("rule", "ACM007", "--rules", SITE_PACK)
    assert code == 0
    assert "Selector\n  .brought-by" in out and "Domains\n  example.com, ~shop.example.com" in out
    assert f"Origin\n  {SITE_PACK}:9" in out
    code, out, _ = run("rule", "newsletter-promos", "--rules", SITE_PACK)
    assert code == 0 and "Newsletter promotions inside stories." in out
    code, out, _ = run("rule", "COS001", "--filters", HARBOUR_LIST, "-q")
    assert code == 0 and f"{HARBOUR_LIST}: 4 hiding filters, 1 exception;" in out
    assert "Action: drop (exceptions: protect)" in out


def test_rules_lists_only_the_selected_rules_when_asked() -> None:
    _, out, _ = run("rules", "--select", "HID")
    codes = {line.split()[0] for line in out.splitlines()}
    assert codes and all(c.startswith("HID") for c in codes)
    _, out, _ = run("rules", "--disable", "LNK", "--disable", "boilerplate")
    codes = {line.split()[0] for line in out.splitlines()}
    assert "HID002" in codes and not any(c.startswith(("LNK", "BPL")) for c in codes)
    assert run("rules", "--select", "XYZ")[0] == 2


def test_select_and_disable_by_prefix_end_to_end() -> None:
    _, everything, _ = run(str(HACKED), "--explain")
    assert "LNK001" in everything and "TAG008" in everything
    _, out, _ = run(str(HACKED), "--explain", "--disable", "LNK")
    assert "LNK00" not in out and "TAG008" in out
    _, out, _ = run(str(HACKED), "--explain", "--select", "HID")
    removed = out.split("== removed, by rule ==")[1].split("==")[0]
    # STF002 comes from the metadata stage, which does not consult the selection.
    assert not any(code in removed for code in ("TAG", "LNK", "BPL", "STF001"))
    _, out, _ = run(str(HACKED), "--explain", "--select", "TAG", "--disable", "TAG008")
    assert "TAG008" not in out and "LNK001" not in out


def test_subcommand_only_as_first_argument_and_without_such_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("--rules", SITE_PACK, "rules")
    assert code == 2 and "count only as the first argument" in err
    (tmp_path / "rules").write_bytes(HACKED.read_bytes())
    code, out, _ = run("rules")  # a page saved as ./rules is cleaned, not listed
    assert code == 0 and "豪言壯志" in out and "HID002" not in out
    assert "HID002  hidden-inline-style" in run("--list-rules")[1]


def test_rules_option_applies_a_pack() -> None:
    code, out, _ = run(ARTICLE, "--url", EXAMPLE_URL)
    assert code == 0 and "PROMO-MARKER" in out and "BROUGHT-MARKER" in out
    code, out, _ = run(ARTICLE, "--url", EXAMPLE_URL, "--rules", SITE_PACK, "-f", "json")
    data = json.loads(out)
    assert code == 0 and "PROMO-MARKER" not in data["text"]
    assert data["spam"]["verdict"] == "cleaned"
    origins = {f["code"]: f["origin"] for f in data["report"]["findings"]}
    assert origins["USR001"] == f"{SITE_PACK}:3"


def test_bad_pack_is_one_line_naming_file_and_line() -> None:
    bad = str(RULEPACKS / "unknown-key.toml")
    code, out, err = run(ARTICLE, "--rules", bad)
    assert code == 2 and out == ""
    assert err == f"pagecleaner: error: {bad}:6: unknown key 'colour' in [[drop]] #2; " + (
        "expected one of code, domains, example, false_positives, name, selector, spam, "
        "summary, why\n"
    )
    assert run("rules", "--rules", bad)[0] == 2


def test_filters_option_applies_a_list_and_reports_what_it_cannot() -> None:
    code, out, err = run(ARTICLE, "--url", EXAMPLE_URL, "--filters", HARBOUR_LIST)
    assert code == 0
    assert "PROMO-MARKER" not in out and "DEALER-MARKER" not in out and "EDITOR-MARKER" in out
    lines = err.splitlines()
    assert lines[0] == (
        f"pagecleaner: warning: {HARBOUR_LIST}: 10 of 15 filters not applied (directive 1, "
        "extended-selector 1, html-filter 1, invalid-selector 1, network-rule 2, "
        "procedural-operator 1, snippet 2, unsupported-domain 1)"
    )
    assert lines[1] == f"pagecleaner: warning:   {HARBOUR_LIST}:9: network-rule: ||ads.example^"
    assert lines[-1] == "pagecleaner: warning:   ... 5 more (-v lists them)"
    assert len(lines) == 7
    _, _, err = run(ARTICLE, "--filters", HARBOUR_LIST, "-v")
    assert f"{HARBOUR_LIST}:18: unsupported-domain" in err and "more (-v" not in err
    _, _, err = run(ARTICLE, "--filters", HARBOUR_LIST, "-q")
    assert "warning" not in err
    _, out, _ = run(ARTICLE, "--filters", HARBOUR_LIST, "--disable", "COS001", "-q")
    assert "PROMO-MARKER" in out


def test_lexicon_option(tmp_path: Path) -> None:
    words = tmp_path / "pharma.en.txt"
    words.write_text("zorblax\n", encoding="utf-8")
    _, out, _ = run(ARTICLE, "-f", "json")
    assert json.loads(out)["spam"]["verdict"] == "clean"
    _, out, _ = run(ARTICLE, "-f", "json", "--lexicon", str(words))
    assert json.loads(out)["spam"]["verdict"] == "cleaned"
    assert run(ARTICLE, "--lexicon", str(tmp_path / "missing.txt"))[0] == 2


def test_packs_and_lists_reach_batch_workers(tmp_path: Path) -> None:
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(Path(ARTICLE).read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(
        str(tmp_path), "-j", "2", "-q", "--rules", SITE_PACK, "--filters", HARBOUR_LIST
    )
    assert code == 0
    for line in out.splitlines():
        counts = json.loads(line)["report"]["counts"]
        assert "USR001" in counts or "COS001" in counts
        assert "PROMO-MARKER" not in json.loads(line)["text"]


def test_comments_and_front_matter_flags(tmp_path: Path) -> None:
    page = tmp_path / "post.html"
    prose = "The council met on Tuesday and approved the new library hours for winter. " * 4
    page.write_text(
        f"<html><head><title>Library hours</title></head><body><article><p>{prose}</p>"
        "</article><div id='comments'><p>Finally, evening hours for students!</p></div>"
        "</body></html>",
        encoding="utf-8",
    )
    code, out, _ = run(str(page))
    assert code == 0 and "evening hours" not in out
    code, out, _ = run(str(page), "--comments")
    assert code == 0 and "== comments ==\nFinally, evening hours for students!" in out
    code, out, _ = run(str(page), "-f", "markdown", "--front-matter")
    assert code == 0 and out.startswith('---\ntitle: "Library hours"\n')
