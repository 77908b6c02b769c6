"""Views of the long claims table: pure functions, always derived, never stored.

Every view takes the long table (any frame ``claims_frame``/``read_table``/``load_claims``
produce; it is passed through ``coerce_frame`` first) and returns a new DataFrame with
declared dtypes (nullable ``Float64``/``Int64`` and ``string``):

- :func:`long` -- the tidy table itself, one row per claim, in paper order, title before
  abstract, then by offset;
- :func:`papers` -- one row per paper: best speedup, largest reduction, parameter counts,
  scores, claim counts per kind, code links and benchmarks;
- :func:`leaderboard` -- one row per score claim, ranked within its (dataset, metric)
  group, best first (the metric's direction comes from ``lexicons/metrics.toml``).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pandas as pd

from claimtab.frame import coerce_frame
from claimtab.model import KINDS
from claimtab.rules.files import patterns_dir

__all__ = ["VIEWS", "human_count", "leaderboard", "long", "metric_direction", "papers"]

_STRING = pd.StringDtype()
_FIELD_ORDER = {"title": 0, "abstract": 1, "body": 2}
_SEP = "; "

_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")

# Which speedup/reduction rows compete for "best": units in order of preference
# (None = any other unit, as a last resort).
_SPEEDUP_UNITS: tuple[str | None, ...] = ("x", "%")
_REDUCTION_UNITS: tuple[str | None, ...] = ("%", "x", None)

PAPER_COLUMNS: dict[str, Any] = {
    "paper_id": _STRING,
    "title": _STRING,
    "method": _STRING,
    "best_speedup": "Float64",
    "best_speedup_unit": _STRING,
    "best_speedup_baseline": _STRING,
    "largest_reduction": "Float64",
    "largest_reduction_unit": _STRING,
    "largest_reduction_metric": _STRING,
    "params": _STRING,
    "params_max": "Float64",
    "scores": _STRING,
    "n_claims": "Int64",
    **{f"n_{kind}": "Int64" for kind in KINDS},
    "code_urls": _STRING,
    "code_status": _STRING,
    "benchmarks": _STRING,
}

LEADERBOARD_COLUMNS: dict[str, Any] = {
    "dataset": _STRING,
    "metric": _STRING,
    "rank": "Int64",
    "paper_id": _STRING,
    "method": _STRING,
    "value": "Float64",
    "unit": _STRING,
    "qualifier": _STRING,
    "text": _STRING,
}

Row = dict[str, Any]


# --------------------------------------------------------------------------- helpers


def _missing(value: Any) -> bool:
    """True for None, NA and NaN."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _clean(value: Any) -> Any:
    """A cell as a plain value: None for missing or empty text, else the value."""
    if _missing(value):
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


def _number(value: float) -> str:
    """A number as short text: ``81.5``, ``7``, ``0.25`` (at most 12 significant digits)."""
    text = f"{value:.12g}"
    return text if "e" not in text else f"{value:,.0f}".replace(",", "")


def _amount(value: float | None, value_max: float | None, unit: str | None) -> str:
    """A value (or range) with its unit: ``81.5%``, ``2.5x``, ``56.4``, ``12-14 ms``."""
    if value is None:
        return ""
    text = _number(value) + (f"-{_number(value_max)}" if value_max is not None else "")
    if not unit:
        return text
    return text + unit if unit in ("%", "x") else f"{text} {unit}"


