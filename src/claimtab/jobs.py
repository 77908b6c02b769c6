"""Extraction over every core: papers go in chunks to worker processes (or to the workers of
a Dask cluster), rows come back, and they are handed on in input order.

What crosses a process boundary is plain data: a chunk of papers as tuples, and for each
paper its rows (one tuple per claim, the values in ``COLUMNS`` order) or why it has none.
The rules are loaded once per worker (a forked worker inherits them already loaded), so the
output of ``--jobs N`` is the output of ``--jobs 1``, row for row, and the problems of the
records (a record past a limit, a record the reader refused) are reported in input order
whatever order the workers finish in.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from claimtab import api
from claimtab.errors import ClaimtabError, InputError
from claimtab.io.limits import LIMITS, Limits
from claimtab.model import COLUMNS, Paper

# papers per chunk: large enough that sending it costs little next to extracting it
CHUNK = 64
# chunks in flight per worker: the readers stay ahead of the workers by this much, no more
AHEAD = 3


class JobsError(ClaimtabError):
    """A bad --jobs, or worker processes that cannot be started or died."""

    code = "E120"


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return max(os.cpu_count() or 1, 1)


# --------------------------------------------------------------------------- one chunk


PaperTuple = tuple[str, str, str, str | None, str]


def as_tuple(paper: Paper) -> PaperTuple:
    return (paper.id, paper.title, paper.abstract, paper.source, getattr(paper, "comments", "") or "")


def from_tuple(t: PaperTuple) -> Paper:
    extra = {"comments": t[4]} if t[4] and "comments" in Paper.model_fields else {}
    return Paper.model_construct(id=t[0], title=t[1], abstract=t[2], source=t[3], **extra)


def claim_rows(paper: Paper, ex: Any, limits: Limits) -> tuple[list[tuple], str | None]:
    """The rows of one paper (tuples in ``COLUMNS`` order), or why it has none."""
    claims, why = api._claims_within(paper, ex, limits)
    return [tuple(c.__dict__[name] for name in COLUMNS) for c in claims], why


@dataclass
class Encoded:
    """The rows of a chunk made ready for the output (see
    :func:`claimtab.io.writers.encode_batch`): ``status`` has, for each paper, its number of
    rows or why it has none."""

    status: list[int | str]
    rows: int
    payload: Any


def extract_chunk(papers: list[PaperTuple], kinds: tuple[str, ...] | None = None, limits: Limits = LIMITS,
                  patterns: str | None = None, fmt: str | None = None) -> list[list[tuple] | str] | Encoded:
    """For each paper of a chunk, its rows or why it has none (in the chunk's order); with
    ``fmt``, the chunk's rows encoded for a table in that format (:class:`Encoded`)."""
    ex = _warm(kinds, patterns)
    out: list[list[tuple] | str] = []
    for t in papers:
        rows, why = claim_rows(from_tuple(t), ex, limits)
        out.append(rows if why is None else why)
    if fmt is None:
        return out
    rows = [r for got in out if not isinstance(got, str) for r in got]
    status: list[int | str] = [got if isinstance(got, str) else len(got) for got in out]
    return Encoded(status, len(rows), encode_rows(rows, fmt))


def encode_rows(rows: list[tuple], fmt: str) -> Any:
    """Engine rows encoded for a claims table in ``fmt``: the values the claims table holds
    (:func:`claimtab.frame.coerce_rows`), written as its writer writes them, without a
    DataFrame per chunk (XLSX, held whole anyway, gets one)."""
    from claimtab.frame import coerce_rows, rows_frame
    from claimtab.io.writers import encode_batch, encode_values

    if fmt == "xlsx":
        return encode_batch(rows_frame(rows), fmt)
    return encode_values(coerce_rows(rows), list(COLUMNS), fmt, _layout() if fmt == "parquet" else None)


_LAYOUT: Any = None


def _layout() -> Any:
    global _LAYOUT
    if _LAYOUT is None:
        from claimtab.frame import rows_frame
        from claimtab.io.writers import parquet_layout

        _LAYOUT = parquet_layout(rows_frame([]))
    return _LAYOUT


def _warm(kinds: tuple[str, ...] | None, patterns: str | None = None) -> Any:
    """The extractor, its lazy parts (the lexicon) loaded: once per process."""
    ex = api.extractor(kinds, patterns)
    if not getattr(ex, "_warmed_up", False):
        api.found_in(Paper(id="warm-up", title="ImageNet", abstract="It is 2x faster."), ex)
        ex._warmed_up = True  # type: ignore[attr-defined]
    return ex


# --------------------------------------------------------------------------- in order


@dataclass
class _Chunk:
    entries: list[tuple[str, Any]]  # ("paper", (n, Paper)) or ("problem", InputProblem), in input order
    handle: Any = None

    def papers(self) -> list[tuple[int, Paper]]:
        return [e[1] for e in self.entries if e[0] == "paper"]


class _Done:
    """A result computed at once (no pool)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


def _entries(papers: Iterable[Paper], held: list) -> Iterator[tuple[str, Any]]:
    """The papers numbered, with the problems the reader met before each (``held`` is the
    list the reader appends them to), all in input order."""
    for n, paper in enumerate(papers, 1):
        if held:
            yield from _taken(held)
        yield "paper", (n, paper)
    yield from _taken(held)


def _taken(held: list) -> Iterator[tuple[str, Any]]:
    """The problems in ``held``, taken out of it (a long run with many bad records keeps none)."""
    got = held[:]
    del held[: len(got)]
    for problem in got:
        yield "problem", problem


def ordered_rows(
    papers: Iterable[Paper], submit: Callable[[list[PaperTuple]], Any], *, window: int, held: list,
    problems: list | None, strict: bool = False, done: Callable[[int], None] | None = None,
) -> Iterator[list[tuple] | Encoded]:
    """The rows of each chunk of ``papers`` (or an :class:`Encoded` batch, when the work
    encodes them), chunk after chunk in input order; a chunk without papers is never sent.

    ``submit`` starts the work on a chunk (tuples) and returns something with ``result()``;
    at most ``window`` chunks are in flight. The reader's problems (appended to ``held``)
    and the records' own problems go to ``problems`` in input order (with ``strict``, the
    first one raises); ``done(k)`` hears that k more papers are finished."""
    pending: deque[_Chunk] = deque()

    def finish(chunk: _Chunk) -> list[tuple] | Encoded:
        result = chunk.handle.result() if chunk.handle is not None else ()
        encoded = result if isinstance(result, Encoded) else None
        results = iter(encoded.status if encoded is not None else result)
        rows: list[tuple] = []
        count = 0
        for what, item in chunk.entries:
            if what == "problem":
                api._problem(item, problems, strict)
                continue
            n, paper = item
            got = next(results)
            count += 1
            if isinstance(got, str):
                api._problem(api._where(paper, n, got), problems, strict)
            elif encoded is None:
                rows.extend(got)
        if done is not None and count:
            done(count)
        return encoded if encoded is not None else rows

    def start(entries: list[tuple[str, Any]]) -> _Chunk:
        chunk = _Chunk(entries)
        work = [as_tuple(p) for _, p in chunk.papers()]
        chunk.handle = submit(work) if work else None
        return chunk

    current: list[tuple[str, Any]] = []
    in_chunk = 0
    stream = _entries(papers, held)
    while True:
        try:
            entry = next(stream, None)
        except InputError as e:  # strict: the reader stopped; what came before it is reported first
            if current:
                pending.append(start(current))
            while pending:
                finish(pending.popleft())
            raise e
        if entry is None:
            break
        current.append(entry)
        if entry[0] == "paper":
            in_chunk += 1
        if in_chunk >= CHUNK:
            pending.append(start(current))
            current, in_chunk = [], 0
            while len(pending) >= window:
                yield finish(pending.popleft())
    if current:
        pending.append(start(current))
    while pending:
        yield finish(pending.popleft())


# --------------------------------------------------------------------------- a pool of processes


def _worker_start(kinds: tuple[str, ...] | None) -> None:
    """In each worker: Ctrl-C is the parent's to handle (it stops the workers), SIGTERM ends
    the worker quietly; the rules are ready before the first chunk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _warm(kinds)


