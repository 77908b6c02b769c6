"""Text helpers: sentence boundaries and the clause windows rules look at."""

from __future__ import annotations

import regex

# A sentence ends at . ! ? (optionally followed by a closing quote/bracket) before
# whitespace and a capital, digit, quote or bracket -- except after abbreviations and
# initials, and never inside a decimal number.
_ABBREV = (
    r"(?<!\b(?:e\.g|i\.e|et\s+al|vs|cf|Fig|Figs|Eq|Eqs|Sec|Tab|approx|No|Nos|resp|incl|etc|Dr|Mr|Ms|Prof|St|al|viz|w\.r\.t|a\.k\.a|Ref|Refs|Vol|pp|ca|min|max|avg|std)\.)"
)
_BOUNDARY = regex.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))" + _ABBREV + r"(?<!\b[A-Z]\.)(?<!\b[A-Za-z]\.[A-Za-z]\.)\s+(?=[A-Z0-9\"'(\[\\$]|$)",
    regex.VERSION0,
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text`` (end exclusive)."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < n:
        spans.append((start, n))
    return spans or [(0, n)]


def sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence span containing ``pos`` (binary search)."""
    lo, hi = 0, len(spans) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if spans[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return spans[lo]
