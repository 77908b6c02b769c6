"""Sheets as people keep them: wide sheets (one column per metric or dataset), papers named
by any arXiv spelling or by a misspelled title, ``claimtab.check()`` from Python, and the
command end to end (through ``claimtab.cli.app.main()`` and a fresh process), with
one-line errors for bad sheets and every row kept in order."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import claimtab
from claimtab.check import PaperIndex, check_sheet, detect_columns
from claimtab.check.titles import AmbiguousPaper, TitleFinder, arxiv_id
from claimtab.check.wide import header
from claimtab.errors import SheetError

PAPERS = [
    {
        "id": "2101.00001",
        "title": "FlatFormer: Flattened Window Attention for Efficient Point Cloud Transformer",
        "abstract": (
            "FlatFormer achieves a 4.6x speedup over SST and improves accuracy by 1.2 points, reaching 81.46% "
            "top-1 accuracy on ImageNet-1K and 79.0% on CIFAR-10. It has 1.3B parameters and costs $1,890."
        ),
    },
    {
        "id": "2102.00002v2",
        "title": "Scaling Sparse Experts for Translation",
        "abstract": (
            "We train models from 124M to 1.4B parameters. Our largest model reaches 28.4 BLEU on WMT14 En-De "
            "and 45.3 AP on COCO, and surpasses A, B and C by 87%, 131% and 55%, respectively."
        ),
    },
    {"id": "hep-th/9901001", "title": "An Old Paper", "abstract": "It is 3x faster."},
]

WIDE_HEADER = ["title", "ImageNet top-1 (%)", "CIFAR-10 (%)", "Params", "Speedup", "BLEU", "COCO AP", "Note"]
WIDE_ROWS = [
    # two typos in the title; every value right
    ["FlatFormer: Flatened Window Atention for Efficient Point Cloud Transformer", "81.46", "79.0", "1.3B", "4.6x",
     "", "", "ok"],
    # one typo; the high end of a range, a BLEU, a wrong AP
    ["Scaling Sparse Experts for Translaton", "", "", "1.4B", "", "28.4", "45.8", "check AP"],
    # a title cut short with typos; the low end of the range
    ["Scaling Sparce Exprts", "", "", "124M", "", "", "", ""],
    # nobody wrote this one
    ["A Paper Nobody Wrote", "", "", "", "", "12", "", ""],
]


def write_csv(path: Path, header_row: list[str], rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header_row)
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def index() -> PaperIndex:
    return PaperIndex(claimtab.extract_frame(PAPERS), {p["id"]: claimtab.api.as_paper(p) for p in PAPERS})


@pytest.fixture()
def papers_file(tmp_path) -> Path:
    path = tmp_path / "papers.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- finding the paper


@pytest.mark.parametrize("ref", [
    "2101.00001", "2101.00001v3", "arXiv:2101.00001", "arxiv 2101.00001", "ARXIV:2101.00001V1",
    "https://arxiv.org/abs/2101.00001", "http://export.arxiv.org/abs/2101.00001v2", "arxiv.org/pdf/2101.00001v1.pdf",
    "https://arxiv.org/pdf/2101.00001", "https://ar5iv.labs.arxiv.org/html/2101.00001", "[2101.00001]",
    "https://www.alphaxiv.org/abs/2101.00001", "https://huggingface.co/papers/2101.00001",
    "10.48550/arXiv.2101.00001", "https://doi.org/10.48550/arXiv.2101.00001", "arXiv:2101.00001 [cs.CV]",
])
def test_arxiv_ids_in_any_spelling(index, ref):
    assert index.resolve(ref) == "2101.00001"


def test_ids_the_papers_give_with_versions_or_old_style(index):
    assert index.resolve("2102.00002") == "2102.00002v2"
    assert index.resolve("arXiv:2102.00002v1") == "2102.00002v2"
    assert index.resolve("https://arxiv.org/abs/hep-th/9901001v2") == "hep-th/9901001"
    assert arxiv_id("Attention Is All You Need") is None  # a title is not searched for ids


def test_titles_with_typos_and_suggestions(index):
    found = index.find("Flatformer: flattened window attention for efficent point-cloud transformer")
    assert found.pid == "2101.00001" and "1 typo" in found.how
    assert index.find("scaling sparse experts for translation").how == ""  # exact after folding
    assert index.resolve("Scaling Sparce Exprts") == "2102.00002v2"  # cut short, with typos
    assert index.resolve("An Old Papr") == "hep-th/9901001"  # one typo in 11 characters
    assert TitleFinder({"a": "BERT"}).by_title("BART") is None  # none in a title under 6 characters
    assert index.resolve("A Paper Nobody Wrote") is None
    near = index.suggest("Sparse Experts Scaling in Translation")
    assert near and near[0][0] == "2102.00002v2"


def test_a_typo_that_fits_two_titles_is_ambiguous():
    finder = TitleFinder({"a": "Model A Study", "b": "Model B Study"})
    with pytest.raises(AmbiguousPaper, match="matches 2 papers"):
        finder.by_title("Model C Study")


# --------------------------------------------------------------------------- wide sheets


def test_headers_give_the_cells_their_context():
    h = header("ImageNet top-1 (%)")
    assert h.unit == "%" and "imagenet" in h.dataset and "top" in h.hint
    assert header("Params (M)").unit == "M" and header("Params (M)").kind == "params"
    assert header("Speedup").kind == "speedup"
    assert header("COCO AP").dataset == frozenset({"coco"})
    assert header("Latency [ms]").unit == "ms"


def test_wide_sheet_is_detected_and_checked_cell_by_cell(index):
    sheet = pd.DataFrame(WIDE_ROWS, columns=WIDE_HEADER, dtype="string")
    cols = detect_columns(sheet.columns, sheet=sheet)
    assert cols.wide and cols.values == ("ImageNet top-1 (%)", "CIFAR-10 (%)", "Params", "Speedup", "BLEU", "COCO AP")
    report, results = check_sheet(sheet, cols, index)
    assert list(report.columns[:4]) == ["title", "ImageNet top-1 (%)", "ImageNet top-1 (%) status",
                                        "ImageNet top-1 (%) evidence"]
    assert list(report["Note"]) == ["ok", "check AP", "", ""]  # the sheet's own columns, in its shape
    def statuses(col):
        return [None if pd.isna(v) else v for v in report[f"{col} status"]]

    assert statuses("Params") == ["confirmed"] * 3 + [None]  # an empty cell reports nothing
    assert statuses("COCO AP")[1] == "mismatch"
    assert statuses("BLEU") == [None, "confirmed", None, "not_found"]
    assert "nearest titles" not in report["BLEU evidence"][3]
    assert [(r.row, r.column) for r in results][:2] == [(2, "ImageNet top-1 (%)"), (2, "CIFAR-10 (%)")]


def test_wide_sheet_long_report(index):
    sheet = pd.DataFrame(WIDE_ROWS, columns=WIDE_HEADER, dtype="string")
    report, _ = check_sheet(sheet, detect_columns(sheet.columns, sheet=sheet), index, long=True)
    assert list(report.columns[:5]) == ["row", "column", "title", "value", "paper_found"]
    assert report["row"].tolist() == [2, 2, 2, 2, 3, 3, 3, 4, 5]
    ap = report[report["column"] == "COCO AP"].iloc[0]
    assert (ap["status"], ap["paper_value"], ap["source"]) == ("mismatch", "45.3", "claim")


def test_named_value_columns_and_headers_with_units(index):
    sheet = pd.DataFrame([{"paper": "2101.00001", "Params (B)": "1.3", "Cost ($)": "1890", "Notes": "12"}], dtype="string")
    cols = detect_columns(sheet.columns, values=["Params (B)", "cost ($)"])
    assert cols.values == ("Params (B)", "Cost ($)")
    report, _ = check_sheet(sheet, cols, index)
    assert report["Params (B) status"].tolist() == ["confirmed"] and report["Cost ($) status"].tolist() == ["confirmed"]
    with pytest.raises(SheetError, match="no column 'nope'"):
        detect_columns(sheet.columns, values=["Params (B)", "nope"])


def test_a_sheet_with_no_numbers_is_refused_in_one_line():
    sheet = pd.DataFrame([{"paper": "x", "comment": "fine"}], dtype="string")
    with pytest.raises(SheetError, match="no column holds the value") as e:
        detect_columns(sheet.columns, sheet=sheet)
    assert "\n" not in str(e.value)


# --------------------------------------------------------------------------- Python


def test_claimtab_check_from_python(papers_file, tmp_path):
    import claimtab.check.sheet  # noqa: F401  (the package stays callable once a submodule is imported)

    rows = [{"paper": "arXiv:2101.00001", "value": "4.6x"}, {"paper": "2101.00001", "value": "4.7x"}]
    for papers in (PAPERS, str(papers_file), [papers_file], claimtab.extract_frame(PAPERS)):
        report = claimtab.check(rows, papers)
        assert report["status"].tolist() == ["confirmed", "mismatch"], papers
    sheet = write_csv(tmp_path / "wide.csv", WIDE_HEADER, WIDE_ROWS)
    report = claimtab.check(sheet, papers_file, long=True)
    assert set(report["status"]) == {"confirmed", "mismatch", "not_found"}
    assert report.attrs["summary"][0].startswith("checked 9 values against 3 papers")
    report = claimtab.check(pd.DataFrame({"ref": ["2101.00001"], "n": [4.6]}), PAPERS,
                            columns={"paper": "ref", "value": "n"})
    assert report["status"].tolist() == ["confirmed"]


def test_progress_is_reported_per_value(index):
    sheet = pd.DataFrame([{"paper": "2101.00001", "value": "4.6x"}] * 5, dtype="string")
    seen: list[int] = []
    check_sheet(sheet, detect_columns(sheet.columns), index, progress=seen.append)
    assert seen == [1, 2, 3, 4, 5]


# --------------------------------------------------------------------------- the command, end to end


def _main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run ``claimtab.cli.app.main()`` as the console script does."""
    from claimtab.cli.app import main

    monkeypatch.setattr(sys, "argv", ["claimtab", *args])
    with pytest.raises(SystemExit) as e:
        main()
    out = capsys.readouterr()
    return int(e.value.code or 0), out.out, out.err


