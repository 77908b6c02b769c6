"""The command line as a user meets it: formats, stdin, bad input, evaluate, explain."""

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from claimtab.cli.app import app
from claimtab.model import COLUMNS
from conftest import shared_file

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
ABSTRACT = "Our model is 2.5x faster than SST and reaches 81.5% top-1 accuracy on ImageNet."


def jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


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
    assert "p.jsonl:2" in res.stderr
    assert "Traceback" not in res.output
    assert {r["paper_id"] for r in rows(res.stdout)} == {"1", "3"}


def test_strict_stops_at_first_bad_record(tmp_path):
    src = tmp_path / "p.jsonl"
    src.write_text("{not json\n", encoding="utf-8")
    res = run("extract", str(src), "--strict")
    assert res.exit_code != 0 and "p.jsonl:1" in res.stderr and "Traceback" not in res.output


def test_missing_column_lists_columns(tmp_path):
    src = tmp_path / "p.csv"
    src.write_text("id,name,body_text\n1,x,y\n", encoding="utf-8")
    res = run("extract", str(src))
    assert res.exit_code != 0
    assert "name" in res.stderr and "body_text" in res.stderr and "Traceback" not in res.output
    res = run("extract", str(src), "--text-field", "body_text")
    assert res.exit_code == 0, res.output


def test_non_utf8_file_is_named(tmp_path):
    src = tmp_path / "latin.jsonl"
    src.write_bytes(json.dumps({"id": "1", "abstract": "caf\u00e9"}).encode("latin-1").replace(b"\\u00e9", b"\xe9"))
    res = run("extract", str(src))
    assert res.exit_code != 0 and "latin.jsonl" in res.stderr and "UTF-8" in res.stderr


def test_empty_input_gives_header_only(tmp_path):
    src = tmp_path / "empty.jsonl"
    src.write_text("", encoding="utf-8")
    res = run("extract", str(src))
    assert res.exit_code == 0
    assert res.stdout.strip().split(",") == list(COLUMNS)


def test_unknown_output_extension_and_kind(tmp_path):
    src = jsonl(tmp_path / "p.jsonl", [{"id": "1", "abstract": ABSTRACT}])
    res = run("extract", str(src), "-o", str(tmp_path / "x.docx"))
    assert res.exit_code != 0 and ".csv" in res.stderr
    res = run("extract", str(src), "--kinds", "speed")
    assert res.exit_code != 0 and "speedup" in res.stderr


def test_kinds_option(tmp_path):
    src = jsonl(tmp_path / "p.jsonl", [{"id": "1", "abstract": ABSTRACT}])
    res = run("extract", str(src), "--kinds", "score")
    assert {r["kind"] for r in rows(res.stdout)} == {"score"}


def test_missing_input_file(tmp_path):
    res = run("extract", str(tmp_path / "nope.jsonl"))
    assert res.exit_code != 0 and "nope.jsonl" in res.stderr and "Traceback" not in res.output


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
