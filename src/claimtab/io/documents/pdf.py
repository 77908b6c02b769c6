"""Read a PDF paper with pdfplumber: its text layer, and its ruled tables as cells.

The title is the largest-font line of the first page, the abstract the text after the
word "Abstract" up to the first numbered heading, sections start at numbered headings
("3 Experiments", "4.1 Setup").  Tables are pdfplumber's (ruled tables); a cell is bold
when most of its characters are set in a bold font; a table's caption is the nearest
"Table N" line above or below it.  A PDF with no text layer (a scan) is refused with
:class:`NoTextLayer`; reading stops after :data:`archive.PDF_TIMEOUT_SECONDS`.
"""

from __future__ import annotations

import io
import re
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from claimtab.document import Document, DocumentBuilder

from . import archive
from .latex_tables import header_rows

MIN_TEXT_CHARS = 20  # fewer extracted characters than this over the whole file: no text layer
_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+([A-Z][^.]{1,80})$")
_CAPTION = re.compile(r"^\s*(?:Table|TABLE|Tab\.)\s*(\d+|[IVX]+)\s*[:.]")


class NoTextLayer(archive.DocumentError):
    """A PDF whose pages hold no extractable text (a scanned paper)."""


class PdfTimeout(archive.DocumentError):
    """A PDF that took longer than the time budget to read."""


@contextmanager
def _deadline(seconds: float, where: str):
    """Interrupt the read after ``seconds`` (a SIGALRM timer in the main thread; elsewhere
    the page loop checks the clock between pages)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def fire(signum, frame):
        raise PdfTimeout(f"{where}: reading took longer than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def read_pdf(src: str | Path | bytes, doc_id: str | None = None,
             timeout: float | None = None) -> Document:
    where = "<bytes>" if isinstance(src, bytes) else str(src)
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:
        raise archive.DocumentError(
            f"{where}: reading a PDF needs pdfplumber, which is not installed: pip install 'claimtab[pdf]'"
        ) from None
    data = src if isinstance(src, bytes) else archive.read_bytes(Path(src))
    budget = archive.PDF_TIMEOUT_SECONDS if timeout is None else timeout
    t0 = time.monotonic()
    b = DocumentBuilder(doc_id or ("" if isinstance(src, bytes) else Path(src).stem), "pdf")
    lines: list[str] = []
    try:
        with _deadline(budget, where), pdfplumber.open(io.BytesIO(data)) as pdf:
            for k, page in enumerate(pdf.pages):
                if time.monotonic() - t0 > budget:
                    raise PdfTimeout(f"{where}: reading took longer than {budget:g} s")
                text = page.extract_text() or ""
                if k == 0:
                    b.set_title(_title(page))
                page_lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
                lines.extend(page_lines)
                _page_tables(b, page, page_lines)
    except archive.DocumentError:
        raise
    except (PDFSyntaxError, ValueError, KeyError, TypeError, OSError) as e:
        raise archive.DocumentError(f"{where}: not a readable PDF ({type(e).__name__})") from None
    except Exception as e:  # pdfminer raises many private error types on broken files
        raise archive.DocumentError(f"{where}: not a readable PDF ({type(e).__name__})") from None
    if sum(len(ln) for ln in lines) < MIN_TEXT_CHARS:
        raise NoTextLayer(f"{where}: the PDF has no text layer (a scanned paper?); run OCR first")
    _text(b, lines)
    return b.build()


def _title(page) -> str:
    words = page.extract_words(extra_attrs=["size"]) if page.chars else []
    if not words:
        return ""
    top = max(w["size"] for w in words)
    big = [w for w in words if abs(w["size"] - top) < 0.5 and w["top"] < page.height / 2]
    return " ".join(w["text"] for w in sorted(big, key=lambda w: (round(w["top"]), w["x0"])))


def _text(b: DocumentBuilder, lines: list[str]) -> None:
    """Abstract and sections from the lines of all pages."""
    i = next((k for k, ln in enumerate(lines) if re.match(r"(?i)^abstract\b", ln)), None)
    heads = [k for k, ln in enumerate(lines) if _HEADING.match(ln)]
    if i is not None:
        stop = next((h for h in heads if h > i), len(lines))
        first = re.sub(r"(?i)^abstract[\s.:—-]*", "", lines[i])
        b.set_abstract(_join([first, *lines[i + 1 : stop]]))
    start = [h for h in heads if i is None or h > i]
    for n, h in enumerate(start):
        end = start[n + 1] if n + 1 < len(start) else len(lines)
        m = _HEADING.match(lines[h])
        b.add_section(m.group(2).strip(), _join(lines[h + 1 : end]), m.group(1).count(".") + 1)


def _join(lines: list[str]) -> str:
    text = " ".join(lines)
    return re.sub(r"(\w)- (\w)", r"\1\2", text)  # words hyphenated across lines


def _page_tables(b: DocumentBuilder, page, page_lines: list[str]) -> None:
    for table in page.find_tables():
        rows = []
        for trow in table.rows:
            cells = []
            for bbox in trow.cells:
                cells.append(_cell(page, bbox))
            rows.append(cells)
        rows = [r for r in rows if any(c["text"] for c in r)]
        if not rows:
            continue
        for r in rows:
            col = 0
            for c in r:
                c["col"] = col
                col += c["colspan"]
        caption = _caption_near(page, table.bbox)
        b.add_table(rows, header_rows(rows, [False] * len(rows)), caption=caption)


def _cell(page, bbox) -> dict:
    if bbox is None:
        return {"text": "", "colspan": 1}
    crop = page.within_bbox(bbox, strict=False)
    text = " ".join((crop.extract_text() or "").split())
    chars = [c for c in crop.chars if c["text"].strip()]
    bold = bool(chars) and sum("bold" in c.get("fontname", "").lower() for c in chars) * 2 > len(chars)
    cell = {"text": text, "colspan": 1, "bold": bold}
    m = re.match(r"^\s*[-+]?\d[\d.,]*\s*(?:±|\+/-|\+-)\s*(\d[\d.,]*)", text)
    if m:
        cell["spread"] = m.group(1)
    return cell


def _caption_near(page, bbox) -> str:
    """The "Table N: ..." line closest above or below the table's box."""
    best, dist = "", None
    for line in page.extract_text_lines() if hasattr(page, "extract_text_lines") else []:
        if not _CAPTION.match(line["text"]):
            continue
        d = min(abs(line["bottom"] - bbox[1]), abs(line["top"] - bbox[3]))
        if dist is None or d < dist:
            best, dist = line["text"].strip(), d
    return best
