"""Paper-level linking: what one field's text cannot say alone, read from title and abstract together."""

from __future__ import annotations

from claimtab.engine.linking import trim
from claimtab.rules.compile import Rules


def link_paper_context(rows: list[dict], title: str, abstract: str, rules: Rules) -> None:
    """Fill, in place, what the paper as a whole says about its rows.

    A kind that links ``device`` at paper level (speed, cost) and names no device in its
    sentence runs on the device the paper names ("Efficient CNNs on Raspberry Pi ..."),
    when it names exactly one; a kind that links ``own_dataset`` (data sizes, scores) in a
    sentence that names no benchmark, in a paper that introduces a dataset of its own ("we
    introduce MEMLENS, a benchmark ..."), is about that dataset."""
    lk = rules.linking
    device_kinds = set(rules.kinds.linking("device"))
    need_device = any(r.get("kind") in device_kinds and not r.get("condition") for r in rows)
    devices = (
        {trim(lk, m.group("c")) for t in (title, abstract) for m in lk.rx["hardware"].finditer(t or "")}
        if need_device else set()
    )
    devices = {d for d in devices if not lk.rx["generic_device"].match(d)}  # "mobile devices" says little
    if len(devices) == 1:
        device = next(iter(devices))
        for r in rows:
            if r.get("kind") in device_kinds and not r.get("condition"):
                r["condition"] = device
    own = [r for r in rows if r.get("introduced")]
    if not own:
        return
    first = own[0]
    dataset_kinds = set(rules.kinds.linking("own_dataset"))
    for r in rows:
        if r.get("kind") in dataset_kinds and not r.get("dataset"):
            r["dataset"] = first.get("short") or first.get("dataset")
            r["canonical"] = first.get("canonical")


def paper_method(title: str, abstract: str, rules: Rules) -> str | None:
    """The paper's own method name: the coined name before a colon in the title, else the
    coined name the abstract proposes ("we propose FlatFormer, ..."); None when unnamed."""
    rx = rules.linking.rx
    m = rx["title_name"].match(title or "")
    if m:
        name = m.group("m").strip()
        words = name.split()
        if len(words) == 1 or any(rx["coined"].search(w) for w in words):
            return name
    found = [m for m in (rx["propose"].search(abstract or ""), rx["propose_abbrev"].search(abstract or "")) if m]
    if found:
        return min(found, key=lambda m: m.start()).group("m").rstrip(".,")
    return None
