"""Check numbers a person reported in a spreadsheet against the claims of the papers.

A *sheet* row names a paper (id or title) and a value as people type it (``4.6x``,
``81.5%``, ``1.3B``, ``$1,890``, ``-0.3``, ``2-3x``), optionally with ``kind``,
``metric``, ``dataset``, ``baseline`` and ``unit``. Each row gets one status, tried in
this order:

``confirmed``
    a claim of the paper states this value: equal normalized value (and range) and a
    compatible unit. A bare number (``4.6``) fits any unit, a bare fraction a percentage
    (``0.815`` = ``81.5%``), ``81.5%`` an accuracy the paper wrote as ``81.5``, and ``pp`` a
    ``%`` whose sentence says "points" or "absolute". A ``kind`` given by the sheet must be
    the claim's (or a related one: speedup/efficiency/reduction/cost, score/delta,
    params/data_size). ``metric``, ``dataset`` and ``baseline`` are compared by loose token
    overlap; because the extractor links them loosely, a value the paper states is never
    reported as wrong on their account alone: the evidence notes what differs.
``rounded``
    a claim agrees within the precision the sheet wrote (sheet ``81.5``, paper ``81.46``).
``unit_mismatch``
    the same digits in a different unit or scale (``1.3`` vs ``1.3B``, ``%`` vs ``pp``,
    ``x`` vs ``%``).
``mismatch``
    the paper states a different value for the same thing, and one candidate is clearly the
    one meant. Candidates are the claims of the sheet's kind (when given) in a compatible
    unit class. A candidate is clear when it is the only one a slip of the hand away (the
    same digits with the point moved or the sign flipped, one digit typed wrong, two
    swapped, one dropped or doubled, a range that lost or gained a bound), or the best such
    by context, kind of slip, qualifier/unit as written and (by a factor of three) numeric
    nearness; when nothing is that close, the only claim agreeing on metric/dataset/baseline,
    or the only claim of that kind and unit class. Ties between equally close claims are
    broken by the sheet's order when the paper's other rows follow the paper's order.
``ambiguous``
    several candidate claims fit equally well (listed in ``candidates``).
``not_found``
    no claim of the paper fits, or the paper is not among the papers given
    (the evidence says which; it lists the paper's claims of that kind and unit).
``invalid``
    the value cell holds no number this module can read (``n/a``, empty).

Paper references are matched by id (case-insensitive; ``arXiv:`` prefixes, arXiv URLs,
version suffixes and ids that a spreadsheet turned into numbers, ``2101.1`` for
``2101.10000``, are accepted), then by title: exact after case and punctuation
folding, then the part before a colon (``FlatFormer`` for ``FlatFormer: Flattened
...``), then a prefix of at least 15 characters. A reference that matches several
papers raises :class:`AmbiguousPaper` (one line listing the candidates): the user must
give the id. An unknown paper gives the row status ``not_found``.

A value that is a URL, or a row of kind ``code_url`` or ``benchmark``, is checked by the
spec's normalized URL or benchmark name instead.

The report keeps the sheet's rows in order with its own columns, then ``status``,
``paper_value``, ``paper_unit``, ``evidence``, ``start``, ``end`` (offsets of the claim's
text in its field) and, when some row lists candidates, ``candidates``; a sheet column
that already has one of these names pushes the new one to ``check_<name>``.

Everything here is pure: :func:`check_sheet` takes the sheet as a DataFrame of text and a
:class:`PaperIndex` built once from the claims table (claims grouped by paper).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from claimtab.model import KINDS, NUMERIC_KINDS
from claimtab.quantities.cells import integer as _int
from claimtab.quantities.cells import missing as _missing
from claimtab.quantities.cells import number as _float
from claimtab.quantities.cells import text as _text
from claimtab.quantities.numbers import parse_number, scales

__all__ = [
    "FLAGGED",
    "REPORT_COLUMNS",
    "ROLES",
    "STATUSES",
    "AmbiguousPaper",
    "Outcome",
    "PaperClaim",
    "PaperIndex",
    "Reported",
    "SheetColumns",
    "check_row",
    "check_sheet",
    "detect_columns",
    "format_value",
    "normalize_kind",
    "parse_reported",
    "sig_digits",
    "slip",
    "typo_distance",
]

STATUSES: tuple[str, ...] = (
    "confirmed", "rounded", "unit_mismatch", "mismatch", "ambiguous", "not_found", "invalid",
)
FLAGGED = frozenset({"mismatch", "unit_mismatch"})
REPORT_COLUMNS: tuple[str, ...] = ("status", "paper_value", "paper_unit", "evidence", "start", "end")
CANDIDATES_COLUMN = "candidates"

# --------------------------------------------------------------------------- units

FACTOR, PERCENT, COUNT, CURRENCY, BARE, PHYSICAL = "factor", "percent", "count", "currency", "bare", "physical"

_FACTOR_WORDS = {"x", "×", "times", "fold", "-fold", "folds", "\\times", "$\\times$", "X"}
_PERCENT_WORDS = {"%", "\\%", "percent", "per cent", "pct", "percentage"}
_POINT_WORDS = {
    "pp", "p.p.", "p.p", "pt", "pts", "point", "points", "percentage point", "percentage points",
    "percent point", "percent points", "% points", "%-points", "% pts", "%pts", "%pt", "% point", "ppt", "ppts",
}
_CURRENCIES = {
    "$": "USD", "us$": "USD", "\\$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "CNY", "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "jpy": "JPY", "yen": "JPY",
    "₹": "INR", "inr": "INR",
}
_COUNT_WORDS = {"count", "#", "n", "number"}
_BARE_WORDS = {"none", "unitless", "no unit", "-", "—", "plain"}
_SCALE_WORDS = {k.lower(): v for k, v in scales().items()}  # sheets write scales in any case
_HARD_CLASSES = frozenset({FACTOR, PERCENT, COUNT, CURRENCY, BARE})


@cache
def _lexicon() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """(surface -> canonical physical unit, the canonical units, the metric names, lower-cased)."""
    from claimtab.rules.compile import load_rules

    pats = load_rules()
    units = {k: v[0] for k, v in pats.units.items()}  # noqa: the physical units
    return units, frozenset(units.values()), frozenset(pats.metric_names)


def _unit_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "", text.lower())


def unit_class(unit: str | None) -> str | None:
    """The spec's unit class of a canonical unit (None for an unstated unit)."""
    if unit is None:
        return None
    if unit == "x":
        return FACTOR
    if unit in ("%", "pp"):
        return PERCENT
    if unit == "count":
        return COUNT
    if unit == "":
        return BARE
    if unit in set(_CURRENCIES.values()):
        return CURRENCY
    return PHYSICAL


