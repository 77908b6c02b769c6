"""Where papers come from: files (plain, gzip, zstandard, bzip2 or xz; streamed line by line
or read whole) and stdin, the problems one record can have, generated ids, and turning a
record into a :class:`Paper`.

Bytes that are not UTF-8 do not stop a file: they are read as lone surrogates
(``surrogateescape``) and the record whose id, title or abstract holds one is reported and
skipped, like a record whose JSON holds a lone ``\\ud800`` escape. Only a file that is not
UTF-8 text at all (UTF-16, binary) is refused as a whole.
"""

from __future__ import annotations

import bz2
import gzip
import io
import logging
import lzma
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from claimtab.errors import InputError
from claimtab.io.columns import Role, column_key, listing, resolve_columns
from claimtab.io.limits import surrogate_problem
from claimtab.model import Paper

log = logging.getLogger("claimtab.io")

STDIN = "-"
STDIN_NAME = "<stdin>"
ID_FIELDS = ("id", "paper_id", "arxiv_id", "doc_id")
TITLE_FIELDS = ("title",)
TEXT_FIELDS = ("abstract", "summary", "text", "body")
COMMENT_FIELDS = ("comments", "comment")  # the arXiv's authors' comments: where a code URL often is
CATEGORY_FIELDS = ("categories", "category")
_BOM = b"\xef\xbb\xbf"
_SLUG_MAX = 80

# The longest line read (in bytes); a longer one is one bad record, not a run out of memory.
MAX_LINE = 64 * 1024 * 1024

