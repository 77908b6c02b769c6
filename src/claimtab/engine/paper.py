"""From what the engine found in a paper's fields to the paper's table rows.

:func:`claims_of_paper` is the one place a :class:`~claimtab.model.Found` becomes a
:class:`~claimtab.model.Claim`. It also links what one field's text cannot say alone, read
from title and abstract together: the device a speed runs on, the dataset a paper
introduces, the paper's own method, a benchmark's canonical name.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimtab.engine.linking import trim
from claimtab.model import Claim, Found, Paper
from claimtab.rules.compile import Rules
from claimtab.rules.lexicon import Lexicon, load_lexicon


def claims_of_paper(paper: Paper, found: Sequence[Found], rules: Rules) -> list[Claim]:
    """The rows of one paper, in the order of ``found`` (title before abstract, by offset)."""
    found = list(found)
    if not found:  # nothing to link or name: the paper-level searches would go unused
        return []
    link_paper_context(found, paper.title, paper.abstract, rules)
    method = paper_method(paper.title, paper.abstract, rules)
    lex = load_lexicon(rules.root)
    if method:
        found = [f for f in found if not _names_the_method(f, method, paper.title, rules)]
    return [_claim(paper, method, f, lex) for f in found]


def _names_the_method(f: Found, method: str, title: str, rules: Rules) -> bool:
    """A name found as a benchmark that is the paper's own method ("SeqFormer", "LiteMixer-M"),
    unless the lexicon knows it, the paper introduces it as a dataset, its title is about a
    dataset, or it is coined as one ("AdversaBench")."""
    if rules.kinds.detector(f.kind) != "names" or f.introduced or f.canonical or not f.dataset:
        return False
    rx = rules.names[f.kind].rx
    if rx["dataset_title"].search(title or "") or rx["coined_bench"].search(f.dataset):
        return False
    name, own = f.dataset.casefold(), method.casefold()
    return name == own or name.startswith((own + "-", own + " "))


def _claim(paper: Paper, method: str | None, f: Found, lex: Lexicon) -> Claim:
    value, value_max = f.value, f.value_max
    if value is not None and value_max is not None and value_max < value:
        value, value_max = value_max, value
    # engine rows are valid by construction: build them without re-validating each field
    return Claim.model_construct(
        paper_id=paper.id, title=paper.title, method=method, kind=f.kind, value=value, value_max=value_max,
        unit=f.unit, qualifier=f.qualifier, metric=f.metric, dataset=f.dataset,
        dataset_canonical=canonical_name(f.dataset, f.canonical, lex), baseline=f.baseline, subject=f.subject,
        condition=f.condition, url=f.url, status=f.status, text=f.text, start=f.start, end=f.end, field=f.field,
        rule=f.rule or None,
    )


def canonical_name(dataset: str | None, known: str | None, lex: Lexicon) -> str | None:
    """The lexicon's canonical name of a dataset ("ILSVRC-2012" -> "ImageNet"), when known."""
    if known:
        return known
    if not dataset:
        return None
    entry = lex.lookup(dataset)
    return entry.canonical if entry else None


def link_paper_context(found: list[Found], title: str, abstract: str, rules: Rules) -> None:
    """Fill, in place, what the paper as a whole says about its claims.

    A kind that links ``device`` at paper level (speed, cost) and names no device in its
    sentence runs on the device the paper names ("Efficient CNNs on Raspberry Pi ..."),
    when it names exactly one; a kind that links ``own_dataset`` (data sizes, scores) in a
    sentence that names no benchmark, in a paper that introduces a dataset of its own ("we
    introduce MEMLENS, a benchmark ..."), is about that dataset."""
    lk = rules.linking
    device_kinds = set(rules.kinds.linking("device"))
    if any(f.kind in device_kinds and not f.condition for f in found):
        devices = {trim(lk, m.group("c")) for t in (title, abstract) for m in lk.rx["hardware"].finditer(t or "")}
        devices = {d for d in devices if not lk.rx["generic_device"].match(d)}  # "mobile devices" says little
        if len(devices) == 1:
            device = next(iter(devices))
            for f in found:
                if f.kind in device_kinds and not f.condition:
                    f.condition = device
    own = next((f for f in found if f.introduced), None)
    if own is None:
        return
    dataset_kinds = set(rules.kinds.linking("own_dataset"))
    for f in found:
        if f.kind in dataset_kinds and not f.dataset:
            f.dataset = own.short or own.dataset
            f.canonical = own.canonical


def paper_method(title: str, abstract: str, rules: Rules) -> str | None:
    """The paper's own method name: the coined name before a colon in the title, else the
    coined name the abstract proposes ("we propose FlatFormer, ..."); None when unnamed."""
    rx = rules.linking.rx
    m = rx["title_name"].match(title or "")
    if m:
        name = m.group("m").strip()
        words = name.split()
        if len(words) == 1 and rx["generic_name"].match(name):
            pass  # "Multi-Modal: ..." names a topic, not a method
        elif len(words) == 1 or any(rx["coined"].search(w) for w in words):
            return name
    found = [m for m in (rx["propose"].search(abstract or ""), rx["propose_abbrev"].search(abstract or "")) if m]
    if found:
        return min(found, key=lambda m: m.start()).group("m").rstrip(".,")
    return None
