"""Turn input files into :class:`claimtab.schema.Paper` records.

Supported inputs, chosen by extension (``-`` is stdin, sniffed from its content):

* JSON Lines (``.jsonl``, ``.ndjson``): one object per line;
* JSON (``.json``): a list of objects, or an object holding one under ``papers``,
  ``data`` or ``records``;
* CSV / TSV (``.csv``, ``.tsv``, ``.tab``) with a header row;
* plain text (``.txt``, ``.md``): either a copied "daily papers" page (titles, each
  followed by a blank line and an abstract paragraph, with page chrome in between)
  or a single paper.

Only :class:`InputError` (fatal, one line naming the file) escapes :func:`read_papers`.
A problem with one record becomes an :class:`InputProblem` and reading goes on,
unless ``strict=True``, which makes the first such problem fatal.

Titles and abstracts are passed through as given apart from stripping surrounding
whitespace (and joining the wrapped lines of a papers page with spaces): claim offsets
are computed on the abstract exactly as it is returned here.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from claimtab.errors import InputError
from claimtab.io.formats import FORMATS, format_of
from claimtab.model import Paper

__all__ = ["InputError", "InputProblem", "count_records", "detect_format", "read_papers", "slugify"]

log = logging.getLogger(__name__)

STDIN = "-"
STDIN_NAME = "<stdin>"

ID_FIELDS = ("id", "paper_id", "arxiv_id", "doc_id")
TITLE_FIELDS = ("title",)
TEXT_FIELDS = ("abstract", "summary", "text", "body")
JSON_CONTAINER_KEYS = ("papers", "data", "records")

_DELIMITERS = {"csv": ",", "tsv": "\t"}
_BOM = b"\xef\xbb\xbf"
_SLUG_MAX = 80


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class InputProblem:
    """A non-fatal problem with one record; reading continues after it."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


def _not_utf8(name: str, data: bytes, offset: int) -> InputError:
    """The error for bytes that do not decode; ``offset`` counts from the file's start."""
    hint = " (it looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
    return InputError(
        f"{name}: is not UTF-8 text{hint}: undecodable byte at offset {offset}; re-save it as UTF-8"
    )


def _decode(data: bytes, name: str) -> str:
    """Decode a whole file as UTF-8, accepting a BOM."""
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as e:
        raise _not_utf8(name, data, skip + e.start) from None


# --------------------------------------------------------------------------- ids