# Compressed inputs, known by their first bytes; the extension before ``.gz`` (``.jsonl.gz``)
# names the format.
COMPRESSED_SUFFIXES = (".gz", ".zst", ".zstd", ".bz2", ".xz")
_MAGIC = {b"\x1f\x8b": "gzip", b"\x28\xb5\x2f\xfd": "zstandard", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz"}


# Whole papers, read by :mod:`claimtab.io.documents` rather than as records: the reader
# each name's suffix calls for (a folder holding a .tex file is a LaTeX source too).
DOCUMENT_READERS = {
    ".tex": "latex", ".ltx": "latex", ".latex": "latex", ".tar": "latex", ".tgz": "latex", ".tar.gz": "latex",
    ".zip": "latex", ".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html", ".tei": "tei",
    ".tei.xml": "tei",
}


def document_suffix(path: str | os.PathLike[str]) -> str:
    """The suffix that names a whole paper's format: ``.tar.gz`` and ``.tei.xml`` are one."""
    name = Path(path).name.lower()
    return next((two for two in (".tar.gz", ".tei.xml") if name.endswith(two)), Path(name).suffix)


def document_reader(path: str | os.PathLike[str]) -> str | None:
    """Which document reader ``path`` calls for (``latex``, ``pdf``, ``html``, ``tei``), or
    None when it holds records (JSONL, CSV, a papers page ...) or stdin."""
    if os.fspath(path) == STDIN:
        return None
    p = Path(path)
    if p.is_dir():
        return "latex" if next(p.glob("*.tex"), None) is not None else None
    return DOCUMENT_READERS.get(document_suffix(p))


def document_id(path: str | os.PathLike[str]) -> str:
    """A whole paper's id: its file (or folder) name without the format's suffix."""
    p = Path(path)
    suffix = "" if p.is_dir() else document_suffix(p)
    return p.name[: len(p.name) - len(suffix)] if suffix else p.name


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


def _refuse_non_text(head: bytes, name: str) -> None:
    """InputError when the first bytes of a file show it is not UTF-8 text at all."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head.count(b"\x00") * 10 > len(head) > 0:
        raise not_utf8(name, head, 0)


def decode(data: bytes, name: str) -> str:
    """Decode a whole file as UTF-8 (a BOM is accepted); undecodable bytes become lone
    surrogates, which the record holding them reports. UTF-16 and binary are refused."""
    _refuse_non_text(data[:4096], name)
    skip = len(_BOM) if data.startswith(_BOM) else 0
    return data[skip:].decode("utf-8", "surrogateescape")


class LongLine(str):
    """Stands in for a line longer than :data:`MAX_LINE` (an empty line, with its size)."""

    size: int = 0



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
    comments: str | None = None
    categories: str | None = None


ROLES = {
    "id": Role(ID_FIELDS, "--id-field", "the id"),
    "title": Role(TITLE_FIELDS, "--title-field", "the title"),
    "text": Role(TEXT_FIELDS, "--text-field", "the abstract"),
}
_EXTRA_ROLES = {
    "comments": Role(COMMENT_FIELDS, "", "the comments"),
    "categories": Role(CATEGORY_FIELDS, "--categories", "the categories"),
}


def resolve(found: list[str], fields: Fields, name: str) -> Columns:
    """Map the id/title/abstract roles onto the columns of one input. A role whose column
    appears twice (``abstract`` twice, or ``Abstract`` and ``abstract``) is an error: which
    one was meant cannot be told, and taking either would lose the other silently."""
    overrides = {"id": fields.id, "title": fields.title, "text": fields.text}
    chosen = resolve_columns(found, ROLES, overrides, where=name, error=InputError)
    if chosen["text"] is None:
        raise InputError(f"{name}: no column for the abstract; columns found: {listing(found)} (use --text-field)")
    for role, col in chosen.items():
        if col is None:
            continue
        same = [c for c in found if c == col] if overrides[role] == col else [
            c for c in found if column_key(c) == column_key(col)]
        if len(same) > 1:
            where = ", ".join(str(i + 1) for i, c in enumerate(found) if c in same)
            raise InputError(
                f"{name}: {ROLES[role].what} could be any of {len(same)} columns named {col!r} "
                f"(columns {where}); rename them or choose one with {ROLES[role].option}"
            )
    taken = {c for c in chosen.values() if c is not None}
    extra = resolve_columns([c for c in found if c not in taken], _EXTRA_ROLES, where=name, error=InputError)
    return Columns(id=chosen["id"], title=chosen["title"], text=chosen["text"],  # type: ignore[arg-type]
                   comments=extra["comments"], categories=extra["categories"])


class Categories:
    """The arXiv categories a run keeps (``--categories cs.LG,cs.CL``; ``cs.*`` for every
    category of an archive): a record is kept when any of its space-separated categories is
    one of them, compared without regard to case."""

    def __init__(self, names: frozenset[str], archives: tuple[str, ...]) -> None:
        self.names, self.archives = names, archives

    def matches(self, value: Any) -> bool:
        if not isinstance(value, str):
            value = " ".join(map(str, value)) if isinstance(value, list | tuple) else ""
        for cat in value.replace(",", " ").split():
            low = cat.lower()
            if low in self.names or low.startswith(self.archives) or low in {a[:-1] for a in self.archives}:
                return True
        return False


_CATEGORY = re.compile(r"[a-z][a-z-]*(?:\.(?:[a-z][a-z-]*|\*))?|[a-z][a-z-]*\*?", re.IGNORECASE)


def category_filter(text: str | None) -> Categories | None:
    """The filter of ``--categories``; InputError (one line) for a list that names none, or
    an item that is not a category ('cs.LG', 'hep-th', 'cs.*')."""
    if text is None:
        return None
    items = [c.strip() for c in text.split(",") if c.strip()]
    if not items:
        raise InputError("--categories names no category; give some, like cs.LG,cs.CL (or cs.* for all of cs)")
    for item in items:
        if not _CATEGORY.fullmatch(item):
            raise InputError(f"--categories: {item!r} is not an arXiv category (like cs.LG, hep-th, or cs.*)")
    names = frozenset(i.lower() for i in items if not i.endswith("*"))
    archives = tuple(i.lower().rstrip("*").rstrip(".") + "." for i in items if i.endswith("*"))
    return Categories(names, archives)


class LongInt(str):
    """An integer of JSON too long for Python's int (over 4,300 digits), kept as its digits."""


def json_int(digits: str) -> int | str:
    """``parse_int`` for json: a huge integer is no reason to lose the record holding it."""
    return int(digits) if len(digits) <= 4000 else LongInt(digits)


class Record(dict):
    """A JSON object that remembers the keys it had twice (where json keeps the last)."""

    twice: tuple[str, ...] = ()


def json_object(pairs: list[tuple[str, Any]]) -> Record:
    """``object_pairs_hook`` for json: a :class:`Record`, noting repeated keys."""
    record = Record(pairs)
    if len(record) != len(pairs):
        seen: set[str] = set()
        record.twice = tuple(dict.fromkeys(k for k, _ in pairs if k in seen or seen.add(k)))
    return record


def field_text(record: dict[str, Any], key: str | None, *, numbers_ok: bool = False) -> str:
    """The stripped text of ``record[key]``; a missing key or null is empty."""
    value = record.get(key) if key is not None else None
    if value is None:
        return ""
    if isinstance(value, LongInt):
        if numbers_ok:
            return str.__str__(value)
        raise ValueError(f"field {key!r} is not text (got int)")
    if isinstance(value, str):
        bad = surrogate_problem(value, f"field {key!r}")
        if bad:
            raise ValueError(bad)
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
    keep: Categories | None = None  # --categories: the other records are passed over, silently
    _keyed: dict[tuple[str, ...], Columns | str] = field(default_factory=dict)

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

    def record_columns(self, record: dict[str, Any], line: int) -> Columns | None:
        """The columns of one JSON record, each record on its own (a record without an
        abstract key is that record's problem, not the file's); None after reporting."""
        keys = tuple(record)
        got = self._keyed.get(keys)
        if got is None:
            try:
                got = self.columns([str(k) for k in keys])
            except InputError as e:
                got = str(e).removeprefix(f"{self.name}: ").replace("columns found", "keys found")
            if len(self._keyed) < 1024:
                self._keyed[keys] = got
        if isinstance(got, str):
            self.report(line, f"{got}; skipped")
            return None
        return got

    def paper(self, record: dict[str, Any], cols: Columns, line: int) -> Paper | None:
        """A Paper from one record, or None (after reporting) when it is unusable."""
        if self.keep is not None and not self.keep.matches(record.get(cols.categories) if cols.categories else ""):
            return None
        twice = [k for k in getattr(record, "twice", ()) if k in (cols.id, cols.title, cols.text, cols.comments)]
        if twice:
            self.report(line, f"key {twice[0]!r} appears twice in the record; skipped")
            return None
        try:
            paper_id = field_text(record, cols.id, numbers_ok=True)
            title = field_text(record, cols.title)
            abstract = field_text(record, cols.text)
            comments = field_text(record, cols.comments) if cols.comments else ""
        except ValueError as e:
            self.report(line, f"{e}; skipped")
            return None
        return self.make_paper(paper_id, title, abstract, line, f"{self.stem}:{line}", comments)

    def make_paper(self, paper_id: str, title: str, abstract: str, line: int, fallback_id: str,
                   comments: str = "") -> Paper | None:
        """The Paper, or None (after reporting) when it has no text or text that is not UTF-8."""
        if not title and not abstract:
            self.report(line, "record has neither a title nor an abstract; skipped")
            return None
        for what, value in (("the id", paper_id), ("the title", title), ("the abstract", abstract),
                            ("the comments", comments)):
            bad = surrogate_problem(value, what)
            if bad:
                self.report(line, f"{bad}; skipped")
                return None
        if not paper_id:
            paper_id = self.ids.generated(slugify(title) or fallback_id)
        if comments:
            return Paper(id=paper_id, title=title, abstract=abstract, comments=comments, source=f"{self.name}:{line}")
        return Paper(id=paper_id, title=title, abstract=abstract, source=f"{self.name}:{line}")


def input_problem(item: str | os.PathLike[str]) -> str | None:
    """Why an input path cannot be read (no such file, a folder, no permission), or None;
    checked for every input before any work starts."""
    if os.fspath(item) == STDIN:
        return None
    path, name = Path(item), os.fspath(item)
    try:
        _check_file(path, name)
    except InputError as e:
        return str(e)
    if not os.access(path, os.R_OK):
        return f"{name}: cannot read (permission denied)"
    return None


def _check_file(path: Path, name: str) -> None:
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not a file")
    if not path.exists():
        raise InputError(f"{name}: no such file")


def _decompressed(raw: IO[bytes], name: str) -> IO[bytes]:
    """``raw`` itself, or a stream of what it holds when its first bytes show compression."""
    head = raw.read(6)
    raw.seek(0)
    kind = next((k for magic, k in _MAGIC.items() if head.startswith(magic)), None)
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw)
    if kind == "bzip2":
        return bz2.BZ2File(raw)
    if kind == "xz":
        return lzma.LZMAFile(raw)
    if kind == "zstandard":
        try:
            import zstandard
        except ImportError:
            raise InputError(f"{name}: is zstandard-compressed; reading it needs the 'zstandard' package") from None
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
        return io.BufferedReader(reader, 1 << 20)  # type: ignore[arg-type]
    return raw


