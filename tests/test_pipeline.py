"""The spaCy side: factories, spans, offsets, and the no-download default pipeline."""

import json
from pathlib import Path

import pytest
import spacy

import claimtab
from claimtab.model import COLUMNS
from claimtab.rules.kinds import registry

KINDS = registry().names

DEV = Path(__file__).resolve().parents[1] / "data" / "dev.gold.jsonl"
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


def test_offsets_are_exact_on_the_whole_dev_corpus():
    papers = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
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


def test_title_prefilter_never_hides_a_claim():
    """The API skips titles that cannot state a claim; that must never lose one."""
    from claimtab.engine.extractor import Extractor

    ex = Extractor()
    titles = [json.loads(line)["title"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    titles += ["Doubling Throughput for Free", "An Order of Magnitude Faster Decoding", "Training on the Pile",
               "GLUE Revisited", "Towards Better Generalization"]
    for t in titles:
        if not ex.could_hold_claims(t):
            assert ex.extract(t, "title") == [], t
