"""Clean many pages: in this process or on worker processes, with an optional time limit
per page, every failure reported as an item instead of stopping the batch.

Usage::

    import pagecleaner

    # Saved pages (.html, .htm, .html.gz; gzip is recognised by its magic bytes):
    for item in pagecleaner.clean_paths(paths, jobs=4, timeout=30):
        if item.ok:
            print(item.source, item.result.metadata.title)
        else:
            print(item.source, item.error_type, item.error)

    # Pages in memory, as text, bytes or (page, url) pairs, through one configured Cleaner:
    cleaner = pagecleaner.Cleaner(pagecleaner.Options(focus="precision"))
    for item in cleaner.clean_many([html, (raw, "https://example.com/post")], jobs=2):
        ...

Both return a lazy iterator of :class:`BatchItem`, one per input, in input order (with
``ordered=False``, as each page finishes; ``item.index`` is still its input position). At
most ``4 * jobs`` pages are read ahead of the consumer, so a generator of a million paths
is fine. Bad arguments raise :class:`~pagecleaner.ConfigError` at the call; a bad page
never raises, it becomes an item with ``error`` set.

How pages run:

* ``jobs=1`` without a ``timeout``: a plain loop in the calling process.
* ``jobs > 1``, or any ``timeout``: a :class:`~concurrent.futures.ProcessPoolExecutor` of
  ``jobs`` workers. The Cleaner's options (and its rules, when it was given some: they must
  be picklable) are shipped to each worker, which builds its own Cleaner once. A timeout
  runs pages in a worker even with ``jobs=1``: the limit is enforced with ``SIGALRM`` in
  the worker, so the caller's signal handlers and timers are never touched and a runaway
  page cannot hang the caller.
* A page over ``timeout`` seconds fails with ``error_type == "TimeoutError"``. ``SIGALRM``
  interrupts Python code; a page stuck in one long C call, or any page on a platform
  without ``SIGALRM`` (Windows), is stopped by killing the workers two seconds after its
  deadline, and the other pages they held are run again.
* A worker that dies (a crash in C code, the OOM killer) fails only its own page, with
  ``error_type == "BrokenProcessPool"``: the pages in flight with it are run again one at
  a time to find which one it was.

Workers start the platform's default way (see :mod:`multiprocessing`); with ``spawn`` or
``forkserver`` the calling script needs the usual ``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import math
import multiprocessing
import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, NamedTuple, TypeAlias

from .api import Cleaner, read_page_file
from .errors import ConfigError, InputError, PagecleanerError
from .options import Options
from .result import CleanResult
from .rules import Rule

__all__ = ["BatchItem", "PageInput"]

LOGGER = logging.getLogger(__name__)

PageInput: TypeAlias = str | bytes | tuple[str | bytes, str | None]
"""A page for :meth:`~pagecleaner.Cleaner.clean_many`: its text or bytes, or ``(page, url)``."""

# Pages in flight per worker: enough to keep every worker busy while the consumer reads and
# writes results, few enough that a generator of inputs is never read far ahead.
WINDOW_PER_JOB = 4
# How long a page may overrun its limit before its workers are killed: SIGALRM normally
# stops it within milliseconds and keeps the pool; a kill costs a pool restart.
KILL_GRACE_SECONDS = 2.0
# How often the parent looks for pages over their limit.
POLL_SECONDS = 0.2
# How long a killed pool may take to fail the pages it held.
KILL_WAIT_SECONDS = 10.0
_RENDERABLE = frozenset({"markdown", "html"})
_HAVE_ALARM = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")


@dataclass(frozen=True)
class BatchItem:
    """One page of a batch: its result, or the error that stopped it."""

    index: int
    """The page's position in the input (0-based), also when items arrive as completed."""
    source: str | None
    """The file path for :func:`~pagecleaner.clean_paths`; None for pages given in memory."""
    result: CleanResult | None
    """The result (its ``outcome`` says whether an article was found); None on failure."""
    error: str | None
    """Why the page failed, in one line; None when it was cleaned."""
    error_type: str | None
    """The failure's class name: ``InputError`` (not a readable page), ``ConfigError`` (a
    bad URL), ``RuleError``, ``TimeoutError`` (over the time limit), ``BrokenProcessPool``
    (its worker process died); None when the page was cleaned."""
    seconds: float
    """Time spent on the page, reading the file included."""

    @property
    def ok(self) -> bool:
        """True when the page was cleaned (with or without an article)."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """``source``, ``ok``, ``error``, ``error_type``, then ``CleanResult.to_dict()``."""
        data: dict[str, Any] = {
            "source": self.source,
            "ok": self.ok,
            "error": self.error,
            "error_type": self.error_type,
        }
        if self.result is not None:
            data.update(self.result.to_dict())
        return data


@dataclass(frozen=True)
class Task:
    """One page as shipped to a worker (internal to pagecleaner)."""

    index: int
    source: str | None
    """The file to read when ``page`` is None; otherwise only a label."""
    page: str | bytes | None = None
    url: str | None = None
    problem: PagecleanerError | None = None
    """Why this input cannot be cleaned at all; reported as the page's error."""