def _is_hard(unit: str) -> bool:
    """A unit whose disagreement with another hard unit is a real unit mismatch."""
    return unit_class(unit) in _HARD_CLASSES or unit in _lexicon()[1]


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
    low = s.lower()
    single = _single_unit(s, low)
    if single is not None:
        return single
    # a scale word first ("billion parameters"), then a unit followed by words ("% top-1 accuracy")
    first, _, rest = low.partition(" ")
    if first in _SCALE_WORDS and len(first) > 1:
        inner = canonical_unit(s.split(" ", 1)[1])
        return UnitText(inner.unit if inner else None, _SCALE_WORDS[first] * (inner.scale if inner else 1.0), rest)
    for n in (3, 2, 1):
        words = s.split(" ")
        if len(words) > n:
            head = _single_unit(" ".join(words[:n]), " ".join(words[:n]).lower())
            if head is not None and head.unit is not None:
                return UnitText(head.unit, head.scale, " ".join(words[n:]))
    return UnitText(None, 1.0, s)  # words we do not know as a unit ("queries", "FID"): a hint only


def _single_unit(s: str, low: str) -> UnitText | None:
    if s in _FACTOR_WORDS or low in _FACTOR_WORDS:
        return UnitText("x")
    if low in _PERCENT_WORDS:
        return UnitText("%")
    if low in _POINT_WORDS:
        return UnitText("pp")
    if low in _CURRENCIES:
        return UnitText(_CURRENCIES[low])
    if low in _COUNT_WORDS:
        return UnitText("count")
    if low in _BARE_WORDS:
        return UnitText("")
    if low in _SCALE_WORDS and (len(low) > 1 or s in ("K", "M", "B", "T", "k")):
        return UnitText(None, _SCALE_WORDS[low])
    units, canon, metrics = _lexicon()
    key = _unit_key(s)
    if key in units:
        return UnitText(units[key])
    for c in canon:
        if c.lower() == low:
            return UnitText(c)
    if low in metrics:
        return UnitText(None, 1.0, s)
    return None


def unit_relation(sheet_unit: str | None, claim_unit: str) -> str:
    """``same``, ``unstated`` (the sheet wrote no unit, or one we cannot hold against the
    paper's) or ``different``."""
    if sheet_unit is None:
        return "unstated"
    if sheet_unit.lower() == claim_unit.lower():
        return "same"
    if _is_hard(sheet_unit) and _is_hard(claim_unit):
        return "different"
    return "unstated"


# --------------------------------------------------------------------------- values


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
    return _SCALE_WORDS.get(t.lower(), 1.0)


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
    s = unicodedata.normalize("NFKC", raw).translate(_DASH).strip()
    s = s.replace("$\\times$", "x").replace("\\times", "x").replace("\\%", "%")
    s = re.sub(r"\s*(?:±|\+/-|\+-)\s*[\d.]+\s*", " ", s)  # "81.5 ± 0.3"
    s = re.sub(r"\s*\([^)]*\)\s*$", "", s)  # "81.5 (top-1)"
    s = re.sub(r"\*+$", "", s).strip()  # footnote marks
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
        u = _CURRENCIES.get(cur.lower(), "USD")
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


def sig_digits(value: float) -> str:
    """The significant digits of a number, without sign, point, leading or trailing zeros
    (81.46 -> "8146", 1.3e9 -> "13", 0.05 -> "5")."""
    if value == 0 or not math.isfinite(value):
        return "0"
    mant = f"{abs(value):.11e}".split("e")[0].replace(".", "")
    return mant.rstrip("0") or "0"


