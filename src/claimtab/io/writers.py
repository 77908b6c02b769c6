"""Write a table (the claims, a view, a report) as CSV, TSV, JSONL, JSON, XLSX, Parquet or Markdown.

``write_table`` takes any DataFrame (the claims table or a summary of it); ``read_table``
reads any of those files back and, when the columns look like a claims table, restores the
declared dtypes with ``claimtab.tables.coerce_frame``.

Conventions shared by the text formats: NA is an empty cell (null in JSON), floats are
written with at most 12 significant digits (so ``81.50000000001`` is written ``81.5`` and
``1.3e9`` is written ``1300000000.0``), and text is UTF-8.

Safe to open: a CSV/TSV text cell that a spreadsheet would run as a formula (it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, and is not a plain number such as
``-0.3``) is written with a leading ``'``, as the XLSX writer marks such cells as text;
:mod:`claimtab.io.tables` removes it again on reading. Markdown cells have ``&``, ``<`` and
``>`` as entities, so no cell is HTML to a Markdown renderer. An XLSX file carries no time
of writing (its zip entries and document properties have a fixed date), so the same table
gives the same bytes.

Safe to interrupt: every file is written to a temporary file beside the target and renamed
onto it only when complete (:func:`atomic_path`); a failed or interrupted write leaves the
previous file as it was and nothing under the final name.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
import os
import re
import secrets
import shutil
import stat
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from claimtab.errors import ClaimtabError
from claimtab.io.formats import format_for, is_binary, normalize_format

__all__ = ["ExportError", "TableStream", "atomic_path", "check_target", "stream_table", "write_table", "write_text"]

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
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_ENTITY = re.compile(r"&(?:amp|lt|gt);")

# CSV/TSV: what a spreadsheet runs as a formula when a cell starts with it
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

# XLSX: the date written into its zip entries and document properties (SOURCE_DATE_EPOCH, the
# reproducible-builds convention, when it is set)
_XLSX_EPOCH = dt.datetime(1980, 1, 1)


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
        with atomic_path(path) as tmp:
            _write_file(df, tmp, name, sheets, sheet_name)
    except ExportError:
        raise
    except (OSError, ValueError, TypeError, UnicodeError, zipfile.BadZipFile) as exc:
        raise ExportError(f"cannot write {name} table to '{path}': {_reason(exc)}") from exc


def write_text(text: str, out: str | os.PathLike[str], *, make_folders: bool = False) -> None:
    """Write ``text`` (UTF-8) to the file ``out`` atomically (an HTML page, a report); its
    folder must exist unless ``make_folders``."""
    path = Path(out)
    try:
        with atomic_path(path, make_folders=make_folders) as tmp:
            tmp.write_text(text, encoding="utf-8", newline="")
    except (OSError, UnicodeError) as exc:
        raise ExportError(f"cannot write '{path}': {_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    """An exception as a short reason ("No space left on device")."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__


# ---- where files go


