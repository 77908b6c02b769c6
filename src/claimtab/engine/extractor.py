"""Find claims in one field of text: links, then numbers -> mentions -> classified,
attributed claims, then benchmark names.

This works on a plain string (no spaCy) and returns :class:`~claimtab.model.Found` records
with character offsets into it; :mod:`claimtab.engine.paper` turns them into table rows.
"""

from __future__ import annotations

from claimtab.engine.benchmarks import find_benchmarks
from claimtab.engine.classify import Classifier, Verdict
from claimtab.engine.linking import attach_attributes
from claimtab.engine.mentions import Mention, MentionFinder
from claimtab.engine.urls import find_urls
from claimtab.keys import name_key
from claimtab.model import Found
from claimtab.quantities import numbers as nb
from claimtab.quantities import units as qu
from claimtab.rules.compile import Rule, Rules, load_rules
from claimtab.rules.lexicon import load_lexicon
from claimtab.text import sentence_of, sentence_spans

EVIDENCE_MAX = 80
COORD_GAP = 60
COORD_MAX_GAP = 80  # "by 7.2%, 8.1% and 8.8% on A, B and C of X, 2.2%, 2.1% and 1.3% on ..."
COORD_BRACKET_GAP = 40  # a value in brackets coordinates only with one close before them
STRONG = 55.0  # a rule at least this strong is trusted over a coordinated neighbour's kind


def _share_group_qualifiers(found: list[Found]) -> None:
    """Values listed together share a qualifier written once: "up to 2.1% and 9.8%",
    "16.08, 11.52 and 1.95 average accuracy improvement"."""
    groups: dict[tuple, list[Found]] = {}
    for d in found:
        g = d.group_span
        if g:
            groups.setdefault((g, d.kind), []).append(d)
    for members in groups.values():
        quals = [d.qualifier for d in members if d.qualifier != "exact"]
        if quals and len(quals) < len(members):
            q = members[0].qualifier if members[0].qualifier != "exact" else quals[-1]
            for d in members:
                if d.qualifier == "exact":
                    d.qualifier = q


