"""The table rules on small LaTeX tables: each test names one shape of table."""

from claimtab.engine.tables import extract_document
from claimtab.io.documents import read_latex


def _doc(table: str, title: str = "A Study", abstract: str = "We study things.", body: str = ""):
    tex = (f"\\documentclass{{article}}\\title{{{title}}}\\begin{{document}}\\begin{{abstract}}{abstract}"
           f"\\end{{abstract}}\\section{{Experiments}}{body}\n{table}\\end{{document}}")
    return read_latex(tex.encode())


def _table_rows(doc, leaderboard=False):
    """Every cell's row (the leaderboard rows are asked for by name)."""
    return [r for r in extract_document(doc, leaderboard=leaderboard) if r["field"] == "table"]


def test_methods_as_columns_are_read_transposed():
    doc = _doc("\\begin{table}\\caption{Accuracy on CIFAR-10 and SVHN.}\\begin{tabular}{lccc}\\toprule "
               "Dataset & ResNet~\\cite{he} & ViT~\\cite{vit} & Ours \\\\ \\midrule CIFAR-10 & 93.0 & 95.1 & "
               "\\textbf{96.2} \\\\ SVHN & 96.0 & 96.5 & \\textbf{97.3} \\\\ \\bottomrule\\end{tabular}\\end{table}")
    own = {(r["dataset"], r["value"]) for r in _table_rows(doc) if r["subject"] is None}
    assert own == {("CIFAR-10", 96.2), ("SVHN", 97.3)}
    assert {r["subject"] for r in _table_rows(doc) if r["subject"]} == {"ResNet", "ViT"}


def test_uncited_rows_are_the_papers_own_in_a_comparison_table():
    doc = _doc("\\begin{table}\\caption{Results on ImageNet.}\\begin{tabular}{lc}\\hline Model & Top-1 \\\\ \\hline "
               "DeiT-S~\\cite{deit} & 79.8 \\\\ Swin-T~\\cite{swin} & 81.3 \\\\ Kite-S & 82.0 \\\\ \\hline"
               "\\end{tabular}\\end{table}", body="Swin-T \\cite{swin} is strong.")
    rows = _table_rows(doc)
    assert {(r["row_label"], r["own"]) for r in rows if r["subject"] is None} == {("Kite-S", "uncited")}


def test_group_rows_name_the_dataset_of_the_rows_below():
    doc = _doc("\\begin{table}\\caption{Recommendation results.}\\begin{tabular}{lc}\\hline Method & Recall@20 \\\\ "
               "\\hline \\multicolumn{2}{c}{MovieLens-20M Dataset} \\\\ WMF\\cite{w} & 0.360 \\\\ RecX (ours) & 0.414 "
               "\\\\ \\multicolumn{2}{c}{Netflix Dataset} \\\\ WMF\\cite{w} & 0.316 \\\\ RecX (ours) & 0.361 \\\\ "
               "\\hline\\end{tabular}\\end{table}")
    own = {(r["dataset"], r["value"]) for r in _table_rows(doc) if r["subject"] is None}
    assert own == {("MovieLens-20M", 0.414), ("Netflix", 0.361)}


def test_header_goes_on_through_text_rows_before_the_numbers():
    doc = _doc("\\begin{table}\\caption{Segmentation results.}\\begin{tabular}{lcccc}\\hline Dataset & "
               "\\multicolumn{2}{c}{Kvasir-SEG} & \\multicolumn{2}{c}{CVC-ClinicDB} \\\\ \\hline Metric & mDice & mIoU & "
               "mDice & mIoU \\\\ U-Net\\cite{u} & 0.82 & 0.75 & 0.85 & 0.77 \\\\ PolyX (ours) & 0.94 & 0.89 & 0.95 & "
               "0.90 \\\\ \\hline\\end{tabular}\\end{table}")
    t = doc.tables[0]
    assert len(t.header) == 2
    own = {(r["dataset"], r["metric"], r["value"]) for r in _table_rows(doc) if r["subject"] is None}
    assert ("CVC-ClinicDB", "mIoU", 0.90) in own and len(own) == 4


def test_not_a_results_table_gives_no_rows():
    doc = _doc("\\begin{table}\\caption{Statistics of the datasets.}\\begin{tabular}{lcc}\\hline Dataset & Train & "
               "Test \\\\ \\hline CIFAR-10 & 50000 & 10000 \\\\ \\hline\\end{tabular}\\end{table}")
    assert _table_rows(doc) == []


