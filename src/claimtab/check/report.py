"""The report of a checked sheet: the columns added to each row (status, source, the paper's
value and unit, evidence, field and offsets, candidates) and the one-screen summary."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from claimtab.check.claims import _clip
from claimtab.check.match import CANDIDATES_COLUMN, FLAGGED, REPORT_COLUMNS, STATUSES, Outcome
from claimtab.quantities import format as fmt


@dataclass
class RowResult:
    """One checked value: the sheet row (as a spreadsheet numbers it: the header is row 1),
    the value column (None for a long sheet), the paper found, the value as typed."""

    row: int
    paper_id: str | None
    reported: str
    outcome: Outcome
    ref: str | None = None
    column: str | None = None


def _value(o: Outcome) -> str | None:
    c = o.claim
    return fmt.value_text(c.value, c.value_max) if c is not None and not math.isnan(c.value) else None


def cells(o: Outcome) -> dict[str, object]:
    """The report's cells for one outcome, by report column name."""
    c = o.claim
    start, end = c.span if c is not None else (None, None)
    return {
        "status": o.status, "source": o.source, "paper_value": _value(o),
        "paper_unit": c.unit if c is not None else None, "evidence": o.evidence,
        "field": c.field if c is not None else None, "start": start, "end": end,
        CANDIDATES_COLUMN: " | ".join(x.listing() for x in o.candidates) or None,
    }


DTYPES = {"start": "Int64", "end": "Int64"}


def added_names(sheet_columns: Iterable[str], with_candidates: bool, prefix: str = "") -> dict[str, str]:
    """The names of the report's columns, pushed to ``check_<name>`` when the sheet already
    has a column of that name."""
    existing = {str(c) for c in sheet_columns}
    names = list(REPORT_COLUMNS) + ([CANDIDATES_COLUMN] if with_candidates else [])
    out = {}
    for n in names:
        name = prefix + n
        while name in existing:
            name = "check_" + name
        out[n] = name
    return out


def columns(outcomes: Sequence[Outcome], index: pd.Index, names: dict[str, str]) -> dict[str, pd.Series]:
    """The report's columns for ``outcomes`` (one per row of ``index``), named by ``names``."""
    rows = [cells(o) for o in outcomes]
    return {names[k]: pd.Series([r[k] for r in rows], index=index, dtype=DTYPES.get(k, "string")) for k in names}


# --------------------------------------------------------------------------- summary


def summary_lines(results: Sequence[RowResult], n_papers: int, limit: int = 15) -> list[str]:
    """A one-screen summary: counts per status (and how many came from the text), then the
    flagged rows, then the papers not found (with the nearest titles when there are any)."""
    counts = Counter(r.outcome.status for r in results)
    from_text = sum(1 for r in results if r.outcome.source == "text" and r.outcome.status in ("confirmed", "rounded"))
    what = "values" if any(r.column for r in results) else "rows"
    head = f"checked {len(results)} {what} against {n_papers} papers: " + ", ".join(
        f"{counts.get(s, 0)} {s}" for s in STATUSES if counts.get(s) or s in ("confirmed", "mismatch", "not_found")
    )
    if from_text:
        head += f" ({from_text} confirmed or rounded from the text, with no classified claim)"
    lines = [head]
    flagged = [r for r in results if r.outcome.status in FLAGGED]
    if flagged:
        lines.append("mismatches:")
        for r in flagged[:limit]:
            c = r.outcome.claim
            paper = c.shown() if c is not None and not math.isnan(c.value) else (c.text if c else "?")
            where = f' "{_clip(c.text, 50)}" [{c.span[0]}:{c.span[1]}]' if c is not None else ""
            col = f" [{r.column}]" if r.column else ""
            lines.append(f"  row {r.row}{col} {r.paper_id}: {r.outcome.status} sheet {_clip(r.reported, 20)} "
                         f"paper {paper}{where}")
        if len(flagged) > limit:
            lines.append(f"  ... and {len(flagged) - limit} more (see the report)")
    unknown = [r for r in results if r.outcome.status == "not_found" and r.paper_id is None]
    if unknown:
        refs = sorted({r.ref or "(none)" for r in unknown})
        lines.append(f"{len({r.row for r in unknown})} row(s) name a paper that is not among those given: "
                     + ", ".join(refs[:5]) + (" ..." if len(refs) > 5 else ""))
    return lines
