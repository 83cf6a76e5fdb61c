"""Pages the integration tests clean, with what pagecleaner itself makes of them."""

from __future__ import annotations

from pathlib import Path

import pagecleaner

FIXTURES = Path(__file__).parent.parent / "fixtures"
PAGES = {
    "https://www.leiphone.com/clean": FIXTURES / "batch" / "leiphone-clean.html",
    "https://www.leiphone.com/hacked": FIXTURES
    / "pages"
    / "leiphone-hacked-spider-pool"
    / "source.html",
    "https://example.com/nav": FIXTURES / "batch" / "nav-only.html",
}


def pages() -> list[tuple[bytes, str]]:
    return [(path.read_bytes(), url) for url, path in PAGES.items()]


def expected() -> dict[str, dict[str, str | None]]:
    """url -> the fields every integration must return, computed by pagecleaner.clean."""
    out = {}
    for raw, url in pages():
        result = pagecleaner.clean(raw, url=url)
        out[url] = {
            "url": url,
            "text": result.text,
            "title": result.metadata.title,
            "verdict": result.spam.verdict,
            "outcome": result.outcome,
        }
    return out