def tasks_from_pages(inputs: Iterable[PageInput]) -> Iterator[Task]:
    """Tasks for pages in memory, read lazily from ``inputs``."""
    for index, item in enumerate(inputs):
        page: object = item
        url: object = None
        if isinstance(item, tuple) and len(item) == 2:
            page, url = item
        if isinstance(page, (bytearray, memoryview)):
            page = bytes(page)  # a memoryview cannot be pickled to a worker
        if not isinstance(page, (str, bytes)):
            problem: PagecleanerError = InputError(
                f"expected a page as str or bytes, or a (page, url) pair, got {type(page).__name__}"
            )
            yield Task(index, None, problem=problem)
        elif url is None or isinstance(url, str):
            yield Task(index, None, page, url)
        else:
            problem = ConfigError(f"url must be a string, got {type(url).__name__}")
            yield Task(index, None, problem=problem)


def tasks_from_paths(
    paths: Iterable[str | os.PathLike[str]], *, url: str | None = None
) -> Iterator[Task]:
    """Tasks for saved page files, read lazily from ``paths``; workers read the files."""
    for index, path in enumerate(paths):
        try:
            source = os.fsdecode(path)
        except TypeError:
            problem = InputError(f"expected a file path, got {type(path).__name__}")
            yield Task(index, None, problem=problem)
        else:
            yield Task(index, source, url=url)


