"""Whole papers in: a LaTeX file, folder or arXiv source archive, a PDF, an HTML page (as
arXiv renders it with LaTeXML) or a GROBID TEI file, read into one
:class:`~claimtab.document.Document` (title, abstract, body with its sections, tables with
their cells and marks).

    from claimtab.io.documents import read_document
    doc = read_document("2101.00001.tar.gz")

What cannot be read, or is refused as unsafe (an archive member that climbs out, a bomb,
XML entities, a PDF past its time budget), raises a one-line
:class:`~claimtab.io.documents.archive.DocumentError`.
"""

from claimtab.io.documents.archive import DocumentError, UnsafeInput
from claimtab.io.documents.html import read_html, read_tei
from claimtab.io.documents.latex import read_latex
from claimtab.io.documents.pdf import NoTextLayer, PdfTimeout, read_pdf
from claimtab.io.documents.read import read_document

__all__ = [
    "DocumentError", "NoTextLayer", "PdfTimeout", "UnsafeInput",
    "read_document", "read_html", "read_latex", "read_pdf", "read_tei",
]