def slugify(text: str, max_length: int = _SLUG_MAX) -> str:
    """Lowercase ``text``, turn runs of non-alphanumerics into ``-``, cut near ``max_length``."""
    slug = re.sub(r"[\W_]+", "-", text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > max_length // 2 else max_length].strip("-")
    return slug


class _Ids:
    """Makes generated ids unique within one :func:`read_papers` call (``x``, ``x-2``, ...)."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def generated(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self._seen:
            n += 1
            candidate = f"{base}-{n}"
        self._seen.add(candidate)
        return candidate


# --------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class _Fields:
    """Column names the user asked for (``--id-field`` and friends); None means default."""

    id: str | None = None
    title: str | None = None
    text: str | None = None

    def names(self) -> set[str]:
        """Every column name that would be recognised in a header (lowercased)."""
        given = {n.lower() for n in (self.id, self.title, self.text) if n}
        return given | set(ID_FIELDS) | set(TITLE_FIELDS) | set(TEXT_FIELDS)


@dataclass(frozen=True)
class _Columns:
    """The columns (or JSON keys) actually used for one input."""

    id: str | None
    title: str | None
    text: str


def _match_column(found: list[str], wanted: str) -> str | None:
    """``wanted`` as spelled in ``found``: exact match first, then case-insensitive."""
    if wanted in found:
        return wanted
    lowered = wanted.lower()
    return next((c for c in found if c.strip().lower() == lowered), None)


def _listing(found: list[str]) -> str:
    shown = ", ".join(found[:20]) or "(none)"
    return shown + (f", ... ({len(found)} in all)" if len(found) > 20 else "")


def _pick_column(
    found: list[str], override: str | None, defaults: tuple[str, ...], role: str, flag: str, name: str
) -> str | None:
    """The column for one role; an override that is not there is fatal."""
    if override:
        column = _match_column(found, override)
        if column is None:
            raise InputError(
                f"{name}: no column {override!r} for the {role} ({flag}); columns found: {_listing(found)}"
            )
        return column
    return next((c for c in (_match_column(found, d) for d in defaults) if c is not None), None)


def _resolve_columns(found: list[str], fields: _Fields, name: str) -> _Columns:
    """Map the id/title/abstract roles onto the columns of one input."""
    text = _pick_column(found, fields.text, TEXT_FIELDS, "abstract", "--text-field", name)
    if text is None:
        raise InputError(
            f"{name}: no column for the abstract; columns found: {_listing(found)} (use --text-field)"
        )
    return _Columns(
        id=_pick_column(found, fields.id, ID_FIELDS, "id", "--id-field", name),
        title=_pick_column(found, fields.title, TITLE_FIELDS, "title", "--title-field", name),
        text=text,
    )


def _field_text(record: dict[str, Any], key: str | None, *, numbers_ok: bool = False) -> str:
    """The stripped text of ``record[key]``; a missing key or null is empty."""
    value = record.get(key) if key is not None else None
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if numbers_ok and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"field {key!r} is not text (got {type(value).__name__})")


# --------------------------------------------------------------------------- context


@dataclass
class _Context:
    """What the per-format readers share: the input's name, options, ids and problem sink."""

    name: str
    stem: str
    fields: _Fields
    ids: _Ids
    strict: bool
    problems: list[InputProblem] | None

    def report(self, line: int | None, message: str) -> None:
        """Record a per-record problem (fatal when strict; logged when nobody collects them)."""
        problem = InputProblem(self.name, line, message)
        if self.strict:
            raise InputError(str(problem))
        if self.problems is None:
            log.warning("%s", problem)
        else:
            self.problems.append(problem)

    def columns(self, found: list[str]) -> _Columns:
        return _resolve_columns(found, self.fields, self.name)

    def paper(self, record: dict[str, Any], cols: _Columns, line: int) -> Paper | None:
        """A Paper from one record, or None (after reporting) when it is unusable."""
        try:
            paper_id = _field_text(record, cols.id, numbers_ok=True)
            title = _field_text(record, cols.title)
            abstract = _field_text(record, cols.text)
        except ValueError as e:
            self.report(line, f"{e}; skipped")
            return None
        if not title and not abstract:
            self.report(line, "record has neither a title nor an abstract; skipped")
            return None
        if not paper_id:
            paper_id = self.ids.generated(slugify(title) or f"{self.stem}:{line}")
        return Paper(id=paper_id, title=title, abstract=abstract, source=f"{self.name}:{line}")


# --------------------------------------------------------------------------- sources


def _check_file(path: Path, name: str) -> None:
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not a file")
    if not path.exists():
        raise InputError(f"{name}: no such file")


def _open_binary(path: Path, name: str) -> IO[bytes]:
    _check_file(path, name)
    try:
        return path.open("rb")
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror or e})") from None


def _file_lines(path: Path, name: str) -> Iterator[str]:
    """Stream a file's lines (endings kept), decoding UTF-8 and tracking the byte offset."""
    offset = 0
    with _open_binary(path, name) as f:
        for n, raw in enumerate(f, 1):
            skip = len(_BOM) if n == 1 and raw.startswith(_BOM) else 0
            try:
                yield raw[skip:].decode("utf-8")
            except UnicodeDecodeError as e:
                raise _not_utf8(name, raw if n == 1 else b"", offset + skip + e.start) from None
            offset += len(raw)


def _file_text(path: Path, name: str) -> str:
    with _open_binary(path, name) as f:
        return _decode(f.read(), name)


