"""The claims table as a pandas DataFrame, with the columns and dtypes declared in ``schema``.

``claims_frame`` builds the table from claims; ``coerce_frame`` restores the declared dtypes
on a frame read back from a file (where everything may be text, and columns may be missing
or extra).  Both go through the same per-column converters, so a table built in memory and
the same table read back from CSV, JSON, XLSX, ... compare equal.

Empty text follows the schema: optional text fields (``metric: str | None``) use NA for
"no value", so an empty string there becomes NA; text fields with a string default
(``title``, ``unit``) use that default, so an NA cell there becomes ``""``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from claimtab.model import COLUMNS, Claim, column_dtypes

__all__ = ["claims_frame", "coerce_frame", "coerce_rows", "is_claims_frame", "rows_frame"]

# Largest magnitude an Int64 column can hold; beyond it a value cannot be parsed.
_INT_LIMIT = 2**63


def claims_frame(claims: Iterable[Claim | dict[str, Any]]) -> pd.DataFrame:
    """Return the claims as a DataFrame with exactly ``COLUMNS``, in order, and declared dtypes.

    Dicts are validated as ``Claim`` first (a pydantic ``ValidationError`` is raised for an
    invalid one).  An empty input gives an empty frame with the same columns and dtypes.
    """
    rows = [_claim(c).row() for c in claims]
    raw = pd.DataFrame({name: pd.Series([r[name] for r in rows], dtype=object) for name in COLUMNS})
    return coerce_frame(raw)


def rows_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """The claims table of rows already made by the engine: one tuple per claim, its values
    in ``COLUMNS`` order (what :func:`claimtab.jobs.claim_rows` gives); not validated again.
    The same frame as :func:`claims_frame` of the same claims."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    raw = pd.DataFrame({name: pd.Series(list(col), dtype=object) for name, col in zip(COLUMNS, columns, strict=True)})
    return coerce_frame(raw)


def coerce_rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Engine rows (tuples in ``COLUMNS`` order) with each value as :func:`coerce_frame` makes
    it, as a plain Python value (None for NA): what a column of :func:`rows_frame` holds, at
    a fraction of its cost for a small batch (no DataFrame is built)."""
    convert = _row_converters()
    return [tuple(f(v) for f, v in zip(convert, row, strict=True)) for row in rows]


_CONVERTERS: list | None = None


def _row_converters() -> list:
    global _CONVERTERS
    if _CONVERTERS is None:
        dtypes = column_dtypes()
        _CONVERTERS = [_converter(name, dtypes[name]) for name in COLUMNS]
    return _CONVERTERS


def _converter(name: str, dtype: Any):
    """One column's value converter, the row-wise twin of :func:`_convert`."""
    if isinstance(dtype, pd.CategoricalDtype):
        labels = [str(c) for c in dtype.categories]
        known = frozenset(labels)

        def category(v: Any) -> str | None:
            if v is None or not isinstance(v, str):
                return None if v is None or _missing(v) else category(str(v))
            if v in known:
                return str.__str__(v)
            text = v.strip()
            if text in known:
                return text
            return text.lower() if text.lower() in known else None

        return category
    if dtype == "Float64":
        return lambda v: None if v is None or _missing(v) or isinstance(v, str) else float(v)
    if dtype == "Int64":
        return lambda v: None if v is None or _missing(v) or isinstance(v, str) or v % 1 or abs(v) >= _INT_LIMIT else int(v)
    empty = _empty_text(name)
    if empty is None:
        return lambda v: None if v is None or _missing(v) or v == "" else str(v)
    if empty is _KEEP:
        return lambda v: None if v is None or _missing(v) else str(v)
    return lambda v: empty if v is None or _missing(v) else str(v)


def _missing(v: Any) -> bool:
    return isinstance(v, float) and v != v


