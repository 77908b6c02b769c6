"""Number normalization: small pure functions that turn written numbers into floats.

Every public function here takes a string and returns a value or ``None``; none of
them raises on any input (a property test checks that on arbitrary text).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

SCALES: dict[str, float] = {
    "k": 1e3,
    "K": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "m": 1e6,
    "M": 1e6,
    "mn": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "B": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "t": 1e12,
    "T": 1e12,
    "trillion": 1e12,
    "trillions": 1e12,
}

_UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_MULT_WORDS = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

# Words that are themselves a factor ("doubles throughput" is a 2x claim).
FACTOR_WORDS: dict[str, float] = {
    "double": 2,
    "doubles": 2,
    "doubled": 2,
    "doubling": 2,
    "twice": 2,
    "halve": 2,
    "halves": 2,
    "halved": 2,
    "halving": 2,
    "triple": 3,
    "triples": 3,
    "tripled": 3,
    "tripling": 3,
    "thrice": 3,
    "quadruple": 4,
    "quadruples": 4,
    "quadrupled": 4,
    "quadrupling": 4,
}

_DIGITS = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_THIN_SPACES = re.compile(r"(?<=\d)(?:\\,|\u2009|\u202f|\u00a0)(?=\d{3}\b)")
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
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w == "and" and seen:
            continue
        if w in _UNITS_WORDS:
            current += _UNITS_WORDS[w]
        elif w in _TENS_WORDS:
            current += _TENS_WORDS[w]
        elif w in _MULT_WORDS:
            mult = _MULT_WORDS[w]
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
    if w in SCALES:
        return SCALES[w]
    return SCALES.get(w.lower()) if len(w) > 2 else None


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
    if low in FACTOR_WORDS:
        return float(FACTOR_WORDS[low])
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


CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "\\$": "USD", "\\": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "₹": "INR"}
CURRENCY_CODES = {"usd", "eur", "gbp", "cny", "rmb", "jpy", "inr", "dollars", "dollar", "euros", "euro"}


def parse_money(text: str) -> tuple[float, str] | None:
    """Parse an amount of money: "$1,890" / "\\1,890" (a dollar sign lost to LaTeX) -> (1890.0, "USD")."""
    if not isinstance(text, str):
        return None
    s = text.strip()
    m = re.match(r"^(US\$|\\\$|\$|\\|€|£|¥|₹)\s*([\d.,]+)\s*(k|K|M|B|thousand|million|billion)?$", s)
    if m:
        v = parse_scaled(m.group(2) + (m.group(3) or ""))
        return None if v is None else (v, CURRENCY_SYMBOLS[m.group(1)])
    m = re.match(r"^([\d.,]+)\s*(k|K|M|B|thousand|million|billion)?\s*(USD|EUR|GBP|CNY|RMB|JPY|dollars?|euros?)$", s, re.I)
    if m:
        v = parse_scaled(m.group(1) + (m.group(2) or ""))
        code = m.group(3).upper()
        code = {"DOLLAR": "USD", "DOLLARS": "USD", "EURO": "EUR", "EUROS": "EUR"}.get(code, code)
        return None if v is None else (v, code)
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
