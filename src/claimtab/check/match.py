"""One sheet value against one paper: the status ladder, over the claims the extractor
classified and, where they do not answer, every number the paper's text writes.

A value (``4.6x``, ``81.5%``, ``1.3B``, ``$1,890``, ``-0.3``, ``2-3x``) with the row's
``kind``, ``metric``, ``dataset`` and ``baseline`` when given gets one status, tried in this
order:

1. ``confirmed`` by a claim: a claim of the row's kind (or a related kind) states the value
   -- equal, or either end of the claim's range, in a compatible unit. A bare number fits any
   unit, a bare fraction a percentage (``0.815`` = ``81.5%``), ``81.5%`` an accuracy the paper
   wrote as ``81.5``, ``pp`` a ``%`` whose sentence says points. Metric, dataset and baseline are
   compared loosely and never make a stated value wrong: the evidence notes what differs.
   Else ``confirmed`` by the text (``source = "text"``): a number the text writes that no claim
   stands for (:mod:`claimtab.check.written`), an end of a range, an item of a list. Else by a
   claim of another kind in the sheet's unit (the extractor's kinds are not always right).
2. ``rounded``: the same, equal at the precision the sheet wrote (``81.5`` for ``81.46``).
3. ``unit_mismatch``: the same digits in another unit or scale (``1.3`` vs ``1.3B``, ``%`` vs
   ``pp``, ``x`` vs ``%``), in a claim, then in the text.
4. ``mismatch``: the value is stated nowhere and a claim (else a number of the text) is a slip
   of the hand away -- the same digits with the point moved or the sign flipped, one digit
   typed wrong, two swapped, one dropped or doubled, a range that lost or gained a bound.
   The likeliest is named (by context, kind of slip, how it is written, numeric nearness), the
   others are listed in ``candidates``. With nothing a slip away, the only claim agreeing on
   metric, dataset or baseline, or the only claim of the kind and unit, is named.
5. ``ambiguous``: nothing a slip away, and several claims fit the sheet's description equally.
6. ``not_found``: nothing fits; the evidence lists the claims and numbers of that unit.

Signs: a sign the text does not write is read from words ("a 0.33% drop"), so the sheet may
give the magnitude. A sheet's sign is held against a paper's only when the text writes it,
or when the extractor read the words as a gain (a positive claim of a signed kind) and the
sheet gives a loss. A row whose kind carries no sign (a reduction, a speedup) is compared by
magnitude.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimtab.check import compare as cmp
from claimtab.check import written
from claimtab.check.claims import (
    Context,
    Fit,
    PaperClaim,
    fit,
    normalize_kind,
    sig_digits,
    tokens,
    typo_distance,
)
from claimtab.check.compare import slip
from claimtab.quantities.reported import Reported

__all__ = ["FLAGGED", "REPORT_COLUMNS", "STATUSES", "Outcome", "check_row", "normalize_kind", "sig_digits", "slip",
           "tokens", "typo_distance"]

STATUSES: tuple[str, ...] = (
    "confirmed", "rounded", "unit_mismatch", "mismatch", "ambiguous", "not_found", "invalid",
)
FLAGGED = frozenset({"mismatch", "unit_mismatch"})
REPORT_COLUMNS: tuple[str, ...] = ("status", "source", "paper_value", "paper_unit", "evidence", "field", "start", "end")
CANDIDATES_COLUMN = "candidates"


@dataclass(frozen=True)
class Outcome:
    """The result for one sheet value. ``tied``: a mismatch whose named candidate is only
    one of several equally likely (the sheet's order may decide, see ``check.sheet``)."""

    status: str
    claim: PaperClaim | None = None
    evidence: str = ""
    candidates: tuple[PaperClaim, ...] = ()
    tied: bool = False

    @property
    def source(self) -> str | None:
        """``claim`` or ``text``: what the paper's number in this outcome is."""
        return self.claim.source if self.claim is not None else None


def _note(f: Fit, c: PaperClaim) -> str:
    """What of the claim's context differs from the sheet's (the value still counts: the
    extractor's links to metric, dataset and baseline are loose)."""
    if not f.contradicts:
        return ""
    parts = [f"{name} {c.kind if name == 'kind' else getattr(c, name)}" for name in f.contradicts]
    return "; note: the paper's claim has " + ", ".join(parts)


def _best(cands: list[tuple[PaperClaim, Fit]]) -> tuple[PaperClaim, Fit]:
    return max(cands, key=lambda cf: (cf[1].score, -cf[0].order))


_SAID = {
    "value": "", "fraction": " (a fraction of the paper's percentage)",
    "low": " (the low end of the paper's range)", "high": " (the high end of the paper's range)",
}


def _said(how: str) -> str:
    text = _SAID.get(how.split(",")[0], "")
    if ",words" in how:
        text += " (the sheet's unit is in the paper's words, not beside the number)"
    return text + (" (the sign is the paper's words; the sheet gives the magnitude)" if ",signless" in how else "")


def _stated(rep: Reported, ctx: Context, fits, same_kind, text: Sequence[PaperClaim]) -> Outcome | None:
    """Steps 1-2 (and 6): the value stated exactly -- by a claim of the row's kind, by a
    number of the text, by a claim of another kind in the sheet's unit -- then the same at
    the sheet's precision. A number the paper writes is a likelier answer than a number a
    slip of the hand away, whatever kind the extractor gave it."""
    for how, status in (("exact", "confirmed"), ("rounded", "rounded")):
        good = [(c, f, w) for c, f in same_kind if (w := cmp.stated(rep, c, how, ctx.kind))]
        if good:
            c, f, w = max(good, key=lambda t: (t[1].score, -t[0].order))
            verb = f"paper states {c.shown()}{_said(w)}" if status == "confirmed" else (
                f"paper states {c.shown()}, which rounds to the sheet's {rep.shown()}{_said(w)}")
            return Outcome(status, c, f"{verb}: {c.describe()}{_note(f, c)}")
        hit = written.stated(rep, ctx, text, how)
        if hit is not None:
            n = hit.number
            verb = "the text writes" if status == "confirmed" else "the text writes, rounding to the sheet's value,"
            return Outcome(status, n, f"{verb} {n.shown()}{_said(hit.how)}: {n.describe()}")
        other = [(c, f, w) for c, f in fits if f.other_kind and cmp.units_agree(rep, c)
                 and (w := cmp.stated(rep, c, how, ctx.kind))]
        if other:
            c, f, w = max(other, key=lambda t: (t[1].score, -t[0].order))
            return Outcome(status, c, f"paper states {c.shown()}{_said(w)} as a {c.kind} claim: {c.describe()}"
                           f"{_note(f, c)}")
    return None


def check_row(rep: Reported, ctx: Context, claims: Sequence[PaperClaim],
              numbers: Sequence[PaperClaim] = ()) -> Outcome:
    """The status of one sheet value against the numeric claims of its paper and, when they
    do not state it, the numbers its text writes (``numbers``, from the number index)."""
    fits = [(c, fit(ctx, c)) for c in claims]
    same_kind = [(c, f) for c, f in fits if not f.other_kind]
    text = written.usable(rep, ctx, numbers)
    outcome = _stated(rep, ctx, fits, same_kind, text) or _unit_slip(rep, ctx, fits, text)
    if outcome is not None:
        return outcome
    pool = _pool(rep, ctx, same_kind, fits)
    outcome = (_claims_slip(rep, ctx, *pool) or _text_mismatch(rep, ctx, text) or _other_kind_slip(rep, ctx, fits)
               or _described(rep, ctx, pool[0], fits))
    return outcome or _not_found(rep, ctx, same_kind, text)


def _unit_slip(rep: Reported, ctx: Context, fits, text) -> Outcome | None:
    """Step 3: the sheet's digits in another unit or scale, in a claim of the row's kind,
    in the text, then in a claim the extractor gave another kind."""
    unit_hits = [(c, f, why) for c, f in fits if not f.other_kind and (why := cmp.unit_mismatch(rep, c, ctx.kind))]
    if unit_hits:
        c, f, why = max(unit_hits, key=lambda h: (h[1].score, -h[0].order))
        return Outcome("unit_mismatch", c, f"{why}: {c.describe()}")
    found = written.unit_slip(rep, ctx, text)
    if found is not None:
        n, why = found
        return Outcome("unit_mismatch", n, f"{why}: {n.describe()}")
    unit_hits = [(c, f, why) for c, f in fits if f.other_kind and (why := cmp.unit_mismatch(rep, c, ctx.kind))]
    if unit_hits:
        c, f, why = max(unit_hits, key=lambda h: (h[1].score, -h[0].order))
        return Outcome("unit_mismatch", c, f"{why}: {c.describe()} (classified as a {c.kind} claim)")
    return None


def _slipped(rep: Reported, c: PaperClaim, pick: PaperClaim, others: Sequence[PaperClaim], tied: bool,
             lead: str = "paper states") -> Outcome:
    also = ""
    if others:
        what = "equally close, which was meant is unclear" if tied else "also one slip away"
        also = f" ({what}: {', '.join(o.shown() for o in others[:5])})"
    return Outcome("mismatch", pick, f"{lead} {pick.shown()}, sheet {rep.shown()}: {pick.describe()}{also}",
                   (pick, *others) if others else (), tied)


def _pool(rep, ctx, same_kind, fits) -> tuple[list, list]:
    """The candidates for a mismatch: the claims of the row's kind in a compatible unit
    (all of them when the paper has none of that kind), and those of related kinds too."""
    related = pool = _own_first(ctx, [(c, f) for c, f in same_kind if cmp.pool_unit_ok(rep, c)])
    if ctx.kind:
        same = [(c, f) for c, f in pool if c.kind == ctx.kind]
        if same or any(c.kind == ctx.kind for c, _ in fits):
            pool = same
    return pool, related


def _own_first(ctx, cands: list) -> list:
    """A sheet reports a paper's own results: when one of the paper's own claims agrees with
    the row's description, the values of other systems (a baseline's row in a results table)
    are no candidates for its mismatch."""
    if not ctx.has_fields or not any(c.subject for c, _ in cands):
        return cands
    own = [(c, f) for c, f in cands if not c.subject]
    return own if any(set(f.agrees) - {"kind"} and not f.soft for _, f in own) else cands


def _claims_slip(rep, ctx, pool, related) -> Outcome | None:
    """Step 4 among the claims: the likeliest a slip of the hand away, of the row's kind
    first, then of a related kind (a score for a delta row)."""
    for cands in (pool, related):
        close = [(c, f, d) for c, f in cands if (d := cmp.close_signed(rep, c, ctx.kind)) is not None]
        if any(set(f.agrees) - {"kind"} and not f.soft for _, f in cands):
            # a claim fits the row's description: a slip to a value described otherwise is no reading
            close = [t for t in close if not t[1].soft]
        if close:
            (c, _), tied = _decide(rep, close)
            return _slipped(rep, c, c, tuple(o for o, _, _ in close if o is not c), tied)
    return None


def _described(rep, ctx, pool, fits) -> Outcome | None:
    """Step 4-5 with nothing a slip away: the only claim agreeing with the sheet's
    description, or the only claim of the kind and unit; several equally: ``ambiguous``."""
    if not pool:
        return None
    clean = [(c, f) for c, f in pool if not f.soft]
    if ctx.has_fields:
        agreeing = [(c, f) for c, f in clean if set(f.agrees) - {"kind"}]
        if agreeing:
            top = max(f.score for _, f in agreeing)
            best = [c for c, f in agreeing if f.score == top]
            if len(best) == 1:
                c = best[0]
                return Outcome("mismatch", c, f"paper states {c.shown()} for this, sheet {rep.shown()}: {c.describe()}")
            return Outcome("ambiguous", None, f"the paper does not state {rep.shown()}; {len(best)} claims fit the "
                           "sheet's description equally", tuple(best))
    if len(pool) == 1 and clean and (ctx.kind or rep.unit is not None or rep.scale != 1.0 or len(fits) == 1):
        c, _ = pool[0]
        why = f"the only {ctx.kind} claim" if ctx.kind else "the only claim in this unit"
        return Outcome("mismatch", c, f"{why} of the paper states {c.shown()}, sheet {rep.shown()}: {c.describe()}")
    return None


def _text_mismatch(rep: Reported, ctx: Context, text) -> Outcome | None:
    """Step 4 in the text: the likeliest number a slip of the hand away."""
    near = written.slipped(rep, ctx, text)
    if not near:
        return None
    return _slipped(rep, near[0], near[0], tuple(near[1:6]), False, lead="the text writes")


def _other_kind_slip(rep: Reported, ctx: Context, fits) -> Outcome | None:
    """Step 4, last: a claim the extractor gave another kind, a slip of the hand away."""
    close = [(c, f, d) for c, f in fits if f.other_kind and cmp.units_agree(rep, c)
             and (d := cmp.close_signed(rep, c, ctx.kind)) is not None]
    if not close:
        return None
    (c, _), tied = _decide(rep, close)
    others = tuple(o for o, _, _ in close if o is not c)
    out = _slipped(rep, c, c, others, tied)
    return Outcome(out.status, c, out.evidence + f" (classified as a {c.kind} claim)", out.candidates, tied)


def _decide(rep: Reported, close: list[tuple[PaperClaim, Fit, int]]) -> tuple[tuple[PaperClaim, Fit], bool]:
    """The likeliest claim among those one slip away, and whether it is only one of several
    equally likely.

    Ranked by context fit, then the kind of slip (same digits < one digit typed wrong <
    other slips), then how the number is written (qualifier, unit), then numeric nearness.
    Tied claims that all state the same value are one answer; what is still tied is decided
    by nearness, and the pick counts as tied unless it is at least three times nearer."""
    if len(close) == 1:
        return (close[0][0], close[0][1]), False

    def rank(t):
        return (-t[1].score, t[2], -cmp.form_agreement(rep, t[0]))

    ranked = sorted(close, key=lambda t: (rank(t), cmp.nearness(rep, t[0]), t[0].order))
    first = ranked[0]
    tied = [t for t in ranked if rank(t) == rank(first)]
    if len({(t[0].value, t[0].value_max, t[0].unit) for t in tied}) == 1:
        return (first[0], first[1]), False
    n1, n2 = cmp.nearness(rep, tied[0][0]), cmp.nearness(rep, tied[1][0])
    return (first[0], first[1]), not (n2 > 0 and n1 * 3 <= n2)


def _not_found(rep: Reported, ctx: Context, ok: list[tuple[PaperClaim, Fit]], text: Sequence[PaperClaim]) -> Outcome:
    """Step 6: nothing fits; list what the paper states in this unit."""
    near = [c for c, _ in ok if cmp.pool_unit_ok(rep, c) and (not ctx.kind or c.kind == ctx.kind)]
    what = f"{ctx.kind} claims" if ctx.kind else "claims"
    numbers = [n for n in text if cmp.pool_unit_ok(rep, n)]
    also = ""
    if numbers:
        also = (f"; the text writes {len(numbers)} other number(s) in this unit: "
                + ", ".join(n.shown() for n in numbers[:6]) + (", ..." if len(numbers) > 6 else ""))
    if near:
        shown = ", ".join(c.shown() for c in near[:6]) + (", ..." if len(near) > 6 else "")
        return Outcome("not_found", None,
                       f"the paper does not state {rep.shown()}; its {what} in this unit: {shown}{also}")
    return Outcome("not_found", None, f"the paper does not state {rep.shown()} (no {what} in this unit){also}")