def check_target(
    out: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = (), *, make_folders: bool = True
) -> None:
    """Raise ExportError (one line) when ``out`` cannot be written: it is a folder, it is one
    of ``inputs`` (writing would destroy what is being read), it is read-only, or its folder
    cannot be written (or does not exist, without ``make_folders``). Called before any
    work, so a bad path costs nothing."""
    if _is_stdout(out):
        return
    path = Path(out)
    if path.is_dir():
        raise ExportError(f"'{path}' is a folder; give a file name")
    for item in inputs:
        if os.fspath(item) != _STDOUT and _same_file(path, Path(item)):
            raise ExportError(f"'{path}' is also an input; writing it would destroy what is being read")
    if path.exists() and not path.is_file():
        return  # /dev/null, a FIFO: written in place
    if path.exists() and not os.access(path, os.W_OK):
        raise ExportError(f"'{path}' is read-only")
    parent = path.absolute().parent
    if not make_folders and not parent.is_dir():
        raise ExportError(f"cannot write '{path}': folder '{parent}' does not exist")
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write '{path}': '{parent}' is not a folder")
    probe = parent / f".{path.name}.{secrets.token_hex(4)}.probe"
    try:  # the one sure test: make (and remove) a file where the write will make its own
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise ExportError(f"cannot write '{path}': {_reason(exc)}") from None
    finally:
        probe.unlink(missing_ok=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.absolute().resolve() == b.absolute().resolve()


@contextmanager
def atomic_path(path: str | os.PathLike[str], *, make_folders: bool = True) -> Iterator[Path]:
    """A temporary file beside ``path`` to write into; renamed onto ``path`` when the block
    ends normally, removed when it raises (an error, a full disk, Ctrl-C, a SIGTERM that
    the CLI turns into an exception): the previous file stays as it was and no partial
    file ever has the final name.

    A symbolic link is followed (the file it points to is replaced, not the link), and a
    target that is not a regular file (``/dev/null``, a FIFO) is written in place. The new
    file gets the previous file's permissions, else the usual ones (0666 less the umask).
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and not target.is_file():
        if target.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(target))
        yield target
        return
    if make_folders:
        target.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    tmp: Path | None = None
    try:
        tmp = _temporary_beside(target)
        yield tmp
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise


def _temporary_beside(target: Path) -> Path:
    """A new empty file ``.NAME.XXXXXXXX.part`` in the target's folder (umask applies). A
    signal arriving while it is made leaves nothing behind."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        made = False
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            made = True
            return tmp
        except FileExistsError:
            continue
        except BaseException:
            if made or tmp.exists():
                tmp.unlink(missing_ok=True)
            raise


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


def needs_quote_prefix(text: str) -> bool:
    """True when a spreadsheet would run ``text`` as a formula (or it starts with ``'``s
    before such a character, so that the reader's undoing stays exact); a plain number
    such as ``-0.3`` or ``+2`` is a number, not a formula."""
    return text.lstrip("'").startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def _safe_cell(value: Any) -> str:
    """A CSV/TSV cell: numbers as they are, text that looks like a formula after a ``'``."""
    text = _text(value)
    if isinstance(value, str) and needs_quote_prefix(text):
        return "'" + text
    return text


def _quoted(cell: str, sep: str) -> str:
    """A cell quoted when it must be: it holds the separator, a quote, or a line break --
    a carriage return too, which ``csv.writer`` leaves bare and every reader takes for the
    end of the row."""
    if sep in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _delimited_line(cells: Iterable[str], sep: str) -> str:
    line = sep.join(_quoted(c, sep) for c in cells)
    return (line or '""') + "\n"  # a row of one empty cell is not a blank line


def _render_delimited(df: pd.DataFrame, sep: str) -> str:
    """CSV/TSV text: header always, NA as an empty cell, minimal quoting, ``\\n`` line ends."""
    lines = [_delimited_line((_safe_cell(n) for n in _column_names(df)), sep)]
    lines += [_delimited_line((_safe_cell(v) for v in row), sep) for row in _rows(df)]
    return "".join(lines)


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
    r"""Escape a cell for a pipe table: ``\`` and ``|`` with a backslash, ``&`` ``<`` ``>`` as
    entities (so no cell is HTML); newlines become ``<br>``, the only tag written."""
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = "".join(_MD_ENTITIES.get(c, c) for c in text) if any(c in text for c in "&<>") else text
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
    """An XLSX workbook with one sheet per entry (streamed with openpyxl's write-only mode),
    then repacked with a fixed date so that the same sheets give the same bytes."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, frame in zip(_sheet_titles(sheets), sheets.values(), strict=True):
        _xlsx_sheet(wb, title, frame)
    raw = path.with_name(path.name + ".raw")
    try:
        wb.save(raw)
        _repack_fixed_date(raw, path, _xlsx_date())
    finally:
        raw.unlink(missing_ok=True)


def _xlsx_date() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        stamp = dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
        return max(stamp, _XLSX_EPOCH)
    return _XLSX_EPOCH


_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def _repack_fixed_date(src: Path, dst: Path, when: dt.datetime) -> None:
    """Copy the zip ``src`` to ``dst`` entry by entry, in order, with every entry dated
    ``when`` and the document's created/modified properties set to it."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            if item.filename == "docProps/core.xml":
                zout.writestr(info, _CORE_DATES.sub(rb"\g<1>" + stamp + rb"\g<3>", zin.read(item)))
                continue
            with zin.open(item) as fin, zout.open(info, "w", force_zip64=item.file_size > 2**31) as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)


