"""Write a table (the claims, a view, a report) as CSV, TSV, JSONL, JSON, XLSX, Parquet or Markdown.

``write_table`` takes any DataFrame (the claims table or a summary of it); ``read_table``
reads any of those files back and, when the columns look like a claims table, restores the
declared dtypes with ``claimtab.tables.coerce_frame``.

Conventions shared by the text formats: NA is an empty cell (null in JSON), floats are
written with at most 12 significant digits (so ``81.50000000001`` is written ``81.5`` and
``1.3e9`` is written ``1300000000.0``), and text is UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
import math
import numbers
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from claimtab.errors import ClaimtabError
from claimtab.io.formats import format_for, is_binary, normalize_format

__all__ = ["ExportError", "write_table"]

_STDOUT = "-"
_DEFAULT_STDOUT_FORMAT = "csv"

_SIGNIFICANT_DIGITS = 12
_XLSX_MAX_WIDTH = 60
_XLSX_MIN_WIDTH = 6
_XLSX_WIDTH_SAMPLE = 2000
_XLSX_MAX_TEXT = 32767
_XLSX_MAX_ROWS = 1_048_576
_XLSX_MAX_COLS = 16_384
_XLSX_FORMULA_START = ("=", "+", "-", "@")
_XLSX_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_XLSX_ILLEGAL_CHARS = re.compile(r"[\000-\010\013\014\016-\037]")

_MD_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_SEPARATOR_CELL = re.compile(r":?-+:?")


class ExportError(ClaimtabError):
    """A table could not be written or read; the message is one line and names the file."""

    code = "E300"


# --------------------------------------------------------------------------- formats


def _is_stdout(out: str | os.PathLike[str] | None) -> bool:
    """True when ``out`` means standard output (None or ``"-"``)."""
    return out is None or (isinstance(out, str) and out == _STDOUT)


# --------------------------------------------------------------------------- writing


def write_table(
    df: pd.DataFrame,
    out: str | os.PathLike[str] | None,
    fmt: str | None = None,
    *,
    sheets: dict[str, pd.DataFrame] | None = None,
    sheet_name: str = "claims",
) -> None:
    """Write ``df`` to ``out`` (a path, or ``"-"``/None for stdout) in ``fmt``.

    ``fmt`` defaults to the format of the path's extension, or CSV on stdout.  Only text
    formats can go to stdout.  Parent folders of ``out`` are created as needed.

    XLSX only: the workbook has ``df`` as its first sheet, named ``sheet_name``, followed
    by one sheet per entry of ``sheets`` (an entry with the same name replaces ``df``).
    """
    to_stdout = _is_stdout(out)
    if fmt is not None:
        name = normalize_format(fmt)
    else:
        name = _DEFAULT_STDOUT_FORMAT if to_stdout else format_for(out)
    if to_stdout:
        _write_stdout(df, name)
        return
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_file(df, path, name, sheets, sheet_name)
    except ExportError:
        raise
    except (OSError, ValueError, TypeError) as exc:
        raise ExportError(f"cannot write {name} table to '{path}': {exc}") from exc


def _write_stdout(df: pd.DataFrame, fmt: str) -> None:
    """Write a text format to the current ``sys.stdout``."""
    if is_binary(fmt):
        raise ExportError(f"cannot write {fmt} to stdout; give an output file name")
    sys.stdout.write(_TEXT_RENDERERS[fmt](df))
    sys.stdout.flush()


def _write_file(
    df: pd.DataFrame, path: Path, fmt: str, sheets: dict[str, pd.DataFrame] | None, sheet_name: str = "claims"
) -> None:
    """Write ``df`` to ``path`` in ``fmt``."""
    if fmt == "xlsx":
        _write_xlsx(path, {sheet_name: df, **(sheets or {})})
    elif fmt == "parquet":
        _write_parquet(df, path)
    else:
        path.write_text(_TEXT_RENDERERS[fmt](df), encoding="utf-8", newline="")


# ---- cell values


def _is_missing(value: Any) -> bool:
    """True for None, NA, NaN and NaT (never for containers)."""
    if value is None:
        return True
    if not pd.api.types.is_scalar(value):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _clean_float(value: float) -> float:
    """Round away binary noise: keep at most 12 significant digits (finite values only)."""
    if not math.isfinite(value):
        return value
    return float(f"{value:.{_SIGNIFICANT_DIGITS}g}")


def _plain(value: Any) -> Any:
    """Return a cell as a plain Python value: None, bool, int, clean float or str."""
    if _is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return _clean_float(float(value))
    if isinstance(value, str):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _text(value: Any) -> str:
    """Return a plain cell value as text for CSV/TSV/Markdown ("" for missing)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _column_names(df: pd.DataFrame) -> list[str]:
    """The frame's column names as strings."""
    return [str(c) for c in df.columns]


def _rows(df: pd.DataFrame) -> list[tuple[Any, ...]]:
    """The frame's rows as tuples of plain Python values (column-wise conversion)."""
    columns = [[_plain(v) for v in df.iloc[:, i].astype(object)] for i in range(df.shape[1])]
    if not columns:
        return [() for _ in range(len(df))]
    return list(zip(*columns, strict=True))


