"""Wide sheets: one row per paper, one column per metric or dataset (``ImageNet top-1``,
``COCO AP``, ``BLEU``, ``Params (M)``, ``Speedup``).

A column is a value column when most of its cells hold numbers a person typed and it plays
no other role (paper, title, kind ...). Its header is the context of every cell below it: a
unit or scale in brackets (``(%)``, ``[ms]``, ``(M)``) is the cells' unit, a kind name
(``Speedup``, ``#Params``) their kind, a benchmark the lexicon knows (``ImageNet``, ``COCO``)
their dataset, a metric it knows (``top-1``, ``AP``, ``BLEU``) their metric, other words a
hint. The report keeps the sheet's shape (a status and an evidence column after each value
column), or is long: one row per value, with the sheet's row and column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd

from claimtab.check.claims import normalize_kind, tokens
from claimtab.check.claims import rules as current_rules
from claimtab.check.match import CANDIDATES_COLUMN, REPORT_COLUMNS, Outcome
from claimtab.check.report import RowResult, columns
from claimtab.quantities.cells import text as _text
from claimtab.quantities.reported import canonical_unit, parse_reported
from claimtab.rules.files import ENV
from claimtab.rules.lexicon import load_lexicon

NUMERIC_SHARE = 0.5  # a value column: at least this share of its non-empty cells are numbers


@dataclass(frozen=True)
class Header:
    """What a value column's header says of the cells below it."""

    text: str
    kind: str | None = None
    unit: str | None = None  # the unit cell to parse the values with ("%", "M", "ms")
    metric: frozenset[str] = frozenset()
    dataset: frozenset[str] = frozenset()
    hint: frozenset[str] = frozenset()


_BRACKET = re.compile(r"\s*[(\[]\s*([^()\[\]]{1,20}?)\s*[)\]]\s*$")


def header(text: str) -> Header:
    """Read a value column's header (see the module docstring)."""
    return _header(str(text), os.environ.get(ENV))


@cache
def _header(text: str, env: str | None) -> Header:
    words = " ".join(str(text).split())
    unit = None
    m = _BRACKET.search(words)
    if m:
        read = canonical_unit(m.group(1))
        if read is not None and (read.unit is not None or read.scale != 1.0):
            unit, words = m.group(1), words[: m.start()]
    kind = normalize_kind(words) or next((k for w in words.split() if (k := normalize_kind(w.lstrip("#")))), None)
    rules = current_rules()
    dataset_words = [t for s, e, t, _ in load_lexicon(rules.root).find(words)]
    rest = words
    for d in dataset_words:
        rest = rest.replace(d, " ")
    metric = [w for w in re.split(r"[\s,;/]+", rest) if w and w.lower() in rules.metric_names]
    return Header(
        text=str(text), kind=kind, unit=unit, metric=tokens(" ".join(metric)),
        dataset=tokens(" ".join(dataset_words)), hint=tokens(rest),
    )


def value_columns(sheet: pd.DataFrame, taken: Iterable[str]) -> list[str]:
    """The columns of a sheet that hold numbers (and play no other role), in order."""
    skip = set(taken)
    out = []
    for name in sheet.columns:
        if str(name) in skip:
            continue
        cells = [t for v in sheet[name].tolist() if (t := _text(v)) is not None]
        if cells and sum(parse_reported(c) is not None for c in cells) >= NUMERIC_SHARE * len(cells):
            out.append(str(name))
    return out


def _names(existing: set[str], wanted: str) -> str:
    name = wanted
    while name in existing:
        name = "check_" + name
    existing.add(name)
    return name


def wide_report(sheet: pd.DataFrame, values: Sequence[str], results: Sequence[RowResult]) -> pd.DataFrame:
    """The sheet, in its shape, with ``<column> status`` and ``<column> evidence`` after each
    value column (empty for an empty cell)."""
    at = {(r.row, r.column): r.outcome for r in results}
    blank = Outcome("")
    existing = {str(c) for c in sheet.columns}
    out = pd.DataFrame(index=sheet.index)
    for name in sheet.columns:
        out[name] = sheet[name]
        if str(name) in values:
            outcomes = [at.get((i + 2, str(name)), blank) for i in range(len(sheet))]
            names = {"status": _names(existing, f"{name} status"), "evidence": _names(existing, f"{name} evidence")}
            for col_name, series in columns(outcomes, sheet.index, names).items():
                out[col_name] = series.replace("", None)
    return out


def long_report(sheet: pd.DataFrame, id_columns: Sequence[str], results: Sequence[RowResult]) -> pd.DataFrame:
    """One row per checked value: the sheet's row (as a spreadsheet numbers it) and column,
    its paper columns, the value as typed, the id of the paper found, then the check's columns."""
    records = sheet.to_dict("records")
    base = {
        "row": pd.Series([r.row for r in results], dtype="Int64"),
        "column": pd.Series([r.column for r in results], dtype="string"),
    }
    for name in id_columns:
        base[str(name)] = pd.Series([records[r.row - 2].get(name) for r in results], dtype="string")
    base[_names(set(base), "value")] = pd.Series([r.reported for r in results], dtype="string")
    base[_names(set(base), "paper_found")] = pd.Series([r.paper_id for r in results], dtype="string")
    frame = pd.DataFrame(base)
    names = {n: _names(set(frame.columns), n) for n in REPORT_COLUMNS}
    if any(r.outcome.candidates for r in results):
        names[CANDIDATES_COLUMN] = _names(set(frame.columns) | set(names.values()), CANDIDATES_COLUMN)
    for col_name, series in columns([r.outcome for r in results], frame.index, names).items():
        frame[col_name] = series
    return frame
