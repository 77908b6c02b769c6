"""Papers from an arXiv API response saved to a file (Atom XML: ``<feed><entry>...``), read as
it streams, and from a Parquet file of records (the columns of a JSONL or CSV input).

An Atom entry gives a record of the keys the other inputs use: ``id`` (the arXiv id of its
``<id>`` URL, without the version), ``title``, ``abstract`` (``<summary>``), ``comments``
(``<arxiv:comment>``) and ``categories`` (the ``term`` of each ``<category>``, space-
separated as in the metadata snapshot), so ``--categories`` and the comments' links work as
for the snapshot. A document type declaration is refused before anything is read from it: an
entity it declares could expand to gigabytes or read a local file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from claimtab.errors import InputError
from claimtab.io.sources import Context, _open_binary
from claimtab.model import Paper

_ABS_ID = re.compile(r"/abs/(?P<id>.+?)(?:v\d+)?/?$")
_FIELDS = {"id": "id", "title": "title", "summary": "abstract", "comment": "comments"}
_READ = 1 << 16


class _Refused(Exception):
    pass


def arxiv_id(url: str) -> str:
    """``http://arxiv.org/abs/2101.00001v2`` -> ``2101.00001`` (anything else as it is)."""
    m = _ABS_ID.search(url.strip())
    return m.group("id") if m else url.strip()


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


def atom_records(path: Path, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, record) for each ``<entry>`` of an Atom file, streamed."""
    parser = expat.ParserCreate(namespace_separator=" ")
    done: list[tuple[int, dict[str, Any]]] = []
    state: dict[str, Any] = {"entry": None, "field": None, "text": [], "depth": 0}

    def refuse(*args: Any) -> None:
        raise _Refused()

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "entry" and state["entry"] is None:
            state["entry"] = {"categories": []}
            state["line"] = parser.CurrentLineNumber
            return
        entry = state["entry"]
        if entry is None:
            return
        state["depth"] += 1
        if local == "category" and attrs.get("term"):
            entry["categories"].append(attrs["term"])
        elif state["depth"] == 1 and local in _FIELDS:
            state["field"], state["text"] = _FIELDS[local], []

    def end(tag: str) -> None:
        entry = state["entry"]
        if entry is None:
            return
        if _local(tag) == "entry" and state["depth"] == 0:
            entry["categories"] = " ".join(entry["categories"])
            if "id" in entry:
                entry["id"] = arxiv_id(entry["id"])
            done.append((state["line"], entry))
            state["entry"] = None
            return
        if state["field"] is not None and state["depth"] == 1:
            entry[state["field"]] = "".join(state["text"])
            state["field"] = None
        state["depth"] -= 1

    def text(data: str) -> None:
        if state["field"] is not None:
            state["text"].append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    with _open_binary(path, name) as f:
        while True:
            data = f.read(_READ)
            try:
                parser.Parse(data, not data)
            except _Refused:
                raise InputError(f"{name}: declares a document type (entities); an arXiv API response "
                                 "has none, and claimtab does not expand them") from None
            except expat.ExpatError as e:
                yield from done
                raise InputError(f"{name}:{e.lineno}: not well-formed XML ({expat.ErrorString(e.code)})") from None
            yield from done
            done.clear()
            if not data:
                return


def read_atom(path: Path, ctx: Context) -> Iterator[Paper]:
    """Papers from the entries of an Atom file (an entry without a summary is a problem)."""
    for line, record in atom_records(path, ctx.name):
        cols = ctx.record_columns(record, line)
        if cols is None:
            continue
        paper = ctx.paper(record, cols, line)
        if paper is not None:
            yield paper


def read_parquet_papers(path: Path, ctx: Context) -> Iterator[Paper]:
    """Papers from a Parquet file, its columns resolved as a CSV header's; read a batch of
    rows at a time. A row's place (for messages) is its number, counting from 1."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as e:
        raise InputError(f"{ctx.name}: is not a Parquet file ({' '.join(str(e).split())[:200]})") from None
    names = list(pf.schema_arrow.names)
    cols = ctx.columns(names)
    wanted = [c for c in (cols.id, cols.title, cols.text, cols.comments, cols.categories) if c is not None]
    row = 0
    for batch in pf.iter_batches(batch_size=2048, columns=list(dict.fromkeys(wanted))):
        for record in batch.to_pylist():
            row += 1
            if cols.id is not None and record.get(cols.id) is not None and not isinstance(record[cols.id], str):
                record[cols.id] = str(record[cols.id])
            paper = ctx.paper(record, cols, row)
            if paper is not None:
                yield paper


def parquet_rows(path: Path) -> int | None:
    """The rows of a Parquet file, from its footer (for a progress bar)."""
    try:
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    except Exception:
        return None
