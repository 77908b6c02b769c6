"""Views of the long claims table: pure functions, always derived, never stored.

Every view takes the long table (any frame ``claims_frame``/``read_table``/``load_claims``
produce; it is passed through ``coerce_frame`` first) and returns a new DataFrame with
declared dtypes (nullable ``Float64``/``Int64`` and ``string``):

- :func:`long` -- the tidy table itself, one row per claim, in paper order, title before
  abstract, then by offset;
- :func:`papers` -- one row per paper: best speedup, largest reduction, parameter counts,
  scores, claim counts per kind, code links and benchmarks;
- :func:`results` -- one row per (paper, dataset, metric, method) holding the paper's own
  best result there (in each setting it reports), as a leaderboard lists it, with where it
  stands (field, table, row label, column);
- :func:`leaderboard` -- the same best results (per setting, and of any system a paper
  names) ranked within their (dataset, metric) group, best first (the metric's direction comes from ``lexicons/metrics.toml``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from claimtab.frame import coerce_frame
from claimtab.metrics import metric_direction
from claimtab.quantities import format as fmt
from claimtab.quantities.cells import missing
from claimtab.rules.kinds import Registry, registry
from claimtab.rules.schema import SummarySpec

__all__ = ["VIEWS", "leaderboard", "long", "metric_direction", "paper_columns", "papers", "results"]

_STRING = pd.StringDtype()
_FIELD_ORDER = {"title": 0, "abstract": 1, "body": 2, "caption": 3, "table": 4}
_SEP = "; "


LEADERBOARD_COLUMNS: dict[str, Any] = {
    "dataset": _STRING,
    "metric": _STRING,
    "rank": "Int64",
    "paper_id": _STRING,
    "method": _STRING,
    "value": "Float64",
    "unit": _STRING,
    "qualifier": _STRING,
    "setting": _STRING,
    "text": _STRING,
}

RESULTS_COLUMNS: dict[str, Any] = {
    "paper_id": _STRING,
    "title": _STRING,
    "method": _STRING,
    "dataset": _STRING,
    "metric": _STRING,
    "value": "Float64",
    "unit": _STRING,
    "qualifier": _STRING,
    "setting": _STRING,
    "best": _STRING,
    "field": _STRING,
    "table": _STRING,
    "row_label": _STRING,
    "column": _STRING,
    "text": _STRING,
    "start": "Int64",
    "end": "Int64",
}

Row = dict[str, Any]


# --------------------------------------------------------------------------- helpers


def _clean(value: Any) -> Any:
    """A cell as a plain value: None for missing or empty text, else the value."""
    if missing(value):
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    return value


def _records(frame: pd.DataFrame) -> list[Row]:
    """The frame's rows as dicts of plain values (None for missing)."""
    columns = {name: [_clean(v) for v in frame[name].astype(object)] for name in frame.columns}
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _typed_frame(rows: list[Row], columns: dict[str, Any]) -> pd.DataFrame:
    """A frame with exactly ``columns`` (name -> dtype), in order, from row dicts."""
    data = {
        name: pd.Series([row.get(name) for row in rows], dtype=object).astype(dtype)
        for name, dtype in columns.items()
    }
    return pd.DataFrame(data, columns=list(columns))


def _key(text: str | None) -> str:
    """A grouping key for a name: whitespace collapsed, case folded ("" for None)."""
    return " ".join((text or "").split()).casefold()


def _tidy(text: str | None) -> str | None:
    """A name with its whitespace collapsed (None stays None)."""
    return " ".join(text.split()) if text else None


def _dataset_name(row: Row) -> str | None:
    """The row's dataset under its canonical name when the lexicon knows it."""
    return _tidy(row.get("dataset_canonical") or row.get("dataset"))


def _unique(values: Iterable[str | None]) -> list[str]:
    """Non-empty values, first occurrence kept, compared case-insensitively."""
    seen: set[str] = set()
    out = []
    for value in values:
        if value and _key(value) not in seen:
            seen.add(_key(value))
            out.append(value)
    return out


def _joined(values: Iterable[str | None]) -> str | None:
    """Distinct values joined with ``"; "`` (None when there are none)."""
    items = _unique(values)
    return _SEP.join(items) if items else None


# --------------------------------------------------------------------------- long


