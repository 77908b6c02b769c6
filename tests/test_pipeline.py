"""The spaCy side: factories, spans, offsets, and the no-download default pipeline."""


import json

import pandas as pd
import pytest
import spacy

import claimtab
from claimtab.model import COLUMNS
from claimtab.rules.kinds import registry

KINDS = registry().names

TEXT = (
    "FlatFormer achieves a 4.6x speedup over SST and 81.5% top-1 accuracy on ImageNet "
    "with 1.3B parameters. Code is available at https://github.com/a/b."
)


def test_load_builds_blank_english_pipeline():
    nlp = claimtab.load()
    assert nlp.lang == "en" and "claimtab_claims" in nlp.pipe_names


def test_component_in_a_users_own_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claimtab_claims")
    doc = nlp(TEXT)
    spans = doc.spans[claimtab.SPANS_KEY]
    kinds = {s.label_ for s in spans}
    assert {"speedup", "score", "params", "code_url"} <= kinds
    speed = next(s for s in spans if s.label_ == "speedup")
    assert speed._.claimtab_claim["value"] == 4.6 and speed._.claimtab_claim["unit"] == "x"
    assert all(s.label_ in KINDS for s in spans)


def test_kinds_config_restricts_output():
    nlp = spacy.blank("en")
    nlp.add_pipe("claimtab_claims", config={"kinds": ["params"]})
    doc = nlp(TEXT)
    assert {s.label_ for s in doc.spans["claimtab_claims"]} == {"params"}


def test_unknown_kind_is_a_clear_error():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="unknown claim kinds"):
        nlp.add_pipe("claimtab_claims", config={"kinds": ["speed"]})


def test_sentence_component_sets_boundaries():
    nlp = claimtab.load(sentences=True)
    doc = nlp("Accuracy rose to 81.5% on ImageNet, e.g. on val. It is 2.5x faster than SST.")
    assert len(list(doc.sents)) == 2


def test_extract_frame_has_declared_columns_and_dtypes():
    df = claimtab.extract_frame([{"id": "p1", "title": "T", "abstract": TEXT}])
    assert tuple(df.columns) == COLUMNS
    assert str(df["value"].dtype) == "Float64" and str(df["kind"].dtype) == "category"
    assert set(df["paper_id"]) == {"p1"}


def test_offsets_are_exact_on_the_whole_dev_corpus(corpora):
    papers = list(corpora("dev").values())
    rows = list(claimtab.extract(papers))
    assert rows, "no claims extracted from the dev corpus"
    by_id = {p["id"]: p for p in papers}
    for r in rows:
        source = by_id[r.paper_id][r.field]
        assert source[r.start : r.end] == r.text, (r.paper_id, r.kind, r.text)


def test_rows_are_in_input_order_then_field_then_offset():
    papers = [{"id": "b", "title": "2x faster", "abstract": "It is 3x faster and 4x faster."},
              {"id": "a", "title": "", "abstract": "It is 5x faster."}]
    rows = list(claimtab.extract(papers))
    assert [r.paper_id for r in rows] == ["b", "b", "b", "a"]
    assert [r.field for r in rows[:3]] == ["title", "abstract", "abstract"]
    assert rows[1].start < rows[2].start


def test_title_prefilter_never_hides_a_claim(corpora):
    """The API skips titles that cannot state a claim; that must never lose one."""
    from claimtab.engine.extractor import Extractor

    ex = Extractor()
    titles = [p["title"] for name in ("dev", "dev2") for p in corpora(name).values()]
    titles += ["Doubling Throughput for Free", "An Order of Magnitude Faster Decoding", "Training on the Pile",
               "GLUE Revisited", "Towards Better Generalization"]
    for t in titles:
        if not ex.could_hold_claims(t):
            assert ex.extract(t, "title") == [], t


# ------------------------------------------------------------------ one path, one set of rows

_SAME = ("kind", "value", "value_max", "unit", "qualifier", "metric", "dataset", "dataset_canonical", "baseline",
         "subject", "condition", "url", "status", "text", "start", "end", "field", "rule", "method")


def _key(row: dict) -> tuple:
    return tuple(row.get(k) for k in _SAME)


def test_component_api_frame_and_explain_agree_row_for_row(corpora):
    """The spaCy component, claimtab.extract, extract_frame and explain give the same rows
    for the same text, over the whole dev corpus (abstracts, as the component sees one field)."""
    from typer.testing import CliRunner

    from claimtab.cli.app import app

    papers = [{"id": pid, "title": "", "abstract": p["abstract"]} for pid, p in corpora("dev").items()]
    api_rows = [c.model_dump() for c in claimtab.extract(papers)]
    frame = claimtab.extract_frame(papers)
    frame_rows = [{k: (None if v is pd.NA else v) for k, v in r.items()} for r in frame.astype(object).to_dict("records")]
    nlp = claimtab.load()
    comp_rows = [dict(r, paper_id=p["id"]) for p, doc in zip(papers, nlp.pipe(p["abstract"] for p in papers), strict=True)
                 for r in doc._.claimtab_claims]
    assert len(api_rows) > 400
    assert [_key(r) for r in api_rows] == [_key(r) for r in comp_rows]
    assert [_key(r) for r in api_rows] == [_key(r) for r in frame_rows]
    runner = CliRunner()
    by_paper = {}
    for r in api_rows:
        by_paper.setdefault(r["paper_id"], []).append(_key(r))
    for p in papers[:60]:  # explain runs the CLI once per text
        res = runner.invoke(app, ["explain", "--json", p["abstract"]])
        rows = [json.loads(line)["claim"] for line in res.stdout.splitlines() if line.startswith('{"claim"')]
        assert [_key(r) for r in rows] == by_paper.get(p["id"], []), p["id"]


def test_a_doc_with_claims_round_trips_through_bytes():
    from spacy.tokens import Doc

    nlp = claimtab.load()
    doc = nlp(TEXT)
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.claimtab_claims == doc._.claimtab_claims and back._.claimtab_claims
    assert [(s.start_char, s.end_char, s.label_) for s in back.spans["claimtab_claims"]] == [
        (s.start_char, s.end_char, s.label_) for s in doc.spans["claimtab_claims"]]
    assert [s._.claimtab_claim for s in back.spans["claimtab_claims"]] == doc._.claimtab_claims


def test_two_claims_of_one_span_are_both_readable():
    nlp = claimtab.load()
    doc = nlp("It reaches 81.5% and 82.1% top-1 accuracy, respectively.")
    for span in doc.spans["claimtab_claims"]:
        assert span._.claimtab_claim in span._.claimtab_claims
    rows = doc._.claimtab_claims
    assert [s._.claimtab_claim for s in doc.spans["claimtab_claims"]] == rows


def test_pipe_with_two_processes_gives_the_same_claims(corpora):
    texts = [p["abstract"] for p in list(corpora("dev").values())[:40]]
    nlp = claimtab.load()
    one = [doc._.claimtab_claims for doc in nlp.pipe(texts)]
    two = [doc._.claimtab_claims for doc in nlp.pipe(texts, n_process=2, batch_size=8)]
    assert one == two and sum(map(len, one)) > 40
