"""Finding the paper a sheet row names: by id in any common arXiv spelling, else by title,
tolerantly; and, when nothing matches, the nearest titles to suggest.

Ids are compared case-insensitively after reading the arXiv id out of whatever holds it:
``2101.00001``, ``2101.00001v2``, ``arXiv:2101.00001``, ``arxiv 2101.00001``,
``https://arxiv.org/abs/2101.00001v1``, ``arxiv.org/pdf/2101.00001.pdf``, ar5iv, alphaXiv
and Hugging Face paper pages, the arXiv DOI ``10.48550/arXiv.2101.00001``, a trailing
``[cs.LG]``, old-style ``hep-th/9901001``, and an id a spreadsheet stored as a number
(``2101.1`` for ``2101.10000``).

Titles are folded (case, accents, punctuation, spacing) and matched exactly, then by the
part before a colon (``FlatFormer`` for ``FlatFormer: Flattened ...``), then as a prefix of
at least 15 characters, then with a typo or two (Levenshtein distance from rapidfuzz: one
edit for short titles, two up to 30 characters, one per 15 characters beyond). A reference
that matches several papers equally raises :class:`AmbiguousPaper`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from claimtab.errors import SheetError


class AmbiguousPaper(SheetError):
    """A sheet's paper reference matches several papers; the message is one line."""


def fold(text: str) -> str:
    """A title as compared: lower case, accents and punctuation dropped, single spaces."""
    t = unicodedata.normalize("NFKD", text).lower()
    return " ".join(re.findall(r"[a-z0-9]+", t))


_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z\-]+(?:\.[a-z]{2})?/\d{7}"
_ID = re.compile(rf"(?i)(?<![\w.])({_NEW_ID}|{_OLD_ID})(v\d+)?(?:\.pdf)?(?![\w.]*\d)")
_ID_HINT = re.compile(r"(?i)arxiv|://|www\.|doi|ar5iv|alphaxiv|huggingface|\.org/|\.co/")


def arxiv_id(ref: str) -> str | None:
    """The arXiv id (no version, lower case) a reference holds, or None. Only a reference
    that is an id, or names arXiv, a DOI or a URL, is searched (a title is not)."""
    r = ref.strip().strip("[]()<>\"'").strip()
    if not r:
        return None
    bare = re.fullmatch(rf"(?i)({_NEW_ID}|{_OLD_ID})(v\d+)?", r)
    if bare:
        return bare.group(1).lower()
    if not _ID_HINT.search(r):
        return None
    m = _ID.search(re.sub(r"(?i)arxiv\.(?=\d{4}\.)", "arxiv:", r))  # the DOI 10.48550/arXiv.2101.00001
    return m.group(1).lower() if m else None


def id_keys(ref: str) -> list[str]:
    """Spellings of a paper id to look up, most literal first."""
    r = ref.strip()
    keys = [r.lower()]
    found = arxiv_id(r)
    if found:
        keys.append(found)
    s = re.sub(r"(?i)^arxiv\s*:?\s*", "", r).strip().lower()
    keys += [s, re.sub(r"v\d+$", "", s)]
    m = re.fullmatch(r"(\d{4})\.(\d{1,5})", s)
    if m:  # an arXiv id a spreadsheet stored as a number: 2101.1 for 2101.10000
        keys += [f"{m.group(1)}.{m.group(2).ljust(5, '0')}", f"{m.group(1)}.{m.group(2).ljust(4, '0')}"]
    return list(dict.fromkeys(k for k in keys if k))


def allowed_typos(n: int) -> int:
    """How many edits a folded title of ``n`` characters may differ by and still match."""
    if n < 6:
        return 0
    if n < 12:
        return 1
    if n <= 30:
        return 2
    return max(2, n // 15)


@dataclass(frozen=True)
class Found:
    """The paper a reference names, and how it was found when not literally."""

    pid: str
    how: str = ""  # "" (id or exact title), or a note: "title with 2 typos: ..."


class TitleFinder:
    """Paper ids and titles, indexed once for look-ups."""

    def __init__(self, titles: dict[str, str]) -> None:
        self.titles = titles
        self._ids: dict[str, str] = {}
        self._by_title: dict[str, list[str]] = {}
        self._by_head: dict[str, list[str]] = {}
        for pid, title in titles.items():
            for key in id_keys(pid):
                self._ids.setdefault(key, pid)
            folded = fold(title)
            if folded:
                self._by_title.setdefault(folded, []).append(pid)
                head = fold(title.split(":", 1)[0]) if ":" in title else ""
                if head and head != folded:
                    self._by_head.setdefault(head, []).append(pid)
        self._folded = list(self._by_title)
        self._heads = list(self._by_head)

    def by_id(self, ref: str) -> str | None:
        return next((self._ids[k] for k in id_keys(ref) if k in self._ids), None)

    def by_title(self, ref: str) -> Found | None:
        """The paper whose title ``ref`` is (tolerantly); raises :class:`AmbiguousPaper`."""
        folded = fold(ref)
        if not folded:
            return None
        for table in (self._by_title, self._by_head):
            if folded in table:
                return Found(self._one(ref, table[folded]))
        if len(folded) >= 15:
            ids = [pid for t, pids in self._by_title.items() if t.startswith(folded) for pid in pids]
            if ids:
                return Found(self._one(ref, ids))
        return self._near(ref, folded)

    def _near(self, ref: str, folded: str) -> Found | None:
        """A title (or the part before its colon, or its start) a typo or two away."""
        limit = allowed_typos(len(folded))
        if not limit:
            return None
        hits: dict[str, int] = {}
        for choices, table in ((self._folded, self._by_title), (self._heads, self._by_head)):
            for title, dist, _ in process.extract(folded, choices, scorer=Levenshtein.distance, score_cutoff=limit,
                                                  limit=5):
                for pid in table[title]:
                    hits[pid] = min(dist, hits.get(pid, dist))
        if not hits and len(folded) >= 15:  # a title cut short, with a typo
            n = len(folded)
            for title in self._folded:
                dist = min(Levenshtein.distance(folded, title[:k], score_cutoff=limit) for k in range(n - 2, n + 3))
                if dist <= limit:
                    for pid in self._by_title[title]:
                        hits[pid] = min(dist, hits.get(pid, dist))
        if not hits:
            return None
        best = min(hits.values())
        pid = self._one(ref, [p for p, d in hits.items() if d == best])
        typos = f"{best} typo" + ("s" if best > 1 else "")
        return Found(pid, f"paper {pid} found by a title {typos} away: {_clip(self.titles.get(pid, ''), 60)!r}")

    def _one(self, ref: str, ids: list[str]) -> str:
        ids = list(dict.fromkeys(ids))
        if len(ids) == 1:
            return ids[0]
        shown = "; ".join(f"{pid} ({_clip(self.titles.get(pid, ''), 60)})" for pid in ids[:5])
        more = f"; ... ({len(ids)} in all)" if len(ids) > 5 else ""
        raise AmbiguousPaper(f"paper {ref!r} matches {len(ids)} papers: {shown}{more}; give the paper id")

    def suggest(self, ref: str, n: int = 3) -> list[tuple[str, str]]:
        """(id, title) of the titles nearest to ``ref`` by their words (rapidfuzz's token set
        ratio, at least 70), best first; none when nothing is near."""
        folded = fold(ref)
        if not folded or not self._folded:
            return []
        out = []
        for title, _, _ in process.extract(folded, self._folded, scorer=fuzz.token_set_ratio, score_cutoff=70,
                                           limit=n):
            out += [(pid, self.titles.get(pid, "")) for pid in self._by_title[title]]
        return out[:n]


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