def human_count(n: float) -> str:
    """A count in short human form: ``1300000000`` -> ``1.3B``, ``7e9`` -> ``7B``, ``350e6`` -> ``350M``."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(n) >= scale:
            return f"{n / scale:.4g}{suffix}"
    return f"{n:.4g}"


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


# --------------------------------------------------------------------------- metric direction


@cache
def _directions() -> dict[str, str]:
    """Metric surface form (case-folded) -> "higher"/"lower", from lexicons/metrics.toml."""
    path = patterns_dir() / "lexicons" / "metrics.toml"
    with path.open("rb") as f:
        data = tomllib.load(f)
    table: dict[str, str] = {}
    for entry in data.get("metric", []):
        better = entry.get("better")
        if better not in ("higher", "lower"):
            continue
        for name in [entry.get("name"), *entry.get("names", [])]:
            if name:
                table.setdefault(_key(name), better)
    return table


@lru_cache(maxsize=4096)
def metric_direction(name: str) -> str:
    """Whether a higher or a lower value of metric ``name`` is better: ``"higher"`` or ``"lower"``.

    The name is matched case-insensitively against metrics.toml: the whole name, then ever
    shorter word suffixes down to its last word ("ImageNet top-1 error rate" -> "top-1
    error rate" -> ...). Parenthesised notes are ignored, an arrow (↓/↑) decides, and a few
    words metrics.toml lacks (latency, runtime, memory, ...) count as lower-is-better.
    Unknown metrics are higher-is-better.
    """
    text = name or ""
    if "↓" in text or "↑" in text:
        return "lower" if "↓" in text else "higher"
    words = _key(_PARENTHESES.sub(" ", text)).split()
    table = _directions()
    for i in range(len(words)):
        better = table.get(" ".join(words[i:]))
        if better:
            return better
    return "higher"


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


def _largest(rows: list[Row], kind: str, units: tuple[str | None, ...]) -> Row | None:
    """The ``kind`` row with the largest value, trying ``units`` in order (None: any other)."""
    candidates = [r for r in rows if r["kind"] == kind and r["value"] is not None]
    named = {u for u in units if u is not None}
    for unit in units:
        pool = [
            r for r in candidates if (r["unit"] or "") == unit or (unit is None and r["unit"] not in named)
        ]
        if pool:
            return max(pool, key=lambda r: r["value"])  # the first of equal values
    return None


def _params(rows: list[Row]) -> tuple[str | None, float | None]:
    """Parameter counts as ``"1.3B; 7B"`` (distinct, ascending) and the largest count."""
    counts = sorted(
        {
            r["value"]
            for r in rows
            if r["kind"] == "params" and r["value"] is not None and (r["unit"] or "count") == "count"
        }
    )
    other = [
        _amount(r["value"], r["value_max"], r["unit"])
        for r in rows
        if r["kind"] == "params" and r["value"] is not None and (r["unit"] or "count") != "count"
    ]
    text = _joined([human_count(c) for c in counts] + other)
    return text, (counts[-1] if counts else None)


def _best_of(rows: list[Row], metric: str | None) -> Row:
    """The best of score rows on one metric: lowest when lower is better, else highest."""
    if metric and metric_direction(metric) == "lower":
        return min(rows, key=lambda r: r["value"])
    return max(rows, key=lambda r: r["value"])


def _scores(rows: list[Row]) -> str | None:
    """The paper's best score per (dataset, metric): ``"ImageNet top-1 accuracy 81.5%; COCO AP 56.4"``."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row["kind"] == "score" and row["value"] is not None:
            groups.setdefault((_key(_dataset_name(row)), _key(row["metric"])), []).append(row)
    parts = []
    for group in groups.values():
        dataset, metric = _dataset_name(group[0]), _tidy(group[0]["metric"])
        best = _best_of(group, metric)
        words = [dataset, metric, _amount(best["value"], best["value_max"], best["unit"])]
        parts.append(" ".join(w for w in words if w))
    return _SEP.join(parts) if parts else None


def _code_status(rows: list[Row]) -> str | None:
    """``released`` when any code link is released, else ``promised`` when any is, else None."""
    statuses = {r["status"] for r in rows if r["kind"] == "code_url"}
    for status in ("released", "promised"):
        if status in statuses:
            return status
    return None


def _first(rows: list[Row], name: str) -> Any:
    """The first non-missing value of column ``name``."""
    return next((r[name] for r in rows if r[name] is not None), None)


def _paper_row(paper_id: Any, rows: list[Row]) -> Row:
    """The summary row of one paper's claims."""
    speedup = _largest(rows, "speedup", _SPEEDUP_UNITS) or {}
    reduction = _largest(rows, "reduction", _REDUCTION_UNITS) or {}
    params, params_max = _params(rows)
    counts = {f"n_{kind}": sum(r["kind"] == kind for r in rows) for kind in KINDS}
    return {
        "paper_id": paper_id,
        "title": _first(rows, "title"),
        "method": _first(rows, "method"),
        "best_speedup": speedup.get("value"),
        "best_speedup_unit": speedup.get("unit"),
        "best_speedup_baseline": speedup.get("baseline"),
        "largest_reduction": reduction.get("value"),
        "largest_reduction_unit": reduction.get("unit"),
        "largest_reduction_metric": reduction.get("metric"),
        "params": params,
        "params_max": params_max,
        "scores": _scores(rows),
        "n_claims": len(rows),
        **counts,
        "code_urls": _joined(r["url"] for r in rows if r["kind"] == "code_url"),
        "code_status": _code_status(rows),
        "benchmarks": _joined(_dataset_name(r) for r in rows if r["kind"] == "benchmark"),
    }


def papers(df: pd.DataFrame) -> pd.DataFrame:
    """One row per paper (first-appearance order) summarising its claims.

    Columns (``PAPER_COLUMNS``): id, title, method; the best speedup (largest value among
    speedups in ``x``, else in ``%``) with its unit and baseline; the largest reduction
    (``%`` first, then ``x``, then any unit) with its unit and metric; parameter counts
    (``"1.3B; 7B"``) and the largest; the best score per dataset and metric as one text;
    the number of claims in all and per kind; code URLs and whether code is released or
    promised; the benchmarks named (canonical names, deduplicated).
    """
    rows = _records(long(df))
    summary = [_paper_row(pid, group) for pid, group in _by_paper(rows).items()]
    return _typed_frame(summary, PAPER_COLUMNS)


# --------------------------------------------------------------------------- leaderboard


def _score_groups(rows: list[Row]) -> dict[tuple[str, str], list[Row]]:
    """Score rows with a value, dataset and metric, grouped by (dataset, metric) keys."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        dataset, metric = _dataset_name(row), _tidy(row["metric"])
        if row["kind"] == "score" and row["value"] is not None and dataset and metric:
            groups.setdefault((_key(dataset), _key(metric)), []).append(row)
    return groups


def _ranked(group: list[Row]) -> list[tuple[int, Row]]:
    """A group's rows best first with their rank (equal values share the better rank)."""
    metric = _tidy(group[0]["metric"])
    lower = metric_direction(metric) == "lower"
    ordered = sorted(group, key=lambda r: r["value"], reverse=not lower)  # stable: paper order on ties
    ranked: list[tuple[int, Row]] = []
    for i, row in enumerate(ordered):
        tied = ranked and ranked[-1][1]["value"] == row["value"]
        ranked.append((ranked[-1][0] if tied else i + 1, row))
    return ranked


def _board_row(dataset: str, metric: str, rank: int, row: Row) -> Row:
    """One leaderboard row."""
    return {
        "dataset": dataset,
        "metric": metric,
        "rank": rank,
        "paper_id": row["paper_id"],
        "method": row["method"] or row["title"],
        "value": row["value"],
        "unit": row["unit"],
        "qualifier": row["qualifier"],
        "text": row["text"],
    }


def leaderboard(df: pd.DataFrame) -> pd.DataFrame:
    """Score claims ranked within each (dataset, metric) group, best first.

    Datasets go by their canonical name when known; metric names are grouped ignoring case
    and whitespace and shown as first written. Groups are sorted by dataset then metric
    (case-insensitively); within a group values ascend when the metric is lower-is-better
    (:func:`metric_direction`) and descend otherwise. Rows without a dataset or a metric are
    left out. Columns: ``LEADERBOARD_COLUMNS``.
    """
    groups = _score_groups(_records(long(df)))
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
}
