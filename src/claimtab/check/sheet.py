"""A sheet in, a report out: every value of a person's table checked against the papers.

A long sheet has one value per row (a ``value`` column, with ``kind``, ``metric`` ...
beside it); a wide sheet one row per paper and one value column per metric or dataset
(:mod:`claimtab.check.wide`). Every row is kept, in order: a row whose paper is unknown is
``not_found`` (with the nearest titles), one whose title fits several papers ``ambiguous``."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from claimtab.check.claims import Context, _clip, kinds, normalize_kind, tokens
from claimtab.check.match import Outcome, check_row
from claimtab.check.papers import AmbiguousPaper, PaperIndex
from claimtab.check.report import RowResult, added_names, columns
from claimtab.check.titles import Found
from claimtab.check.wide import header, long_report, value_columns, wide_report
from claimtab.errors import SheetError
from claimtab.io.columns import Role, column_key, listing, resolve_columns
from claimtab.keys import name_key, url_key
from claimtab.quantities.cells import missing as _missing
from claimtab.quantities.cells import text as _text
from claimtab.quantities.reported import parse_reported

# --------------------------------------------------------------------------- the sheet

ROLES: dict[str, Role] = {
    "paper": Role(("paper_id", "paperid", "id", "arxiv", "arxiv_id", "arxivid", "paper"), "--paper-col", "the paper"),
    "title": Role(("title", "paper_title"), "--title-col", "the title"),
    "value": Role(("value", "claim", "number", "reported", "reported_value", "values"), "--value-col", "the value"),
    "kind": Role(("kind", "claim_kind"), "--kind-col", "the kind"),
    "metric": Role(("metric",), "--metric-col", "the metric"),
    "dataset": Role(("dataset",), "--dataset-col", "the dataset"),
    "baseline": Role(("baseline",), "--baseline-col", "the baseline"),
    "unit": Role(("unit", "units"), "--unit-col", "the unit"),
}


@dataclass(frozen=True)
class SheetColumns:
    """Which sheet column plays which role (None: absent). ``values``: the value columns of a
    wide sheet (one per metric or dataset; empty for a long sheet, whose ``value`` it is)."""

    paper: str | None = None
    title: str | None = None
    value: str | None = None
    kind: str | None = None
    metric: str | None = None
    dataset: str | None = None
    baseline: str | None = None
    unit: str | None = None
    values: tuple[str, ...] = ()

    @property
    def wide(self) -> bool:
        return bool(self.values)

    def checked(self) -> tuple[str, ...]:
        """The columns whose cells are checked."""
        return self.values or ((self.value,) if self.value else ())


def detect_columns(columns: Iterable[Any], overrides: dict[str, str | None] | None = None,
                   sheet: pd.DataFrame | None = None, values: Sequence[str] | None = None) -> SheetColumns:
    """Map roles to columns, case-insensitively (``Paper ID`` = ``paper_id``); ``overrides``
    name columns explicitly, ``values`` the value columns of a wide sheet. With no value
    column and the ``sheet`` given, the columns of numbers that play no other role are the
    value columns of a wide sheet. Raises :class:`SheetError` (one line) for a named column
    that is absent or when no paper or value column is found."""
    found = [str(c) for c in columns]
    overrides = dict(overrides or {})
    named = [v for v in (values or []) if v]
    if len(named) == 1:
        overrides["value"], named = named[0], []
    chosen = resolve_columns(found, ROLES, overrides, error=SheetError)
    if chosen["paper"] is None and chosen["title"] is None:
        raise SheetError(f"no column names the paper (paper, paper_id, id, arxiv or title; or --paper-col); "
                         f"columns: {listing(found)}")
    wide: list[str] = []
    if named:
        keyed = {column_key(c): c for c in found}
        for v in named:
            col = v if v in found else keyed.get(column_key(v))
            if col is None:
                raise SheetError(f"no column {v!r} for a value (--value-col); columns found: {listing(found)}")
            wide.append(col)
        chosen["value"] = None
    elif chosen["value"] is None and sheet is not None:
        wide = value_columns(sheet, [c for c in chosen.values() if c])
    if chosen["value"] is None and not wide:
        raise SheetError(f"no column holds the value (value, claim or number; or --value-col; a wide sheet needs "
                         f"columns of numbers); columns: {listing(found)}")
    return SheetColumns(**chosen, values=tuple(wide))


def _cell(row: dict, col: str | None) -> str | None:
    return None if col is None else _text(row.get(col))


def check_sheet(sheet: pd.DataFrame, cols: SheetColumns, index: PaperIndex, *, long: bool = False,
                progress: Callable[[int], None] | None = None) -> tuple[pd.DataFrame, list[RowResult]]:
    """Check every value of ``sheet``: one per row of a long sheet, one per value cell of a
    wide one. Returns the report and the per-value results, in the sheet's order.

    The report of a long sheet is its columns, in order, then the check's; that of a wide
    sheet keeps its shape (:func:`~claimtab.check.wide.wide_report`) or, with ``long``, has
    one row per value (:func:`~claimtab.check.wide.long_report`). ``progress`` is called with
    the number of values checked after each."""
    results: list[RowResult] = []
    for i, row in enumerate(sheet.to_dict("records")):
        ref, title = _cell(row, cols.paper), _cell(row, cols.title)
        try:
            found, problem = index.find(ref, title), None
        except AmbiguousPaper as e:
            found, problem = None, Outcome("ambiguous", None, str(e))
        for col in cols.checked():
            raw = row.get(col)
            shown = "" if _missing(raw) else str(raw)
            if cols.wide and not shown.strip():
                continue  # an empty cell of a wide sheet reports nothing
            outcome = problem or _check_one(row, cols, col, index, found, ref or title)
            results.append(RowResult(i + 2, found.pid if found else None, shown, outcome, ref or title,
                                     col if cols.wide else None))
            if progress is not None:
                progress(len(results))
    _use_sheet_order(results)
    if cols.wide:
        ids = [c for c in (cols.paper, cols.title) if c]
        report = long_report(sheet, ids, results) if long else wide_report(sheet, cols.values, results)
        return report, results
    out = sheet.copy()
    any_candidates = any(r.outcome.candidates for r in results)
    for name, col in columns([r.outcome for r in results], sheet.index,
                             added_names(sheet.columns, any_candidates)).items():
        out[name] = col
    return out, results


def _use_sheet_order(results: list[RowResult]) -> None:
    """Break ties with the sheet's order, in place.

    When the rows of a paper that matched a claim follow the paper's own order (at least
    two, none out of order), a row between two of them was most likely copied from between
    their claims: of the tied candidates of an ``ambiguous`` row (or of a ``mismatch`` that
    named one of several equally close claims), a single one lying there is taken as the
    intended claim, and the row becomes a ``mismatch`` naming it."""
    by_paper: dict[str, list[int]] = {}
    for i, r in enumerate(results):
        if r.paper_id is not None:
            by_paper.setdefault(r.paper_id, []).append(i)
    for rows in by_paper.values():
        anchors = [(i, results[i].outcome.claim.order) for i in rows
                   if results[i].outcome.status in ("confirmed", "rounded") and results[i].outcome.claim is not None
                   and results[i].outcome.claim.source == "claim"]
        orders = [o for _, o in anchors]
        if len(anchors) < 2 or orders != sorted(orders):
            continue
        for i in rows:
            out = results[i].outcome
            if not out.candidates or not (out.status == "ambiguous" or (out.status == "mismatch" and out.tied)):
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


def _check_one(row: dict, cols: SheetColumns, col: str, index: PaperIndex, found: Found | None,
               ref: str | None) -> Outcome:
    """One value cell of a row whose paper is ``found`` (None: not among the papers)."""
    if found is None:
        return _unknown_paper(index, ref)
    head = header(col) if cols.wide else None
    kind_cell = _cell(row, cols.kind)
    kind = normalize_kind(kind_cell) or (head.kind if head else None)
    raw = row.get(col)
    value_text = None if _missing(raw) else str(raw).strip()
    if not value_text:
        return Outcome("invalid", None, "the value cell is empty")
    detector = kinds().detector(kind)
    if detector in ("urls", "names") or (kind is None and re.match(r"(?i)^(?:https?://|www\.|github\.com/)", value_text)):
        return _noted(_check_name(value_text, detector or "urls", index, found.pid), found.how)
    rep = parse_reported(value_text, _cell(row, cols.unit) or (head.unit if head else None))
    if rep is None:
        return Outcome("invalid", None, f"cannot read a number from {value_text!r}")
    ctx = Context(
        kind=kind if kinds().is_numeric(kind) else None,
        metric=tokens(_cell(row, cols.metric)) | (head.metric if head else frozenset()),
        dataset=tokens(_cell(row, cols.dataset)) | (head.dataset if head else frozenset()),
        baseline=tokens(_cell(row, cols.baseline)), hint=tokens(rep.hint) | (head.hint if head else frozenset()),
    )
    claims, numbers = index.paper(found.pid)
    outcome = check_row(rep, ctx, claims, numbers)
    if kind_cell and normalize_kind(kind_cell) is None:
        outcome = _noted(outcome, f"kind {kind_cell!r} unknown, ignored")
    if outcome.status not in ("confirmed", "rounded") and not index.has_text(found.pid):
        outcome = _noted(outcome, "the papers were given as a claims table: only classified claims were compared")
    return _noted(outcome, found.how)


def _noted(outcome: Outcome, note: str) -> Outcome:
    if not note:
        return outcome
    return dataclasses.replace(outcome, evidence=f"{outcome.evidence} ({note})" if outcome.evidence else note)


def _unknown_paper(index: PaperIndex, ref: str | None) -> Outcome:
    if not ref:
        return Outcome("not_found", None, "the row names no paper")
    near = index.suggest(ref)
    also = ("; nearest titles: " + "; ".join(f"{t!r} ({pid})" for pid, t in near)) if near else ""
    return Outcome("not_found", None, f"paper {ref!r} is not among the {len(index)} papers given{also}")


def _check_name(value: str, detector: str, index: PaperIndex, pid: str) -> Outcome:
    """A link or a benchmark name: stated by the paper or not."""
    if detector == "urls":
        key = url_key(value)
        found = index.urls(pid)
        for k, c in found:
            if k == key:
                return Outcome("confirmed", c, f"paper links {c.text}: {c.where()}")
        if found:
            k, c = found[0]
            return Outcome("mismatch", c, f"paper links {c.text}, sheet {value}: {c.where()}")
        return Outcome("not_found", None, "the paper gives no code URL")
    key = name_key(value)
    for k, c in index.benchmarks(pid):
        if k == key:
            return Outcome("confirmed", c, f'paper names "{c.text}": {c.where()}')
    return Outcome("not_found", None, f"the paper names no benchmark {value!r}")
