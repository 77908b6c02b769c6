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
from collections.abc import Sequence
from dataclasses import dataclass

from claimtab.check.claims import (
    Context,
    Fit,
    PaperClaim,
    _equal,
    _within,
    fit,
    normalize_kind,
    sig_digits,
    tokens,
    typo_distance,
)
from claimtab.quantities.reported import Reported, unit_relation
from claimtab.quantities.units import BARE, COUNT, CURRENCY, FACTOR, PERCENT, PHYSICAL

__all__ = ["FLAGGED", "REPORT_COLUMNS", "STATUSES", "Outcome", "check_row", "normalize_kind", "sig_digits", "slip",
           "tokens", "typo_distance"]

STATUSES: tuple[str, ...] = (
    "confirmed", "rounded", "unit_mismatch", "mismatch", "ambiguous", "not_found", "invalid",
)
FLAGGED = frozenset({"mismatch", "unit_mismatch"})
REPORT_COLUMNS: tuple[str, ...] = ("status", "paper_value", "paper_unit", "evidence", "start", "end")
CANDIDATES_COLUMN = "candidates"


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