def typo_distance(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[lb]


def _equal(a: float, b: float) -> bool:
    return a == b or math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


def _within(sheet: float, paper: float, ulp: float) -> bool:
    """``paper`` rounds to ``sheet`` at the sheet's precision."""
    return abs(paper - sheet) <= ulp / 2 * (1 + 1e-9) + 1e-12 * max(abs(sheet), 1.0)


def format_value(value: float | None, value_max: float | None = None) -> str:
    """A claim's value for people: ``81.46``, ``1.3B``, ``4.1-7.5``."""

    def one(v: float) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        a = abs(v)
        for suffix, mult in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
            if a >= mult and _equal(round(v / mult, 3), v / mult):
                return f"{v / mult:.3f}".rstrip("0").rstrip(".") + suffix
        text = f"{v:.12g}"
        if "e" in text:
            text = f"{v:.12f}".rstrip("0").rstrip(".")
        return text

    if value_max is None or (isinstance(value_max, float) and math.isnan(value_max)):
        return one(value)
    return f"{one(value)}-{one(value_max)}"


def _with_unit(value: str, unit: str) -> str:
    if not unit:
        return value
    if unit in ("x", "%"):
        return value + unit
    if unit == "USD":
        return "$" + value
    if unit == "count":
        return value
    return f"{value} {unit}"


# --------------------------------------------------------------------------- context

_STOP = frozenset({"the", "a", "an", "of", "on", "in", "for", "and", "to", "with", "at", "by", "vs", "over", "than"})
_KIND_ALIASES = {
    "speed_up": "speedup", "speed": "speedup", "acceleration": "speedup",
    "param": "params", "parameters": "params", "parameter": "params", "parameter_count": "params",
    "model_size": "params", "data": "data_size", "dataset_size": "data_size", "datasize": "data_size",
    "size": "data_size", "improvement": "delta", "gain": "delta", "drop": "delta", "change": "delta",
    "url": "code_url", "code": "code_url", "link": "code_url", "scores": "score", "result": "score",
    "latency": "efficiency", "throughput": "efficiency", "saving": "reduction", "savings": "reduction",
    "price": "cost", "budget": "cost",
}
_RELATED = {
    "speedup": {"efficiency", "reduction", "delta"},
    "efficiency": {"speedup", "cost", "reduction"},
    "reduction": {"efficiency", "cost", "speedup"},
    "cost": {"efficiency", "reduction"},
    "score": {"delta"},
    "delta": {"score", "speedup"},
    "params": {"data_size"},
    "data_size": {"params"},
}


def normalize_kind(text: Any) -> str | None:
    """A claim kind from a sheet cell (``Speed-up`` -> ``speedup``); None when unknown or empty."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    key = re.sub(r"[\s\-]+", "_", str(text).strip().lower())
    if not key:
        return None
    key = _KIND_ALIASES.get(key, key)
    return key if key in KINDS else None


def tokens(text: Any) -> frozenset[str]:
    """Lower-cased content words (articles and the like removed, a plural s dropped)."""
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return frozenset()
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", str(text)).lower())
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words if w not in _STOP)


def overlap(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """Loose agreement of two token sets: None when either is empty, else half of the
    smaller set shared (or one name contained in the other, "ImageNet" / "ImageNet-1K")."""
    if not a or not b:
        return None
    shared = len(a & b)
    if shared * 2 >= min(len(a), len(b)):
        return True
    ja, jb = "".join(sorted(a)), "".join(sorted(b))
    return ja in jb or jb in ja


@dataclass(frozen=True)
class Context:
    """What the sheet says about the number besides the value."""

    kind: str | None = None
    metric: frozenset[str] = frozenset()
    dataset: frozenset[str] = frozenset()
    baseline: frozenset[str] = frozenset()
    hint: frozenset[str] = frozenset()  # words typed after the value ("top-1 accuracy")

    @property
    def has_fields(self) -> bool:
        return bool(self.metric or self.dataset or self.baseline)


@dataclass(frozen=True)
class PaperClaim:
    """One numeric claim of a paper, prepared once for comparisons."""

    paper_id: str
    kind: str
    value: float
    value_max: float | None
    unit: str
    metric: str | None
    dataset: str | None
    baseline: str | None
    text: str
    start: int | None
    end: int | None
    field: str
    metric_t: frozenset[str]
    dataset_t: frozenset[str]
    baseline_t: frozenset[str]
    digits: str
    order: int
    alt_units: frozenset[str] = frozenset()  # other units the text supports ("%" said with "points")
    qualifier: str = "exact"

    @property
    def unit_class(self) -> str:
        return unit_class(self.unit) or BARE

    def shown(self) -> str:
        return _with_unit(format_value(self.value, self.value_max), self.unit)

    def where(self) -> str:
        return f"{self.field} {self.start}-{self.end}" if self.start is not None else self.field

    def describe(self) -> str:
        parts = [self.kind] + [p for p in (self.metric, self.dataset) if p]
        if self.baseline:
            parts.append(f"vs {self.baseline}")
        return f'"{_clip(self.text)}" ({", ".join(parts)}; {self.where()})'

    def listing(self) -> str:
        return f'{self.shown()} "{_clip(self.text, 60)}" [{self.start}:{self.end}]'


def _clip(text: str, n: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass(frozen=True)
class Fit:
    """How a claim's context fits the sheet's: contradicted fields and agreement score.

    A different kind rules a claim out; a metric, dataset or baseline that shares no word
    with the sheet's only lowers the score (the extractor links those loosely)."""

    contradicts: tuple[str, ...]
    agrees: tuple[str, ...]
    score: float

    @property
    def other_kind(self) -> bool:
        return "kind" in self.contradicts

    @property
    def soft(self) -> tuple[str, ...]:
        return tuple(c for c in self.contradicts if c != "kind")


def fit(ctx: Context, c: PaperClaim) -> Fit:
    contra: list[str] = []
    agree: list[str] = []
    score = 0.0
    if ctx.kind:
        if c.kind == ctx.kind:
            agree.append("kind")
            score += 1.0
        elif c.kind in _RELATED.get(ctx.kind, ()):
            score += 0.25
        else:
            contra.append("kind")
    for name, mine, theirs in (
        ("metric", ctx.metric, c.metric_t), ("dataset", ctx.dataset, c.dataset_t), ("baseline", ctx.baseline, c.baseline_t),
    ):
        ok = overlap(mine, theirs)
        if ok is True:
            agree.append(name)
            score += 1.0
        elif ok is False:
            contra.append(name)
            score -= 1.0
    if ctx.hint and overlap(ctx.hint, c.metric_t | c.dataset_t):
        score += 0.5
    return Fit(tuple(contra), tuple(agree), score)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class Outcome:
    """The result for one sheet row."""

    status: str
    claim: PaperClaim | None = None
    evidence: str = ""
    candidates: tuple[PaperClaim, ...] = ()


def _units_ok(rep: Reported, c: PaperClaim) -> str:
    if rep.unit is not None and rep.unit in c.alt_units:
        return "same"
    return unit_relation(rep.unit, c.unit)


def _exact(rep: Reported, c: PaperClaim) -> bool:
    if (rep.value_max is None) != (c.value_max is None):
        return False
    return _equal(rep.value, c.value) and (rep.value_max is None or _equal(rep.value_max, c.value_max))


def _rounded(rep: Reported, c: PaperClaim, factor: float = 1.0) -> bool:
    """``c`` (divided by ``factor``) rounds to the sheet's value at the sheet's precision."""
    if (rep.value_max is None) != (c.value_max is None):
        return False
    if not _within(rep.value, c.value / factor, rep.ulp):
        return False
    return rep.value_max is None or _within(rep.value_max, c.value_max / factor, rep.ulp_max)


def _fraction_match(rep: Reported, c: PaperClaim) -> str | None:
    """A bare fraction for a percentage (0.815 vs 81.5%) or a percentage for a fraction."""
    if rep.unit is None and c.unit == "%" and abs(rep.value) <= 1 and (rep.value_max is None or abs(rep.value_max) <= 1):
        if _exact_scaled(rep, c, 100.0):
            return "exact"
        if _rounded(rep, c, 100.0):
            return "rounded"
    if rep.unit == "%" and c.unit == "" and abs(c.value) <= 1 and abs(rep.value) > 1:
        if _exact_scaled(rep, c, 0.01):
            return "exact"
        if _rounded(rep, c, 0.01):
            return "rounded"
    return None


def _exact_scaled(rep: Reported, c: PaperClaim, factor: float) -> bool:
    if (rep.value_max is None) != (c.value_max is None):
        return False
    return _equal(rep.value, c.value / factor) and (rep.value_max is None or _equal(rep.value_max, c.value_max / factor))


_SCALABLE = frozenset({COUNT, CURRENCY, BARE, PHYSICAL})


def _scale_mismatch(rep: Reported, c: PaperClaim) -> float | None:
    """The factor (a power of 1000) by which the paper's value differs from the sheet's when
    the digits agree: "1.3" vs 1.3B, "1.3M" vs 1.3B. None when they do not."""
    if c.unit_class not in _SCALABLE:
        return None
    if rep.unit is None:
        if rep.unit_class is not None:
            return None
    elif unit_relation(rep.unit, c.unit) == "different":
        return None
    if rep.value == 0 or c.value == 0 or (rep.value < 0) != (c.value < 0):
        return None
    ratio = c.value / rep.value
    k = round(math.log10(abs(ratio)) / 3)
    if k == 0 or abs(k) > 4:
        return None
    factor = 1000.0**k
    return factor if _rounded(rep, c, factor) else None


def _unit_mismatch(rep: Reported, c: PaperClaim) -> str | None:
    """Why ``c`` states the sheet's digits in another unit or scale (None if it does not)."""
    rel = _units_ok(rep, c)
    if rel == "different" and (_exact(rep, c) or _rounded(rep, c)):
        return f"same digits, different unit: sheet {rep.shown()}, paper {c.shown()}"
    factor = _scale_mismatch(rep, c)
    if factor is not None:
        size = "larger" if factor > 1 else "smaller"
        times = f"{factor:.0e}" if factor > 1 else f"{1 / factor:.0e}"
        return f"same digits, different scale (the paper's value is {times.replace('e+0', 'e')} times {size}): sheet {rep.shown()}, paper {c.shown()}"
    return None


def _pool_unit_ok(rep: Reported, c: PaperClaim) -> bool:
    """Could ``c`` be the number the sheet meant, as far as units go?"""
    if rep.unit is not None:
        rc = rep.unit_class
        if rc == c.unit_class:
            return True
        if rc in (PHYSICAL,) or c.unit_class == PHYSICAL:
            return unit_relation(rep.unit, c.unit) != "different"
        return False
    if rep.scale != 1.0:
        return c.unit_class not in (FACTOR, PERCENT)
    return True


def _decimals_of(value: float) -> int:
    text = f"{abs(value):.10g}"
    if "e" in text:
        text = f"{abs(value):.12f}".rstrip("0")
    return len(text.partition(".")[2])


def _positional(value: float, dec: int) -> str:
    return f"{abs(value):.{dec}f}".replace(".", "")


def slip(sheet: float, sheet_ulp: float, paper: float) -> int | None:
    """How a sheet number differs from a paper's number as a slip of the hand: 0 for the
    same digits (the point moved or the sign flipped), 1 for one digit typed wrong in place,
    2 for another one-character slip (two digits swapped, a digit dropped or doubled);
    None when the two are farther apart."""
    a, b = sig_digits(sheet), sig_digits(paper)
    if a == b:
        return 0
    dec = max(0, round(-math.log10(sheet_ulp)) if sheet_ulp > 0 else 0, _decimals_of(paper))
    pa, pb = _positional(sheet, dec), _positional(paper, dec)
    if len(pa) == len(pb) and sum(x != y for x, y in zip(pa, pb, strict=True)) == 1:
        return 1
    if typo_distance(a, b) <= 1 or typo_distance(pa, pb) <= 1:
        return 2
    return None


def _close(rep: Reported, c: PaperClaim) -> int | None:
    """How far the sheet's value is from ``c`` as a slip (see :func:`slip`); a range that lost
    or gained a bound counts as a slip of the second kind. None when farther."""
    if rep.value_max is None and c.value_max is None:
        return slip(rep.value, rep.ulp, c.value)
    if rep.value_max is None:  # the paper gives a range, the sheet one number
        if _within(rep.value, c.value, rep.ulp) or _within(rep.value, c.value_max, rep.ulp):
            return 2
        return None
    if c.value_max is None:  # the sheet gives a range, the paper one number
        if _within(rep.value, c.value, rep.ulp) or _within(rep.value_max, c.value, rep.ulp_max):
            return 2
        return None
    lo = 0 if _within(rep.value, c.value, rep.ulp) else slip(rep.value, rep.ulp, c.value)
    hi = 0 if _within(rep.value_max, c.value_max, rep.ulp_max) else slip(rep.value_max, rep.ulp_max, c.value_max)
    if lo is None or hi is None:
        return None
    if lo == 0 or hi == 0:
        return max(lo, hi)
    return None


def _nearness(rep: Reported, c: PaperClaim) -> float:
    a, b = abs(rep.value), abs(c.value)
    if a == 0 or b == 0:
        return abs(a - b)
    return abs(math.log(a / b)) + (0 if (rep.value < 0) == (c.value < 0) else 1.0)


def _note(f: Fit, c: PaperClaim) -> str:
    """What of the claim's context differs from the sheet's (the value still counts: the
    extractor's links to metric, dataset and baseline are loose)."""
    if not f.contradicts:
        return ""
    parts = []
    for name in f.contradicts:
        theirs = c.kind if name == "kind" else getattr(c, name)
        parts.append(f"{name} {theirs}")
    return "; note: the paper's claim has " + ", ".join(parts)


def _best(cands: list[tuple[PaperClaim, Fit]]) -> tuple[PaperClaim, Fit]:
    return max(cands, key=lambda cf: (cf[1].score, -cf[0].order))


def check_row(rep: Reported, ctx: Context, claims: Sequence[PaperClaim]) -> Outcome:
    """The status of one sheet value against the numeric claims of its paper."""
    fits = [(c, fit(ctx, c)) for c in claims]
    same_kind = [(c, f) for c, f in fits if not f.other_kind]

    def hits(pred) -> tuple[list, list]:
        good = [(c, f) for c, f in same_kind if pred(c)]
        # a claim of another kind states the value only if it also has the sheet's unit
        other = [(c, f) for c, f in fits if f.other_kind and pred(c) and _units_ok(rep, c) == "same"]
        return good, other

    # 1. confirmed
    def is_exact(c):
        return (_exact(rep, c) and _units_ok(rep, c) != "different") or _fraction_match(rep, c) == "exact"

    good, exact_other = hits(is_exact)
    if good:
        c, f = _best(good)
        how = " (a fraction of the paper's percentage)" if _fraction_match(rep, c) == "exact" and not _exact(rep, c) else ""
        return Outcome("confirmed", c, f"paper states {c.shown()}{how}: {c.describe()}{_note(f, c)}")

    # 2. rounded
    def is_rounded(c):
        return (_rounded(rep, c) and _units_ok(rep, c) != "different") or _fraction_match(rep, c) == "rounded"

    good, rounded_other = hits(is_rounded)
    if good:
        c, f = _best(good)
        return Outcome(
            "rounded", c,
            f"paper states {c.shown()}, which rounds to the sheet's {rep.shown()}: {c.describe()}{_note(f, c)}",
        )
    other_kind = exact_other + rounded_other

    # 3. unit_mismatch
    unit_hits = [(c, f, why) for c, f in same_kind if (why := _unit_mismatch(rep, c))]
    if other_kind:
        unit_hits = [h for h in unit_hits if "kind" in h[1].agrees]
    if unit_hits:
        c, f, why = max(unit_hits, key=lambda h: (h[1].score, -h[0].order))
        return Outcome("unit_mismatch", c, f"{why}: {c.describe()}")

    # 4. mismatch / ambiguous
    outcome = _mismatch(rep, ctx, same_kind, fits, bool(other_kind))
    if outcome is not None:
        if other_kind and outcome.status == "mismatch":
            c, f = _best(other_kind)
            outcome = Outcome(outcome.status, outcome.claim, outcome.evidence + f"; {c.shown()} is stated as a "
                              f"{c.kind} claim: {c.describe()}", outcome.candidates)
        return outcome
    if other_kind:
        c, f = _best(other_kind)
        status = "confirmed" if (c, f) in exact_other else "rounded"
        return Outcome(status, c, f"paper states {c.shown()}: {c.describe()}{_note(f, c)}")
    return _not_found(rep, ctx, same_kind)


def _mismatch(rep, ctx, same_kind, fits, other_kind: bool) -> Outcome | None:
    pool = [(c, f) for c, f in same_kind if _pool_unit_ok(rep, c)]
    if ctx.kind:
        same = [(c, f) for c, f in pool if c.kind == ctx.kind]
        if same or any(c.kind == ctx.kind for c, _ in fits) or other_kind:
            pool = same
    if not pool:
        return None
    close = [(c, f, d) for c, f in pool if (d := _close(rep, c)) is not None]
    if close:
        pick = _decide(rep, close)
        if isinstance(pick, tuple):
            c, _ = pick
            others = tuple(o for o, _, _ in close if o is not c)
            also = f" (also one slip away: {', '.join(o.shown() for o in others)})" if others else ""
            return Outcome("mismatch", c, f"paper states {c.shown()}, sheet {rep.shown()}: {c.describe()}{also}",
                           (c, *others) if others else ())
        return Outcome(
            "ambiguous", None, f"{len(pick)} claims are one slip away from {rep.shown()}; which one was meant?",
            tuple(pick),
        )
    clean = [(c, f) for c, f in pool if not f.soft]
    if ctx.has_fields:
        agreeing = [(c, f) for c, f in clean if set(f.agrees) - {"kind"}]
        if agreeing:
            top = max(f.score for _, f in agreeing)
            best = [c for c, f in agreeing if f.score == top]
            if len(best) == 1:
                c = best[0]
                return Outcome("mismatch", c, f"paper states {c.shown()} for this, sheet {rep.shown()}: {c.describe()}")
            return Outcome("ambiguous", None, f"{len(best)} claims fit the sheet's description equally", tuple(best))
    if len(pool) == 1 and clean and (ctx.kind or rep.unit is not None or rep.scale != 1.0 or len(fits) == 1):
        c, _ = pool[0]
        why = f"the only {ctx.kind} claim" if ctx.kind else "the only claim in this unit"
        return Outcome("mismatch", c, f"{why} of the paper states {c.shown()}, sheet {rep.shown()}: {c.describe()}")
    return None


def _form(rep: Reported, c: PaperClaim) -> float:
    """Agreement in how the number is written: the same qualifier, the same unit."""
    score = 0.0
    if rep.qualifier is not None and rep.qualifier == c.qualifier:
        score += 0.5
    if (rep.unit is not None and _units_ok(rep, c) == "same") or (rep.unit is None and c.unit == ""):
        score += 0.25
    return score


def _decide(rep: Reported, close: list[tuple[PaperClaim, Fit, int]]) -> tuple[PaperClaim, Fit] | list[PaperClaim]:
    """The clearly intended claim among those one slip away, or the tied ones.

    Ranked by context fit, then the kind of slip (same digits < one digit typed wrong <
    other slips), then how the number is written (qualifier, unit); what is still tied is
    decided by numeric nearness only when one is at least three times nearer. Tied claims
    that all state the same value are one answer."""
    if len(close) == 1:
        return close[0][0], close[0][1]

    def rank(t):
        return (-t[1].score, t[2], -_form(rep, t[0]))

    ranked = sorted(close, key=lambda t: (rank(t), _nearness(rep, t[0])))
    first = ranked[0]
    tied = [t for t in ranked if rank(t) == rank(first)]
    if len({(t[0].value, t[0].value_max, t[0].unit) for t in tied}) == 1:
        return first[0], first[1]
    n1, n2 = _nearness(rep, tied[0][0]), _nearness(rep, tied[1][0])
    if n2 > 0 and n1 * 3 <= n2:
        return first[0], first[1]
    return [t[0] for t in tied]


def _not_found(rep: Reported, ctx: Context, ok: list[tuple[PaperClaim, Fit]]) -> Outcome:
    near = [c for c, _ in ok if _pool_unit_ok(rep, c) and (not ctx.kind or c.kind == ctx.kind)]
    what = f"{ctx.kind} claims" if ctx.kind else "claims"
    if near:
        shown = ", ".join(c.shown() for c in near[:6]) + (", ..." if len(near) > 6 else "")
        return Outcome("not_found", None, f"no claim of the paper states {rep.shown()}; its {what} in this unit: {shown}")
    return Outcome("not_found", None, f"no claim of the paper states {rep.shown()} (no {what} in this unit)")


# --------------------------------------------------------------------------- papers


class AmbiguousPaper(ValueError):
    """A sheet's paper reference matches several papers; the message is one line."""


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).lower()
    return " ".join(re.findall(r"[a-z0-9]+", t))