class Extractor:
    """Rules-as-data claim extractor for one field of text."""

    def __init__(self, patterns: Rules | None = None, kinds: set[str] | None = None):
        self.p = patterns or load_rules()
        self.kinds = kinds
        reg = self.p.kinds
        wanted = [k for k in reg.names if kinds is None or k in kinds]
        self._url_kinds = [k for k in wanted if reg.detector(k) == "urls"]
        self._name_kinds = [k for k in wanted if reg.detector(k) == "names"]
        self.mentions = MentionFinder(self.p)
        self.classifier = Classifier(self.p, kinds)
        # words without which no rule can fire on a digit-free text
        self._hint_words = tuple(
            {w for p in self.p.name_patterns for w in p.requires}
            | set(self.p.factor_hints) | set(self.p.word_scale_hints) | set(self.p.title_hints)
            | {h for u in self.p.urls.values() for h in u.hints}
        )

    def could_hold_claims(self, text: str) -> bool:
        """A cheap test that ``text`` may state a claim: a digit, a URL, a number or factor
        word, a word some benchmark pattern needs, or a known benchmark name. False means
        :meth:`extract` would return nothing (most titles have none of these)."""
        if not text or any(map(str.isdigit, text)):
            return bool(text)
        low = text.lower()
        if any(map(low.__contains__, self._hint_words)):
            return True
        return bool(load_lexicon(self.p.root).find(text))

    def extract(self, text: str, field: str = "abstract") -> list[Found]:
        """Every claim of ``text`` (one field of a paper), ordered by offset."""
        if not text:
            return []
        sents = sentence_spans(text)
        found: list[Found] = []
        urls = find_urls(text, self.p.urls[self._url_kinds[0]], sents) if self._url_kinds else []
        blocked = [u.block for u in urls if u.block]
        found.extend(urls)
        mentions = self.mentions.find(text, blocked)
        self.mentions.bind(text, mentions)
        prev: tuple[Mention, Rule, Found] | None = None
        outer = None  # the last claim not inside brackets
        for mt in mentions:
            got = self._claim(text, sents, mt, prev, outer=outer)
            if got is not None:
                found.append(got[0])
                start = self._from_start(text, mt, got[0])
                if start is not None:
                    found.append(start)
                prev = (mt, got[1], got[0])
                if not _in_brackets(text, mt.start):
                    outer = prev
        _share_group_qualifiers(found)
        if self._name_kinds:
            names = find_benchmarks(text, self.p, sents, blocked, field, self._name_kinds[0])
            if names:  # a number inside a name is part of it ("RAF-DB 2.0")
                found = [d for d in found if not d.number or not any(
                    n.start <= d.number[0] and d.number[1] <= n.end for n in names)]
            found.extend(names)
        attach_attributes(text, found, sents, self.p)
        if self._name_kinds:
            found.extend(_measured_on(text, found, self._name_kinds[0], self.p.metric_names))
        found = [d for d in found if d.alias_of is None]
        for d in found:
            d.field = field
        found.sort(key=lambda d: (d.start, d.end, d.kind))
        return found

    def explain(self, text: str, field: str = "abstract") -> list[dict]:
        """For every number of ``text``: its mention classes, the exclusion that vetoed it,
        the rules that applied (with their scores) and the one chosen -- what
        ``claimtab explain`` prints. The claims themselves are those :meth:`extract` gives."""
        sents = sentence_spans(text)
        urls = find_urls(text, self.p.urls[self._url_kinds[0]], sents) if self._url_kinds else []
        mentions = self.mentions.find(text, [u.block for u in urls if u.block])
        self.mentions.bind(text, mentions)
        out, prev, outer = [], None, None
        for mt in mentions:
            trace: dict = {"number": text[mt.start : mt.end], "start": mt.start, "end": mt.end, "value": mt.value,
                           "value_max": mt.value_max, "unit": mt.unit, "classes": sorted(mt.classes)}
            got = self._claim(text, sents, mt, prev, trace, outer=outer)
            if got is not None:
                prev = (mt, got[1], got[0])
                if not _in_brackets(text, mt.start):
                    outer = prev
            out.append(trace)
        return out

    def _claim(self, text: str, sents, mt: Mention, prev, trace: dict | None = None,
               outer=None) -> tuple[Found, Rule] | None:
        """The claim a mention states and the rule that classified it, or None. ``trace``
        (a dict) collects what was decided on the way."""
        c = self.classifier
        sent = sentence_of(sents, mt.start)
        own_start = mt.ctx_start if mt.ctx_start >= 0 else mt.start
        gs, ge = mt.group or (own_start, mt.end)
        own_left, own_right = c.windows(text, sent, own_start, mt.end)
        if (gs, ge) == (own_start, mt.end):
            left, right = own_left, own_right
        else:  # a value in a list reads the list's context
            left, right = c.windows(text, sent, gs, ge)
        vetoed = c.excluded(own_left, own_right, text[mt.start : mt.end])
        if trace is not None:
            trace["excluded_by"] = vetoed
        if vetoed:
            return None
        qual, own_left_q = c.qualifier(own_left, own_right)
        left_q = left if mt.group and gs < own_start else own_left_q
        if qual == "exact" and text[mt.end : mt.end + 1] == "+" and not text[mt.end + 1 : mt.end + 2].isdigit():
            qual = "at_least"  # "130+ sequences"
        if qual == "exact":
            qual = c.average(own_left, own_right)
        tried: list | None = [] if trace is not None else None
        got = c.classify(mt, left_q, right, text[mt.start : mt.end], left, tried)
        inherited = self._coordinated(text, sent, mt, prev, got, outer)
        if inherited is not None:
            got = Verdict(inherited[1], got.metric if got else inherited[2].metric)
        if trace is not None:
            trace.update(rules=tried, qualifier=qual, chosen=got.rule.name if got else None,
                         kind=got.rule.kind if got else None, inherited=inherited is not None)
        if got is None:
            return None
        start, end = self._evidence(
            text, sent, mt, own_start, own_left_q, own_left, got.lcover, got.rcover,
            is_first=gs >= own_start, is_last=ge <= mt.end,
        )
        value, value_max, unit = self._normalized(got.rule, mt, got.metric)
        found = Found(
            kind=got.rule.kind, start=start, end=end, text=text[start:end], value=value, value_max=value_max,
            unit=unit, qualifier=qual, metric=got.metric.strip() if got.metric else None, rule=got.rule.name,
            sentence=sent, number=(mt.start, mt.end), decimals=mt.decimals, group=mt.gidx, group_span=mt.group,
        )
        return found, got.rule

    def _from_start(self, text: str, mt: Mention, end: Found) -> Found | None:
        """"improves accuracy from 51.6% to 62.0%": for a kind whose start of a change is a
        claim too (``from_start``), the claim of the start value A, like that of B."""
        if mt.from_span is None or mt.from_value is None or not self.p.kinds[end.kind].value.from_start:
            return None
        a0, a1 = mt.from_span
        value, value_max = mt.from_value
        return Found(
            kind=end.kind, start=a0, end=a1, text=text[a0:a1], value=value, value_max=value_max, unit=end.unit,
            metric=end.metric, rule=end.rule, sentence=end.sentence, number=(a0, a1), decimals=mt.decimals,
        )

    def _normalized(self, rule: Rule, mt: Mention, metric: str | None) -> tuple[float, float | None, str]:
        """Value, upper bound and unit as the claim's kind states them (its ``[kind.value]``):
        a signed kind carries its sign ("0.33% drop" -> -0.33), a bare number takes the
        kind's bare unit ("count", "x") or, for some kinds, one named by its metric."""
        spec = self.p.kinds[rule.kind].value
        value, value_max, unit = mt.value, mt.value_max, mt.unit
        if spec.signed or (spec.written_sign and "signed" in mt.classes):
            sign = mt.sign if "signed" in mt.classes else rule.sign
            if sign < 0:
                hi = value_max if value_max is not None else value
                value, value_max = nb.normalize_range(-hi, -value if value_max is not None else None)
        if not unit:
            if rule.unit:
                unit = rule.unit
            elif spec.bare_unit:
                unit = spec.bare_unit
            elif spec.unit_from_metric and metric and mt.classes & {"count", "plain_int", "plain"}:
                unit = qu.metric_unit(metric, self.mentions.vocab)
        return value, value_max, unit

    def _evidence(self, text, sent, mt, own_start, left_q, own_left, lcover, rcover, is_first, is_last):
        """The characters that state the claim: the number with its qualifier cue and, for a
        value on its own, the words of the rule that classified it ("4.6x speedup over SST")."""
        start = own_start - (len(own_left) - len(left_q))  # the qualifier cue starts here
        if lcover and is_first:
            start = max(sent[0], start - min(lcover, EVIDENCE_MAX))
        end = mt.end
        if rcover and is_last:
            end = min(sent[1], mt.end + min(rcover, EVIDENCE_MAX))
        start = min(start, mt.start)
        # whole words only, no dangling spaces or punctuation at the edges
        while start < mt.start and (text[start].isspace() or text[start] in ",;:(" or (
                start > 0 and text[start - 1].isalnum() and text[start].isalnum())):
            start += 1
        while end > mt.end and (text[end - 1].isspace() or text[end - 1] in ",;:(" or (
                end < len(text) and text[end].isalnum() and text[end - 1].isalnum())):
            end -= 1
        return start, end

    def _coordinated(self, text, sent, mt: Mention, prev, got: Verdict | None, outer=None):
        """A weakly classified value right after a strongly classified one inherits its kind:
        "improvements of 14.7% and 6.41% in robustness, 11.4% and 1.71% in AEO". A value in
        brackets before it is an aside: "X to 93.7% (4.1% gain), Y to 80.9%" coordinates
        80.9% with 93.7% (``outer``, the last claim outside brackets), not with the gain."""
        if prev is None or (got is not None and got.rule.priority >= STRONG and not got.rule.weak):
            return None
        if prev[2].sentence != sent or prev[0].end > mt.start:
            return None
        between = text[max(prev[0].end, mt.start - COORD_MAX_GAP) : mt.start]
        if ")" in between and "(" not in between:
            if outer is None or outer is prev:
                return None
            prev = outer
        pm, prule, pfound = prev
        if pm.end > mt.start or pfound.sentence != sent:
            return None
        if got is not None and (prule.priority < STRONG or prule.weak):
            return None
        if got is not None and got.rule.kind == prule.kind:
            return None
        between = text[pm.end : mt.start]
        if len(between) > COORD_MAX_GAP or ";" in between or not (pm.classes & mt.classes):
            return None
        if len(between) > COORD_GAP and not (pm.group and mt.group):
            return None  # farther than a setting apart, only a list that continues a list
        if "(" in between and ")" not in between and len(between) > COORD_BRACKET_GAP:
            return None  # "48 captures across ... categories (small ~8 cm": brackets far from the value
        ctx = self.p.context
        if ctx["new_claim"].search(between) or not ctx["coord"].search(between):
            return None
        return prev


