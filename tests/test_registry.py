"""Rules are data: a kind is two TOML files, and a broken rule file is a one-line error.

The toy-kind test copies the built-in rules to a temporary folder, adds ``latency`` as
``kinds/latency.toml`` plus ``examples/latency.toml`` and nothing else, and runs every room of
the house on it through the real command line: extract, evaluate, check, lint, render and the
papers view.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimtab.errors import PatternError
from claimtab.rules.compile import load_rules
from claimtab.rules.files import patterns_dir

LATENCY = '''
[kind]
order = 2
description = "time per request (a toy kind for the test)"
colour = ["#fde2e4", "#b3001b"]
aliases = ["lat"]
related = ["efficiency"]

[kind.value]
bare_unit = "ms"
signed = true

[kind.link]
baseline = ["compare"]
conditions = ["device"]
metric_default = "latency"
paper = ["device"]

[kind.summary]
pick = "largest"
column = "slowest_latency"
units = ["ms", "*"]
also = ["unit"]

[kind.lint]
negative = { code = "negative-latency", message = "a negative latency: {value}" }

[[rule]]
name = "latency-of"
units = ["time", "plain", "plain_int"]
left = \'\'\'\\blatency\\s+of\\s+(?:only\\s+)?\'\'\'
priority = 120
'''

EXAMPLES = '''
[[positive]]
text = "Each request sees a latency of 42 ms on a single A100 GPU."
claims = [{ kind = "latency", value = 42, unit = "ms" }]

[[negative]]
text = "The queue holds 42 requests."
'''

PAPERS = [
    {"id": "t1", "title": "FastServe: Quick Answers",
     "abstract": "FastServe keeps a latency of 42 ms per query on a single A100 GPU, against 120 ms for vLLM."},
    {"id": "t2", "title": "Another Server", "abstract": "Our server has a latency of -3 ms in the best case."},
]


@pytest.fixture()
def toy(tmp_path, monkeypatch):
    root = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), root)
    (root / "kinds" / "latency.toml").write_text(LATENCY, encoding="utf-8")
    (root / "examples" / "latency.toml").write_text(EXAMPLES, encoding="utf-8")
    papers = tmp_path / "papers.jsonl"
    papers.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    return root, papers


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimtab", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def test_a_toy_kind_is_two_files_and_every_room_uses_it(toy, tmp_path):
    root, papers = toy
    out = tmp_path / "claims.jsonl"
    res = _cli("--patterns", str(root), "extract", str(papers), "-o", str(out))
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    lat = [r for r in rows if r["kind"] == "latency"]
    assert {r["value"] for r in lat} == {42.0, 120.0, -3.0}, rows
    assert all(r["unit"] == "ms" and r["metric"] == "latency" and r["rule"] == "latency-of" for r in lat)
    assert any(r["condition"] and "A100" in r["condition"] for r in lat)  # device linked, as its [kind.link] asks

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({**PAPERS[0], "claims": [{"kind": "latency", "value": 42, "unit": "ms"}]}) + "\n")
    res = _cli("--patterns", str(root), "evaluate", str(gold), "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["kinds"]["latency"]["tp"] == 1

    sheet = tmp_path / "sheet.csv"
    sheet.write_text("paper,value,kind\nt1,42 ms,lat\nt1,45 ms,latency\n", encoding="utf-8")
    res = _cli("--patterns", str(root), "check", str(sheet), "--papers", str(papers))
    assert res.returncode == 1, res.stderr  # one mismatch
    assert "confirmed" in res.stdout and "mismatch" in res.stdout

    res = _cli("--patterns", str(root), "lint", str(papers))
    assert res.returncode == 0 and "negative-latency" in res.stdout, res.stdout + res.stderr

    page = tmp_path / "page.html"
    res = _cli("--patterns", str(root), "render", str(papers), "-o", str(page))
    assert res.returncode == 0, res.stderr
    html = page.read_text(encoding="utf-8")
    assert "k-latency" in html and "#b3001b" in html

    view = tmp_path / "papers.csv"
    res = _cli("--patterns", str(root), "table", str(papers), "--view", "papers", "-o", str(view))
    assert res.returncode == 0, res.stderr
    header, first = view.read_text().splitlines()[:2]
    assert "slowest_latency" in header and "n_latency" in header and ",120.0,ms," in first

    res = _cli("--patterns", str(root), "explain", "A latency of 42 ms.")
    assert "latency" in res.stdout and "latency-of" in res.stdout


def test_the_toy_kinds_examples_run_as_tests(toy):
    from claimtab.engine.extractor import Extractor

    root, _ = toy
    ex = Extractor(load_rules(root))
    found = ex.extract("Each request sees a latency of 42 ms on a single A100 GPU.")
    assert [(f.kind, f.value, f.unit) for f in found if f.kind == "latency"] == [("latency", 42.0, "ms")]
    assert not [f for f in ex.extract("The queue holds 42 requests.") if f.kind == "latency"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: s.replace('name = "factor-then-faster"\nunits', 'name = "factor-then-faster"\nlft = "x"\nunits'),
         ["speedup.toml", "rule factor-then-faster", "field lft", "unknown field"]),
        (lambda s: s.replace('units = ["factor"]', 'units = ["factors"]', 1),
         ["speedup.toml", "rule factor-then-faster", "units", "unknown mention classes", "factors"]),
        (lambda s: s.replace("{speed_nouns}", "{speed_nounz}", 1),
         ["speedup.toml", "rule factor-then-faster", "field right", "unknown reference {speed_nounz}"]),
        (lambda s: s.replace("priority = 95", "priority = 95\npriority = 96", 1), ["speedup.toml", "TOML"]),
        (lambda s: s.replace('metric_fallback = "speed"', 'metric_fallback = "sped"'),
         ["speedup.toml", "metric_fallback", "sped"]),
        (lambda s: s.replace('related = ["efficiency", "reduction", "delta"]', 'related = ["efficency"]'),
         ["speedup.toml", "related", "efficency"]),
        (lambda s: s.replace('(?:faster|quicker', '(?:faster|(quicker', 1), ["speedup.toml", "does not compile"]),
    ],
    ids=["unknown-field", "unknown-class", "unknown-reference", "bad-toml", "unknown-fallback", "unknown-related",
         "bad-regex"],
)
def test_a_broken_rule_file_is_one_line_naming_file_rule_and_field(tmp_path, edit, expected):
    root = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), root)
    path = root / "kinds" / "speedup.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(PatternError) as info:
        load_rules(root)
    message = str(info.value)
    assert "\n" not in message
    for part in expected:
        assert part in message, message


def test_a_broken_rule_file_through_the_cli(tmp_path):
    root = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), root)
    (root / "kinds" / "cost.toml").write_text("[kind]\ndescription = 'x'\ncolor = ['#000000', '#000000']\n")
    res = _cli("--patterns", str(root), "extract", "-", cwd=tmp_path)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "cost.toml" in lines[0] and "colour" not in lines[0] and "color" in lines[0], lines
    assert "Traceback" not in res.stderr


def test_every_rule_field_is_documented():
    """patterns/README.md names every field of every rule-file model."""
    import re

    from claimtab.rules import schema

    readme = (patterns_dir() / "README.md").read_text(encoding="utf-8")
    quoted = " ".join(re.findall(r"`([^`]+)`", readme))  # field names appear in code spans
    models = [m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, schema.Strict) and m is not schema.Strict]
    missing = sorted({f"{m.__name__}.{name}" for m in models for name, f in m.model_fields.items()
                      if not re.search(rf"(?<![\w-]){re.escape(f.alias or name)}(?![\w-])", quoted)})
    assert not missing, f"undocumented fields: {missing}"