def test_leaderboard_mode_keeps_the_best_own_value_of_comparison_tables():
    main = ("\\begin{table}\\caption{Results on COCO.}\\begin{tabular}{lc}\\hline Method & AP \\\\ \\hline "
            "RetinaNet~\\cite{r} & 39.1 \\\\ GridNet & 43.0 \\\\ + multi-scale & \\textbf{45.1} \\\\ \\hline"
            "\\end{tabular}\\end{table}")
    ablation = ("\\begin{table}\\caption{Ablation on COCO.}\\begin{tabular}{lc}\\hline Variant & AP \\\\ \\hline "
                "GridNet w/o grid & 40.2 \\\\ GridNet & 45.1 \\\\ \\hline\\end{tabular}\\end{table}")
    doc = _doc(main + ablation, title="GridNet: Grids", abstract="We obtain 45.1 AP on COCO.")
    every = [r for r in _table_rows(doc) if r["subject"] is None]
    assert {r["value"] for r in every} == {43.0, 45.1, 40.2}
    board = [r for r in extract_document(doc) if r["kind"] == "score" and r["subject"] is None
             and r["field"] == "table"]
    assert sorted((r["value"], r["table"]) for r in board) == [(43.0, "1"), (45.1, "1")]


def test_leaderboard_mode_lists_each_own_model_and_the_best_of_its_ablations():
    doc = _doc("\\begin{table}\\caption{Results on CelebA.}\\begin{tabular}{lc}\\hline Model & FID \\\\ \\hline "
               "StyleGAN~\\cite{s} & 5.1 \\\\ DiffX-B (ours) & 4.2 \\\\ DiffX-L (ours) & 3.9 \\\\ DiffX-L w/o EMA (ours) & "
               "3.7 \\\\ DiffX-L w/o noise (ours) & 4.4 \\\\ \\hline\\end{tabular}\\end{table}")
    board = [r for r in extract_document(doc) if r["field"] == "table" and r["subject"] is None]
    assert sorted(r["value"] for r in board) == [3.7, 3.9, 4.2]  # FID: the lower the better

def test_header_shapes_name_their_metrics():
    prf = ("\\begin{table}\\caption{Detection results on Total-Text.}\\begin{tabular}{lcccc}\\hline Method & P & R & F & "
           "FPS \\\\ \\hline EAST~\\cite{e} & 80.1 & 70.2 & 74.8 & 10.0 \\\\ KiteDet (ours) & 88.0 & 81.0 & 84.4 & 50.2 \\\\ "
           "\\hline\\end{tabular}\\end{table}")
    doc = _doc(prf, abstract="KiteDet runs at 50 FPS.")
    own = {r["metric"]: r["value"] for r in _table_rows(doc) if r["subject"] is None}
    assert own == {"Precision": 88.0, "Recall": 81.0, "F-measure": 84.4, "FPS": 50.2}
    coco = ("\\begin{table}\\caption{Results on COCO test-dev.}\\begin{tabular}{lcccccc}\\hline Method & AP & AP & AP & "
            "AP & AP & AP \\\\ \\hline RetinaNet~\\cite{r} & 39.1 & 59.1 & 42.3 & 21.8 & 42.7 & 50.2 \\\\ GridDet (ours) & "
            "45.0 & 64.0 & 49.0 & 27.0 & 48.0 & 57.0 \\\\ \\hline\\end{tabular}\\end{table}")
    own = {r["metric"]: r["value"] for r in _table_rows(_doc(coco)) if r["subject"] is None}
    assert own == {"AP": 45.0, "AP50": 64.0, "AP75": 49.0, "APS": 27.0, "APM": 48.0, "APL": 57.0}


def test_rank_columns_and_abbreviations_beside_lexicon_metrics_are_metrics():
    doc = _doc("\\begin{table}\\caption{Results on Market-1501.}\\begin{tabular}{lccc}\\hline Method & mAP & R-1 & R-5 "
               "\\\\ \\hline PCB~\\cite{p} & 77.4 & 92.3 & 97.2 \\\\ ReidX (ours) & 80.0 & 94.0 & 98.0 \\\\ \\hline"
               "\\end{tabular}\\end{table}")
    own = {r["metric"]: r["value"] for r in _table_rows(doc) if r["subject"] is None}
    assert own == {"mAP": 80.0, "Rank-1": 94.0, "Rank-5": 98.0}
    doc = _doc("\\begin{table}\\caption{Speech enhancement on VoiceBank.}\\begin{tabular}{lccc}\\hline Method & PESQ & "
               "CSIG & COVL \\\\ \\hline MetricGAN~\\cite{m} & 2.86 & 3.99 & 3.36 \\\\ DenoX (ours) & 3.35 & 4.43 & 3.92 "
               "\\\\ \\hline\\end{tabular}\\end{table}")
    own = {r["metric"]: r["value"] for r in _table_rows(doc) if r["subject"] is None}
    assert own == {"PESQ": 3.35, "CSIG": 4.43, "COVL": 3.92}


