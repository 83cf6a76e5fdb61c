"""Batches: input order, failure isolation, worker pools, as-completed order, time limits."""

from __future__ import annotations

import gzip
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pagecleaner
from pagecleaner import Action, BatchItem, Cleaner, ConfigError, Family, Rule, RuleInfo
from pagecleaner.batch import KILL_GRACE_SECONDS, WINDOW_PER_JOB
from pagecleaner.rules import Match
from pagecleaner.rules.context import PageContext

BATCH = Path(__file__).parent / "fixtures" / "batch"
GOOD = [
    BATCH / "leiphone-clean.html",
    BATCH / "nav-only.html",
    BATCH / "news" / "xinhua-hebei-drama.htm",
    BATCH / "news" / "2022" / "leiphone-hacked.html.gz",
]
# Each unreadable file, with a word its error must name.
BAD = {
    BATCH / "broken" / "empty.html": "empty",
    BATCH / "broken" / "report.html": "PDF",
    BATCH / "broken" / "blob.htm": "binary",
}
# Good and bad interleaved: a failure must not shift, drop or poison its neighbours.
PATHS = [GOOD[0], *list(BAD)[:1], GOOD[1], *list(BAD)[1:2], GOOD[2], *list(BAD)[2:], GOOD[3]]

ARTICLE = (
    "<html><head><title>Tomatoes</title></head><body><article><h1>Growing tomatoes</h1><p>"
    + "Tomatoes need sun, water and patience; stake them early and pinch the side shoots. " * 6
    + "</p></article></body></html>"
)
TRIGGER = "https://trigger.example/page"


class MisbehavingRule(Rule):
    """Misbehaves on the page whose URL is TRIGGER, the way a hostile page can make a rule."""

    info = RuleInfo(
        code="TST901",
        name="misbehaving-test-rule",
        family=Family.USER,
        action=Action.DROP,
        summary="Misbehaves on one page.",
        why="Tests that one page cannot stop a batch.",
    )

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour

    def matches(self, page: PageContext) -> Iterator[Match]:
        if page.url == TRIGGER:
            if self.behaviour == "stall":
                time.sleep(60)
            elif self.behaviour == "stall-deaf":  # like a long C call: no signal gets in
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                time.sleep(60)
            elif self.behaviour == "crash":
                os._exit(3)
        return iter(())


def comparable(items: list[BatchItem]) -> list[tuple[Any, ...]]:
    return [
        (i.index, i.source, i.error, i.error_type, i.result.to_dict() if i.result else None)
        for i in items
    ]


@pytest.fixture(scope="module")
def serial() -> list[BatchItem]:
    return list(pagecleaner.clean_paths(PATHS))


def test_paths_come_back_in_input_order_with_failures_isolated(serial: list[BatchItem]) -> None:
    assert [i.index for i in serial] == list(range(len(PATHS)))
    assert [i.source for i in serial] == [str(p) for p in PATHS]
    for path, item in zip(PATHS, serial, strict=True):
        if path in BAD:
            assert not item.ok and item.result is None
            assert item.error_type == "InputError"
            assert BAD[path] in (item.error or "")
        else:
            assert item.ok and item.result is not None
            assert item.error is None and item.error_type is None
    by_path = dict(zip(PATHS, serial, strict=True))
    hacked = by_path[GOOD[3]].result
    assert hacked is not None and hacked.has_article  # gunzipped on the way
    assert "豪言壯志" in hacked.text and "主站蜘蛛池模板" not in hacked.text
    nav_only = by_path[GOOD[1]].result
    assert nav_only is not None and not nav_only.has_article


def test_batch_results_equal_single_page_results(serial: list[BatchItem]) -> None:
    by_path = dict(zip(PATHS, serial, strict=True))
    for path in (GOOD[0], GOOD[3]):
        result = by_path[path].result
        assert result is not None
        assert result.to_dict() == pagecleaner.clean_file(path).to_dict()


def test_worker_pool_gives_the_same_items(serial: list[BatchItem]) -> None:
    pooled = list(pagecleaner.clean_paths(PATHS, jobs=2))
    assert comparable(pooled) == comparable(serial)


def test_as_completed_gives_the_same_set(serial: list[BatchItem]) -> None:
    unordered = list(pagecleaner.clean_paths(iter(PATHS), jobs=2, ordered=False))
    assert len(unordered) == len(serial)
    assert comparable(sorted(unordered, key=lambda i: i.index)) == comparable(serial)


def test_options_reach_the_workers() -> None:
    hacked = [GOOD[3]]
    default = next(pagecleaner.clean_paths(hacked, jobs=2)).result
    options = pagecleaner.Options(disable=("TAG008",))
    disabled = next(pagecleaner.clean_paths(hacked, jobs=2, options=options)).result
    assert default is not None and "TAG008" in default.report.counts()
    assert disabled is not None and "TAG008" not in disabled.report.counts()


def test_clean_many_takes_text_bytes_and_pairs() -> None:
    inputs: list[Any] = [
        ARTICLE,
        ARTICLE.encode(),
        (ARTICLE, "https://example.com/tomatoes"),
        42,
        (ARTICLE, 42),
    ]
    items = list(Cleaner().clean_many(inputs))
    assert [i.index for i in items] == [0, 1, 2, 3, 4]
    assert all(i.source is None for i in items)
    assert [i.error_type for i in items] == [None, None, None, "InputError", "ConfigError"]
    first, second, third = (i.result for i in items[:3])
    assert first is not None and first.has_article and "stake them early" in first.text
    assert second is not None and second.text == first.text
    assert third is not None and third.url == "https://example.com/tomatoes"


