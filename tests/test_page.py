"""The papers page claimtab was made for (../shared/seed/daily-papers-page.txt), through the CLI:
every example of the spec's section 1 that comes from it is extracted as the spec says."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from claimtab.keys import name_key
from conftest import shared_file

# (paper id prefix, kind, value, value_max, unit, fields that must match exactly)
EXPECTED = [
    ("flatformer", "speedup", 4.6, None, "x", {"baseline": "SST"}),
    ("axformer", "speedup", 2.5, None, "x", {"qualifier": "up_to"}),
    ("bytetransformer", "speedup", 6.13, None, "x", {"baseline": "PyTorch"}),
    ("bytetransformer", "speedup", 87, None, "%", {"baseline": "PyTorch JIT"}),
    ("bytetransformer", "speedup", 131, None, "%", {"baseline": "TensorFlow XLA"}),
    ("bytetransformer", "speedup", 138, None, "%", {"baseline": "Tencent TurboTransformer"}),
    ("bytetransformer", "speedup", 74, None, "%", {"baseline": "Microsoft DeepSpeed-Inference"}),
    ("bytetransformer", "speedup", 55, None, "%", {"baseline": "NVIDIA FasterTransformer"}),
    ("a-unified-view", "speedup", 40, None, "x", {"qualifier": "about"}),
    ("axformer", "reduction", 3.2, None, "x", {"qualifier": "up_to"}),
    ("bipft", "reduction", 56, None, "x", {}),
    ("ecoformer", "reduction", 73, None, "%", {}),
    ("stretching-each-dollar", "reduction", 118, None, "x", {}),
    ("relactrl", "reduction", 15, None, "%", {}),
    ("transformer-in-transformer", "score", 81.5, None, "%", {"dataset": "ImageNet", "metric": "top-1 accuracy"}),
    ("stretching-each-dollar", "score", 12.7, None, "", {"metric": "FID"}),
    ("dissecting-multiplication", "score", 99.9, None, "%", {"qualifier": "at_least"}),
    ("transformer-in-transformer", "delta", 1.7, None, "%", {"qualifier": "about"}),
    ("bipft", "delta", 15.4, None, "%", {}),
    ("ecoformer", "delta", -0.33, None, "%", {}),
    ("autoformer", "delta", 38, None, "%", {}),
    ("efficient-long-range", "params", 1.3e9, None, "count", {}),
    ("tokenformer", "params", 1.24e8, 1.4e9, "count", {}),
    ("pasta", "params", 1e7, None, "count", {"qualifier": "at_most"}),
    ("stretching-each-dollar", "data_size", 3.7e7, None, "count", {}),
    ("stretching-each-dollar", "cost", 1890, None, "USD", {}),
    ("stretching-each-dollar", "cost", 28400, None, "USD", {}),
]
URLS = [("autoformer", "https://github.com/thuml/Autoformer")]
BENCHMARKS = [("bipft", "GLUE"), ("axformer", "SQuAD"), ("ecoformer", "ImageNet-1K"), ("flatformer", "Waymo Open Dataset")]


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    page = shared_file("seed/daily-papers-page.txt")
    out = tmp_path_factory.mktemp("page") / "claims.jsonl"
    res = subprocess.run([sys.executable, "-m", "claimtab", "extract", str(page), "-o", str(out), "--no-progress"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


@pytest.mark.parametrize(("paper", "kind", "value", "value_max", "unit", "fields"), EXPECTED,
                         ids=[f"{e[0]}-{e[1]}-{e[2]}" for e in EXPECTED])
def test_spec_examples_from_the_page(rows, paper, kind, value, value_max, unit, fields):
    mine = [r for r in rows if r["paper_id"].startswith(paper) and r["kind"] == kind]
    hits = [r for r in mine if _close(r["value"], value) and _close(r["value_max"], value_max) and r["unit"] == unit]
    assert hits, f"no {kind} {value} {unit} in {paper}: {[(r['value'], r['unit'], r['text']) for r in mine]}"
    for name, want in fields.items():
        assert any(r[name] == want for r in hits), f"{name}: {[r[name] for r in hits]} != {want!r}"


def test_spec_links_and_names_from_the_page(rows):
    for paper, url in URLS:
        assert any(r["paper_id"].startswith(paper) and r["url"] == url for r in rows), url
    for paper, name in BENCHMARKS:
        assert any(r["paper_id"].startswith(paper) and r["kind"] == "benchmark" and name_key(r["dataset"]) == name_key(name)
                   for r in rows), name