_ARXIV_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:export\.)?arxiv\.org/(?:abs|pdf)/", re.I)


def _id_keys(ref: str) -> list[str]:
    """Spellings of a paper id to look up, most literal first."""
    r = ref.strip()
    keys = [r.lower()]
    s = _ARXIV_URL.sub("", r)
    s = re.sub(r"(?i)^arxiv\s*:\s*", "", s)
    s = re.sub(r"(?i)\.pdf$", "", s).strip().lower()
    keys.append(s)
    keys.append(re.sub(r"v\d+$", "", s))
    m = re.fullmatch(r"(\d{4})\.(\d{1,5})", s)
    if m:  # an arXiv id a spreadsheet stored as a number: 2101.1 for 2101.10000
        keys += [f"{m.group(1)}.{m.group(2).ljust(5, '0')}", f"{m.group(1)}.{m.group(2).ljust(4, '0')}"]
    return list(dict.fromkeys(k for k in keys if k))


class PaperIndex:
    """The claims of each paper, prepared once, and the ways to find a paper by reference."""

    def __init__(self, claims: pd.DataFrame, papers: dict | None = None) -> None:
        papers = papers or {}
        self.titles: dict[str, str] = {}
        self._texts: dict[str, dict[str, str]] = {}
        for pid, p in papers.items():
            self.titles[str(pid)] = getattr(p, "title", "") or ""
            self._texts[str(pid)] = {"title": getattr(p, "title", "") or "", "abstract": getattr(p, "abstract", "") or ""}
        self.claims: dict[str, list[PaperClaim]] = {}
        self._urls: dict[str, list[tuple[str, PaperClaim]]] = {}
        self._benchmarks: dict[str, list[tuple[str, PaperClaim]]] = {}
        self._prepare(claims)
        self._ids: dict[str, str] = {}
        self._resolved: dict[tuple, str | None] = {}
        self._by_title: dict[str, list[str]] = {}
        self._by_head: dict[str, list[str]] = {}
        for pid, title in self.titles.items():
            for key in _id_keys(pid):
                self._ids.setdefault(key, pid)
            folded = _fold(title)
            if folded:
                self._by_title.setdefault(folded, []).append(pid)
                head = _fold(title.split(":", 1)[0]) if ":" in title else ""
                if head and head != folded:
                    self._by_head.setdefault(head, []).append(pid)

    def __len__(self) -> int:
        return len(self.titles)

    def _prepare(self, df: pd.DataFrame) -> None:
        cols = set(df.columns)

        def col(name):
            return df[name].tolist() if name in cols else [None] * len(df)

        pids, titles, kinds, values, vmaxs, units = (col(n) for n in ("paper_id", "title", "kind", "value", "value_max", "unit"))
        qualifiers = col("qualifier")
        metrics, datasets, canon, baselines = (col(n) for n in ("metric", "dataset", "dataset_canonical", "baseline"))
        texts, starts, ends, fields, urls = (col(n) for n in ("text", "start", "end", "field", "url"))
        for i in range(len(df)):
            pid = _text(pids[i])
            if pid is None:
                continue
            self.titles.setdefault(pid, _text(titles[i]) or "")
            bucket = self.claims.setdefault(pid, [])
            kind = _text(kinds[i])
            value = _float(values[i])
            text = _text(texts[i]) or ""
            if kind == "code_url" and _text(urls[i]):
                self._urls.setdefault(pid, []).append((_url_key(_text(urls[i])), _stub(pid, kind, text, starts[i], ends[i], fields[i], i)))
            if kind == "benchmark" and (_text(datasets[i]) or text):
                name = _name_key(_text(datasets[i]) or text)
                self._benchmarks.setdefault(pid, []).append((name, _stub(pid, kind, text, starts[i], ends[i], fields[i], i)))
            if kind not in NUMERIC_KINDS or value is None:
                continue
            vmax = _float(vmaxs[i])
            unit = _text(units[i]) or ""
            start, end, fld = _int(starts[i]), _int(ends[i]), _text(fields[i]) or "abstract"
            alt = self._alt_units(pid, unit, text, fld, start, end)
            if unit == "" and kind in ("score", "delta") and abs(value) > 1 and _percent_metric(_text(metrics[i])):
                alt = alt | {"%"} | ({"pp"} if kind == "delta" else set())
            ds = " ".join(x for x in (_text(datasets[i]), _text(canon[i])) if x) or None
            bucket.append(
                PaperClaim(
                    paper_id=pid, kind=kind, value=value, value_max=vmax, unit=unit,
                    metric=_text(metrics[i]), dataset=_text(datasets[i]), baseline=_text(baselines[i]), text=text,
                    start=start, end=end, field=fld, metric_t=tokens(metrics[i]), dataset_t=tokens(ds),
                    baseline_t=tokens(baselines[i]), digits=sig_digits(value), order=i, alt_units=alt,
                    qualifier=_text(qualifiers[i]) or "exact",
                )
            )

    def _alt_units(self, pid: str, unit: str, text: str, field: str, start: int | None, end: int | None) -> frozenset[str]:
        """A "%" the sentence also calls points ("3.92 percentage point", "an absolute 3%") may be
        read as either: the extractor's unit there is not a reason to flag the sheet's "pp"."""
        if unit != "%":
            return frozenset()
        source = self._texts.get(pid, {}).get(field, "")
        sentence = text
        if source and start is not None and end is not None and source[start:end] == text:
            from claimtab.text import sentence_of, sentence_spans

            spans = sentence_spans(source)
            s0, _ = sentence_of(spans, start)
            _, s1 = sentence_of(spans, max(start, end - 1))
            sentence = source[s0:s1]
        return frozenset({"pp"}) if _POINTS.search(sentence) else frozenset()

    def resolve(self, ref: str | None, title: str | None = None) -> str | None:
        """The paper id a sheet refers to (by id, else by title); None when unknown.
        Raises :class:`AmbiguousPaper` when a title matches several papers."""
        key = (ref, title)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(ref, title)
        return self._resolved[key]

    def _resolve(self, ref: str | None, title: str | None) -> str | None:
        for r in (ref, title):
            if not r:
                continue
            for key in _id_keys(r):
                if key in self._ids:
                    return self._ids[key]
        for r in (ref, title):
            if not r:
                continue
            found = self._by_title_ref(r)
            if found:
                return found
        return None

    def _by_title_ref(self, ref: str) -> str | None:
        folded = _fold(ref)
        if not folded:
            return None
        for table in (self._by_title, self._by_head):
            ids = table.get(folded)
            if ids:
                return self._one(ref, ids)
        if len(folded) >= 15:
            ids = [pid for t, pids in self._by_title.items() if t.startswith(folded) for pid in pids]
            if ids:
                return self._one(ref, ids)
        return None

    def _one(self, ref: str, ids: list[str]) -> str:
        ids = list(dict.fromkeys(ids))
        if len(ids) == 1:
            return ids[0]
        shown = "; ".join(f"{pid} ({_clip(self.titles.get(pid, ''), 60)})" for pid in ids[:5])
        more = f"; ... ({len(ids)} in all)" if len(ids) > 5 else ""
        raise AmbiguousPaper(f"paper {ref!r} matches {len(ids)} papers: {shown}{more}; give the paper id")

    def urls(self, pid: str) -> list[tuple[str, PaperClaim]]:
        return self._urls.get(pid, [])

    def benchmarks(self, pid: str) -> list[tuple[str, PaperClaim]]:
        return self._benchmarks.get(pid, [])


