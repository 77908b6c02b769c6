"""Write a table to, and read it back from, CSV, TSV, JSONL, JSON, XLSX, Parquet and Markdown.

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
from claimtab.frame import coerce_frame, is_claims_frame
from claimtab.io.formats import format_for, is_binary, normalize_format

__all__ = ["ExportError", "read_table", "write_table"]

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


# --------------------------------------------------------------------------- reading


def read_table(
    path: str | os.PathLike[str], fmt: str | None = None, *, sheet: str | None = None, raw: bool = False
) -> pd.DataFrame:
    """Read a table written in any of ``FORMATS``.

    When the columns look like a claims table (they include ``kind`` and ``paper_id``) the
    result is ``coerce_frame`` output, with the declared dtypes, unless ``raw`` is set (a
    hand-written sheet that happens to have those columns keeps "4.6x" as written).
    Otherwise it is the raw table with string dtypes (Parquet keeps the dtypes stored in
    the file).  ``sheet`` picks an XLSX sheet by name (default: the first).  A missing or
    unreadable file raises ``ExportError`` naming it.
    """
    file = Path(path)
    name = normalize_format(fmt) if fmt is not None else format_for(file)
    if not file.is_file():
        raise ExportError(f"no such file: '{file}'")
    try:
        table = _read_raw(file, name, sheet)
    except ExportError:
        raise
    except Exception as exc:  # any parser failure means the file is unreadable as ``name``
        raise ExportError(f"cannot read '{file}' as {name}: {exc}") from exc
    if not raw and is_claims_frame(table.columns):
        return coerce_frame(table)
    return table


def _read_raw(file: Path, fmt: str, sheet: str | None) -> pd.DataFrame:
    """Read the file without interpreting values: text (or Parquet's stored dtypes)."""
    if fmt == "parquet":
        return pd.read_parquet(file, engine="pyarrow")
    if fmt == "xlsx":
        header, rows = _read_xlsx(file, sheet)
    else:
        header, rows = _TEXT_READERS[fmt](file)
    return _string_frame(header, rows)


def _string_frame(header: list[str], rows: list[list[str | None]]) -> pd.DataFrame:
    """A frame of StringDtype columns; short rows are padded with NA, long ones cut."""
    names = _unique_names(header)
    width = len(names)
    fitted = [(list(r) + [None] * width)[:width] for r in rows]
    columns = list(zip(*fitted, strict=True)) if fitted else [() for _ in names]
    data = {n: pd.Series(list(c), dtype=pd.StringDtype()) for n, c in zip(names, columns, strict=True)}
    return pd.DataFrame(data, columns=names)


def _unique_names(header: list[str]) -> list[str]:
    """Column names made distinct the way pandas does (``a``, ``a.1``, ...)."""
    names: list[str] = []
    counts: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = raw if raw not in (None, "") else f"Unnamed: {i}"
        if name in counts:
            counts[name] += 1
            name = f"{name}.{counts[name]}"
        counts.setdefault(name, 0)
        names.append(name)
    return names


def _value_text(value: Any) -> str | None:
    """A value parsed from JSON or XLSX as text (None stays None)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_text_file(file: Path) -> str:
    """The file's text (UTF-8, with or without a byte-order mark)."""
    return file.read_text(encoding="utf-8-sig")


def _read_delimited(file: Path, sep: str) -> tuple[list[str], list[list[str | None]]]:
    """CSV/TSV rows as text, empty cells as None; an empty file is an empty table."""
    reader = csv.reader(io.StringIO(_read_text_file(file), newline=""), delimiter=sep, strict=True)
    header = next((r for r in reader if r), None)
    if header is None:
        return [], []
    # A blank line is a row of one empty cell in a one-column table, else nothing.
    lines = [r or [""] for r in reader if r or len(header) == 1]
    return header, [[c if c != "" else None for c in r] for r in lines]


def _read_csv(file: Path) -> tuple[list[str], list[list[str | None]]]:
    """Comma-separated file."""
    return _read_delimited(file, ",")


def _read_tsv(file: Path) -> tuple[list[str], list[list[str | None]]]:
    """Tab-separated file."""
    return _read_delimited(file, "\t")


def _from_records(
    records: list[Any], where: Callable[[int], str]
) -> tuple[list[str], list[list[str | None]]]:
    """Header (keys in first-seen order) and text rows from a list of JSON objects."""
    header: dict[str, None] = {}
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            raise ValueError(f"{where(i)} is not a JSON object")
        header.update(dict.fromkeys(record))
    names = list(header)
    return names, [[_value_text(r.get(n)) for n in names] for r in records]


def _read_jsonl(file: Path) -> tuple[list[str], list[list[str | None]]]:
    """One JSON object per non-blank line."""
    records = []
    for number, line in enumerate(_read_text_file(file).splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {number}: {exc}") from exc
    return _from_records(records, lambda i: f"record {i + 1}")


def _read_json(file: Path) -> tuple[list[str], list[list[str | None]]]:
    """A JSON list of objects (a blank file is an empty table)."""
    text = _read_text_file(file)
    if not text.strip():
        return [], []
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("expected a JSON list of objects")
    return _from_records(data, lambda i: f"item {i}")


def _md_split(line: str) -> list[str | None]:
    r"""Split a pipe-table line into cells, undoing ``\\``, ``\|``, ``\<`` and ``<br>``."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    cells, current, i = [], [], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body) and body[i + 1] in "\\|<":
            current.append(body[i + 1])
            i += 2
            continue
        match = _MD_BREAK.match(body, i) if char == "<" else None
        if match:
            current.append("\n")
            i = match.end()
        elif char == "|":
            cells.append("".join(current))
            current, i = [], i + 1
        else:
            current.append(char)
            i += 1
    if "".join(current).strip():
        cells.append("".join(current))
    return [c.strip() or None for c in cells]


def _read_md(file: Path) -> tuple[list[str], list[list[str | None]]]:
    """The first pipe table in a Markdown file (a blank file is an empty table)."""
    lines = _read_text_file(file).splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("|")), None)
    if start is None:
        if any(line.strip() for line in lines):
            raise ValueError("no pipe table found")
        return [], []
    table = []
    for line in lines[start:]:
        if not line.strip().startswith("|"):
            break
        table.append(_md_split(line))
    separator = table[1] if len(table) > 1 else []
    if not separator or not all(c and _MD_SEPARATOR_CELL.fullmatch(c) for c in separator):
        raise ValueError("the table's second line is not a |---| separator")
    return [c or "" for c in table[0]], table[2:]


_TEXT_READERS: dict[str, Callable[[Path], tuple[list[str], list[list[str | None]]]]] = {
    "csv": _read_csv,
    "tsv": _read_tsv,
    "jsonl": _read_jsonl,
    "json": _read_json,
    "md": _read_md,
}


def _read_xlsx(file: Path, sheet: str | None) -> tuple[list[str], list[list[str | None]]]:
    """Header and text rows of one sheet (the first, or ``sheet``); blank rows are skipped."""
    from openpyxl import load_workbook

    with file.open("rb") as handle:  # a handle, so that any extension is accepted
        return _read_xlsx_sheet(load_workbook(handle, read_only=True, data_only=True), file, sheet)


def _read_xlsx_sheet(wb: Any, file: Path, sheet: str | None) -> tuple[list[str], list[list[str | None]]]:
    """Header and text rows of one sheet of an open read-only workbook, which is then closed."""
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise ExportError(f"'{file}' has no sheet '{sheet}' (sheets: {', '.join(wb.sheetnames)})")
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        ws.reset_dimensions()
        rows = [[_value_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        return [], []
    width = max(len(r) for r in rows)
    while width and all(len(r) < width or r[width - 1] in (None, "") for r in rows):
        width -= 1
    return [c or "" for c in rows[0][:width]], [r[:width] for r in rows[1:]]
