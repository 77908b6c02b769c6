"""``read_document(path)``: the reader the name's suffix calls for
(:data:`claimtab.io.sources.DOCUMENT_READERS`), else the one its first bytes do."""

from __future__ import annotations

from pathlib import Path

from claimtab.document import Document
from claimtab.io.documents import archive
from claimtab.io.documents.html import read_html, read_tei
from claimtab.io.documents.latex import read_latex
from claimtab.io.documents.pdf import read_pdf
from claimtab.io.sources import document_id, document_reader

READERS = {"latex": read_latex, "pdf": read_pdf, "html": read_html, "tei": read_tei}


def _sniff(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "pdf"
    low = head.lower()
    if b"<html" in low or b"<!doctype html" in low:
        return "html"
    return "tei" if head.lstrip().startswith(b"<") else "latex"


def read_document(path: str | Path, doc_id: str | None = None) -> Document:
    """A :class:`Document` from a LaTeX file, folder or archive, a PDF, an HTML page or a
    TEI XML file; its id is ``doc_id`` or the name without its suffix.  Raises
    :class:`~claimtab.io.documents.archive.DocumentError` (one line) for what cannot be
    read."""
    p = Path(path)
    if not p.exists():
        raise archive.DocumentError(f"{p}: no such file")
    if p.is_dir():
        return read_latex(p, doc_id or document_id(p))
    kind = document_reader(p) or _sniff(archive.read_bytes(p)[:2048])
    return READERS[kind](p, doc_id or document_id(p))
