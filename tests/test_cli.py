"""The command line: formats, explain, rules, exit codes, stdin, errors without tracebacks."""

from __future__ import annotations

import io
import json
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
