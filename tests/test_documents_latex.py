"""The LaTeX reader on documents written for these tests."""

import io
import tarfile
import zipfile

import pytest

from claimtab.engine.tables import extract_document
from claimtab.io.documents import read_document, read_latex


@pytest.fixture
def paper(documents):
    return read_latex(documents / "paper.tex")


def test_title_abstract_macros(paper):
    assert paper.title == "GridNet: Dense Grids for Object Detection"
    assert "GridNet, a detector" in paper.abstract  # \ours{} expanded, \coconame too
    assert "COCO test-dev" in paper.abstract
    assert "GridNet" in paper.method_names


def test_comments_and_bibliography_are_not_text(paper):
    assert "99.9" not in paper.body
    assert "S. Ren" not in paper.body


def test_sections_in_order_and_table_refs_become_numbers(paper):
    assert [s.heading for s in paper.sections] == ["Introduction", "Experiments", "Results on COCO"]
    assert "As Table 1 shows" in paper.body
    assert "an ablation in Table 2" in paper.body


def test_multilevel_header_multicolumn_marks_and_spread(paper):
    t = paper.tables[0]
    assert t.label == "tab:main" and t.caption.startswith("Comparison with the state of the art")
    assert len(t.header) == 2
    coco = t.header[0][2]
    assert (coco.text, coco.col, coco.colspan) == ("COCO", 2, 2)
    assert t.header[0][0].rowspan == 2
    assert [c.text for c in t.header[1][2:4]] == ["AP", "AP_50"]  # intact math kept as text
    ours = t.body[2]
    assert ours[0].text == "GridNet (ours)"
    assert ours[2].bold and ours[3].bold  # \best{} (a macro around \textbf) and \textbf
    assert ours[4].underline and ours[4].spread == "0.2"
    assert not ours[5].bold
    assert t.body[0][0].cited and not ours[0].cited


def test_score_rows_from_the_table(paper):
    rows = [r for r in extract_document(paper, leaderboard=False) if r["field"] == "table"]
    own = [r for r in rows if r["subject"] is None and r["table"] == "tab:main"]
    got = {(r["dataset"], r["metric"], r["value"]) for r in own}
    assert got == {("COCO", "AP", 45.1), ("COCO", "AP_50", 63.2), ("LVIS", "AP", 27.3), ("LVIS", "AP_50", 41.0)}
    by_value = {r["value"]: r for r in own}
    assert by_value[45.1]["best"] == "bold" and by_value[41.0]["best"] is None
    assert by_value[27.3]["qualifier"] == "average" and by_value[27.3]["best"] == "underline"
    assert by_value[45.1]["condition"] == "Backbone: ResNet-50"
    assert by_value[45.1]["column"] == "COCO > AP"
    baselines = {r["subject"] for r in rows if r["subject"] and r["table"] == "tab:main"}
    assert baselines == {"Faster R-CNN", "RetinaNet"}
    # a row the rules cannot tie to the paper's method keeps its label as subject
    abl = [r for r in rows if r["table"] == "tab:abl"]
    assert {(r["value"], r["unit"], r["dataset"], r["subject"]) for r in abl} == {
        (80.1, "%", "COCO", "4×4"), (82.3, "%", "COCO", "8×8")}  # the dataset from the section heading


def test_every_row_points_at_its_evidence(paper):
    rows = extract_document(paper, leaderboard=False)
    assert rows
    for r in rows:
        assert paper.text_of(r["field"])[r["start"] : r["end"]] == r["text"]


def test_latin1_source_is_read(tmp_path):
    src = ("\\documentclass{article}\\usepackage[latin1]{inputenc}\\title{Caf\u00e9 na\u00efve}"
           "\\begin{document}\\section{R\u00e9sultats}Le mod\u00e8le atteint 91.2\\% de pr\u00e9cision."
           "\\end{document}")
    p = tmp_path / "latin.tex"
    p.write_bytes(src.encode("latin-1"))
    doc = read_latex(p)
    assert doc.title == "Café naïve"
    assert doc.sections[0].heading == "Résultats"
    assert "91.2% de précision" in doc.body


def _archive_members(documents) -> dict[str, bytes]:
    return {name: (documents / name).read_bytes()
            for name in ("main_archive.tex", "results_section.tex", "tables/main.tex")}


def test_tar_archive_with_nested_input(documents, tmp_path):
    p = tmp_path / "2401.00001.tar.gz"
    with tarfile.open(p, "w:gz") as tf:
        for name, data in _archive_members(documents).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    doc = read_document(p)
    assert doc.id == "2401.00001"
    assert doc.title == "TinyViT: Small Vision Transformers"
    assert [s.heading for s in doc.sections] == ["Results"]
    assert doc.tables and doc.tables[0].caption == "Top-1 accuracy on ImageNet."
    own = [r for r in extract_document(doc, leaderboard=False) if r["field"] == "table" and r["subject"] is None]
    assert [(r["value"], r["dataset"], r["metric"]) for r in own] == [(81.5, "ImageNet", "Top-1")]


def test_zip_archive_and_folder(documents, tmp_path):
    p = tmp_path / "paper.zip"
    with zipfile.ZipFile(p, "w") as zf:
        for name, data in _archive_members(documents).items():
            zf.writestr(name, data)
    assert read_document(p).tables[0].label == "tab:in"
    folder = tmp_path / "src"
    for name, data in _archive_members(documents).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    assert read_document(folder).title.startswith("TinyViT")


def test_stripped_math_and_empty_cells():
    tex = (b"\\begin{document}\\begin{table}\\caption{Results on CIFAR-10.}\\begin{tabular}{lcc}\\hline "
           b"Method & Acc & AP \\\\ \\hline Ours & 93.1 &  \\\\ Base\\cite{x} & 90.0 & 50.2 \\\\ \\hline"
           b"\\end{tabular}\\end{table}\\end{document}")
    doc = read_latex(tex)
    rows = [r for r in extract_document(doc, leaderboard=False) if r["field"] == "table"]
    assert {(r["value"], r["subject"]) for r in rows} == {(93.1, None), (90.0, "Base"), (50.2, "Base")}
    assert all(r["dataset"] == "CIFAR-10" for r in rows)


def test_a_row_of_numbers_and_dashes_ends_the_header():
    from claimtab.io.documents.latex_tables import parse_tabular

    rows, nhead = parse_tabular("Model & NQ & TriviaQA \\\\ & EM & EM \\\\ DrQA & - & 29.8 \\\\ \\hline "
                                "RAG & 44.5 & 56.1 \\\\")
    assert nhead == 2 and [c["text"] for c in rows[2]] == ["DrQA", "-", "29.8"]


def test_numbers_repeated_under_each_column_group_are_header():
    from claimtab.io.documents.latex_tables import parse_tabular

    rows, nhead = parse_tabular("Method & \\multicolumn{2}{c}{Top-1} & \\multicolumn{2}{c}{Top-5} \\\\ & 1\\% & 10\\% & "
                                "1\\% & 10\\% \\\\ \\hline SimCLR & 48.3 & 65.6 & 75.5 & 87.8 \\\\")
    assert nhead == 2
