"""The command line as a user meets it: formats, stdin, bad input, evaluate, explain.

Every command runs through the real entry point, :func:`claimtab.cli.app.main` (Typer's
test runner would bypass it, and with it the promise that no traceback reaches the user):
an exception that escapes ``main`` fails the test.
"""

import contextlib
import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from claimtab.cli.app import main
from claimtab.model import COLUMNS
from conftest import shared_file

ROOT = Path(__file__).resolve().parents[1]
ABSTRACT = "Our model is 2.5x faster than SST and reaches 81.5% top-1 accuracy on ImageNet."


def jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def one_line_error(self, code: int = 2) -> str:
        """The one line a failed run prints (and fails the test unless there is exactly one)."""
        lines = self.stderr.strip().splitlines()
        assert self.exit_code == code and len(lines) == 1 and lines[0].startswith("claimtab: "), self
        return lines[0]


def run(*args, input: str | bytes | None = None) -> Result:
    """``claimtab ARGS`` through :func:`main`, with ``input`` as stdin; anything but
    SystemExit escaping main fails the test (that is a traceback for a user)."""
    data = input.encode("utf-8") if isinstance(input, str) else (input or b"")
    out, err = io.StringIO(), io.StringIO()
    stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else int(e.code is not None)
    finally:
        sys.stdin = stdin
    return Result(code, out.getvalue(), err.getvalue())


def rows(stdout: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(stdout)))


def test_extract_to_stdout_csv(tmp_path):
    src = jsonl(tmp_path / "p.jsonl", [{"id": "1", "title": "T", "abstract": ABSTRACT}])
    res = run("extract", str(src))
    assert res.exit_code == 0, res.output
    header = res.stdout.splitlines()[0]
    assert header.split(",") == list(COLUMNS)
    assert "speedup" in res.stdout and "81.5" in res.stdout