def long(df: pd.DataFrame) -> pd.DataFrame:
    """The tidy claims table: declared dtypes, sorted by paper (first-appearance order), then
    field (title, abstract, body), then start offset; a fresh 0..n-1 index."""
    frame = coerce_frame(df)
    if frame.empty:
        return frame.reset_index(drop=True)
    paper = pd.factorize(frame["paper_id"].astype(object), use_na_sentinel=False)[0]
    field = frame["field"].astype(object).map(_FIELD_ORDER).fillna(len(_FIELD_ORDER)).to_numpy(dtype=float)
    start = frame["start"].astype("Float64").fillna(np.inf).to_numpy(dtype=float)
    order = np.lexsort((start, field, paper))  # stable; the last key sorts first
    return frame.iloc[order].reset_index(drop=True)


# --------------------------------------------------------------------------- papers


def _by_paper(rows: list[Row]) -> dict[Any, list[Row]]:
    """Rows grouped by paper id, papers in first-appearance order."""
    groups: dict[Any, list[Row]] = {}
    for row in rows:
        groups.setdefault(row["paper_id"], []).append(row)
    return groups


def _largest(rows: list[Row], units: list[str]) -> Row | None:
    """The row with the largest value, trying ``units`` in order ("*": any other unit)."""
    candidates = [r for r in rows if r["value"] is not None]
    named = {u for u in units if u != "*"}
    for unit in units:
        pool = [r for r in candidates if (r["unit"] or "") == unit or (unit == "*" and r["unit"] not in named)]
        if pool:
            return max(pool, key=lambda r: r["value"])  # the first of equal values
    return None


def _counts(rows: list[Row]) -> tuple[str | None, float | None]:
    """Counts as ``"1.3B; 7B"`` (distinct, ascending; other units after them) and the largest."""
    counts = sorted({r["value"] for r in rows if r["value"] is not None and (r["unit"] or "count") == "count"})
    other = [fmt.shown(r["value"], r["value_max"], r["unit"]) for r in rows
             if r["value"] is not None and (r["unit"] or "count") != "count"]
    return _joined([fmt.human_count(c) for c in counts] + other), (counts[-1] if counts else None)


def _best_of(rows: list[Row], metric: str | None) -> Row:
    """The best of score rows on one metric: lowest when lower is better, else highest."""
    if metric and metric_direction(metric) == "lower":
        return min(rows, key=lambda r: r["value"])
    return max(rows, key=lambda r: r["value"])


def _best_per_metric(rows: list[Row]) -> str | None:
    """The best value per (dataset, metric): ``"ImageNet top-1 accuracy 81.5%; COCO AP 56.4"``."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row["value"] is not None:
            groups.setdefault((_key(_dataset_name(row)), _key(row["metric"])), []).append(row)
    parts = []
    for group in groups.values():
        dataset, metric = _dataset_name(group[0]), _tidy(group[0]["metric"])
        best = _best_of(group, metric)
        words = [dataset, metric, fmt.shown(best["value"], best["value_max"], best["unit"])]
        parts.append(" ".join(w for w in words if w))
    return _SEP.join(parts) if parts else None


def _listed(rows: list[Row], spec: SummarySpec) -> Row:
    field = _dataset_name if spec.field == "dataset" else (lambda r: r[spec.field])
    out: Row = {spec.column: _joined(field(r) for r in rows)}
    if spec.status_column:
        statuses = {r["status"] for r in rows}
        out[spec.status_column] = next((s for s in spec.statuses if s in statuses), None)
    return out


def _summary(spec: SummarySpec, rows: list[Row]) -> Row:
    """The papers-view columns of one kind for one paper's rows of that kind."""
    if spec.pick == "largest":
        best = _largest(rows, spec.units) or {}
        return {spec.column: best.get("value"), **{f"{spec.column}_{f}": best.get(f) for f in spec.also}}
    if spec.pick == "counts":
        text, largest = _counts(rows)
        return {spec.column: text, f"{spec.column}_max": largest}
    if spec.pick == "best_per_metric":
        return {spec.column: _best_per_metric(rows)}
    return _listed(rows, spec)


