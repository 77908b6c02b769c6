"""Whole papers through the commands: ``extract``, ``table --view results`` on a .tex, a
source archive, a folder, a PDF and an HTML page; unsafe or unreadable papers give one line
and exit 1, never a traceback."""

import io
import tarfile
import zipfile

import pandas as pd
import pytest

from claimtab import api, views
from claimtab.engine.tables import EXTRAS
from claimtab.model import COLUMNS
from test_cli import run
from test_documents_html_pdf import _pdf

ARCHIVE = ("main_archive.tex", "results_section.tex", "tables/main.tex")


def _tar(documents, path):
    with tarfile.open(path, "w:gz") as tf:
        for name in ARCHIVE:
            data = (documents / name).read_bytes()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def _extract(*args):
    res = run("extract", *args)
    return res, (pd.read_csv(io.StringIO(res.stdout), dtype={"paper_id": str}) if res.stdout.strip() else None)


def test_extract_a_tex_file_gives_table_rows_with_their_place(documents):
    res, df = _extract(str(documents / "paper.tex"))
    assert res.exit_code == 0, res.output
    assert list(df.columns) == [*COLUMNS, *EXTRAS]
    own = df[(df["field"] == "table") & df["subject"].isna()]
    got = {(r.dataset, r.metric, r.value, r.best) for r in own.itertuples()}
    assert ("COCO", "AP", 45.1, "bold") in got and ("LVIS", "AP", 27.3, "underline") in got
    assert set(own["table"]) == {"tab:main"} and set(own["row_label"]) == {"GridNet (ours)"}
    assert "COCO > AP" in set(own["column"])
    assert set(df["field"]) >= {"abstract", "table"}


@pytest.mark.parametrize("kind", ["tar.gz", "zip", "folder"])
def test_extract_a_source_archive_or_folder(documents, tmp_path, kind):
    if kind == "tar.gz":
        src = _tar(documents, tmp_path / "2401.00001.tar.gz")
    elif kind == "zip":
        src = tmp_path / "2401.00001.zip"
        with zipfile.ZipFile(src, "w") as zf:
            for name in ARCHIVE:
                zf.writestr(name, (documents / name).read_bytes())
    else:
        src = tmp_path / "2401.00001"
        for name in ARCHIVE:
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_bytes((documents / name).read_bytes())
    res, df = _extract(str(src))
    assert res.exit_code == 0, res.output
    assert set(df["paper_id"]) == {"2401.00001"}
    assert (df["field"] == "table").any()  # the table came in through \input


def test_extract_a_pdf_and_an_html_page(documents, tmp_path):
    pytest.importorskip("pdfplumber")
    pdf = tmp_path / "fastmt.pdf"
    _pdf(pdf)
    res, df = _extract(str(pdf), str(documents / "latexml.html"))
    assert res.exit_code == 0, res.output
    assert set(df["paper_id"]) == {"fastmt", "latexml"}
    assert ((df["paper_id"] == "fastmt") & (df["field"] == "table") & (df["value"] == 28.9)).any()


def test_unsafe_and_unreadable_papers_are_one_line_each(documents, tmp_path):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tf:
        info = tarfile.TarInfo("../escape.tex")
        info.size = 5
        tf.addfile(info, io.BytesIO(b"hello"))
    bad_pdf = tmp_path / "scan.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4 not really")
    res = run("extract", str(evil), str(bad_pdf), str(documents / "paper.tex"))
    assert res.exit_code == 1
    lines = [line for line in res.stderr.splitlines() if line.startswith("claimtab:")]
    assert len(lines) == 2 and "climbs out of the archive" in lines[0], res.stderr
    assert "Traceback" not in res.output and "GridNet" in res.stdout  # the good paper is still read


def test_results_view_of_a_paper(documents):
    res = run("table", str(documents / "paper.tex"), "--view", "results")
    assert res.exit_code == 0, res.output
    df = pd.read_csv(io.StringIO(res.stdout))
    assert list(df.columns) == list(views.RESULTS_COLUMNS)
    best = {(r.dataset, r.metric): (r.value, r.field, r.best) for r in df.itertuples()}
    assert best[("COCO", "AP")] == (45.1, "table", "bold")  # the table's bold cell, not the abstract's copy
    assert len(df) == len(best)  # one row per (paper, dataset, metric, method)


