"""The one table of file formats: which extensions name which format, and what a file of
that format can hold -- a table (claims, a sheet, a view), papers, or both.

Readers and writers both decide by it, so a file ``claimtab extract`` wrote is read back as
the table it is (``extract -o claims.md`` then ``table claims.md`` reads the claims, it does
not extract the Markdown as if it were a paper).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from claimtab.errors import ClaimtabError


class FormatError(ClaimtabError):
    """An extension or format name claimtab does not know."""

    code = "E301"


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    table: bool  # can hold a table (claims, a sheet, a view) written or read by claimtab
    papers: bool  # can hold papers to extract from
    binary: bool = False  # cannot go to stdout


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("csv", (".csv",), table=True, papers=True),
        Format("tsv", (".tsv", ".tab"), table=True, papers=True),
        Format("jsonl", (".jsonl", ".ndjson"), table=True, papers=True),
        Format("json", (".json",), table=True, papers=True),
        Format("xlsx", (".xlsx",), table=True, papers=False, binary=True),
        Format("parquet", (".parquet",), table=True, papers=True, binary=True),
        Format("md", (".md", ".markdown"), table=True, papers=True),
        Format("text", (".txt",), table=False, papers=True),
        Format("atom", (".atom", ".xml"), table=False, papers=True),  # an arXiv API response
    )
}
_BY_EXTENSION = {ext: f.name for f in FORMATS.values() for ext in f.extensions}
_ALIASES = {"ndjson": "jsonl", "markdown": "md", "tab": "tsv", "txt": "text"}
TABLE_FORMATS: tuple[str, ...] = tuple(f.name for f in FORMATS.values() if f.table)


def _supported(table_only: bool) -> str:
    exts = [e for f in FORMATS.values() if f.table or not table_only for e in f.extensions]
    return "supported: " + ", ".join(exts)


def format_of(path: str | os.PathLike[str]) -> str | None:
    """The format a path's extension names, or None (no or an unknown extension)."""
    return _BY_EXTENSION.get(Path(path).suffix.lower())


def format_for(path: str | os.PathLike[str]) -> str:
    """The table format to write ``path`` in, from its extension; FormatError otherwise."""
    name = format_of(path)
    if name is None or not FORMATS[name].table:
        suffix = Path(path).suffix
        shown = f"extension '{suffix}'" if suffix else "no extension"
        raise FormatError(f"cannot tell the table format of '{path}' ({shown}); {_supported(True)}")
    return name


def normalize_format(fmt: str) -> str:
    """The table format given as ``"CSV"``, ``".md"``, ``"ndjson"``, ...; FormatError otherwise."""
    name = str(fmt).strip().lower().lstrip(".")
    name = _ALIASES.get(name, name)
    if name not in FORMATS or not FORMATS[name].table:
        raise FormatError(f"unknown table format '{fmt}'; {_supported(True)}")
    return name


def is_binary(name: str) -> bool:
    return FORMATS[name].binary
