"""The document model every reader produces and the table rules consume.

A :class:`Document` holds one plain-text string per field it can emit claim rows from
(``title``, ``abstract``, ``body``, ``caption``, ``table``).  Sections, captions and table
cells carry ``start``/``end`` offsets into those strings, so a row built from a cell
satisfies ``doc.text_of(row["field"])[row["start"]:row["end"]] == row["text"]``.

Readers never write offsets by hand: they build a document with :class:`DocumentBuilder`,
which appends each piece of text to its field and returns where it landed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimtab.model import FIELDS

__all__ = ["FIELDS", "Cell", "Document", "DocumentBuilder", "Section", "Table"]


@dataclass
class Cell:
    """One cell of a table: its text (offsets in the ``table`` field), its marks and spans."""

    text: str
    start: int
    end: int
    col: int = 0  # first grid column the cell covers
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    underline: bool = False
    spread: str | None = None  # the "0.2" of "85.3 ± 0.2", as written
    cited: bool = False  # the cell cites a reference (a baseline's row label does)

    @property
    def marked(self) -> bool:
        return self.bold or self.underline


@dataclass
class Table:
    """A tabular with the caption of its float; ``header`` and ``body`` are rows of cells."""

    number: int  # 1-based order of the table in the document
    label: str | None = None
    caption: str = ""
    caption_start: int = 0  # offsets of the caption in the ``caption`` field
    caption_end: int = 0
    header: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)
    section: str | None = None  # heading of the section the table stands in
    appendix: bool = False  # the table stands in an appendix / supplementary material

    @property
    def rows(self) -> list[list[Cell]]:
        return self.header + self.body

    @property
    def name(self) -> str:
        return self.label or str(self.number)


@dataclass
class Section:
    heading: str
    start: int  # offsets of the section's text (heading included) in the ``body`` field
    end: int
    level: int = 1


@dataclass
class Document:
    id: str
    title: str = ""
    abstract: str = ""
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    method_names: list[str] = field(default_factory=list)  # the paper's own method, as named
    cited_names: set[str] = field(default_factory=set)  # names the text cites ("ResNet~\\cite{he}"): prior work
    source: str = ""  # "latex", "pdf", "html", "tei"
    texts: dict[str, str] = field(default_factory=dict)

    def text_of(self, name: str) -> str:
        """The one string of field ``name`` that claim offsets point into."""
        if name not in FIELDS:
            raise KeyError(f"unknown field {name!r}; fields are {', '.join(FIELDS)}")
        return self.texts.get(name, "")

    @property
    def body(self) -> str:
        return self.text_of("body")

    def section_at(self, pos: int) -> Section | None:
        """The innermost section whose text contains offset ``pos`` of the body."""
        hit = None
        for s in self.sections:
            if s.start <= pos < s.end:
                hit = s
        return hit


class DocumentBuilder:
    """Accumulate the field strings of a document and hand out offsets."""

    def __init__(self, doc_id: str, source: str):
        self.doc = Document(id=doc_id, source=source)
        self._parts: dict[str, list[str]] = {f: [] for f in FIELDS}
        self._len: dict[str, int] = dict.fromkeys(FIELDS, 0)

    def add(self, name: str, text: str, sep: str = "") -> tuple[int, int]:
        """Append ``text`` to field ``name`` (after ``sep`` when the field is not empty)."""
        if self._len[name] and sep:
            self._parts[name].append(sep)
            self._len[name] += len(sep)
        start = self._len[name]
        self._parts[name].append(text)
        self._len[name] += len(text)
        return start, self._len[name]

    def pos(self, name: str) -> int:
        return self._len[name]

    def set_title(self, title: str) -> None:
        self.doc.title = title
        self._parts["title"] = [title]
        self._len["title"] = len(title)

    def set_abstract(self, abstract: str) -> None:
        self.doc.abstract = abstract
        self._parts["abstract"] = [abstract]
        self._len["abstract"] = len(abstract)

    def add_section(self, heading: str, text: str, level: int = 1) -> Section:
        start, _ = self.add("body", heading, sep="\n\n")
        _, end = self.add("body", text, sep="\n") if text else (start, self._len["body"])
        sec = Section(heading, start, end, level)
        self.doc.sections.append(sec)
        return sec

    def add_table(self, rows: list[list[dict]], header_rows: int, caption: str = "",
                  label: str | None = None, section: str | None = None, appendix: bool = False) -> Table:
        """Add a table given as rows of cell dicts (``text`` plus any :class:`Cell` field
        but offsets); cells are written to the ``table`` field as ``a | b | c`` lines."""
        t = Table(number=len(self.doc.tables) + 1, label=label, section=section, appendix=appendix)
        if caption:
            t.caption = caption
            t.caption_start, t.caption_end = self.add("caption", caption, sep="\n\n")
        self.add("table", f"Table {t.name}:", sep="\n\n")
        built: list[list[Cell]] = []
        for row in rows:
            self.add("table", "\n")
            cells = []
            for k, c in enumerate(row):
                if k:
                    self.add("table", " | ")
                s, e = self.add("table", c["text"])
                extra = {key: v for key, v in c.items() if key != "text"}
                cells.append(Cell(text=c["text"], start=s, end=e, **extra))
            built.append(cells)
        t.header, t.body = built[:header_rows], built[header_rows:]
        self.doc.tables.append(t)
        return t

    def build(self) -> Document:
        self.doc.texts = {f: "".join(p) for f, p in self._parts.items()}
        return self.doc