def run_batch(
    cleaner: Cleaner,
    tasks: Iterable[Task],
    *,
    jobs: int = 1,
    ordered: bool = True,
    timeout: float | None = None,
    render: Sequence[str] = (),
) -> Iterator[BatchItem]:
    """Clean ``tasks`` with ``cleaner``; arguments are checked now, pages as they are read.

    ``render`` names outputs (``markdown``, ``html``) to render in the worker, so that the
    consumer does not render them one page at a time.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ConfigError(f"jobs must be a positive integer, got {jobs!r}")
    if not isinstance(ordered, bool):
        raise ConfigError(f"ordered must be True or False, got {ordered!r}")
    limit: float | None = None
    if timeout is not None:
        if (
            isinstance(timeout, bool)
            or not isinstance(timeout, (int, float))
            or not math.isfinite(timeout)
            or timeout <= 0
        ):
            raise ConfigError(f"timeout must be a positive number of seconds, got {timeout!r}")
        limit = float(timeout)
    unknown = set(render) - _RENDERABLE
    if unknown:
        raise ConfigError(f"cannot render {', '.join(sorted(unknown))}")
    if jobs == 1 and limit is None:
        return _run_here(cleaner, tasks, tuple(render))
    setup = _WorkerSetup(cleaner.options, cleaner._rules_given, limit, tuple(render))
    try:
        pickle.dumps(setup)
    except Exception as exc:
        raise ConfigError(
            "the Cleaner's options and rules must be picklable to run on worker processes"
            f" (jobs > 1 or a timeout): {exc}"
        ) from None
    return _run_pooled(setup, tasks, jobs=jobs, ordered=ordered)


# --- cleaning one page ------------------------------------------------------------------


class _PageTimeout(BaseException):
    """Raised by SIGALRM in a worker; a BaseException so that no ``except Exception`` in a
    rule or the pipeline can swallow it."""


_alarm_armed = False


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    # A SIGALRM delivered just after the page finished must not hit the next page.
    if _alarm_armed:
        raise _PageTimeout


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    global _alarm_armed
    # Only where _start_worker installed the handler: SIGALRM's default action is to end
    # the process.
    if seconds is None or not _HAVE_ALARM or signal.getsignal(signal.SIGALRM) is not _on_alarm:
        yield
        return
    _alarm_armed = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        _alarm_armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)


def _timeout_message(seconds: float) -> str:
    return f"cleaning took longer than the time limit of {seconds:g} s"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _failure(task: Task, error: str, error_type: str, seconds: float = 0.0) -> BatchItem:
    return BatchItem(task.index, task.source, None, error, error_type, seconds)


def _clean(
    cleaner: Cleaner, task: Task, timeout: float | None, render: tuple[str, ...]
) -> BatchItem:
    started = time.perf_counter()
    try:
        with _time_limit(timeout):
            if task.problem is not None:
                raise task.problem
            if task.page is not None:
                page = task.page
            elif task.source is not None:
                page = read_page_file(task.source, max_bytes=cleaner.options.max_input_bytes)
            else:
                raise InputError("no page and no file to read")
            result = cleaner.clean(page, url=task.url)
            for name in render:
                getattr(result, name)  # cached on the result, so it is pickled with it
    except _PageTimeout:
        return _failure(task, _timeout_message(timeout or 0), "TimeoutError", _since(started))
    except Exception as exc:
        LOGGER.debug("page %s failed", task.source or task.index, exc_info=True)
        return _failure(task, _one_line(exc), type(exc).__name__, _since(started))
    seconds = _since(started)
    if timeout is not None and seconds > timeout:
        # Finished, but late (no SIGALRM here, or it waited for a C call): the limit holds.
        return _failure(task, _timeout_message(timeout), "TimeoutError", seconds)
    return BatchItem(task.index, task.source, result, None, None, seconds)


def _since(started: float) -> float:
    return time.perf_counter() - started


def _run_here(
    cleaner: Cleaner, tasks: Iterable[Task], render: tuple[str, ...]
) -> Iterator[BatchItem]:
    for task in tasks:
        yield _clean(cleaner, task, None, render)


# --- worker processes -------------------------------------------------------------------


class _WorkerSetup(NamedTuple):
    options: Options
    rules: tuple[Rule, ...] | None
    timeout: float | None
    render: tuple[str, ...]


_worker: tuple[Cleaner, _WorkerSetup, Any] | None = None


def _start_worker(setup: _WorkerSetup, starts: Any) -> None:
    global _worker
    # The parent handles Ctrl-C by stopping the pool; an interrupted worker would only turn
    # it into a BrokenProcessPool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if setup.timeout is not None and _HAVE_ALARM:
        signal.signal(signal.SIGALRM, _on_alarm)
    _worker = (Cleaner(setup.options, rules=setup.rules), setup, starts)


def _work(task: Task, slot: int) -> BatchItem:
    if _worker is None:  # pragma: no cover - the pool always runs the initializer first
        raise RuntimeError("worker not initialised")
    cleaner, setup, starts = _worker
    starts[slot] = time.monotonic()
    try:
        return _clean(cleaner, task, setup.timeout, setup.render)
    finally:
        starts[slot] = 0.0


class _Pool:
    """A process pool that can be killed and replaced mid-batch, and that knows when each
    page in flight started: the queue time of a page must not count against its limit."""

    def __init__(self, jobs: int, setup: _WorkerSetup, slots: int) -> None:
        self._context = multiprocessing.get_context()
        self._jobs = jobs
        self._setup = setup
        # Per slot: when a worker started the page holding it (time.monotonic, which every
        # process shares), or 0 while the page is queued or done.
        self._starts: Any = self._context.RawArray("d", slots)
        self._free = list(range(slots))
        self._slots: dict[cf.Future[BatchItem], tuple[int, int]] = {}
        self._executor: cf.ProcessPoolExecutor | None = None
        self._generation = 0

    def _current(self) -> cf.ProcessPoolExecutor:
        if self._executor is None:
            self._executor = cf.ProcessPoolExecutor(
                self._jobs,
                mp_context=self._context,
                initializer=_start_worker,
                initargs=(self._setup, self._starts),
            )
            self._generation += 1
        return self._executor

    def submit(self, task: Task) -> cf.Future[BatchItem]:
        slot = self._free.pop()
        self._starts[slot] = 0.0
        try:
            future = self._current().submit(_work, task, slot)
        except BrokenProcessPool:
            # It broke before any of its futures told us; the next pool takes the page.
            self._drop(kill=False)
            future = self._current().submit(_work, task, slot)
        self._slots[future] = (slot, self._generation)
        return future

    def release(self, future: cf.Future[BatchItem]) -> float:
        """Free the page's slot; returns how long it has been running (0 if it never ran)."""
        slot, _ = self._slots.pop(future)
        started: float = self._starts[slot]
        self._starts[slot] = 0.0
        self._free.append(slot)
        return time.monotonic() - started if started else 0.0

    def broke(self, future: cf.Future[BatchItem]) -> None:
        """The pool that ran ``future`` broke: the next page starts a new one."""
        if self._slots[future][1] == self._generation:
            self._drop(kill=False)

    def overdue(
        self, futures: Iterable[cf.Future[BatchItem]], limit: float
    ) -> set[cf.Future[BatchItem]]:
        now = time.monotonic()
        late: set[cf.Future[BatchItem]] = set()
        for future in futures:
            started = self._starts[self._slots[future][0]]
            if started and now - started > limit:
                late.add(future)
        return late

    def kill(self) -> None:
        """Stop every worker now; the executor then fails each page it held."""
        self._drop(kill=True)

    def close(self, *, kill: bool) -> None:
        if self._executor is not None and not kill:
            self._executor.shutdown(wait=True)
            self._executor = None
        self._drop(kill=kill, cancel=True)

    def _drop(self, *, kill: bool, cancel: bool = False) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if kill:
            # ProcessPoolExecutor has no public way to stop a running call before Python
            # 3.14 (terminate_workers, which also cancels the queued pages).
            processes = getattr(executor, "_processes", None)
            if processes is not None:
                for process in list(processes.values()):
                    process.terminate()
            elif hasattr(executor, "terminate_workers"):
                executor.terminate_workers()
        # Cancelling only when no one will wait: concurrent.futures.wait() is never woken
        # by a future cancelled this way, while a broken pool fails each of its futures.
        executor.shutdown(wait=False, cancel_futures=cancel)


