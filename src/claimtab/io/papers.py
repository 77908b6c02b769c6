"""Turn input files into :class:`claimtab.schema.Paper` records.

Supported inputs, chosen by extension (``-`` is stdin, sniffed from its content):

* JSON Lines (``.jsonl``, ``.ndjson``): one object per line;
* JSON (``.json``): a list of objects, or an object holding one under ``papers``,
  ``data`` or ``records``;
* CSV / TSV (``.csv``, ``.tsv``, ``.tab``) with a header row;
* Parquet (``.parquet``): records in columns, as in a CSV file;
* an arXiv API response saved to a file (Atom XML, ``.atom`` or ``.xml``): one paper per
  ``<entry>``, with its comments and categories (see :mod:`claimtab.io.atom`);
* plain text (``.txt``, ``.md``): either a copied "daily papers" page (titles, each
  followed by a blank line and an abstract paragraph, with page chrome in between)
  or a single paper.

Any of them may be compressed (``papers.jsonl.gz``, ``.zst``, ``.bz2``, ``.xz``): the
compression is known by the file's first bytes, the format by the extension before it, and
the file is decompressed as it is read.

Only :class:`InputError` (fatal, one line naming the file) escapes :func:`read_papers`.
A problem with one record becomes an :class:`InputProblem` and reading goes on,
unless ``strict=True``, which makes the first such problem fatal. When the caller collects
the problems (``problems=[...]``), a whole input that cannot be read (missing, not UTF-8
text, a JSON document that is not a list of papers, a CSV without an abstract column) is
one problem too, and reading goes on with the next input.

Titles and abstracts are passed through as given apart from stripping surrounding
whitespace (and joining the wrapped lines of a papers page with spaces): claim offsets
are computed on the abstract exactly as it is returned here.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from claimtab.errors import InputError
from claimtab.io.atom import parquet_rows, read_atom, read_parquet_papers
from claimtab.io.formats import FORMATS, format_of
from claimtab.io.page import parse_page, read_text
from claimtab.io.records import container_key, read_delimited, read_json, read_jsonl
from claimtab.io.sources import (
    COMPRESSED_SUFFIXES,
    STDIN,
    STDIN_NAME,
    Categories,
    Context,
    Fields,
    Ids,
    InputProblem,
    Source,
    _open_binary,
    decode,
    document_reader,
    file_text,
    input_problem,
    peek_stdin,
    read_stdin,
    resolve,
    slugify,
)
from claimtab.model import Paper

__all__ = ["InputError", "InputProblem", "check_input", "count_records", "detect_format", "read_papers", "slugify"]

_DELIMITERS = {"csv": ",", "tsv": "\t"}


# --------------------------------------------------------------------------- formats


def _format_from_extension(path: Path) -> str | None:
    """The format an extension names ("text" is a page or a txt paper, and so is Markdown
    that is not a table); None if unknown or not a papers format. A compression suffix
    (``.jsonl.gz``) is looked through."""
    if path.suffix.lower() in COMPRESSED_SUFFIXES:
        path = path.with_suffix("")
    name = format_of(path)
    if name is None or not FORMATS[name].papers:
        return None
    return "text" if name == "md" else name


def _sniff(text: str, fields: Fields) -> str:
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
    return "page" if parse_page(text).is_page else "txt"


def _is_json_document(text: str) -> bool:
    """True when ``text`` (starting with ``{``) is one JSON document rather than JSON Lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return False
    return "\n" in text.strip() or container_key(data) is not None


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
            text = peek_stdin(stdin if stdin is not None else sys.stdin)
        return _sniff(text, Fields())
    fmt = _format_from_extension(Path(path))
    if fmt not in (None, "text"):
        return fmt
    if text is None:
        text = file_text(Path(path), os.fspath(path))
    if fmt is None:
        return _sniff(text, Fields())
    return "page" if parse_page(text).is_page else "txt"


def _parse(fmt: str | None, source: Source, ctx: Context) -> Iterator[Paper]:
    """Papers from one source in one format ("text": page or txt; None: sniff the content)."""
    if fmt is None:  # stdin or an unknown extension: read it all and sniff
        text = source.text()
        source, fmt = Source(source.name, content=text), _sniff(text, ctx.fields)
    if fmt == "jsonl":
        return read_jsonl(source.lines(), ctx)
    if fmt in _DELIMITERS:
        return read_delimited(source.lines(), _DELIMITERS[fmt], ctx)
    if fmt == "json":
        return read_json(source.text(), ctx)
    if fmt == "atom" and source.path is not None:
        return read_atom(source.path, ctx)
    if fmt == "parquet" and source.path is not None:
        return read_parquet_papers(source.path, ctx)
    return read_text(source.text(), ctx)


# --------------------------------------------------------------------------- public API


def _inputs(inputs: Any) -> list[str | os.PathLike[str]]:
    if isinstance(inputs, str | os.PathLike):
        return [inputs]
    return list(inputs)


def _read_one(
    item: str | os.PathLike[str],
    fields: Fields,
    ids: Ids,
    strict: bool,
    problems: list[InputProblem] | None,
    stdin: IO[Any] | None,
    keep: Categories | None = None,
) -> Iterator[Paper]:
    """Papers from one input path (or ``-``)."""
    if os.fspath(item) == STDIN:
        ctx = Context(STDIN_NAME, "stdin", fields, ids, strict, problems, keep)
        text = read_stdin(stdin if stdin is not None else sys.stdin)
        yield from _parse(None, Source(STDIN_NAME, content=text), ctx)
    else:
        path = Path(item)
        ctx = Context(os.fspath(item), path.stem, fields, ids, strict, problems, keep)
        yield from _parse(_format_from_extension(path), Source(ctx.name, path=path), ctx)


def read_papers(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    id_field: str | None = None,
    title_field: str | None = None,
    text_field: str | None = None,
    strict: bool = False,
    problems: list[InputProblem] | None = None,
    stdin: IO[Any] | None = None,
    keep: Categories | None = None,
) -> Iterator[Paper]:
    """Yield a :class:`Paper` for every record of ``inputs`` (paths, or ``-`` for stdin).

    ``keep`` (:func:`~claimtab.io.sources.category_filter`) passes over, silently, every
    record none of whose ``categories`` it lists (arXiv's snapshot and API records).

    ``id_field``/``title_field``/``text_field`` name the columns (or JSON keys) to use
    instead of the defaults. Per-record problems are appended to ``problems`` (logged as
    warnings when it is None) and reading goes on; with ``strict`` the first one raises.
    Papers are produced lazily, so large JSONL and CSV files are streamed. Only
    :class:`InputError` is raised.
    """
    fields = Fields(id_field, title_field, text_field)
    ids = Ids()
    for item in _inputs(inputs):
        name = STDIN_NAME if os.fspath(item) == STDIN else os.fspath(item)
        try:
            yield from _read_one(item, fields, ids, strict, problems, stdin, keep)
        except InputError as e:
            if strict or problems is None:
                raise
            problems.append(_file_problem(name, str(e)))
        except Exception as e:  # the promise: nothing but InputError leaves read_papers
            error = InputError(f"{name}: cannot read ({type(e).__name__}: {' '.join(str(e).split())[:200]})")
            if strict or problems is None:
                raise error from e
            problems.append(_file_problem(name, str(error)))


def _file_problem(name: str, message: str) -> InputProblem:
    """A whole input that could not be read (or read to its end), as a problem."""
    rest = message.removeprefix(f"{name}")
    line = None
    if rest.startswith(":") and rest[1:].split(":", 1)[0].isdigit():
        number, rest = rest[1:].split(":", 1)
        line = int(number)
    else:
        rest = rest.removeprefix(":")
    return InputProblem(name, line, rest.strip() + ("" if "skipped" in rest else "; the rest of this input is skipped"))


def check_input(
    item: str | os.PathLike[str], *, id_field: str | None = None, title_field: str | None = None,
    text_field: str | None = None, tables: bool = False,
) -> str | None:
    """Why an input cannot be read at all, found before any work: it is missing, a folder,
    unreadable, not UTF-8 text (UTF-16, binary), or a CSV/TSV whose header has no column for
    the abstract (or two for one role). None when it looks readable; a bad record inside
    is found (and skipped) when it is read. With ``tables``, a claims table (any format
    ``claimtab extract`` writes) is readable too."""
    if document_reader(item) is not None and Path(item).exists():
        return None  # a whole paper: claimtab.io.documents judges it when it reads it
    why = input_problem(item)
    if why is not None or os.fspath(item) == STDIN:
        return why
    path, name = Path(item), os.fspath(item)
    fmt = _format_from_extension(path)
    if tables and format_of(path) in ("xlsx", "parquet"):
        return None  # read_table judges these
    if fmt == "parquet":
        try:
            import pyarrow.parquet as pq

            names = list(pq.ParquetFile(path).schema_arrow.names)
        except Exception as e:
            return f"{name}: is not a Parquet file ({' '.join(str(e).split())[:200]})"
        try:
            resolve(names, Fields(id_field, title_field, text_field), name)
        except InputError as e:
            return str(e)
        return None
    try:
        with _open_binary(path, name) as f:
            text = decode(f.read(1 << 16), name)
        if fmt in _DELIMITERS:
            first = next((line for line in text.splitlines() if line.strip()), None)
            try:
                header = next(csv.reader([first], delimiter=_DELIMITERS[fmt], strict=True)) if first else None
            except csv.Error:
                header = None  # a header quoted over several lines: the full read judges it
            from claimtab.frame import is_claims_frame

            if header and not (tables and is_claims_frame(header)):
                resolve([c.strip() for c in header], Fields(id_field, title_field, text_field), name)
    except InputError as e:
        return str(e)
    except (OSError, EOFError) as e:  # a corrupt archive
        return f"{name}: cannot read ({' '.join(str(e).split())[:200]})"
    return None


def count_records(path: str | os.PathLike[str]) -> int | None:
    """A cheap estimate of how many papers ``path`` holds, for a progress bar.

    Non-blank lines for JSONL, rows for CSV/TSV (lines minus the header), papers for a
    text file; None for stdin, JSON, unknown formats and unreadable files.
    """
    if os.fspath(path) == STDIN:
        return None
    path = Path(path)
    if path.suffix.lower() in COMPRESSED_SUFFIXES:
        return None  # not worth reading a compressed file twice
    fmt = _format_from_extension(path)
    if fmt == "parquet":
        return parquet_rows(path)
    try:
        if fmt in ("jsonl", "csv", "tsv"):
            with path.open("rb") as f:
                lines = sum(1 for line in f if line.strip())
            return lines if fmt == "jsonl" else max(lines - 1, 0)
        if fmt == "text":
            text = file_text(path, os.fspath(path))
            page = parse_page(text)
            return page.papers if page.is_page else int(bool(text.strip()))
    except (OSError, InputError):
        return None
    return None