def _in_brackets(text: str, at: int, window: int = 80) -> bool:
    """Does an open bracket stand before ``at`` (within ``window`` characters, not closed)?"""
    head = text[max(0, at - window) : at]
    return head.rfind("(") > head.rfind(")")


def _measured_on(text: str, found: list[Found], kind: str, metrics) -> list[Found]:
    """A result's benchmark that no name pattern found ("67.7% F1 on CaRB", "0.488 on
    Juntendo") is a benchmark of the paper too: one claim per name, where it first follows
    "on" after a number that links it (or, failing that, before it)."""
    known = {name_key(d.dataset) for d in found if d.kind == kind and d.dataset}
    out: list[Found] = []
    for d in found:
        if d.kind == kind or not d.dataset or d.sentence is None or d.number is None:
            continue
        key = name_key(d.dataset)
        if not key or key in known or d.dataset.lower() in metrics:  # "24.3% on MRR": a metric
            continue
        at = text.find("on " + d.dataset, d.number[1], d.sentence[1])
        if at < 0:  # or before the brackets that hold the number: "on CA-1M with dense depth (0.412"
            at = text.rfind("on " + d.dataset, max(d.sentence[0], d.number[0] - 200), d.number[0])
        if at < 0:
            continue
        s = at + 3
        known.add(key)
        out.append(Found(kind=kind, start=s, end=s + len(d.dataset), text=d.dataset, dataset=d.dataset,
                         rule="measured-on", sentence=d.sentence, field=d.field))
    return out
