"""Every row's evidence round-trips on every development paper: ``source[start:end] ==
text`` in the text claimtab exposes for the row's field (``Document.text_of``). The papers
are read in place from ../shared (skipped with the reason where it is not beside the
checkout; a failure under CI, which always has it)."""

import os

import pytest

from claimtab import api
from claimtab.io.documents import read_document
from claimtab.model import FIELDS
from conftest import SHARED

DEV = SHARED / "fulltext" / "train-sample" / "tex"


def test_evidence_round_trips_on_every_development_paper():
    if not DEV.is_dir():
        reason = "../shared/fulltext/train-sample/tex is not beside this checkout"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (CI always has it)")
        pytest.skip(reason)
    papers = sorted(DEV.glob("*.tex"))
    assert len(papers) >= 200
    bad, n_rows, n_table, n_own = [], 0, 0, 0
    for p in papers:
        doc = read_document(p)
        every = api.document_claims(doc, leaderboard=False)
        board = api.document_claims(doc)
        n_own += sum(r["field"] == "table" and r["subject"] is None for r in board)
        for r in every + board:
            n_rows += 1
            n_table += r["field"] == "table"
            assert r["field"] in FIELDS
            if doc.text_of(r["field"])[r["start"] : r["end"]] != r["text"]:
                bad.append((p.name, r["field"], r["start"], r["text"]))
            if r["field"] == "table":  # a cell says where it stands
                assert r["table"] and r["column"] is not None, r
    assert not bad, bad[:5]
    assert n_table > 1000 and n_rows > n_table and n_own > 500  # rows from tables, text and own results
