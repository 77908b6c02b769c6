"""Tests for claimtab.tables: building the claims frame and coercing frames read from files."""

from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from claimtab.frame import claims_frame, coerce_frame, is_claims_frame
from claimtab.model import COLUMNS, Claim, column_dtypes


def _speedup(**changes: object) -> dict[str, object]:
    """A valid speedup claim as a dict, with optional changes."""
    row: dict[str, object] = {
        "paper_id": "2401.00001",
        "title": "Fast things",
        "kind": "speedup",
        "value": 2.0,
        "unit": "x",
        "text": "2x faster",
        "start": 0,
        "end": 9,
    }
    row.update(changes)
    return row


def _assert_declared(df: pd.DataFrame) -> None:
    """The known columns come first, in order, with exactly the declared dtypes."""
    assert tuple(df.columns[: len(COLUMNS)]) == COLUMNS
    for name, dtype in column_dtypes().items():
        assert df[name].dtype == dtype, name


def test_empty_input_gives_typed_empty_frame() -> None:
    df = claims_frame([])
    assert len(df) == 0
    assert tuple(df.columns) == COLUMNS
    _assert_declared(df)


def test_claims_and_dicts_give_declared_columns_and_dtypes() -> None:
    claims = [
        Claim(**_speedup()),
        _speedup(kind="code_url", value=None, unit="", url="https://github.com/a/b", status="released"),
        _speedup(kind="delta", value=-1.5, unit="pp", qualifier="about", start=3, end=20),
    ]
    df = claims_frame(claims)
    assert tuple(df.columns) == COLUMNS
    _assert_declared(df)
    assert df["value"].tolist()[0] == 2.0
    assert df["value"].isna().tolist() == [False, True, False]
    assert df.loc[2, "value"] == -1.5
    assert df["kind"].tolist() == ["speedup", "code_url", "delta"]
    assert df.loc[1, "url"] == "https://github.com/a/b"
    assert df.loc[2, "qualifier"] == "about"
    assert df.loc[0, "field"] == "abstract"
    assert df["start"].tolist() == [0, 0, 3]


def test_range_is_ordered_and_optional_text_is_na() -> None:
    df = claims_frame([_speedup(value=3.0, value_max=2.0, metric="")])
    assert (df.loc[0, "value"], df.loc[0, "value_max"]) == (2.0, 3.0)
    assert df.loc[0, "metric"] is pd.NA
    assert df.loc[0, "dataset"] is pd.NA


def test_invalid_dict_raises() -> None:
    with pytest.raises(ValidationError):
        claims_frame([_speedup(value=None)])


def test_coerce_parses_strings_and_orders_columns() -> None:
    raw = pd.DataFrame(
        {
            "note": ["x", "y", "z"],
            "kind": [" Speedup", "bogus", "code_url"],
            "paper_id": ["0001", "0002", None],
            "value": ["1.5", "n/a", ""],
            "start": ["3", "3.5", "4.0"],
            "qualifier": ["up_to", "", None],
            "metric": ["", "BLEU", None],
            "title": [None, "T", ""],
        },
        dtype=object,
    )
    df = coerce_frame(raw)
    assert tuple(df.columns) == (*COLUMNS, "note")
    _assert_declared(df)
    assert df["note"].tolist() == ["x", "y", "z"]
    assert df["kind"].tolist()[0] == "speedup"
    assert df["kind"].isna().tolist() == [False, True, False]
    assert df["paper_id"].tolist()[:2] == ["0001", "0002"]
    assert df["value"].isna().tolist() == [False, True, True]
    assert df.loc[0, "value"] == 1.5
    assert df["start"].isna().tolist() == [False, True, False]
    assert df.loc[2, "start"] == 4
    assert df["qualifier"].isna().tolist() == [False, True, True]
    assert df["metric"].isna().tolist() == [True, False, True]
    assert df["title"].tolist() == ["", "T", ""]
    assert df["end"].isna().all()


def test_coerce_keeps_typed_frames_unchanged() -> None:
    df = claims_frame([_speedup(), _speedup(kind="benchmark", value=None, dataset="GLUE")])
    pd.testing.assert_frame_equal(coerce_frame(df), df)


def test_coerce_handles_numeric_input_and_empty_frames() -> None:
    raw = pd.DataFrame({"kind": ["score"], "paper_id": [7], "value": [81.5], "end": [12.0]})
    df = coerce_frame(raw)
    assert df.loc[0, "paper_id"] == "7"
    assert df.loc[0, "value"] == 81.5
    assert df.loc[0, "end"] == 12
    empty = coerce_frame(pd.DataFrame())
    assert tuple(empty.columns) == COLUMNS
    _assert_declared(empty)


def test_is_claims_frame() -> None:
    assert is_claims_frame(["paper_id", "kind", "other"])
    assert not is_claims_frame(["paper_id", "value"])