def test_a_class_breakdown_beside_a_metric_column_stays_out():
    doc = _doc("\\begin{table}\\caption{Results on PASCAL VOC 2007.}\\begin{tabular}{lccc}\\hline Method & mAP & Car & "
               "Person \\\\ \\hline SSD~\\cite{s} & 77.2 & 80.1 & 79.0 \\\\ BoxX (ours) & 80.0 & 82.0 & 81.0 \\\\ \\hline"
               "\\end{tabular}\\end{table}")
    assert {r["metric"] for r in _table_rows(doc) if r["subject"] is None} == {"mAP"}


def test_group_headers_leaves_beside_benchmarks_and_benchmark_settings_name_datasets():
    doc = _doc("\\begin{table}\\caption{Word accuracy of scene text recognition.}\\begin{tabular}{lccc}\\hline Method & "
               "\\multicolumn{3}{c}{Irregular} \\\\ & SVTP & IC15 & CUTE \\\\ \\hline ASTER~\\cite{a} & 78.5 & 76.1 & 79.5 "
               "\\\\ TextX (ours) & 88.0 & 85.0 & 92.0 \\\\ \\hline\\end{tabular}\\end{table}")
    assert {(r["dataset"], r["value"]) for r in _table_rows(doc) if r["subject"] is None} == {
        ("SVTP", 88.0), ("IC15", 85.0), ("CUTE", 92.0)}
    doc = _doc("\\begin{table}\\caption{Few-shot classification accuracy on ModelNet40.}\\begin{tabular}{lcc}\\hline & "
               "\\multicolumn{2}{c}{5-way} \\\\ & 10-shot & 20-shot \\\\ \\hline Point-BERT~\\cite{p} & 94.6 & 96.3 \\\\ "
               "PointX (ours) & 96.0 & 97.2 \\\\ \\hline\\end{tabular}\\end{table}")
    assert {(r["dataset"], r["value"]) for r in _table_rows(doc) if r["subject"] is None} == {
        ("ModelNet40 (5-way 10-shot)", 96.0), ("ModelNet40 (5-way 20-shot)", 97.2)}


def test_corner_header_names_the_benchmark_and_a_number_row_above_the_rule_is_body():
    macro = "\\newcommand{\\thickhline}{\\noalign {\\ifnum 0=`}\\fi \\hrule height 1pt \\futurelet \\reserved@a \\@xhline}"
    doc = _doc(macro + "\\begin{table}\\caption{Pose results on H3.6M and MPI-INF-3DHP.}\\begin{tabular}{lcc}"
               "\\thickhline MPI-INF-3DHP & PCK & AUC \\\\ Real data & 99.0 & 90.0 \\\\ \\hline Mehta~\\cite{m} & 75.7 & "
               "39.3 \\\\ PoseX (ours) & 76.9 & 41.1 \\\\ \\thickhline\\end{tabular}\\end{table}")
    t = doc.tables[0]
    assert [c.text for c in t.header[0]] == ["MPI-INF-3DHP", "PCK", "AUC"] and len(t.header) == 1
    own = {(r["dataset"], r["metric"], r["value"]) for r in _table_rows(doc) if r["subject"] is None}
    assert own == {("MPI-INF-3DHP", "PCK", 76.9), ("MPI-INF-3DHP", "AUC", 41.1)}


def test_metric_families_and_slash_cells():
    doc = _doc("\\begin{table}\\caption{Summarization on SAMSum.}\\begin{tabular}{lc}\\hline Model & ROUGE-1/2/L \\\\ "
               "\\hline BART~\\cite{b} & 52.6/27.3/48.1 \\\\ SumX (ours) & 55.1/30.6/50.9 \\\\ \\hline\\end{tabular}"
               "\\end{table}")
    own = {r["metric"]: r["value"] for r in _table_rows(doc) if r["subject"] is None}
    assert own == {"ROUGE-1": 55.1, "ROUGE-2": 30.6, "ROUGE-L": 50.9}
    doc = _doc("\\begin{table}\\caption{Link prediction on FB15k-237.}\\begin{tabular}{lccc}\\hline Model & Valid MRR & "
               "Hits@3 & mMR \\\\ \\hline TransE~\\cite{t} & 0.29 & 0.33 & 40.0 \\\\ LinkX (ours) & 0.36 & 0.40 & 30.0 \\\\ "
               "\\hline\\end{tabular}\\end{table}")
    own = {r["metric"]: r["value"] for r in _table_rows(doc) if r["subject"] is None}
    assert own == {"Validation MRR": 0.36, "Hits@3": 0.40, "mMR": 30.0}


