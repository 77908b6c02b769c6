"""Reading table cells: missing values (None, NA, NaN), text, finite numbers, integers.

Tables come back from CSV, XLSX, Parquet and pandas with every flavour of "empty"; these
helpers give one answer everywhere and never raise."""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd


def missing(v: Any) -> bool:
    """True for None, pandas NA and NaN."""
    if v is None or v is pd.NA:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def text(v: Any) -> str | None:
    """The cell as stripped text; None when missing or blank."""
    if missing(v):
        return None
    s = str(v).strip()
    return s or None


def number(v: Any) -> float | None:
    """The cell as a finite float; None when missing or not a number."""
    if missing(v):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def integer(v: Any) -> int | None:
    """The cell as an int when it holds a whole number; None otherwise."""
    f = number(v)
    return None if f is None or f != int(f) else int(f)


# A results-table cell as a paper typesets it: "85.3", "13.0M", "(0.2)", "36.2 / 39.2".
_NUM_CELL = re.compile(r"^[\s(]*[-+\u2212]?\s*(?:\d[\d,]*(?:\.\d+)?|\.\d+)")
# a word after the number makes it a setting ("5-way", "10-shot", "1k Points"), a unit does not
_WORD_AFTER = re.compile(r"\s*-?\s*(?!(?:ms|sec|min|hrs?|[GMKT]B|fps|FPS|dB|mm|cm|px)\b)[A-Za-z]{2,}")
_LEAD = re.compile(r"^[\s(\[]*[-+]?\s*(?:\d|\.\d)")
_NUMBER = re.compile(r"(?<![\w.])([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+]?\.\d+)(?![\w.]*[A-Za-z])")
_SLASHED = re.compile(r"\s*[^/]+?(?:/[^/]+?){1,3}\s*")


def states_number(cell_text: str) -> bool:
    """A table cell that states a number ("85.3", "13.0M", "(0.2)"), not a setting written
    with one ("5-way", "10-shot", "1k Points")."""
    m = _NUM_CELL.match(cell_text)
    return bool(m) and not _WORD_AFTER.match(cell_text, m.end())


def leads_with_number(cell_text: str) -> bool:
    """A cell that starts with a number (after brackets and a sign) and states one."""
    return bool(_LEAD.match(cell_text)) and states_number(cell_text)


def cell_numbers(cell_text: str) -> list[tuple[float, int, int]]:
    """(value, start, end) of the numbers a cell states: its leading number, or each number
    of an ``a / b`` (``a / b / c``) cell."""
    if not _LEAD.match(cell_text):
        return []
    parts = list(_NUMBER.finditer(cell_text))
    if not parts:
        return []
    slashed = _SLASHED.fullmatch(cell_text) and len(parts) == cell_text.count("/") + 1
    out = []
    for m in parts if slashed else parts[:1]:
        try:
            out.append((float(m.group(1).replace(",", "")), m.start(1), m.end(1)))
        except ValueError:
            continue
    return out
