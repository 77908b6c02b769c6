"""Errors at the door, per record: each kind of bad record costs that record only (one
problem naming file and line), in every reader, and a bad input costs that input only."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
from pathlib import Path

import pytest

from claimtab.io import records, sources
from claimtab.io.papers import InputError, InputProblem, read_papers

GOOD = [{"id": f"g{i}", "title": f"Title {i}", "abstract": f"We are {i + 2}.5x faster than SST."} for i in range(4)]


def read(paths, **kwargs) -> tuple[list[str], list[InputProblem]]:
    problems: list[InputProblem] = []
    ids = [p.id for p in read_papers(paths, problems=problems, **kwargs)]
    return ids, problems


def jsonl_bytes(rows: list) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in rows)


def csv_bytes(rows: list, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["id", "title", "abstract"])
    lines = [out.getvalue().encode()]
    for r in rows:
        if isinstance(r, bytes):
            lines.append(r + b"\n")
        else:
            buf = io.StringIO()
            csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerow([r["id"], r["title"], r["abstract"]])
            lines.append(buf.getvalue().encode())
    return b"".join(lines)


def with_bad(bad, at: int = 2) -> list:
    return [*GOOD[:at], bad, *GOOD[at:]]


def good_ids() -> list[str]:
    return [r["id"] for r in GOOD]


# --------------------------------------------------------------------------- JSON Lines

JSONL_FAULTS = {
    "latin-1 byte": b'{"id": "bad", "abstract": "caf\xe9 3x faster"}',
    "lone surrogate": b'{"id": "bad", "abstract": "\\ud800 4.6x faster"}',
    "bad JSON": b'{"id": "bad", "abstract": }',
    "not an object": b'["bad", "3x faster"]',
    "wrong type": b'{"id": "bad", "abstract": ["3x faster"]}',
    "title not text": b'{"id": "bad", "title": 7, "abstract": "3x faster"}',
    "key twice": b'{"id": "bad", "abstract": "3x faster", "abstract": "4x faster"}',
    "deep nesting": b'{"id": "bad", "abstract": "3x", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "no abstract key": b'{"id": "bad", "name": "3x faster"}',
    "nothing": b'{"id": "bad", "title": "", "abstract": null}',
}


@pytest.mark.parametrize("fault", list(JSONL_FAULTS))
@pytest.mark.parametrize("at", [0, 2, 4])
def test_jsonl_bad_record_costs_that_record(tmp_path: Path, fault: str, at: int) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl_bytes(with_bad(JSONL_FAULTS[fault], at)))
    ids, problems = read(path)
    assert ids == good_ids()
    assert [(p.source, p.line) for p in problems] == [(str(path), at + 1)], problems
    assert "\n" not in str(problems[0]) and str(problems[0]).endswith("skipped")
    with pytest.raises(InputError, match=rf"in\.jsonl:{at + 1}: "):
        list(read_papers(path, strict=True))


def test_jsonl_huge_integers_are_no_reason_to_lose_a_record(tmp_path: Path) -> None:
    digits = "7" * 5000
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl_bytes([f'{{"id": {digits}, "abstract": "3x faster", "n": {digits}}}'.encode(), *GOOD]))
    ids, problems = read(path)
    assert ids == [digits, *good_ids()] and problems == []


def test_jsonl_line_too_long(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_LINE", 200)
    monkeypatch.setattr(records, "MAX_LINE", 200)
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl_bytes(with_bad({"id": "bad", "abstract": "x" * 1000})))
    ids, problems = read(path)
    assert ids == good_ids()
    assert [(p.line, p.message) for p in problems] == [(3, "line is 1,030 bytes long, over the limit of 200; skipped")]


# --------------------------------------------------------------------------- CSV / TSV

CSV_FAULTS = {
    "latin-1 byte": b"bad,T,caf\xe9 3x faster",
    "unclosed quote": b'bad,"T,3x faster',
    "text after a closing quote": b'bad,"T"x,3x faster',
    "too many fields": b"bad,T,3x faster,extra",
    "nothing": b"bad,,",
}


@pytest.mark.parametrize("delimiter", [",", "\t"])
@pytest.mark.parametrize("fault", list(CSV_FAULTS))
@pytest.mark.parametrize("at", [0, 2, 4])
def test_delimited_bad_record_costs_that_record(tmp_path: Path, delimiter: str, fault: str, at: int) -> None:
    path = tmp_path / ("in.tsv" if delimiter == "\t" else "in.csv")
    path.write_bytes(csv_bytes(with_bad(CSV_FAULTS[fault].replace(b",", delimiter.encode()), at), delimiter))
    ids, problems = read(path)
    assert ids == good_ids()
    assert [(p.source, p.line) for p in problems] == [(str(path), at + 2)], problems
    assert "\n" not in str(problems[0])


def test_unclosed_quote_before_quoted_rows_costs_its_row_only(tmp_path: Path) -> None:
    """The rows after an unclosed quote have quotes of their own; none is swallowed."""
    rows = [{**r, "abstract": r["abstract"] + ', and "more"'} for r in GOOD]
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes([rows[0], b'bad,"T,3x faster', *rows[1:]]))
    ids, problems = read(path)
    assert ids == good_ids() and [p.line for p in problems] == [3]


def test_csv_record_too_long(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_RECORD", 300)
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes(with_bad(b'bad,"T,' + b"3x faster\n" * 50)))
    ids, problems = read(path)
    assert ids == good_ids()
    assert problems[0].line == 4 and "over 300 characters long (a quote left open?)" in problems[0].message


def test_csv_field_longer_than_the_csv_module_allows(tmp_path: Path) -> None:
    """131,072 characters is the csv module's own limit; the field is read (and judged by
    the extraction limits later, record by record)."""
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes(with_bad({"id": "long", "title": "T", "abstract": "x" * 200_000})))
    ids, problems = read(path)
    assert ids == ["g0", "g1", "long", "g2", "g3"] and problems == []


@pytest.mark.parametrize("header", ["id,abstract,abstract", "id,Abstract,abstract", "id,id,abstract"])
def test_duplicated_column_is_an_error_not_a_silent_choice(tmp_path: Path, header: str) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(f"{header}\na,first 2x,second 3x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"dup\.csv: the (abstract|id) could be any of 2 columns named"):
        list(read_papers(path))
    good = tmp_path / "good.jsonl"
    good.write_bytes(jsonl_bytes(GOOD))
    ids, problems = read([good, path])
    assert ids == good_ids() and len(problems) == 1 and problems[0].source == str(path)


def test_duplicated_column_that_no_role_uses_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("id,note,note,abstract\na,x,y,3x faster\n", encoding="utf-8")
    assert read(path) == (["a"], [])


# --------------------------------------------------------------------------- JSON documents

JSON_FAULTS = {
    "bad JSON": '{"id": "bad", "abstract": }',
    "unbalanced bracket": '{"id": "bad"{[[, "abstract": "3x"}',
    "lone surrogate": '{"id": "bad", "abstract": "\\udc00 3x"}',
    "wrong type": '{"id": "bad", "abstract": 3}',
    "deep nesting": '{"id": "bad", "abstract": "3x", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "not an object": '"bad"',
}


@pytest.mark.parametrize("fault", list(JSON_FAULTS))
@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("container", [False, True])
def test_json_document_bad_item_costs_that_item(tmp_path: Path, fault: str, indent, container: bool) -> None:
    nested = [{**r, "authors": [{"name": "A", "id": 1}, {"name": "B"}]} for r in GOOD]
    items = [json.dumps(r, indent=indent) for r in nested]
    items.insert(2, JSON_FAULTS[fault])
    sep = ",\n" if indent else ", "
    body = "[" + ("\n" if indent else "") + sep.join(items) + "]"
    text = '{"version": 1, "papers": ' + body + "}" if container else body
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    ids, problems = read(path)
    assert ids == good_ids()
    assert problems and all(p.source == str(path) for p in problems)
    assert any("skipped" in p.message for p in problems)


# --------------------------------------------------------------------------- pages and text files


def test_page_paper_with_a_bad_byte_costs_that_paper(tmp_path: Path) -> None:
    blocks = [f"Title number {i}\n\nWe are {i}x faster than SST. It is good.\n" for i in range(4)]
    blocks[1] = blocks[1].replace("faster", "f\udce9ster")
    path = tmp_path / "page.txt"
    path.write_bytes("\n".join(blocks).encode("utf-8", "surrogateescape"))
    problems: list[InputProblem] = []
    papers = list(read_papers(path, problems=problems))
    assert [p.title for p in papers] == ["Title number 0", "Title number 2", "Title number 3"]
    assert [(p.line, "undecodable byte 0xE9" in p.message) for p in problems] == [(5, True)]


@pytest.mark.parametrize("content", ["id,abstract\n".encode("utf-16"), b"\x00\x01\x02\x03" * 100])
def test_a_file_that_is_not_text_is_refused_whole(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"in\.csv: is not UTF-8 text"):
        list(read_papers(path))


# --------------------------------------------------------------------------- several inputs


def test_a_bad_input_costs_that_input_only(tmp_path: Path) -> None:
    first = tmp_path / "a.jsonl"
    first.write_bytes(jsonl_bytes(GOOD[:2]))
    last = tmp_path / "b.csv"
    last.write_bytes(csv_bytes(GOOD[2:]))
    broken = tmp_path / "c.json"
    broken.write_text("42", encoding="utf-8")
    nocol = tmp_path / "d.csv"
    nocol.write_text("x,y\n1,2\n", encoding="utf-8")
    ids, problems = read([first, tmp_path / "missing.jsonl", broken, nocol, tmp_path, last])
    assert ids == good_ids()
    assert [(p.source, p.line) for p in problems] == [
        (str(tmp_path / "missing.jsonl"), None), (str(broken), None), (str(nocol), None), (str(tmp_path), None)]
    assert "no such file" in problems[0].message and "is a directory" in problems[3].message
    with pytest.raises(InputError, match="missing.jsonl: no such file"):
        list(read_papers([first, tmp_path / "missing.jsonl", last], problems=[], strict=True))
    with pytest.raises(InputError, match="missing.jsonl: no such file"):
        list(read_papers([first, tmp_path / "missing.jsonl", last]))  # nobody collects problems: raised


# --------------------------------------------------------------------------- compressed inputs

COMPRESSORS = {
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
    ".zst": lambda data: __import__("zstandard").ZstdCompressor().compress(data),
}


@pytest.mark.parametrize("suffix", list(COMPRESSORS))
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_compressed_inputs_are_read(tmp_path: Path, suffix: str, fmt: str) -> None:
    data = {"jsonl": jsonl_bytes(GOOD), "csv": csv_bytes(GOOD), "json": json.dumps(GOOD).encode()}[fmt]
    path = tmp_path / f"papers.{fmt}{suffix}"
    path.write_bytes(COMPRESSORS[suffix](data))
    papers = list(read_papers(path))
    assert [p.id for p in papers] == good_ids()
    assert papers[1].source == f"{path}:{2 if fmt == 'jsonl' else 3 if fmt == 'csv' else 1}"


def test_compressed_stdin_and_a_truncated_archive(tmp_path: Path) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(gzip.compress(jsonl_bytes(GOOD))))
    assert [p.id for p in read_papers("-", stdin=stdin)] == good_ids()
    whole = gzip.compress(jsonl_bytes(GOOD * 2000))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    problems: list[InputProblem] = []
    papers = list(read_papers(path, problems=problems))
    assert 100 < len(papers) < 8000 and len(problems) == 1
    assert problems[0].source == str(path) and "the rest of this input is skipped" in problems[0].message