def test_leaderboard_mode_reads_the_average_of_a_breakdown_and_names_the_caption_benchmarks_categories():
    actions = " & ".join(["Dir.", "Disc.", "Eat", "Greet", "Phone"])
    doc = _doc("\\begin{table}\\caption{MPJPE on Human3.6M.}\\begin{tabular}{lcccccc}\\hline Method & " + actions
               + " & Avg. \\\\ \\hline VideoPose~\\cite{v} & 45.2 & 46.7 & 43.3 & 45.6 & 48.1 & 46.8 \\\\ PoseX (ours) & 40.1 "
               "& 41.0 & 39.9 & 40.5 & 42.2 & 40.3 \\\\ \\hline\\end{tabular}\\end{table}")
    board = [r for r in extract_document(doc) if r["field"] == "table" and r["subject"] is None]
    assert [(r["column"], r["value"]) for r in board] == [("Avg.", 40.3)]
    assert len([r for r in _table_rows(doc) if r["subject"] is None]) == 6  # every cell is still there
    doc = _doc("\\begin{table}\\caption{Manipulation detection on FakeAVCeleb.}\\begin{tabular}{lcccc}\\hline & "
               "\\multicolumn{2}{c}{RVFA} & \\multicolumn{2}{c}{AVG-FV} \\\\ Method & AP & AUC & AP & AUC \\\\ \\hline "
               "Xception~\\cite{x} & 70.1 & 71.0 & 84.8 & 85.3 \\\\ Ours & 62.4 & 71.6 & 94.2 & 94.5 \\\\ \\hline"
               "\\end{tabular}\\end{table}")
    assert {(r["dataset"], r["metric"], r["value"]) for r in _table_rows(doc) if r["subject"] is None} == {
        ("FakeAVCeleb (RVFA)", "AP", 62.4), ("FakeAVCeleb (RVFA)", "AUC", 71.6), ("FakeAVCeleb", "AP", 94.2),
        ("FakeAVCeleb", "AUC", 94.5)}  # the average over categories is the benchmark itself


def test_a_table_of_benchmark_columns_takes_its_metric_from_the_text_and_a_label_can_name_the_benchmark():
    doc = _doc("\\begin{table}\\caption{Scene text recognition.}\\label{tab:main}\\begin{tabular}{lcc}\\hline Method & "
               "IIIT5k & SVT \\\\ \\hline ASTER~\\cite{a} & 93.4 & 89.5 \\\\ TextX (ours) & 95.8 & 94.1 \\\\ \\hline"
               "\\end{tabular}\\end{table}", abstract="TextX improves word accuracy on six benchmarks.",
               body="Table \\ref{tab:main} compares the word accuracy of TextX with prior work.")
    assert {(r["dataset"], r["metric"], r["value"]) for r in _table_rows(doc) if r["subject"] is None} == {
        ("IIIT5k", "accuracy", 95.8), ("SVT", "accuracy", 94.1)}
    doc = _doc("\\begin{table}\\caption{Entropy in bits per character (BPC) on the test set.}\\label{tab:text8}"
               "\\begin{tabular}{lc}\\hline Model & BPC \\\\ \\hline mLSTM~\\cite{m} & 1.40 \\\\ RHN (ours) & 1.27 \\\\ \\hline"
               "\\end{tabular}\\end{table}")
    assert {(r["dataset"], r["value"]) for r in _table_rows(doc) if r["subject"] is None} == {("text8", 1.27)}


def test_a_generic_header_metric_yields_to_the_captions_and_a_caption_may_start_with_the_benchmark():
    doc = _doc("\\begin{table}\\caption{Hutter Prize dataset test error in bits/char.}\\begin{tabular}{lc}\\hline "
               "Architecture & test set error \\\\ \\hline MI-LSTM~\\cite{m} & 1.44 \\\\ mLSTM (ours) & 1.24 \\\\ \\hline"
               "\\end{tabular}\\end{table}")
    assert {(r["dataset"], r["metric"], r["value"]) for r in _table_rows(doc) if r["subject"] is None} == {
        ("Hutter Prize dataset", "bits per character (BPC)", 1.24)}


