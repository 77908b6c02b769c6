"""An installed wheel works from any folder: its rules are package data, found without the
source checkout, and the console script runs the main job on the bundled sample."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_installed_wheel_runs_from_another_folder(tmp_path):
    wheels = tmp_path / "wheels"
    res = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                str(ROOT)], cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    wheel = next(wheels.glob("claimtab-*.whl"))
    env = tmp_path / "env"
    venv.create(env, system_site_packages=True, with_pip=True)  # the dependencies come from this Python
    py = env / "bin" / "python"
    res = _run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    res = _run([str(py), "-c", "import claimtab, claimtab.rules.files as f; print(claimtab.__file__); print(f.patterns_dir())"],
               cwd=elsewhere)
    assert res.returncode == 0, res.stderr
    where, patterns = res.stdout.split()
    assert str(env) in where and str(env) in patterns, res.stdout  # the installed copy, not the checkout
    res = _run([str(env / "bin" / "claimtab"), "extract", str(ROOT / "data" / "sample_papers.txt"), "-o", "claims.csv"],
               cwd=elsewhere)
    assert res.returncode == 0, res.stderr
    lines = (elsewhere / "claims.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("paper_id,title,method,kind") and len(lines) > 20
    # a whole paper: the document readers and the table rules ship too
    res = _run([str(env / "bin" / "claimtab"), "extract", str(ROOT / "data" / "example_paper.tex"), "-o", "paper.csv"],
               cwd=elsewhere)
    assert res.returncode == 0, res.stderr
    text = (elsewhere / "paper.csv").read_text(encoding="utf-8")
    assert ",table,table,bold,tab:main,KiteSeg (ours)," in text
