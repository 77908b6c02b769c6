"""Papers from records: JSON Lines (streamed), a JSON document, CSV/TSV with a header.
A bad record is reported and skipped; the others are still read."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from claimtab.errors import InputError
from claimtab.io.sources import Columns, Context
from claimtab.model import Paper

JSON_CONTAINER_KEYS = ("papers", "data", "records")


def read_jsonl(lines: Iterable[str], ctx: Context) -> Iterator[Paper]:
    """One object per line; a bad line is a problem, the others are still read."""
    cols: Columns | None = None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            ctx.report(n, f"invalid JSON: {e.msg} (column {e.colno})")
            continue
        if not isinstance(record, dict):
            ctx.report(n, f"expected a JSON object, got {type(record).__name__}; skipped")
            continue
        if cols is None:
            cols = ctx.columns(list(record))
        paper = ctx.paper(record, cols, n)
        if paper is not None:
            yield paper


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _array_items(text: str, pos: int) -> Iterator[tuple[int, Any]]:
    """(offset, item) for the items of the (already validated) JSON array at ``pos``."""
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, pos + 1)
    while text[pos] != "]":
        item, end = decoder.raw_decode(text, pos)
        yield pos, item
        pos = _skip_ws(text, end)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)


def _container_offset(text: str, pos: int, wanted: str) -> int:
    """Offset of the list under key ``wanted`` in the (validated) JSON object at ``pos``."""
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, pos + 1)
    while text[pos] != "}":
        key, end = decoder.raw_decode(text, pos)
        pos = _skip_ws(text, _skip_ws(text, end) + 1)  # past the ':'
        if key == wanted and text[pos] == "[":
            return pos
        _, end = decoder.raw_decode(text, pos)
        pos = _skip_ws(text, end)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
    raise ValueError(f"no {wanted!r} list found")  # unreachable for a document json.loads accepted


def _json_records(text: str, name: str) -> Iterator[tuple[int, Any]]:
    """(line, record) for every record of a JSON document."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{name}:{e.lineno}: invalid JSON: {e.msg} (column {e.colno})") from None
    start = _skip_ws(text, 0)
    key = container_key(data)
    if key is not None:
        items = _array_items(text, _container_offset(text, start, key))
    elif isinstance(data, list):
        items = _array_items(text, start)
    elif isinstance(data, dict):
        items = iter([(start, data)])  # a single paper
    else:
        keys = ", ".join(repr(k) for k in JSON_CONTAINER_KEYS)
        raise InputError(f"{name}: expected a list of objects or an object with a {keys} list")
    line, seen = 1, 0
    for offset, item in items:
        line += text.count("\n", seen, offset)
        seen = offset
        yield line, item


def container_key(data: Any) -> str | None:
    """The key (papers/data/records) under which a JSON object holds its list of records."""
    if not isinstance(data, dict):
        return None
    return next((k for k in JSON_CONTAINER_KEYS if isinstance(data.get(k), list)), None)


def read_json(text: str, ctx: Context) -> Iterator[Paper]:
    """A JSON document; records that are not objects are problems."""
    if not text.strip():
        return
    cols: Columns | None = None
    for line, record in _json_records(text, ctx.name):
        if not isinstance(record, dict):
            ctx.report(line, f"expected a JSON object, got {type(record).__name__}; skipped")
            continue
        if cols is None:
            cols = ctx.columns(list(record))
        paper = ctx.paper(record, cols, line)
        if paper is not None:
            yield paper


def read_delimited(lines: Iterable[str], delimiter: str, ctx: Context) -> Iterator[Paper]:
    """CSV or TSV with a header row; ``source`` points at the line a row starts on."""
    kind = "TSV" if delimiter == "\t" else "CSV"
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)  # blank lines before the header
        if header is None:
            return
        columns = [cell.strip() for cell in header]
        cols = ctx.columns(columns)
        previous = reader.line_num
        for row in reader:
            line, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
                ctx.report(line, f"row has {len(row)} fields but the header has {len(columns)}; skipped")
                continue
            paper = ctx.paper(dict(zip(columns, row, strict=False)), cols, line)
            if paper is not None:
                yield paper
    except csv.Error as e:
        raise InputError(f"{ctx.name}:{reader.line_num}: malformed {kind}: {e}") from None


