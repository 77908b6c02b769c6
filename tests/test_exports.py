"""Tests for claimtab.exports: every format round-trips the claims table with its dtypes."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from claimtab.frame import claims_frame
from claimtab.io.formats import TABLE_FORMATS as FORMATS
from claimtab.io.formats import FormatError, format_for
from claimtab.io.tables import read_table
from claimtab.io.writers import ExportError, write_table
from claimtab.model import COLUMNS, column_dtypes

BASE = {"paper_id": "2401.00001", "title": "Überraschend schnell: 速い models"}


def _claim(**fields: object) -> dict[str, object]:
    """A claim dict for the sample paper."""
    return {**BASE, "start": 0, "end": 10, **fields}


@pytest.fixture
def claims() -> pd.DataFrame:
    """Several claims: a range, a null value, a code URL, a negative delta, unicode, "=" text."""
    return claims_frame(
        [
            _claim(
                kind="speedup",
                value=2.0,
                value_max=3.5,
                unit="×",
                qualifier="up_to",
                text="up to 2–3.5× faster",
            ),
            _claim(kind="benchmark", dataset="ImageNet | v2", text="on ImageNet | v2", field="title"),
            _claim(
                kind="code_url",
                url="https://github.com/org/repo",
                status="released",
                text="code at https://github.com/org/repo",
            ),
            _claim(
                kind="delta",
                value=-1.3,
                unit="pp",
                metric="WER",
                condition="batch 1\non A100",
                text="-1.3 WER",
            ),
            _claim(kind="score", value=81.5, unit="%", metric="top-1", text="=81.5% top-1 accuracy"),
            _claim(kind="params", value=1.3e9, qualifier="about", subject="@model", text="≈ 1.3B parameters"),
            _claim(kind="cost", value=0.25, unit="$", baseline="+GPT-4 \\ baseline", text="+$0.25 per query"),
        ]
    )


def _path(tmp_path: Path, fmt: str, stem: str = "claims") -> Path:
    """An output path for ``fmt`` inside a not-yet-existing folder."""
    return tmp_path / "out" / f"{stem}.{fmt}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_values_and_dtypes(tmp_path: Path, claims: pd.DataFrame, fmt: str) -> None:
    path = _path(tmp_path, fmt)
    write_table(claims, path)
    back = read_table(path)
    pd.testing.assert_frame_equal(back, claims)
    assert back.dtypes.to_dict() == column_dtypes()
    assert back.loc[0, "value_max"] == 3.5
    assert back.loc[1, "value"] is pd.NA
    assert back.loc[3, "value"] == -1.3
    assert back.loc[4, "text"] == "=81.5% top-1 accuracy"


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_through_string_paths_and_explicit_format(
    tmp_path: Path, claims: pd.DataFrame, fmt: str
) -> None:
    path = tmp_path / "table.data"
    write_table(claims, str(path), fmt)
    pd.testing.assert_frame_equal(read_table(str(path), fmt), claims)


def test_empty_frame_writes_header_only_csv(tmp_path: Path) -> None:
    path = _path(tmp_path, "csv")
    write_table(claims_frame([]), path)
    assert path.read_text(encoding="utf-8") == ",".join(COLUMNS) + "\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_frame_is_readable_everywhere(tmp_path: Path, fmt: str) -> None:
    empty = claims_frame([])
    path = _path(tmp_path, fmt)
    write_table(empty, path)
    back = read_table(path)
    assert len(back) == 0
    if fmt not in ("json", "jsonl"):  # a JSON list of no objects has no column names
        pd.testing.assert_frame_equal(back, empty)


def test_csv_floats_and_missing_values(tmp_path: Path) -> None:
    df = claims_frame(
        [
            _claim(kind="score", value=81.50000000001, text="81.5"),
            _claim(kind="params", value=1.3e9, text="1.3B"),
            _claim(kind="benchmark", text="GLUE"),
        ]
    )
    path = _path(tmp_path, "csv")
    write_table(df, path)
    text = path.read_text(encoding="utf-8")
    assert "81.5," in text and "81.50000000001" not in text
    assert "1300000000.0" in text
    benchmark_row = text.splitlines()[3].split(",")
    assert benchmark_row[COLUMNS.index("value")] == ""
    assert read_table(path).loc[0, "value"] == 81.5


def test_jsonl_uses_null_and_keeps_unicode(tmp_path: Path, claims: pd.DataFrame) -> None:
    path = _path(tmp_path, "jsonl")
    write_table(claims, path)
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "速い" in text
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == len(claims)
    assert records[1]["value"] is None
    assert records[3]["value"] == -1.3
    assert list(records[0]) == list(COLUMNS)


def test_json_is_a_list(tmp_path: Path, claims: pd.DataFrame) -> None:
    path = _path(tmp_path, "json")
    write_table(claims, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == len(claims)


def test_markdown_escapes_pipes_and_newlines(tmp_path: Path, claims: pd.DataFrame) -> None:
    path = _path(tmp_path, "md")
    write_table(claims, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(claims) + 2
    assert lines[1].startswith("| --- |")
    assert "ImageNet \\| v2" in lines[3]
    assert "batch 1<br>on A100" in lines[5]


def test_xlsx_layout(tmp_path: Path, claims: pd.DataFrame) -> None:
    path = _path(tmp_path, "xlsx")
    write_table(claims, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["claims"]
    assert wb.sheetnames == ["claims"]
    assert ws.freeze_panes == "A2"
    assert all(cell.font.b for cell in ws[1])
    assert [cell.value for cell in ws[1]] == list(COLUMNS)
    last = openpyxl.utils.get_column_letter(len(COLUMNS))
    assert ws.auto_filter.ref == f"A1:{last}{len(claims) + 1}"
    text_col = COLUMNS.index("text") + 1
    formula_like = ws.cell(row=6, column=text_col)
    assert formula_like.value == "=81.5% top-1 accuracy"
    assert formula_like.data_type == "s"
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    assert all(cell.hyperlink is None for row in ws.iter_rows() for cell in row)
    assert ws.cell(row=4, column=COLUMNS.index("url") + 1).value == "https://github.com/org/repo"
    assert ws.cell(row=5, column=COLUMNS.index("value") + 1).value == -1.3
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(1, 19)]
    assert all(6 <= w <= 60 for w in widths)


def test_xlsx_multiple_sheets(tmp_path: Path, claims: pd.DataFrame) -> None:
    summary = pd.DataFrame({"kind": ["speedup", "delta"], "count": [1, 1]})
    path = _path(tmp_path, "xlsx")
    write_table(claims, path, sheets={"summary": summary, "bad/name?": summary})
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["claims", "summary", "bad_name_"]
    assert wb["summary"].freeze_panes == "A2"
    pd.testing.assert_frame_equal(read_table(path), claims)
    back = read_table(path, sheet="summary")
    assert back["count"].tolist() == ["1", "1"]
    assert all(isinstance(dtype, pd.StringDtype) for dtype in back.dtypes)
    with pytest.raises(ExportError, match="no sheet 'nope'"):
        read_table(path, sheet="nope")


def test_other_tables_read_back_as_strings(tmp_path: Path) -> None:
    df = pd.DataFrame({"name": ["a", None], "score": [1.5, 2.0]})
    for fmt in ("csv", "jsonl", "md"):
        path = _path(tmp_path, fmt, stem="other")
        write_table(df, path)
        back = read_table(path)
        assert back["name"].tolist()[0] == "a" and back["name"].isna().tolist() == [False, True]
        assert back["score"].tolist() == ["1.5", "2.0"]
        assert all(isinstance(dtype, pd.StringDtype) for dtype in back.dtypes)


def test_stdout(capsys: pytest.CaptureFixture[str], claims: pd.DataFrame) -> None:
    write_table(claims, "-", "jsonl")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(claims)
    assert json.loads(lines[0])["title"] == BASE["title"]
    write_table(claims, None)
    assert capsys.readouterr().out.startswith(",".join(COLUMNS) + "\n")
    write_table(claims, "-", "md")
    assert capsys.readouterr().out.startswith("| paper_id |")
    for fmt in ("xlsx", "parquet"):
        with pytest.raises(ExportError, match="stdout"):
            write_table(claims, "-", fmt)


def test_format_for() -> None:
    assert format_for("a/b.CSV") == "csv"
    assert format_for("x.ndjson") == "jsonl"
    assert format_for("x.markdown") == "md"
    assert format_for(Path("x.parquet")) == "parquet"


@pytest.mark.parametrize("name", ["claims.docx", "claims"])
def test_unknown_extension(tmp_path: Path, claims: pd.DataFrame, name: str) -> None:
    with pytest.raises(FormatError) as info:
        format_for(name)
    message = str(info.value)
    assert "\n" not in message and name in message and ".csv" in message and ".xlsx" in message
    with pytest.raises(FormatError):
        write_table(claims, tmp_path / name)
    with pytest.raises(FormatError, match="unknown table format"):
        write_table(claims, tmp_path / "x.csv", "docx")


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    with pytest.raises(ExportError, match="missing.csv"):
        read_table(missing)
    for fmt, content in [
        ("parquet", "not parquet"),
        ("xlsx", "not a zip"),
        ("json", "{oops"),
        ("jsonl", "[1]"),
    ]:
        path = tmp_path / f"broken.{fmt}"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(ExportError, match=f"broken.{fmt}") as info:
            read_table(path)
        assert "\n" not in str(info.value)