# ---- text formats


def _render_delimited(df: pd.DataFrame, sep: str) -> str:
    """CSV/TSV text: header always, NA as an empty cell, minimal quoting, ``\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    writer.writerow(_column_names(df))
    writer.writerows([_text(v) for v in row] for row in _rows(df))
    return buffer.getvalue()


def _render_csv(df: pd.DataFrame) -> str:
    """Comma-separated text."""
    return _render_delimited(df, ",")


def _render_tsv(df: pd.DataFrame) -> str:
    """Tab-separated text."""
    return _render_delimited(df, "\t")


def _json_value(value: Any) -> Any:
    """A plain value made valid JSON: non-finite floats become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as JSON-ready dicts (NA as None)."""
    names = _column_names(df)
    return [{n: _json_value(v) for n, v in zip(names, row, strict=True)} for row in _rows(df)]


def _render_jsonl(df: pd.DataFrame) -> str:
    """One JSON object per line."""
    return "".join(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in _records(df))


def _render_json(df: pd.DataFrame) -> str:
    """A JSON list of objects."""
    return json.dumps(_records(df), ensure_ascii=False, allow_nan=False, indent=1) + "\n"


def _md_escape(text: str) -> str:
    r"""Escape a cell for a pipe table: ``\`` ``|`` and literal ``<br>``; newlines become ``<br>``."""
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = _MD_BREAK.sub(lambda m: "\\" + m.group(0), text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _md_row(cells: Iterable[str]) -> str:
    """One pipe-table line."""
    return "| " + " | ".join(cells) + " |\n"


def _render_md(df: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown pipe table (empty text for a frame without columns)."""
    names = _column_names(df)
    if not names:
        return ""
    lines = [_md_row(_md_escape(n) for n in names), _md_row("---" for _ in names)]
    lines += [_md_row(_md_escape(_text(v)) for v in row) for row in _rows(df)]
    return "".join(lines)


_TEXT_RENDERERS: dict[str, Callable[[pd.DataFrame], str]] = {
    "csv": _render_csv,
    "tsv": _render_tsv,
    "jsonl": _render_jsonl,
    "json": _render_json,
    "md": _render_md,
}


# ---- binary formats


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Parquet via pyarrow; pandas metadata keeps the nullable and categorical dtypes."""
    frame = df.copy(deep=False)
    frame.columns = _column_names(df)
    frame.to_parquet(path, engine="pyarrow", index=False)


def _sheet_titles(names: Iterable[str]) -> list[str]:
    """Valid, distinct Excel sheet titles (no ``[]:*?/\\``, at most 31 characters)."""
    titles: list[str] = []
    seen: set[str] = set()
    for name in names:
        base = _XLSX_BAD_SHEET_CHARS.sub("_", str(name)).strip("'")[:31] or "Sheet"
        title, n = base, 1
        while title.lower() in seen:
            n += 1
            title = f"{base[: 31 - len(str(n)) - 1]}~{n}"
        seen.add(title.lower())
        titles.append(title)
    return titles


def _xlsx_text(value: str) -> str:
    """Text Excel accepts: no control characters, at most 32,767 characters."""
    return _XLSX_ILLEGAL_CHARS.sub("", value)[:_XLSX_MAX_TEXT]


def _xlsx_width(values: Iterable[Any]) -> float:
    """Column width from the longest line of its header and (sampled) values, capped."""
    longest = max((len(line) for v in values for line in _text(v).split("\n")), default=0)
    return float(min(max(longest + 2, _XLSX_MIN_WIDTH), _XLSX_MAX_WIDTH))


def _xlsx_cell(ws: Any, value: Any) -> Any:
    """A cell value for a write-only sheet; text that looks like a formula is stored as text."""
    from openpyxl.cell import WriteOnlyCell

    if not isinstance(value, str):
        return value
    text = _xlsx_text(value)
    if not text.startswith(_XLSX_FORMULA_START):
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _xlsx_sheet(wb: Any, title: str, df: pd.DataFrame) -> None:
    """Add one sheet: bold frozen header, autofilter, widths from content, values as values."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if len(df) + 1 > _XLSX_MAX_ROWS or df.shape[1] > _XLSX_MAX_COLS:
        raise ExportError(f"sheet '{title}' is too large for Excel ({len(df)} rows, {df.shape[1]} columns)")
    ws = wb.create_sheet(title)
    names = _column_names(df)
    rows = _rows(df)
    for i, name in enumerate(names, start=1):
        sample = [name, *(row[i - 1] for row in rows[:_XLSX_WIDTH_SAMPLE])]
        ws.column_dimensions[get_column_letter(i)].width = _xlsx_width(sample)
    ws.freeze_panes = "A2"
    if names:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{len(rows) + 1}"
    header = []
    for name in names:
        cell = WriteOnlyCell(ws, value=_xlsx_text(name))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append([_xlsx_cell(ws, v) for v in row])


def _write_xlsx(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    """An XLSX workbook with one sheet per entry (streamed with openpyxl's write-only mode)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, frame in zip(_sheet_titles(sheets), sheets.values(), strict=True):
        _xlsx_sheet(wb, title, frame)
    wb.save(path)


