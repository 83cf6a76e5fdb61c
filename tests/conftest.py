"""Shared fixtures: the golden pages in tests/fixtures/pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted(p for p in (FIXTURES / "pages").iterdir() if (p / "expected.json").exists())


def load_page(slug_dir: Path) -> tuple[bytes, dict[str, Any], dict[str, Any]]:
    source = (slug_dir / "source.html").read_bytes()
    page = json.loads((slug_dir / "page.json").read_text(encoding="utf-8"))
    expected = json.loads((slug_dir / "expected.json").read_text(encoding="utf-8"))
    return source, page, expected


@pytest.fixture(scope="session")
def hacked_page() -> bytes:
    return (FIXTURES / "pages" / "leiphone-hacked-spider-pool" / "source.html").read_bytes()