# --------------------------------------------------------------------------- streaming

# rows per Parquet row group: a fixed count, so that the file's bytes do not depend on how
# the rows arrived (one batch or many, one process or several)
PARQUET_ROW_GROUP = 8_192
# an XLSX cannot be written as rows come (its column widths and filter need them all): past
# this many rows the table is still written, with a note that Parquet streams
XLSX_NOTE_ROWS = 200_000


class TableStream:
    """A table written as its rows come, in batches (DataFrames with the same columns):
    CSV/TSV/JSONL/JSON/Markdown as lines, Parquet as row groups of a fixed schema, into a
    temporary file renamed onto the target when :meth:`close` is reached (see
    :func:`stream_table`). XLSX is the one format held until the end."""

    def __init__(self, fmt: str, sink: Any, path: Path | None, note: Callable[[str], None] | None) -> None:
        self.fmt, self._sink, self._path, self._note = fmt, sink, path, note
        self.rows = 0
        self._started = False
        self._held: list[pd.DataFrame] = []
        self._held_rows = 0
        self._parquet: Any = None
        self._schema: Any = None
        self._noted = False

    # ---- text

    _header = ""

    def _out(self, text: str) -> None:
        if text:
            if self._header:  # the header goes out with the first row: a run that fails first writes nothing
                text, self._header = self._header + text, ""
            self._sink.write(text)

    def _begin(self, df: pd.DataFrame) -> None:
        self._started = True
        names = _column_names(df)
        if self.fmt in ("csv", "tsv"):
            sep = "," if self.fmt == "csv" else "\t"
            self._header = _delimited_line((_safe_cell(n) for n in names), sep)
        elif self.fmt == "md" and names:
            self._header = _md_row(_md_escape(n) for n in names) + _md_row("---" for _ in names)
        elif self.fmt == "parquet":
            self._schema = _parquet_schema(df)

    def begin(self, df: pd.DataFrame) -> None:
        """Fix the columns (and Parquet's schema) from ``df`` (its rows are not written)."""
        if not self._started:
            self._begin(df)

    def write(self, df: pd.DataFrame) -> None:
        """Add a batch of rows (the first batch, even an empty one, fixes the columns)."""
        if not self._started:
            self._begin(df)
        self.write_encoded(encode_batch(df, self.fmt), len(df))

    def write_encoded(self, payload: Any, rows: int) -> None:
        """Add a batch made by :func:`encode_batch` (in a worker process, say) for this
        format; :meth:`begin` must have fixed the columns."""
        self.rows += rows
        fmt = self.fmt
        if fmt == "json":
            if payload:
                self._out((",\n " if self._json_open else "[\n ") + payload)
                self._json_open = True
        elif fmt in ("csv", "tsv", "jsonl", "md"):
            self._out(payload)
        elif fmt == "parquet":
            self._hold(payload, PARQUET_ROW_GROUP)
        elif fmt == "xlsx":
            self._held.append(payload)
            if self.rows > XLSX_NOTE_ROWS and not self._noted and self._note is not None:
                self._noted = True
                self._note(f"an XLSX file cannot be written as rows come: {self.rows:,}+ rows are held in memory "
                           "until the end; write .parquet (or .csv) to stream them")

    _json_open = False

    def _hold(self, table: Any, size: int) -> None:
        """Parquet: rows gathered (as Arrow, compact) into row groups of exactly ``size``
        rows, the last one less."""
        import pyarrow as pa

        if table.num_rows:
            if not table.schema.equals(self._schema, check_metadata=False):
                table = table.cast(self._schema)
            self._held.append(table.replace_schema_metadata(self._schema.metadata))
            self._held_rows += table.num_rows
        while self._held_rows >= size:
            table = pa.concat_tables(self._held)
            self._parquet_group(table.slice(0, size))
            rest = table.slice(size)
            self._held = [rest] if rest.num_rows else []
            self._held_rows = rest.num_rows

    def _parquet_group(self, table: Any) -> None:
        import pyarrow.parquet as pq

        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._path, self._schema)
        self._parquet.write_table(table, row_group_size=table.num_rows)

    def close(self) -> None:
        """Write what is still held and end the table (it is not yet renamed)."""
        if not self._started:
            self._begin(pd.DataFrame())
        if self._header:
            self._sink.write(self._header)
            self._header = ""
        if self.fmt == "json":
            self._out("\n]\n" if self._json_open else "[]\n")
        elif self.fmt == "parquet":
            if self._held:
                import pyarrow as pa

                table = pa.concat_tables(self._held)
                self._held = []
                self._parquet_group(table)
            if self._parquet is None:  # no rows: a file with the schema and no row group
                import pyarrow.parquet as pq

                self._parquet = pq.ParquetWriter(self._path, self._schema)
            self._parquet.close()
        elif self.fmt == "xlsx":
            frame = pd.concat(self._held, ignore_index=True) if len(self._held) > 1 else (
                self._held[0] if self._held else pd.DataFrame())
            self._held = []
            _write_xlsx(self._path, {"claims": frame})


