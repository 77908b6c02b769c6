"""Which kind a mention is: the kind rules of ``patterns/kinds/*.toml`` tried on the words
around it, the exclusions that veto it, its qualifier ("up to", "about", "on average")."""

from __future__ import annotations

from dataclasses import dataclass

from claimtab.engine.mentions import Mention
from claimtab.engine.prefilter import WordIndex, absent, needed
from claimtab.rules.compile import Exclusion, Rule, Rules

WINDOW = 240


@dataclass(frozen=True)
class Verdict:
    """The rule that classified a mention, the metric it captured, and how many characters
    of the left and right context its cues cover (for the evidence span)."""

    rule: Rule
    metric: str | None
    lcover: int = 0
    rcover: int = 0


@dataclass(frozen=True)
class Needs:
    """The words (see :mod:`~claimtab.engine.prefilter`) without which each pattern of a
    rule cannot match; a pattern whose words are absent from its window is not run."""

    text: frozenset | None = None
    left: frozenset | None = None
    right: frozenset | None = None
    near: frozenset | None = None
    not_near: frozenset | None = None
    not_left: frozenset | None = None
    not_right: frozenset | None = None

    @classmethod
    def of(cls, r: Rule | Exclusion) -> Needs:
        return cls(**{f: needed(getattr(r, f)) for f in cls.__dataclass_fields__ if hasattr(r, f)})

    def words(self) -> set[str]:
        return {w for f in self.__dataclass_fields__ for w in (getattr(self, f) or ())}

    def numbered(self, index: WordIndex) -> Needs:
        """The same needs with each word replaced by its number in ``index``."""
        return Needs(**{f: index.ids(getattr(self, f)) for f in self.__dataclass_fields__})


