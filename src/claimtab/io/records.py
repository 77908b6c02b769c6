"""Papers from records: JSON Lines (streamed), a JSON document, CSV/TSV with a header.
A bad record is reported and skipped; the others are still read.

What a bad record is, by format:

- JSON Lines: a line that is not JSON (or nests too deeply), that is not an object, whose
  keys name no abstract, whose fields are not text, that holds a key twice, or that is
  longer than :data:`~claimtab.io.sources.MAX_LINE`;
- a JSON document: the same, for each item of its list. In a document that does not parse
  as a whole, reading goes on after a broken item at the next item (an object after a
  comma, with the indentation of the items before), so one broken item costs that item;
- CSV/TSV: a row with more fields than the header, a bad quote (a quote left open, or text
  after a closing quote), or a record longer than :data:`MAX_RECORD` characters. Reading
  starts again on the line after the one the bad record began on, so an unclosed quote
  costs its own row and not every row after it.
"""

from __future__ import annotations

import csv
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from claimtab.errors import InputError
from claimtab.io.sources import MAX_LINE, Context, LongLine, json_int, json_object
from claimtab.model import Paper

JSON_CONTAINER_KEYS = ("papers", "data", "records")

# The most characters one CSV record may span (a record over it is most likely a quote left
# open, which would otherwise swallow the rest of the file).
MAX_RECORD = 16 * 1024 * 1024


def _loads(text: str) -> Any:
    """json.loads that keeps huge integers as digits and notes keys given twice."""
    return json.loads(text, parse_int=json_int, object_pairs_hook=json_object)


def _json_error(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"invalid JSON: {e.msg} (column {e.colno})"
    if isinstance(e, RecursionError):
        return "invalid JSON: nested too deeply"
    return f"invalid JSON: {' '.join(str(e).split())[:200]}"


def _long_line(line: LongLine) -> str:
    return f"line is {line.size:,} bytes long, over the limit of {MAX_LINE:,}; skipped"


def read_jsonl(lines: Iterable[str], ctx: Context) -> Iterator[Paper]:
    """One object per line; a bad line is a problem, the others are still read."""
    for n, line in enumerate(lines, 1):
        if isinstance(line, LongLine):
            ctx.report(n, _long_line(line))
            continue
        if not line.strip():
            continue
        try:
            record = _loads(line)
        except (ValueError, RecursionError) as e:
            ctx.report(n, f"{_json_error(e)}; skipped")
            continue
        paper = _record_paper(record, n, ctx)
        if paper is not None:
            yield paper


def _record_paper(record: Any, line: int, ctx: Context) -> Paper | None:
    if not isinstance(record, dict):
        ctx.report(line, f"expected a JSON object, got {type(record).__name__}; skipped")
        return None
    cols = ctx.record_columns(record, line)
    return None if cols is None else ctx.paper(record, cols, line)


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _array_items(text: str, pos: int) -> Iterator[tuple[int, Any]]:
    """(offset, item) for the items of the (already validated) JSON array at ``pos``."""
    decoder = json.JSONDecoder(parse_int=json_int, object_pairs_hook=json_object)
    pos = _skip_ws(text, pos + 1)
    while text[pos] != "]":
        item, end = decoder.raw_decode(text, pos)
        yield pos, item
        pos = _skip_ws(text, end)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)


def _container_offset(text: str, pos: int, wanted: str) -> int:
    """Offset of the list under key ``wanted`` in the (validated) JSON object at ``pos``."""
    decoder = json.JSONDecoder(parse_int=json_int)
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


_CONTAINER = re.compile(r'"(?:papers|data|records)"\s*:\s*\[')
_NEXT_ITEM = re.compile(r",(\s*)\{")


def _line_of(text: str, offset: int, seen: tuple[int, int]) -> tuple[int, int]:
    """(line, offset) of ``offset``, counting from an earlier (line, offset)."""
    line, at = seen
    return line + text.count("\n", at, offset), offset


def _json_records(text: str, ctx: Context) -> Iterator[tuple[int, Any]]:
    """(line, record) for every record of a JSON document; with a broken document, its
    items one by one (a broken item is reported)."""
    name = ctx.name
    try:
        data = _loads(text)
    except (ValueError, RecursionError) as e:
        yield from _broken_json_records(text, ctx, e)
        return
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
    seen = (1, 0)
    for offset, item in items:
        seen = _line_of(text, offset, seen)
        yield seen[0], item


def _broken_json_records(text: str, ctx: Context, error: Exception) -> Iterator[tuple[int, Any]]:
    """The items of a JSON document that does not parse, each parsed on its own: after a
    broken item, reading goes on at the next ``, {`` that starts an object followed by
    ``,`` or ``]`` (with the same line break and indentation as the items before, in a
    document written one item per line)."""
    start = _skip_ws(text, 0)
    where = None
    if text.startswith("[", start):
        where = start
    elif text.startswith("{", start):
        m = _CONTAINER.search(text, start)
        where = m.end() - 1 if m else None
    if where is None:
        line = error.lineno if isinstance(error, json.JSONDecodeError) else 1
        raise InputError(f"{ctx.name}:{line}: {_json_error(error)}")
    decoder = json.JSONDecoder(parse_int=json_int, object_pairs_hook=json_object)
    seen = (1, 0)
    pos = _skip_ws(text, where + 1)
    indent: str | None = None  # the whitespace between two objects read, when it breaks the line
    gap_before: str | None = None
    while pos < len(text) and text[pos] != "]":
        seen = _line_of(text, pos, seen)
        try:
            item, end = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError) as e:
            ctx.report(seen[0], f"{_json_error(e)}; skipped")
            nxt = _next_item(text, pos, indent, decoder)
            if nxt is None:
                return
            pos, gap_before = nxt, None
            continue
        if indent is None and isinstance(item, dict) and gap_before and "\n" in gap_before:
            indent = gap_before
        if isinstance(item, list):  # "[[{...}, {...}]": a stray bracket opened a nested list
            for inner in item:
                yield seen[0], inner
        else:
            yield seen[0], item
        after = _skip_ws(text, end)
        gap_before = None
        if after < len(text) and text[after] == ",":
            gap = _skip_ws(text, after + 1)
            gap_before = text[after + 1 : gap] if isinstance(item, dict) else None
            pos = gap
        elif after < len(text) and text[after] == "]" and text[after + 1 :].strip() in ("", "}"):
            return
        elif after < len(text) and text[after] == "]":  # a list inside a broken item ended: read on
            nxt = _next_item(text, after, indent, decoder)
            if nxt is None:
                return
            pos = nxt
        else:  # something else after an item: look for the next one
            ctx.report(_line_of(text, after, seen)[0], "invalid JSON: expected ',' or ']' after an item; skipped")
            nxt = _next_item(text, after, indent, decoder)
            if nxt is None:
                return
            pos = nxt


