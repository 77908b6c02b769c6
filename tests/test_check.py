"""``claimtab check``: value parsing, every status on hand-built sheets, the CLI.

The measurement over the gold corpora (slipped values caught, untouched ones confirmed) is
``test_check_rates.py``; the number index, ranges and lists are ``test_check_text.py``."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import claimtab
from claimtab.check import (
    AmbiguousPaper,
    PaperIndex,
    check_sheet,
    detect_columns,
    normalize_kind,
    parse_reported,
    sig_digits,
    typo_distance,
)
from claimtab.cli.app import app
from claimtab.rules.kinds import registry

NUMERIC_KINDS = registry().numeric()

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

PAPERS = [
    {
        "id": "2101.00001",
        "title": "FlatFormer: Flattened Window Attention for Efficient Point Cloud Transformer",
        "abstract": (
            "FlatFormer achieves a 4.6x speedup over SST and improves accuracy by 1.2 points, reaching 81.46% "
            "top-1 accuracy on ImageNet-1K and 79.0% on CIFAR-10. It has 1.3B parameters and costs $1,890. "
            "Throughput rises by 2.5x over FlashAttention."
        ),
    },
    {
        "id": "2101.00002",
        "title": "Another Paper",
        "abstract": (
            "Our model reaches a FID of 12.7 and is trained on 37M images. It gives a performance increase "
            "of 4.1% to 7.5% over the baseline."
        ),
    },
    {
        "id": "2101.00003",
        "title": "Two Scores",
        "abstract": "The method reaches 45.1% accuracy on MMLU and 45.3% accuracy on GSM8K.",
    },
    {"id": "2101.00004", "title": "Same Title", "abstract": "It is 3x faster."},
    {"id": "2101.00006", "title": "Plain Accuracy", "abstract": "It reaches an accuracy of 88.2 on SST-2."},
    {"id": "2101.00005", "title": "Same Title", "abstract": "It is 5x faster."},
]


def jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def report_rows(stdout: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(stdout)))


@pytest.fixture(scope="module")
def index():
    return PaperIndex(claimtab.extract_frame(PAPERS), {p["id"]: claimtab.api.as_paper(p) for p in PAPERS})


def check(index, rows: list[dict]) -> list[dict]:
    sheet = pd.DataFrame(rows, dtype="string")
    cols = detect_columns(sheet.columns)
    report, _ = check_sheet(sheet, cols, index)
    return report.to_dict("records")


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    "text, value, value_max, unit",
    [
        ("4.6x", 4.6, None, "x"),
        ("4.6 ×", 4.6, None, "x"),
        ("4.6", 4.6, None, None),
        ("81.5%", 81.5, None, "%"),
        ("81.5 \\%", 81.5, None, "%"),
        ("1.3B", 1.3e9, None, None),
        ("1.3 billion parameters", 1.3e9, None, None),
        ("$1,890", 1890.0, None, "USD"),
        ("1,890 USD", 1890.0, None, "USD"),
        ("-0.3", -0.3, None, None),
        ("\u22120.3%", -0.3, None, "%"),
        ("12.7", 12.7, None, None),
        ("2-3x", 2.0, 3.0, "x"),
        ("2x\u20133x", 2.0, 3.0, "x"),
        ("124M to 1.4B", 1.24e8, 1.4e9, None),
        ("1-2B", 1e9, 2e9, None),
        ("76.7-80.6%", 76.7, 80.6, "%"),
        ("-0.5 to -0.3", -0.5, -0.3, None),
        ("~3x", 3.0, None, "x"),
        ("up to 99.5%", 99.5, None, "%"),
        (">90%", 90.0, None, "%"),
        ("1.2 points", 1.2, None, "pp"),
        ("+2.1 pp", 2.1, None, "pp"),
        ("81.5 ± 0.3", 81.5, None, None),
        ("30 FPS", 30.0, None, "fps"),
        ("8 GPU-days", 8.0, None, "GPU-days"),
        ("0.2 s", 0.2, None, "s"),
        ("16K", 16000.0, None, None),
        ("81,5", 81.5, None, None),
        ("1300000000.0", 1.3e9, None, None),
        ("1.3e9", 1.3e9, None, None),
        ("1e+16", 1e16, None, None),
        ("28.4 BLEU", 28.4, None, None),
        ("81.5% top-1 accuracy", 81.5, None, "%"),
        ("×4.6", 4.6, None, "x"),
        ("x4.6", 4.6, None, "x"),
        ("3.2×10^4", 32000.0, None, None),
        ("3.2 \\times 10^{4}", 32000.0, None, None),
    ],
)
def test_parse_reported(text, value, value_max, unit):
    rep = parse_reported(text)
    assert rep is not None, text
    assert math.isclose(rep.value, value, rel_tol=1e-9)
    assert (rep.value_max is None) == (value_max is None)
    if value_max is not None:
        assert math.isclose(rep.value_max, value_max, rel_tol=1e-9)
    assert rep.unit == unit


@pytest.mark.parametrize("text", ["", "n/a", "fast", "about", "81.5 of 12", None, float("nan")])
def test_parse_reported_rejects(text):
    assert parse_reported(text) is None


def test_parse_reported_precision_and_unit_column():
    assert math.isclose(parse_reported("81.5").ulp, 0.1)
    assert math.isclose(parse_reported("1.3B").ulp, 1e8)
    assert parse_reported("1,890").ulp == 1
    assert parse_reported("4.6", unit="x").unit == "x"
    assert parse_reported("1.3", unit="billion").value == 1.3e9
    assert parse_reported("12.7", unit="none").unit == ""


def test_digits_and_typo_distance():
    assert sig_digits(81.46) == "8146"
    assert sig_digits(1.3e9) == "13"
    assert sig_digits(-0.05) == "5"
    assert typo_distance("851", "815") == 1  # a swap
    assert typo_distance("26", "25") == 1
    assert typo_distance("8146", "816") == 1
    assert typo_distance("123", "321") == 2


def test_normalize_kind():
    assert normalize_kind("Speed-up") == "speedup"
    assert normalize_kind("data size") == "data_size"
    assert normalize_kind("PARAMS") == "params"
    assert normalize_kind("accuracy") is None
    assert normalize_kind(None) is None


# --------------------------------------------------------------------------- statuses


def test_confirmed(index):
    rows = check(index, [
        {"paper_id": "2101.00001", "value": "4.6x", "kind": "speedup"},
        {"paper_id": "2101.00001", "value": "4.6"},  # a bare number fits any unit
        {"paper_id": "2101.00001", "value": "1.3B", "kind": "params"},
        {"paper_id": "2101.00001", "value": "$1,890"},
        {"paper_id": "2101.00001", "value": "0.7900", "dataset": "CIFAR-10"},  # a fraction of 79.0%
        {"paper_id": "2101.00002", "value": "4.1-7.5%"},
        {"paper_id": "2101.00002", "value": "12.7", "metric": "FID"},
        {"paper_id": "2101.00001", "value": "1.2 pp", "kind": "delta"},
        # the value is stated, for another dataset: the extractor links datasets loosely, so the
        # row is confirmed and the evidence says what differs
        {"paper_id": "2101.00001", "value": "81.46%", "dataset": "CIFAR-10"},
        {"paper_id": "2101.00006", "value": "88.2%"},  # an accuracy the paper wrote without its % sign
    ])
    assert [r["status"] for r in rows] == ["confirmed"] * 10
    assert "dataset ImageNet-1K" in rows[-2]["evidence"]
    first = rows[0]
    assert first["paper_value"] == "4.6" and first["paper_unit"] == "x"
    abstract = PAPERS[0]["abstract"]
    assert abstract[first["start"]:first["end"]] in first["evidence"]
    assert "4.6x" in abstract[first["start"]:first["end"]]


def test_rounded(index):
    rows = check(index, [
        {"paper_id": "2101.00001", "value": "81.5%", "metric": "top-1 accuracy", "dataset": "ImageNet"},
        {"paper_id": "2101.00001", "value": "81%"},
        {"paper_id": "2101.00001", "value": "5x", "kind": "speedup", "baseline": "SST"},
    ])
    assert [r["status"] for r in rows] == ["rounded", "rounded", "rounded"]
    assert rows[0]["paper_value"] == "81.46"


def test_unit_mismatch(index):
    rows = check(index, [
        {"paper_id": "2101.00001", "value": "4.6%", "kind": "speedup"},  # x vs %
        {"paper_id": "2101.00001", "value": "1.3", "kind": "params"},  # scale dropped
        {"paper_id": "2101.00001", "value": "1.3M"},  # wrong scale
        {"paper_id": "2101.00001", "value": "1.2%", "kind": "delta"},  # % vs pp
        {"paper_id": "2101.00002", "value": "12.7%"},  # a plain FID as a percentage
        {"paper_id": "2101.00006", "value": "88.2x"},
    ])
    assert [r["status"] for r in rows] == ["unit_mismatch"] * 6
    assert rows[1]["paper_value"] == "1.3B" and rows[1]["paper_unit"] == "count"
    assert "scale" in rows[1]["evidence"]


def test_mismatch(index):
    rows = check(index, [
        {"paper_id": "2101.00001", "value": "2.6x", "kind": "speedup"},  # a digit changed
        {"paper_id": "2101.00001", "value": "84.16%", "kind": "score"},  # two digits swapped
        {"paper_id": "2101.00001", "value": "4.7x"},  # no kind: still one slip from 4.6x only
        {"paper_id": "2101.00001", "value": "-1.2 pp", "kind": "delta"},  # sign flipped
        {"paper_id": "2101.00001", "value": "13B", "kind": "params"},  # decimal point moved
        {"paper_id": "2101.00001", "value": "80.1%", "dataset": "CIFAR-10"},  # the only CIFAR-10 number
        {"paper_id": "2101.00002", "value": "11", "metric": "FID"},  # the only FID
    ])
    assert [r["status"] for r in rows] == ["mismatch"] * 7
    assert rows[0]["paper_value"] == "2.5" and "2.5x" in rows[0]["evidence"]
    assert rows[5]["paper_value"] == "79"
    for r in rows:
        assert isinstance(r["start"], int) and r["end"] > r["start"]


def test_equally_close_and_ambiguous(index):
    rows = check(index, [
        # one digit from 45.1% and from 45.3%: the paper states neither, so the row is flagged,
        # naming one and listing both
        {"paper_id": "2101.00003", "value": "45.2%"},
        {"paper_id": "2101.00003", "value": "50%", "metric": "accuracy"},  # nothing near; both are accuracies
    ])
    assert [r["status"] for r in rows] == ["mismatch", "ambiguous"]
    assert "45.1%" in rows[0]["candidates"] and "45.3%" in rows[0]["candidates"]
    assert "equally close" in rows[0]["evidence"]
    assert "45.1%" in rows[1]["candidates"] and "45.3%" in rows[1]["candidates"]


def test_not_found_and_invalid(index):
    rows = check(index, [
        {"paper_id": "2101.00001", "value": "33%", "kind": "score"},  # nothing close among two scores
        {"paper_id": "9999.99999", "value": "3x"},  # unknown paper
        {"paper_id": "2101.00001", "value": "n/a"},
        {"paper_id": "2101.00001", "value": None},
        {"paper_id": "2101.00001", "value": "7 GB"},  # no memory claim at all
    ])
    assert [r["status"] for r in rows] == ["not_found", "not_found", "invalid", "invalid", "not_found"]
    assert "not among" in rows[1]["evidence"]
    assert "81.46%" in rows[0]["evidence"]  # the claims it looked at are listed


def test_paper_references(index):
    rows = check(index, [
        {"paper": "arXiv:2101.00001v2", "value": "4.6x"},
        {"paper": "https://arxiv.org/abs/2101.00001", "value": "4.6x"},
        {"paper": "FLATFORMER: flattened window attention, for efficient point-cloud transformer", "value": "4.6x"},
        {"paper": "FlatFormer", "value": "4.6x"},  # the part before the colon
        {"paper": "FlatFormer: Flattened Window Attention", "value": "4.6x"},  # a long prefix
        {"paper": "Another paper", "value": "12.7"},
    ])
    assert [r["status"] for r in rows] == ["confirmed"] * 6
    # a title two papers share: the row is kept, ambiguous, naming both
    rows = check(index, [{"title": "same title", "value": "3x"}, {"title": "Another Paper", "value": "12.7"}])
    assert [r["status"] for r in rows] == ["ambiguous", "confirmed"]
    assert re.search(r"2101\.00004.*2101\.00005.*give the paper id", rows[0]["evidence"])
    with pytest.raises(AmbiguousPaper, match=r"2101\.00004.*2101\.00005"):
        index.resolve(None, "same title")


def test_urls_and_benchmarks():
    papers = [{"id": "u", "title": "T", "abstract": "We evaluate on GLUE. Code is at https://github.com/a/b."}]
    idx = PaperIndex(claimtab.extract_frame(papers), {})
    rows = check(idx, [
        {"paper_id": "u", "value": "http://www.github.com/a/b.git"},
        {"paper_id": "u", "value": "https://github.com/a/c", "kind": "code_url"},
        {"paper_id": "u", "value": "glue", "kind": "benchmark"},
        {"paper_id": "u", "value": "SuperGLUE", "kind": "benchmark"},
    ])
    assert [r["status"] for r in rows] == ["confirmed", "mismatch", "confirmed", "not_found"]


def test_paper_id_stored_as_number():
    papers = [{"id": "2101.10000", "title": "T", "abstract": "It is 3x faster than X."}]
    idx = PaperIndex(claimtab.extract_frame(papers), {})
    assert idx.resolve("2101.1") == "2101.10000"


def test_report_keeps_sheet_columns_and_order(index):
    rows = [
        {"Note": "a", "Paper ID": "2101.00001", "Value": "4.7x", "status": "draft"},
        {"Note": "b", "Paper ID": "2101.00001", "Value": "4.6x", "status": "final"},
    ]
    sheet = pd.DataFrame(rows, dtype="string")
    report, results = check_sheet(sheet, detect_columns(sheet.columns), index)
    assert list(report.columns[:4]) == ["Note", "Paper ID", "Value", "status"]
    assert list(report.columns[4:]) == ["check_status", "source", "paper_value", "paper_unit", "evidence", "field",
                                        "start", "end"]
    assert list(report["Note"]) == ["a", "b"]
    assert list(report["status"]) == ["draft", "final"]
    assert list(report["check_status"]) == ["mismatch", "confirmed"]
    assert [r.row for r in results] == [2, 3]


def test_detect_columns():
    cols = detect_columns(["Paper", "Claim", "KIND", "Unit"])
    assert (cols.paper, cols.value, cols.kind, cols.unit) == ("Paper", "Claim", "KIND", "Unit")
    cols = detect_columns(["title", "number"])
    assert cols.paper is None and cols.title == "title" and cols.value == "number"
    cols = detect_columns(["ref", "reported number"], {"paper": "ref", "value": "Reported Number"})
    assert (cols.paper, cols.value) == ("ref", "reported number")
    with pytest.raises(ValueError, match="no column holds the value"):
        detect_columns(["paper", "kind"])
    with pytest.raises(ValueError, match="names the paper"):
        detect_columns(["value"])
    with pytest.raises(ValueError, match="'nope'"):
        detect_columns(["paper", "value"], {"value": "nope"})


# --------------------------------------------------------------------------- the command


@pytest.fixture()
def papers_file(tmp_path):
    return jsonl(tmp_path / "papers.jsonl", PAPERS)


SHEET_HEADER = ["paper", "value", "kind"]
SHEET_ROWS = [
    ["2101.00001", "4.6x", "speedup"],
    ["2101.00001", "2.6x", "speedup"],
    ["Another Paper", "12.7", ""],
]


def test_cli_csv_stdout_and_exit_code(tmp_path, papers_file):
    sheet = write_csv(tmp_path / "sheet.csv", SHEET_HEADER, SHEET_ROWS)
    res = run("check", str(sheet), "--papers", str(papers_file))
    assert res.exit_code == 1, res.output
    rows = report_rows(res.stdout)
    assert [r["status"] for r in rows] == ["confirmed", "mismatch", "confirmed"]
    assert list(rows[0])[:3] == SHEET_HEADER
    assert "2 confirmed" in res.stderr and "1 mismatch" in res.stderr
    assert "row 3" in res.stderr and "2.5x" in res.stderr  # the mismatch is listed
    assert "Traceback" not in res.output


def test_cli_exit_zero_when_all_agree(tmp_path, papers_file):
    sheet = write_csv(tmp_path / "sheet.csv", SHEET_HEADER, [SHEET_ROWS[0], SHEET_ROWS[2]])
    res = run("check", str(sheet), "--papers", str(papers_file))
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize("sheet_ext", ["csv", "tsv", "jsonl", "xlsx"])
@pytest.mark.parametrize("out_ext", ["csv", "jsonl", "xlsx", "parquet", "md"])
def test_cli_formats(tmp_path, papers_file, sheet_ext, out_ext):
    from claimtab.io.tables import read_table
    from claimtab.io.writers import write_table

    frame = pd.DataFrame(SHEET_ROWS, columns=SHEET_HEADER)
    sheet = tmp_path / f"sheet.{sheet_ext}"
    write_table(frame, str(sheet))
    out = tmp_path / f"report.{out_ext}"
    res = run("check", str(sheet), "--papers", str(papers_file), "-o", str(out))
    assert res.exit_code == 1, res.output
    assert out.is_file()
    if out_ext != "md":
        back = read_table(str(out))
        assert list(back["status"]) == ["confirmed", "mismatch", "confirmed"]


def test_cli_sheet_with_claims_like_columns(tmp_path, papers_file):
    # paper_id + kind would make read_table coerce the sheet into the claims schema
    sheet = write_csv(tmp_path / "s.csv", ["paper_id", "value", "kind"], [["2101.00001", "4.6x", "speedup"]])
    res = run("check", str(sheet), "--papers", str(papers_file))
    assert res.exit_code == 0, res.output
    assert report_rows(res.stdout)[0]["value"] == "4.6x"


def test_cli_against_extracted_claims_table(tmp_path, papers_file):
    claims = tmp_path / "claims.parquet"
    assert run("extract", str(papers_file), "-o", str(claims)).exit_code == 0
    sheet = write_csv(tmp_path / "s.csv", SHEET_HEADER, SHEET_ROWS)
    res = run("check", str(sheet), "--papers", str(claims))
    assert res.exit_code == 1, res.output
    assert [r["status"] for r in report_rows(res.stdout)] == ["confirmed", "mismatch", "confirmed"]


def test_cli_several_papers_inputs(tmp_path):
    first = jsonl(tmp_path / "a.jsonl", PAPERS[:1])
    second = jsonl(tmp_path / "b.jsonl", PAPERS[1:2])
    sheet = write_csv(tmp_path / "s.csv", SHEET_HEADER, SHEET_ROWS)
    for args in (["--papers", str(first), str(second)], ["--papers", str(first), "--papers", str(second)]):
        res = run("check", str(sheet), *args)
        assert res.exit_code == 1, res.output
        assert [r["status"] for r in report_rows(res.stdout)] == ["confirmed", "mismatch", "confirmed"]
    res = run("check", str(sheet))
    assert res.exit_code == 2 and "--papers" in res.stderr


def test_cli_column_options(tmp_path, papers_file):
    sheet = write_csv(tmp_path / "s.csv", ["ref", "reported", "what"], [["2101.00001", "4.6", "speedup"]])
    res = run("check", str(sheet), "--papers", str(papers_file), "--paper-col", "ref", "--value-col", "reported",
              "--kind-col", "what", "--unit-col", "what")
    assert res.exit_code == 0, res.output
    res = run("check", str(sheet), "--papers", str(papers_file), "--value-col", "missing")
    assert res.exit_code == 2 and "missing" in res.stderr and "Traceback" not in res.output


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: (d / "nope.csv", None), "no such file"),
        (lambda d: ((d / "s.docx"), "x"), "cannot tell the table format"),
        (lambda d: (write_csv(d / "s.csv", ["a", "b"], [["1", "2"]]), None), "names the paper"),
    ],
)
def test_cli_usage_errors(tmp_path, papers_file, setup, message):
    sheet, content = setup(tmp_path)
    if content is not None:
        Path(sheet).write_text(content)
    res = run("check", str(sheet), "--papers", str(papers_file))
    assert res.exit_code == 2, res.output
    assert message in res.stderr
    assert "Traceback" not in res.output
    assert len(res.stderr.strip().splitlines()) == 1


def test_cli_bad_papers_and_output(tmp_path, papers_file):
    sheet = write_csv(tmp_path / "s.csv", SHEET_HEADER, SHEET_ROWS)
    res = run("check", str(sheet), "--papers", str(tmp_path / "missing.jsonl"))
    assert res.exit_code == 2 and "no such file" in res.stderr
    res = run("check", str(sheet), "--papers", str(papers_file), "-o", str(tmp_path / "r.docx"))
    assert res.exit_code == 2 and "Traceback" not in res.output