class Classifier:
    def __init__(self, rules: Rules, kinds: set[str] | None = None):
        self.p = rules
        self.ctx = rules.context
        self.kinds = kinds
        self._by_class: dict[str, list[tuple[Rule, Needs]]] = {}
        for r in rules.rules:
            if kinds is None or r.kind in kinds:
                needs = Needs.of(r)
                for u in r.units:
                    self._by_class.setdefault(u, []).append((r, needs))
        for group in self._by_class.values():  # strongest first: once one matches, weaker ones cannot win
            group.sort(key=lambda rn: -rn[0].priority)
        self._order = {id(r): i for i, r in enumerate(rules.rules)}
        self._candidates: dict[frozenset[str], list[tuple[Rule, Needs]]] = {}
        self._exclusions = [(ex, Needs.of(ex)) for ex in rules.exclusions]
        needs = [n for group in self._by_class.values() for _r, n in group] + [n for _e, n in self._exclusions]
        self._index = WordIndex({w for n in needs for w in n.words()})
        for group in self._by_class.values():
            group[:] = [(r, n.numbered(self._index)) for r, n in group]
        self._exclusions = [(ex, n.numbered(self._index)) for ex, n in self._exclusions]
        self._present: dict[str, set[int]] = {}

    def _rules_for(self, classes: set[str]) -> list[tuple[Rule, Needs]]:
        """The rules of a mention's classes with their needed words, strongest first and, at
        equal priority, in the order the rule files declare them: never in the (hash-seeded)
        order of the set."""
        key = frozenset(classes)
        got = self._candidates.get(key)
        if got is None:
            merged = {id(rn[0]): rn for cls in key for rn in self._by_class.get(cls, ())}
            got = sorted(merged.values(), key=lambda rn: (-rn[0].priority, self._order[id(rn[0])]))
            self._candidates[key] = got
        return got

    def words_in(self, s: str) -> set[int]:
        """The rules' needed words that occur in ``s`` (a mention's windows are asked about
        several times: the last few answers are kept)."""
        got = self._present.get(s)
        if got is None:
            if len(self._present) > 32:
                self._present.clear()
            got = self._present[s] = self._index.present(s)
        return got

    # ------------------------------------------------------------------ context

    def windows(self, text: str, sent: tuple[int, int], start: int, end: int) -> tuple[str, str]:
        """The words left and right of ``text[start:end]`` within its sentence and clause."""
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
        right = self.ctx["right_lead"].sub(" ", right)
        wrap = self.ctx["latex_wrap"]
        left = self.ctx["left_tail"].sub("", wrap.sub("", left))
        right = wrap.sub("", right)
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

    def average(self, left: str, right: str) -> str:
        """"average accuracy of 0.820", "by 2.5% on average" -> average."""
        if self.ctx["average_before"].search(left[-60:]) or self.ctx["average_after"].match(right):
            return "average"
        return "exact"

    def excluded(self, left: str, right: str, mtext: str = "") -> str | None:
        """The exclusion (exclusions.toml) that says the mention is never a claim, or None."""
        fl, fr, ft = self.words_in(left), self.words_in(right), self.words_in(mtext)
        for ex, needs in self._exclusions:
            if ex.text is not None and (absent(needs.text, ft) or not ex.text.search(mtext)):
                continue
            if ex.left is not None and (absent(needs.left, fl) or not ex.left.search(left[-80:])):
                continue
            if ex.right is not None and (absent(needs.right, fr) or not ex.right.match(right)):
                continue
            return ex.name
        return None

    # ------------------------------------------------------------------ rules

    def classify(
        self, mention: Mention, left: str, right: str, mtext: str, full_left: str | None = None,
        trace: list[tuple[str, str, float]] | None = None,
    ) -> Verdict | None:
        """The best rule for a mention; None: no claim.

        ``left`` is the context before the number without its qualifier cue; rules that
        need the cue itself ("within 0.3% of") see ``full_left``. With ``trace``, every rule
        of the mention's classes is tried and each that applies is recorded as
        ``(rule, kind, score)`` (the result is the same)."""
        best: tuple[float, Verdict] | None = None
        near_l, near_r = left[-100:], right[:100]
        # vetoes look right only up to the end of the number's own phrase
        own_clause_r = self.ctx["phrase_end"].split(right[:70], 1)[0]
        # the needed words in the windows: a rule whose left or right words are absent fails
        lw = self.words_in(left) if full_left is None else self.words_in(left) | self.words_in(full_left)
        rw = self.words_in(right)
        for rule, needs in self._rules_for(mention.classes):
            if trace is None and best is not None and rule.priority <= best[0]:
                break  # sorted by priority: nothing weaker can win
            if (needs.left is not None and needs.left.isdisjoint(lw)) or (
                    needs.right is not None and needs.right.isdisjoint(rw)):
                continue  # its left or right pattern cannot match
            tried = self._try(rule, mention, left, right, mtext, full_left, near_l, near_r, own_clause_r,
                              needs, lw, rw)
            if tried is not None and trace is not None:
                trace.append((rule.name, rule.kind, round(tried[0], 2)))
            if tried is not None and (best is None or tried[0] > best[0]):
                best = tried
        return best[1] if best else None

    def _try(self, rule: Rule, mention: Mention, left, right, mtext, full_left, near_l, near_r, own_clause_r,
             needs: Needs, lw: set[int], rw: set[int]):
        """(score, verdict) when ``rule`` applies to the mention, else None. A pattern whose
        ``needs`` words are absent from the context (``lw`` left, ``rw`` right) is known to
        fail unrun."""
        if rule.text is not None and (absent(needs.text, self.words_in(mtext)) or not rule.text.search(mtext)):
            return None
        if rule.not_units and rule.not_units & mention.classes:
            return None
        if rule.min_value is not None and abs(mention.value) < rule.min_value:
            return None
        score, metric, lcover, rcover = rule.priority, None, 0, 0
        if rule.left is not None:
            window = left[-WINDOW:]
            m = rule.left.search(window)
            if m:
                lcover = len(window) - m.start()
            elif full_left is not None:
                m = rule.left.search(full_left[-WINDOW:])
            if not m:
                return None
            metric = m.groupdict().get("metric")
        if rule.right is not None:
            m = rule.right.match(right)
            if not m:
                return None
            rcover = m.end()
            metric = m.groupdict().get("metric") or metric
        if rule.near is not None:
            if absent(needs.near, lw, rw):
                return None
            dist = next((m.start() for m in rule.near.finditer(near_r)), None)
            ml = rule.near_rev.search(near_l) if rule.near_rev is not None else None
            if ml is not None:
                d = len(near_l) - ml.end()
                dist = d if dist is None else min(dist, d)
            if dist is None:
                return None
            score -= dist * 0.15
            if ml is not None and len(near_l) - ml.end() == dist:
                metric = metric or ml.groupdict().get("metric")
        if rule.not_near is not None and not absent(needs.not_near, lw, rw) and (
                rule.not_near.search(near_l[-70:]) or rule.not_near.search(own_clause_r)):
            return None
        if rule.not_left is not None and not absent(needs.not_left, lw) and rule.not_left.search(left[-WINDOW:]):
            return None
        if rule.not_right is not None and not absent(needs.not_right, rw) and rule.not_right.match(right):
            return None
        return score, Verdict(rule, rule.metric or metric, lcover, rcover)