def _next_item(text: str, pos: int, indent: str | None, decoder: json.JSONDecoder) -> int | None:
    """Where the next item after a broken one begins, or None: the first object after a
    comma with the items' indentation (when it is known), else after any comma."""
    for wanted in ([indent] if indent is not None else []) + [None]:
        for m in _NEXT_ITEM.finditer(text, pos):
            if wanted is None or m.group(1) == wanted:
                at = m.end() - 1
                if _object_at(text, at, decoder):
                    return at
    return None


def _object_at(text: str, at: int, decoder: json.JSONDecoder) -> bool:
    """True when an object starts at ``at`` and is followed by ``,`` or ``]``."""
    try:
        item, end = decoder.raw_decode(text, at)
    except (ValueError, RecursionError):
        return False
    after = _skip_ws(text, end)
    return isinstance(item, dict) and after < len(text) and text[after] in ",]"


def container_key(data: Any) -> str | None:
    """The key (papers/data/records) under which a JSON object holds its list of records."""
    if not isinstance(data, dict):
        return None
    return next((k for k in JSON_CONTAINER_KEYS if isinstance(data.get(k), list)), None)


def read_json(text: str, ctx: Context) -> Iterator[Paper]:
    """A JSON document; records that are not objects are problems."""
    if not text.strip():
        return
    for line, record in _json_records(text, ctx):
        paper = _record_paper(record, line, ctx)
        if paper is not None:
            yield paper


class _TooLong(Exception):
    pass


class _Lines:
    """The lines a ``csv.reader`` reads, numbered, keeping those of the record being read so
    that a bad record can be read again from its second line."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self._again: deque[tuple[int, str]] = deque()
        self._next = 1
        self.record: list[tuple[int, str]] = []
        self._size = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            n, line = self._again.popleft()
        else:
            line, n = next(self._lines), self._next
            self._next += 1
        self.record.append((n, line))
        self._size += len(line)
        if self._size > MAX_RECORD:
            raise _TooLong()
        return line

    def begin(self) -> None:
        """A new record starts with the next line."""
        self.record, self._size = [], 0

    @property
    def first(self) -> int:
        return self.record[0][0] if self.record else self._next

    def again_after_first(self) -> None:
        """Read the lines of the current record again, from its second line on."""
        self._again.extendleft(reversed(self.record[1:]))
        self.begin()


def read_delimited(lines: Iterable[str], delimiter: str, ctx: Context) -> Iterator[Paper]:
    """CSV or TSV with a header row; ``source`` points at the line a row starts on."""
    kind = "TSV" if delimiter == "\t" else "CSV"
    if csv.field_size_limit() < MAX_RECORD:
        csv.field_size_limit(MAX_RECORD)  # fields are judged by the limits, not by the csv module
    src = _Lines(lines)
    reader = csv.reader(src, delimiter=delimiter, strict=True)
    header = _header(reader, src, ctx, kind)
    if header is None:
        return
    columns = [cell.strip() for cell in header]
    cols = ctx.columns(columns)
    while True:
        src.begin()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            ctx.report(src.first, f"malformed {kind} record ({_quote_problem(e)}); skipped")
            src.again_after_first()
            continue
        except _TooLong:
            ctx.report(src.first, f"record is over {MAX_RECORD:,} characters long (a quote left open?); skipped")
            src.again_after_first()
            continue
        line = src.first
        long = next((text for _, text in src.record if isinstance(text, LongLine)), None)
        if long is not None:
            ctx.report(line, _long_line(long))
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            ctx.report(line, f"row has {len(row)} fields but the header has {len(columns)}; skipped")
            continue
        paper = ctx.paper(dict(zip(columns, row, strict=False)), cols, line)
        if paper is not None:
            yield paper


def _header(reader: Any, src: _Lines, ctx: Context, kind: str) -> list[str] | None:
    """The first non-blank row; a header that does not parse makes the file unreadable."""
    while True:
        src.begin()
        try:
            header = next(reader, None)
        except (csv.Error, _TooLong) as e:
            what = _quote_problem(e) if isinstance(e, csv.Error) else "too long"
            raise InputError(f"{ctx.name}:{src.first}: malformed {kind} header ({what})") from None
        if header is None or any(cell.strip() for cell in header):
            return header


def _quote_problem(e: csv.Error) -> str:
    text = str(e)
    if "unexpected end of data" in text:
        return "a quote is never closed"
    if "expected after" in text:
        return "text after a closing quote"
    return text
