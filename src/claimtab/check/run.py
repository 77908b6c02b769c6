"""Checking a sheet from Python: ``claimtab.check(sheet, papers)`` returns the report.

``sheet`` is a file (CSV, TSV, XLSX, JSONL, JSON, Parquet, Markdown), a DataFrame or a list
of row dicts; ``papers`` is anything ``claimtab extract`` reads (a path or several), an
extracted claims table (a path or a DataFrame), papers as dicts or
:class:`~claimtab.model.Paper` records, or a :class:`~claimtab.check.papers.PaperIndex`
built before. Errors are one line (:class:`~claimtab.errors.ClaimtabError`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from claimtab.check.papers import PaperIndex
from claimtab.check.report import summary_lines
from claimtab.check.sheet import check_sheet, detect_columns
from claimtab.errors import InputError


def _cell_text(v: Any) -> str | None:
    """A sheet cell as the text a person typed (a float as Python writes it: 1.3e9 stays readable)."""
    if v is None:
        return None
    if isinstance(v, float):
        return None if math.isnan(v) else repr(v)
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def as_text_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """A sheet as a DataFrame of text cells, in its column order."""
    out = pd.DataFrame(index=raw.index)
    for name in raw.columns:
        out[str(name)] = pd.Series([_cell_text(v) for v in raw[name].tolist()], index=raw.index, dtype="string")
    return out


def read_sheet(path: str | os.PathLike[str], sheet_name: str | None = None) -> pd.DataFrame:
    """The sheet in a file, as text cells, read without interpretation (a sheet that happens
    to have ``paper_id`` and ``kind`` columns is not coerced into the claims schema)."""
    from claimtab.io.tables import read_table

    return as_text_frame(read_table(path, sheet=sheet_name, raw=True))


def _sheet(sheet: Any, sheet_name: str | None) -> pd.DataFrame:
    if isinstance(sheet, pd.DataFrame):
        return as_text_frame(sheet)
    if isinstance(sheet, str | os.PathLike):
        return read_sheet(sheet, sheet_name)
    if isinstance(sheet, Iterable):
        return as_text_frame(pd.DataFrame(list(sheet)))
    raise InputError(f"cannot read a sheet from {type(sheet).__name__}: give a file, a DataFrame or rows as dicts")


def paper_index(papers: Any, **fields: str | None) -> PaperIndex:
    """The papers to check against, from any of the forms :func:`check` takes."""
    from claimtab import api
    from claimtab.frame import coerce_frame, is_claims_frame

    if isinstance(papers, PaperIndex):
        return papers
    if isinstance(papers, pd.DataFrame):
        if is_claims_frame(papers.columns):
            return PaperIndex(coerce_frame(papers), {})
        papers = papers.to_dict("records")
    if isinstance(papers, str | os.PathLike):
        papers = [papers]
    items = list(papers)
    if items and all(isinstance(p, str | os.PathLike) for p in items):
        claims, paper_map = api.load_claims([str(p) for p in items], **fields)
    else:
        read = [api.as_paper(p) for p in items]
        claims, paper_map = api.extract_frame(read), {p.id: p for p in read}
    index = PaperIndex(claims, paper_map)
    if not len(index):
        raise InputError("no papers to check against")
    return index


def check(
    sheet: Any, papers: Any, *, long: bool = False, columns: dict[str, str | None] | None = None,
    values: Sequence[str] | None = None, sheet_name: str | None = None, id_field: str | None = None,
    title_field: str | None = None, text_field: str | None = None, progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Check the numbers of ``sheet`` against ``papers``; the report, one row per sheet row
    (a wide sheet keeps its shape, or with ``long`` has one row per value).

    ``columns`` names sheet columns by role (``{"paper": "ref", "value": "reported"}``; roles:
    paper, title, value, kind, metric, dataset, baseline, unit), ``values`` the value columns
    of a wide sheet. ``report.attrs["summary"]`` holds the summary lines the CLI prints."""
    table = _sheet(sheet, sheet_name)
    cols = detect_columns(table.columns, columns, sheet=table, values=values)
    index = paper_index(papers, id_field=id_field, title_field=title_field, text_field=text_field)
    report, results = check_sheet(table, cols, index, long=long, progress=progress)
    report.attrs["summary"] = summary_lines(results, len(index))
    return report
