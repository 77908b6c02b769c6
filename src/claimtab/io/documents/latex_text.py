"""LaTeX source helpers: decoding, comments, environments, and prose to plain text.

Structure (environments, arguments) is found with pylatexenc where a group must be
matched; running prose is turned into text by a small set of regular expressions,
because the whole-paper budget (5 papers a second per core, the body extractor
included) leaves no room for a full parse of every paragraph.  What the prose
converter does, in order: drop non-prose environments, drop reference-like commands
with their argument, keep the text of every other command's arguments, turn symbol
commands into characters, and collapse white space.
"""

from __future__ import annotations

import re

from pylatexenc.latexwalker import LatexWalker, LatexWalkerError

_INPUTENC = re.compile(rb"\\usepackage\s*\[([^\]]*)\]\s*\{inputenc\}")
_LATIN = ("latin1", "latin9", "ansinew", "cp1252", "latin-1", "applemac")

_COMMENT = re.compile(r"(?<!\\)((?:\\\\)*)%[^\n]*")
_COMMENT_ENV = re.compile(r"\\begin\{comment\}.*?\\end\{comment\}", re.S)
_IFFALSE = re.compile(r"\\iffalse\b.*?\\fi\b", re.S)
_BEGIN_END = re.compile(r"\\(begin|end)\s*\{([A-Za-z*@]+)\}")

# environments whose content is not running prose (tables are read on their own)
NON_PROSE = {
    "figure", "figure*", "table", "table*", "tabular", "tabular*", "tabularx", "tabulary", "longtable",
    "equation", "equation*", "align", "align*", "eqnarray", "eqnarray*", "gather", "gather*", "multline",
    "multline*", "displaymath", "math", "array", "algorithm", "algorithm*", "algorithmic", "lstlisting",
    "verbatim", "minted", "alltt", "tikzpicture", "picture", "overpic", "axis", "thebibliography",
    "wrapfigure", "wraptable", "sidewaystable", "sidewaysfigure", "subfigure", "subtable", "tabbing",
    "CCSXML", "bmatrix", "pmatrix", "cases", "split", "scope",
}

_DROP_ARG = re.compile(
    r"\\(?:cite[a-zA-Z]*|nocite|citep|citet|ref|eqref|autoref|cref|Cref|pageref|label|includegraphics|"
    r"bibliography|bibliographystyle|vspace|hspace|vskip|hskip|setlength|addtolength|setcounter|"
    r"usepackage|documentclass|input|include|thanks|footnotemark|definecolor|color|newcolumntype|"
    r"fontsize|linespread|pagestyle|thispagestyle|addcontentsline|captionsetup|hypersetup|hyphenation)\*?"
    r"(?:\s*\[[^\]]*\])*(?:\s*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})+"
)
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]", re.S)
_INLINE_MATH = re.compile(r"(?<!\\)\$([^$]{0,400}?)(?<!\\)\$|\\\((.{0,400}?)\\\)", re.S)
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
SYMBOLS = {
    "pm": "±", "mp": "∓", "times": "×", "cdot": "·", "sim": "~", "approx": "≈", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "uparrow": "↑", "downarrow": "↓", "rightarrow": "→", "to": "→",
    "dagger": "†", "ddagger": "‡", "ast": "*", "star": "*", "checkmark": "✓", "infty": "∞",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε", "lambda": "λ",
    "mu": "μ", "sigma": "σ", "tau": "τ", "theta": "θ", "rho": "ρ", "ldots": "...", "dots": "...",
    "cdots": "...", "textasciitilde": "~", "degree": "°", "textpm": "±", "textless": "<",
    "textgreater": ">", "textbar": "|", "minus": "−", "textendash": "–", "textemdash": "—",
    "%": "%", "&": "&", "#": "#", "_": "_", "$": "$", "{": "{", "}": "}", " ": " ", ",": " ",
    ";": " ", ":": " ", "!": "", "quad": " ", "qquad": " ", "ie": "i.e.", "eg": "e.g.", "etal": "et al.",
    "vs": "vs.", "wrt": "w.r.t.", "item": "\n", "newline": "\n", "par": "\n", "and": ",", "AND": ",",
    "textregistered": "®", "texttrademark": "™", "S": "§", "ss": "ß", "o": "ø", "aa": "å", "ae": "æ",
}
_COMMAND = re.compile(r"\\([A-Za-z@]+)\*?|\\([^A-Za-z\n])")
_ACCENT = re.compile(r"\\[`'^\"~=.uvHc]\s*\{?([A-Za-z])\}?")
_ACCENTED = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
             ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327"}