def _open_binary(path: Path, name: str) -> IO[bytes]:
    _check_file(path, name)
    try:
        raw = path.open("rb")
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror or e})") from None
    return _decompressed(raw, name)


def _file_lines(path: Path, name: str) -> Iterator[str]:
    """Stream a file's lines (endings kept), decoding UTF-8 with ``surrogateescape``; a line
    over :data:`MAX_LINE` bytes is skipped and a :class:`LongLine` stands in for it."""
    with _open_binary(path, name) as f:
        n = 0
        while raw := f.readline(MAX_LINE):
            n += 1
            if len(raw) == MAX_LINE and not raw.endswith(b"\n"):
                size = len(raw)
                while not raw.endswith(b"\n") and (raw := f.readline(MAX_LINE)):
                    size += len(raw)
                long = LongLine("\n")
                long.size = size
                yield long
                continue
            if n == 1:
                _refuse_non_text(raw[:4096], name)
                if raw.startswith(_BOM):
                    raw = raw[len(_BOM) :]
            yield raw.decode("utf-8", "surrogateescape")


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
    """All of stdin as text; bytes are decoded here so that a BOM, a bad byte or compressed
    data is handled."""
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read()
    if isinstance(data, bytes):
        if any(data.startswith(magic) for magic in _MAGIC):
            with _decompressed(io.BytesIO(data), STDIN_NAME) as f:
                data = f.read()
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


