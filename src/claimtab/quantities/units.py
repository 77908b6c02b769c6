"""Units: what the unit written after a number means, which class a unit is in, currencies.

The one home of units for the extractor, ``evaluate``, ``check``, ``lint``, ``views`` and
``render``; the knowledge itself is ``patterns/units.toml``. Two classifications exist on
purpose and are defined here side by side:

- :func:`score_class` is the spec's (claims-spec section 4): factor, percent, count,
  currency, other -- what the scorer compares;
- :func:`unit_class` is finer, for checking a sheet: it splits "other" into ``bare`` (a
  plain number: FID, BLEU) and ``physical`` (ms, GB, GPU-hours).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from claimtab.rules.files import ENV, load, patterns_dir
from claimtab.rules.schema import UnitsFile

FACTOR, PERCENT, COUNT, CURRENCY, BARE, PHYSICAL, OTHER = (
    "factor", "percent", "count", "currency", "bare", "physical", "other",
)
_RATE = re.compile(r"(?i)^\s?-?\s?([a-z]+)\s*(?:/|per\s+)\s*(s|sec|second|ms|hour|day)\b")
_KEY_DROP = re.compile(r"[\s\-$]+")


@dataclass(frozen=True)
class Vocabulary:
    """units.toml, indexed for look-up."""

    physical: dict[str, tuple[str, str]]  # collapsed surface -> (canonical, dimension)
    written: dict[str, tuple[str, str]]  # collapsed surface -> (canonical, mention class)
    currencies: dict[str, str]  # symbol or lower-case word -> ISO code
    classes: dict[str, str]  # lower-case spelling -> spec class
    sheet: dict[str, str]  # lower-case sheet spelling -> canonical unit
    metric_units: dict[str, str]
    canonical_physical: frozenset[str]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.currencies.values())


@cache
def _vocabulary_for(root: Path) -> Vocabulary:
    data = load(root, "units.toml", UnitsFile)
    classes = {u.lower(): cls for cls, spellings in data.classes.items() for u in spellings}
    sheet = {w.lower(): unit for unit, spellings in data.sheet.items() for w in spellings}
    return Vocabulary(
        physical={k: (v[0], v[1]) for k, v in data.unit.items()},
        written={k: (v[0], v[1]) for k, v in data.written.items()},
        currencies=dict(data.currencies),
        classes=classes,
        sheet=sheet,
        metric_units=dict(data.metric_units),
        canonical_physical=frozenset(v[0] for v in data.unit.values()),
    )


@cache
def _default(env: str | None) -> Vocabulary:
    return _vocabulary_for(patterns_dir())


def vocabulary(root: Path | None = None) -> Vocabulary:
    """The units of ``root`` (default: the active patterns folder)."""
    return _vocabulary_for(root) if root is not None else _default(os.environ.get(ENV))


def collapsed(text: str) -> str:
    """A unit as it is looked up: lower case, without spaces, hyphens and $."""
    return _KEY_DROP.sub("", text.lower())


def currency_code(symbol_or_word: str | None, vocab: Vocabulary | None = None) -> str | None:
    """"$" -> "USD", "euros" -> "EUR", "RMB" -> "CNY"; None when it names no currency."""
    if not symbol_or_word:
        return None
    table = (vocab or vocabulary()).currencies
    s = symbol_or_word.strip()
    return table.get(s) or table.get(s.lower())


def mention_unit(raw: str | None, vocab: Vocabulary | None = None) -> tuple[str, str]:
    """(canonical unit, mention class) of the unit text the number grammar found after a
    number: "%" -> ("%", "percent"), " GPU hours" -> ("GPU-hours", "gpu_time"),
    "tokens/s" -> ("tokens/s", "rate"); ("", "") when there is none."""
    if not raw:
        return "", ""
    v = vocab or vocabulary()
    s = raw.strip().strip("$").strip()
    key = collapsed(s)
    if key in v.written:
        return v.written[key]
    code = v.currencies.get(s.lower())
    if code is not None and s[:1].isalpha():
        return code, "currency"
    m = _RATE.match(s)
    if m and m.group(1).lower() not in ("frames", "frame"):
        noun, per = m.group(1), m.group(2).lower()
        return (f"{noun}/s" if per.startswith("s") else f"{noun}/{m.group(2)}"), "rate"
    key = re.sub(r"[\s-]+", "", s.lower())
    if key in v.physical:
        return v.physical[key]
    return s, "other"


def metric_unit(metric: str, vocab: Vocabulary | None = None) -> str:
    """The unit a metric names ("frames per second" -> "fps"), else the metric itself."""
    low = metric.lower()
    return next((u for word, u in (vocab or vocabulary()).metric_units.items() if word in low), metric)


def score_class(unit: object) -> str:
    """The spec's unit class of a unit cell: factor, percent, count, currency or other."""
    if unit is None or (isinstance(unit, float) and unit != unit):
        return OTHER
    return vocabulary().classes.get(str(unit).strip().lower(), OTHER)


def unit_class(unit: str | None) -> str | None:
    """The class of a canonical unit for checking (None for an unstated unit): the spec's
    classes, with "other" split into ``bare`` (no unit) and ``physical``."""
    if unit is None:
        return None
    if unit == "":
        return BARE
    if unit in vocabulary().codes:
        return CURRENCY
    cls = score_class(unit)  # x, %, pp and count are in the spec's classes
    return PHYSICAL if cls in (OTHER, CURRENCY) else cls


def sheet_unit(text: str) -> str | None:
    """A unit as a person types it in a sheet, as a canonical unit; None when unknown.

    Sheet spellings (``times``, ``pct``, ``% points``), currencies (``$``, ``euro``) and the
    physical units (``GB``, ``GPU hours``, ``ms``) are read, in any case."""
    v = vocabulary()
    low = text.strip().lower()
    if low in v.sheet:
        return v.sheet[low]
    code = currency_code(low, v)
    if code is not None:
        return code
    key = re.sub(r"[\s\-]+", "", low)
    if key in v.physical:
        return v.physical[key][0]
    for c in v.canonical_physical:
        if c.lower() == low:
            return c
    return None


def is_physical(unit: str) -> bool:
    """A canonical physical unit of units.toml ("ms", "GB", "GPU-hours")."""
    return unit in vocabulary().canonical_physical
