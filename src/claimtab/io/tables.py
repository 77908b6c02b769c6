"""Read a table back from any of the formats :mod:`claimtab.io.writers` writes.

Cells come back as text (or their typed value from XLSX and Parquet); a frame whose columns
look like a claims table gets the declared dtypes (:func:`claimtab.frame.coerce_frame`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from claimtab.frame import coerce_frame, is_claims_frame
from claimtab.io.formats import format_for, normalize_format
from claimtab.io.writers import _MD_BREAK, _MD_ENTITY, _MD_SEPARATOR_CELL, FORMULA_START, ExportError

__all__ = ["ExportError", "read_table"]

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
    """The file's text (UTF-8, with or without a byte-order mark), line ends as they are (a
    carriage return inside a quoted CSV cell is the cell's own)."""
    return file.read_bytes().decode("utf-8-sig")


def _lines(text: str) -> list[str]:
    """Lines split at ``\\n`` only (``str.splitlines`` would also split inside a JSON string
    holding U+2028 or U+0085, which ``json.dumps`` writes as they are)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def _read_delimited(file: Path, sep: str) -> tuple[list[str], list[list[str | None]]]:
    """CSV/TSV rows as text, empty cells as None; an empty file is an empty table."""
    reader = csv.reader(io.StringIO(_read_text_file(file), newline=""), delimiter=sep, strict=True)
    header = next((r for r in reader if r), None)
    if header is None:
        return [], []
    # A blank line is a row of one empty cell in a one-column table, else nothing.
    lines = [r or [""] for r in reader if r or len(header) == 1]
    return [_unquoted(c) for c in header], [[_unquoted(c) if c != "" else None for c in r] for r in lines]


def _unquoted(cell: str) -> str:
    """A cell without the ``'`` the writer puts before text a spreadsheet would run as a
    formula (``'=HYPERLINK(...)`` is read as ``=HYPERLINK(...)``)."""
    if cell.startswith("'") and cell[1:].lstrip("'").startswith(FORMULA_START):
        return cell[1:]
    return cell


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
    for number, line in enumerate(_lines(_read_text_file(file)), start=1):
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
    r"""Split a pipe-table line into cells, undoing ``\\``, ``\|``, ``\<`` (older files),
    ``<br>`` and the entities ``&amp;`` ``&lt;`` ``&gt;``."""
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
        entity = _MD_ENTITY.match(body, i) if char == "&" else None
        if match:
            current.append("\n")
            i = match.end()
        elif entity:
            current.append({"&amp;": "&", "&lt;": "<", "&gt;": ">"}[entity.group(0)])
            i = entity.end()
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
    lines = _lines(_read_text_file(file))
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
