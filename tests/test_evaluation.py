"""The dev-set evaluation: a floor that only ever rises, and parity with the spec's scorer."""

import importlib.util
import json

import pytest

import claimtab
from claimtab.evaluate import group_claims, score
from conftest import shared_file

# Raise these as the rules improve; never lower them.
FLOOR = {"micro_f1": 0.96, "precision": 0.965}
HELDOUT_FLOOR = {"micro_f1": 0.925}
DEV2_FLOOR = {"micro_f1": 0.95, "precision": 0.975}
# dev2's dataset accuracy on true positives (issue 8 asks 0.88; the rules now give 0.94)
DEV2_ATTRIBUTE_FLOOR = {"dataset": 0.92}
# this project's further annotations (data/): dev3 (tuned on since the error kinds of its dev3B half
# were read), dev4, and dev5 (annotated blind twice and never tuned on: its floor guards, it is not a target)
OWN_FLOORS = {"dev3": 0.90, "dev4": 0.94, "dev5": 0.86}
# every kind with at least 10 gold claims on the dev set (and on dev2)
KIND_FLOOR = 0.85
DEV2_KIND_FLOOR = 0.90
BENCHMARK_FLOOR = 0.90
# attribute accuracy on true positives (spec section 4)
ATTRIBUTE_FLOOR = {"qualifier": 0.95, "baseline": 0.85, "metric": 0.75, "condition": 0.70, "dataset": 0.85}


def _gold_counts(gold) -> dict[str, int]:
    """Required gold claims per kind."""
    counts: dict[str, int] = {}
    for paper in gold.values():
        for c in paper["claims"]:
            if not c.get("optional"):
                counts[c["kind"]] = counts.get(c["kind"], 0) + 1
    return counts


def _run(gold):
    return gold, [c.model_dump() for c in claimtab.extract(gold.values())]


@pytest.fixture(scope="module")
def dev_run(corpora):
    return _run(corpora("dev"))


def test_dev_floor(dev_run):
    gold, rows = dev_run
    rep = score(gold, group_claims(rows))
    allk = rep.kinds["ALL"]
    assert allk["f1"] >= FLOOR["micro_f1"], allk
    assert allk["precision"] >= FLOOR["precision"], allk


def test_dev_per_kind_and_attribute_floors(dev_run):
    gold, rows = dev_run
    rep = score(gold, group_claims(rows))
    counts = _gold_counts(gold)
    for kind, n in counts.items():
        if n >= 10:
            assert rep.kinds[kind]["f1"] >= KIND_FLOOR, (kind, rep.kinds[kind])
    assert rep.kinds["benchmark"]["f1"] >= BENCHMARK_FLOOR, rep.kinds["benchmark"]
    for attr, floor in ATTRIBUTE_FLOOR.items():
        assert rep.attributes[attr] >= floor, (attr, rep.attributes)


def test_heldout_floor(corpora):
    gold, rows = _run(corpora("heldout"))
    assert score(gold, group_claims(rows)).kinds["ALL"]["f1"] >= HELDOUT_FLOOR["micro_f1"]


def test_dev2_floor(corpora):
    gold, rows = _run(corpora("dev2"))
    rep = score(gold, group_claims(rows))
    allk = rep.kinds["ALL"]
    assert allk["f1"] >= DEV2_FLOOR["micro_f1"], allk
    assert allk["precision"] >= DEV2_FLOOR["precision"], allk
    counts = _gold_counts(gold)
    for kind, n in counts.items():
        if n >= 10:
            assert rep.kinds[kind]["f1"] >= DEV2_KIND_FLOOR, (kind, rep.kinds[kind])
    for attr, floor in DEV2_ATTRIBUTE_FLOOR.items():
        assert rep.attributes[attr] >= floor, (attr, rep.attributes)


@pytest.mark.parametrize("name", sorted(OWN_FLOORS))
def test_own_annotation_floors(corpora, name):
    gold, rows = _run(corpora(name))
    assert score(gold, group_claims(rows)).kinds["ALL"]["f1"] >= OWN_FLOORS[name]


@pytest.mark.parametrize("name", ["dev", "dev2"])
def test_same_numbers_as_the_spec_scorer(corpora, name, tmp_path):
    gold, rows = _run(corpora(name))
    scorer = shared_file("tools/score_claims.py")
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    spec = importlib.util.spec_from_file_location("score_claims", scorer)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    theirs, their_attrs, _ = mod.score(mod.load_gold(str(shared_file(f"corpus/{name}.gold.jsonl"))), mod.load_pred(str(pred)))
    ours = score(gold, group_claims(rows))
    for kind, r in theirs.items():
        assert {k: r[k] for k in ("tp", "fp", "fn")} == {k: ours.kinds[kind][k] for k in ("tp", "fp", "fn")}, kind
    assert their_attrs == pytest.approx(ours.attributes)
