"""Reading table cells: missing values (None, NA, NaN), text, finite numbers, integers.

Tables come back from CSV, XLSX, Parquet and pandas with every flavour of "empty"; these
helpers give one answer everywhere and never raise."""

from __future__ import annotations

import math
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
