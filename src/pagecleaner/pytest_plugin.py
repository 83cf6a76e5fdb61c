"""pytest plugin for content pipelines' test suites (loaded through the ``pytest11`` entry
point when pagecleaner is installed).

Fixtures:

* ``cleaner`` -- a :class:`~pagecleaner.Cleaner` built from ``pagecleaner_options``
  (a fixture returning ``None``, i.e. the defaults; override it in a ``conftest.py``).
* ``clean_page(page, url=None)`` -- clean a saved page given as a path (``str`` or
  :class:`~pathlib.Path`, relative to the test file's folder; ``.gz`` read transparently) or
  as raw ``bytes``. The result remembers its page, so :func:`~pagecleaner.testing.
  assert_keeps` and :func:`~pagecleaner.testing.assert_drops` name the rule and node path
  behind a failure.
* ``pagecleaner_golden(result, name=None)`` -- compare a result with its golden file,
  ``pagecleaner_golden/<test module>/<test name>[-<name>].json`` beside the test. The file
  holds what a pipeline cares about and little that churns: title, authors, date, outcome,
  spam verdict, the rule codes that fired and the text as a list of paragraphs (not the
  whole report). A missing file is written and the test passes with a warning (on CI,
  where ``CI`` is set, a missing file fails instead); ``pytest --pagecleaner-update``
  rewrites the files. A difference fails with a unified diff of the two.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .api import Cleaner, _cleaner
from .options import Options
from .result import CleanResult
from .testing import clean_for_test

__all__ = ["golden_record"]

GOLDEN_FOLDER = "pagecleaner_golden"
_UNSAFE = re.compile(r"[^\w.\-\[\]]+")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pagecleaner")
    group.addoption(
        "--pagecleaner-update",
        action="store_true",
        default=False,
        help="rewrite pagecleaner golden files with the current results",
    )


@pytest.fixture
def pagecleaner_options() -> Options | None:
    """Options for the ``cleaner`` fixture; override in a conftest.py (None: defaults)."""
    return None


@pytest.fixture
def cleaner(pagecleaner_options: Options | None) -> Cleaner:
    """A Cleaner with ``pagecleaner_options`` (the default one is built once per process)."""
    return _cleaner(pagecleaner_options)


@pytest.fixture
def clean_page(cleaner: Cleaner, request: pytest.FixtureRequest) -> Callable[..., CleanResult]:
    """``clean_page(page, url=None)``: a path (relative to the test's folder) or bytes."""
    folder = Path(str(request.path)).parent

    def clean(page: str | os.PathLike[str] | bytes, *, url: str | None = None) -> CleanResult:
        __tracebackhide__ = True
        if isinstance(page, (bytes, bytearray, memoryview)):
            return clean_for_test(bytes(page), url=url, cleaner=cleaner)
        if isinstance(page, (str, os.PathLike)):
            return clean_for_test(folder / Path(page), url=url, cleaner=cleaner)
        raise TypeError(f"clean_page takes a path or bytes, got {type(page).__name__}")

    return clean


def golden_record(result: CleanResult) -> dict[str, Any]:
    """What a golden file stores of a result."""
    meta = result.metadata
    return {
        "title": meta.title,
        "authors": list(meta.authors),
        "date": meta.date_published,
        "outcome": result.outcome,
        "verdict": result.spam.verdict,
        "rules": sorted({f.code for f in result.report.findings}),
        "text": [p for p in result.text.split("\n") if p.strip()],
    }


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


@pytest.fixture
def pagecleaner_golden(request: pytest.FixtureRequest) -> Callable[..., None]:
    """``pagecleaner_golden(result, name=None)``: compare with (or write) the golden file."""
    update = bool(request.config.getoption("--pagecleaner-update"))
    test_file = Path(str(request.path))
    folder = test_file.parent / GOLDEN_FOLDER / test_file.stem
    test_name = _UNSAFE.sub("_", request.node.name)

    def check(result: CleanResult, name: str | None = None) -> None:
        __tracebackhide__ = True
        if not isinstance(result, CleanResult):
            raise TypeError(f"expected a CleanResult, got {type(result).__name__}")
        stem = test_name + (f"-{_UNSAFE.sub('_', name)}" if name else "")
        path = folder / f"{stem}.json"
        now = _dump(golden_record(result))
        if update or not path.exists():
            if not update and os.environ.get("CI"):
                pytest.fail(
                    f"golden file {path} is missing; run pytest --pagecleaner-update and commit it",
                    pytrace=False,
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(now, encoding="utf-8")
            if not update:
                warnings.warn(f"pagecleaner: wrote golden file {path}", stacklevel=2)
            return
        before = path.read_text(encoding="utf-8")
        if before == now:
            return
        diff = "".join(
            difflib.unified_diff(
                before.splitlines(keepends=True),
                now.splitlines(keepends=True),
                fromfile=f"{path} (golden)",
                tofile="now",
            )
        )
        pytest.fail(
            f"result differs from the golden file (run pytest --pagecleaner-update to accept"
            f" it):\n{diff}",
            pytrace=False,
        )

    return check