def _ready() -> int:
    return os.getpid()


class Pool:
    """``jobs`` worker processes, started (and their rules loaded) before any chunk is sent;
    on POSIX they are forked from this process and inherit its loaded rules."""

    def __init__(self, jobs: int, kinds: tuple[str, ...] | None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.kinds = kinds
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        if method == "fork":
            # what the workers inherit (the rules) is moved out of the collector's sight, so
            # that collecting in a worker does not write to, and so copy, every inherited page
            gc.collect()
            gc.freeze()
        try:
            self._executor = ProcessPoolExecutor(
                jobs, mp_context=multiprocessing.get_context(method), initializer=_worker_start, initargs=(kinds,))
            # every worker is started now, before a progress bar's thread exists
            for f in [self._executor.submit(_ready) for _ in range(jobs)]:
                f.result()
        except Exception as e:
            gc.unfreeze()
            raise JobsError(f"cannot start {jobs} worker processes ({type(e).__name__}: {e})") from None
        gc.unfreeze()

    def submit(self, limits: Limits, fmt: str | None = None) -> Callable[[list[PaperTuple]], Any]:
        def send(chunk: list[PaperTuple]) -> Any:
            return _Checked(self._executor.submit(extract_chunk, chunk, self.kinds, limits, None, fmt))

        return send

    def close(self, *, kill: bool = False) -> None:
        if kill:
            for proc in list(getattr(self._executor, "_processes", {}).values()):
                try:
                    proc.terminate()
                except (OSError, AttributeError):
                    pass
        self._executor.shutdown(wait=True, cancel_futures=kill)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind, value, tb) -> None:
        self.close(kill=kind is not None)


class _Checked:
    """A worker's result; a worker that died is one line, not a traceback."""

    def __init__(self, future: Any) -> None:
        self.future = future

    def result(self) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.future.result()
        except BrokenProcessPool:
            raise JobsError("a worker process died (out of memory, or killed); run again with fewer --jobs") from None


def run_rows(
    papers: Iterable[Paper], *, jobs: int, kinds: Iterable[str] | None = None, limits: Limits = LIMITS,
    held: list, problems: list | None, strict: bool = False, done: Callable[[int], None] | None = None,
    pool: Pool | None = None, fmt: str | None = None,
) -> Iterator[list[tuple] | Encoded]:
    """Rows of ``papers`` chunk by chunk, in input order: in this process (``jobs`` 1, no
    ``pool``) or on ``pool``'s workers; with ``fmt``, each chunk encoded for a table in that
    format where it was extracted (the same work either way, so the same bytes)."""
    wanted = tuple(sorted(set(kinds))) if kinds else None
    if pool is None:
        _warm(wanted)

        def here(chunk: list[PaperTuple]) -> _Done:
            return _Done(extract_chunk(chunk, wanted, limits, None, fmt))

        yield from ordered_rows(papers, here, window=1, held=held, problems=problems, strict=strict, done=done)
        return
    yield from ordered_rows(papers, pool.submit(limits, fmt), window=AHEAD * jobs, held=held, problems=problems,
                            strict=strict, done=done)
