"""arXiv as an input: the metadata snapshot's JSON lines (plain, .gz, .zst), --categories, the
comments field's links, a saved API response (Atom XML), and Parquet/CSV files of the same
records. Every record here is made up for the test."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from claimtab.io.papers import read_papers
from claimtab.io.sources import category_filter
from claimtab.io.tables import read_table
from test_cli import run

# the snapshot's fields, in its order (values invented)
RECORDS = [
    {"id": "2101.00001", "submitter": "A. Author", "authors": "A. Author, B. Author",
     "title": "Fast Widgets\n  for Everyone", "comments": "10 pages, 4 figures. Code: https://github.com/widgets/fast",
     "journal-ref": None, "doi": None, "report-no": None, "categories": "cs.LG stat.ML",
     "license": None, "abstract": "  We make widgets 3.5x faster than SST on an A100 GPU.\n", "versions":
     [{"version": "v1", "created": "Fri, 1 Jan 2021 00:00:00 GMT"}], "update_date": "2021-01-02",
     "authors_parsed": [["Author", "A.", ""], ["Author", "B.", ""]]},
    {"id": "2101.00002", "submitter": "C. Author", "authors": "C. Author", "title": "Sentences in Context",
     "comments": None, "journal-ref": None, "doi": None, "report-no": None, "categories": "cs.CL",
     "license": None, "abstract": "Our parser reaches 91.2% F1 on the Penn Treebank.", "versions": [],
     "update_date": "2021-01-03", "authors_parsed": []},
    {"id": "math/0701001", "submitter": "D. Author", "authors": "D. Author", "title": "A Bound",
     "comments": "12 pages", "journal-ref": None, "doi": None, "report-no": None, "categories": "math.AP",
     "license": None, "abstract": "The method is 2x faster than the classical one.", "versions": [],
     "update_date": "2007-01-03", "authors_parsed": []},
    {"id": "2101.00004", "submitter": "E. Author", "authors": "E. Author", "title": "Vision at Scale",
     "comments": "Project page: https://example.org/vision", "journal-ref": None, "doi": None,
     "report-no": None, "categories": "cs.CV cs.LG", "license": None,
     "abstract": "We train on 14M images and reach 85.1% top-1 accuracy on ImageNet.", "versions": [],
     "update_date": "2021-01-05", "authors_parsed": []},
]


def snapshot(path: Path, records=RECORDS) -> Path:
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    if path.suffix == ".gz":
        data = gzip.compress(data)
    elif path.suffix == ".zst":
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["snapshot-sample.jsonl", "snapshot-sample.jsonl.gz", "snapshot-sample.jsonl.zst"])
def test_the_snapshot_is_read_with_a_category_filter(tmp_path: Path, name: str) -> None:
    src = snapshot(tmp_path / name)
    out = tmp_path / "claims.csv"
    res = run("extract", src, "-o", out, "--categories", "cs.LG,cs.CL", "--jobs", "1")
    assert res.exit_code == 0, res.stderr
    claims = read_table(out)
    assert claims["paper_id"].drop_duplicates().tolist() == ["2101.00001", "2101.00002", "2101.00004"]
    assert "from 3 papers" in res.stderr.splitlines()[-1]


def test_the_comments_links_are_claims(tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    assert run("extract", snapshot(tmp_path / "s.jsonl.gz"), "-o", out).exit_code == 0
    claims = read_table(out)
    urls = claims[claims["kind"] == "code_url"]
    assert urls["url"].tolist() == ["https://github.com/widgets/fast", "https://example.org/vision"]
    assert set(urls["field"]) == {"comments"}
    row = urls.iloc[0]
    comments = RECORDS[0]["comments"]
    assert comments[row["start"] : row["end"]] == row["text"]
    # the numbers of the comments ("10 pages, 4 figures") are no claims
    assert set(claims[claims["field"] == "comments"]["kind"]) == {"code_url"}


def test_a_prefix_keeps_a_whole_archive() -> None:
    keep = category_filter("cs.*")
    assert keep.matches("stat.ML cs.CV") and not keep.matches("math.AP") and not keep.matches("csx.AB")
    assert category_filter("hep-th").matches("hep-th") and category_filter("CS.lg").matches("cs.LG")


@pytest.mark.parametrize("value", ["", "cs.LG,,cs LG", "cs/LG", "*"])
def test_a_bad_category_list_is_one_line(tmp_path: Path, value: str) -> None:
    line = run("extract", snapshot(tmp_path / "s.jsonl"), "--categories", value).one_line_error()
    assert "--categories" in line


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query=cat:cs.LG" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=cat:cs.LG</title>
  <id>http://arxiv.org/api/made-up</id>
  <entry>
    <id>http://arxiv.org/abs/2101.00001v2</id>
    <updated>2021-01-02T00:00:00Z</updated>
    <title>Fast Widgets
  for Everyone</title>
    <summary>  We make widgets 3.5x faster than SST on an A100 GPU &amp; more.
</summary>
    <author><name>A. Author</name></author>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">Code: https://github.com/widgets/fast</arxiv:comment>
    <link href="http://arxiv.org/abs/2101.00001v2" rel="alternate" type="text/html"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2101.00003v1</id>
    <title>Only Math</title>
    <summary>The method is 2x faster than the classical one.</summary>
    <category term="math.AP" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""


def test_an_api_response_is_read(tmp_path: Path) -> None:
    src = tmp_path / "query.atom"
    src.write_text(ATOM, encoding="utf-8")
    papers = list(read_papers([src]))
    assert [p.id for p in papers] == ["2101.00001", "2101.00003"]
    assert papers[0].abstract == "We make widgets 3.5x faster than SST on an A100 GPU & more."
    assert papers[0].comments == "Code: https://github.com/widgets/fast"
    assert papers[0].source == f"{src}:6"
    out = tmp_path / "claims.csv"
    res = run("extract", src, "-o", out, "--categories", "cs.*")
    assert res.exit_code == 0, res.stderr
    claims = read_table(out)
    assert set(claims["paper_id"]) == {"2101.00001"}
    assert set(claims["kind"]) >= {"speedup", "code_url"}


def test_an_api_response_with_entities_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "bomb.xml"
    src.write_text('<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n'
                   "<feed><entry><summary>&b; 2x faster</summary></entry></feed>\n", encoding="utf-8")
    res = run("extract", src, "--no-progress")
    assert res.exit_code == 1 and res.stdout.count("\n") == 1  # the header only
    assert "bomb.xml: declares a document type" in res.stderr
    broken = tmp_path / "broken.atom"
    broken.write_text(ATOM[: ATOM.index("</feed>") - 30], encoding="utf-8")
    res = run("extract", broken, "-o", tmp_path / "c.csv", "--no-progress")
    assert res.exit_code == 1 and "not well-formed XML" in res.stderr  # the entries before it are kept
    assert set(read_table(tmp_path / "c.csv")["paper_id"]) == {"2101.00001"}


def test_parquet_and_csv_inputs_of_the_same_records(tmp_path: Path) -> None:
    flat = [{k: r[k] for k in ("id", "title", "abstract", "comments", "categories")} for r in RECORDS]
    pd.DataFrame(flat).to_parquet(tmp_path / "papers.parquet", index=False)
    with (tmp_path / "papers.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(flat[0]))
        w.writeheader()
        w.writerows(flat)
    outs = {}
    for src in ("papers.parquet", "papers.csv"):
        out = tmp_path / f"{src}.claims.jsonl"
        res = run("extract", tmp_path / src, "-o", out, "--categories", "cs.LG,cs.CL")
        assert res.exit_code == 0, res.stderr
        outs[src] = read_table(out)
    expected = tmp_path / "snap.claims.jsonl"
    assert run("extract", snapshot(tmp_path / "s.jsonl"), "-o", expected, "--categories", "cs.LG,cs.CL").exit_code == 0
    want = read_table(expected)
    for got in outs.values():
        pd.testing.assert_frame_equal(got, want)
    # a Parquet file of claims is still read as the claims table it is
    claims = tmp_path / "claims.parquet"
    assert run("extract", snapshot(tmp_path / "s.jsonl"), "-o", claims).exit_code == 0
    res = run("table", claims, "-o", tmp_path / "again.csv")
    assert res.exit_code == 0, res.stderr


def test_the_api_reads_comments_too() -> None:
    from claimtab import api

    rows = list(api.extract([{"id": "x", "abstract": "We are 2x faster than SST.", "comments": "Code: https://github.com/a/b"}]))
    assert [(c.kind, c.field) for c in rows] == [("speedup", "abstract"), ("code_url", "comments")]
