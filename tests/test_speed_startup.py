"""Start-up: commands that need no spaCy or pandas do not import them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("spacy", "pandas", "thinc", "pyarrow")

_PROBE = """
import json, sys
heavy = set(json.loads(sys.argv[2]))
sys.argv = ["claimtab", *json.loads(sys.argv[1])]
from claimtab.cli.app import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & heavy)))
"""


def _heavy_imports(*args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(list(args)), json.dumps(HEAVY)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_version_imports_neither_spacy_nor_pandas():
    assert _heavy_imports("--version") == []


def test_extract_does_not_import_spacy(tmp_path):
    papers = tmp_path / "papers.jsonl"
    papers.write_text(json.dumps({"id": "1", "title": "", "abstract": "A 4.6x speedup over SST."}) + "\n")
    got = _heavy_imports("extract", str(papers), "-o", str(tmp_path / "claims.csv"), "--no-progress")
    assert "spacy" not in got and "thinc" not in got