def encode_batch(df: pd.DataFrame, fmt: str) -> Any:
    """A batch of rows as :meth:`TableStream.write_encoded` takes it in format ``fmt``: the
    text of its lines (CSV/TSV/JSONL/Markdown; JSON: its items, without the list's brackets),
    an Arrow table (Parquet), the frame itself (XLSX). Made where the rows are (a worker
    process), so the process writing the file only writes."""
    if fmt in ("csv", "tsv"):
        sep = "," if fmt == "csv" else "\t"
        return "".join(_delimited_line((_safe_cell(v) for v in row), sep) for row in _rows(df))
    if fmt == "jsonl":
        return _render_jsonl(df)
    if fmt == "json":
        return ",\n ".join(json.dumps(r, ensure_ascii=False, allow_nan=False, indent=1).replace("\n", "\n ")
                            for r in _records(df))
    if fmt == "md":
        return "".join(_md_row(_md_escape(_text(v)) for v in row) for row in _rows(df)) if len(df.columns) else ""
    if fmt == "parquet":
        import pyarrow as pa

        return pa.Table.from_pandas(_parquet_frame(df), schema=_parquet_schema(df), preserve_index=False)
    return df


def encode_values(rows: list[tuple[Any, ...]], names: list[str], fmt: str, layout: ParquetLayout | None = None) -> Any:
    """:func:`encode_batch` of rows given as plain values (None for NA) in the order of
    ``names``, with no DataFrame built; Parquet needs the table's ``layout`` (see
    :func:`parquet_layout`). Not for XLSX."""
    if fmt in ("csv", "tsv"):
        sep = "," if fmt == "csv" else "\t"
        return "".join(_delimited_line((_safe_cell(_plain(v)) for v in row), sep) for row in rows)
    if fmt in ("jsonl", "json"):
        records = ({n: _json_value(_plain(v)) for n, v in zip(names, row, strict=True)} for row in rows)
        if fmt == "jsonl":
            return "".join(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in records)
        return ",\n ".join(json.dumps(r, ensure_ascii=False, allow_nan=False, indent=1).replace("\n", "\n ")
                            for r in records)
    if fmt == "md":
        return "".join(_md_row(_md_escape(_text(_plain(v))) for v in row) for row in rows) if names else ""
    if fmt == "parquet" and layout is not None:
        import pyarrow as pa

        columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
        arrays = []
        for i, col in enumerate(columns):
            kind = layout.schema.field(i).type
            if i in layout.categories:
                where = {c: k for k, c in enumerate(layout.categories[i])}
                arrays.append(pa.DictionaryArray.from_arrays(
                    pa.array([where.get(v) if v is not None else None for v in col], type=kind.index_type),
                    pa.array(layout.categories[i], type=kind.value_type)))
            else:
                arrays.append(pa.array(list(col), type=kind))
        return pa.Table.from_arrays(arrays, schema=layout.schema)
    raise ExportError(f"rows cannot be encoded ahead for {fmt}")


