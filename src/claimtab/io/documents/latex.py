"""Read a LaTeX paper: one ``.tex``, a source folder, or an arXiv archive.

Steps: find the main file (the one with ``\\documentclass`` and ``\\begin{document}``),
resolve ``\\input`` / ``\\include`` from the archive's own files, drop comments, expand
macros defined without arguments (``\\newcommand{\\ours}{FlatFormer}``, ``\\def\\x{...}``),
then read the title, abstract, sections and every tabular with the caption and label
of its float.  A ``\\ref`` to a table becomes the table's number in the body text, as
LaTeX prints it, so sentences about a table can be found again.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from claimtab.document import Document, DocumentBuilder

from . import archive
from .latex_tables import BOLD_MACROS, UNDERLINE_MACROS, parse_tabular, to_text
from .latex_text import braced_arg, command_args, decode_tex, find_envs, flat, plain, prose, strip_comments

MAX_MACROS = 2000
MAX_MACRO_BODY = 400
MACRO_PASSES = 3

_INPUT = re.compile(r"\\(?:input|include|subfile)\s*(?:\{\s*([^{}]+?)\s*\}|\s([^\s{}\\]+))")
_NEWCMD = re.compile(r"\\(?:re)?(?:newcommand|providecommand|DeclareRobustCommand)\*?\s*\{?\s*\\([A-Za-z@]+)\s*\}?")
_DEF = re.compile(r"\\(?:g|e|x)?def\s*\\([A-Za-z@]+)\s*(#\d)?\s*(?=\{)")
_SECTION = re.compile(r"\\(chapter|section|subsection|subsubsection|paragraph)\*?\s*(?=[\[{])")
_APPENDIX = re.compile(r"\\appendix\b|\\begin\{appendices\}|\\(?:section|chapter)\*?\s*\{\s*(?:Appendix|Supplementary)")
_LEVEL = {"chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3, "paragraph": 4}
TABLE_FLOATS = {"table", "table*", "sidewaystable", "sidewaystable*", "wraptable", "SCtable", "figure",
                "figure*", "wrapfigure", "subtable", "minipage"}
TABULARS = {"tabular", "tabular*", "tabularx", "tabulary", "longtable", "longtable*", "supertabular",
            "xtabular", "tabu", "longtabu", "NiceTabular", "tblr", "array"}
_NAME_MACROS = re.compile(r"(?i)^(?:ours?|method|methodname|model|modelname|name|approach|algo|algname|system|"
                          r"proposed|our[a-z]*|mname|net|netname|sysname|toolname|framework|abbr)$")
_TEX_PROGRAM = re.compile(r"\\(?:noalign|hrule|vrule|futurelet|ifnum|ifx|csname|expandafter|relax|global|let)\b")
_COINED = re.compile(r"^[A-Za-z0-9][\w.+-]*(?: [A-Z0-9][\w.+-]*){0,2}$")


def _join(base: str, name: str) -> str:
    return str(PurePosixPath(base).parent / name) if base and "/" in base else name


def main_file(files: dict[str, bytes]) -> str:
    """The main file of a source archive: ``\\documentclass`` and ``\\begin{document}``
    (the larger wins a tie), else any ``.tex`` with ``\\documentclass``, else the largest."""
    texs = [n for n in files if n.lower().endswith((".tex", ".ltx", ".latex")) or "." not in n.split("/")[-1]]
    if not texs:
        raise archive.DocumentError("archive holds no .tex file")

    def rank(n: str) -> tuple:
        b = files[n]
        return (b"\\documentclass" in b or b"\\documentstyle" in b, b"\\begin{document}" in b, len(b))

    return max(sorted(texs), key=rank)


def resolve_inputs(tex: str, files: dict[str, bytes], where: str, depth: int = 0) -> str:
    """Replace ``\\input{x}`` by the comment-stripped text of ``x`` (``x.tex``) when the
    archive holds it; a missing file is left out."""
    if depth > archive.MAX_INPUT_DEPTH:
        raise archive.UnsafeInput(f"{where}: \\input nested deeper than {archive.MAX_INPUT_DEPTH}")

    def sub(m: re.Match) -> str:
        name = (m.group(1) or m.group(2) or "").strip().strip('"')
        for cand in (name, name + ".tex", _join(where, name), _join(where, name) + ".tex"):
            key = str(PurePosixPath(cand)).lstrip("./") if cand.startswith("./") else str(PurePosixPath(cand))
            if key in files:
                inner = strip_comments(decode_tex(files[key]))
                return resolve_inputs(inner, files, key, depth + 1)
        return " "

    return _INPUT.sub(sub, tex) if "\\in" in tex else tex


def collect_macros(tex: str) -> tuple[dict[str, str], set[str], set[str], dict[str, tuple[int, str]]]:
    """Argument-free macros (name -> body), the names of macros that make their argument
    bold or underlined (table marks such as ``\\best{..}``), and short macros with up to
    three arguments (name -> (count, body)), such as ``\\newcommand{\\mc}[1]{\\multicolumn{2}{l}{#1}}``."""
    macros: dict[str, str] = {}
    with_args: dict[str, tuple[int, str]] = {}
    bold: set[str] = set()
    under: set[str] = set()
    for rx in (_NEWCMD, _DEF):
        for m in rx.finditer(tex):
            if len(macros) >= MAX_MACROS:
                break
            name, pos = m.group(1), m.end()
            nargs = "#1" if rx is _DEF and m.group(2) else ""
            if rx is _NEWCMD:
                a = re.match(r"\s*\[(\d)\]", tex[pos:])
                if a:
                    nargs, pos = a.group(1), pos + a.end()
                    if re.match(r"\s*\[", tex[pos:]):
                        continue  # an optional argument with a default: not a simple macro
            got = braced_arg(tex, pos, skip_optional=False)
            if not got:
                continue
            body = got[0]
            if nargs:
                if re.search(r"\\(?:textbf|bf|bfseries|mathbf|boldsymbol)\b", body):
                    bold.add(name)
                elif re.search(r"\\(?:underline|uline|ul)\b", body):
                    under.add(name)
                n = int(nargs) if nargs.isdigit() else 1
                if n <= 3 and len(body) <= MAX_MACRO_BODY and not re.search(r"\\(?:new|re)command|\\def\b|##", body):
                    with_args.setdefault(name, (n, body))
                continue
            if "#" in body or len(body) > MAX_MACRO_BODY or re.search(r"\\(?:new|re)command|\\def\b", body):
                continue
            if _TEX_PROGRAM.search(body):
                continue  # TeX programming (a rule such as \thickhline built from \noalign): no text to expand
            macros.setdefault(name, body.replace("\\xspace", "").replace("\\@", ""))
    return macros, bold, under, with_args


def _fill(body: str, args: list[str]) -> str:
    def arg(a: re.Match) -> str:
        k = int(a.group(1))
        return args[k - 1] if k <= len(args) else ""

    return re.sub(r"#([1-9])", arg, body)


def expand_arg_macros(tex: str, macros: dict[str, tuple[int, str]]) -> str:
    """Expand ``\\name{a}{b}`` of macros with arguments (arguments matched by pylatexenc);
    an occurrence without its braced arguments is left as it is."""
    if not macros:
        return tex
    rx = re.compile(r"\\(" + "|".join(re.escape(n) for n in sorted(macros, key=len, reverse=True)) + r")(?![A-Za-z@])")
    for _ in range(MACRO_PASSES):
        out, pos, changed = [], 0, False
        for m in rx.finditer(tex):
            if m.start() < pos:
                continue
            n, body = macros[m.group(1)]
            args, end = [], m.end()
            for _k in range(n):
                got = braced_arg(tex, end, skip_optional=False)
                if not got:
                    break
                args.append(got[0])
                end = got[1]
            if len(args) < n:
                continue
            out.append(tex[pos : m.start()])
            out.append(_fill(body, args))
            pos, changed = end, True
        if not changed:
            break
        out.append(tex[pos:])
        tex = "".join(out)
    return tex


def expand_macros(tex: str, macros: dict[str, str]) -> str:
    if not macros:
        return tex
    names = sorted(macros, key=len, reverse=True)
    rx = re.compile(r"\\(" + "|".join(re.escape(n) for n in names) + r")(?![A-Za-z@])(?:\s*\{\})?( ?)")
    for _ in range(MACRO_PASSES):
        new = rx.sub(lambda m: macros[m.group(1)] + (" " if m.group(2) else ""), tex)
        if new == tex:
            break
        tex = new
    return tex


def method_names(macros: dict[str, str], title: str) -> list[str]:
    """The paper's own method: the title before a colon, and argument-free macros whose
    name says so (``\\ours``, ``\\method``) or whose text starts the title."""
    out: list[str] = []
    head = title.split(":")[0].strip() if ":" in title[:60] else ""
    if head and _COINED.match(head) and len(head) <= 30:
        out.append(head)
    for name, body in macros.items():
        text = flat(plain(body))
        if not (2 <= len(text) <= 30) or not _COINED.match(text) or not re.search(r"[A-Z]", text):
            continue
        if _NAME_MACROS.match(name) or (head and text == head):
            if text not in out:
                out.append(text)
    return out


_CITE = re.compile(r"\\(?:cite|citep|citet|citealp|parencite)\b")
_CITED = re.compile(r"(?<![\w.+-])([A-Za-z][\w.+-]*(?:[ -][A-Z0-9][\w.+-]*){0,2})(?:\s+et\s+al\.?)?(?:~|\\,|\s)*$")


def cited_names(tex: str) -> set[str]:
    """Names written just before a citation ("ResNet~\\cite{he}", "BERT et al. \\cite{x}"):
    the work of others.  Each name is also kept by its first word ("Faster R-CNN" -> "Faster")."""
    out: set[str] = set()
    for c in _CITE.finditer(tex):
        m = _CITED.search(tex, max(0, c.start() - 60), c.start())
        if not m:
            continue
        name = m.group(1).strip(" .")
        if name and name[0].isupper() or any(ch.isupper() for ch in name[1:]):
            out.add(name)
            out.add(name.split()[0])
    return out


def load_source(src: str | Path | bytes) -> tuple[str, str]:
    """(id, LaTeX text with inputs resolved and comments stripped) of any LaTeX input."""
    if isinstance(src, bytes):
        files = archive.unpack(src, "<bytes>")
        if files is None:
            return "", strip_comments(decode_tex(src))
        return "", _from_files(files, "<bytes>")
    path = Path(src)
    doc_id = re.sub(r"\.(tar\.gz|tgz|tar|zip|tex|gz)$", "", path.name)
    if path.is_dir():
        return doc_id, _from_files(archive.read_folder(path), str(path))
    data = archive.read_bytes(path)
    files = archive.unpack(data, str(path))
    if files is None:
        if path.name.endswith((".tar", ".tar.gz", ".tgz")):
            files = archive.read_tar(data, str(path))
        else:
            return doc_id, strip_comments(decode_tex(data))
    return doc_id, _from_files(files, str(path))


def _from_files(files: dict[str, bytes], where: str) -> str:
    main = main_file(files)
    return resolve_inputs(strip_comments(decode_tex(files[main])), files, main)


def read_latex(src: str | Path | bytes, doc_id: str | None = None) -> Document:
    """A :class:`Document` from a ``.tex`` file, a source folder or archive, or bytes."""
    found_id, tex = load_source(src)
    macros, bold, under, with_args = collect_macros(tex)
    tex = expand_arg_macros(expand_macros(tex, macros), with_args)
    b = DocumentBuilder(doc_id or found_id, "latex")
    start = tex.find("\\begin{document}")
    end = tex.rfind("\\end{document}")
    start = start + len("\\begin{document}") if start >= 0 else 0
    end = end if end > start else len(tex)
    b.set_title(_title(tex))
    abstract, abs_span = _abstract(tex, start, end)
    b.set_abstract(abstract)
    b.doc.method_names = method_names(macros, b.doc.title)
    b.doc.cited_names = cited_names(tex[start:end])
    sections = _section_marks(tex, start, end)
    refs = _tables(b, tex, start, end, sections, frozenset(bold) - set(BOLD_MACROS),
                   frozenset(under) - set(UNDERLINE_MACROS))
    _body(b, tex, start, end, abs_span, sections, refs)
    return b.build()


def _title(tex: str) -> str:
    for name in ("title", "icmltitle", "papertitle", "Title"):
        for _, _, arg in command_args(tex, name):
            t = flat(plain(re.sub(r"\\\\|\\newline", " ", arg)))
            if t:
                return t
    return ""


def _abstract(tex: str, start: int, end: int) -> tuple[str, tuple[int, int] | None]:
    envs = find_envs(tex, {"abstract", "Abstract", "IEEEabstract"})
    if envs:
        _, b, bs, be, e = envs[0]
        return prose(tex[bs:be]).replace("\n\n", " "), (b, e)
    for s, e, arg in command_args(tex, "abstract"):
        return prose(arg).replace("\n\n", " "), (s, e)
    m = re.search(r"\\(?:section|subsection|paragraph)\*?\s*\{\s*Abstract\s*\}", tex[start:end], re.I)
    if m:
        a = start + m.end()
        n = _SECTION.search(tex, a, end)
        z = n.start() if n else min(end, a + 3000)
        return prose(tex[a:z]).replace("\n\n", " "), (start + m.start(), z)
    return "", None


def _section_marks(tex: str, start: int, end: int) -> list[tuple[int, int, str, int]]:
    """(command start, heading end, heading text, level) of each sectioning command."""
    out = []
    for m in _SECTION.finditer(tex, start, end):
        got = braced_arg(tex, m.end())
        if got:
            heading = flat(plain(got[0]))
            out.append((m.start(), got[1], heading, _LEVEL[m.group(1)]))
    return out


def _heading_at(sections, pos: int) -> str | None:
    head = None
    for s, _, h, _ in sections:
        if s > pos:
            break
        head = h
    return head


def _tables(b: DocumentBuilder, tex: str, start: int, end: int, sections, bold, under) -> dict[str, str]:
    """Add every tabular (the caption and label of its float) to the document; return
    the table labels mapped to the numbers they print as."""
    refs: dict[str, str] = {}
    m = _APPENDIX.search(tex, start, end)
    appendix = m.start() if m else end
    floats = find_envs(tex, TABLE_FLOATS - {"subtable", "minipage"}, start, end)
    in_float = []
    for _name, fb, fbs, fbe, fe in floats:
        tabs = find_envs(tex, TABULARS, fbs, fbe)
        if not tabs:
            continue
        in_float.append((fb, fe))
        cap = _caption(tex, fbs, fbe)
        labels = [a for _, _, a in command_args(tex, "label", fbs, fbe)]
        number = len(b.doc.tables) + 1
        for lab in labels:
            refs[lab.strip()] = str(number)
        for tab in tabs:
            _add_tabular(b, tex, tab, cap, labels[0].strip() if labels else None, _heading_at(sections, fb),
                         bold, under, fb > appendix)
    for tab in find_envs(tex, TABULARS, start, end):
        if not any(fb <= tab[1] < fe for fb, fe in in_float):
            _add_tabular(b, tex, tab, "", None, _heading_at(sections, tab[1]), bold, under, tab[1] > appendix)
    return refs


def _caption(tex: str, s: int, e: int) -> str:
    for name in ("caption", "captionof", "tablecaption", "tabcaption"):
        for _, _, arg in command_args(tex, name, s, e):
            if name == "captionof" and arg.strip() in ("table", "figure"):
                continue
            return flat(to_text(arg))
    return ""


def _add_tabular(b: DocumentBuilder, tex: str, tab, caption: str, label: str | None, section: str | None,
                 bold, under, appendix: bool = False) -> None:
    name, _, bs, be, _ = tab
    pos = bs
    if name in ("tabular*", "tabularx", "tabulary", "xtabular*"):
        got = braced_arg(tex, pos, skip_optional=False)
        pos = got[1] if got else pos
    got = braced_arg(tex, pos)  # the column specification
    pos = got[1] if got else pos
    rows, nhead = parse_tabular(tex[pos:be], bold, under)
    if rows:
        b.add_table(rows, nhead, caption=caption, label=label, section=section, appendix=appendix)


_REF = re.compile(r"\\(?:ref|autoref|cref|Cref)\s*\{([^{}]*)\}")


def _body(b: DocumentBuilder, tex: str, start: int, end: int, abs_span, sections, refs: dict[str, str]) -> None:
    """One section per sectioning command (the text before the first one is the front
    matter and is left out); the abstract and the bibliography are not body text."""
    if abs_span and start <= abs_span[0] < end:
        tex = tex[: abs_span[0]] + " " * (abs_span[1] - abs_span[0]) + tex[abs_span[1] :]
    bib = tex.find("\\begin{thebibliography}", start, end)
    end = bib if bib >= 0 else end

    def ref(m: re.Match) -> str:
        return refs.get(m.group(1).strip(), "")

    chunks = [(h, lv, he, sections[k + 1][0] if k + 1 < len(sections) else end)
              for k, (s, he, h, lv) in enumerate(sections) if s < end]
    if not chunks:
        chunks = [("", 1, start, end)]
    for heading, level, a, z in chunks:
        text = prose(_REF.sub(ref, tex[a:min(z, end)]))
        if text or heading:
            b.add_section(heading, text, level)
