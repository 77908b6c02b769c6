"""Highlighting: a paper's text with one ``<mark>`` per claim row, nested where spans overlap.

Marks that start at the same place open longest first (ties: the earlier row outside); a
span that crosses the end of an enclosing one is continued after it by
``<span class="claim-cont" data-cont="<i>">`` elements, so the HTML stays well formed and
the row still has a single ``<mark>``: the text of the mark plus that of its continuations is
the row's ``text``.  Every highlight element carries ``data-rows``, the rows that cover it,
and a ``title`` with their tooltips (innermost first).

This is the one place that writes highlight elements; what it returns is already escaped
(:class:`markupsafe.Markup`), so the template places it as it is.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from markupsafe import Markup

from claimtab.render.rows import Row

__all__ = ["highlight", "single_mark"]


def _open_tag(row: Row, first: bool, covering: list[Row]) -> str:
    rows = " ".join(str(r.pos) for r in covering)
    tip = escape("\n\n".join(r.tip for r in reversed(covering)), quote=True)
    if first:
        return (f'<mark class="claim k-{row.kcls}" id="m{row.pos}" data-row="{row.pos}" data-rows="{rows}" '
                f'title="{tip}">')
    return f'<span class="claim-cont k-{row.kcls}" data-cont="{row.pos}" data-rows="{rows}" title="{tip}">'


def single_mark(row: Row) -> Markup:
    """The row's evidence text as its one ``<mark>``, for rows that cannot be placed in the text."""
    return Markup(f"{_open_tag(row, True, [row])}{escape(row.text, quote=False)}</mark>")


def highlight(text: str, rows: list[Row]) -> Markup:
    """``text`` escaped, with one ``<mark>`` per row around ``text[row.start:row.end]``.

    Rows must have ``0 <= start < end <= len(text)``.  Overlaps nest; a row crossing the end
    of an enclosing one is continued by ``claim-cont`` spans (see the module docstring).
    """
    if not rows:
        return Markup(escape(text, quote=False))
    opens: dict[int, list[Row]] = defaultdict(list)
    for r in rows:
        opens[r.start].append(r)
    bounds = sorted({r.start for r in rows} | {r.end for r in rows})
    out: list[str] = []
    stack: list[Row] = []
    is_mark: dict[int, bool] = {}  # row pos -> its open element is the <mark> (else a continuation)
    cur = 0
    for p in bounds:
        if p > cur:
            out.append(escape(text[cur:p], quote=False))
            cur = p
        if stack and any(r.end == p for r in stack):
            _close_at(p, stack, is_mark, out)
        for r in sorted(opens.get(p, ()), key=lambda r: (-r.end, r.pos)):
            stack.append(r)
            is_mark[r.pos] = True
            out.append(_open_tag(r, True, stack))
    out.append(escape(text[cur:], quote=False))
    return Markup("".join(out))


def _close_at(p: int, stack: list[Row], is_mark: dict[int, bool], out: list[str]) -> None:
    """Close every element from the outermost row that ends at ``p`` inwards, then reopen the
    rows that go on past ``p`` as continuations (longest outside)."""
    lo = next(i for i, r in enumerate(stack) if r.end == p)
    for r in reversed(stack[lo:]):
        out.append("</mark>" if is_mark[r.pos] else "</span>")
    keep = sorted((r for r in stack[lo:] if r.end != p), key=lambda r: (-r.end, r.pos))
    del stack[lo:]
    for r in keep:
        stack.append(r)
        is_mark[r.pos] = False
        out.append(_open_tag(r, False, stack))