def test_gzip_is_recognised_by_its_magic_bytes(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"  # no .gz suffix: the bytes say gzip
    page.write_bytes(gzip.compress(ARTICLE.encode()))
    missing = tmp_path / "missing.html"
    ok, gone = pagecleaner.clean_paths([page, missing])
    assert ok.result is not None and "stake them early" in ok.result.text
    assert gone.error_type == "InputError" and "missing.html" in (gone.error or "")


def test_tiny_timeout_fails_every_page() -> None:
    items = list(Cleaner().clean_many([ARTICLE, ARTICLE.encode()], timeout=1e-6))
    assert [i.error_type for i in items] == ["TimeoutError", "TimeoutError"]
    assert all(i.result is None and "time limit" in (i.error or "") for i in items)


def test_stalled_page_times_out_and_the_batch_goes_on() -> None:
    cleaner = Cleaner(rules=[MisbehavingRule("stall")])
    timeout = 3.0
    items = list(cleaner.clean_many([ARTICLE, (ARTICLE, TRIGGER), ARTICLE], timeout=timeout))
    assert [i.error_type for i in items] == [None, "TimeoutError", None]
    assert all(i.result is not None for i in (items[0], items[2]))
    # Interrupted by its alarm, not by killing the worker once the grace period ran out.
    assert items[1].seconds < timeout + KILL_GRACE_SECONDS


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="needs POSIX signals")
def test_page_deaf_to_the_alarm_is_stopped_by_killing_its_worker() -> None:
    cleaner = Cleaner(rules=[MisbehavingRule("stall-deaf")])
    inputs: list[Any] = [ARTICLE] * 3 + [(ARTICLE, TRIGGER)] + [ARTICLE] * 6
    items = list(cleaner.clean_many(inputs, jobs=2, timeout=1.0))
    assert [i.index for i in items] == list(range(10))
    assert [i.error_type for i in items] == [None] * 3 + ["TimeoutError"] + [None] * 6
    assert items[3].seconds < 30  # stopped, not waited for (it sleeps 60 s)


def test_crashed_worker_fails_only_its_page() -> None:
    cleaner = Cleaner(rules=[MisbehavingRule("crash")])
    inputs: list[Any] = [ARTICLE] * 3 + [(ARTICLE, TRIGGER)] + [ARTICLE] * 6
    items = list(cleaner.clean_many(inputs, jobs=2))
    assert [i.index for i in items] == list(range(10))
    assert [i.error_type for i in items] == [None] * 3 + ["BrokenProcessPool"] + [None] * 6
    assert all(i.result is not None for i in items if i.index != 3)


@pytest.mark.parametrize("jobs", [1, 2])
def test_inputs_are_read_only_a_window_ahead(jobs: int) -> None:
    pulled = 0

    def pages() -> Iterator[str]:
        nonlocal pulled
        for _ in range(100):
            pulled += 1
            yield ARTICLE

    for item in Cleaner().clean_many(pages(), jobs=jobs):
        assert item.ok
        break
    assert pulled <= (1 if jobs == 1 else WINDOW_PER_JOB * jobs)


@pytest.mark.parametrize(
    "call",
    [
        lambda: Cleaner().clean_many([ARTICLE], jobs=0),
        lambda: Cleaner().clean_many([ARTICLE], jobs=True),
        lambda: Cleaner().clean_many([ARTICLE], jobs=1.5),
        lambda: Cleaner().clean_many([ARTICLE], timeout=0),
        lambda: Cleaner().clean_many([ARTICLE], timeout=-1),
        lambda: Cleaner().clean_many([ARTICLE], timeout=float("nan")),
        lambda: Cleaner().clean_many([ARTICLE], ordered="yes"),
        lambda: Cleaner().clean_many(ARTICLE),
        lambda: pagecleaner.clean_paths(str(GOOD[0])),
        lambda: pagecleaner.clean_paths(GOOD[0]),
    ],
)
def test_bad_arguments_are_refused_at_the_call(call: Any) -> None:
    with pytest.raises(ConfigError):
        call()  # not iterated: the check must not wait for the first page


def test_rules_that_cannot_be_pickled_are_refused_for_workers() -> None:
    rule = MisbehavingRule("none")
    rule.behaviour = lambda: None  # type: ignore[assignment]
    cleaner = Cleaner(rules=[rule])
    with pytest.raises(ConfigError, match="picklable"):
        cleaner.clean_many([ARTICLE], jobs=2)
    assert next(cleaner.clean_many([ARTICLE])).ok  # in this process, nothing is pickled


def test_batch_item_to_dict() -> None:
    ok, failed = Cleaner().clean_many([ARTICLE, b""])
    data = ok.to_dict()
    assert data["source"] is None and data["ok"] is True and data["error"] is None
    assert ok.result is not None and data["text"] == ok.result.text
    assert {"outcome", "markdown", "html", "metadata", "spam", "report"} <= set(data)
    assert failed.to_dict() == {
        "source": None,
        "ok": False,
        "error": failed.error,
        "error_type": "InputError",
    }
