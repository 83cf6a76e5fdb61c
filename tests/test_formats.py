"""The xml and csv formats, trafilatura-style command-line names, module-level clean_many."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from lxml import etree

import pagecleaner
from pagecleaner.cli import main
from pagecleaner.formats import CSV_COLUMNS, to_xml

FIXTURES = Path(__file__).parent / "fixtures"
HACKED = FIXTURES / "pages" / "leiphone-hacked-spider-pool" / "source.html"
BATCH = FIXTURES / "batch"
STRUCTURED = (
    "<html><head><title>Growing tomatoes</title>"
    '<meta name="author" content="Ann Gardener"></head><body><article>'
    "<h1>Growing tomatoes</h1>"
    "<p>Tomatoes need <strong>sun</strong>, water and "
    '<a href="/patience">patience</a>; stake them early and pinch the side shoots.</p>'
    + "<p>Water at the base in the morning, never the leaves, and feed every two weeks.</p>"
    * 3
    + "<h2>Varieties</h2><ol><li>Cherry tomatoes ripen first.</li>"
    "<li>Beefsteak ones last.</li></ol>"
    "<table><tr><th>Variety</th><th>Days</th></tr><tr><td>Cherry</td><td>60</td></tr></table>"
    "<blockquote><p>Grow what you like to eat, said my grandmother every spring.</p></blockquote>"
    '<pre><code class="language-python">plant("tomato")</code></pre>'
    "<p>Bad \x0b control characters never reach the XML.</p>"
    "</article></body></html>"
)


def test_xml_parses_back_to_the_article_and_its_metadata() -> None:
    result = pagecleaner.clean(STRUCTURED, url="https://example.com/tomatoes")
    doc = etree.fromstring(to_xml(result).encode("utf-8"))
    assert doc.tag == "doc"
    assert doc.get("title") == result.metadata.title == "Growing tomatoes"
    assert doc.get("url") == "https://example.com/tomatoes"
    assert doc.get("verdict") == result.spam.verdict and doc.get("outcome") == "article"
    main_ = doc.find("main")
    assert main_ is not None
    assert [h.text for h in main_.iter("head")][-1] == "Varieties"
    assert main_.find("head").get("rend") in ("h1", "h2")
    items = main_.findall("list/item")
    assert main_.find("list").get("rend") == "ol"
    assert [i.text for i in items] == ["Cherry tomatoes ripen first.", "Beefsteak ones last."]
    cells = [[c.text for c in row.findall("cell")] for row in main_.findall("table/row")]
    assert cells == [["Variety", "Days"], ["Cherry", "60"]]
    assert main_.find("table/row").get("role") == "head"
    assert main_.find("quote/p") is not None
    assert main_.find("code").get("lang") == "python"
    ref = main_.find(".//ref")
    assert ref is not None and ref.get("target") == "https://example.com/patience"
    assert main_.find(".//hi").get("rend") == "b"
    # Every word of the text output is in the XML, in the same order.
    xml_words = " ".join("".join(main_.itertext()).split())
    assert xml_words.replace(" ", "") == "".join(result.text.split()).replace("\x0b", "")


def test_xml_of_a_page_without_article_is_valid() -> None:
    result = pagecleaner.clean((BATCH / "nav-only.html").read_bytes())
    doc = etree.fromstring(to_xml(result).encode("utf-8"))
    assert doc.get("outcome") == result.outcome != "article"
    assert len(doc.find("main")) == 0


def test_cli_xml_and_csv_for_one_page(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main([str(HACKED), "--format", "xml"], stdout=out, stderr=io.StringIO()) == 0
    doc = etree.fromstring(out.getvalue().encode("utf-8"))
    assert doc.get("verdict") in ("cleaned", "spam")
    out = io.StringIO()
    assert main([str(HACKED), "-f", "csv"], stdout=out, stderr=io.StringIO()) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 1 and tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["text"] == pagecleaner.clean(HACKED.read_bytes()).text


def test_cli_csv_batch_has_one_row_per_page(tmp_path: Path) -> None:
    target = tmp_path / "pages.csv"
    status = main([str(BATCH / "news"), "-o", str(target), "-q"], stderr=io.StringIO())
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert status == 0
    assert len(rows) == 2 and all(r["ok"] == "true" for r in rows)
    assert {Path(r["source"]).name for r in rows} == {
        "xinhua-hebei-drama.htm",
        "leiphone-hacked.html.gz",
    }


def test_cli_xml_batch_mirrors_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    status = main([str(BATCH / "news"), "--output-dir", str(out), "-f", "xml", "-q"])
    assert status == 0
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xml"))
    assert files == ["2022/leiphone-hacked.xml", "xinhua-hebei-drama.xml"]
    for path in out.rglob("*.xml"):
        etree.parse(str(path))


def test_input_file_input_dir_and_parallel(tmp_path: Path) -> None:
    listing = tmp_path / "pages.txt"
    listing.write_text(f"# pages\n{BATCH / 'leiphone-clean.html'}\n\n{BATCH / 'nav-only.html'}\n")
    out = io.StringIO()
    status = main(
        ["-i", str(listing), "--input-dir", str(BATCH / "news"), "--parallel", "2", "-q"],
        stdout=out,
        stderr=io.StringIO(),
    )
    sources = [Path(json.loads(line)["source"]).name for line in out.getvalue().splitlines()]
    assert status == 0
    assert sorted(sources) == [
        "leiphone-clean.html",
        "leiphone-hacked.html.gz",
        "nav-only.html",
        "xinhua-hebei-drama.htm",
    ]


def test_a_missing_input_file_is_a_usage_error(tmp_path: Path) -> None:
    err = io.StringIO()
    assert main(["-i", str(tmp_path / "none.txt")], stderr=err) == 2
    assert "cannot read --input-file" in err.getvalue()


def test_no_tables_max_bytes_and_max_depth() -> None:
    page = STRUCTURED.encode("utf-8")
    with_tables, without = io.StringIO(), io.StringIO()
    main([str(_write(page)), "-f", "markdown"], stdout=with_tables, stderr=io.StringIO())
    main([str(_write(page)), "-f", "markdown", "--no-tables"], stdout=without, stderr=io.StringIO())
    assert "| Variety |" in with_tables.getvalue() and "Variety" not in without.getvalue()
    err = io.StringIO()
    assert main([str(_write(page)), "--max-bytes", "100"], stderr=err) == 2
    assert "above the limit of 100" in err.getvalue()
    err = io.StringIO()
    deep = b"<html><body>" + b"<div>" * 50 + b"x" + b"</div>" * 50 + b"</body></html>"
    assert main([str(_write(deep)), "--max-depth", "10"], stderr=err) == 2
    assert "nests elements" in err.getvalue()


def _write(data: bytes, _counter: list[int] = [0]) -> Path:  # noqa: B006 - a counter
    import tempfile

    _counter[0] += 1
    path = Path(tempfile.mkdtemp()) / f"page{_counter[0]}.html"
    path.write_bytes(data)
    return path


def test_module_level_clean_many() -> None:
    items = list(pagecleaner.clean_many([STRUCTURED, (HACKED.read_bytes(), "https://x.cn/a"), 42]))
    assert [i.ok for i in items] == [True, True, False]
    assert items[1].result is not None and items[1].result.url == "https://x.cn/a"
    assert items[2].error_type == "InputError"
    with pytest.raises(pagecleaner.ConfigError):
        pagecleaner.clean_many(STRUCTURED)  # type: ignore[arg-type]
