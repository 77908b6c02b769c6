"""How a sheet's value compares with one number of a paper (a classified claim or a number
the text writes): equal, rounded, an end of a range or an item of a list, the same digits in
another unit or scale, a slip of the hand away, or numerically near.

Pure functions of a :class:`~claimtab.quantities.reported.Reported` and a
:class:`~claimtab.check.claims.PaperClaim`; the ladders of :mod:`claimtab.check.match` and
:mod:`claimtab.check.written` decide with them.
"""

from __future__ import annotations

import dataclasses
import math

from claimtab.check.claims import PaperClaim, _equal, _within, kinds, sig_digits, typo_distance
from claimtab.quantities.reported import Reported, unit_relation
from claimtab.quantities.units import BARE, COUNT, CURRENCY, FACTOR, PERCENT, PHYSICAL

_SCALABLE = frozenset({COUNT, CURRENCY, BARE, PHYSICAL})


def units_ok(rep: Reported, c: PaperClaim) -> str:
    """``same``, ``unstated`` or ``different`` (see :func:`unit_relation`); a unit the text
    also supports ("%" said with "points") counts as the same."""
    if rep.unit is not None and rep.unit in c.alt_units:
        return "same"
    return unit_relation(rep.unit, c.unit)


def units_agree(rep: Reported, c: PaperClaim) -> bool:
    """The sheet's unit is the claim's, or the sheet wrote a scale ("125M") for a count."""
    if units_ok(rep, c) == "same":
        return True
    return rep.unit is None and rep.scale != 1.0 and c.unit_class in (COUNT, BARE)


# --------------------------------------------------------------------------- signs


def _signed_kind(kind: str | None) -> bool:
    spec = kinds().get(kind)
    return spec is not None and spec.detector == "numbers" and bool(spec.value.signed)


def mirrored(rep: Reported) -> Reported:
    """The sheet's value with its sign flipped (a range stays low to high)."""
    if rep.value_max is None:
        return dataclasses.replace(rep, value=-rep.value)
    return dataclasses.replace(rep, value=-rep.value_max, value_max=-rep.value, ulp=rep.ulp_max, ulp_max=rep.ulp)


def _sign(value: float, value_max: float | None) -> int:
    hi = value if value_max is None else value_max
    return -1 if hi < 0 else (1 if value > 0 else 0)


def sign_free(rep: Reported, c: PaperClaim, kind: str | None) -> bool:
    """May the sheet's value be held against ``c`` by magnitude? Yes when the row's kind
    carries no sign, or when the text does not write ``c``'s sign (it is read from words),
    unless the extractor read the words as a gain (a positive claim of a signed kind) and
    the sheet gives a loss."""
    a, b = _sign(rep.value, rep.value_max), _sign(c.value, c.value_max)
    if a * b >= 0:
        return False
    if kind is not None and kinds().is_numeric(kind) and not _signed_kind(kind):
        return True
    if c.signed:
        return False
    if b < 0:
        return True
    return c.source != "claim" or not _signed_kind(c.kind)


def forms(rep: Reported, c: PaperClaim, kind: str | None) -> list[tuple[Reported, bool]]:
    """The sheet's value as it may be compared with ``c``: as typed, and by magnitude when
    :func:`sign_free` allows (the flag says which)."""
    return [(rep, False)] + ([(mirrored(rep), True)] if sign_free(rep, c, kind) else [])


def exact(rep: Reported, c: PaperClaim, factor: float = 1.0) -> bool:
    """The same value (and range) as ``c`` divided by ``factor``."""
    if (rep.value_max is None) != (c.value_max is None):
        return False
    if not _equal(rep.value, c.value / factor):
        return False
    return rep.value_max is None or _equal(rep.value_max, c.value_max / factor)


def rounded(rep: Reported, c: PaperClaim, factor: float = 1.0) -> bool:
    """``c`` (divided by ``factor``) rounds to the sheet's value at the sheet's precision."""
    if (rep.value_max is None) != (c.value_max is None):
        return False
    if not _within(rep.value, c.value / factor, rep.ulp):
        return False
    return rep.value_max is None or _within(rep.value_max, c.value_max / factor, rep.ulp_max)


def range_end(rep: Reported, c: PaperClaim, how: str = "exact") -> str | None:
    """``low`` or ``high`` when the sheet's single value is that end of the paper's range
    ("1.4B" against "from 124M to 1.4B"), exactly or (``how="rounded"``) at the sheet's
    precision; None otherwise."""
    if rep.value_max is not None or c.value_max is None:
        return None
    same = _equal if how == "exact" else (lambda a, b: _within(a, b, rep.ulp))
    if same(rep.value, c.value):
        return "low"
    if same(rep.value, c.value_max):
        return "high"
    return None


def fraction_match(rep: Reported, c: PaperClaim) -> str | None:
    """A bare fraction for a percentage (0.815 vs 81.5%) or a percentage for a fraction:
    ``exact``, ``rounded`` or None."""
    if rep.unit is None and c.unit == "%" and abs(rep.value) <= 1 and (rep.value_max is None or abs(rep.value_max) <= 1):
        if exact(rep, c, 100.0):
            return "exact"
        if rounded(rep, c, 100.0):
            return "rounded"
    if rep.unit == "%" and c.unit == "" and abs(c.value) <= 1 and abs(rep.value) > 1:
        if exact(rep, c, 0.01):
            return "exact"
        if rounded(rep, c, 0.01):
            return "rounded"
    return None


