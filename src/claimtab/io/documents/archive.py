"""Reading untrusted inputs: archives checked member by member, all in memory.

Nothing is ever extracted to disk.  An archive is refused (with :class:`UnsafeInput`, a
one-line message) when a member's name is absolute or climbs out with ``..``, when a
member is a link or a device, or when the archive has more members or expands to more
bytes than the limits below.  The limits are module constants so a caller can see them
and a test can lower them.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from claimtab.errors import InputError

MAX_MEMBERS = 2000  # members an archive may hold (arXiv sources rarely have 200)
MAX_EXPANDED_BYTES = 200 * 1024 * 1024  # total uncompressed size of the members read
MAX_FILE_BYTES = 50 * 1024 * 1024  # one input file, or one member, read into memory
MAX_INPUT_DEPTH = 20  # nested \input / \include levels
PDF_TIMEOUT_SECONDS = 30.0  # wall-clock budget for reading one PDF
MAX_XML_BYTES = 50 * 1024 * 1024  # an HTML / XML page

TEXT_SUFFIXES = (".tex", ".ltx", ".sty", ".cls", ".bbl", ".def", ".cfg", ".txt", ".latex")


class DocumentError(InputError):
    """A paper's document claimtab cannot read (``E220``); ``str(error)`` is one line naming it."""

    code = "E220"


class UnsafeInput(DocumentError):
    """An input refused on purpose (``E221``): a path escaping the archive, a link, a bomb, an entity."""

    code = "E221"


def _check_name(name: str, where: str) -> str:
    p = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or p.is_absolute() or (len(name) > 1 and name[1] == ":"):
        raise UnsafeInput(f"{where}: member {name!r} has an absolute path")
    if ".." in p.parts:
        raise UnsafeInput(f"{where}: member {name!r} climbs out of the archive with '..'")
    return str(p)


class _Budget:
    def __init__(self, where: str):
        self.where = where
        self.members = 0
        self.bytes = 0

    def member(self) -> None:
        self.members += 1
        if self.members > MAX_MEMBERS:
            raise UnsafeInput(f"{self.where}: more than {MAX_MEMBERS} members")

    def take(self, n: int) -> None:
        self.bytes += n
        if n > MAX_FILE_BYTES or self.bytes > MAX_EXPANDED_BYTES:
            raise UnsafeInput(f"{self.where}: expands to more than {MAX_EXPANDED_BYTES} bytes")


def _read_capped(f, budget: _Budget) -> bytes:
    """Read a member stream in chunks, so a lying size header cannot blow memory."""
    out = bytearray()
    while True:
        chunk = f.read(1 << 20)
        if not chunk:
            return bytes(out)
        budget.take(len(chunk))
        out += chunk


def read_tar(data: bytes, where: str) -> dict[str, bytes]:
    budget = _Budget(where)
    files: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
            for m in tf:
                budget.member()
                name = _check_name(m.name, where)
                if m.issym() or m.islnk():
                    raise UnsafeInput(f"{where}: member {m.name!r} is a link")
                if m.isdir():
                    continue
                if not m.isfile():
                    raise UnsafeInput(f"{where}: member {m.name!r} is not a regular file")
                if m.size > MAX_FILE_BYTES or budget.bytes + m.size > MAX_EXPANDED_BYTES:
                    raise UnsafeInput(f"{where}: expands to more than {MAX_EXPANDED_BYTES} bytes")
                f = tf.extractfile(m)
                if f is not None:
                    files[name] = _read_capped(f, budget)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as e:
        raise DocumentError(f"{where}: not a readable tar archive ({e})") from None
    return files


def read_zip(data: bytes, where: str) -> dict[str, bytes]:
    budget = _Budget(where)
    files: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise UnsafeInput(f"{where}: more than {MAX_MEMBERS} members")
            for info in infos:
                budget.member()
                name = _check_name(info.filename, where)
                mode = info.external_attr >> 16
                if (mode & 0o170000) == 0o120000:
                    raise UnsafeInput(f"{where}: member {info.filename!r} is a link")
                if info.is_dir():
                    continue
                if info.file_size > MAX_FILE_BYTES or budget.bytes + info.file_size > MAX_EXPANDED_BYTES:
                    raise UnsafeInput(f"{where}: expands to more than {MAX_EXPANDED_BYTES} bytes")
                with zf.open(info) as f:
                    files[name] = _read_capped(f, budget)
    except (zipfile.BadZipFile, OSError, zlib.error) as e:
        raise DocumentError(f"{where}: not a readable zip archive ({e})") from None
    return files


def gunzip(data: bytes, where: str) -> bytes:
    budget = _Budget(where)
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            return _read_capped(f, budget)
    except (OSError, EOFError, zlib.error) as e:
        raise DocumentError(f"{where}: not readable gzip data ({e})") from None


def read_folder(path: Path) -> dict[str, bytes]:
    """The text files of a source folder (links refused, same limits as archives)."""
    where = str(path)
    budget = _Budget(where)
    files: dict[str, bytes] = {}
    root = path.resolve()
    for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
        for d in dirnames:
            if os.path.islink(os.path.join(dirpath, d)):
                raise UnsafeInput(f"{where}: {d!r} is a link")
        for fn in filenames:
            full = Path(dirpath) / fn
            budget.member()
            if full.is_symlink():
                raise UnsafeInput(f"{where}: {fn!r} is a link")
            if not fn.lower().endswith(TEXT_SUFFIXES):
                continue
            size = full.stat().st_size
            budget.take(size)
            files[full.resolve().relative_to(root).as_posix()] = full.read_bytes()
    return files


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise DocumentError(f"{path}: cannot read ({e.strerror or e})") from None
    if size > MAX_FILE_BYTES:
        raise UnsafeInput(f"{path}: larger than {MAX_FILE_BYTES} bytes")
    return path.read_bytes()


def unpack(data: bytes, where: str) -> dict[str, bytes] | None:
    """The members of ``data`` when it is a tar, tar.gz or zip archive, else None."""
    if data[:4] == b"PK\x03\x04":
        return read_zip(data, where)
    if data[:2] == b"\x1f\x8b":
        inner = gunzip(data, where)
        if _is_tar(inner):
            return read_tar(inner, where)
        return {"main.tex": inner}
    if _is_tar(data):
        return read_tar(data, where)
    return None


def _is_tar(data: bytes) -> bool:
    return len(data) > 262 and data[257:262] == b"ustar"
