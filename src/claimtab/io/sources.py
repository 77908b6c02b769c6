"""Where papers come from: files and stdin read as UTF-8 (lines streamed or whole), the
problems one record can have, generated ids, and turning a record into a :class:`Paper`."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from claimtab.errors import InputError
from claimtab.io.columns import Role, listing, resolve_columns
from claimtab.model import Paper

log = logging.getLogger("claimtab.io")

STDIN = "-"
STDIN_NAME = "<stdin>"
ID_FIELDS = ("id", "paper_id", "arxiv_id", "doc_id")
TITLE_FIELDS = ("title",)
TEXT_FIELDS = ("abstract", "summary", "text", "body")
_BOM = b"\xef\xbb\xbf"
_SLUG_MAX = 80


@dataclass(frozen=True)
class InputProblem:
    """A non-fatal problem with one record; reading continues after it."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


def not_utf8(name: str, data: bytes, offset: int) -> InputError:
    """The error for bytes that do not decode; ``offset`` counts from the file's start."""
    hint = " (it looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
    return InputError(
        f"{name}: is not UTF-8 text{hint}: undecodable byte at offset {offset}; re-save it as UTF-8"
    )


def decode(data: bytes, name: str) -> str:
    """Decode a whole file as UTF-8, accepting a BOM."""
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as e:
        raise not_utf8(name, data, skip + e.start) from None



def slugify(text: str, max_length: int = _SLUG_MAX) -> str:
    """Lowercase ``text``, turn runs of non-alphanumerics into ``-``, cut near ``max_length``."""
    slug = re.sub(r"[\W_]+", "-", text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > max_length // 2 else max_length].strip("-")
    return slug


class Ids:
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


@dataclass(frozen=True)
class Fields:
    """Column names the user asked for (``--id-field`` and friends); None means default."""

    id: str | None = None
    title: str | None = None
    text: str | None = None

    def names(self) -> set[str]:
        """Every column name that would be recognised in a header (lowercased)."""
        given = {n.lower() for n in (self.id, self.title, self.text) if n}
        return given | set(ID_FIELDS) | set(TITLE_FIELDS) | set(TEXT_FIELDS)


@dataclass(frozen=True)
class Columns:
    """The columns (or JSON keys) actually used for one input."""

    id: str | None
    title: str | None
    text: str


ROLES = {
    "id": Role(ID_FIELDS, "--id-field", "the id"),
    "title": Role(TITLE_FIELDS, "--title-field", "the title"),
    "text": Role(TEXT_FIELDS, "--text-field", "the abstract"),
}


def resolve(found: list[str], fields: Fields, name: str) -> Columns:
    """Map the id/title/abstract roles onto the columns of one input."""
    overrides = {"id": fields.id, "title": fields.title, "text": fields.text}
    chosen = resolve_columns(found, ROLES, overrides, where=name, error=InputError)
    if chosen["text"] is None:
        raise InputError(f"{name}: no column for the abstract; columns found: {listing(found)} (use --text-field)")
    return Columns(id=chosen["id"], title=chosen["title"], text=chosen["text"])  # type: ignore[arg-type]


def field_text(record: dict[str, Any], key: str | None, *, numbers_ok: bool = False) -> str:
    """The stripped text of ``record[key]``; a missing key or null is empty."""
    value = record.get(key) if key is not None else None
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if numbers_ok and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"field {key!r} is not text (got {type(value).__name__})")


@dataclass
class Context:
    """What the per-format readers share: the input's name, options, ids and problem sink."""

    name: str
    stem: str
    fields: Fields
    ids: Ids
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

    def columns(self, found: list[str]) -> Columns:
        return resolve(found, self.fields, self.name)

    def paper(self, record: dict[str, Any], cols: Columns, line: int) -> Paper | None:
        """A Paper from one record, or None (after reporting) when it is unusable."""
        try:
            paper_id = field_text(record, cols.id, numbers_ok=True)
            title = field_text(record, cols.title)
            abstract = field_text(record, cols.text)
        except ValueError as e:
            self.report(line, f"{e}; skipped")
            return None
        if not title and not abstract:
            self.report(line, "record has neither a title nor an abstract; skipped")
            return None
        if not paper_id:
            paper_id = self.ids.generated(slugify(title) or f"{self.stem}:{line}")
        return Paper(id=paper_id, title=title, abstract=abstract, source=f"{self.name}:{line}")


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
                raise not_utf8(name, raw if n == 1 else b"", offset + skip + e.start) from None
            offset += len(raw)


def file_text(path: Path, name: str) -> str:
    with _open_binary(path, name) as f:
        return decode(f.read(), name)


def _text_lines(text: str) -> Iterator[str]:
    """Lines of ``text`` split on ``\\n`` only (as a file would be), endings kept."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


@dataclass
class Source:
    """One input, readable either line by line (streamed) or as a whole text."""

    name: str
    path: Path | None = None
    content: str | None = None

    def lines(self) -> Iterator[str]:
        return _text_lines(self.content) if self.path is None else _file_lines(self.path, self.name)

    def text(self) -> str:
        return self.content if self.path is None else file_text(self.path, self.name)


def read_stdin(stream: IO[Any]) -> str:
    """All of stdin as text; bytes are decoded here so that a BOM or bad byte is handled."""
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read()
    if isinstance(data, bytes):
        return decode(data, STDIN_NAME)
    return data.removeprefix("\ufeff")


def peek_stdin(stream: IO[Any], size: int = 65536) -> str:
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