def decode_tex(data: bytes) -> str:
    """UTF-8 when the bytes are UTF-8; else the 8-bit encoding ``inputenc`` declares
    (Latin-1 / Windows-1252 by default): a Latin-1 paper is read, never refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _INPUTENC.search(data)
    opts = m.group(1).decode("ascii", "replace").lower() if m else ""
    if "applemac" in opts:
        return data.decode("mac_roman", "replace")
    if "cp1252" in opts or "ansinew" in opts:
        return data.decode("cp1252", "replace")
    return data.decode("latin-1")


def strip_comments(tex: str) -> str:
    """Drop ``%`` comments (an escaped ``\\%`` stays), comment environments and ``\\iffalse``."""
    tex = tex.replace("\r\n", "\n").replace("\r", "\n")
    tex = _COMMENT.sub(r"\1", tex)
    tex = _COMMENT_ENV.sub(" ", tex)
    return _IFFALSE.sub(" ", tex)


def find_envs(tex: str, names: set[str], start: int = 0, end: int | None = None) -> list[tuple[str, int, int, int, int]]:
    """Outermost environments named in ``names``: (name, begin, body_start, body_end, end)."""
    stack: list[tuple[str, int, int]] = []
    out = []
    for m in _BEGIN_END.finditer(tex, start, len(tex) if end is None else end):
        kind, name = m.group(1), m.group(2)
        if name not in names:
            continue
        if kind == "begin":
            stack.append((name, m.start(), m.end()))
            continue
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == name:
                nm, b, bs = stack[k]
                del stack[k:]
                if not stack:
                    out.append((nm, b, bs, m.start(), m.end()))
                break
    return out


def braced_arg(tex: str, pos: int, skip_optional: bool = True) -> tuple[str, int] | None:
    """The ``{...}`` argument starting at ``pos`` (after spaces and, optionally, ``[...]``
    arguments): its inner text and the offset just past it, matched by pylatexenc."""
    n = len(tex)
    i = pos
    while True:
        while i < n and tex[i] in " \t\n*":
            i += 1
        if skip_optional and i < n and tex[i] == "[":
            j = tex.find("]", i)
            if j < 0:
                return None
            i = j + 1
            continue
        break
    if i >= n or tex[i] != "{":
        return None
    try:
        node, p, ln = LatexWalker(tex, tolerant_parsing=True).get_latex_braced_group(i)
    except LatexWalkerError:
        return None
    return tex[p + 1 : p + ln - 1], p + ln


def command_args(tex: str, name: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, argument) of every ``\\name{...}`` between ``start`` and ``end``."""
    out = []
    rx = re.compile(r"\\" + name + r"(?![A-Za-z])")
    for m in rx.finditer(tex, start, len(tex) if end is None else end):
        got = braced_arg(tex, m.end())
        if got:
            out.append((m.start(), got[1], got[0]))
    return out


def _drop_envs(tex: str) -> str:
    envs = find_envs(tex, NON_PROSE)
    if not envs:
        return tex
    parts, pos = [], 0
    for _, b, _, _, e in envs:
        parts.append(tex[pos:b])
        parts.append("\n")
        pos = e
    parts.append(tex[pos:])
    return "".join(parts)


def _math(m: re.Match) -> str:
    body = m.group(1) if m.group(1) is not None else (m.group(2) or "")
    body = re.sub(r"\\(?:mathrm|text|textbf|mathbf|mathit|operatorname|textit|rm|bf)\b", "", body)
    body = re.sub(r"[\^_]", "", body)
    return " " + plain(body, math=True).strip() + " "


def _command(m: re.Match) -> str:
    name = m.group(1) or m.group(2)
    if name in SYMBOLS:
        return SYMBOLS[name]
    if name == "\\":
        return "\n"
    return ""


def plain(tex: str, math: bool = False) -> str:
    """Plain text of a LaTeX fragment: commands dropped, their arguments' text kept."""
    if not math:
        tex = _DISPLAY_MATH.sub(" ", tex)
        tex = _HREF.sub(lambda m: f"{m.group(2)} ({m.group(1)})", tex)
    tex = _DROP_ARG.sub("", tex)
    if not math:
        tex = _INLINE_MATH.sub(_math, tex)
    tex = _ACCENT.sub(lambda m: m.group(1) + _ACCENTED.get(m.group(0)[1], ""), tex)
    tex = _COMMAND.sub(_command, tex)
    tex = tex.replace("~", " ").replace("{", "").replace("}", "").replace("``", "\u201c").replace("''", "\u201d")
    tex = tex.replace("---", "—").replace("--", "–")
    return tex


def prose(tex: str) -> str:
    """Running text of a LaTeX region: paragraphs joined by blank lines, spaces collapsed."""
    text = plain(_drop_envs(tex))
    paras = []
    for p in re.split(r"\n\s*\n", text):
        p = " ".join(p.split())
        if p:
            paras.append(p)
    return "\n\n".join(paras)


def flat(text: str) -> str:
    return " ".join(text.split())
