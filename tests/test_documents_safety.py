"""Unsafe inputs are refused with a one-line error, never extracted or expanded."""

import io
import tarfile
import zipfile

import pytest

from claimtab.io.documents import DocumentError, UnsafeInput, read_document, read_html, read_pdf, read_tei
from claimtab.io.documents import archive as safety

MAIN = b"\\documentclass{article}\\begin{document}\\section{A}Hello.\\end{document}"


def _tar(path, members):
    with tarfile.open(path, "w:gz") as tf:
        for info, data in members:
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _file(name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def _refused(path, words):
    with pytest.raises(UnsafeInput) as e:
        read_document(path)
    msg = str(e.value)
    assert "\n" not in msg and words in msg
    return msg


def test_dotdot_member(tmp_path):
    _refused(_tar(tmp_path / "a.tar.gz", [_file("main.tex", MAIN), _file("../evil.tex", b"x")]), "'..'")


def test_absolute_member(tmp_path):
    _refused(_tar(tmp_path / "a.tar.gz", [_file("/etc/evil.tex", b"x"), _file("main.tex", MAIN)]), "absolute")


def test_absolute_zip_member(tmp_path):
    p = tmp_path / "a.zip"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("main.tex", MAIN)
        zf.writestr("../../x.tex", b"x")
    _refused(p, "'..'")


def test_symlink_and_hardlink(tmp_path):
    link = tarfile.TarInfo("link.tex")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    _refused(_tar(tmp_path / "s.tar.gz", [_file("main.tex", MAIN), (link, None)]), "link")
    hard = tarfile.TarInfo("hard.tex")
    hard.type, hard.linkname = tarfile.LNKTYPE, "main.tex"
    _refused(_tar(tmp_path / "h.tar.gz", [_file("main.tex", MAIN), (hard, None)]), "link")


def test_symlink_in_folder(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.tex").write_bytes(MAIN)
    (tmp_path / "src" / "leak.tex").symlink_to("/etc/hostname")
    _refused(tmp_path / "src", "link")


def test_too_many_members(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_MEMBERS", 5)
    members = [_file("main.tex", MAIN)] + [_file(f"f{k}.tex", b"x") for k in range(10)]
    _refused(_tar(tmp_path / "m.tar.gz", members), "more than 5 members")


def test_bomb_by_size(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_EXPANDED_BYTES", 1_000_000)
    zeros = b"%" + b"0" * 5_000_000  # compresses to a few kilobytes
    p = _tar(tmp_path / "bomb.tar.gz", [_file("main.tex", MAIN), _file("big.tex", zeros)])
    assert p.stat().st_size < 100_000
    _refused(p, "expands to more than")
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("main.tex", MAIN)
        zf.writestr("big.tex", zeros)
    _refused(z, "expands to more than")


def test_gzip_bomb(tmp_path, monkeypatch):
    import gzip

    monkeypatch.setattr(safety, "MAX_EXPANDED_BYTES", 1_000_000)
    p = tmp_path / "main.gz"
    p.write_bytes(gzip.compress(MAIN + b"%" + b"0" * 5_000_000))
    _refused(p, "expands to more than")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>&lol3;</title>
</titleStmt></fileDesc></teiHeader></TEI>"""


def test_xml_entity_bomb(tmp_path):
    p = tmp_path / "bomb.tei.xml"
    p.write_bytes(BILLION_LAUGHS)
    _refused(p, "entit")
    with pytest.raises(UnsafeInput):
        read_tei(BILLION_LAUGHS)
    with pytest.raises(UnsafeInput):
        read_html(BILLION_LAUGHS.replace(b"TEI", b"html"))


def test_external_entity(tmp_path):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>&x;</text></TEI>')
    with pytest.raises(UnsafeInput):
        read_tei(xxe)


def test_pdf_time_budget(tmp_path):
    from reportlab.pdfgen import canvas

    p = tmp_path / "slow.pdf"
    c = canvas.Canvas(str(p))
    for k in range(30):
        c.drawString(100, 700, f"Page {k} with some words to read.")
        c.showPage()
    c.save()
    with pytest.raises(DocumentError) as e:
        read_pdf(p, timeout=0.0)
    assert "longer than" in str(e.value)


def test_limits_are_documented_constants():
    for name in ("MAX_MEMBERS", "MAX_EXPANDED_BYTES", "MAX_FILE_BYTES", "PDF_TIMEOUT_SECONDS", "MAX_INPUT_DEPTH"):
        assert isinstance(getattr(safety, name), (int, float))