def coerce_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with the declared dtypes for the known columns, which come first, in order.

    Extra columns are kept, unchanged, after the known ones; missing known columns are added
    as all-NA.  Values that cannot be parsed (``"n/a"`` in ``value``, ``"fast"`` in ``kind``,
    ``3.5`` in ``start``) become NA rather than raising.  The index is kept.
    """
    df = _unique_columns(df)
    dtypes = column_dtypes()
    known = {}
    for name in COLUMNS:
        if name in df.columns:
            known[name] = _convert(df[name], name, dtypes[name])
        else:
            known[name] = pd.Series(pd.NA, index=df.index, dtype=dtypes[name])
    extras = {name: df[name] for name in df.columns if name not in dtypes}
    return pd.DataFrame({**known, **extras}, index=df.index)


def is_claims_frame(columns: Iterable[Any]) -> bool:
    """True when the column names look like a claims table (they include kind and paper_id)."""
    names = {str(c).strip() for c in columns}
    return {"kind", "paper_id"} <= names


def _claim(item: Claim | dict[str, Any]) -> Claim:
    """Return ``item`` as a validated ``Claim``."""
    if isinstance(item, Claim):
        return item
    return Claim.model_validate(item)


def _unique_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Strip column names and keep only the first of any repeated name."""
    out = df.copy(deep=False)
    out.columns = [c.strip() if isinstance(c, str) else c for c in out.columns]
    return out.loc[:, ~out.columns.duplicated()]


def _convert(series: pd.Series, name: str, dtype: Any) -> pd.Series:
    """Convert one known column to its declared dtype."""
    if isinstance(dtype, pd.CategoricalDtype):
        return _to_category(series, dtype)
    if isinstance(dtype, str) and dtype == "category":  # an open set of labels (units)
        return _to_text(series, name, pd.StringDtype()).astype("category")
    if dtype == "Float64":
        return _to_number(series)
    if dtype == "Int64":
        return _to_int(series)
    return _to_text(series, name, dtype)


def _as_text(series: pd.Series) -> pd.Series:
    """Return ``series`` as pandas ``StringDtype`` (NA for missing), whatever it held."""
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.na_value is pd.NA:
        return series
    return series.astype(pd.StringDtype())


def _to_number(series: pd.Series) -> pd.Series:
    """Parse a column as nullable ``Float64``; unparseable values become NA."""
    if pd.api.types.is_bool_dtype(series.dtype):
        series = series.astype(object)
    if not pd.api.types.is_numeric_dtype(series.dtype):
        series = _as_text(series).str.strip()
    return pd.to_numeric(series, errors="coerce").astype("Float64")


def _to_int(series: pd.Series) -> pd.Series:
    """Parse a column as nullable ``Int64``; non-integral or out-of-range values become NA."""
    number = _to_number(series)
    whole = (number % 1 == 0) & (number.abs() < _INT_LIMIT)
    return number.where(whole.fillna(False)).astype("Int64")


def _to_category(series: pd.Series, dtype: pd.CategoricalDtype) -> pd.Series:
    """Parse a column as the given categorical; unknown labels become NA.

    Labels are matched after stripping whitespace, and case-insensitively when the exact
    label is not a category.
    """
    text = _as_text(series).str.strip()
    categories = list(dtype.categories)
    text = text.where(text.isin(categories), text.str.lower())
    text = text.where(text.isin(categories))
    return pd.Series(pd.Categorical(text, dtype=dtype), index=series.index, name=series.name)


def _to_text(series: pd.Series, name: str, dtype: Any) -> pd.Series:
    """Convert a text column, mapping empty values to the field's own "empty" (NA or its default)."""
    text = _as_text(series).astype(dtype)
    empty = _empty_text(name)
    if empty is None:
        return text.mask(text == "", pd.NA)
    if empty is not _KEEP:
        return text.fillna(empty)
    return text


# Marker for required text fields, where neither NA nor "" is rewritten.
_KEEP = object()


def _empty_text(name: str) -> Any:
    """What an empty cell means for text field ``name``: None (NA), its default, or ``_KEEP``."""
    field = Claim.model_fields.get(name)
    if field is None or field.is_required():
        return _KEEP
    if field.default is None:
        return None
    return field.default if isinstance(field.default, str) else _KEEP