def test_cli_wide_sheet_with_misspelled_titles(tmp_path, papers_file, monkeypatch, capsys):
    sheet = write_csv(tmp_path / "wide.csv", WIDE_HEADER, WIDE_ROWS)
    code, out, err = _main(monkeypatch, capsys, "check", str(sheet), "--papers", str(papers_file))
    assert code == 1, err  # one mismatch
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["title"] for r in rows] == [r[0] for r in WIDE_ROWS]  # every row, in order
    assert [r["Params status"] for r in rows] == ["confirmed", "confirmed", "confirmed", ""]
    assert "high end" in rows[1]["Params evidence"] and "low end" in rows[2]["Params evidence"]
    assert "2 typos away" in rows[0]["Speedup evidence"]
    assert "nearest titles" not in rows[3]["BLEU evidence"] and "not among the 3 papers" in rows[3]["BLEU evidence"]
    assert "checked 9 values against 3 papers: 7 confirmed, 1 mismatch, 1 not_found" in err
    assert "row 3 [COCO AP]" in err and "Traceback" not in err

    code, out, err = _main(monkeypatch, capsys, "check", str(sheet), "--papers", str(papers_file), "--long")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1 and len(rows) == 9 and rows[0]["row"] == "2" and rows[0]["column"] == "ImageNet top-1 (%)"


