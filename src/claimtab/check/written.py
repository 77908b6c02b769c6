"""The fallback to the text: a sheet value against the numbers a paper writes that no
classified claim stands for (see :mod:`claimtab.check.index`).

A number written in the paper, in a form the row's kind can take and in a compatible unit,
is ``confirmed`` (or ``rounded``) with ``source = "text"``: either end of a range, one item
of a list, a value whose sign the text gives in words ("a 0.33% drop" for ``-0.33%``). A
value with no such number is held against the numbers of the same unit: the same digits in
another unit or scale are a ``unit_mismatch``; the closest number a slip of the hand away
(:func:`claimtab.check.compare.slip`) is a ``mismatch``, with the others listed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import cache

from claimtab.check import compare as cmp
from claimtab.check.claims import Context, PaperClaim, rules, tokens
from claimtab.quantities.reported import Reported
from claimtab.rules.compile import load_rules


@dataclasses.dataclass(frozen=True)
class Hit:
    """A text number and how it answers the sheet's value."""

    number: PaperClaim
    how: str  # how it states the value: see claimtab.check.compare.stated
    rank: tuple = ()


@cache
def _kind_classes(root, kind: str) -> frozenset[str]:
    """The mention classes the rules of ``kind`` (and of the kinds related to it) read."""
    rules = load_rules(root)
    reg = rules.kinds
    wanted = {k for k in reg.names if k == kind or reg.related(kind, k)}
    return frozenset(u for r in rules.rules if r.kind in wanted for u in r.units)


def kind_ok(kind: str | None, n: PaperClaim) -> bool:
    """Can a number written like ``n`` be a claim of ``kind``? (Any, when no kind is given.)"""
    if not kind:
        return True
    classes = _kind_classes(rules().root, kind)
    return not classes or bool(classes & n.classes)


def _context_score(ctx: Context, n: PaperClaim) -> float:
    """How much of the sheet's description the number's sentence shares."""
    words = tokens(n.sentence)
    score = 0.0
    for mine in (ctx.metric, ctx.dataset, ctx.baseline, ctx.hint):
        if mine:
            score += len(mine & words) / len(mine)
    return score


def usable(rep: Reported, ctx: Context, numbers: Sequence[PaperClaim]) -> list[PaperClaim]:
    """The text numbers the fallback may use: no classified claim stands for them, and the
    row's kind can be written like them (any form, when the sheet states a unit)."""
    return [n for n in numbers if not n.claimed and (rep.unit is not None or kind_ok(ctx.kind, n))]


def stated(rep: Reported, ctx: Context, numbers: Sequence[PaperClaim], how: str) -> Hit | None:
    """The text number that states the sheet's value (``how``: exact or rounded), the best
    by context when several do."""
    hits = [Hit(n, w, (_context_score(ctx, n), cmp.form_agreement(rep, n), -n.order))
            for n in numbers if (w := cmp.stated(rep, n, how, ctx.kind))]
    return max(hits, key=lambda h: h.rank) if hits else None


def unit_slip(rep: Reported, ctx: Context, numbers: Sequence[PaperClaim]) -> tuple[PaperClaim, str] | None:
    """A text number with the sheet's digits in another unit or scale, and why."""
    best = None
    for n in numbers:
        why = cmp.unit_mismatch(rep, n, ctx.kind)
        if why:
            key = (_context_score(ctx, n), -n.order)
            if best is None or key > best[0]:
                best = (key, n, why)
    return (best[1], best[2]) if best else None


def slipped(rep: Reported, ctx: Context, numbers: Sequence[PaperClaim]) -> list[PaperClaim]:
    """Text numbers of a compatible unit a slip of the hand from the sheet's value, the
    likeliest first (kind of slip, context, how it is written, numeric nearness)."""
    ranked = []
    for n in numbers:
        if not cmp.pool_unit_ok(rep, n):
            continue
        d = cmp.close_signed(rep, n, ctx.kind)
        if d is not None:
            ranked.append(((d, -_context_score(ctx, n), -cmp.form_agreement(rep, n), cmp.nearness(rep, n)), n))
    ranked.sort(key=lambda t: t[0])
    return [n for _, n in ranked]
