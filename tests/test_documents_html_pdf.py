"""HTML (LaTeXML), TEI and PDF readers on documents made for these tests."""

import pytest

from claimtab.engine.tables import extract_document
from claimtab.io.documents import NoTextLayer, read_document, read_pdf


def test_latexml_page(documents):
    doc = read_document(documents / "latexml.html")
    assert doc.source == "html" and doc.title == "ConvX: Convolutions Again"
    assert doc.abstract == "ConvX reaches 82.0% top-1 accuracy on ImageNet."
    assert [s.heading for s in doc.sections] == ["1 Introduction", "4 Experiments"]
    assert "[3]" not in doc.body  # citations are left out
    t = doc.tables[0]
    assert t.caption == "Table 1: Results on ImageNet." and len(t.header) == 1
    assert t.body[0][0].cited and t.body[1][1].bold
    assert t.body[2][1].text == "83.1±0.1" and t.body[2][1].spread == "0.1"  # math read from alttext
    rows = [r for r in extract_document(doc, leaderboard=False) if r["field"] == "table"]
    own = {(r["value"], r["dataset"], r["metric"], r["qualifier"]) for r in rows if r["subject"] is None}
    assert own == {(82.0, "ImageNet", "Top-1", "exact"), (83.1, "ImageNet", "Top-1", "average")}
    assert {r["subject"] for r in rows if r["subject"]} == {"DeiT-S"}
    assert all(r["condition"].startswith("Params: ") for r in rows)  # a Params column is a setting
    for r in extract_document(doc, leaderboard=False):
        assert doc.text_of(r["field"])[r["start"] : r["end"]] == r["text"]


def test_tei(documents):
    doc = read_document(documents / "grobid.tei.xml")
    assert doc.source == "tei" and doc.title == "SpeedNet: Fast Parsing"
    assert "91.2 F1" in doc.abstract
    rows = [r for r in extract_document(doc, leaderboard=False) if r["field"] == "table"]
    assert [(r["value"], r["metric"], r["subject"]) for r in rows] == [(91.2, "F1", None)]
    assert rows[0]["dataset"] in ("Penn Treebank", "PTB")


def _pdf(path, with_text=True):
    pytest.importorskip("reportlab")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    ss = getSampleStyleSheet()
    if not with_text:
        from reportlab.pdfgen import canvas

        c = canvas.Canvas(str(path), pagesize=A4)
        c.rect(100, 100, 200, 200, fill=1)  # a page with a drawing and no text
        c.save()
        return
    data = [["Method", "BLEU"], ["Transformer", "27.3"], ["FastMT (ours)", "28.9"]]
    table = Table(data)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("FONTNAME", (1, 2), (1, 2), "Helvetica-Bold")]))
    story = [Paragraph("FastMT: Faster Translation", ss["Title"]),
             Paragraph("Abstract", ss["Heading2"]),
             Paragraph("FastMT reaches 28.9 BLEU on WMT14 En-De.", ss["Normal"]),
             Paragraph("1 Experiments", ss["Heading2"]),
             Paragraph("Table 1: BLEU on WMT14 En-De.", ss["Normal"]), Spacer(1, 6), table]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def test_pdf_with_a_table(tmp_path):
    p = tmp_path / "fastmt.pdf"
    _pdf(p)
    doc = read_document(p)
    assert doc.source == "pdf" and doc.title == "FastMT: Faster Translation"
    assert "28.9 BLEU" in doc.abstract
    assert [s.heading for s in doc.sections] == ["Experiments"]
    t = doc.tables[0]
    assert [c.text for c in t.header[0]] == ["Method", "BLEU"]
    assert t.caption.startswith("Table 1")
    assert t.body[1][1].bold and not t.body[0][1].bold
    rows = [r for r in extract_document(doc, leaderboard=False) if r["field"] == "table"]
    assert {(r["value"], r["subject"], r["best"]) for r in rows} == {(27.3, "Transformer", None), (28.9, None, "bold")}
    assert {r["dataset"] for r in rows} == {"WMT14 En-De"}
    for r in extract_document(doc, leaderboard=False):
        assert doc.text_of(r["field"])[r["start"] : r["end"]] == r["text"]


def test_pdf_without_text_layer(tmp_path):
    p = tmp_path / "scan.pdf"
    _pdf(p, with_text=False)
    with pytest.raises(NoTextLayer) as e:
        read_pdf(p)
    assert "no text layer" in str(e.value) and "\n" not in str(e.value)


def test_not_a_pdf(tmp_path):
    from claimtab.io.documents import DocumentError

    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(DocumentError) as e:
        read_pdf(p)
    assert "\n" not in str(e.value)
