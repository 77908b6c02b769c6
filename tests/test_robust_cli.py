"""Never a traceback, never a lost row -- at the command line.

Through the real entry point (:func:`claimtab.cli.app.main`) and the installed ``claimtab``
console script: bad records cost themselves only, in every command that reads papers; inputs
and the output are checked before any work; no exception leaves ``main``; a run killed
during its write leaves the previous output and no partial file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from claimtab import api, jobs
from claimtab.io.tables import read_table
from test_cli import run

SCRIPT = Path(sysconfig.get_path("scripts")) / "claimtab"
GOOD = [{"id": f"g{i}", "title": f"Paper {i}", "abstract": f"Our model is {i + 2}.5x faster than SST."} for i in range(3)]

# records the issue found costing a whole file (or a traceback), one kind each
BAD = {
    "lone surrogate": b'{"id": "b1", "abstract": "\\ud800 4.6x faster"}',
    "latin-1 byte": b'{"id": "b2", "abstract": "caf\xe9 3x faster"}',
    "text too long": json.dumps({"id": "b3", "abstract": "We are 2x faster. " * 60_000}).encode(),
    "huge integer": b'{"id": "b4", "abstract": "3x faster", "n": ' + b"9" * 5000 + b"}",
    "deep nesting": b'{"id": "b5", "abstract": "3x", "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    "no abstract key": b'{"id": "b6", "summ": "3x faster"}',
}


def papers_file(path: Path, bad: list[bytes] = ()) -> Path:
    lines = [json.dumps(GOOD[0]).encode(), *bad, *(json.dumps(r).encode() for r in GOOD[1:])]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def ids(path: Path) -> list[str]:
    return read_table(path)["paper_id"].drop_duplicates().tolist()


def test_every_bad_record_costs_itself_only(tmp_path: Path) -> None:
    src = papers_file(tmp_path / "in.jsonl", list(BAD.values()))
    out = tmp_path / "claims.csv"
    res = run("extract", src, "-o", out)
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert [line.split(": ", 2)[1] for line in lines[:-1]] == [f"{src}:{n}" for n in (2, 3, 4, 6, 7)]
    assert all(line.endswith("skipped") for line in lines[:-1])
    assert lines[-1] == f"15 claims from 8 papers → {out}; 5 bad record(s) skipped" or lines[-1].endswith(
        "; 5 bad record(s) skipped")
    assert ids(out) == ["g0", "b4", "g1", "g2"]  # the huge integer sits in a field nobody reads


@pytest.mark.parametrize("command", ["render", "lint", "table", "check"])
def test_the_other_commands_keep_the_good_records(tmp_path: Path, command: str) -> None:
    src = papers_file(tmp_path / "in.jsonl", [BAD["lone surrogate"], BAD["text too long"], BAD["latin-1 byte"]])
    if command == "check":
        sheet = tmp_path / "sheet.csv"
        sheet.write_text("paper_id,value\ng1,3.5x\ng2,4.5x\n", encoding="utf-8")
        args = ["check", sheet, "--papers", src, "-o", tmp_path / "report.csv"]
    else:
        out = tmp_path / ("page.html" if command == "render" else "out.csv")
        args = [command, src, "-o", out]
    res = run(*args)
    bad = [line for line in res.stderr.splitlines() if line.startswith(f"claimtab: {src}:")]
    assert sorted(line.split(": ", 2)[1] for line in bad) == [f"{src}:2", f"{src}:3", f"{src}:4"], res.stderr
    assert all(line.endswith("; skipped") for line in bad)
    if command == "check":
        report = read_table(tmp_path / "report.csv")
        assert report["status"].tolist() == ["confirmed", "confirmed"]
    elif command == "render":
        assert res.exit_code == 1 and all(f"Paper {i}" in out.read_text(encoding="utf-8") for i in range(3))
    elif command == "table":
        assert res.exit_code == 1 and ids(out) == ["g0", "g1", "g2"]
    else:
        assert res.exit_code == 1 and out.is_file()


def test_a_missing_later_input_costs_nothing_but_itself(tmp_path: Path) -> None:
    first = papers_file(tmp_path / "a.jsonl")
    out = tmp_path / "claims.csv"
    res = run("extract", first, tmp_path / "missing.jsonl", "-o", out)
    assert res.exit_code == 1 and ids(out) == ["g0", "g1", "g2"]
    assert res.stderr.splitlines()[0] == f"claimtab: {tmp_path / 'missing.jsonl'}: no such file; skipped"
    res = run("extract", first, tmp_path / "missing.jsonl", "-o", out, "--strict")
    assert res.one_line_error() == f"claimtab: {tmp_path / 'missing.jsonl'}: no such file"


def test_strict_stops_at_the_first_bad_record(tmp_path: Path) -> None:
    src = papers_file(tmp_path / "in.jsonl", [BAD["text too long"], BAD["lone surrogate"]])
    res = run("extract", src, "--strict")
    assert "in.jsonl:2: the abstract has 1,079,999 characters" in res.one_line_error()


def test_limits_are_options(tmp_path: Path) -> None:
    src = papers_file(tmp_path / "in.jsonl", [json.dumps({"id": "n", "abstract": "1, " * 40 + "2 tokens/s"}).encode()])
    res = run("extract", src, "--max-numbers", "20")
    assert res.exit_code == 1 and "a sentence with 41 numbers (at character 0), over the limit of 20" in res.stderr
    assert run("extract", src, "--max-numbers", "0").exit_code == 0


def test_inputs_and_output_are_checked_before_any_work(tmp_path: Path, monkeypatch) -> None:
    def no_work(*args, **kwargs):
        raise AssertionError("extraction started")

    monkeypatch.setattr(api, "extract", no_work)
    monkeypatch.setattr(jobs, "run_rows", no_work)
    src = papers_file(tmp_path / "in.jsonl")
    before = src.read_bytes()
    assert "is also an input" in run("extract", src, "-o", src).one_line_error()
    assert src.read_bytes() == before
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "old.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "ro" / "old.csv").chmod(0o444)
    if not os.access(tmp_path / "ro" / "old.csv", os.W_OK):  # root may write anything
        assert "read-only" in run("extract", src, "-o", tmp_path / "ro" / "old.csv").one_line_error()
    (tmp_path / "folder.csv").mkdir()
    assert "is a folder" in run("extract", src, "-o", tmp_path / "folder.csv").one_line_error()
    assert "is not a folder" in run("extract", src, "-o", src / "x.csv").one_line_error()
    assert "no such file" in run("extract", tmp_path / "nope.jsonl", "-o", tmp_path / "x.csv").one_line_error()
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("paper_id,value\ng1,3.5x\n", encoding="utf-8")
    assert "is also an input" in run("check", sheet, "--papers", src, "-o", sheet).one_line_error()
    assert "is also an input" in run("lint", src, "-o", src).one_line_error()
    assert "is also an input" in run("render", src, "-o", src).one_line_error()
    assert "does not exist" in run("render", src, "-o", tmp_path / "no" / "page.html").one_line_error()


def test_no_exception_leaves_main(tmp_path: Path, monkeypatch) -> None:
    import claimtab.frame

    src = papers_file(tmp_path / "in.jsonl")

    def broken(*args, **kwargs):
        raise ValueError("a bug\nin two lines")

    monkeypatch.setattr(claimtab.frame, "rows_frame", broken)  # what extract makes its table with
    res = run("extract", src)
    assert res.one_line_error(3) == (
        "claimtab: internal error: ValueError: a bug in two lines (set CLAIMTAB_DEBUG=1 for details)")
    monkeypatch.setattr(claimtab.frame, "rows_frame", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    assert run("extract", src).one_line_error(130) == "claimtab: interrupted"
    res = run("extract", "--no-such-option")
    assert res.exit_code == 2 and "No such option" in res.stderr and res.stdout == ""


def test_markup_and_control_characters_in_names_are_shown_not_obeyed(tmp_path: Path) -> None:
    name = tmp_path / "[bold]x\x1b[31m.jsonl"
    line = run("extract", name).one_line_error()
    assert "[bold]x\\x1b[31m.jsonl: no such file" in line and "\x1b" not in line


# --------------------------------------------------------------------------- the installed command


def _script(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=300, **kwargs)


def test_the_installed_command_keeps_its_promise(tmp_path: Path) -> None:
    assert SCRIPT.is_file(), f"no claimtab console script at {SCRIPT}"
    src = papers_file(tmp_path / "in.jsonl", [BAD["lone surrogate"], BAD["text too long"]])
    out = tmp_path / "claims.xlsx"
    res = _script("extract", src, "-o", out)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr and len(res.stderr.splitlines()) == 3
    assert ids(out) == ["g0", "g1", "g2"]
    res = _script("extract", tmp_path / "nope.jsonl")
    assert res.returncode == 2 and res.stderr.splitlines() == [f"claimtab: {tmp_path / 'nope.jsonl'}: no such file"]


def _big_input(path: Path, papers: int = 200) -> Path:
    sentence = "Model{j} is {k}.5x faster than SST{j} on ImageNet."
    with path.open("w", encoding="utf-8") as f:
        for i in range(papers):
            text = " ".join(sentence.format(j=j, k=j + 2) for j in range(12))
            f.write(json.dumps({"id": f"p{i}", "title": f"Paper {i}", "abstract": text}) + "\n")
    return path


@pytest.mark.parametrize(("signum", "code", "said"), [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
def test_a_run_killed_during_its_write_leaves_the_old_output(tmp_path: Path, signum: int, code: int, said: str) -> None:
    out = tmp_path / "claims.xlsx"
    res = _script("extract", papers_file(tmp_path / "small.jsonl"), "-o", out)
    assert res.returncode == 0, res.stderr
    before = out.read_bytes()
    # The signal must land while the file is being written. A fast machine may finish a small
    # write between two looks at the folder; then the input grows and the run is tried again.
    for papers in (200, 800, 3200):
        src = _big_input(tmp_path / "big.jsonl", papers=papers)
        proc = subprocess.Popen([str(SCRIPT), "extract", str(src), "-o", str(out), "--no-progress"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 240
        while not list(tmp_path.glob(".claims.xlsx.*.part")):  # the write has begun
            assert proc.poll() is None, f"finished before its write was seen: {proc.stderr.read()}"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=120)
        if proc.returncode != 0:
            break
        out.write_bytes(before)  # the write won the race: put the old output back, try a longer one
    assert proc.returncode == code, stderr
    assert stderr.splitlines() == [f"claimtab: {said}"]
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl", "claims.xlsx", "small.jsonl"]


def test_a_run_interrupted_before_its_write_leaves_the_old_output(tmp_path: Path) -> None:
    src = _big_input(tmp_path / "big.jsonl", papers=400)
    out = tmp_path / "claims.csv"
    out.write_text("old\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", "from claimtab.cli.app import main; main()", "extract", str(src),
                             "-o", str(out), "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # the rows stream into the .part file from the first chunk on: once it is there the run is
    # under way (a signal sent during start-up, on a loaded machine, would meet Python's own
    # handler and prove nothing)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".claims.csv.*.part")) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    if proc.returncode == 0:  # a fast machine finished first: then the new file is whole
        assert len(read_table(out)) > 1000
    else:
        assert proc.returncode == 130 and stderr.splitlines()[-1] == "claimtab: interrupted"
        assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl", "claims.csv"]


def test_explain_keeps_the_limits() -> None:
    assert "a sentence with 600 numbers (at character 0), over the limit of 500" in run(
        "explain", "1, " * 600).one_line_error()
    assert "the text is not UTF-8 text (undecodable byte 0xE9)" in run("explain", "-", input=b"caf\xe9 2x").one_line_error()
    res = run("explain", "-", input="It is 2.5x faster than SST.")
    assert res.exit_code == 0 and "speedup" in res.stdout
