"""The benchmark-name lexicon (``patterns/lexicons/benchmarks.toml``), looked up by token n-grams.

With 1,600+ names and 5,800 surface forms a regex alternation is far too slow to scan 36k
abstracts; a dictionary of exact surface forms, tried only at tokens that can start a name,
is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from claimtab.rules import schema
from claimtab.rules.files import load


@dataclass(frozen=True)
class Entry:
    name: str
    canonical: str
    task: str | None
    source: str | None


_WS = regex.compile(r"\s+")
_VARIANT = regex.compile(r"^(.+?[A-Za-z])-?(\d{2,4}(?:x\d{2,4})?)$")
# candidate tokens for lexicon look-up: split at spaces, brackets, commas and slashes
# ("CIFAR-10/100"); a trailing full stop or quote is not part of a name
_TOKEN_BODY = r"(?:[^\s,;:()\[\]{}\"“”/]*[^\s,;:()\[\]{}\"“”/.'’!?])?"
_LEX_TOKEN = regex.compile(r"[^\s,;:()\[\]{}\"“”/]*[^\s,;:()\[\]{}\"“”/.'’!?]")


# what can stand before a token (see ``starts``), as one character for the automaton
_SEPARATORS = {ord(c): " " for c in ",;:()[]{}\"“”/" + "".join(chr(i) for i in range(0x3001) if chr(i).isspace())}


def _automaton(keys):
    """An Aho-Corasick automaton of every surface form, lower-cased and after a separator
    (" imagenet"): one pass over a text finds every place a known name may start."""
    try:
        import ahocorasick
    except ImportError:  # the plain token scan still works, only slower
        return None
    auto = ahocorasick.Automaton()
    kept = ""
    for w in sorted({" " + k.lower().translate(_SEPARATORS) for k in keys}):
        if kept and w.startswith(kept):
            continue  # where " imagenet 1k" starts, " imagenet" does: one form marks the place
        auto.add_word(w, len(w))
        kept = w
    if len(auto) == 0:
        return None
    auto.make_automaton()
    return auto


def _key(surface: str) -> str:
    return _WS.sub(" ", surface.strip())


@dataclass
class Lexicon:
    """Known benchmark names, looked up by exact token n-grams (a dictionary, not a regex:
    with 1,600+ names an alternation is far too slow to scan 36k abstracts)."""

    exact: dict[str, Entry]  # case-sensitive surface forms
    folded: dict[str, Entry]  # case-insensitive surface forms, lower-cased
    max_tokens: int

    def lookup(self, surface: str) -> Entry | None:
        k = _key(surface)
        return self.exact.get(k) or self.folded.get(k.lower()) or self.exact_lower.get(k.lower())

    def __post_init__(self) -> None:
        self.exact_lower = {k.lower(): v for k, v in self.exact.items()}
        # first word of every name -> the most words a name starting with it has: most
        # tokens of a text start no name and cost one dictionary miss
        self.first: dict[str, int] = {}
        for k in self.exact:
            w = k.split(" ")
            self.first[w[0]] = max(self.first.get(w[0], 0), len(w))
        for k in self.folded:
            w = k.split(" ")
            self.first[w[0]] = max(self.first.get(w[0], 0), len(w))
        self.folded_first = {k.split(" ")[0] for k in self.folded}
        # tokens that can start a name: those with a capital or a digit anywhere
        # ("nuScenes", "text8", "ImageNet"), and the few all-lower-case first words of
        # multi-word names ("mini ImageNet"), which must be followed by a space
        plain_first = sorted({w for w in self.first if w.islower() and w.isalpha()}, key=len, reverse=True)
        alt = "|".join(re.escape(w) for w in plain_first)
        self.starts = re.compile(
            r"(?<![^\s,;:()\[\]{}\"“”/])(?:(?=[^\s,;:()\[\]{}\"“”/]*[A-Z0-9])[^\s,;:()\[\]{}\"“”/]" + _TOKEN_BODY
            + (r"|(?:" + alt + r")(?= ))" if alt else ")")
        )
        self._automaton = _automaton([*self.exact, *self.folded])

    def find(self, text: str) -> list[tuple[int, int, str, Entry]]:
        """Longest known names in ``text``: (start, end, surface, entry), left to right.

        Only tokens that can start a name are looked at (a capital or digit first, or one
        of the few lower-case first words); the words after such a token are read on demand.
        With the compiled matcher, only the tokens where some name occurs are looked at."""
        out: list[tuple[int, int, str, Entry]] = []
        pos = 0
        cands = self._candidates(text)
        if cands is None:  # no matcher for this text: look at every token that can start a name
            starts = self.starts.finditer(text)
        else:
            starts = (m for s in cands if (m := self.starts.match(text, s)) is not None)
        for m in starts:
            if m.start() < pos:
                continue
            hit = self._at(text, m)
            if hit is not None:
                out.append(hit)
                pos = hit[1]
        return out

    def _candidates(self, text: str) -> list[int] | None:
        """Where a name may start: the offsets, after a separator, of every occurrence of a
        known surface form in ``text`` (lower-cased), found in one pass of an Aho-Corasick
        automaton. A superset of where :meth:`_at` finds a name (a size variant starts with
        a known name); None when there is no automaton or lower-casing the text would move
        its offsets."""
        if self._automaton is None:
            return None
        low = text.lower()
        if len(low) != len(text) or "\u03a3" in text:  # "İ" lower-cases to two characters; Σ by context
            return None
        hay = " " + low.translate(_SEPARATORS)
        return sorted({end - n + 1 for end, n in self._automaton.iter(hay)})

    def _at(self, text: str, m) -> tuple[int, int, str, Entry] | None:
        """The longest known name starting at the token ``m`` (a match of ``starts``)."""
        first = self.first
        word = m.group()
        longest = first.get(word) or first.get(word.lower())
        if not longest:
            # a size variant of a known name: "ImageNet-32", "ImageNet64x64"
            v = _VARIANT.match(word)
            ent = self.exact.get(v.group(1)) if v else None
            return (m.start(), m.end(), word, ent) if ent is not None else None
        toks = [(m.start(), m.end(), word)]
        end = m.end()
        if (word.islower() and word not in self.exact and word not in self.folded_first
                and not text[end + 1 : end + 2].isupper()):
            return None  # "the Pile" starts a name, "the model" does not
        while len(toks) < longest and end < len(text) and text[end] == " ":
            t = _LEX_TOKEN.match(text, end + 1)
            if not t:
                break
            toks.append((t.start(), t.end(), t.group()))
            end = t.end()
        for k in range(len(toks), 0, -1):
            key = " ".join(t[2] for t in toks[:k])
            ent = self.exact.get(key) or self.folded.get(key.lower())
            if ent is not None:
                s, e = toks[0][0], toks[k - 1][1]
                return s, e, text[s:e], ent
        return None


@cache
def load_lexicon(root: Path) -> Lexicon:
    """The lexicon of the patterns folder ``root`` (empty when it has no benchmarks.toml)."""
    if not (root / "lexicons" / "benchmarks.toml").is_file():
        return Lexicon({}, {}, 1)
    exact: dict[str, Entry] = {}
    folded: dict[str, Entry] = {}
    longest = 1
    for b in load(root, "lexicons/benchmarks.toml", schema.BenchmarksFile).benchmark:
        for form in [b.name, *b.aliases]:
            ent = Entry(form, b.name, b.task, b.source)
            key = _key(form)
            longest = max(longest, len(key.split(" ")))
            if b.case_insensitive:
                folded.setdefault(key.lower(), ent)
            else:
                exact.setdefault(key, ent)
                if "-" in key and " " not in key and key.index("-") >= 3:  # "ImageNet-1K" also as "ImageNet 1K"
                    exact.setdefault(key.replace("-", " "), ent)
    return Lexicon(exact, folded, longest)
