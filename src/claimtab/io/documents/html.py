"""Read a paper as arXiv renders it in HTML (LaTeXML), or as GROBID's TEI XML, with lxml.

LaTeXML: the title is ``.ltx_title_document``, the abstract ``.ltx_abstract``, sections
are ``section.ltx_section`` (and sub-levels) with their ``.ltx_title``, tables are
``table.ltx_tabular`` inside ``figure.ltx_table`` with its ``figcaption.ltx_caption``.
Math is read from its ``alttext`` (the LaTeX source) so ``85.3\\pm0.2`` keeps its numbers;
``.ltx_font_bold`` / ``.ltx_framed_underline`` mark cells; ``cite.ltx_cite`` marks a cited
label.  TEI: ``titleStmt/title``, ``abstract``, ``body/div`` with ``head``, and
``figure[@type='table']`` with ``table/row/cell``.

Untrusted markup: any ``<!ENTITY`` declaration is refused (:class:`UnsafeInput`; the
check is defusedxml's for XML), entities are never resolved, no network is used.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from claimtab.document import Document, DocumentBuilder

from . import archive
from .latex_tables import header_rows, to_text

_TEI = "{http://www.tei-c.org/ns/1.0}"
_SPREAD = re.compile(r"^\s*[-+]?\d[\d.,]*\s*%?\s*(?:±|\+/-|\+-)\s*(\d[\d.,]*)")


def _check(data: bytes, where: str) -> None:
    if len(data) > archive.MAX_XML_BYTES:
        raise archive.UnsafeInput(f"{where}: larger than {archive.MAX_XML_BYTES} bytes")
    if b"<!ENTITY" in data or b"<!entity" in data:
        raise archive.UnsafeInput(f"{where}: declares XML entities (refused: entity expansion)")


def _load(src: str | Path | bytes) -> tuple[bytes, str, str]:
    if isinstance(src, bytes):
        return src, "<bytes>", ""
    p = Path(src)
    return archive.read_bytes(p), str(p), re.sub(r"\.(html?|xml|tei)$", "", p.name.replace(".tei.xml", ""))


def is_tei(data: bytes) -> bool:
    return b"http://www.tei-c.org/ns/1.0" in data[:4000]


def read_xml_tree(data: bytes, where: str):
    """Parse XML with entities unresolved, no DTD, no network (after defusedxml's check)."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    _check(data, where)
    try:
        DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise archive.UnsafeInput(f"{where}: {type(e).__name__} (refused)") from None
    except Exception as e:  # noqa: BLE001  (a parse error: reported below by lxml too)
        raise archive.DocumentError(f"{where}: not well-formed XML ({e})") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)


def _text(el) -> str:
    """Text of an element, math read from its LaTeX ``alttext``, citations left out."""
    parts: list[str] = []

    def walk(e) -> None:
        tag = e.tag if isinstance(e.tag, str) else ""
        cls = e.get("class", "")
        if tag.endswith("math") and e.get("alttext") is not None:
            parts.append(to_text("$" + e.get("alttext") + "$"))
        elif tag == "cite" or "ltx_cite" in cls or "ltx_note" in cls:
            pass
        else:
            if e.text:
                parts.append(e.text)
            for child in e:
                walk(child)
        if e.tail:
            parts.append(e.tail)

    if el.text:
        parts.append(el.text)
    for child in el:
        walk(child)
    return " ".join("".join(parts).split())


