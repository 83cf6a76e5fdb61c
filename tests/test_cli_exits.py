"""The command line's exit paths with real pipes and devices: broken pipes, full disks,
internal errors, and the output contracts (empty batches, -o parents, the progress bar)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pagecleaner
from pagecleaner import Options
from pagecleaner.api import read_page_file
from pagecleaner.cli import EXIT_BROKEN_PIPE, main

FIXTURES = Path(__file__).parent / "fixtures"
HACKED = FIXTURES / "pages" / "leiphone-hacked-spider-pool" / "source.html"
BATCH = FIXTURES / "batch"
COMMAND = [sys.executable, "-m", "pagecleaner"]


def run_with_stdout(args: list[str], stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args], stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120
    )


def closed_pipe_run(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run with stdout a pipe whose reader is already gone: the first write fails, always."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return run_with_stdout(args, write_end)
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ["rules"],
        ["--list-rules"],
        [str(HACKED), "--explain"],
        [str(HACKED), "-f", "json"],
        [str(BATCH / "news")],  # a batch streaming JSON lines
    ],
    ids=["rules", "list-rules", "explain", "json", "batch"],
)
def test_broken_pipe_ends_quietly(args: list[str]) -> None:
    proc = closed_pipe_run(args)
    assert proc.stderr == ""
    assert proc.returncode == EXIT_BROKEN_PIPE == 141


def test_head_closing_early_never_shows_a_traceback() -> None:
    for _ in range(3):
        head = subprocess.Popen(["head", "-1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        assert head.stdin is not None
        proc = subprocess.run(
            [*COMMAND, str(HACKED), "--explain"],
            stdout=head.stdin,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
        head.stdin.close()
        head.wait()
        assert "Traceback" not in proc.stderr
        assert proc.returncode in (0, EXIT_BROKEN_PIPE)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args", [[str(HACKED)], [str(HACKED), "-f", "json"], [str(BATCH / "news")], ["rules"]]
)
def test_disk_full_is_one_line_and_status_two(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = run_with_stdout(args, full.fileno())
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr
    assert any("cannot write the output" in line and "No space left" in line for line in lines)


def test_internal_error_names_the_page_and_asks_for_a_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: object, *args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pagecleaner.Cleaner, "clean", broken)
    out, err = io.StringIO(), io.StringIO()
    assert main([str(HACKED)], stdout=out, stderr=err) == 2
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert str(HACKED) in lines[0] and "internal error" in lines[0] and "report" in lines[0]
    assert "ZeroDivisionError: a bug" in lines[0] and "Traceback" not in lines[0]
    err = io.StringIO()
    assert main([str(HACKED), "--debug"], stdout=out, stderr=err) == 2
    assert err.getvalue().startswith("Traceback") and "in broken" in err.getvalue()


# --- contracts -------------------------------------------------------------------------


def test_no_article_means_empty_outputs() -> None:
    page = "<html><body><article><p>tiny</p></article></body></html>"
    result = pagecleaner.clean(page, options=Options(min_article_chars=100))
    assert result.outcome == "below-min-length"
    assert (result.text, result.markdown, result.html, result.links) == ("", "", "", ())


def test_below_min_length_prints_nothing_and_exits_one(tmp_path: Path) -> None:
    page = tmp_path / "tiny.html"
    page.write_text("<html><body><article><p>tiny</p></article></body></html>")
    out, err = io.StringIO(), io.StringIO()
    assert main([str(page)], stdout=out, stderr=err) == 1
    assert out.getvalue() == "" and "below-min-length" in err.getvalue()


def test_batch_finding_no_page_says_so_and_exits_one(tmp_path: Path) -> None:
    (tmp_path / "index.php").write_text("<html><body><p>wget saved me as .php</p></body></html>")
    (tmp_path / "about").write_text("<html><body><p>and me without extension</p></body></html>")
    out, err = io.StringIO(), io.StringIO()
    assert main([str(tmp_path)], stdout=out, stderr=err) == 1
    assert out.getvalue() == ""
    assert "no pages found" in err.getvalue() and "--any-extension" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert main([str(tmp_path), "--any-extension"], stdout=out, stderr=err) == 0
    sources = sorted(json.loads(line)["source"] for line in out.getvalue().splitlines())
    assert sources == [str(tmp_path / "about"), str(tmp_path / "index.php")]


def test_output_file_parents_are_created(tmp_path: Path) -> None:
    jsonl = tmp_path / "new" / "deeper" / "out.jsonl"
    assert main([str(BATCH / "news"), "-q", "-o", str(jsonl)], stderr=io.StringIO()) == 0
    assert jsonl.read_text().count("\n") >= 1
    single = tmp_path / "other" / "page.md"
    assert main([str(HACKED), "-o", str(single)], stdout=io.StringIO()) == 0
    assert single.read_text().startswith("與三四年前")


class Terminal(io.StringIO):
    """stdout and stderr of one terminal: both streams write to the same screen."""

    def isatty(self) -> bool:
        return True


def screen_lines(written: str) -> list[str]:
    """What a terminal shows: a carriage return moves back to the start of the line."""
    lines = []
    for raw in written.split("\n"):
        line: list[str] = []
        column = 0
        for char in raw:
            if char == "\r":
                column = 0
                continue
            if column < len(line):
                line[column] = char
            else:
                line.append(char)
            column += 1
        lines.append("".join(line).rstrip())
    return lines


def test_progress_bar_never_shares_a_line_with_output() -> None:
    screen = Terminal()
    assert main([str(BATCH / "news"), str(HACKED)], stdout=screen, stderr=screen) == 0
    shown = [line for line in screen_lines(screen.getvalue()) if line]
    records = [line for line in shown if "{" in line]
    assert len(records) >= 2
    for line in records:
        assert line.startswith("{") and json.loads(line)["source"]
    assert any("pages/s" in line and not line.startswith("{") for line in shown)


def test_gzip_bomb_is_decompressed_only_up_to_the_limit(tmp_path: Path) -> None:
    import gzip

    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        handle.write(b"<p>" + b"a" * (64 * 1024 * 1024))
    assert bomb.stat().st_size < 200_000
    data = read_page_file(bomb, max_bytes=1000)
    assert len(data) == 1001
    out, err = io.StringIO(), io.StringIO()
    assert main([str(bomb)], stdout=out, stderr=err) == 2
    assert "above the limit" in err.getvalue()