def _percent_metric(metric: str | None) -> bool:
    """A metric reported as a percentage (accuracy, F1, mIoU ...): the paper may drop the % sign."""
    from claimtab.lint import is_share_metric

    return is_share_metric(metric)


_POINTS = re.compile(r"(?i)percentage[\s-]+points?|\bpoints?\b|\bpp\b|\bp\.p\.|\bpts?\b|\babsolute")


def _stub(pid, kind, text, start, end, field, i) -> PaperClaim:
    return PaperClaim(
        paper_id=pid, kind=kind, value=math.nan, value_max=None, unit="", metric=None, dataset=None, baseline=None,
        text=text, start=_int(start), end=_int(end), field=_text(field) or "abstract", metric_t=frozenset(),
        dataset_t=frozenset(), baseline_t=frozenset(), digits="", order=i,
    )






def _url_key(url: str) -> str:
    u = url.strip().lower()
    u = re.sub(r"^[a-z]+://", "", u)
    u = re.sub(r"^www\.", "", u)
    return re.sub(r"(?:\.git)?/*$", "", u).rstrip(".,;)")


def _name_key(name: str) -> str:
    n = re.sub(r"[^a-z0-9]", "", name.lower())
    return n[3:] if n.startswith("the") and len(n) > 3 else n


# --------------------------------------------------------------------------- the sheet