def _text_lines(text: str) -> Iterator[str]:
    """Lines of ``text`` split on ``\\n`` only (as a file would be), endings kept."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


@dataclass
class _Source:
    """One input, readable either line by line (streamed) or as a whole text."""

    name: str
    path: Path | None = None
    content: str | None = None

    def lines(self) -> Iterator[str]:
        return _text_lines(self.content) if self.path is None else _file_lines(self.path, self.name)

    def text(self) -> str:
        return self.content if self.path is None else _file_text(self.path, self.name)


def _read_stdin(stream: IO[Any]) -> str:
    """All of stdin as text; bytes are decoded here so that a BOM or bad byte is handled."""
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read()
    if isinstance(data, bytes):
        return _decode(data, STDIN_NAME)
    return data.removeprefix("\ufeff")


def _peek_stdin(stream: IO[Any], size: int = 65536) -> str:
    """The start of stdin, without consuming it (for :func:`detect_format`)."""
    try:
        if stream.seekable():
            pos = stream.tell()
            head = stream.read(size)
            stream.seek(pos)
            return head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    except OSError:
        pass
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and hasattr(buffer, "peek"):
        return buffer.peek(size)[:size].decode("utf-8", "replace").removeprefix("\ufeff")
    raise InputError(f"{STDIN_NAME}: cannot detect the format without reading the input")


# --------------------------------------------------------------------------- JSONL


def _read_jsonl(lines: Iterable[str], ctx: _Context) -> Iterator[Paper]:
    """One object per line; a bad line is a problem, the others are still read."""
    cols: _Columns | None = None
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


# --------------------------------------------------------------------------- JSON


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
    key = _container_key(data)
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


def _container_key(data: Any) -> str | None:
    """The key (papers/data/records) under which a JSON object holds its list of records."""
    if not isinstance(data, dict):
        return None
    return next((k for k in JSON_CONTAINER_KEYS if isinstance(data.get(k), list)), None)


def _read_json(text: str, ctx: _Context) -> Iterator[Paper]:
    """A JSON document; records that are not objects are problems."""
    if not text.strip():
        return
    cols: _Columns | None = None
    for line, record in _json_records(text, ctx.name):
        if not isinstance(record, dict):
            ctx.report(line, f"expected a JSON object, got {type(record).__name__}; skipped")
            continue
        if cols is None:
            cols = ctx.columns(list(record))
        paper = ctx.paper(record, cols, line)
        if paper is not None:
            yield paper


# --------------------------------------------------------------------------- CSV / TSV


def _read_delimited(lines: Iterable[str], delimiter: str, ctx: _Context) -> Iterator[Paper]:
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


# --------------------------------------------------------------------------- papers page

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
)
# Whole lines that are never part of a paper: dates, counts, separators (but not a lone
# "." or "()": abstracts whose inline math was stripped can wrap onto such a line).
_CHROME_LINE = re.compile(
    rf"""^(?:
        {_DATE}
      | (?:published|submitted|posted|updated)\s+(?:on\s+)?{_DATE}
      | [▲△⬆↑+]?\s*\d+(?:[.,]\d+)*\s*[km]?(?:\s+(?:upvotes?|likes?|comments?|points?|authors?))?
      | (?:©|\(c\)|copyright)\s.{0, 60}
      | submitted\s+by\s+[^\s,.;:]+(?:\s+[^\s,.;:]+){{0,2}}
      | [\s·•∙⋅|—–\-*=~_▲△⬆↑]+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Short lines that start like a site's buttons and bylines.
_CHROME_START = re.compile(r"^(?:subscribe|sign\s+(?:in|up)|log\s*in|upvote)\b", re.I)


def _is_chrome(line: str) -> bool:
    """True for a (stripped) line of page chrome rather than paper text."""
    return bool(_CHROME_LINE.match(line)) or (bool(_CHROME_START.match(line)) and len(line.split()) <= 8)


@dataclass
class _Block:
    """Consecutive text lines of a page, between blank lines or chrome."""

    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    def is_abstract(self) -> bool:
        return _is_prose(self.text)

    def is_title(self) -> bool:
        """One line of two words or more, short enough for a title (it may end with a period)."""
        return len(self.lines) == 1 and len(self.text.split()) >= 2 and len(self.text) <= 300


def _is_prose(text: str) -> bool:
    """A paragraph rather than a heading: four words or more, and sentence-like or long."""
    if len(text.split()) < 4:
        return False
    return len(text) > 300 or re.search(r"\.(?:\s|$)", text) is not None


def _has_two_sentences(text: str) -> bool:
    """A period followed by a capitalised word: what an abstract has and a title rarely does."""
    return re.search(r"\.\s+[A-Z]", text) is not None


def _is_title_line(line: str) -> bool:
    """A single line short enough to be a title and not prose (for a one-paper text file)."""
    return "\n" not in line and len(line) <= 300 and not _is_prose(line)


def _page_blocks(text: str) -> tuple[list[_Block], int]:
    """Text blocks of a page with chrome removed, and how many chrome lines were seen."""
    blocks: list[_Block] = []
    current: _Block | None = None
    chrome = 0
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or _is_chrome(line):
            chrome += bool(line)
            current = None
            continue
        if current is None:
            current = _Block(n, [])
            blocks.append(current)
        current.lines.append(line)
    kept = [b for b in blocks if not (len(b.lines) == 1 and len(b.lines[0].split()) == 1)]  # lone words
    return kept, chrome + len(blocks) - len(kept)


@dataclass
class _Page:
    """A parsed papers page: (title, abstract) entries, title None for an orphan paragraph."""

    entries: list[tuple[_Block | None, _Block]]
    chrome: int

    @property
    def papers(self) -> int:
        return sum(1 for title, _ in self.entries if title is not None)

    @property
    def is_page(self) -> bool:
        """Two or more papers, or one surrounded by chrome."""
        return self.papers >= 2 or (self.papers == 1 and self.chrome > 0)


def _parse_page(text: str) -> _Page:
    """Pair each title line with the abstract paragraph that follows it."""
    blocks, chrome = _page_blocks(text)
    entries: list[tuple[_Block | None, _Block]] = []
    i = 0
    while i < len(blocks):
        if _starts_paper(blocks, i):
            entries.append((blocks[i], blocks[i + 1]))
            i += 2
            continue
        if blocks[i].is_abstract():
            entries.append((None, blocks[i]))
        i += 1
    return _Page(entries, chrome)


def _starts_paper(blocks: list[_Block], i: int) -> bool:
    """True if ``blocks[i]`` is a title and ``blocks[i + 1]`` its abstract.

    Not so when the next block reads as a title (one sentence, say ending in a period)
    followed by an abstract: ``blocks[i]`` is then a heading before that paper.
    """
    if i + 1 >= len(blocks) or not blocks[i].is_title() or not blocks[i + 1].is_abstract():
        return False
    following = blocks[i + 1]
    titled_next = following.is_title() and not _has_two_sentences(following.text)
    return not (titled_next and i + 2 < len(blocks) and blocks[i + 2].is_abstract())


def _page_papers(page: _Page, ctx: _Context) -> Iterator[Paper]:
    for title, abstract in page.entries:
        if title is None:
            ctx.report(abstract.line, "paragraph without a title line before it; skipped")
            continue
        paper_id = ctx.ids.generated(slugify(title.text) or f"{ctx.stem}-{title.line}")
        yield Paper(id=paper_id, title=title.text, abstract=abstract.text, source=f"{ctx.name}:{title.line}")


def _single_paper(text: str, ctx: _Context) -> Iterator[Paper]:
    """A whole text file as one paper; a short first line before a blank line is the title."""
    body = text.strip()
    if not body:
        return
    title = ""
    parts = re.split(r"\n[ \t\r]*\n", body, maxsplit=1)
    first = parts[0].strip()
    if len(parts) == 2 and _is_title_line(first):
        title, body = first, parts[1].strip()
    yield Paper(id=ctx.ids.generated(ctx.stem), title=title, abstract=body, source=f"{ctx.name}:1")


def _read_text(text: str, ctx: _Context) -> Iterator[Paper]:
    """A papers page, or else a single paper."""
    page = _parse_page(text)
    if page.is_page:
        yield from _page_papers(page, ctx)
    else:
        yield from _single_paper(text, ctx)


# --------------------------------------------------------------------------- formats


def _format_from_extension(path: Path) -> str | None:
    """The format an extension names ("text" is a page or a txt paper, and so is Markdown
    that is not a table); None if unknown or not a papers format."""
    name = format_of(path)
    if name is None or not FORMATS[name].papers:
        return None
    return "text" if name == "md" else name


def _sniff(text: str, fields: _Fields) -> str:
    """Guess the format of content with no extension to go by."""
    head = text.lstrip()
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return "json" if _is_json_document(head) else "jsonl"
    first = head.split("\n", 1)[0]
    known = fields.names()
    for fmt, delimiter in (("tsv", "\t"), ("csv", ",")):
        cells = [cell.strip().strip('"').lower() for cell in first.split(delimiter)]
        if len(cells) > 1 and known.intersection(cells):
            return fmt
    return "page" if _parse_page(text).is_page else "txt"


def _is_json_document(text: str) -> bool:
    """True when ``text`` (starting with ``{``) is one JSON document rather than JSON Lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return False
    return "\n" in text.strip() or _container_key(data) is not None


def detect_format(
    path: str | os.PathLike[str], *, text: str | None = None, stdin: IO[Any] | None = None
) -> str:
    """The format of ``path``: "jsonl", "json", "csv", "tsv", "page" or "txt".

    By extension; a ``.txt``/``.md`` file is read to tell a papers page from a single
    paper, and ``-`` (stdin) or an unknown extension is sniffed from the content.
    ``text`` supplies the content instead of reading it; stdin is peeked, not consumed.
    """
    if os.fspath(path) == STDIN:
        if text is None:
            text = _peek_stdin(stdin if stdin is not None else sys.stdin)
        return _sniff(text, _Fields())
    fmt = _format_from_extension(Path(path))
    if fmt not in (None, "text"):
        return fmt
    if text is None:
        text = _file_text(Path(path), os.fspath(path))
    if fmt is None:
        return _sniff(text, _Fields())
    return "page" if _parse_page(text).is_page else "txt"


def _parse(fmt: str | None, source: _Source, ctx: _Context) -> Iterator[Paper]:
    """Papers from one source in one format ("text": page or txt; None: sniff the content)."""
    if fmt is None:  # stdin or an unknown extension: read it all and sniff
        text = source.text()
        source, fmt = _Source(source.name, content=text), _sniff(text, ctx.fields)
    if fmt == "jsonl":
        return _read_jsonl(source.lines(), ctx)
    if fmt in _DELIMITERS:
        return _read_delimited(source.lines(), _DELIMITERS[fmt], ctx)
    if fmt == "json":
        return _read_json(source.text(), ctx)
    return _read_text(source.text(), ctx)


# --------------------------------------------------------------------------- public API


def _inputs(inputs: Any) -> list[str | os.PathLike[str]]:
    if isinstance(inputs, str | os.PathLike):
        return [inputs]
    return list(inputs)


def _read_one(
    item: str | os.PathLike[str],
    fields: _Fields,
    ids: _Ids,
    strict: bool,
    problems: list[InputProblem] | None,
    stdin: IO[Any] | None,
) -> Iterator[Paper]:
    """Papers from one input path (or ``-``)."""
    if os.fspath(item) == STDIN:
        ctx = _Context(STDIN_NAME, "stdin", fields, ids, strict, problems)
        text = _read_stdin(stdin if stdin is not None else sys.stdin)
        yield from _parse(None, _Source(STDIN_NAME, content=text), ctx)
    else:
        path = Path(item)
        ctx = _Context(os.fspath(item), path.stem, fields, ids, strict, problems)
        yield from _parse(_format_from_extension(path), _Source(ctx.name, path=path), ctx)


def read_papers(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    id_field: str | None = None,
    title_field: str | None = None,
    text_field: str | None = None,
    strict: bool = False,
    problems: list[InputProblem] | None = None,
    stdin: IO[Any] | None = None,
) -> Iterator[Paper]:
    """Yield a :class:`Paper` for every record of ``inputs`` (paths, or ``-`` for stdin).

    ``id_field``/``title_field``/``text_field`` name the columns (or JSON keys) to use
    instead of the defaults. Per-record problems are appended to ``problems`` (logged as
    warnings when it is None) and reading goes on; with ``strict`` the first one raises.
    Papers are produced lazily, so large JSONL and CSV files are streamed. Only
    :class:`InputError` is raised.
    """
    fields = _Fields(id_field, title_field, text_field)
    ids = _Ids()
    for item in _inputs(inputs):
        name = STDIN_NAME if os.fspath(item) == STDIN else os.fspath(item)
        try:
            yield from _read_one(item, fields, ids, strict, problems, stdin)
        except InputError:
            raise
        except Exception as e:  # the promise: nothing but InputError leaves read_papers
            raise InputError(f"{name}: cannot read ({type(e).__name__}: {e})") from e


def count_records(path: str | os.PathLike[str]) -> int | None:
    """A cheap estimate of how many papers ``path`` holds, for a progress bar.

    Non-blank lines for JSONL, rows for CSV/TSV (lines minus the header), papers for a
    text file; None for stdin, JSON, unknown formats and unreadable files.
    """
    if os.fspath(path) == STDIN:
        return None
    path = Path(path)
    fmt = _format_from_extension(path)
    try:
        if fmt in ("jsonl", "csv", "tsv"):
            with path.open("rb") as f:
                lines = sum(1 for line in f if line.strip())
            return lines if fmt == "jsonl" else max(lines - 1, 0)
        if fmt == "text":
            text = _file_text(path, os.fspath(path))
            page = _parse_page(text)
            return page.papers if page.is_page else int(bool(text.strip()))
    except (OSError, InputError):
        return None
    return None
