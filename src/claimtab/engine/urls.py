"""Links to code, models, data or a project page, with a released/promised status.

The link patterns, the hints that a text holds one, and the status cues are data: the
``[urls]`` table of a urls-detector kind (``patterns/kinds/code_url.toml``).
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from claimtab.model import Found
from claimtab.rules.compile import Urls
from claimtab.text import sentence_of

_SPACED_SCHEME = regex.compile(r"^(https?:)\s//", regex.IGNORECASE)


def has_url(text: str, spec: Urls) -> bool:
    """Does ``text`` hold a link (a scheme, www., a code host, or a LaTeX \\url/\\href)?"""
    return any(k in text for k in spec.hints) or "github.com" in text.lower()


def clean_url(url: str, trailing: str) -> str:
    """Strip trailing punctuation (and unbalanced closing brackets) from a URL."""
    u = url
    while u and u[-1] in trailing:
        if u[-1] == ")" and u.count("(") >= u.count(")"):
            break
        u = u[:-1]
    return u


_LATEX_ESCAPE = regex.compile(r"\\([_\-&%#~])")  # "dualcamctrl\-page", "smile\_oie"


def normalized_url(raw: str) -> str:
    """The link itself: LaTeX escapes and a stray space after the scheme removed."""
    return _SPACED_SCHEME.sub(r"\1//", _LATEX_ESCAPE.sub(r"\1", raw))


def find_urls(text: str, spec: Urls, sents) -> list[Found]:
    """Link drafts; each carries its ``block``, the span numbers must not be read from."""
    out = []
    taken: list[tuple[int, int]] = []
    if not any(map(text.__contains__, spec.hints)):
        return out
    promised: dict[tuple[int, int], bool] = {}  # per sentence: does it promise the release?
    for m in spec.href.finditer(text):
        url = clean_url(m.group("url"), spec.trailing)
        taken.append((m.start(), m.end()))
        if not spec.not_code.search(url):
            out.append(_draft(text, url, m.start("url"), (m.start(), m.end()), spec, sents, promised))
    starts = [a for a, _b in taken]  # one scan's matches: in order, not overlapping
    for m in spec.url.finditer(text):
        k = bisect_right(starts, m.start())
        if k and m.start() < taken[k - 1][1]:  # inside a link already taken
            continue
        url = clean_url(m.group("url"), spec.trailing)
        if len(url) < 8 or spec.not_code.search(url):
            continue
        s = m.start("url")
        out.append(_draft(text, url, s, (s, s + len(m.group("url"))), spec, sents, promised))
    return out


def _draft(text, url, start, block, spec: Urls, sents, promised: dict | None = None) -> Found:
    sent = sentence_of(sents, start)
    if promised is None:
        promised = {}
    if sent not in promised:
        promised[sent] = spec.promised.search(text, sent[0], sent[1]) is not None
    status = "promised" if promised[sent] else "released"
    return Found(
        kind=spec.kind, start=start, end=start + len(url), text=url, url=normalized_url(url), status=status,
        rule="url", block=block, sentence=sent,
    )