ROLES: dict[str, tuple[str, ...]] = {
    "paper": ("paper_id", "paperid", "id", "arxiv", "arxiv_id", "arxivid", "paper"),
    "title": ("title", "paper_title"),
    "value": ("value", "claim", "number", "reported", "reported_value", "values"),
    "kind": ("kind", "claim_kind"),
    "metric": ("metric",),
    "dataset": ("dataset",),
    "baseline": ("baseline",),
    "unit": ("unit", "units"),
}


@dataclass(frozen=True)
class SheetColumns:
    """Which sheet column plays which role (None: absent)."""

    paper: str | None = None
    title: str | None = None
    value: str | None = None
    kind: str | None = None
    metric: str | None = None
    dataset: str | None = None
    baseline: str | None = None
    unit: str | None = None


def _col_key(name: Any) -> str:
    return re.sub(r"[\s\-.]+", "_", str(name).strip().lower())


def detect_columns(columns: Iterable[Any], overrides: dict[str, str | None] | None = None) -> SheetColumns:
    """Map roles to columns, case-insensitively (``Paper ID`` = ``paper_id``); ``overrides``
    name columns explicitly. Raises ValueError (one line) for a named column that is absent
    or when no paper or value column is found."""
    found = [str(c) for c in columns]
    keyed: dict[str, str] = {}
    for c in found:
        keyed.setdefault(_col_key(c), c)
    chosen: dict[str, str | None] = {}
    overrides = overrides or {}
    listing = ", ".join(found) or "(none)"
    for role, names in ROLES.items():
        wanted = overrides.get(role)
        if wanted:
            col = next((c for c in found if c == wanted), None) or keyed.get(_col_key(wanted))
            if col is None:
                raise ValueError(f"no column {wanted!r} for the {role} (--{role}-col); columns: {listing}")
            chosen[role] = col
            continue
        chosen[role] = next((keyed[n] for n in names if n in keyed), None)
    if chosen["paper"] is not None and chosen["paper"] == chosen["title"]:
        chosen["title"] = None
    taken = {v for k, v in chosen.items() if v is not None and k != "value"}
    if chosen["value"] in taken:
        chosen["value"] = None
    if chosen["paper"] is None and chosen["title"] is None:
        raise ValueError(f"no column names the paper (paper, paper_id, id, arxiv or title; or --paper-col); columns: {listing}")
    if chosen["value"] is None:
        raise ValueError(f"no column holds the value (value, claim or number; or --value-col); columns: {listing}")
    return SheetColumns(**chosen)


