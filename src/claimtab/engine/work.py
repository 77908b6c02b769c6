"""How much work the engine does on a text, counted: the regex calls it makes and the
characters it hands them. For tests that bound the work per input (linear, not quadratic,
in the numbers of a sentence) without timing anything.

    rules = load_rules()
    with counting(rules) as work:
        Extractor(rules).extract("4.6x faster than SST on ImageNet.")
    work.calls, work.chars  # regex calls, characters handed to them

Inside ``counting(rules)`` every compiled pattern of ``rules`` (the kind rules, exclusions,
context words, name shapes, links, linking cues: everything the patterns folder compiles
to) is replaced by a counting proxy; on leaving, the patterns are put back. Counting slows
extraction down; nothing counts outside the block.
"""

from __future__ import annotations

import dataclasses
import re
from contextlib import contextmanager

import regex

_PATTERN_TYPES = (re.Pattern, regex.Pattern)


@dataclasses.dataclass
class Work:
    """Regex calls made and characters handed to them (``endpos - pos`` of each call)."""

    calls: int = 0
    chars: int = 0
    by_pattern: dict[str, int] = dataclasses.field(default_factory=dict)  # characters, per pattern


class _Counted:
    """A compiled pattern that counts its calls; otherwise the pattern itself."""

    def __init__(self, rx, work: Work, name: str) -> None:
        self._rx, self._work, self._name = rx, work, name
        self.pattern, self.flags, self.groupindex, self.groups = rx.pattern, rx.flags, rx.groupindex, rx.groups

    def _count(self, string, pos=0, endpos=None) -> None:
        n = len(string) if isinstance(string, str) else 0
        end = n if endpos is None else min(endpos, n)
        w = self._work
        w.calls += 1
        w.chars += max(0, end - pos)
        w.by_pattern[self._name] = w.by_pattern.get(self._name, 0) + max(0, end - pos)

    def search(self, string, *a, **k):
        self._count(string, *a[:2])
        return self._rx.search(string, *a, **k)

    def match(self, string, *a, **k):
        self._count(string, *a[:2])
        return self._rx.match(string, *a, **k)

    def fullmatch(self, string, *a, **k):
        self._count(string, *a[:2])
        return self._rx.fullmatch(string, *a, **k)

    def finditer(self, string, *a, **k):
        self._count(string, *a[:2])
        return self._rx.finditer(string, *a, **k)

    def findall(self, string, *a, **k):
        self._count(string, *a[:2])
        return self._rx.findall(string, *a, **k)

    def sub(self, repl, string, *a, **k):
        self._count(string)
        return self._rx.sub(repl, string, *a, **k)

    def split(self, string, *a, **k):
        self._count(string)
        return self._rx.split(string, *a, **k)


def _wrap(obj, work: Work, name: str, undo: list, seen: set) -> None:
    """Replace, in place, every compiled pattern reachable from ``obj`` (dataclasses, dicts,
    lists and objects with attributes) by a counting proxy; ``undo`` records how to put it back."""
    if id(obj) in seen or isinstance(obj, (str, bytes, int, float, frozenset, type(None))):
        return
    seen.add(id(obj))
    if isinstance(obj, dict):
        for k, v in list(obj.items()):
            if isinstance(v, _PATTERN_TYPES):
                obj[k] = _Counted(v, work, f"{name}.{k}")
                undo.append(lambda o=obj, k=k, v=v: o.__setitem__(k, v))
            elif isinstance(v, tuple) and any(isinstance(x, _PATTERN_TYPES) for x in v):
                obj[k] = tuple(_Counted(x, work, f"{name}.{k}") if isinstance(x, _PATTERN_TYPES) else x for x in v)
                undo.append(lambda o=obj, k=k, v=v: o.__setitem__(k, v))
            else:
                _wrap(v, work, f"{name}.{k}", undo, seen)
        return
    if isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            _wrap(v, work, f"{name}[{i}]", undo, seen)
        return
    if dataclasses.is_dataclass(obj):
        fields = [f.name for f in dataclasses.fields(obj)]
    elif type(obj).__module__.startswith("claimtab.rules") and hasattr(obj, "__dict__"):
        fields = list(vars(obj))  # an AnchoredPattern
    else:
        return
    for f in fields:
        v = getattr(obj, f, None)
        label = f"{name}.{getattr(obj, 'name', '')}.{f}" if hasattr(obj, "name") else f"{name}.{f}"
        if isinstance(v, _PATTERN_TYPES):
            object.__setattr__(obj, f, _Counted(v, work, label))
            undo.append(lambda o=obj, f=f, v=v: object.__setattr__(o, f, v))
        else:
            _wrap(v, work, label, undo, seen)


@contextmanager
def counting(rules):
    """Count the regex work done with ``rules`` (a :class:`~claimtab.rules.compile.Rules`)
    inside the block; yields the :class:`Work` being counted."""
    work = Work()
    undo: list = []
    try:
        _wrap(rules, work, "rules", undo, set())
        yield work
    finally:
        for put_back in reversed(undo):
            put_back()
