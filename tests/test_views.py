"""Tests for claimtab.views (long, papers, leaderboard) and the ``claimtab table`` command."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from claimtab import views
from claimtab.cli.app import app
from claimtab.frame import claims_frame
from claimtab.io.tables import read_table
from claimtab.model import COLUMNS
from claimtab.quantities.format import human_count
from claimtab.rules.kinds import registry

KINDS = registry().names

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "data" / "sample_papers.txt")
runner = CliRunner()


def claim(paper_id: str, kind: str, start: int, **fields: object) -> dict[str, object]:
    """One claim row; title and method follow the paper, text is a placeholder."""
    titles = {"p1": "FastNet: fast nets", "p2": "Slow but Steady", "p3": "GenX: generating things"}
    methods = {"p1": "FastNet", "p2": None, "p3": "GenX"}
    row: dict[str, object] = {
        "paper_id": paper_id,
        "title": titles[paper_id],
        "method": methods[paper_id],
        "kind": kind,
        "text": fields.pop("text", f"{kind}@{start}"),
        "start": start,
        "end": start + 5,
    }
    row.update(fields)
    return row


def score(
    paper_id: str,
    start: int,
    value: float,
    metric: str | None,
    dataset: str | None,
    unit: str = "%",
    **fields: object,
) -> dict[str, object]:
    """A score claim."""
    return claim(paper_id, "score", start, value=value, unit=unit, metric=metric, dataset=dataset, **fields)


ROWS = [
    # p1: speedups in x and %, reductions, params, two datasets, code, benchmarks
    claim("p1", "speedup", 10, value=2.5, unit="x", baseline="SST"),
    claim("p1", "speedup", 40, value=4.6, unit="x", baseline="PointPillars"),
    claim("p1", "speedup", 60, value=30.0, unit="%", baseline="VoxelNet"),
    claim("p1", "reduction", 80, value=40.0, unit="%", metric="memory"),
    claim("p1", "reduction", 90, value=3.0, unit="x", metric="FLOPs"),
    claim("p1", "params", 100, value=1.3e9, unit="count", metric="parameters"),
    claim("p1", "params", 110, value=7e9, unit="count", metric="parameters"),
    claim("p1", "params", 120, value=1.3e9, unit="count", metric="parameters"),
    score("p1", 130, 81.5, "top-1 accuracy", "ImageNet-1K", dataset_canonical="ImageNet", text="81.5%"),
    score("p1", 140, 56.4, "AP", "COCO", unit=""),
    score("p1", 145, 3.2, "FID", "CIFAR-10", unit=""),
    claim("p1", "code_url", 150, url="https://github.com/a/fastnet", status="released"),
    claim("p1", "benchmark", 160, dataset="ImageNet-1K", dataset_canonical="ImageNet"),
    claim("p1", "benchmark", 170, dataset="COCO"),
    claim("p1", "benchmark", 175, dataset="ImageNet", dataset_canonical="ImageNet"),
    claim("p1", "speedup", 0, value=3.0, unit="x", field="title"),
    # p2: a % speedup only, no method, a promised code release
    claim("p2", "speedup", 5, value=20.0, unit="%", baseline="BERT"),
    score("p2", 20, 83.0, "Top-1  Accuracy", "ImageNet"),
    score("p2", 30, 3.2, "FID", "CIFAR-10", unit=""),
    claim("p2", "code_url", 40, url="https://github.com/b/slow", status="promised"),
    # p3: lower-is-better metrics, a score without a dataset
    score("p3", 10, 5.0, "FID", "CIFAR-10", unit=""),
    score("p3", 20, 2.1, "FID", "CIFAR-10", unit=""),
    score("p3", 30, 18.5, "top-1 error rate", "ImageNet"),
    score("p3", 40, 22.0, "top-1 error rate", "ImageNet"),
    score("p3", 50, 90.0, "accuracy", None),
    claim("p3", "benchmark", 60, dataset="CIFAR-10"),
]


def _row(frame: pd.DataFrame, paper_id: str) -> pd.Series:
    return frame.set_index("paper_id").loc[paper_id]


# --------------------------------------------------------------------------- metric_direction


@pytest.mark.parametrize(
    "name",
    [
        "FID",
        "fid",
        "top-1 error rate",
        "ImageNet Top-1 Error Rate",
        "WER",
        "EER",
        "perplexity",
        "RMSE",
        "MAE",
        "latency",
        "word error rate (%)",
        "FID↓",
    ],
)
def test_lower_is_better(name: str) -> None:
    assert views.metric_direction(name) == "lower"


@pytest.mark.parametrize(
    "name", ["accuracy", "Top-1 Accuracy", "AP", "BLEU", "mIoU", "F1 score", "something new"]
)
def test_higher_is_better(name: str) -> None:
    assert views.metric_direction(name) == "higher"


# --------------------------------------------------------------------------- long


def test_long_orders_by_paper_field_start() -> None:
    shuffled = claims_frame([ROWS[i] for i in (17, 3, 0, 25, 15, 20, 1)])
    out = views.long(shuffled)
    got = list(zip(out["paper_id"], out["field"].astype(str), out["start"], strict=True))
    assert got == [
        ("p2", "abstract", 20),
        ("p1", "title", 0),
        ("p1", "abstract", 10),
        ("p1", "abstract", 40),
        ("p1", "abstract", 80),
        ("p3", "abstract", 10),
        ("p3", "abstract", 60),
    ]
    assert list(out.index) == list(range(len(out)))
    assert tuple(out.columns) == COLUMNS
    assert out.dtypes.equals(shuffled.dtypes)


# --------------------------------------------------------------------------- papers


def test_papers_one_row_per_paper_in_order() -> None:
    out = views.papers(claims_frame(ROWS))
    assert list(out["paper_id"]) == ["p1", "p2", "p3"]
    assert list(out.columns) == list(views.paper_columns())
    for name, dtype in views.paper_columns().items():
        assert out[name].dtype == dtype, name
    assert out["best_speedup"].dtype == "Float64" and out["scores"].dtype == pd.StringDtype()


def test_papers_speedups_and_reductions() -> None:
    out = views.papers(claims_frame(ROWS))
    p1, p2, p3 = (_row(out, p) for p in ("p1", "p2", "p3"))
    # x beats %, largest x wins, its baseline comes with it
    assert (p1["best_speedup"], p1["best_speedup_unit"], p1["best_speedup_baseline"]) == (
        4.6,
        "x",
        "PointPillars",
    )
    assert (p2["best_speedup"], p2["best_speedup_unit"], p2["best_speedup_baseline"]) == (20.0, "%", "BERT")
    assert pd.isna(p3["best_speedup"]) and pd.isna(p3["best_speedup_unit"])
    assert (p1["largest_reduction"], p1["largest_reduction_unit"], p1["largest_reduction_metric"]) == (
        40.0,
        "%",
        "memory",
    )
    assert pd.isna(p2["largest_reduction"])


def test_papers_params_scores_code_benchmarks() -> None:
    out = views.papers(claims_frame(ROWS))
    p1, p2, p3 = (_row(out, p) for p in ("p1", "p2", "p3"))
    assert p1["params"] == "1.3B; 7B" and p1["params_max"] == 7e9
    assert pd.isna(p2["params"]) and pd.isna(p2["params_max"])
    assert p1["scores"] == "ImageNet top-1 accuracy 81.5%; COCO AP 56.4; CIFAR-10 FID 3.2"
    # best per (dataset, metric): the lowest FID, the lowest error rate
    assert p3["scores"] == "CIFAR-10 FID 2.1; ImageNet top-1 error rate 18.5%; accuracy 90%"
    assert p1["code_urls"] == "https://github.com/a/fastnet" and p1["code_status"] == "released"
    assert p2["code_status"] == "promised" and pd.isna(p3["code_urls"])
    assert p1["benchmarks"] == "ImageNet; COCO"
    assert p3["benchmarks"] == "CIFAR-10"
    assert p2["title"] == "Slow but Steady" and pd.isna(p2["method"]) and p1["method"] == "FastNet"


def test_papers_counts_per_kind() -> None:
    out = views.papers(claims_frame(ROWS))
    p1 = _row(out, "p1")
    assert p1["n_claims"] == 16
    assert (p1["n_speedup"], p1["n_reduction"], p1["n_params"], p1["n_score"], p1["n_benchmark"]) == (
        4,
        2,
        3,
        3,
        3,
    )
    assert p1["n_delta"] == 0 and out["n_cost"].dtype == "Int64"
    assert (out[[f"n_{k}" for k in KINDS]].sum(axis=1) == out["n_claims"]).all()


def test_views_of_an_empty_table_are_typed() -> None:
    empty = claims_frame([])
    for name, columns in (("papers", views.paper_columns()), ("leaderboard", views.LEADERBOARD_COLUMNS)):
        out = views.VIEWS[name](empty)
        assert len(out) == 0 and list(out.columns) == list(columns)
        assert all(out[c].dtype == d for c, d in columns.items())
    assert tuple(views.long(empty).columns) == COLUMNS


def test_human_count() -> None:
    assert [human_count(n) for n in (1.3e9, 7e9, 350e6, 1.5e12, 125e3, 512)] == [
        "1.3B",
        "7B",
        "350M",
        "1.5T",
        "125K",
        "512",
    ]


# --------------------------------------------------------------------------- leaderboard


def test_leaderboard_groups_and_order() -> None:
    out = views.leaderboard(claims_frame(ROWS))
    assert list(out.columns) == list(views.LEADERBOARD_COLUMNS)
    for name, dtype in views.LEADERBOARD_COLUMNS.items():
        assert out[name].dtype == dtype, name
    got = list(zip(out["dataset"], out["metric"], out["rank"], out["paper_id"], out["value"], strict=True))
    assert got == [
        # FID: lower is better -> ascending; equal values share a rank, paper order on ties;
        # p3's two FIDs in one setting: only its best (2.1) is ranked
        ("CIFAR-10", "FID", 1, "p3", 2.1),
        ("CIFAR-10", "FID", 2, "p1", 3.2),
        ("CIFAR-10", "FID", 2, "p2", 3.2),
        ("COCO", "AP", 1, "p1", 56.4),
        # "Top-1  Accuracy" groups with "top-1 accuracy"; ImageNet-1K goes by its canonical name
        ("ImageNet", "top-1 accuracy", 1, "p2", 83.0),
        ("ImageNet", "top-1 accuracy", 2, "p1", 81.5),
        ("ImageNet", "top-1 error rate", 1, "p3", 18.5),
    ]


def test_leaderboard_ranks_one_papers_values_only_across_settings() -> None:
    rows = [
        score("p1", 10, 38.8, "accuracy", "OK-VQA"),
        score("p1", 20, 34.6, "accuracy", "OK-VQA"),  # the same setting: not ranked against 38.8
        score("p1", 30, 41.0, "accuracy", "OK-VQA", condition="with retrieval"),
        score("p2", 10, 40.0, "accuracy", "OK-VQA"),
    ]
    out = views.leaderboard(claims_frame(rows))
    got = list(zip(out["rank"], out["paper_id"], out["value"], out["setting"], strict=True))
    assert got == [(1, "p1", 41.0, "with retrieval"), (2, "p2", 40.0, pd.NA), (3, "p1", 38.8, pd.NA)]


def test_leaderboard_method_falls_back_to_title() -> None:
    out = views.leaderboard(claims_frame(ROWS))
    by_paper = dict(zip(out["paper_id"], out["method"], strict=False))
    assert by_paper == {"p1": "FastNet", "p2": "Slow but Steady", "p3": "GenX"}
    first = out[out["value"] == 81.5].iloc[0]
    assert (first["unit"], first["qualifier"], first["text"]) == ("%", "exact", "81.5%")


def test_leaderboard_skips_rows_without_dataset_or_metric() -> None:
    out = views.leaderboard(claims_frame(ROWS))
    assert 90.0 not in set(out["value"])
    assert out["dataset"].notna().all() and out["metric"].notna().all()


# --------------------------------------------------------------------------- claimtab table


def run(*args: str):
    return runner.invoke(app, ["table", *args])


def _header(ws) -> list[str]:
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def test_table_xlsx_has_one_sheet_per_view(tmp_path: Path) -> None:
    out = tmp_path / "views.xlsx"
    res = run(SAMPLE, "-o", str(out))
    assert res.exit_code == 0, res.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["claims", "papers", "results", "leaderboard"]
    expected = {
        "claims": list(COLUMNS),
        "papers": list(views.paper_columns()),
        "results": list(views.RESULTS_COLUMNS),
        "leaderboard": list(views.LEADERBOARD_COLUMNS),
    }
    for name, columns in expected.items():
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert _header(ws) == columns, name
        assert not ws._hyperlinks and all(c.hyperlink is None for row in ws.iter_rows() for c in row), name
    claims = read_table(out)
    papers = read_table(out, sheet="papers")
    from claimtab.io.papers import read_papers

    # one row per input paper, claims or not
    assert len(claims) > 0 and list(papers["paper_id"]) == [p.id for p in read_papers([SAMPLE])]
    assert wb["leaderboard"].max_row >= 2


def test_table_single_view_csv(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    res = run(SAMPLE, "--view", "papers", "-o", str(out))
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out)
    assert list(got.columns) == list(views.paper_columns())
    assert len(got) == got["paper_id"].nunique() > 1


def test_table_view_all_needs_xlsx(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    res = run(SAMPLE, "--view", "all", "-o", str(out))
    assert res.exit_code == 2
    message = res.stderr.strip()
    assert message.startswith("claimtab:") and ".xlsx" in message and "\n" not in message
    assert "Traceback" not in res.output and not out.exists()


@pytest.mark.parametrize("args", [["--view", "nope"], ["-o", "x.foo"]])
def test_table_bad_options_fail_in_one_line(tmp_path: Path, args: list[str]) -> None:
    res = run(SAMPLE, *args)
    assert res.exit_code == 2 and res.stderr.startswith("claimtab:") and res.stderr.count("\n") == 1


def test_table_missing_input_fails_in_one_line(tmp_path: Path) -> None:
    res = run(str(tmp_path / "missing.jsonl"))
    assert res.exit_code == 2 and res.stderr.startswith("claimtab:") and "Traceback" not in res.output


def test_table_reads_an_extracted_claims_csv(tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    assert runner.invoke(app, ["extract", SAMPLE, "-o", str(claims)]).exit_code == 0
    long_out, board_out = tmp_path / "long.csv", tmp_path / "board.csv"
    assert run(str(claims), "-o", str(long_out)).exit_code == 0
    res = run(str(claims), "--view", "leaderboard", "-o", str(board_out))
    assert res.exit_code == 0, res.output
    pd.testing.assert_frame_equal(read_table(long_out), views.long(read_table(claims)))
    board = pd.read_csv(board_out, dtype=str, keep_default_na=False)
    assert list(board.columns) == list(views.LEADERBOARD_COLUMNS)
    assert len(board) == len(views.leaderboard(read_table(claims)))


def test_table_stdout_defaults_to_long_csv(tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    assert runner.invoke(app, ["extract", SAMPLE, "-o", str(claims)]).exit_code == 0
    res = run(str(claims))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].split(",") == list(COLUMNS)


def test_papers_view_keeps_every_input_paper() -> None:
    from claimtab.model import Paper

    inputs = [Paper(id="p0", title="Nothing to report"), Paper(id="p1", title="FastNet: fast nets"),
              Paper(id="p2", title="Slow but Steady")]
    out = views.papers(claims_frame(ROWS), inputs=inputs)
    assert list(out["paper_id"]) == ["p0", "p1", "p2", "p3"]  # inputs first, in their order
    empty = _row(out, "p0")
    assert empty["title"] == "Nothing to report" and empty["n_claims"] == 0
