"""Golden pages: real pages with the article text they must keep and the junk they must drop."""

from __future__ import annotations

from pathlib import Path

import pytest

import pagecleaner
from pagecleaner.testing import assert_drops, assert_keeps

from .conftest import PAGES, load_page


@pytest.mark.parametrize("slug_dir", PAGES, ids=[p.name for p in PAGES])
def test_golden_page(slug_dir: Path) -> None:
    source, page, expected = load_page(slug_dir)
    result = pagecleaner.clean(source, url=page["url"])
    assert result.outcome == expected["outcome"]
    assert result.spam.verdict == expected["verdict"]
    assert_keeps(result, expected["contains"])
    assert_drops(result, expected["absent"], include_title=False)
    for name, value in expected["metadata"].items():
        got = getattr(result.metadata, name)
        assert (list(got) if isinstance(got, tuple) else got) == value, name
    codes = result.report.counts()
    for code in expected["findings_include"]:
        assert code in codes, f"expected a {code} finding, got {sorted(codes)}"
    if "encoding" in expected:
        assert result.report.encoding == expected["encoding"]


def test_hacked_page_reports_each_spam_family(hacked_page: bytes) -> None:
    result = pagecleaner.clean(hacked_page)
    families = result.spam.families
    assert families.get("junk", 0) >= 10  # the spider-pool tags, one finding each
    assert families.get("stuffing", 0) >= 2  # stuffed title/meta and the footer farm text
    assert any(host.endswith(".cn") for host in result.spam.hosts)
    noise = [f for f in result.report.findings if f.code == "TAG008"]
    assert all(f.evidence["id"] == "qey7a" for f in noise)
    assert all(f.path.startswith("html/body") for f in noise)


def test_hacked_and_clean_versions_give_the_same_article() -> None:
    pages = Path(__file__).parent / "fixtures" / "pages"
    hacked = pagecleaner.clean((pages / "leiphone-hacked-spider-pool" / "source.html").read_bytes())
    clean = pagecleaner.clean((pages / "leiphone-clean" / "source.html").read_bytes())
    assert hacked.text == clean.text
    assert hacked.metadata.title == clean.metadata.title


def test_doorway_page_is_spam_not_cleaned() -> None:
    anchors = " | ".join(
        f'<a href="https://s{i}.example/">{term}</a>'
        for i, term in enumerate(
            [
                "slot gacor hari ini",
                "situs judi slot online",
                "togel online",
                "slot88 resmi",
                "daftar slot gacor",
                "link slot gacor",
                "bandar togel",
                "judi bola online",
            ]
        )
    )
    html = (
        "<html><head><title>slot gacor, situs judi slot, togel online, slot88, daftar slot,"
        f" link slot gacor</title></head><body><h1>Slot Gacor Hari Ini</h1><div>{anchors}</div>"
        "<p>slot gacor, situs slot, judi online, togel, slot88, maxwin, rtp slot, gacor</p>"
        "</body></html>"
    )
    result = pagecleaner.clean(html)
    assert not result.has_article
    assert result.spam.verdict == "spam"
    assert "togel online" not in result.text
    assert len(result.spam.hosts) >= 5