def stated(rep: Reported, c: PaperClaim, how: str, kind: str | None = None) -> str | None:
    """How ``c`` states the sheet's value (``how``: ``exact`` or ``rounded``): ``value``,
    ``low``/``high`` (an end of its range) or ``fraction``, with ``,signless`` when only by
    magnitude (see :func:`sign_free`); None when it does not."""
    equal = exact if how == "exact" else rounded
    if rep.unit is None and rep.scale != 1.0 and c.unit_class in (FACTOR, PERCENT):
        return None  # "2M" is a count, not the paper's 2x
    for form, signless in forms(rep, c, kind):
        tag = (",signless" if signless else "") + (",words" if rep.unit in c.alt_units and rep.unit != c.unit else "")
        if units_ok(form, c) != "different":
            if equal(form, c):
                return "value" + tag
            end = range_end(form, c, how)
            if end:
                return end + tag
        if fraction_match(form, c) == how:
            return "fraction" + tag
    return None


def scale_mismatch(rep: Reported, c: PaperClaim) -> float | None:
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
    return factor if rounded(rep, c, factor) else None


def unit_mismatch(rep: Reported, c: PaperClaim, kind: str | None = None) -> str | None:
    """Why ``c`` states the sheet's digits in another unit or scale (None if it does not)."""
    for form, _ in reversed(forms(rep, c, kind)):
        why = _unit_mismatch(form, c)
        if why:
            return why.replace(form.shown(), rep.shown())
    return None


def _unit_mismatch(rep: Reported, c: PaperClaim) -> str | None:
    rel = units_ok(rep, c)
    if rel == "different" and (exact(rep, c) or rounded(rep, c) or range_end(rep, c, "rounded")):
        return f"same digits, different unit: sheet {rep.shown()}, paper {c.shown()}"
    factor = scale_mismatch(rep, c)
    if factor is not None:
        size = "larger" if factor > 1 else "smaller"
        times = f"{factor:.0e}" if factor > 1 else f"{1 / factor:.0e}"
        return (f"same digits, different scale (the paper's value is {times.replace('e+0', 'e')} times {size}): "
                f"sheet {rep.shown()}, paper {c.shown()}")
    return None


def pool_unit_ok(rep: Reported, c: PaperClaim) -> bool:
    """Could ``c`` be the number the sheet meant, as far as units go?"""
    if rep.unit is not None and rep.unit in c.alt_units:
        return True
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


def close(rep: Reported, c: PaperClaim) -> int | None:
    """How far the sheet's value is from ``c`` as a slip (see :func:`slip`); a range that lost
    or gained a bound counts as a slip of the second kind, and a single value one slip from
    an end of the paper's range as that slip. None when farther."""
    if rep.value_max is None and c.value_max is None:
        return slip(rep.value, rep.ulp, c.value)
    if rep.value_max is None:  # the paper gives a range, the sheet one number
        ends = [d for d in (slip(rep.value, rep.ulp, c.value), slip(rep.value, rep.ulp, c.value_max)) if d is not None]
        return min(ends) if ends else None
    if c.value_max is None:  # the sheet gives a range, the paper one number
        if _within(rep.value, c.value, rep.ulp) or _within(rep.value_max, c.value, rep.ulp_max):
            return 2
        return None
    if _within(-rep.value_max, c.value, rep.ulp_max) and _within(-rep.value, c.value_max, rep.ulp):
        return 0  # the sign flipped
    lo = 0 if _within(rep.value, c.value, rep.ulp) else slip(rep.value, rep.ulp, c.value)
    hi = 0 if _within(rep.value_max, c.value_max, rep.ulp_max) else slip(rep.value_max, rep.ulp_max, c.value_max)
    if lo is None or hi is None:
        return None
    if lo == 0 or hi == 0:
        return max(lo, hi)
    return None


def close_signed(rep: Reported, c: PaperClaim, kind: str | None = None) -> int | None:
    """:func:`close`, by magnitude too when :func:`sign_free` allows."""
    dists = [d for form, _ in forms(rep, c, kind) if (d := close(form, c)) is not None]
    return min(dists) if dists else None


def nearness(rep: Reported, c: PaperClaim) -> float:
    """How far apart two values are on a log scale (a flipped sign adds one)."""
    a, b = abs(rep.value), abs(c.value)
    if c.value_max is not None and rep.value_max is None:
        b2 = abs(c.value_max)
        if a and b2 and (not b or abs(math.log(a / b2)) < abs(math.log(a / b))):
            b = b2
    if a == 0 or b == 0:
        return abs(a - b)
    return abs(math.log(a / b)) + (0 if (rep.value < 0) == (c.value < 0) else 1.0)


def form_agreement(rep: Reported, c: PaperClaim) -> float:
    """How alike the sheet's value and a paper's number are written: the same qualifier, the
    same unit (a tie-breaker among candidates, claims and text numbers alike)."""
    score = 0.0
    if rep.qualifier is not None and rep.qualifier == c.qualifier:
        score += 0.5
    if (rep.unit is not None and units_ok(rep, c) == "same") or (rep.unit is None and c.unit == ""):
        score += 0.25
    return score