def test_results_pick_the_best_own_value_and_leaderboard_ranks_them(documents):
    frame, _ = api.extract_documents([documents / "paper.tex"], leaderboard=False)
    res = views.results(frame)
    lvis = res[(res["dataset"] == "LVIS") & (res["metric"] == "AP")]
    assert list(lvis["value"]) == [27.3] and list(lvis["qualifier"]) == ["average"]
    board = views.leaderboard(frame)
    coco = board[(board["dataset"] == "COCO") & (board["metric"] == "AP")]
    assert list(coco["value"])[:1] == [45.1] and list(coco["rank"])[:1] == [1]


def test_lint_finds_what_the_abstract_claims_and_the_tables_state_otherwise(documents):
    res = run("lint", str(documents / "abstract_vs_body.tex"))
    assert res.exit_code == 0, res.output
    df = pd.read_csv(io.StringIO(res.stdout))
    found = {r.code: r for r in df.itertuples()}
    differs = found["abstract-differs-from-body"]
    assert differs.severity == "warning" and "81.5%" in differs.message and "80.9" in differs.message
    assert "tab:r" in differs.message and differs.claims == "81.5% accuracy | 80.9"  # both pieces of evidence
    assert found["abstract-not-in-body"].claims == "45.1 AP"  # COCO is in no table of this paper


def test_lint_is_silent_when_the_tables_state_the_abstracts_numbers(documents):
    res = run("lint", str(documents / "paper.tex"))
    assert res.exit_code == 0, res.output
    assert "abstract-" not in res.stdout  # 45.1 AP is the bold cell of Table tab:main


def test_check_a_sheet_against_a_tex_paper(documents, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("paper_id,metric,dataset,value\npaper,AP,LVIS,27.3\npaper,AP,COCO,63.2\n", encoding="utf-8")
    res = run("check", str(sheet), "--papers", str(documents / "paper.tex"))
    assert res.exit_code == 0, res.output
    df = pd.read_csv(io.StringIO(res.stdout))
    assert list(df["status"]) == ["confirmed", "confirmed"] and list(df["field"]) == ["table", "table"]


def test_a_mismatch_is_shown_against_the_papers_own_value_so_described(tmp_path):
    """A sheet row of the paper's own FPS on ADE20K that is wrong is held against the own row's
    cell of that column, not a baseline's row nor a cell of another dataset a digit away."""
    from pathlib import Path
    paper = Path(__file__).resolve().parents[1] / "data" / "example_paper.tex"
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("paper_id,metric,dataset,value\nexample_paper,FPS,ADE20K,55\n", encoding="utf-8")
    res = run("check", str(sheet), "--papers", str(paper))
    df = pd.read_csv(io.StringIO(res.stdout))
    assert list(df["status"]) == ["mismatch"]
    assert df["paper_value"][0] == 51.3 and df["field"][0] == "table", res.stdout


def test_render_a_tex_paper(documents, tmp_path):
    out = tmp_path / "page.html"
    res = run("render", str(documents / "paper.tex"), "-o", str(out))
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "Evidence in the body, captions and tables" in page and "not found at its offsets" not in page
    assert "tab:main, row GridNet (ours), column COCO &gt; AP (bold)" in page


def test_a_pdf_without_pdfplumber_is_one_line(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # as if the pdf extra were not installed
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    res = run("extract", str(pdf))
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "needs pdfplumber" in res.stderr and "claimtab[pdf]" in res.stderr


def test_lint_holds_table_cells_against_the_abstract_only(tmp_path):
    tex = tmp_path / "ranks.tex"
    tex.write_text("\\documentclass{article}\\title{RankE: Ranking Entities}\\begin{document}\\maketitle"
                   "\\begin{abstract}RankE reaches 0.35 MRR on FB15k-237.\\end{abstract}"
                   "\\begin{table}\\caption{Link prediction on FB15k-237.}\\begin{tabular}{lcc}\\hline "
                   "Method & MRR & Accuracy \\\\ \\hline TransE~\\cite{t} & 0.29 & 357 \\\\ RankE (ours) & 0.35 & 177 \\\\ "
                   "\\hline\\end{tabular}\\end{table}\\end{document}", encoding="utf-8")
    res = run("lint", str(tex))
    assert res.exit_code == 0, res.output
    assert "percent-over-100" not in res.stdout and "abstract-" not in res.stdout  # 0.35 is in the table


def test_a_paper_past_its_time_budget_is_one_line(documents):
    res = run("extract", str(documents / "paper.tex"), "--time-limit", "0.000001")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "paper 'paper': extraction took over" in res.stderr
