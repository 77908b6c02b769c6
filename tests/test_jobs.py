"""Every core: ``--jobs N`` gives the bytes of ``--jobs 1``, in every format, with the problems
of the records reported in input order; rows are written as they come."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from claimtab import api, jobs
from claimtab.frame import claims_frame
from claimtab.io import writers
from claimtab.io.formats import TABLE_FORMATS
from claimtab.io.tables import read_table
from claimtab.io.writers import stream_table, write_table
from test_cli import run

SENTENCES = [
    "Our model{i} is {a}.5x faster than SST on an NVIDIA A100 GPU.",
    "It reaches {b}.{a}% top-1 accuracy on ImageNet and {a}1.2 BLEU on WMT14 English-German.",
    "We train on {a}M images with {b}B parameters, using {a}0% less memory than FlashAttention-2.",
    "Code is available at https://github.com/lab{i}/model{i}.",
    "The latency drops to {a} ms per image, a {b}% reduction.",
]


def abstract(i: int) -> str:
    """A made-up abstract; papers differ in which sentences they have."""
    picked = [s for k, s in enumerate(SENTENCES) if (i >> k) & 1 or k == i % 5]
    return " ".join(s.format(i=i, a=i % 9 + 1, b=i % 7 + 2) for s in picked)


def papers_file(path: Path, n: int = 300, bad_at: tuple[int, ...] = ()) -> Path:
    lines = []
    for i in range(n):
        if i in bad_at:
            lines.append('{"id": "broken", "abstract": ' if i % 2 else json.dumps({"id": f"long{i}", "abstract": "1, " * 600}))
        else:
            lines.append(json.dumps({"id": f"p{i}", "title": f"Model{i}: fast things", "abstract": abstract(i)}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    # bad records at both ends and inside the chunks: some the reader refuses (broken JSON),
    # some the extractor does (a sentence past the numbers limit)
    return papers_file(tmp_path_factory.mktemp("jobs") / "papers.jsonl", bad_at=(0, 3, 64, 130, 131, 299))


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_two_jobs_write_the_bytes_of_one(source: Path, tmp_path: Path, fmt: str) -> None:
    outs, errs = [], []
    for n in ("1", "2"):
        (tmp_path / n).mkdir()
        out = tmp_path / n / f"claims.{fmt}"
        res = run("extract", source, "-o", out, "--jobs", n, "--no-progress")
        assert res.exit_code == 1, res.stderr  # the bad records
        outs.append(out.read_bytes())
        errs.append(res.stderr)
    assert outs[0] == outs[1]
    assert errs[0].replace(f"{tmp_path}/1", "") == errs[1].replace(f"{tmp_path}/2", "")
    lines = errs[0].splitlines()
    assert [line.split(": ", 2)[1] for line in lines[:-1]] == [f"{source}:{k + 1}" for k in (0, 3, 64, 130, 131, 299)]
    assert lines[-1].endswith("; 6 bad record(s) skipped")


def test_the_rows_are_those_of_the_api(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.parquet"
    assert run("extract", source, "-o", out, "--jobs", "2").exit_code == 1
    from claimtab.io.papers import read_papers

    expected = claims_frame(api.extract(read_papers([source], problems=[])))
    got = read_table(out)
    assert len(got) > 1000
    pd.testing.assert_frame_equal(got, expected)


def test_stdout_and_strict_with_jobs(source: Path) -> None:
    one, two = run("extract", source, "--jobs", "1"), run("extract", source, "--jobs", "2")
    assert one.stdout == two.stdout and one.stdout.count("\n") > 1000
    # strict: the first bad record in input order stops the run, whoever finds it
    for n in ("1", "2"):
        line = run("extract", source, "--jobs", n, "--strict", "--no-progress").one_line_error()
        assert f"{source}:1:" in line


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_a_bad_jobs_is_one_line(value: str, source: Path) -> None:
    assert "--jobs takes a number of worker processes" in run("extract", source, "--jobs", value).one_line_error()


def test_the_pool_keeps_order_whatever_finishes_first(source: Path) -> None:
    from claimtab.io.papers import read_papers

    held: list = []
    problems: list = []
    with jobs.Pool(2, None) as pool:
        chunks = list(jobs.run_rows(read_papers([source], problems=held), jobs=2, held=held, problems=problems,
                                    pool=pool))
    rows = [r for chunk in chunks for r in chunk]
    held2: list = []
    problems2: list = []
    alone = [r for chunk in jobs.run_rows(read_papers([source], problems=held2), jobs=1, held=held2,
                                          problems=problems2) for r in chunk]
    assert rows == alone and [str(p) for p in problems] == [str(p) for p in problems2]
    assert len(problems) == 6


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_a_table_streamed_in_batches_is_the_table_written_at_once(tmp_path: Path, fmt: str, monkeypatch) -> None:
    monkeypatch.setattr(writers, "PARQUET_ROW_GROUP", 50)  # several row groups, the last one short
    from claimtab.model import Paper

    papers = [Paper(id=f"p{i}", title=f"T{i}", abstract=abstract(i)) for i in range(60)]
    frame = claims_frame(api.extract(papers))
    assert len(frame) > 120
    for data, tag in ((frame, "all"), (frame.iloc[:0], "empty")):
        write_table(data, tmp_path / f"a-{tag}.{fmt}")
        with stream_table(tmp_path / f"b-{tag}.{fmt}") as table:
            for i in range(0, max(len(data), 1), 37):  # the first batch, even empty, gives the columns
                table.write(data.iloc[i : i + 37])
        if fmt == "parquet":  # row groups differ; the table read back does not
            pd.testing.assert_frame_equal(read_table(tmp_path / f"b-{tag}.{fmt}"), read_table(tmp_path / f"a-{tag}.{fmt}"))
        else:
            assert (tmp_path / f"b-{tag}.{fmt}").read_bytes() == (tmp_path / f"a-{tag}.{fmt}").read_bytes()


def test_parquet_row_groups_do_not_depend_on_the_batches(tmp_path: Path, monkeypatch) -> None:
    import pyarrow.parquet as pq

    monkeypatch.setattr(writers, "PARQUET_ROW_GROUP", 40)
    from claimtab.model import Paper

    frame = claims_frame(api.extract([Paper(id=f"p{i}", abstract=abstract(i)) for i in range(40)]))
    files = []
    for step in (7, 33, len(frame)):
        path = tmp_path / f"s{step}.parquet"
        with stream_table(path) as table:
            for i in range(0, len(frame), step):
                table.write(frame.iloc[i : i + step])
        files.append(path.read_bytes())
    assert files[0] == files[1] == files[2]
    meta = pq.ParquetFile(tmp_path / "s7.parquet").metadata
    assert meta.num_row_groups == -(-len(frame) // 40)


def test_a_large_xlsx_says_it_cannot_stream(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(writers, "XLSX_NOTE_ROWS", 10)
    src = papers_file(tmp_path / "in.jsonl", n=20)
    res = run("extract", src, "-o", tmp_path / "claims.xlsx", "--jobs", "1")
    assert res.exit_code == 0
    notes = [line for line in res.stderr.splitlines() if "XLSX" in line]
    assert len(notes) == 1 and "parquet" in notes[0]
    assert len(read_table(tmp_path / "claims.xlsx")) > 10


@pytest.mark.parametrize("fmt", [f for f in TABLE_FORMATS if f != "xlsx"])
def test_rows_encoded_without_a_frame_are_those_of_the_frame(fmt: str) -> None:
    from claimtab.frame import rows_frame
    from claimtab.io.papers import read_papers
    from claimtab.io.writers import encode_batch
    from claimtab.model import Paper
    from conftest import shared_file

    ex = jobs._warm(None)
    papers = [Paper(id=f"p{i}", title=f"Model{i}: fast things", abstract=abstract(i)) for i in range(40)]
    papers += list(read_papers([shared_file("corpus/dev.gold.jsonl")]))
    rows = [r for p in papers for r in jobs.claim_rows(p, ex, api.LIMITS)[0]]
    assert len(rows) > 500
    for part in (rows[:0], rows[:1], rows):
        fast, slow = jobs.encode_rows(part, fmt), encode_batch(rows_frame(part), fmt)
        assert fast.equals(slow) if fmt == "parquet" else fast == slow
