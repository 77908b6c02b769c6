"""The papers a sheet is checked against: their claims, prepared once, their number index,
read when first needed, and the ways a sheet's row names a paper (see
:mod:`claimtab.check.titles`)."""

from __future__ import annotations

import math

import pandas as pd

from claimtab.check.claims import PaperClaim, sig_digits, tokens
from claimtab.check.index import FIELDS, POINTS, link, paper_numbers
from claimtab.check.titles import AmbiguousPaper, Found, TitleFinder
from claimtab.keys import name_key, url_key
from claimtab.metrics import is_share_metric
from claimtab.quantities.cells import integer as _int
from claimtab.quantities.cells import number as _float
from claimtab.quantities.cells import text as _text
from claimtab.rules.kinds import registry
from claimtab.text import sentence_of, sentence_spans

__all__ = ["AmbiguousPaper", "PaperIndex"]


class PaperIndex:
    """The claims of each paper, prepared once, and the ways to find a paper by reference."""

    def __init__(self, claims: pd.DataFrame, papers: dict | None = None) -> None:
        papers = papers or {}
        self.titles: dict[str, str] = {}
        self._texts: dict[str, dict[str, str]] = {}
        for pid, p in papers.items():
            self.titles[str(pid)] = getattr(p, "title", "") or ""
            self._texts[str(pid)] = {f: getattr(p, f, "") or "" for f in FIELDS}
        self.claims: dict[str, list[PaperClaim]] = {}
        self._read: dict[str, tuple[list[PaperClaim], list[PaperClaim]]] = {}
        self._urls: dict[str, list[tuple[str, PaperClaim]]] = {}
        self._benchmarks: dict[str, list[tuple[str, PaperClaim]]] = {}
        self._prepare(claims)
        self._finder: TitleFinder | None = None
        self._resolved: dict[tuple, Found | None] = {}

    def __len__(self) -> int:
        return len(self.titles)

    def _prepare(self, df: pd.DataFrame) -> None:
        reg = registry()
        cols = set(df.columns)

        def col(name):
            return df[name].tolist() if name in cols else [None] * len(df)

        pids, titles, kinds, values, vmaxs, units = (col(n) for n in ("paper_id", "title", "kind", "value", "value_max", "unit"))
        qualifiers = col("qualifier")
        metrics, datasets, canon, baselines = (col(n) for n in ("metric", "dataset", "dataset_canonical", "baseline"))
        subjects = col("subject")
        texts, starts, ends, fields, urls = (col(n) for n in ("text", "start", "end", "field", "url"))
        for i in range(len(df)):
            pid = _text(pids[i])
            if pid is None:
                continue
            self.titles.setdefault(pid, _text(titles[i]) or "")
            bucket = self.claims.setdefault(pid, [])
            kind = _text(kinds[i])
            value = _float(values[i])
            text = _text(texts[i]) or ""
            if reg.detector(kind) == "urls" and _text(urls[i]):
                self._urls.setdefault(pid, []).append((url_key(_text(urls[i])), _stub(pid, kind, text, starts[i], ends[i], fields[i], i)))
            if reg.detector(kind) == "names" and (_text(datasets[i]) or text):
                name = name_key(_text(datasets[i]) or text)
                self._benchmarks.setdefault(pid, []).append((name, _stub(pid, kind, text, starts[i], ends[i], fields[i], i)))
            if not reg.is_numeric(kind) or value is None:
                continue
            vmax = _float(vmaxs[i])
            unit = _text(units[i]) or ""
            start, end, fld = _int(starts[i]), _int(ends[i]), _text(fields[i]) or "abstract"
            alt = self._alt_units(pid, unit, text, fld, start, end)
            if unit == "" and reg[kind].value.share_percent and abs(value) > 1 and is_share_metric(_text(metrics[i])):
                # a plain value of a share metric may be a % the text dropped; a change of one, points
                alt = alt | {"%"} | ({"pp"} if reg[kind].value.signed else set())
            ds = " ".join(x for x in (_text(datasets[i]), _text(canon[i])) if x) or None
            bucket.append(
                PaperClaim(
                    paper_id=pid, kind=kind, value=value, value_max=vmax, unit=unit,
                    metric=_text(metrics[i]), dataset=_text(datasets[i]), baseline=_text(baselines[i]), text=text,
                    start=start, end=end, field=fld, metric_t=tokens(metrics[i]), dataset_t=tokens(ds),
                    baseline_t=tokens(baselines[i]), digits=sig_digits(value), order=i, alt_units=alt,
                    qualifier=_text(qualifiers[i]) or "exact", subject=_text(subjects[i]),
                )
            )

    def _alt_units(self, pid: str, unit: str, text: str, field: str, start: int | None, end: int | None) -> frozenset[str]:
        """A "%" the sentence also calls points ("3.92 percentage point", "an absolute 3%") may be
        read as either: the extractor's unit there is not a reason to flag the sheet's "pp"."""
        if unit != "%":
            return frozenset()
        source = self._texts.get(pid, {}).get(field, "")
        sentence = text
        if source and start is not None and end is not None and source[start:end] == text:
            spans = sentence_spans(source)
            s0, _ = sentence_of(spans, start)
            _, s1 = sentence_of(spans, max(start, end - 1))
            sentence = source[s0:s1]
        return frozenset({"pp"}) if POINTS.search(sentence) else frozenset()

    @property
    def finder(self) -> TitleFinder:
        if self._finder is None:
            self._finder = TitleFinder(self.titles)
        return self._finder

    def resolve(self, ref: str | None, title: str | None = None) -> str | None:
        """The paper id a sheet refers to (by id, else by title); None when unknown.
        Raises :class:`AmbiguousPaper` when a title matches several papers."""
        found = self.find(ref, title)
        return found.pid if found else None

    def find(self, ref: str | None, title: str | None = None) -> Found | None:
        """The paper a sheet refers to and how it was found (see :mod:`claimtab.check.titles`)."""
        key = (ref, title)
        if key not in self._resolved:
            self._resolved[key] = self._find(ref, title)
        return self._resolved[key]

    def _find(self, ref: str | None, title: str | None) -> Found | None:
        refs = [r for r in (ref, title) if r]
        for r in refs:
            pid = self.finder.by_id(r)
            if pid is not None:
                return Found(pid)
        for r in refs:
            found = self.finder.by_title(r)
            if found is not None:
                return found
        return None

    def suggest(self, ref: str) -> list[tuple[str, str]]:
        """The nearest titles to a reference that names no paper given."""
        return self.finder.suggest(ref)

    def has_text(self, pid: str) -> bool:
        """Whether the paper's text was given (not only its claims)."""
        return any(self._texts.get(pid, {}).values())

    def paper(self, pid: str) -> tuple[list[PaperClaim], list[PaperClaim]]:
        """The paper's numeric claims (with the range or list each stands in) and its number
        index (every number its text writes); read once, when a row first names it."""
        if pid not in self._read:
            claims = self.claims.get(pid, [])
            texts = self._texts.get(pid)
            numbers = paper_numbers(pid, texts) if texts else []
            self._read[pid] = link(claims, numbers) if numbers else (claims, [])
        return self._read[pid]

    def urls(self, pid: str) -> list[tuple[str, PaperClaim]]:
        return self._urls.get(pid, [])

    def benchmarks(self, pid: str) -> list[tuple[str, PaperClaim]]:
        return self._benchmarks.get(pid, [])


def _stub(pid, kind, text, start, end, field, i) -> PaperClaim:
    return PaperClaim(
        paper_id=pid, kind=kind, value=math.nan, value_max=None, unit="", metric=None, dataset=None, baseline=None,
        text=text, start=_int(start), end=_int(end), field=_text(field) or "abstract", metric_t=frozenset(),
        dataset_t=frozenset(), baseline_t=frozenset(), digits="", order=i,
    )
