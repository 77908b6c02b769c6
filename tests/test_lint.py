"""``claimtab lint``: each rule on hand-built claims, sentence rules on real text, the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtab.cli.app import app
from claimtab.frame import claims_frame
from claimtab.lint import (
    FINDING_COLUMNS,
    findings_frame,
    is_share_metric,
    lint,
    lint_paper,
    respectively_counts,
)
from claimtab.model import Paper

runner = CliRunner()


def claim(text: str, source: str | None = None, **kw) -> dict:
    """A claims-table row; offsets are found in ``source`` when given."""
    start = source.index(text) if source else 0
    row = {"paper_id": "p", "kind": "score", "value": 1.0, "unit": "%", "text": text, "start": start,
           "end": start + len(text), "field": "abstract"}
    row.update(kw)
    return row


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def run_lint(rows: list[dict], abstract: str = "") -> list:
    texts = {"title": "", "abstract": abstract} if abstract else None
    return lint_paper("p", rows, texts)


# --------------------------------------------------------------------------- impossible values


@pytest.mark.parametrize(
    "row, code, severity",
    [
        (claim("120% accuracy", value=120.0, metric="accuracy"), "percent-over-100", "error"),
        (claim("95-130%", value=95.0, value_max=130.0, metric="success rate"), "percent-over-100", "error"),
        (claim("reduces memory by 150%", kind="reduction", value=150.0), "percent-over-100", "error"),
        (claim("accuracy of 812", value=812.0, unit="", metric="accuracy"), "percent-over-100", "error"),
        (claim("-3M parameters", kind="params", value=-3e6, unit="count"), "negative-value", "error"),
        (claim("-500 images", kind="data_size", value=-500.0, unit="count"), "negative-value", "error"),
        (claim("reduces FLOPs by -20%", kind="reduction", value=-20.0), "negative-reduction", "error"),
        (claim("0.8x speedup", kind="speedup", value=0.8, unit="x"), "speedup-below-1", "warning"),
        (claim("0.5x smaller", kind="reduction", value=0.5, unit="x"), "reduction-below-1", "warning"),
    ],
)
def test_impossible_values(row, code, severity):
    found = run_lint([row])
    assert codes(found) == [code]
    assert found[0].severity == severity
    assert found[0].claims == row["text"] and found[0].start == row["start"] and found[0].end == row["end"]


@pytest.mark.parametrize(
    "row",
    [
        claim("99.9% accuracy", value=99.9, metric="accuracy"),
        claim("131% faster", kind="speedup", value=131.0),  # a speedup may exceed 100%
        claim("38% relative improvement", kind="delta", value=138.0, metric="relative improvement"),
        claim("150% of human normalized score", value=150.0, metric="human normalized score"),
        claim("FID of 312", value=312.0, unit="", metric="FID"),
        claim("error of 438", value=438.0, unit="", metric="error"),
        claim("0.33% drop", kind="delta", value=-0.33),  # a signed delta may be negative
        claim("1.5x speedup", kind="speedup", value=1.5, unit="x"),
    ],
)
def test_possible_values_pass(row):
    assert run_lint([row]) == []


def test_is_share_metric():
    assert is_share_metric("top-1 accuracy") and is_share_metric("F1 score") and is_share_metric("mIoU")
    assert not is_share_metric("FID") and not is_share_metric("BLEU") and not is_share_metric("human normalized score")
    assert not is_share_metric(None)


# --------------------------------------------------------------------------- conflicting scores

TWO_SENTENCES = "Our model reaches 81.5% top-1 accuracy on ImageNet. With more data it reaches 83.0% top-1 accuracy on ImageNet."


def _score(text, source, value, **kw):
    return claim(text, source, value=value, metric="top-1 accuracy", dataset="ImageNet", **kw)


def test_conflicting_scores():
    rows = [_score("81.5%", TWO_SENTENCES, 81.5), _score("83.0%", TWO_SENTENCES, 83.0)]
    found = run_lint(rows, TWO_SENTENCES)
    assert codes(found) == ["conflicting-scores"]
    f = found[0]
    assert f.severity == "warning" and "81.5%" in f.message and "83%" in f.message
    assert f.claims == "81.5% | 83.0%"
    assert (f.start, f.end) == (TWO_SENTENCES.index("81.5%"), TWO_SENTENCES.index("83.0%") + 5)


@pytest.mark.parametrize(
    "source, extra",
    [
        ("Top-1 accuracy on ImageNet rises from 81.5% to 83.0%.", {}),  # before/after
        ("We reach 81.5% and 83.0% on ImageNet and ImageNet-V2.", {}),  # one sentence: a list
        (TWO_SENTENCES, {"condition": "ViT-L"}),  # another setting
        (TWO_SENTENCES, {"subject": "the baseline"}),  # another system
        (TWO_SENTENCES, {"qualifier": "up_to"}),  # another statistic
    ],
)
def test_not_conflicting(source, extra):
    rows = [_score("81.5%", source, 81.5), _score("83.0%", source, 83.0, **extra)]
    assert run_lint(rows, source) == []


def test_conflicts_without_text_use_offsets():
    far = [_score("81.5%", None, 81.5, start=0, end=5), _score("83.0%", None, 83.0, start=400, end=405)]
    near = [_score("81.5%", None, 81.5, start=0, end=5), _score("83.0%", None, 83.0, start=20, end=25)]
    assert codes(run_lint(far)) == ["conflicting-scores"]
    assert run_lint(near) == []


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    "sentence, n_values, lists",
    [
        ("It surpasses A, B and C by 87%, 131% and 55%, respectively.", 3, [3]),
        ("It surpasses A, B, C and D by 87%, 131% and 55%, respectively.", 3, [4]),
        ("We get F1 scores of 0.75, 0.89 and 0.94 on MAIM, Flickr30K and MS COCO, respectively.", 3, [3]),
        ("It brought 2.8\\% and 9.1\\% improvement respectively on Entity Recognition and Relation Extraction.", 2, [2]),
        ("We reach $54.0\\%$, $35.3\\%$, and $12.9\\%$ on L0, L1, and L2, respectively.", 3, [3]),
    ],
)
def test_respectively_counts(sentence, n_values, lists):
    counts = respectively_counts(sentence)
    assert counts is not None
    assert counts[0] == n_values and counts[1] == lists


def test_respectively_finding():
    bad = "Our method surpasses A, B, C and D by 87%, 131% and 55%, respectively. It is fast."
    found = run_lint([claim("87%", bad, kind="speedup", value=87.0)], bad)
    assert codes(found) == ["respectively-count"]
    assert "3 values" in found[0].message and "4 names" in found[0].message
    assert (found[0].start, found[0].end) == (0, bad.index(" It is"))
    good = "Our method surpasses A, B and C by 87%, 131% and 55%, respectively."
    assert run_lint([], good) == []
    vague = "On three datasets, IMDB, Yelp13, and Yelp14, our model gains 0.6%, 1.2%, and 0.9%, respectively."
    assert run_lint([], vague) == []


@pytest.mark.parametrize(
    "source, text, metric, flagged",
    [
        ("It improves top-1 accuracy by 4.4% over the baseline.", "4.4%", "top-1 accuracy", True),
        ("It improves top-1 accuracy by 4.4 points over the baseline.", "4.4", "top-1 accuracy", False),
        ("It gives a 4.4% relative improvement in accuracy.", "4.4%", "accuracy", False),
        ("It gives an absolute gain of 4.4% in accuracy.", "4.4%", "accuracy", False),
        ("It improves BLEU by 4.4%.", "4.4%", "BLEU", False),  # BLEU is not a percentage
    ],
)
def test_percent_basis(source, text, metric, flagged):
    found = run_lint([claim(text, source, kind="delta", value=4.4, metric=metric)], source)
    assert codes(found) == (["percent-basis"] if flagged else [])
    if flagged:
        assert found[0].severity == "info"


def test_percent_basis_from_the_papers_own_scores():
    source = "We reach 70% win rate. Our tuning raises the win rate by 12%."
    rows = [claim("70%", source, value=70.0, metric="win rate"),
            claim("12%", source, kind="delta", value=12.0, metric="win rate")]
    assert codes(run_lint(rows, source)) == ["percent-basis"]


@pytest.mark.parametrize(
    "source, flagged",
    [
        ("We propose XNet. Code will be made publicly available.", True),
        ("We propose XNet. We will release data, models, and code on GitHub.", True),
        ("We propose XNet. The code will be released upon acceptance.", True),
        ("We propose XNet. Code is available at https://github.com/a/b.", False),
        ("We propose XNet. Code will be available at https://github.com/a/b.", False),
        ("We propose XNet, which will be further improved upon in forthcoming papers.", False),
        ("We propose XNet. It will be available to practitioners soon, we hope.", False),  # nothing to release named
    ],
)
def test_code_promised(source, flagged):
    rows = []
    if "https://" in source:
        url = source[source.index("https://"):].rstrip(".")
        rows = [claim(url, source, kind="code_url", value=None, unit="", url=url, status="released")]
    found = run_lint(rows, source)
    assert codes(found) == (["code-promised"] if flagged else [])
    if flagged:
        assert source[found[0].start:found[0].end].startswith(("Code", "We will", "The code"))


def test_lint_covers_papers_without_claims_and_orders_findings():
    papers = {"a": Paper(id="a", abstract="Code will be released soon."), "b": Paper(id="b", abstract="Nothing here.")}
    frame = claims_frame([
        claim("0.8x", kind="speedup", value=0.8, unit="x", paper_id="c"),
        claim("-3 images", kind="data_size", value=-3.0, unit="count", paper_id="c", start=10, end=19),
    ])
    found = lint(frame, papers)
    assert [(f.paper_id, f.severity) for f in found] == [("a", "info"), ("c", "error"), ("c", "warning")]
    table = findings_frame(found)
    assert list(table.columns) == list(FINDING_COLUMNS)
    assert str(table["start"].dtype) == "Int64"


# --------------------------------------------------------------------------- the command


def jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


PAPERS = [
    {"id": "1", "title": "A", "abstract": "It improves top-1 accuracy by 4.4% on ImageNet. Code will be released soon."},
    {"id": "2", "title": "B", "abstract": "It surpasses A, B, C and D by 87%, 131% and 55%, respectively."},
    {"id": "3", "title": "C", "abstract": "It is 2.5x faster. Code: https://github.com/a/b."},
]


def test_cli_papers(tmp_path):
    src = jsonl(tmp_path / "p.jsonl", PAPERS)
    res = runner.invoke(app, ["lint", str(src)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0]) == list(FINDING_COLUMNS)
    got = {(r["paper_id"], r["code"]) for r in rows}
    assert got == {("1", "percent-basis"), ("1", "code-promised"), ("2", "respectively-count")}
    assert "3 findings in 3 papers" in res.stderr


def test_cli_claims_table_strict_and_formats(tmp_path):
    table = tmp_path / "claims.csv"
    claims_frame([claim("120% accuracy", value=120.0, metric="accuracy")]).to_csv(table, index=False)
    res = runner.invoke(app, ["lint", str(table)])
    assert res.exit_code == 0, res.output
    assert "percent-over-100" in res.stdout and "1 error" in res.stderr
    res = runner.invoke(app, ["lint", str(table), "--strict"])
    assert res.exit_code == 1
    for ext in ("jsonl", "xlsx", "parquet", "md"):
        out = tmp_path / f"findings.{ext}"
        res = runner.invoke(app, ["lint", str(table), "-o", str(out)])
        assert res.exit_code == 0 and out.is_file(), res.output


def test_cli_strict_passes_without_errors(tmp_path):
    src = jsonl(tmp_path / "p.jsonl", PAPERS)
    assert runner.invoke(app, ["lint", str(src), "--strict"]).exit_code == 0


def test_cli_bad_input(tmp_path):
    res = runner.invoke(app, ["lint", str(tmp_path / "missing.jsonl")])
    assert res.exit_code == 2 and "no such file" in res.stderr and "Traceback" not in res.output
    src = jsonl(tmp_path / "p.jsonl", PAPERS)
    res = runner.invoke(app, ["lint", str(src), "-o", str(tmp_path / "out.docx")])
    assert res.exit_code == 2 and "Traceback" not in res.output
