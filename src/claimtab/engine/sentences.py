"""What attribute linking reads of a text, computed once per sentence instead of once per number.

Linking asks the same questions for every number of a sentence: where its clauses break,
whether it says "respectively", which benchmarks it names, where a cue regex matches in it.
Asked per number, each answer costs a scan of the sentence, and a sentence with a thousand
numbers costs a thousand scans (quadratic). Here each answer is computed on first use and
kept; positions are kept sorted, so "the nearest match to this number" is a binary search.

Every shortcut here gives exactly what the plain scan gives; those that rely on matches or
benchmarks being in order and not overlapping check that first (``simple``, ``ordered``)
and the callers fall back on the plain scan otherwise.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Matches:
    """The matches of one regex over one span of a sentence, in order."""

    __slots__ = ("list", "starts", "ends", "simple", "_inside")

    def __init__(self, it) -> None:
        self.list = list(it)
        self.starts = [m.start() for m in self.list]
        self.ends = [m.end() for m in self.list]
        # no empty match: starts and ends both strictly increase
        self.simple = all(e > s for s, e in zip(self.starts, self.ends, strict=True))
        self._inside: dict[str, bool] = {}

    def group_inside(self, group: str) -> bool:
        """Does ``group`` start inside the match (not before it, and never missing) in every match?"""
        got = self._inside.get(group)
        if got is None:
            got = self._inside[group] = all(m.start(group) >= m.start() for m in self.list)
        return got

    def around(self, lo: int, hi: int) -> list:
        """The matches that end at ``lo`` or later and start at ``hi`` or earlier, in order
        (all matches within a distance of a position lie there)."""
        return self.list[bisect_left(self.ends, lo) : bisect_right(self.starts, hi)]

    def split_at(self, pos: int) -> int:
        """How many matches start at ``pos`` or before."""
        return bisect_right(self.starts, pos)


class Sentence:
    """One sentence of the text, as linking reads it."""

    __slots__ = ("s0", "s1", "text", "breaks", "respectively", "benches", "ordered", "starts", "ends",
                 "start_set", "_datasets", "_matches", "_search", "_match", "_low", "_has")

    def __init__(self, lk, text: str, s0: int, s1: int, benches: list, ordered: bool) -> None:
        self.s0, self.s1 = s0, s1
        self.text = text[s0:s1]
        self.breaks = Matches(lk.rx["clause_break"].finditer(self.text))
        self.respectively = bool(lk.rx["respectively"].search(self.text))
        self.ordered = ordered
        if ordered:  # the text's benchmarks are sorted: those of the sentence are a slice
            starts = [b.start for b in benches]
            self.benches = benches[bisect_left(starts, s0) : bisect_left(starts, s1)]
        else:
            self.benches = [b for b in benches if s0 <= b.start < s1]
        self.starts = [b.start for b in self.benches]
        self.ends = [b.end for b in self.benches]
        self.start_set = frozenset(self.starts)
        self._datasets: set | None = None
        self._matches: dict[tuple[int, int, int], Matches] = {}
        self._search: dict[int, object] = {}
        self._match: dict[int, object] = {}
        self._low: str | None = None
        self._has: dict[tuple[str, ...], bool] = {}

    def lower(self) -> str:
        """The sentence in lower case, lowered once."""
        if self._low is None:
            self._low = self.text.lower()
        return self._low

    def has_any(self, words: tuple[str, ...]) -> bool:
        """Does one of ``words`` occur in the lower-cased sentence? (asked once per word list)"""
        got = self._has.get(words)
        if got is None:
            low = self.lower()
            got = self._has[words] = any(w in low for w in words)
        return got

    def clause(self, rel: int) -> tuple[int, int]:
        """What ``linking._clause`` gives for ``rel``: the clause bounds around it."""
        br = self.breaks
        if not br.simple:
            start, end = 0, len(self.text)
            for s, e in zip(br.starts, br.ends, strict=True):
                if e <= rel:
                    start = e
                elif s >= rel:
                    end = s
                    break
            return start, end
        i = bisect_right(br.ends, rel)  # the breaks that end before rel
        start = br.ends[i - 1] if i else 0
        end = len(self.text)
        for s in br.starts[i : i + 2]:  # at most one break straddles rel
            if s >= rel:
                end = s
                break
        return start, end

    def matches(self, rx, lo: int = 0, hi: int | None = None) -> Matches:
        """``rx.finditer(sentence, lo, hi)``, scanned once."""
        hi = len(self.text) if hi is None else hi
        key = (id(rx), lo, hi)
        got = self._matches.get(key)
        if got is None:
            got = self._matches[key] = Matches(rx.finditer(self.text, lo, hi))
        return got

    def search(self, rx):
        """``rx.search(sentence)``, searched once."""
        key = id(rx)
        if key not in self._search:
            self._search[key] = rx.search(self.text)
        return self._search[key]

    def match(self, rx):
        """``rx.match(sentence)``, matched once."""
        key = id(rx)
        if key not in self._match:
            self._match[key] = rx.match(self.text)
        return self._match[key]

    def datasets(self) -> set:
        """The dataset names of the sentence's benchmarks."""
        if self._datasets is None:
            self._datasets = {b.dataset for b in self.benches}
        return self._datasets


class TextMemo:
    """The sentences of one text as linking reads them, and what it asks of the whole text."""

    def __init__(self, lk, text: str, benches: list) -> None:
        self.lk, self.text, self.benches = lk, text, benches
        # sorted by start, none empty and none overlapping the next: starts and ends increase
        self.ordered = all(b.end > b.start for b in benches) and all(
            a.end <= b.start for a, b in zip(benches, benches[1:], strict=False))
        self.ends = [b.end for b in benches]
        self._sentences: dict[tuple[int, int], Sentence] = {}
        self._counts: dict[str, int] = {}
        self.only_names: set | None = None  # filled by linking on first use
        self.own = None  # the first benchmark the text introduces (linking fills it)
        self.aside: list = []  # benchmarks named as compared or as sources (linking fills it)
        self.counted: dict = {}  # per sentence: the benchmarks named right after a number (linking)
        self.metric_rx = None  # the metric names (linking fills it)

    def sentence(self, s0: int, s1: int) -> Sentence:
        got = self._sentences.get((s0, s1))
        if got is None:
            got = self._sentences[(s0, s1)] = Sentence(self.lk, self.text, s0, s1, self.benches, self.ordered)
        return got

    def count(self, name: str) -> int:
        """``text.count(name)``, counted once per name."""
        got = self._counts.get(name)
        if got is None:
            got = self._counts[name] = self.text.count(name)
        return got