def test_a_dataset_paper_reports_every_row_on_its_own_benchmark():
    doc = _doc("\\begin{table}\\caption{Results on the Tldr9+ test set.}\\begin{tabular}{lc}\\hline Model & RG-1 \\\\ "
               "\\hline BertSumExt & 30.26 \\\\ BART~\\cite{b} & 23.59 \\\\ \\hline\\end{tabular}\\end{table}",
               title="Tldr9+: A Large Scale Resource for Extreme Summarization")
    rows = _table_rows(doc)
    assert {(r["row_label"], r["subject"]) for r in rows} == {("BertSumExt", None), ("BART", None)}
    assert [r["own"] for r in rows if r["row_label"] == "BART"] == ["benchmark-paper"]  # cited, yet run by the paper
    board = [r for r in extract_document(doc) if r["field"] == "table"]
    assert sorted(r["value"] for r in board) == [23.59, 30.26]  # each method it ran is an entry


def test_a_slash_cell_under_one_metric_holds_two_settings_a_leaderboard_keeps_apart():
    doc = _doc("\\begin{table}\\caption{Single-scale and multi-scale results on COCO, respectively.}\\begin{tabular}{lc}"
               "\\hline Method & AP \\\\ \\hline CenterNet~\\cite{c} & 40.3 / 42.1 \\\\ GridDet (ours) & 43.0 / 46.1 \\\\ "
               "\\hline\\end{tabular}\\end{table}")
    board = [r for r in extract_document(doc) if r["field"] == "table" and r["subject"] is None]
    assert sorted((r["column"], r["value"]) for r in board) == [("AP [1 of 2]", 43.0), ("AP [2 of 2]", 46.1)]


def test_short_names_under_a_caption_about_several_datasets_are_datasets():
    doc = _doc("\\begin{table}\\caption{Test accuracy of different models on text classification datasets.}"
               "\\begin{tabular}{lccc}\\hline Model & 20NG & R8 & MR \\\\ \\hline TextGCN~\\cite{t} & 86.3 & 97.1 & 76.7 \\\\ "
               "GraphX (ours) & 89.5 & 98.2 & 89.7 \\\\ \\hline\\end{tabular}\\end{table}")
    assert {(r["dataset"], r["metric"], r["value"]) for r in _table_rows(doc) if r["subject"] is None} == {
        ("20NG", "Test accuracy", 89.5), ("R8", "Test accuracy", 98.2), ("MR", "Test accuracy", 89.7)}


def test_the_default_is_leaderboard_mode():
    main = ("\\begin{table}\\caption{Results on COCO.}\\begin{tabular}{lc}\\hline Method & AP \\\\ \\hline "
            "RetinaNet~\\cite{r} & 39.1 \\\\ GridDet (ours) & 45.0 \\\\ \\hline\\end{tabular}\\end{table}")
    ablation = ("\\begin{table}\\caption{Ablation on COCO.}\\begin{tabular}{lc}\\hline Variant & AP \\\\ \\hline "
                "GridDet w/o grid (ours) & 43.0 \\\\ GridDet (ours) & 45.0 \\\\ \\hline\\end{tabular}\\end{table}")
    doc = _doc(main + ablation)
    assert [r["value"] for r in extract_document(doc) if r["field"] == "table" and r["subject"] is None] == [45.0]
    assert sorted(r["value"] for r in _table_rows(doc) if r["subject"] is None) == [43.0, 45.0, 45.0]


def test_usual_metric_names_and_a_paper_wide_metric_for_benchmark_columns():
    from claimtab.engine.tables.naming import find_metric

    assert find_metric("BPC") == "bits per character (BPC)" and find_metric("Test BPC") == "Test bits per character (BPC)"
    assert find_metric("mDice") == "mean Dice"
    other = ("\\begin{table}\\caption{Ablation.}\\begin{tabular}{lc}\\hline Method & PCK@0.1 \\\\ \\hline A & 80.1 \\\\ "
             "\\hline\\end{tabular}\\end{table}")
    main = ("\\begin{table}\\caption{Comparison with the state of the art.}\\begin{tabular}{lcc}\\hline Methods & "
            "PF-PASCAL & SPair-71k \\\\ \\hline NC-Net~\\cite{n} & 78.9 & 26.4 \\\\ MatchX (ours) & 88.7 & 30.1 \\\\ \\hline"
            "\\end{tabular}\\end{table}")
    doc = _doc(main + other)
    assert {(r["dataset"], r["metric"]) for r in _table_rows(doc) if r["subject"] is None and r["table"] == "1"} == {
        ("PF-PASCAL", "PCK@0.1"), ("SPair-71k", "PCK@0.1")}