def _cell(row: dict, col: str | None) -> str | None:
    return None if col is None else _text(row.get(col))


def _added_names(sheet_columns: Iterable[str], with_candidates: bool) -> dict[str, str]:
    existing = {str(c) for c in sheet_columns}
    names = list(REPORT_COLUMNS) + ([CANDIDATES_COLUMN] if with_candidates else [])
    out = {}
    for n in names:
        name = n
        while name in existing:
            name = "check_" + name
        out[n] = name
    return out


@dataclass
class RowResult:
    row: int  # as a spreadsheet numbers it: the header is row 1
    paper_id: str | None
    reported: str
    outcome: Outcome
    ref: str | None = None


def check_sheet(sheet: pd.DataFrame, cols: SheetColumns, index: PaperIndex) -> tuple[pd.DataFrame, list[RowResult]]:
    """Check every row of ``sheet``; return the report (the sheet's columns, in order, then
    the check's) and the per-row results. Raises :class:`AmbiguousPaper`."""
    records = sheet.to_dict("records")
    results: list[RowResult] = []
    for i, row in enumerate(records):
        ref, title = _cell(row, cols.paper), _cell(row, cols.title)
        raw = row.get(cols.value) if cols.value else None
        shown = "" if _missing(raw) else str(raw)
        try:
            pid = index.resolve(ref, title)
        except AmbiguousPaper as e:
            raise AmbiguousPaper(f"row {i + 2}: {e}") from None
        results.append(RowResult(i + 2, pid, shown, _check_one(row, cols, index, pid, ref or title), ref or title))
    _use_sheet_order(results)
    any_candidates = any(r.outcome.candidates for r in results)
    names = _added_names(sheet.columns, any_candidates)
    out = sheet.copy()
    out[names["status"]] = pd.Series([r.outcome.status for r in results], index=sheet.index, dtype="string")
    out[names["paper_value"]] = pd.Series(
        [format_value(r.outcome.claim.value, r.outcome.claim.value_max)
         if r.outcome.claim is not None and not math.isnan(r.outcome.claim.value) else None for r in results],
        index=sheet.index, dtype="string",
    )
    out[names["paper_unit"]] = pd.Series(
        [r.outcome.claim.unit if r.outcome.claim is not None else None for r in results], index=sheet.index, dtype="string",
    )
    out[names["evidence"]] = pd.Series([r.outcome.evidence for r in results], index=sheet.index, dtype="string")
    out[names["start"]] = pd.Series(
        [r.outcome.claim.start if r.outcome.claim is not None else None for r in results], index=sheet.index, dtype="Int64",
    )
    out[names["end"]] = pd.Series(
        [r.outcome.claim.end if r.outcome.claim is not None else None for r in results], index=sheet.index, dtype="Int64",
    )
    if any_candidates:
        out[names[CANDIDATES_COLUMN]] = pd.Series(
            [" | ".join(c.listing() for c in r.outcome.candidates) or None for r in results], index=sheet.index, dtype="string",
        )
    return out, results


