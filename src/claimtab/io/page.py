"""A papers page as a user copies it from a browser (a daily-papers listing): titles, each
followed by its abstract paragraph, with the site's chrome (dates, buttons, upvote counts)
in between; or, failing that, a text file holding one paper."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from claimtab.io.sources import Context
from claimtab.model import Paper

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
)
# Whole lines that are never part of a paper: dates, counts, separators (but not a lone
# "." or "()": abstracts whose inline math was stripped can wrap onto such a line).
_CHROME_LINE = re.compile(
    rf"""^(?:
        {_DATE}
      | (?:published|submitted|posted|updated)\s+(?:on\s+)?{_DATE}
      | [▲△⬆↑+]?\s*\d+(?:[.,]\d+)*\s*[km]?(?:\s+(?:upvotes?|likes?|comments?|points?|authors?))?
      | (?:©|\(c\)|copyright)\s.{0, 60}
      | submitted\s+by\s+[^\s,.;:]+(?:\s+[^\s,.;:]+){{0,2}}
      | [\s·•∙⋅|—–\-*=~_▲△⬆↑]+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Short lines that start like a site's buttons and bylines.
_CHROME_START = re.compile(r"^(?:subscribe|sign\s+(?:in|up)|log\s*in|upvote)\b", re.I)


def _is_chrome(line: str) -> bool:
    """True for a (stripped) line of page chrome rather than paper text."""
    return bool(_CHROME_LINE.match(line)) or (bool(_CHROME_START.match(line)) and len(line.split()) <= 8)


@dataclass
class _Block:
    """Consecutive text lines of a page, between blank lines or chrome."""

    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    def is_abstract(self) -> bool:
        return is_prose(self.text)

    def is_title(self) -> bool:
        """One line of two words or more, short enough for a title (it may end with a period)."""
        return len(self.lines) == 1 and len(self.text.split()) >= 2 and len(self.text) <= 300


def is_prose(text: str) -> bool:
    """A paragraph rather than a heading: four words or more, and sentence-like or long."""
    if len(text.split()) < 4:
        return False
    return len(text) > 300 or re.search(r"\.(?:\s|$)", text) is not None


def _has_two_sentences(text: str) -> bool:
    """A period followed by a capitalised word: what an abstract has and a title rarely does."""
    return re.search(r"\.\s+[A-Z]", text) is not None


def _is_title_line(line: str) -> bool:
    """A single line short enough to be a title and not prose (for a one-paper text file)."""
    return "\n" not in line and len(line) <= 300 and not is_prose(line)


def _page_blocks(text: str) -> tuple[list[_Block], int]:
    """Text blocks of a page with chrome removed, and how many chrome lines were seen."""
    blocks: list[_Block] = []
    current: _Block | None = None
    chrome = 0
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or _is_chrome(line):
            chrome += bool(line)
            current = None
            continue
        if current is None:
            current = _Block(n, [])
            blocks.append(current)
        current.lines.append(line)
    kept = [b for b in blocks if not (len(b.lines) == 1 and len(b.lines[0].split()) == 1)]  # lone words
    return kept, chrome + len(blocks) - len(kept)


@dataclass
class _Page:
    """A parsed papers page: (title, abstract) entries, title None for an orphan paragraph."""

    entries: list[tuple[_Block | None, _Block]]
    chrome: int

    @property
    def papers(self) -> int:
        return sum(1 for title, _ in self.entries if title is not None)

    @property
    def is_page(self) -> bool:
        """Two or more papers, or one surrounded by chrome."""
        return self.papers >= 2 or (self.papers == 1 and self.chrome > 0)


def parse_page(text: str) -> _Page:
    """Pair each title line with the abstract paragraph that follows it."""
    blocks, chrome = _page_blocks(text)
    entries: list[tuple[_Block | None, _Block]] = []
    i = 0
    while i < len(blocks):
        if _starts_paper(blocks, i):
            entries.append((blocks[i], blocks[i + 1]))
            i += 2
            continue
        if blocks[i].is_abstract():
            entries.append((None, blocks[i]))
        i += 1
    return _Page(entries, chrome)


def _starts_paper(blocks: list[_Block], i: int) -> bool:
    """True if ``blocks[i]`` is a title and ``blocks[i + 1]`` its abstract.

    Not so when the next block reads as a title (one sentence, say ending in a period)
    followed by an abstract: ``blocks[i]`` is then a heading before that paper.
    """
    if i + 1 >= len(blocks) or not blocks[i].is_title() or not blocks[i + 1].is_abstract():
        return False
    following = blocks[i + 1]
    titled_next = following.is_title() and not _has_two_sentences(following.text)
    return not (titled_next and i + 2 < len(blocks) and blocks[i + 2].is_abstract())


def _page_papers(page: _Page, ctx: Context) -> Iterator[Paper]:
    for title, abstract in page.entries:
        if title is None:
            ctx.report(abstract.line, "paragraph without a title line before it; skipped")
            continue
        paper = ctx.make_paper("", title.text, abstract.text, title.line, f"{ctx.stem}-{title.line}")
        if paper is not None:
            yield paper


def _single_paper(text: str, ctx: Context) -> Iterator[Paper]:
    """A whole text file as one paper; a short first line before a blank line is the title."""
    body = text.strip()
    if not body:
        return
    title = ""
    parts = re.split(r"\n[ \t\r]*\n", body, maxsplit=1)
    first = parts[0].strip()
    if len(parts) == 2 and _is_title_line(first):
        title, body = first, parts[1].strip()
    paper = ctx.make_paper(ctx.ids.generated(ctx.stem), title, body, 1, ctx.stem)
    if paper is not None:
        yield paper


def read_text(text: str, ctx: Context) -> Iterator[Paper]:
    """A papers page, or else a single paper."""
    page = parse_page(text)
    if page.is_page:
        yield from _page_papers(page, ctx)
    else:
        yield from _single_paper(text, ctx)