def paper_columns(kinds: Registry | None = None) -> dict[str, Any]:
    """The papers view's columns and dtypes: id, title, method, each kind's summary, the
    number of claims in all and per kind, then the kinds' lists (links, benchmarks)."""
    kinds = kinds or registry()
    head: dict[str, Any] = {"paper_id": _STRING, "title": _STRING, "method": _STRING}
    tail: dict[str, Any] = {}
    for name in kinds.names:
        spec = kinds[name].summary
        if spec is None:
            continue
        if spec.pick == "largest":
            head[spec.column] = "Float64"
            head.update({f"{spec.column}_{f}": _STRING for f in spec.also})
        elif spec.pick == "counts":
            head[spec.column] = _STRING
            head[f"{spec.column}_max"] = "Float64"
        elif spec.pick == "best_per_metric":
            head[spec.column] = _STRING
        else:
            tail[spec.column] = _STRING
            if spec.status_column:
                tail[spec.status_column] = _STRING
    counts = {"n_claims": "Int64", **{f"n_{k}": "Int64" for k in kinds.names}}
    return {**head, **counts, **tail}


def _first(rows: list[Row], name: str) -> Any:
    """The first non-missing value of column ``name``."""
    return next((r[name] for r in rows if r[name] is not None), None)


def _paper_row(paper_id: Any, rows: list[Row], kinds: Registry) -> Row:
    """The summary row of one paper's claims."""
    out: Row = {"paper_id": paper_id, "title": _first(rows, "title"), "method": _first(rows, "method")}
    for name in kinds.names:
        spec = kinds[name].summary
        if spec is not None:
            out.update(_summary(spec, [r for r in rows if r["kind"] == name]))
    out["n_claims"] = len(rows)
    out.update({f"n_{k}": sum(r["kind"] == k for r in rows) for k in kinds.names})
    return out


def papers(df: pd.DataFrame, kinds: Registry | None = None, inputs: Iterable[Any] | None = None) -> pd.DataFrame:
    """One row per paper summarising its claims: every paper of ``inputs`` (the papers read,
    as :class:`~claimtab.model.Paper` objects or ids), in their order, claims or not, then any
    other paper of the claims in first-appearance order.

    Columns (:func:`paper_columns`): id, title, method; for each kind, what its
    ``[kind.summary]`` asks for (the best speedup with its unit and baseline, the largest
    reduction, parameter counts, the best score per dataset and metric, ...); the number of
    claims in all and per kind; the kinds' lists (code URLs and their status, benchmarks).
    """
    kinds = kinds or registry()
    by_paper = _by_paper(_records(long(df)))
    order: dict[Any, str | None] = {}
    for p in inputs or ():
        pid = str(getattr(p, "id", p))
        order.setdefault(pid, getattr(p, "title", None))
    for pid in by_paper:
        order.setdefault(pid, None)
    summary = []
    for pid, title in order.items():
        row = _paper_row(pid, by_paper.get(pid, []), kinds)
        row["title"] = row["title"] or title
        summary.append(row)
    return _typed_frame(summary, paper_columns(kinds))


# --------------------------------------------------------------------------- leaderboard


def _score_groups(rows: list[Row], ranked_kinds: set[str]) -> dict[tuple[str, str], list[Row]]:
    """Rows of the ranked kinds with a value, dataset and metric, grouped by (dataset, metric) keys."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        dataset, metric = _dataset_name(row), _tidy(row["metric"])
        if row["kind"] in ranked_kinds and row["value"] is not None and dataset and metric:
            groups.setdefault((_key(dataset), _key(metric)), []).append(row)
    return groups


def _better(row: Row, kept: Row, lower: bool) -> bool:
    """Is ``row`` a better result than ``kept``: a better value, or the same value marked best
    (bold) by the paper, or stated in a table rather than in running text."""
    if row["value"] == kept["value"]:
        rank = lambda r: (r.get("best") == "bold", r.get("field") == "table")  # noqa: E731
        return rank(row) > rank(kept)
    return row["value"] < kept["value"] if lower else row["value"] > kept["value"]


def _own_method(row: Row) -> str | None:
    """The method a result is of: the own model a table row names ("GridNet-L"), else the
    paper's method, else its title."""
    if row.get("field") == "table" and row.get("own") == "name" and row.get("row_label"):
        return row["row_label"]
    return row["method"] or row["title"]


def _best_results(rows: list[Row], ranked_kinds: set[str], *, settings: bool, own: bool) -> dict[tuple, list[Row]]:
    """(dataset, metric) key -> the best row of each paper and method there: per setting it
    reports (its ``condition``) with ``settings``, else across them; only rows about the
    paper's own method (no ``subject``) with ``own``."""
    if own:
        rows = [r for r in rows if r["subject"] is None]
    out = {}
    for key, group in _score_groups(rows, ranked_kinds).items():
        lower = metric_direction(_tidy(group[0]["metric"])) == "lower"
        best: dict[tuple, Row] = {}
        for row in group:
            k = (row["paper_id"], _key(_own_method(row)), _key(row["condition"] or "") if settings else "")
            if k not in best or _better(row, best[k], lower):
                best[k] = row
        out[key] = [r for r in group if any(r is b for b in best.values())]
    return out


