"""Find claims in one text field: numbers → mentions → classified, attributed claims.

This module is independent of spaCy: :class:`Extractor` works on a plain string and
returns :class:`Found` rows with character offsets. The spaCy component in
``pipeline.py`` wraps it and turns drafts into spans.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from claimtab.engine.benchmarks import find_benchmarks
from claimtab.engine.linking import attach_attributes
from claimtab.engine.urls import find_urls
from claimtab.model import Found
from claimtab.quantities import numbers as nb
from claimtab.rules.compile import Rule, Rules, load_rules
from claimtab.rules.lexicon import load_lexicon
from claimtab.text import sentence_of, sentence_spans

WINDOW = 160

# physical-unit dimensions (from lexicons/units.toml) are unit classes of their own
PHYSICAL = {"time", "rate", "memory", "compute", "power", "energy", "area", "gpu_time", "other"}

_LATEX_WRAP = regex.compile(r"\\(?:textbf|emph|textit|texttt|added|underline|mathbf|mathrm|text|bm)\{")
_SPACES_DASHES = regex.compile(r"[\s-]+")
_SIZE_TAIL = regex.compile(r"\s?[*×x]\s?\d")
_MATH_TAIL = regex.compile(r"\s?(?:\\|\^|_|\$)")
_FROM_END = regex.compile(r"(?i)\bfrom\s*(?:\w+\s*){0,1}$")
_RIGHT_LEAD = regex.compile(r"^(?:\+|-(?=[A-Za-z]))?[\s$}~]*")
_LEFT_TAIL = regex.compile(r"[${]+\s*$")
_COORD = regex.compile(r"(?:,|\(|\band\b|\bwhile\b|\bwhereas\b)")
# words that start a new statement: a value after them is not coordinated with the one before
_NEW_CLAIM = regex.compile(
    r"(?i)\b(?:achiev\w*|obtain\w*|attain\w*|reach\w*|record\w*|yield\w*|scor\w*|gets?|sets?|establish\w*|"
    r"deliver\w*|maintain\w*|while|with|using|requir\w*|runs?|reduc\w*|improv\w*|outperform\w*|surpass\w*)\b"
)
_TO = regex.compile(r"^\s+to\s+$")
_AND = regex.compile(r"^\s+and\s+$")
_BETWEEN_END = regex.compile(r"(?i)\bbetween\s+$")
_LIST_SEP = regex.compile(r"^\s*(?:,|/|and|or|,\s*and|,\s*or|vs\.?|v\.s\.|versus)\s*$")
_PHRASE_END = regex.compile(r",\s|\s(?:and|while|whereas|but|with|without)\s")
_RANGE_WORDS = regex.compile(
    r"(?i)\b(?:rang\w*|vary\w*|varies|span\w*|scal\w*|sizes?|models?|families|anywhere|between|lengths?|"
    r"resolutions?|budgets?|horizons?|steps|layers)\b[^.;]{0,25}$"
)
_DECADE = regex.compile(r"^(?:1[5-9]|20)\d0$")
_YEAR = regex.compile(r"^(?:19|20)\d\d$")
_RATE = regex.compile(r"(?i)^\s?-?\s?([a-z]+)\s*(?:/|per\s+)\s*(s|sec|second|ms|hour|day)\b")
_CHANGE_VERB = regex.compile(
    r"(?i)\b(?:reduc\w*|increas\w*|improv\w*|boost\w*|ris\w*|rose|drop\w*|decreas\w*|grow\w*|grew|rais\w*|"
    r"jump\w*|shrink\w*|shrank|lower\w*|cut\w*|doubl\w*|halv\w*|tripl\w*|went|goes|go|brings?|brought|"
    r"push\w*|lift\w*|elevat\w*|enhanc\w*|advanc\w*|climb\w*|fell|fall\w*|declin\w*|slash\w*|accelerat\w*|"
    r"speed\w*|sped|shorten\w*|narrow\w*|widen\w*|change\w*|moving|moves?|upgrad\w*|gains?|improvements?|"
    r"increases?|reductions?|jumps?|rises?|boosts?|lifts?)\b"
)


@dataclass
class Mention:
    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    classes: set[str]
    sign: int = 1
    decimals: int = 0
    from_to: bool = False  # "from A to B" that states a change: only B is the claim
    ctx_start: int = -1  # where the words of the claim begin ("from" of "from A to B")
    to_range: bool = False  # written "A to B"
    group: tuple[int, int] | None = None  # span of a list of values sharing one context
    gidx: tuple[int, int] | None = None  # (position in that list, its length)


def _scaled(num: str, scale: str | None) -> float | None:
    v = nb.parse_number(num)
    if v is None:
        return None
    if scale:
        mult = nb.scale_factor(scale.strip())
        if mult is None:
            return None
        v *= mult
    return v


def _share_group_qualifiers(drafts: list[Found]) -> None:
    """Values listed together share a qualifier written once: "up to 2.1% and 9.8%",
    "16.08, 11.52 and 1.95 average accuracy improvement"."""
    groups: dict[tuple, list[Found]] = {}
    for d in drafts:
        g = d.extra.get("group_span")
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
        self._rules_by_class: dict[str, list[Rule]] = {}
        for r in self.p.rules:
            for u in r.units:
                self._rules_by_class.setdefault(u, []).append(r)
        # words without which no rule can fire on a digit-free text
        self._hint_words = tuple(
            {w for p in self.p.name_patterns for w in p.requires}
            | set(self.p.factor_hints) | {h for u in self.p.urls.values() for h in u.hints}
            | {"thousand", "million", "billion", "trillion", "second", "minute", "hour", "day", "week", "$",
               "on ", "bench", "dataset", "corpus", "%"}
        )
        # strongest first: once a rule matches, weaker ones need not be tried
        for rules in self._rules_by_class.values():
            rules.sort(key=lambda r: -r.priority)

    # ------------------------------------------------------------------ mentions
    def unit_of(self, raw: str | None) -> tuple[str, str]:
        """(canonical unit, unit class) of the unit text attached to a number."""
        if not raw:
            return "", ""
        s = raw.strip().strip("$").strip()
        low = s.lower()
        if low in ("pp", "p.p.", "pts") or "point" in low:  # before "percent": "percentage points"
            return "pp", "points"
        if "%" in s or low.startswith("percent") or low.startswith("per cent"):
            return "%", "percent"
        if low in ("x", "×", "\\times", "\\x", "$\\times$", "\\times$") or low.endswith("times") and "\\" in low:
            return "x", "factor_symbol"
        if low.lstrip("-").strip() in ("times", "fold"):
            return "x", "factor_times"
        if low in ("usd", "eur", "gbp", "cny", "rmb", "dollar", "dollars", "euro", "euros"):
            code = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR"}.get(low, low.upper())
            return code, "currency"
        m = _RATE.match(s)
        if m and m.group(1).lower() not in ("frames", "frame"):
            noun = m.group(1)
            return f"{noun}/s" if m.group(2).lower().startswith("s") else f"{noun}/{m.group(2)}", "rate"
        key = _SPACES_DASHES.sub("", low)
        if key in self.p.units:
            unit, dim = self.p.units[key]
            return unit, dim
        return s, "other"

    def find_mentions(self, text: str, blocked: list[tuple[int, int]]) -> list[Mention]:
        out: list[Mention] = []
        for m in self.p.mention.finditer(text):
            s, e = m.span()
            if any(a <= s < b for a, b in blocked):
                continue
            mm = self._mention(text, m)
            if mm is not None:
                out.append(mm)
        low = text.lower()
        scan = any(w in low for w in self.p.factor_hints)
        for m in self.p.word_factor.finditer(text) if scan else ():
            s, e = m.span()
            if any(a <= s < b for a, b in blocked) or any(o.start <= s < o.end for o in out):
                continue
            if m.group("wn"):
                v = nb.parse_number_words(m.group("wn"))
            else:
                v = nb.parse_factor(m.group(0))
            if v is None:
                continue
            classes = {"factor", "factor_word"}
            out.append(Mention(s, e, float(v), None, "x", classes))
        for m in self.p.word_mention.finditer(text) if any(w in low for w in self.p.word_scale_hints) else ():
            if not (m.group("ws") or m.group("wu")):
                continue
            s, e = m.span()
            if any(a <= s < b for a, b in blocked) or any(o.start <= s < o.end or s <= o.start < e for o in out):
                continue
            v = nb.parse_number_words(m.group("wn").replace("a few", "three"))
            if v is None or m.group("wn").lower() == "a few":
                continue
            if m.group("ws"):
                v *= nb.scale_factor(m.group("ws")) or 1.0
            unit, cls = self.unit_of(m.group("wu"))
            classes = {cls} if cls else {"count"}
            out.append(Mention(s, e, float(v), None, unit if cls else "", classes))
        out.sort(key=lambda x: x.start)
        return out

    def _mention(self, text: str, m: regex.Match) -> Mention | None:
        s, e = m.span()
        lo_txt = m.group("lo")
        # digits glued to letters belong to names: GPT-4, ResNet-50, LLaMA-2-7B, top-1, Qwen2.5
        sgn_start = m.start("sgn") if m.group("sgn") else m.start("lo")
        cur_start = m.start("cur") if m.group("cur") else sgn_start
        before = text[max(0, cur_start - 2) : cur_start]
        if before[-1:].isalpha() or before[-1:] in ("_", "^", ".", "@", "#", "*", "×") or (
            before[-1:] in ("-", "–") and before[-2:-1].isalnum()
        ):
            return None
        if before[-1:] == "." and before[-2:-1].isdigit():
            return None
        if regex.match(r"\d\s?/$", text[max(0, cur_start - 3) : cur_start]):  # "1 /4": a fraction
            return None
        after = text[e : e + 2]
        unit_raw = m.group("u") or m.group("lo_u")
        if not unit_raw and m.group("pm") and "%" in m.group("pm"):
            unit_raw = "%"  # 84.2 +/- 6%
        if after[:1].isalpha() or after[:1].isdigit():
            # a unit or scale already consumed may legitimately touch a word only via space
            return None
        if after[:1] == "-" and after[1:2].isalpha():
            tail = text[e + 1 : e + 30].lower()
            if not tail.startswith(("parameter", "param", "hour", "day", "minute", "second", "gpu", "fold", "times", "x ")):
                return None
        if after[:1] == "-" and after[1:2].isdigit() and not m.group("hi"):
            return None
        if _SIZE_TAIL.match(text[e : e + 4]):  # 512*512, 32 x 32: a size, not a claim
            return None
        lo = _scaled(lo_txt, m.group("lo_scale") or (m.group("hi_scale") if m.group("hi") else None))
        if lo is None:
            return None
        hi = None
        if m.group("hi"):
            hi = _scaled(m.group("hi"), m.group("hi_scale") or m.group("lo_scale"))
            if hi is None:
                return None
        unit, cls = self.unit_of(unit_raw)
        lo_unit, lo_cls = self.unit_of(m.group("lo_u"))
        if m.group("hi") and lo_cls and cls and lo_cls != cls and not (
            {lo_cls, cls} <= {"factor_symbol", "factor_times"}
        ):
            return None
        currency = m.group("cur") or m.group("cur2")
        if currency and "$" in currency and (
            cls or _MATH_TAIL.match(text[e : e + 3]) or "$" in text[e : e + 12]
        ):
            currency = None  # LaTeX math ("$12%$", "$2 \\times 2$"), not dollars
        if currency:
            unit = nb.CURRENCY_SYMBOLS.get(currency, "USD")
            cls = "currency"
        classes: set[str] = set()
        if cls:
            classes.add(cls)
        if cls in ("factor_symbol", "factor_times"):
            classes.add("factor")
        scale = m.group("lo_scale") or m.group("hi_scale")
        if not cls:
            if scale:
                classes.add("count")
            elif "." in lo_txt:
                classes.add("plain")
            else:
                if _YEAR.match(lo_txt) and not m.group("hi"):
                    return None
                if m.group("hi") and _YEAR.match(lo_txt) and _YEAR.match(m.group("hi")):
                    return None
                classes.add("plain_int")
                unit = ""
        if cls == "percent" and lo > 1000:
            return None
        if unit_raw and unit_raw.strip() == "s" and _DECADE.match(lo_txt) and not unit_raw.startswith(" "):
            return None  # "the 1960s": a decade
        sign = 1
        if m.group("sgn") and not m.group("hi"):
            classes.add("signed")
            if m.group("sgn") in ("-", "\u2212"):
                sign = -1
        if cls == "factor_times" and lo_txt.count(".") == 0 and lo < 2 and not scale:
            return None
        if cls in ("factor_symbol", "factor_times") and lo == 0:
            return None  # "0 X": no factor is zero
        if "count" in classes or "plain_int" in classes:
            unit = ""
        value, value_max = nb.normalize_range(lo, hi)
        mention = Mention(s, e, value, value_max, unit, classes, sign, nb.decimals(lo_txt))
        if m.group("hi") and m.group("rsep") and m.group("rsep").strip().lower() == "to":
            mention.to_range = True
            left = text[max(0, s - 120) : s]
            if _FROM_END.search(left) and self._is_change(left, scale):
                self._make_from_to(mention, s, m.start("hi") - len(m.group("cur2") or ""), hi if hi is not None else lo)
        return mention

    @staticmethod
    def _is_change(left: str, scale: str | None) -> bool:
        """Does "from A to B" state a change (before -> after) rather than a range?

        A change unless the words before name a span ("ranging from", "models from 124M
        to 1.4B"): sizes written with a scale are ranges unless a change verb precedes."""
        near = left[-40:]
        if _RANGE_WORDS.search(near):
            return False
        if scale:
            return bool(_CHANGE_VERB.search(left[:-5] if left.endswith("from ") else left))
        return True

    @staticmethod
    def _make_from_to(mention: Mention, ctx_start: int, start: int, value: float) -> None:
        mention.from_to = True
        mention.classes.add("from_to")
        mention.value = value
        mention.value_max = None
        mention.ctx_start = ctx_start
        mention.start = start

    # ------------------------------------------------------------- classification
    def _windows(self, text: str, sent: tuple[int, int], start: int, end: int) -> tuple[str, str]:
        left = text[max(sent[0], start - WINDOW) : start]
        right = text[end : min(sent[1], end + WINDOW)]
        cut = max(left.rfind(";"), left.rfind(" — "))
        if cut >= 0:
            left = left[cut + 1 :]
        cut = right.find(";")
        if cut >= 0:
            right = right[:cut]
        # LaTeX closers right after a number ("$12%$", "}") and a "+" ("130+ sequences")
        # do not separate it from its words
        right = _RIGHT_LEAD.sub(" ", right)
        left = _LATEX_WRAP.sub("", left)
        right = _LATEX_WRAP.sub("", right)
        left = _LEFT_TAIL.sub("", left)
        return left, right

    def qualifier(self, left: str, right: str) -> tuple[str, str]:
        """(qualifier, left context with the cue removed)."""
        tail = left[-40:]
        m = self.p.qualifier_before.search(tail)
        if m:
            q = self.p.qualifier_of.get(m.group("q").lower(), "exact")
            return q, left[: len(left) - len(tail) + m.start("q")]
        m = self.p.qualifier_after.match(right.lstrip(" "))
        if m:
            return self.p.qualifier_of.get("after:" + m.group("q").lower(), "exact"), left
        return "exact", left

    _AVG_LEFT = regex.compile(
        r"(?i)\b(?:on\s+average|averag(?:e|ed|ing)|avg\.?)\b(?!\s+precision)(?:[^.;,]{0,40})$", regex.REVERSE
    )
    _AVG_RIGHT = regex.compile(
        r"(?i)^\s*(?:(?:\S+\s+){0,4}?(?:on\s+average|in\s+average(?!\s+[a-z])|on\s+avg|averaged\b)"
        r"|(?:average|mean)\b(?!\s+(?:average\s+)?precision)"
        r"|(?:[\w-]+\s+){0,3}?(?:across|over)\s+(?:all\s+|the\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
        r"multiple|several|various|many|all)\s+(?:[\w-]+\s+)?(?:benchmarks|datasets|tasks|languages|domains|settings)\b)"
    )

    def average(self, left: str, right: str) -> str:
        """"average accuracy of 0.820", "by 2.5% on average" -> average."""
        if self._AVG_LEFT.search(left[-60:]) or self._AVG_RIGHT.match(right):
            return "average"
        return "exact"

    def classify(
        self, mention: Mention, left: str, right: str, mtext: str, full_left: str | None = None
    ) -> tuple[Rule, str | None, int, int] | None:
        """The best rule for a mention, the metric it captured, and how many characters of
        the left and right context its cues cover (for the evidence span); None: no claim.

        ``left`` is the context before the number without its qualifier cue; rules that
        need the cue itself ("within 0.3% of") see ``full_left``."""
        best: tuple[float, Rule, str | None, int, int] | None = None
        near_l = left[-100:]
        near_r = right[:100]
        # vetoes look right only up to the end of the number's own phrase
        own_clause_r = _PHRASE_END.split(right[:70], 1)[0]
        seen: set[int] = set()
        for cls in mention.classes:
            for rule in self._rules_by_class.get(cls, ()):
                if id(rule) in seen:
                    continue
                seen.add(id(rule))
                if self.kinds is not None and rule.kind not in self.kinds:
                    continue
                if best is not None and rule.priority <= best[0]:
                    break  # sorted by priority: nothing weaker can win
                score = rule.priority
                metric = None
                lcover = rcover = 0
                if rule.text is not None and not rule.text.search(mtext):
                    continue
                if rule.not_units and rule.not_units & mention.classes:
                    continue
                if rule.min_value is not None and abs(mention.value) < rule.min_value:
                    continue
                if rule.left is not None:
                    window = left[-WINDOW:]
                    m = rule.left.search(window)
                    if m:
                        lcover = len(window) - m.start()
                    elif full_left is not None:
                        m = rule.left.search(full_left[-WINDOW:])
                    if not m:
                        continue
                    metric = m.groupdict().get("metric")
                if rule.right is not None:
                    m = rule.right.match(right)
                    if not m:
                        continue
                    rcover = m.end()
                    metric = m.groupdict().get("metric") or metric
                if rule.near is not None:
                    dist = None
                    for m in rule.near.finditer(near_r):
                        dist = m.start()
                        break
                    ml = rule.near_rev.search(near_l) if rule.near_rev is not None else None
                    if ml is not None:
                        d = len(near_l) - ml.end()
                        dist = d if dist is None else min(dist, d)
                    if dist is None:
                        continue
                    score -= dist * 0.15
                    if ml is not None and len(near_l) - ml.end() == dist:
                        metric = metric or ml.groupdict().get("metric")
                if rule.not_near is not None and (rule.not_near.search(near_l[-70:]) or rule.not_near.search(own_clause_r)):
                    continue
                if rule.not_left is not None and rule.not_left.search(left[-WINDOW:]):
                    continue
                if rule.not_right is not None and rule.not_right.match(right):
                    continue
                if best is None or score > best[0]:
                    best = (score, rule, rule.metric or metric, lcover, rcover)
        if best is None:
            return None
        return best[1:]

    def excluded(self, left: str, right: str, mtext: str = "") -> bool:
        for ex in self.p.exclusions:
            if ex.text is not None and not ex.text.search(mtext):
                continue
            if ex.left is not None and not ex.left.search(left[-80:]):
                continue
            if ex.right is not None and not ex.right.match(right):
                continue
            return True
        return False

    # ------------------------------------------------------------------- driver
    def could_hold_claims(self, text: str) -> bool:
        """A cheap test that ``text`` may state a claim: a digit, a URL, a number or factor
        word, a word some benchmark pattern needs, or a known benchmark name. False means
        :meth:`extract` would return nothing (most titles have none of these)."""
        if not text or any(c.isdigit() for c in text):
            return bool(text)
        low = text.lower()
        if any(w in low for w in self._hint_words):
            return True
        return bool(load_lexicon(self.p.root).find(text))

    def extract(self, text: str, field: str = "abstract") -> list[Found]:
        if not text:
            return []
        sents = sentence_spans(text)
        drafts: list[Found] = []
        urls = find_urls(text, self.p.urls[self._url_kinds[0]], sents) if self._url_kinds else []
        blocked = [(u.extra["block"][0], u.extra["block"][1]) for u in urls]
        drafts.extend(urls)
        mentions = self.find_mentions(text, blocked)
        self._merge_between(text, mentions)
        self._pair_from_to(text, mentions)
        self._coordinate_from_to(text, mentions)
        self._group_lists(text, mentions)
        prev: tuple[Mention, Rule, Found] | None = None
        for mt in mentions:
            sent = sentence_of(sents, mt.start)
            own_start = mt.ctx_start if mt.ctx_start >= 0 else mt.start
            gs, ge = mt.group or (own_start, mt.end)
            own_left, own_right = self._windows(text, sent, own_start, mt.end)
            if (gs, ge) == (own_start, mt.end):
                left, right = own_left, own_right
            else:  # a value in a list reads the list's context
                left, right = self._windows(text, sent, gs, ge)
            if self.excluded(own_left, own_right, text[mt.start : mt.end]):
                continue
            qual, own_left_q = self.qualifier(own_left, own_right)
            left_q = left if mt.group and gs < own_start else own_left_q
            if qual == "exact" and text[mt.end : mt.end + 1] == "+" and not text[mt.end + 1 : mt.end + 2].isdigit():
                qual = "at_least"  # "130+ sequences"
            if qual == "exact":
                qual = self.average(own_left, own_right)
            got = self.classify(mt, left_q, right, text[mt.start : mt.end], left)
            inherited = self._coordinated(text, sent, mt, prev, got)
            if inherited is not None:
                got = (inherited[1], got[1] if got else inherited[2].metric, 0, 0)
            if got is None:
                continue
            rule, metric, lcover, rcover = got
            ev_start, ev_end = self._evidence(
                text, sent, mt, own_start, own_left_q, own_left, lcover, rcover, is_first=gs >= own_start, is_last=ge <= mt.end
            )
            value, value_max, unit = self._normalized(rule, mt, metric)
            d = Found(
                kind=rule.kind,
                start=ev_start,
                end=ev_end,
                text=text[ev_start:ev_end],
                value=value,
                value_max=value_max,
                unit=unit,
                qualifier=qual,
                metric=metric.strip() if metric else None,
                rule=rule.name,
                extra={"sent": sent, "decimals": mt.decimals, "number": (mt.start, mt.end), "group": mt.gidx,
                       "group_span": mt.group},
            )
            drafts.append(d)
            prev = (mt, rule, d)
        _share_group_qualifiers(drafts)
        if self._name_kinds:
            drafts.extend(find_benchmarks(text, self.p, sents, blocked, field, self._name_kinds[0]))
        attach_attributes(text, drafts, sents, self.p)
        drafts = [d for d in drafts if "alias_of" not in d.extra]
        drafts.sort(key=lambda d: (d.start, d.end, d.kind))
        return drafts

    def _normalized(self, rule: Rule, mt: Mention, metric: str | None) -> tuple[float, float | None, str]:
        """Value, upper bound and unit as the claim's kind states them (its ``[kind.value]``):
        a signed kind carries its sign ("0.33% drop" -> -0.33), a bare number takes the
        kind's bare unit ("count", "x") or, for some kinds, one named by its metric."""
        spec = self.p.kinds[rule.kind].value
        value, value_max, unit = mt.value, mt.value_max, mt.unit
        if spec.signed:
            sign = mt.sign if "signed" in mt.classes else rule.sign
            if sign < 0:
                hi = value_max if value_max is not None else value
                value, value_max = nb.normalize_range(-hi, -value if value_max is not None else None)
        if not unit:
            if spec.bare_unit:
                unit = spec.bare_unit
            elif spec.unit_from_metric and metric and mt.classes & {"count", "plain_int", "plain"}:
                unit = self._metric_unit(metric)
        return value, value_max, unit

    def _metric_unit(self, metric: str) -> str:
        """The unit a metric names ("frames per second" -> "fps"), else the metric itself."""
        low = metric.lower()
        return next((u for word, u in self.p.metric_units.items() if word in low), metric)

    EVIDENCE_MAX = 80

    def _evidence(self, text, sent, mt, own_start, left_q, own_left, lcover, rcover, is_first, is_last):
        """The characters that state the claim: the number with its qualifier cue and, for a
        value on its own, the words of the rule that classified it ("4.6x speedup over SST")."""
        start = own_start - (len(own_left) - len(left_q))  # the qualifier cue starts here
        if lcover and is_first:
            start = max(sent[0], start - min(lcover, self.EVIDENCE_MAX))
        end = mt.end
        if rcover and is_last:
            end = min(sent[1], mt.end + min(rcover, self.EVIDENCE_MAX))
        start = min(start, mt.start)
        # whole words only, no dangling spaces or punctuation at the edges
        while start < mt.start and (text[start].isspace() or text[start] in ",;:(" or (
            start > 0 and text[start - 1].isalnum() and text[start].isalnum())):
            start += 1
        while end > mt.end and (text[end - 1].isspace() or text[end - 1] in ",;:(" or (
            end < len(text) and text[end].isalnum() and text[end - 1].isalnum())):
            end -= 1
        return start, end

    COORD_MAX_GAP = 60
    STRONG = 55.0

    def _coordinated(self, text, sent, mt, prev, got):
        """A weakly classified value right after a strongly classified one inherits its kind:
        "improvements of 14.7% and 6.41% in robustness, 11.4% and 1.71% in AEO"."""
        if prev is None or (got is not None and got[0].priority >= self.STRONG and not got[0].weak):
            return None
        pm, prule, pdraft = prev
        if pm.end > mt.start or pdraft.extra.get("sent") != sent:
            return None
        if got is not None and (prule.priority < self.STRONG or prule.weak):
            return None
        if got is not None and got[0].kind == prule.kind:
            return None
        between = text[pm.end : mt.start]
        if len(between) > self.COORD_MAX_GAP or ";" in between or not (pm.classes & mt.classes):
            return None
        if _NEW_CLAIM.search(between):
            return None
        if not _COORD.search(between):
            return None
        return prev

    def _coordinate_from_to(self, text: str, mentions: list[Mention]) -> None:
        """"from 0.177 to 0.336 on Siena and 0.327 to 0.488 on Juntendo": the second pair is a change too."""
        for a, b in zip(mentions, mentions[1:], strict=False):
            if a.from_to and b.to_range and not b.from_to and b.value_max is not None:
                between = text[a.end : b.start]
                if len(between) <= 60 and _COORD.search(between) and "." not in between.replace("e.g.", ""):
                    self._make_from_to(b, b.start, b.end - len(text[b.start : b.end].split(" to ")[-1]), b.value_max)

    def _pair_from_to(self, text: str, mentions: list[Mention]) -> None:
        """"from 0.30-0.57 to 0.60-0.84" after a change verb: the second value is the claim."""
        i = 0
        while i + 1 < len(mentions):
            a, b = mentions[i], mentions[i + 1]
            if _TO.match(text[a.end : b.start]):
                m = _FROM_END.search(text[max(0, a.start - 10) : a.start])
                if m and _CHANGE_VERB.search(text[max(0, a.start - 120) : a.start - 5]):
                    b.from_to = True
                    b.classes.add("from_to")
                    b.ctx_start = a.start - (len(text[max(0, a.start - 10) : a.start]) - m.start())
                    del mentions[i]
                    continue
            i += 1

    def _merge_between(self, text: str, mentions: list[Mention]) -> None:
        """"between 0.4% and 1.3%" is one range."""
        i = 0
        while i + 1 < len(mentions):
            a, b = mentions[i], mentions[i + 1]
            if (
                a.value_max is None
                and b.value_max is None
                and _AND.match(text[a.end : b.start])
                and _BETWEEN_END.search(text[max(0, a.start - 12) : a.start])
            ):
                unit = b.unit or a.unit
                a.value, a.value_max = nb.normalize_range(a.value, b.value)
                a.end = b.end
                a.unit = unit
                a.classes = a.classes | b.classes
                del mentions[i + 1]
            i += 1

    @staticmethod
    def _bare(m: Mention) -> bool:
        return bool(m.classes & {"plain", "plain_int"}) and not m.unit

    def _group_lists(self, text: str, mentions: list[Mention]) -> None:
        """Values listed together ("87%, 131% and 55%") share the context of the list."""
        i = 0
        n = len(mentions)
        while i < n:
            j = i
            while j + 1 < n and _LIST_SEP.match(text[mentions[j].end : mentions[j + 1].start]) and (mentions[j].classes & mentions[j + 1].classes or self._bare(mentions[j])):
                j += 1
            if j > i:
                last = mentions[j]
                for k in range(i, j):  # "112 and 9 frames per second": the unit is written once
                    if self._bare(mentions[k]) and not self._bare(last):
                        mentions[k].unit = last.unit
                        mentions[k].classes = set(last.classes)
                span = (mentions[i].start, mentions[j].end)
                for k in range(i, j + 1):
                    mentions[k].group = span
                    mentions[k].gidx = (k - i, j - i + 1)
            i = j + 1
