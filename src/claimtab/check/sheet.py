"""A sheet in, a report out: every row of a person's table checked against the papers."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from claimtab.check.claims import Context, _clip, normalize_kind, tokens
from claimtab.check.match import Outcome, check_row
from claimtab.check.papers import AmbiguousPaper, PaperIndex
from claimtab.check.report import RowResult, added_names, columns
from claimtab.errors import SheetError
from claimtab.io.columns import Role, listing, resolve_columns
from claimtab.keys import name_key, url_key
from claimtab.quantities.cells import missing as _missing
from claimtab.quantities.cells import text as _text
from claimtab.quantities.reported import parse_reported
from claimtab.rules.kinds import registry

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
    """Which sheet column plays which role (None: absent)."""

    paper: str | None = None
    title: str | None = None
    value: str | None = None
    kind: str | None = None
    metric: str | None = None
    dataset: str | None = None
    baseline: str | None = None
    unit: str | None = None


def detect_columns(columns: Iterable[Any], overrides: dict[str, str | None] | None = None) -> SheetColumns:
    """Map roles to columns, case-insensitively (``Paper ID`` = ``paper_id``); ``overrides``
    name columns explicitly. Raises :class:`SheetError` (one line) for a named column that
    is absent or when no paper or value column is found."""
    found = [str(c) for c in columns]
    chosen = resolve_columns(found, ROLES, overrides, error=SheetError)
    if chosen["paper"] is None and chosen["title"] is None:
        raise SheetError(f"no column names the paper (paper, paper_id, id, arxiv or title; or --paper-col); "
                         f"columns: {listing(found)}")
    if chosen["value"] is None:
        raise SheetError(f"no column holds the value (value, claim or number; or --value-col); columns: {listing(found)}")
    return SheetColumns(**chosen)


def _cell(row: dict, col: str | None) -> str | None:
    return None if col is None else _text(row.get(col))


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
    out = sheet.copy()
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
    detector = registry().detector(kind)
    if detector in ("urls", "names") or (kind is None and re.match(r"(?i)^(?:https?://|www\.|github\.com/)", value_text)):
        return _check_name(value_text, detector or "urls", index, pid)
    rep = parse_reported(value_text, _cell(row, cols.unit))
    if rep is None:
        return Outcome("invalid", None, f"cannot read a number from {value_text!r}")
    ctx = Context(
        kind=kind if registry().is_numeric(kind) else None,
        metric=tokens(_cell(row, cols.metric)), dataset=tokens(_cell(row, cols.dataset)),
        baseline=tokens(_cell(row, cols.baseline)), hint=tokens(rep.hint),
    )
    claims, numbers = index.paper(pid)
    outcome = check_row(rep, ctx, claims, numbers)
    if kind_cell and kind is None:
        outcome = Outcome(outcome.status, outcome.claim, outcome.evidence + f" (kind {kind_cell!r} unknown, ignored)",
                          outcome.candidates)
    return outcome


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