def _run_pooled(
    setup: _WorkerSetup, tasks: Iterable[Task], *, jobs: int, ordered: bool
) -> Iterator[BatchItem]:
    window = WINDOW_PER_JOB * jobs
    timeout = setup.timeout
    pool = _Pool(jobs, setup, window)
    source = iter(tasks)
    more = True
    pending: dict[cf.Future[BatchItem], Task] = {}
    retry: deque[Task] = deque()  # stopped by a kill, innocent: run again normally
    suspects: deque[Task] = deque()  # in flight when a worker died: run again one by one
    alone: cf.Future[BatchItem] | None = None  # the suspect running by itself
    finished: dict[int, BatchItem] = {}  # ordered: done, waiting for an earlier page
    next_index = 0
    completed = False
    try:
        while True:
            # Every page is in exactly one of pending, finished, retry and suspects, and
            # there are never more than `window` of them: memory stays bounded.
            if suspects:
                if not pending:
                    task = suspects.popleft()
                    alone = pool.submit(task)
                    pending[alone] = task
            else:
                while retry:
                    task = retry.popleft()
                    pending[pool.submit(task)] = task
                while more and len(pending) + len(finished) < window:
                    next_task = next(source, None)
                    if next_task is None:
                        more = False
                        break
                    pending[pool.submit(next_task)] = next_task
            if not pending:
                break
            done, _ = cf.wait(
                pending,
                timeout=POLL_SECONDS if timeout is not None else None,
                return_when=cf.FIRST_COMPLETED,
            )
            ready: list[BatchItem] = []
            for future in done:
                task = pending.pop(future)
                was_alone = future is alone
                if was_alone:
                    alone = None
                if future.cancelled():
                    pool.release(future)
                    retry.append(task)
                    continue
                error = future.exception()
                if isinstance(error, BrokenProcessPool):
                    pool.broke(future)
                    seconds = pool.release(future)
                    if was_alone:
                        message = "the worker process cleaning this page died"
                        ready.append(_failure(task, message, "BrokenProcessPool", seconds))
                    else:
                        suspects.append(task)
                    continue
                pool.release(future)
                if error is not None:  # e.g. a result that could not be pickled back
                    ready.append(_failure(task, _one_line(error), type(error).__name__))
                else:
                    ready.append(future.result())
            if timeout is not None and pending:
                late = pool.overdue(pending, timeout + KILL_GRACE_SECONDS)
                if late:
                    ready.extend(_kill_late(pool, pending, late, retry, timeout))
                    alone = None
            for item in sorted(ready, key=lambda i: i.index):
                if ordered:
                    finished[item.index] = item
                else:
                    yield item
            while next_index in finished:
                yield finished.pop(next_index)
                next_index += 1
        for index in sorted(finished):  # empty unless an index went missing
            yield finished.pop(index)
        completed = True
    finally:
        pool.close(kill=not completed)


def _kill_late(
    pool: _Pool,
    pending: dict[cf.Future[BatchItem], Task],
    late: set[cf.Future[BatchItem]],
    retry: deque[Task],
    timeout: float,
) -> list[BatchItem]:
    """Kill the workers to stop the ``late`` pages (failed); the others run again."""
    pool.kill()
    cf.wait([f for f in pending if not f.cancelled()], timeout=KILL_WAIT_SECONDS)
    items = []
    for future, task in list(pending.items()):
        del pending[future]
        seconds = pool.release(future)
        if future in late:
            items.append(_failure(task, _timeout_message(timeout), "TimeoutError", seconds))
        elif future.done() and not future.cancelled() and future.exception() is None:
            items.append(future.result())
        else:
            retry.append(task)
    return items