@pytest.mark.parametrize("ext", ["csv", "tsv", "jsonl", "json", "xlsx", "parquet", "md"])
def test_extract_every_format(tmp_path, ext):
    src = jsonl(tmp_path / "p.jsonl", [{"id": "1", "title": "T", "abstract": ABSTRACT}])
    out = tmp_path / f"claims.{ext}"
    res = run("extract", str(src), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert out.is_file() and out.stat().st_size > 0
    if ext in ("csv", "jsonl", "xlsx", "parquet"):
        from claimtab.io.tables import read_table

        df = read_table(str(out))
        assert set(df["kind"].astype(str)) >= {"speedup", "score"}


def test_bundled_samples(tmp_path):
    for name in ("sample.jsonl", "sample_papers.txt"):
        out = tmp_path / f"{name}.csv"
        res = run("extract", str(ROOT / "data" / name), "-o", str(out))
        assert res.exit_code == 0, res.output
        df = pd.read_csv(out)
        assert len(df) > 10 and df["paper_id"].nunique() > 3


def test_stdin(tmp_path):
    res = run("extract", "-", input=json.dumps({"id": "s", "title": "", "abstract": ABSTRACT}) + "\n")
    assert res.exit_code == 0, res.output
    assert "speedup" in res.stdout


def test_bad_jsonl_line_keeps_other_records(tmp_path):
    src = tmp_path / "p.jsonl"
    src.write_text(
        json.dumps({"id": "1", "abstract": ABSTRACT}) + "\n{not json\n" + json.dumps({"id": "3", "abstract": ABSTRACT}) + "\n",
        encoding="utf-8",
    )
    res = run("extract", str(src))
    assert res.exit_code == 1
    first, summary = res.stderr.splitlines()
    assert first.startswith(f"claimtab: {src}:2: invalid JSON") and summary.endswith("; 1 bad record(s) skipped")
    assert {r["paper_id"] for r in rows(res.stdout)} == {"1", "3"}


def test_strict_stops_at_first_bad_record(tmp_path):
    src = tmp_path / "p.jsonl"
    src.write_text("{not json\n", encoding="utf-8")
    res = run("extract", str(src), "--strict")
    assert res.one_line_error().startswith(f"claimtab: {src}:1: invalid JSON") and res.stdout == ""


def test_missing_column_lists_columns(tmp_path):
    src = tmp_path / "p.csv"
    src.write_text("id,name,body_text\n1,x,y\n", encoding="utf-8")
    res = run("extract", str(src))
    assert res.one_line_error() == f"claimtab: {src}: no column for the abstract; columns found: id, name, body_text " \
        "(use --text-field)"
    res = run("extract", str(src), "--text-field", "body_text")
    assert res.exit_code == 0, res.output


def test_non_utf8_record_is_named(tmp_path):
    src = tmp_path / "latin.jsonl"
    src.write_bytes(json.dumps({"id": "1", "abstract": "caf\u00e9"}).encode("latin-1").replace(b"\\u00e9", b"\xe9"))
    res = run("extract", str(src))
    assert res.exit_code == 1 and res.stderr.splitlines()[0] == (
        f"claimtab: {src}:1: field 'abstract' is not UTF-8 text (undecodable byte 0xE9); re-save it as UTF-8; skipped")
    utf16 = tmp_path / "wide.csv"
    utf16.write_bytes("id,abstract\n1,2x faster\n".encode("utf-16"))
    assert "is not UTF-8 text (it looks like UTF-16)" in run("extract", str(utf16)).one_line_error()


def test_empty_input_gives_header_only(tmp_path):
    src = tmp_path / "empty.jsonl"
    src.write_text("", encoding="utf-8")
    res = run("extract", str(src))
    assert res.exit_code == 0
    assert res.stdout.strip().split(",") == list(COLUMNS)


def test_unknown_output_extension_and_kind(tmp_path):
    src = jsonl(tmp_path / "p.jsonl", [{"id": "1", "abstract": ABSTRACT}])
    res = run("extract", str(src), "-o", str(tmp_path / "x.docx"))
    assert ".csv" in res.one_line_error()
    res = run("extract", str(src), "--kinds", "speed")
    assert "speedup" in res.one_line_error()


def test_kinds_option(tmp_path):
    src = jsonl(tmp_path / "p.jsonl", [{"id": "1", "abstract": ABSTRACT}])
    res = run("extract", str(src), "--kinds", "score")
    assert {r["kind"] for r in rows(res.stdout)} == {"score"}


def test_missing_input_file(tmp_path):
    res = run("extract", str(tmp_path / "nope.jsonl"))
    assert res.one_line_error() == f"claimtab: {tmp_path / 'nope.jsonl'}: no such file"


def test_evaluate_prints_scores():
    res = run("evaluate", str(shared_file("corpus/dev.gold.jsonl")), "--errors", "3")
    assert res.exit_code == 0, res.output
    assert "ALL" in res.stdout and "attribute accuracy" in res.stdout
    assert sum(line.startswith(("FP", "FN")) for line in res.stdout.splitlines()) == 3


def test_explain_names_the_rule():
    res = run("explain", "It runs 2.5x faster than SST.")
    assert res.exit_code == 0 and "speedup" in res.stdout and "rule=" in res.stdout


def test_markdown_written_by_extract_reads_back_as_the_claims(tmp_path):
    """extract -o claims.md then table claims.md gives the claims of the CSV round trip
    (the Markdown is read as the table it is, not re-extracted as a paper)."""
    sample = ROOT / "data" / "sample_papers.txt"
    for ext in ("md", "csv"):
        assert run("extract", str(sample), "-o", str(tmp_path / f"claims.{ext}")).exit_code == 0
        res = run("table", str(tmp_path / f"claims.{ext}"), "-o", str(tmp_path / f"back.{ext}.jsonl"))
        assert res.exit_code == 0, res.output
    md = (tmp_path / "back.md.jsonl").read_text(encoding="utf-8").splitlines()
    csv = (tmp_path / "back.csv.jsonl").read_text(encoding="utf-8").splitlines()
    assert md == csv and len(md) > 20