@dataclass(frozen=True)
class ParquetLayout:
    """How rows are written to Parquet: the Arrow schema, and the categories of each of its
    dictionary columns (by position)."""

    schema: Any
    categories: dict[int, list[str]]


def parquet_layout(df: pd.DataFrame) -> ParquetLayout:
    """The layout the rows of a frame like ``df`` (its dtypes; no row is read) are written in."""
    frame = _parquet_frame(df.iloc[:0])
    cats = {i: [str(c) for c in frame[name].dtype.categories] for i, name in enumerate(frame.columns)
            if isinstance(frame[name].dtype, pd.CategoricalDtype)}
    return ParquetLayout(_parquet_schema(df), cats)


def _parquet_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A batch as Parquet stores it: an open-set categorical (``unit``) as plain text, so that
    every row group has one schema (the fixed categoricals keep their dictionary); reading
    the table back restores the declared dtypes."""
    frame = df.copy(deep=False)
    frame.columns = _column_names(df)
    for name in frame.columns:
        dtype = frame[name].dtype
        if isinstance(dtype, pd.CategoricalDtype) and not _fixed_categories(name, dtype):
            frame[name] = frame[name].astype(pd.StringDtype())
    return frame


def _fixed_categories(name: str, dtype: pd.CategoricalDtype) -> bool:
    from claimtab.model import column_dtypes

    declared = column_dtypes().get(name)
    return isinstance(declared, pd.CategoricalDtype) and list(declared.categories) == list(dtype.categories)


def _parquet_schema(df: pd.DataFrame) -> Any:
    import pyarrow as pa

    return pa.Schema.from_pandas(_parquet_frame(df.iloc[:0]), preserve_index=False)


@contextmanager
def stream_table(
    out: str | os.PathLike[str] | None, fmt: str | None = None, *, note: Callable[[str], None] | None = None
) -> Iterator[TableStream]:
    """A :class:`TableStream` to ``out`` (a path, or ``"-"``/None for stdout); the file is
    written beside the target and renamed onto it when the block ends normally (an error or
    a signal leaves the previous file as it was). ``note`` hears a one-line remark (an XLSX
    too large to stream). Only the writing's own failures become :class:`ExportError`."""
    to_stdout = _is_stdout(out)
    name = normalize_format(fmt) if fmt is not None else (_DEFAULT_STDOUT_FORMAT if to_stdout else format_for(out))
    if to_stdout:
        if is_binary(name):
            raise ExportError(f"cannot write {name} to stdout; give an output file name")
        stream = _GuardedStream(name, sys.stdout, None, note, "stdout")
        yield stream
        stream.close()
        sys.stdout.flush()
        return
    path = Path(out)
    in_body = False
    try:
        with atomic_path(path) as tmp:
            f = None if is_binary(name) else tmp.open("w", encoding="utf-8", newline="")
            try:
                stream = _GuardedStream(name, f, tmp, note, str(path))
                in_body = True
                yield stream
                in_body = False
                stream.close()
            finally:
                if f is not None:
                    f.close()
    except ExportError:
        raise
    except (OSError, ValueError, TypeError, UnicodeError, zipfile.BadZipFile) as exc:
        if in_body:
            raise
        raise ExportError(f"cannot write {name} table to '{path}': {_reason(exc)}") from exc


class _GuardedStream(TableStream):
    """A TableStream whose own failures (a full disk, a cell pyarrow refuses) are one-line
    errors (:class:`ExportError`) naming the target."""

    def __init__(self, fmt: str, sink: Any, path: Path | None, note: Callable[[str], None] | None, where: str):
        super().__init__(fmt, sink, path, note)
        self._where = where

    def _guard(self, method: Callable[..., None], *args: Any) -> None:
        try:
            method(*args)
        except ExportError:
            raise
        except (OSError, ValueError, TypeError, UnicodeError, zipfile.BadZipFile) as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            raise ExportError(f"cannot write {self.fmt} table to '{self._where}': {_reason(exc)}") from exc

    def write(self, df: pd.DataFrame) -> None:
        self._guard(super().write, df)

    def close(self) -> None:
        self._guard(super().close)
