"""A cluster through Dask: claimtab.dask.extract over a Dask DataFrame or Bag, and
``claimtab extract --scheduler`` on a LocalCluster of two worker processes, give the rows of
the in-process run, with the declared dtypes in every partition."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from claimtab import api
from claimtab.model import Paper
from test_cli import run
from test_jobs import abstract, papers_file

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

PAPERS = [Paper(id=f"p{i}", title=f"Model{i}: fast things", abstract=abstract(i)) for i in range(90)]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        with distributed.Client(lc) as client:
            yield lc, client


def test_a_dataframe_of_papers_gives_the_rows_in_process(cluster, tmp_path: Path) -> None:
    import claimtab.dask as cd

    frame = pd.DataFrame({"id": [p.id for p in PAPERS], "title": [p.title for p in PAPERS],
                          "abstract": [p.abstract for p in PAPERS]})
    claims = cd.extract(dd.from_pandas(frame, npartitions=3))
    assert dict(claims.dtypes) == dict(cd.meta().dtypes)
    got = claims.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, api.extract_frame(PAPERS))
    claims.to_parquet(tmp_path / "claims")  # the partitions agree on one schema
    assert len(dd.read_parquet(tmp_path / "claims")) == len(got)


def test_a_bag_of_papers(cluster) -> None:
    import dask.bag as db

    import claimtab.dask as cd

    bag = db.from_sequence([{"id": p.id, "title": p.title, "abstract": p.abstract} for p in PAPERS], npartitions=2)
    got = cd.extract(bag).compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, api.extract_frame(PAPERS))


def test_extract_on_a_scheduler_writes_the_bytes_of_one_process(cluster, tmp_path: Path) -> None:
    lc, _ = cluster
    src = papers_file(tmp_path / "in.jsonl", n=200, bad_at=(5, 150))
    outs = []
    for args in (["--jobs", "1"], ["--scheduler", lc.scheduler_address]):
        out = tmp_path / f"claims-{args[0].strip('-')}.csv"
        res = run("extract", src, "-o", out, "--no-progress", *args)
        assert res.exit_code == 1, res.stderr
        outs.append((out.read_bytes(), [line for line in res.stderr.splitlines() if "skipped" in line][:-1]))
    assert outs[0] == outs[1]


def test_without_dask_or_a_scheduler_is_one_line(tmp_path: Path, monkeypatch) -> None:
    src = papers_file(tmp_path / "in.jsonl", n=3)
    assert "cannot reach the Dask scheduler" in run("extract", src, "--scheduler", "nonsense://").one_line_error()
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert 'pip install "claimtab[dask]"' in run("extract", src, "--scheduler", "tcp://127.0.0.1:8786").one_line_error()
