"""Code URLs: links to code, models, data or a project page, with released/promised status."""

from __future__ import annotations

import regex

from claimtab.text import sentence_of

_HREF = regex.compile(r"\\(?:href|url)\{(?P<url>[^}\s]+)\}(?:\{[^}]*\})?")
# URL characters, plus LaTeX's escaped underscore ("smile\_oie"); "https: //" (a space
# left by text extraction) still starts a URL
_URL = regex.compile(
    r"(?<![\w@/.])(?P<url>(?:https?:\s?//|ftp://|www\.)(?:[^\s<>\"'{}\\]|\\_)+|"
    r"(?:github|gitlab|huggingface|bitbucket)\.(?:com|co|org)/(?:[^\s<>\"'{}\\]|\\_)+)",
    regex.IGNORECASE,
)
# links that are not to code, models, data or a project page
_NOT_CODE = regex.compile(
    r"(?i)(?:/blog/|wikipedia\.org|doi\.org/|arxiv\.org/(?:abs|pdf)/|medium\.com|twitter\.com|//x\.com/|"
    r"youtube\.com/watch|linkedin\.com|openreview\.net/(?:forum|pdf))"
)
# a URL needs one of these; most abstracts have none and skip both scans
_URL_HINTS = ("http", "www.", "ftp://", ".com/", ".co/", ".org/", "\\url", "\\href")
TRAILING = ".,;:)]}>'\"*"


def has_url(text: str) -> bool:
    """Does ``text`` hold a link (a scheme, www., a code host, or a LaTeX \\url/\\href)?"""
    return any(k in text for k in _URL_HINTS) or "github.com" in text.lower()


def clean_url(url: str) -> str:
    """Strip trailing punctuation (and unbalanced closing brackets) from a URL."""
    u = url
    while u and u[-1] in TRAILING:
        if u[-1] == ")" and u.count("(") >= u.count(")"):
            break
        u = u[:-1]
    return u


def find_urls(text: str, patterns, sents, kind: str):
    """Code-URL drafts; each carries ``extra['block']``, the span numbers must not be read from."""
    from claimtab.engine.engine import Draft  # local import: extract imports this module

    out = []
    taken: list[tuple[int, int]] = []
    if not any(k in text for k in _URL_HINTS):
        return out
    for m in _HREF.finditer(text):
        url = clean_url(m.group("url"))
        if _NOT_CODE.search(url):
            taken.append((m.start(), m.end()))
            continue
        s = m.start("url")
        out.append(_draft(text, url, s, (m.start(), m.end()), patterns, sents, Draft, kind))
        taken.append((m.start(), m.end()))
    for m in _URL.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        url = clean_url(m.group("url"))
        if len(url) < 8 or _NOT_CODE.search(url):
            continue
        s = m.start("url")
        out.append(_draft(text, url, s, (s, s + len(m.group("url"))), patterns, sents, Draft, kind))
    return out


def normalized_url(raw: str) -> str:
    """The link itself: LaTeX escapes and a stray space after the scheme removed."""
    return regex.sub(r"^(https?:)\s//", r"\1//", raw.replace("\\_", "_"), flags=regex.IGNORECASE)


def _draft(text, url, start, block, patterns, sents, Draft, kind):
    sent = sentence_of(sents, start)
    sentence = text[sent[0] : sent[1]]
    status = "promised" if patterns.promised.search(sentence) else "released"
    return Draft(
        kind=kind,
        start=start,
        end=start + len(url),
        text=url,
        url=normalized_url(url),
        status=status,
        rule="url",
        extra={"block": block, "sent": sent},
    )
