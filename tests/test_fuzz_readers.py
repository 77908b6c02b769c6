"""Property-based: byte-mutated files given to every reader. Whatever the bytes of one
record become, no exception leaves :func:`read_papers`, and every other record survives,
exactly as it was written.

The mutations are the kinds of fault the readers must survive: a byte replaced or deleted,
bytes inserted -- quotes, brackets, backslashes, a Latin-1 byte, an invalid UTF-8 sequence,
NUL, line breaks, the delimiter -- all inside one record.

One limit of CSV itself: after a quote left open, the next quote closes it, and when that
quote opens a later field whose text begins with the delimiter the two read as one valid
field. No reader can tell; the good texts here never begin with the delimiter.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtab.io.papers import InputProblem, read_papers

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NASTY = [b'"', b"'", b"\\", b"{", b"}", b"[", b"]", b",", b"\t", b"\n", b"\r", b"\r\n", b"\x00", b"\xe9", b"\xff",
         b"\xc3", b"\xed\xa0\x80", b"\\ud800", b"\\u", b": ", b'""', b"\xef\xbb\xbf", b"9" * 40]

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=60,
).map(str.strip).filter(lambda t: bool(t) and not t.startswith((",", "\t")))


@st.composite
def corpora(draw) -> list[dict[str, str]]:
    n = draw(st.integers(2, 6))
    return [{"id": f"id{i}", "title": draw(texts), "abstract": draw(texts)} for i in range(n)]


@st.composite
def mutations(draw) -> list[tuple[str, float, bytes, int]]:
    """Edits as (op, where in the record 0..1, bytes to insert, how many to delete)."""
    ops = st.tuples(
        st.sampled_from(["insert", "replace", "delete"]),
        st.floats(0, 1),
        st.one_of(st.sampled_from(NASTY), st.binary(min_size=1, max_size=4)),
        st.integers(1, 5),
    )
    return draw(st.lists(ops, min_size=1, max_size=4))


def mutate(record: bytes, edits) -> bytes:
    data = bytearray(record)
    for op, where, blob, count in edits:
        at = min(int(where * len(data)), len(data))
        if op == "insert":
            data[at:at] = blob
        elif op == "replace":
            data[at : at + len(blob)] = blob
        else:
            del data[at : at + count]
    return bytes(data)


def serialise(fmt: str, rows: list[dict[str, str]]) -> tuple[bytes, list[bytes], bytes]:
    """(head, one chunk per record, tail) -- the record chunks without their separators."""
    if fmt == "jsonl":
        return b"", [json.dumps(r, ensure_ascii=False).encode() for r in rows], b""
    if fmt.startswith("json"):
        indent = 2 if fmt == "json-pretty" else None
        return b"[", [json.dumps(r, ensure_ascii=False, indent=indent).encode() for r in rows], b"]"
    delimiter = "\t" if fmt == "tsv" else ","

    def cell(text: str) -> str:  # quoted when needed, a carriage return included (csv.writer forgets it)
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in (delimiter, '"', "\n", "\r")) else text

    def line(cells: list[str]) -> bytes:
        return delimiter.join(cell(c) for c in cells).encode()

    return line(["id", "title", "abstract"]) + b"\n", [line([r["id"], r["title"], r["abstract"]]) for r in rows], b""


def assemble(fmt: str, head: bytes, chunks: list[bytes], tail: bytes) -> bytes:
    if fmt == "json-pretty":
        return head + b"\n" + b",\n".join(chunks) + b"\n" + tail
    if fmt == "json":
        return head + b", ".join(chunks) + tail
    return head + b"".join(c + b"\n" for c in chunks) + tail


EXTENSION = {"jsonl": "jsonl", "json": "json", "json-pretty": "json", "csv": "csv", "tsv": "tsv"}


def _check(tmp_path: Path, fmt: str, rows, k: int, edits) -> None:
    head, chunks, tail = serialise(fmt, rows)
    k %= len(rows)
    chunks[k] = mutate(chunks[k], edits)
    path = tmp_path / f"fuzz.{EXTENSION[fmt]}"
    path.write_bytes(assemble(fmt, head, chunks, tail))
    problems: list[InputProblem] = []
    papers = list(read_papers(path, problems=problems))  # nothing may escape
    got = {(p.id, p.title, p.abstract) for p in papers}
    for i, r in enumerate(rows):
        if i != k:
            assert (r["id"], r["title"], r["abstract"]) in got, (r, papers, problems)
    assert all("\n" not in str(p) for p in problems)


@SETTINGS
@given(rows=corpora(), k=st.integers(0, 5), edits=mutations())
def test_jsonl(tmp_path_factory, rows, k, edits) -> None:
    _check(tmp_path_factory.mktemp("f"), "jsonl", rows, k, edits)


@SETTINGS
@given(rows=corpora(), k=st.integers(0, 5), edits=mutations(), pretty=st.booleans())
def test_json_document(tmp_path_factory, rows, k, edits, pretty) -> None:
    _check(tmp_path_factory.mktemp("f"), "json-pretty" if pretty else "json", rows, k, edits)


@SETTINGS
@given(rows=corpora(), k=st.integers(0, 5), edits=mutations(), tsv=st.booleans())
def test_delimited(tmp_path_factory, rows, k, edits, tsv) -> None:
    _check(tmp_path_factory.mktemp("f"), "tsv" if tsv else "csv", rows, k, edits)


@settings(max_examples=120, deadline=None)
@given(data=st.binary(max_size=3000), name=st.sampled_from(["x.jsonl", "x.json", "x.csv", "x.tsv", "x.txt", "x.md",
                                                               "x.dat", "x.jsonl.gz"]))
def test_any_bytes_under_any_name(tmp_path_factory, data: bytes, name: str) -> None:
    """Any bytes at all: nothing escapes but one line per problem."""
    path = tmp_path_factory.mktemp("f") / name
    path.write_bytes(data)
    problems: list[InputProblem] = []
    for paper in read_papers(path, problems=problems):
        assert paper.abstract or paper.title
        paper.abstract.encode("utf-8")  # only valid text gets through
        paper.title.encode("utf-8")
    assert all("\n" not in str(p) for p in problems)


@settings(max_examples=80, deadline=None)
@given(rows=corpora(), k=st.integers(0, 5), edits=mutations())
def test_papers_page(tmp_path_factory, rows, k, edits) -> None:
    """A papers page: the mutated paper may be lost or misread; nothing escapes, and the papers
    two blocks away or more survive."""
    blocks = [f"{r['title'].replace(chr(10), ' ')} Title\n\nWe study it. {r['abstract']} It is 2x faster.\n"
              for r in rows]
    chunks = [b.encode() for b in blocks]
    k %= len(rows)
    chunks[k] = mutate(chunks[k], edits)
    path = tmp_path_factory.mktemp("f") / "page.txt"
    path.write_bytes(b"\n".join(chunks))
    problems: list[InputProblem] = []
    list(read_papers(path, problems=problems))
    assert all("\n" not in str(p) for p in problems)