def test_cli_ranges_lists_and_unknown_titles_in_a_fresh_process(tmp_path, papers_file):
    sheet = write_csv(tmp_path / "s.csv", ["paper", "value", "kind"], [
        ["https://arxiv.org/abs/2102.00002v1", "1.4B", "params"],  # a range's high end
        ["Scaling Sparse Experts for Translaton", "124M", "params"],  # its low end, the title misspelled
        ["2102.00002", "131%", "delta"],  # one item of a list
        ["Scaling Sparce Exprts", "56%", "delta"],  # one digit from another item
        ["Sparse Scaling of Expert Translation Models", "55%", ""],  # no such title: suggestions
        ["2101.00001", "n/a", ""],
    ])
    out = tmp_path / "report.jsonl"
    res = subprocess.run([sys.executable, "-m", "claimtab", "check", str(sheet), "--papers", str(papers_file), "-o",
                          str(out)], capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["status"] for r in rows] == ["confirmed", "confirmed", "confirmed", "mismatch", "not_found", "invalid"]
    assert '"87%, 131% and 55%"' in rows[2]["evidence"]
    assert "nearest titles: 'Scaling Sparse Experts for Translation' (2102.00002v2)" in rows[4]["evidence"]
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "names the paper"),
        ("paper,value\n", None),  # a header and no rows: an empty report, no error
        ("comment\nhello\n", "names the paper"),
        ("paper,comment\nx,hello\n", "no column holds the value"),
        ("\x00\x01\x02binary", None),
    ],
)
def test_cli_bad_sheets_fail_in_one_line(tmp_path, papers_file, monkeypatch, capsys, content, message):
    sheet = tmp_path / "s.csv"
    sheet.write_text(content, encoding="utf-8")
    code, out, err = _main(monkeypatch, capsys, "check", str(sheet), "--papers", str(papers_file))
    assert "Traceback" not in err
    if message is None and code == 0:
        assert "checked 0 rows" in err
        return
    assert code == 2, (code, err)
    assert len(err.strip().splitlines()) == 1
    if message:
        assert message in err


def test_cli_progress_bar_on_a_long_sheet(tmp_path, papers_file, monkeypatch, capsys):
    rows = [["2101.00001", "4.6x" if i % 2 else "81.46%", ""] for i in range(250)]
    sheet = write_csv(tmp_path / "long.csv", ["paper", "value", "kind"], rows)
    code, out, err = _main(monkeypatch, capsys, "check", str(sheet), "--papers", str(papers_file))
    assert code == 0, err
    assert "checking" in err and "250/250" in err
    assert len(list(csv.DictReader(io.StringIO(out)))) == 250