def _ranked(group: list[Row]) -> list[tuple[int, Row]]:
    """A group's rows best first with their rank (equal values share the better rank)."""
    lower = metric_direction(_tidy(group[0]["metric"])) == "lower"
    ordered = sorted(group, key=lambda r: r["value"], reverse=not lower)  # stable: paper order on ties
    ranked: list[tuple[int, Row]] = []
    for i, row in enumerate(ordered):
        tied = ranked and ranked[-1][1]["value"] == row["value"]
        ranked.append((ranked[-1][0] if tied else i + 1, row))
    return ranked


def _result_row(dataset: str, metric: str, row: Row) -> Row:
    return {
        "paper_id": row["paper_id"], "title": row["title"], "method": _own_method(row), "dataset": dataset,
        "metric": metric, "value": row["value"], "unit": row["unit"], "qualifier": row["qualifier"],
        "setting": row["condition"], "best": row.get("best"), "field": row["field"], "table": row.get("table"),
        "row_label": row.get("row_label"), "column": row.get("column"), "text": row["text"], "start": row["start"],
        "end": row["end"],
    }


def results(df: pd.DataFrame, kinds: Registry | None = None) -> pd.DataFrame:
    """The papers' own results as a leaderboard lists them: of the claims of the leaderboard
    kinds (scores) about the paper's own method (no ``subject``) with a dataset and a
    metric, the best value per (paper, dataset, metric, method) -- of equal values the one
    the paper marks best, then one in a table; ``setting`` is the condition it was reported
    in. Rows keep where the value stands (``field``, ``table``, ``row_label``, ``column``,
    ``best``, ``text``, ``start``, ``end``). Papers in input order, then dataset and metric.
    Columns: ``RESULTS_COLUMNS``."""
    rows = _records(long(df))
    groups = _best_results(rows, set((kinds or registry()).leaderboard()), settings=False, own=True)
    out = [_result_row(_dataset_name(g[0]), _tidy(g[0]["metric"]), r) for g in groups.values() for r in g]
    order = {pid: i for i, pid in enumerate(dict.fromkeys(r["paper_id"] for r in rows))}
    out.sort(key=lambda r: (order[r["paper_id"]], _key(r["dataset"]), _key(r["metric"])))
    return _typed_frame(out, RESULTS_COLUMNS)


def _board_row(dataset: str, metric: str, rank: int, row: Row) -> Row:
    """One leaderboard row."""
    return {
        "dataset": dataset,
        "metric": metric,
        "rank": rank,
        "paper_id": row["paper_id"],
        "method": _own_method(row),
        "value": row["value"],
        "unit": row["unit"],
        "qualifier": row["qualifier"],
        "setting": row["condition"],
        "text": row["text"],
    }


def leaderboard(df: pd.DataFrame, kinds: Registry | None = None) -> pd.DataFrame:
    """Claims of the leaderboard kinds (``leaderboard = true``: scores) ranked within each
    (dataset, metric) group, best first.

    Datasets go by their canonical name when known; metric names are grouped ignoring case
    and whitespace and shown as first written. Groups are sorted by dataset then metric
    (case-insensitively); within a group values ascend when the metric is lower-is-better
    (:func:`metric_direction`) and descend otherwise. A paper appears once per setting (and own model) it
    reports (its best value there; ``setting`` says which), so two values of one paper never
    rank against each other in the same setting. Rows without a dataset or a metric are
    left out. Columns: ``LEADERBOARD_COLUMNS``.
    """
    groups = _best_results(_records(long(df)), set((kinds or registry()).leaderboard()), settings=True, own=False)
    board = []
    for key in sorted(groups):
        group = groups[key]
        dataset, metric = _dataset_name(group[0]), _tidy(group[0]["metric"])
        board += [_board_row(dataset, metric, rank, row) for rank, row in _ranked(group)]
    return _typed_frame(board, LEADERBOARD_COLUMNS)


VIEWS: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "long": long,
    "papers": papers,
    "leaderboard": leaderboard,
    "results": results,
}
