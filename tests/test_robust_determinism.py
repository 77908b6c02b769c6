"""The same input gives the same bytes: under two hash seeds, in two runs, in every format.

The extractor runs in subprocesses with different ``PYTHONHASHSEED`` values over the dev
corpora (read from ../shared); each run writes all seven formats, and every file must be
byte-identical to the same file of the other runs. A run that iterates a set where the order
reaches the output (a rule chosen among the classes of a mention) differs between seeds; an
XLSX that carries the time it was written differs between runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimtab.io.formats import TABLE_FORMATS
from conftest import shared_file

_SCRIPT = """
import sys
from pathlib import Path

from claimtab import api
from claimtab.frame import claims_frame
from claimtab.io.papers import read_papers
from claimtab.io.writers import write_table

out = Path(sys.argv[1])
papers = list(read_papers(sys.argv[3:]))
frame = claims_frame(api.extract(papers))
for fmt in sys.argv[2].split(","):
    write_table(frame, out / f"claims.{fmt}")
"""


def _run(out: Path, seed: str, inputs: list[Path]) -> dict[str, bytes]:
    out.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": seed}
    res = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(out), ",".join(TABLE_FORMATS), *map(str, inputs)],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert res.returncode == 0, res.stderr
    return {fmt: (out / f"claims.{fmt}").read_bytes() for fmt in TABLE_FORMATS}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    inputs = [shared_file("corpus/dev.gold.jsonl"), shared_file("corpus/dev2.gold.jsonl")]
    base = tmp_path_factory.mktemp("seeds")
    done = {}
    for name, seed in (("a", "1"), ("b", "2"), ("c", "5"), ("again", "1")):
        done[name] = _run(base / name, seed, inputs)
        time.sleep(2.1)  # the zip format keeps time in 2-second steps: runs must not share one
    return done


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_every_format_is_byte_identical_across_seeds_and_runs(runs, fmt: str) -> None:
    first = runs["a"][fmt]
    assert len(first) > 1000
    for name in ("b", "c", "again"):
        assert runs[name][fmt] == first, f"{fmt} differs between run a and run {name}"
