"""The limits a record must keep to be extracted, and the time budget of one record.

A record past a limit is not a crash and not a stall: it gets one line naming it (an
:class:`~claimtab.io.sources.InputProblem`) and the others go on. The limits are far above
what papers hold -- the 36,302 abstracts of the shared corpus have at most 9,503 characters,
413 numbers in one sentence and 0.33 s of extraction -- and each can be changed or turned
off (``None``):

- ``max_chars``: the longest title or abstract, in characters (100,000);
- ``max_numbers``: the most numbers (runs of digits) in one sentence (500);
- ``seconds``: the time one record may take to extract (5 s). Where a timer can interrupt
  the work (the main thread on a POSIX system) a record is stopped when its time is up;
  elsewhere it is measured and dropped afterwards.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import regex

from claimtab.text import sentence_spans

MAX_CHARS = 100_000
MAX_NUMBERS = 500
SECONDS = 5.0
# a whole paper (body and tables) may take this many times a record's time
DOCUMENT_FACTOR = 12

_DIGITS = regex.compile(r"\d+")


@dataclass(frozen=True)
class Limits:
    """What one record may hold and take; ``None`` turns a limit off."""

    max_chars: int | None = MAX_CHARS
    max_numbers: int | None = MAX_NUMBERS
    seconds: float | None = SECONDS


LIMITS = Limits()
NO_LIMITS = Limits(None, None, None)


def surrogate_problem(value: str, what: str) -> str | None:
    """The problem of text that is not valid Unicode (a lone surrogate: a ``\\ud800`` escape
    in JSON, or a byte that was not UTF-8 read with ``surrogateescape``), or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        char = ord(value[e.start])
        if 0xDC80 <= char <= 0xDCFF:
            return f"{what} is not UTF-8 text (undecodable byte 0x{char - 0xDC00:02X}); re-save it as UTF-8"
        return f"{what} holds a lone surrogate (\\u{char:04x} at character {e.start}), which is not text"
    return None


def text_problem(text: str, what: str, limits: Limits) -> str | None:
    """Why one field of a record cannot be extracted (too long, too many numbers in one
    sentence, not text), or None when it can."""
    if not text:
        return None
    if limits.max_chars is not None and len(text) > limits.max_chars:
        return f"{what} has {len(text):,} characters, over the limit of {limits.max_chars:,}"
    bad = surrogate_problem(text, what)
    if bad:
        return bad
    if limits.max_numbers is not None and sum(1 for _ in _DIGITS.finditer(text)) > limits.max_numbers:
        for start, end in sentence_spans(text):
            count = sum(1 for _ in _DIGITS.finditer(text, start, end))
            if count > limits.max_numbers:
                return (f"{what} has a sentence with {count:,} numbers (at character {start}), "
                        f"over the limit of {limits.max_numbers:,}")
    return None


class Overtime(Exception):
    """A record took longer than its time budget."""

    def __init__(self, seconds: float):
        super().__init__(f"extraction took over {seconds:g} s, the time limit of one record")
        self.seconds = seconds


class _Expired(BaseException):
    """Raised by the timer inside the work (a BaseException, so no ``except Exception`` on
    the way swallows it)."""


def _can_interrupt() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`Overtime` when the block takes more than ``seconds`` (None: no limit).

    With a POSIX interval timer in the main thread the block is interrupted when the time
    is up (the regular-expression engines check for signals as they work); otherwise the
    block runs to its end and is then judged by the time it took.
    """
    if seconds is None or seconds <= 0:
        yield
        return
    if not _can_interrupt():
        began = time.monotonic()
        yield
        if time.monotonic() - began > seconds:
            raise Overtime(seconds)
        return

    def expire(signum, frame):
        raise _Expired()

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        raise Overtime(seconds) from None
    finally:
        signal.signal(signal.SIGALRM, previous)