def read_html(src: str | Path | bytes, doc_id: str | None = None) -> Document:
    data, where, found_id = _load(src)
    if is_tei(data):
        return read_tei(data, doc_id or found_id, where)
    _check(data, where)
    try:
        root = lxml_html.fromstring(data, parser=lxml_html.HTMLParser(no_network=True, huge_tree=False))
    except (etree.ParserError, ValueError) as e:
        raise archive.DocumentError(f"{where}: not readable HTML ({e})") from None
    b = DocumentBuilder(doc_id or found_id, "html")
    title = (root.xpath("//*[contains(concat(' ', @class, ' '), ' ltx_title_document ')]")
             or root.xpath("//h1") or root.xpath("//title"))
    b.set_title(_text(title[0]) if title else "")
    ab = root.xpath("//*[contains(concat(' ', @class, ' '), ' ltx_abstract ')]")
    if ab:
        paras = ab[0].xpath(".//*[contains(@class, 'ltx_p')]") or [ab[0]]
        b.set_abstract(" ".join(_text(p) for p in paras))
    for sec in root.xpath("//section[contains(@class, 'ltx_section') or contains(@class, 'ltx_subsection')"
                          " or contains(@class, 'ltx_appendix')]"):
        head = sec.xpath("./*[contains(@class, 'ltx_title')]")
        paras = sec.xpath("./*[contains(@class, 'ltx_para')]//p | ./p[contains(@class, 'ltx_p')]")
        level = 2 if "ltx_subsection" in sec.get("class", "") else 1
        b.add_section(_text(head[0]) if head else "", "\n\n".join(_text(p) for p in paras), level)
    for tab in root.xpath("//table[contains(@class, 'ltx_tabular')] | //*[contains(@class, 'ltx_tabular')"
                          " and not(self::table) and not(ancestor::table)]"):
        if tab.xpath("ancestor::table[contains(@class, 'ltx_tabular')]"):
            continue  # a tabular nested in a cell is read with its cell
        fig = tab.xpath("ancestor::figure[1]")
        cap = fig[0].xpath(".//figcaption") if fig else []
        label = fig[0].get("id") if fig else None
        appendix = bool(tab.xpath("ancestor::section[contains(@class, 'ltx_appendix')]"))
        rows, nhead = _html_rows(tab)
        if rows:
            b.add_table(rows, nhead, caption=_text(cap[0]) if cap else "", label=label, appendix=appendix)
    return b.build()


def _html_rows(tab) -> tuple[list[list[dict]], int]:
    rows: list[list[dict]] = []
    head_rows = 0
    for tr in tab.xpath(".//*[self::tr or contains(@class, 'ltx_tr')]"):
        if tr.xpath("ancestor::*[self::table or contains(@class, 'ltx_tabular')][1]")[0] is not tab:
            continue
        cells = []
        col = 0
        for td in tr.xpath("./*[self::td or self::th or contains(@class, 'ltx_td')]"):
            text = _text(td)
            span = int(td.get("colspan", "1") or 1)
            cell = {"text": text, "col": col, "colspan": span, "rowspan": int(td.get("rowspan", "1") or 1),
                    "bold": bool(td.xpath("descendant-or-self::*[contains(@class, 'ltx_font_bold') or self::b"
                                          " or self::strong]")),
                    "underline": bool(td.xpath("descendant-or-self::*[contains(@class, 'underline') or self::u]")),
                    "cited": bool(td.xpath(".//cite | .//*[contains(@class, 'ltx_cite')]"))}
            m = _SPREAD.match(text)
            if m:
                cell["spread"] = m.group(1)
            cells.append(cell)
            col += span
        if any(c["text"] for c in cells):
            if tr.xpath("ancestor::thead") or all("ltx_th" in td.get("class", "") or td.tag == "th"
                                                  for td in tr.xpath("./*")):
                head_rows = len(rows) + 1 if head_rows == len(rows) else head_rows
            rows.append(cells)
    return rows, head_rows or header_rows(rows, [False] * len(rows))


def read_tei(src: str | Path | bytes, doc_id: str | None = None, where: str | None = None) -> Document:
    """A GROBID TEI XML document."""
    data, w, found_id = _load(src) if not isinstance(src, bytes) or where is None else (src, where, "")
    root = read_xml_tree(data, w)
    b = DocumentBuilder(doc_id or found_id, "tei")
    title = root.find(f".//{_TEI}titleStmt/{_TEI}title")
    b.set_title(_text(title) if title is not None else "")
    ab = root.find(f".//{_TEI}abstract")
    if ab is not None:
        b.set_abstract(" ".join(_text(p) for p in ab.iter(f"{_TEI}p")))
    body = root.find(f".//{_TEI}body")
    for div in body.iter(f"{_TEI}div") if body is not None else []:
        head = div.find(f"{_TEI}head")
        b.add_section(_text(head) if head is not None else "", "\n\n".join(_text(p) for p in div.findall(f"{_TEI}p")))
    for fig in root.iter(f"{_TEI}figure"):
        if fig.get("type") != "table":
            continue
        rows = []
        for row in fig.iter(f"{_TEI}row"):
            cells, col = [], 0
            for c in row.findall(f"{_TEI}cell"):
                span = int(c.get("cols", "1") or 1)
                cells.append({"text": _text(c), "col": col, "colspan": span, "rowspan": int(c.get("rows", "1") or 1)})
                col += span
            rows.append(cells)
        head = fig.find(f"{_TEI}head")
        desc = fig.find(f"{_TEI}figDesc")
        cap = " ".join(_text(x) for x in (head, desc) if x is not None)
        if rows:
            b.add_table(rows, header_rows(rows, [False] * len(rows)), caption=cap, label=fig.get("{http://www.w3.org/XML/1998/namespace}id"))
    return b.build()
