"""Cheap tests that a regex cannot match: the literal words every match must contain.

A rule's ``left`` pattern that needs "speedup" or "faster" cannot match a window holding
neither, and most rules fail on most numbers. :class:`WordIndex` finds every needed word of
every rule in a window at once (one Aho-Corasick pass over the case-folded window); then
each pattern's test is a set intersection, far cheaper than running the regex. :func:`needed` reads the words off the pattern
itself (its parse tree), so the rule files stay as they are and nothing can drift: a pattern
the parser does not read, or one with no such word, gets no test (it always runs).

The test never says "cannot match" for a string the regex matches (it only reads literals
that lie on every path through the pattern, and compares case-folded text), so skipping the
regex on a failed test gives the same result as running it.
"""

from __future__ import annotations

import re
import warnings
from re import _constants as C  # noqa: N812
from re import _parser

# shorter words say little (a single letter or digit is in nearly every window); a single
# sign ("=", "^", "<") is rare enough to say a lot
MIN_LEN = 2

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}


def needed(rx) -> frozenset[str] | None:
    """Case-folded words of which every match of ``rx`` (a compiled ``re`` or ``regex``
    pattern) contains at least one, or None when no such test is known."""
    if rx is None:
        return None
    pattern = getattr(rx, "pattern", None)
    if not isinstance(pattern, str):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return None  # regex-module syntax the standard parser does not know: no test
    words = _sequence(list(tree))
    if not words or not all(map(_telling, words)):
        return None
    return words


def _telling(w: str) -> bool:
    """Is ``w`` worth testing for: a word of MIN_LEN characters or more, or one sign?"""
    return len(w) >= MIN_LEN or (len(w) == 1 and not w.isalnum() and not w.isspace())


def fold(s: str) -> str:
    """``s`` case-folded the way the tests compare: a regex ignoring case also matches "i"
    with the dotless "ı", which ``casefold`` keeps apart."""
    return s.casefold().replace("ı", "i")


def absent(words: frozenset | None, *present: set) -> bool:
    """True when none of ``words`` is among the words ``present`` in any of some strings
    (each a :meth:`WordIndex.present` set): then the pattern the words came from cannot
    match any of those strings."""
    if words is None:
        return False
    return all(words.isdisjoint(p) for p in present)


class WordIndex:
    """Which of a fixed set of words occur in a string, found in one pass. Words are
    numbered (:meth:`ids`) and :meth:`present` answers with their numbers: the automaton
    then hands back small integers, much cheaper than strings."""

    def __init__(self, words) -> None:
        self.words = tuple(sorted(set(words)))
        self._id = {w: i for i, w in enumerate(self.words)}
        self._auto = None
        try:
            import ahocorasick
        except ImportError:  # the same answer from one ``in`` test per word, only slower
            return
        if self.words:
            self._auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            for w, i in self._id.items():
                self._auto.add_word(w, i)
            self._auto.make_automaton()

    def ids(self, words: frozenset[str] | None) -> frozenset[int] | None:
        """The numbers of ``words`` (all of them must be in the index), None for None."""
        return None if words is None else frozenset(self._id[w] for w in words)

    def present(self, s: str) -> set[int]:
        """The numbers of the words that occur in ``s`` case-folded."""
        f = fold(s)
        if self._auto is None:
            return {i for i, w in enumerate(self.words) if w in f}
        return {i for _end, i in self._auto.iter(f)}


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements (longer shortest word, then fewer words)."""
    if a is None:
        return b
    if b is None:
        return a

    def key(ws: frozenset[str]):  # worth testing at all, then signs only, then longer words, then fewer
        signs = not any(c.isalnum() for w in ws for c in w)
        return all(map(_telling, ws)), signs, min(map(len, ws)), -len(ws)

    return a if key(a) >= key(b) else b


def _sequence(items: list) -> frozenset[str] | None:
    """A requirement of a sequence of parse items: any one item's requirement holds for the
    whole sequence; runs of literal characters are read as one word."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, frozenset({fold("".join(run))}))
            run = []
        best = _better(best, _item(op, av))
    if run:
        best = _better(best, frozenset({fold("".join(run))}))
    return best


def _item(op, av) -> frozenset[str] | None:
    if op is C.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op in _REPEATS:
        lo, _hi, sub = av
        return _sequence(list(sub)) if lo >= 1 else None
    if op is C.IN:  # a class of a few literal characters: "[${]"
        chars = [chr(v) for o, v in av if o is C.LITERAL]
        if len(chars) != len(av) or not chars or len(chars) > 8:
            return None
        return frozenset(fold(c) for c in chars)
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            req = _sequence(list(branch))
            if req is None:
                return None  # one way through needs no word
            out |= req
        return frozenset(out)
    return None  # classes, anchors, assertions, back-references: no word
