"""Numbers as people type them in a sheet: ``4.6x``, ``×4.6``, ``81.5%``, ``1.3B``, ``$1,890``,
``2-3x``, ``~3x``, ``81.5 ± 0.3``, ``1.3e9``, ``3.2×10^4``, ``81,5``; and the units they write
beside them.

:func:`parse_reported` normalizes a cell the way the extractor normalizes a claim's value,
and remembers how precisely it was written (``ulp``) so a checker can tell a rounded value
from a wrong one.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from claimtab.quantities.numbers import parse_number, scales
from claimtab.quantities.units import (
    BARE,
    COUNT,
    CURRENCY,
    FACTOR,
    PERCENT,
    currency_code,
    is_physical,
    sheet_unit,
    unit_class,
)
from claimtab.rules.files import ENV

# unit classes whose disagreement with another is a real unit mismatch
_HARD_CLASSES = frozenset({FACTOR, PERCENT, COUNT, CURRENCY, BARE})


def _scale_words() -> dict[str, float]:
    return _scale_words_for(os.environ.get(ENV))


@cache
def _scale_words_for(env: str | None) -> dict[str, float]:
    return {k.lower(): v for k, v in scales().items()}  # sheets write scales in any case


def _metric_names() -> frozenset[str]:
    return _metric_names_for(os.environ.get(ENV))


@cache
def _metric_names_for(env: str | None) -> frozenset[str]:
    from claimtab.rules.compile import load_rules

    return frozenset(load_rules().metric_names)


def _is_hard(unit: str) -> bool:
    """A unit whose disagreement with another hard unit is a real unit mismatch."""
    return unit_class(unit) in _HARD_CLASSES or is_physical(unit)


@dataclass(frozen=True)
class UnitText:
    """What the words after a number say: a canonical unit (None: not stated), a scale, a hint."""

    unit: str | None = None
    scale: float = 1.0
    hint: str = ""


def canonical_unit(text: str | None) -> UnitText | None:
    """Read a unit as people write it: ``x``, ``%``, ``pp``, ``points``, ``USD``, ``GB``,
    ``billion``, ``% top-1 accuracy`` ... Returns None when the text holds a digit (not a unit)."""
    if text is None:
        return UnitText()
    s = " ".join(str(text).replace("\u00d7", "×").split()).strip()
    if not s:
        return UnitText()
    if re.search(r"(?<![A-Za-z@\-_/^])\d+(?:\.\d+)?(?![A-Za-z])", s):
        return None  # another number ("81.5 82.1", "81.5 of 12"); "A100-days", "top-1", "N/s2" pass
    single = _single_unit(s)
    if single is not None:
        return single
    # a scale word first ("billion parameters"), then a unit followed by words ("% top-1 accuracy")
    first, _, rest = s.lower().partition(" ")
    words = _scale_words()
    if first in words and len(first) > 1:
        inner = canonical_unit(s.split(" ", 1)[1])
        return UnitText(inner.unit if inner else None, words[first] * (inner.scale if inner else 1.0), rest)
    parts = s.split(" ")
    for n in (3, 2, 1):
        if len(parts) > n:
            head = _single_unit(" ".join(parts[:n]))
            if head is not None and head.unit is not None:
                return UnitText(head.unit, head.scale, " ".join(parts[n:]))
    return UnitText(None, 1.0, s)  # words we do not know as a unit ("queries", "FID"): a hint only


def _single_unit(s: str) -> UnitText | None:
    low = s.lower()
    unit = sheet_unit(s)
    if unit is not None:
        return UnitText(unit)
    words = _scale_words()
    if low in words and (len(low) > 1 or s in ("K", "M", "B", "T", "k")):
        return UnitText(None, words[low])
    if low in _metric_names():
        return UnitText(None, 1.0, s)
    return None


def unit_relation(sheet_unit_: str | None, claim_unit: str) -> str:
    """``same``, ``unstated`` (the sheet wrote no unit, or one we cannot hold against the
    paper's) or ``different``."""
    if sheet_unit_ is None:
        return "unstated"
    if sheet_unit_.lower() == claim_unit.lower():
        return "same"
    if _is_hard(sheet_unit_) and _is_hard(claim_unit):
        return "different"
    return "unstated"


@dataclass(frozen=True)
class Reported:
    """A value as the sheet wrote it, normalized like a claim's value."""

    raw: str
    value: float
    value_max: float | None = None
    unit: str | None = None  # canonical unit; None when the sheet wrote none
    scale: float = 1.0  # the scale the sheet wrote (1e9 for "1.3B")
    ulp: float = 1.0  # one unit in the last written place, in value units (0.1 for "81.5")
    ulp_max: float = 1.0
    hint: str = ""  # words after the number that are not a unit ("top-1 accuracy", "queries")
    qualifier: str | None = None  # what a leading "~", "up to", ">" ... says (claims' qualifier names)

    @property
    def unit_class(self) -> str | None:
        return unit_class(self.unit)

    def shown(self) -> str:
        return " ".join(self.raw.split())


_DASH = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2010": "-", "\u00a0": " "})
_QUALIFIER = re.compile(
    r"^(?:~|≈|∼|about|approx(?:imately|\.)?|around|roughly|nearly|almost|circa|ca\.|up\s+to|over|more\s+than|"
    r"at\s+least|at\s+most|less\s+than|fewer\s+than|under|below|above|>=|<=|≥|≤|>|<)\s*",
    re.I,
)
def _qualifier_of(text: str) -> str:
    t = " ".join(text.lower().split())
    if t.startswith("up to"):
        return "up_to"
    if t.startswith(("over", "more", "at least", "above", ">", "≥")):
        return "at_least"
    if t.startswith(("at most", "less", "fewer", "under", "below", "<", "≤")):
        return "at_most"
    return "about"


_NUM = r"(?=[+\-]?\.?\d)[+\-]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)?(?:\.\d+)?(?:[eE][+\-]?\d+)?"
_SCALE = r"(?:\s*(?:thousand|million|billion|trillion|bn|mn)(?![A-Za-z])|[kKMBT](?![A-Za-z])|[mb](?![A-Za-z]))"
_CUR = r"(?:US\$|\\\$|\$|€|£|¥|₹)"
_VALUE = re.compile(
    rf"^(?P<c1>{_CUR})?\s*(?P<a>{_NUM})(?P<sa>{_SCALE})?\s*(?P<ua>%|x|×|X|pp)?"
    rf"(?:\s*(?:-|to|~|\.\.|…)\s*(?P<c2>{_CUR})?\s*(?P<b>{_NUM})(?P<sb>{_SCALE})?)?\s*(?P<u>.*?)\s*$",
)
_DECIMAL_COMMA = re.compile(r"^([+\-]?\d+),(\d{1,2})(?!\d)")


def _number(text: str) -> float | None:
    """A written number; scientific notation ("1.3e9", as spreadsheets export) included."""
    if re.search(r"[eE]", text):
        try:
            v = float(text.replace(",", ""))
        except ValueError:
            return None
        return v if math.isfinite(v) else None
    return parse_number(text)


def _ulp(num: str, scale: float) -> float:
    """One unit in the last place the number was written to ("81.5" -> 0.1, "1.3e9" -> 1e8)."""
    m = re.match(r"^[+\-]?[\d,]*(?:\.(\d+))?(?:[eE]([+\-]?\d+))?$", num)
    dec = len(m.group(1)) if m and m.group(1) else 0
    exp = int(m.group(2)) if m and m.group(2) else 0
    return 10.0 ** (exp - dec) * scale


def _scale_of(text: str | None) -> float:
    if not text:
        return 1.0
    t = text.strip()
    return _scale_words().get(t.lower(), 1.0)


_SCIENTIFIC = re.compile(r"^([+\-]?\d+(?:\.\d+)?)\s*(?:x|\*|·)\s*10\s*\^\s*\{?\s*([+\-]?\d+)\s*\}?\s*(.*)$")
_LEADING_FACTOR = re.compile(r"^[x×X]\s*(\d[\d.,]*)$")


def _clean(raw: str) -> str:
    """A cell's text with its decorations removed: LaTeX, a spread ("± 0.3"), a trailing
    note in brackets, footnote marks; "×4.6" as "4.6x", "3.2×10^4" as "3.2e4"."""
    s = unicodedata.normalize("NFKC", raw).translate(_DASH).strip()
    s = s.replace("$\\times$", "x").replace("\\times", "x").replace("\\%", "%").replace("×", "x")
    s = re.sub(r"\s*(?:±|\+/-|\+-)\s*[\d.]+\s*", " ", s)  # "81.5 ± 0.3"
    s = re.sub(r"\s*\([^)]*\)\s*$", "", s)  # "81.5 (top-1)"
    s = re.sub(r"\*+$", "", s).strip()  # footnote marks
    m = _SCIENTIFIC.match(s)
    if m:
        s = f"{m.group(1)}e{m.group(2)} {m.group(3)}".strip()
    m = _LEADING_FACTOR.match(s)
    return m.group(1) + "x" if m else s


def parse_reported(text: Any, unit: Any = None) -> Reported | None:
    """Parse a value as typed in a spreadsheet; ``unit`` is the sheet's unit column, if any.

    ``"4.6x"`` -> 4.6 x; ``"81.5%"`` -> 81.5 %; ``"1.3B"`` -> 1.3e9 (unit not stated, scale 1e9);
    ``"$1,890"`` -> 1890 USD; ``"2-3x"`` -> 2..3 x; ``"~3x"``, ``">90%"`` (qualifiers are dropped);
    ``"81.5 ± 0.3"`` -> 81.5. Returns None when no number can be read.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        text = repr(float(text)) if isinstance(text, float) else str(text)
    raw = str(text)
    s = _clean(raw)
    qualifier = None
    prev = None
    while prev != s:
        m = _QUALIFIER.match(s)
        if m and qualifier is None:
            qualifier = _qualifier_of(m.group(0))
        prev, s = s, _QUALIFIER.sub("", s)
    if "." not in s:
        s = _DECIMAL_COMMA.sub(r"\1.\2", s)
    m = _VALUE.match(s)
    if not m:
        return None
    a = _number(m.group("a"))
    if a is None:
        return None
    sa, sb = _scale_of(m.group("sa")), _scale_of(m.group("sb"))
    if m.group("b") is not None and m.group("sa") is None:
        sa = sb  # "1-2B" is 1B to 2B
    tail = m.group("u")
    if tail in ("-", "—", "~"):
        return None  # "5-": a range that lost its end, not a unit
    inline = m.group("ua")
    unit_text = canonical_unit(tail)
    if unit_text is None:
        return None
    if inline:
        inline_unit = canonical_unit(inline)
        if unit_text.unit is None and inline_unit is not None:
            unit_text = UnitText(inline_unit.unit, unit_text.scale, unit_text.hint)
    cur = m.group("c1") or m.group("c2")
    u = unit_text.unit
    if cur:
        u = currency_code(cur) or "USD"
    if unit is not None and not (isinstance(unit, float) and math.isnan(unit)) and str(unit).strip():
        col = canonical_unit(str(unit))
        if col is not None:
            if col.unit is not None:
                u = col.unit
            if col.scale != 1.0 and sa == 1.0:
                sa = sb = col.scale
    extra = unit_text.scale
    value = a * sa * extra
    vmax = None
    ulp_max = 1.0
    if m.group("b") is not None:
        b = _number(m.group("b"))
        if b is None:
            return None
        vmax = b * sb * extra
        ulp_max = _ulp(m.group("b"), sb * extra)
        if vmax < value:
            value, vmax = vmax, value
        if vmax == value:
            vmax = None
    if not (math.isfinite(value) and (vmax is None or math.isfinite(vmax))):
        return None
    return Reported(
        raw=raw, value=value, value_max=vmax, unit=u, scale=sa * extra, ulp=_ulp(m.group("a"), sa * extra),
        ulp_max=ulp_max, hint=unit_text.hint, qualifier=qualifier,
    )


