"""Number normalization: small pure functions that turn written numbers into floats.

Every public function here takes a string and returns a value or ``None``; none of
them raises on any input (a property test checks that on arbitrary text).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from claimtab.quantities.units import currency_code
from claimtab.rules.files import ENV, load, patterns_dir
from claimtab.rules.schema import NumbersFile


@dataclass(frozen=True)
class Tables:
    """The number words and scales of numbers.toml."""

    scales: dict[str, float]
    units: dict[str, float]
    tens: dict[str, float]
    multipliers: dict[str, float]
    factor_words: dict[str, float]


@cache
def _tables_for(root: Path) -> Tables:
    data = load(root, "numbers.toml", NumbersFile)
    return Tables(data.scales, data.word_units, data.word_tens, data.word_multipliers, data.factor_words)


@cache
def _default_tables(env: str | None) -> Tables:
    return _tables_for(patterns_dir())


def tables() -> Tables:
    """The tables of the active patterns folder (see :func:`claimtab.rules.files.patterns_dir`)."""
    return _default_tables(os.environ.get(ENV))


def scales() -> dict[str, float]:
    """Scale suffixes and words: ``{"K": 1e3, "billion": 1e9, ...}``."""
    return tables().scales


_DIGITS = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_THIN_SPACES = re.compile(r"(?<=\d)(?:\\,|\{,\}|\u2009|\u202f|\u00a0)(?=\d{3}\b)")
_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u2012": "-"})


def _finite(v: float | None) -> float | None:
    if v is None or not math.isfinite(v):
        return None
    return v


def parse_number(text: str) -> float | None:
    """Parse a written number: "1,890" -> 1890.0, ".5" -> 0.5, "-0.33" -> -0.33, "two" -> 2.0.

    Thousands separators (",", thin spaces, LaTeX ``\\,``) are accepted; scale words are not
    (see :func:`parse_scaled`). Returns None when the text is not a number.
    """
    if not isinstance(text, str):
        return None
    s = text.strip().translate(_DASHES)
    if not s:
        return None
    s = _THIN_SPACES.sub("", s)
    if _DIGITS.match(s) and any(ch.isdigit() for ch in s):
        try:
            return _finite(float(s.replace(",", "")))
        except ValueError:
            return None
    return parse_number_words(s)


@lru_cache(maxsize=4096)
def parse_number_words(text: str) -> float | None:
    """Parse English number words: "two" -> 2, "twenty-five" -> 25, "a hundred" -> 100."""
    if not isinstance(text, str):
        return None
    words = re.split(r"[\s-]+", text.strip().lower())
    if not words or words == [""] or len(words) > 8:
        return None
    t = tables()
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w == "and" and seen:
            continue
        if w in t.units:
            current += t.units[w]
        elif w in t.tens:
            current += t.tens[w]
        elif w in t.multipliers:
            mult = t.multipliers[w]
            current = (current or 1) * mult
            if mult >= 1e3:
                total += current
                current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + current


def scale_factor(word: str | None) -> float | None:
    """Multiplier of a scale suffix or word: "K" -> 1e3, "billion" -> 1e9; None when unknown."""
    if not word or not isinstance(word, str):
        return None
    w = word.strip()
    table = tables().scales
    if w in table:
        return table[w]
    return table.get(w.lower()) if len(w) > 2 else None


def parse_scaled(text: str) -> float | None:
    """Parse a number with an optional scale: "1.3B" -> 1.3e9, "16k" -> 16000, "100\\,M" -> 1e8."""
    if not isinstance(text, str):
        return None
    m = re.match(
        r"^\s*([+-]?[\d.,]+|[a-z-]+?)\s*(?:\\,|\\ |\s)?\s*(k|K|M|B|T|bn|mn|thousand|million|billion|trillion)?\s*$",
        text.strip(),
    )
    if not m:
        return None
    base = parse_number(m.group(1))
    if base is None:
        return None
    mult = scale_factor(m.group(2)) if m.group(2) else 1.0
    return _finite(base * (mult or 1.0))


_FACTOR_RE = re.compile(
    r"""^\s*\$?\s*(?P<num>[\d.,]+|[a-z-]+)\s*\$?\s*
        (?:\\times|\\x|×|x|X|times|-?fold|\$\\times\$)\s*\$?\s*$""",
    re.X,
)
_ORDERS_RE = re.compile(r"^\s*(?P<n>an?|one|two|three|four|five|six|several|\d+)\s+orders?\s+of\s+magnitude\s*$", re.I)


def parse_factor(text: str) -> float | None:
    """Parse a multiplicative factor: "4.6x", "$4.6\\times$", "40times", "6.13-fold", "doubles", "an order of magnitude"."""
    if not isinstance(text, str):
        return None
    s = text.strip()
    low = s.lower()
    words = tables().factor_words
    if low in words:
        return float(words[low])
    m = _ORDERS_RE.match(s)
    if m:
        n = m.group("n").lower()
        if n == "several":
            return None
        k = parse_number(n)
        return None if k is None else _finite(10.0**k) if k < 300 else None
    m = _FACTOR_RE.match(s)
    if m:
        return parse_number(m.group("num"))
    return None


def parse_percent(text: str) -> float | None:
    """Parse a percentage: "87%", "87\\%", "87 percent", "$12%$" -> 87.0 / 12.0."""
    if not isinstance(text, str):
        return None
    m = re.match(r"^\s*\$?\s*([+-]?[\d.,]+)\s*(?:\\?%|percent|per\s+cent)\s*\$?\s*$", text.strip().translate(_DASHES))
    return parse_number(m.group(1)) if m else None




def parse_money(text: str) -> tuple[float, str] | None:
    """Parse an amount of money: "$1,890" / "\\1,890" (a dollar sign lost to LaTeX) -> (1890.0, "USD")."""
    if not isinstance(text, str):
        return None
    s = text.strip()
    m = re.match(r"^(US\$|\\\$|\$|\\|€|£|¥|₹)\s*([\d.,]+)\s*(k|K|M|B|thousand|million|billion)?$", s)
    if m:
        v = parse_scaled(m.group(2) + (m.group(3) or ""))
        return None if v is None else (v, currency_code(m.group(1)) or "USD")
    m = re.match(r"^([\d.,]+)\s*(k|K|M|B|thousand|million|billion)?\s*(USD|EUR|GBP|CNY|RMB|JPY|dollars?|euros?)$", s, re.I)
    if m:
        v = parse_scaled(m.group(1) + (m.group(2) or ""))
        return None if v is None else (v, currency_code(m.group(3)) or m.group(3).upper())
    return None


def normalize_range(lo: float | None, hi: float | None) -> tuple[float | None, float | None]:
    """Store a range low to high; a degenerate range collapses to a single value."""
    if lo is None:
        return hi, None
    if hi is None or hi == lo:
        return lo, None
    return (lo, hi) if lo <= hi else (hi, lo)


def decimals(text: str) -> int:
    """How many digits after the decimal point a written number has ("81.50" -> 2)."""
    if not isinstance(text, str):
        return 0
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0