def _use_sheet_order(results: list[RowResult]) -> None:
    """Break ties with the sheet's order, in place.

    When the rows of a paper that matched a claim follow the paper's own order (at least
    two, none out of order), a row between two of them was most likely copied from between
    their claims: of the tied candidates of an ``ambiguous`` row, a single one lying there
    is taken as the intended claim, and the row becomes a ``mismatch``."""
    by_paper: dict[str, list[int]] = {}
    for i, r in enumerate(results):
        if r.paper_id is not None:
            by_paper.setdefault(r.paper_id, []).append(i)
    for rows in by_paper.values():
        anchors = [(i, results[i].outcome.claim.order) for i in rows
                   if results[i].outcome.status in ("confirmed", "rounded") and results[i].outcome.claim is not None]
        orders = [o for _, o in anchors]
        if len(anchors) < 2 or orders != sorted(orders):
            continue
        for i in rows:
            out = results[i].outcome
            if out.status != "ambiguous" or not out.candidates:
                continue
            before = max((o for j, o in anchors if j < i), default=-1)
            after = min((o for j, o in anchors if j > i), default=math.inf)
            inside = [c for c in out.candidates if before < c.order < after]
            if len(inside) != 1:
                continue
            c = inside[0]
            others = tuple(o for o in out.candidates if o is not c)
            results[i].outcome = Outcome(
                "mismatch", c,
                f"paper states {c.shown()}, sheet {_clip(results[i].reported, 30)}: {c.describe()} (chosen among "
                f"{len(out.candidates)} claims one slip away by the sheet's order: the rows around it follow the paper)",
                (c, *others),
            )


def _check_one(row: dict, cols: SheetColumns, index: PaperIndex, pid: str | None, ref: str | None) -> Outcome:
    raw = row.get(cols.value) if cols.value else None
    if pid is None:
        if not ref:
            return Outcome("not_found", None, "the row names no paper")
        return Outcome("not_found", None, f"paper {ref!r} is not among the {len(index)} papers given")
    kind_cell = _cell(row, cols.kind)
    kind = normalize_kind(kind_cell)
    value_text = None if _missing(raw) else str(raw).strip()
    if not value_text:
        return Outcome("invalid", None, "the value cell is empty")
    if kind in ("code_url", "benchmark") or (kind is None and re.match(r"(?i)^(?:https?://|www\.|github\.com/)", value_text)):
        return _check_name(value_text, kind or "code_url", index, pid)
    rep = parse_reported(value_text, _cell(row, cols.unit))
    if rep is None:
        return Outcome("invalid", None, f"cannot read a number from {value_text!r}")
    ctx = Context(
        kind=kind if kind in NUMERIC_KINDS else None,
        metric=tokens(_cell(row, cols.metric)), dataset=tokens(_cell(row, cols.dataset)),
        baseline=tokens(_cell(row, cols.baseline)), hint=tokens(rep.hint),
    )
    outcome = check_row(rep, ctx, index.claims.get(pid, []))
    if kind_cell and kind is None:
        outcome = Outcome(outcome.status, outcome.claim, outcome.evidence + f" (kind {kind_cell!r} unknown, ignored)",
                          outcome.candidates)
    return outcome


def _check_name(value: str, kind: str, index: PaperIndex, pid: str) -> Outcome:
    """A code URL or a benchmark name: stated by the paper or not."""
    if kind == "code_url":
        key = _url_key(value)
        found = index.urls(pid)
        for k, c in found:
            if k == key:
                return Outcome("confirmed", c, f"paper links {c.text}: {c.where()}")
        if found:
            k, c = found[0]
            return Outcome("mismatch", c, f"paper links {c.text}, sheet {value}: {c.where()}")
        return Outcome("not_found", None, "the paper gives no code URL")
    key = _name_key(value)
    for k, c in index.benchmarks(pid):
        if k == key:
            return Outcome("confirmed", c, f'paper names "{c.text}": {c.where()}')
    return Outcome("not_found", None, f"the paper names no benchmark {value!r}")


# --------------------------------------------------------------------------- summary


def summary_lines(results: Sequence[RowResult], n_papers: int, limit: int = 15) -> list[str]:
    """A one-screen summary: counts per status, then the flagged rows."""
    counts = Counter(r.outcome.status for r in results)
    head = f"checked {len(results)} rows against {n_papers} papers: " + ", ".join(
        f"{counts.get(s, 0)} {s}" for s in STATUSES if counts.get(s) or s in ("confirmed", "mismatch", "not_found")
    )
    lines = [head]
    flagged = [r for r in results if r.outcome.status in FLAGGED]
    if flagged:
        lines.append("mismatches:")
        for r in flagged[:limit]:
            c = r.outcome.claim
            paper = c.shown() if c is not None and not math.isnan(c.value) else (c.text if c else "?")
            where = f' "{_clip(c.text, 50)}" [{c.start}:{c.end}]' if c is not None else ""
            lines.append(f"  row {r.row} {r.paper_id}: {r.outcome.status} sheet {_clip(r.reported, 20)} paper {paper}{where}")
        if len(flagged) > limit:
            lines.append(f"  ... and {len(flagged) - limit} more (see the report)")
    unknown = [r for r in results if r.outcome.status == "not_found" and r.paper_id is None]
    if unknown:
        refs = sorted({r.ref or "(none)" for r in unknown})
        lines.append(f"{len(unknown)} row(s) name a paper that is not among those given: " + ", ".join(refs[:5])
                     + (" ..." if len(refs) > 5 else ""))
    return lines
