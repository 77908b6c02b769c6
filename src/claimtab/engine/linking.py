"""Attribute linking: what a number is measured in (metric), on (dataset), against
(baseline) and under which condition — read from the clause around each claim.

Each attribute is found by small, ordered rules on the sentence that holds the number;
"respectively" lists pair the i-th value with the i-th name.
"""

from __future__ import annotations

import regex

# a name-like noun phrase: up to six tokens that are not function words
_STOP_WORDS = (
    r"by|on|in|at|across|with|while|for|to|when|under|using|which|that|respectively|and|or|but|whereas|as|"
    r"from|of|via|through|during|without|where|achiev\w*|reach\w*|obtain\w*|yield\w*|improv\w*|reduc\w*|"
    r"is|are|was|were|has|have|had|can|could|will|would|while|thereby|thus|leading|resulting|demonstrat\w*|"
    r"show\w*|outperform\w*|surpass\w*|respectively"
)
_TOKEN = r"(?:state[\s-]of[\s-]the[\s-]art|(?!\d[\d.,]*(?:\s|%|x\b|×|$))[\w][\w.+/'’-]*|\([\w.+/ -]{1,20}\))"
_NP = rf"(?:the\s+|a\s+|an\s+|our\s+|its\s+|their\s+)?(?!(?:{_STOP_WORDS})\b){_TOKEN}(?:\s+(?!(?:{_STOP_WORDS})\b){_TOKEN}){{0,5}}"
_NP_LIST = rf"{_NP}(?:\s*,\s*(?:and\s+|or\s+)?{_NP}|\s+(?:and|or|&)\s+{_NP}){{0,6}}"

_COMPARE_BEFORE = regex.compile(
    rf"(?i)\b(?:over|than|compared\s+(?:to|with)|in\s+comparison\s+(?:to|with)|against|relative\s+to|vs\.?|versus|"
    rf"outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beat(?:s|ing)?|exceed(?:s|ed|ing)?)\s+(?P<b>{_NP_LIST})"
)
_COMPARE_AFTER = regex.compile(
    rf"(?i)^[^.;]{{0,60}}?\b(?:over|than|compared\s+(?:to|with)|in\s+comparison\s+(?:to|with)|against|relative\s+to|"
    rf"vs\.?|versus)\s+(?P<b>{_NP_LIST})"
)
# "only 38.4% parameters of VAR", "12% of the FLOPs of ResNet-50": the resource's owner
_RESOURCE_OF = regex.compile(
    rf"(?i)^\s*(?:of\s+)?(?:the\s+|its\s+)?(?:[\w-]+\s+){{0,2}}?(?:parameters|params|FLOPs|MACs|memory|compute|"
    rf"computation|cost|size|energy|latency|tokens)\s+(?:of|used\s+by|required\s+by|needed\s+by)\s+(?P<b>{_NP})"
)
_COINED_TOKEN = regex.compile(r"^(?:[A-Z][\w.+-]*[A-Z0-9][\w.+-]*|[A-Z]{2,}[\w.+-]*|[\w.+-]*\d[\w.+-]*)$")
_NOT_BASELINE = regex.compile(
    r"(?i)^(?:\d|the\s+(?:state|art)|previous\s*$|prior\s*$|baselines?\s*$|all\s*$|time\s*$|[\W_]+$|"
    r"(?:the\s+)?(?:accuracy|performance|quality|speed|memory|throughput|latency)\b)"
)

_HARDWARE = regex.compile(
    r"(?:\b(?i:on|using|with|onto)\s+(?:a\s+|an\s+|one\s+|the\s+)?)"
    r"(?P<c>(?:(?:\d+|two|four|eight|sixteen)\s*[x×]?\s*)?(?:single\s+|commodity\s+|consumer\s+|standard\s+)?(?:NVIDIA\s+|Nvidia\s+)?(?:(?:RTX|GTX|Tesla|Titan|TITAN|Jetson|Quadro|GeForce|Radeon|Instinct)\s*[\w-]+(?:\s+(?:Ti|Super|Nano|Orin|Xavier|AGX))?|"
    r"[AHVLTB]\d{2,3}[A-Z]?\b|A6000|A40|A10G?|MI\d{3}X?|TPU\s*v?\d\w*|Raspberry\s+Pi(?:\s+\d)?|FPGA|CPUs?|GPUs?|"
    r"(?:mobile|edge|embedded)\s+(?:devices?|phones?|CPUs?|GPUs?|platforms?)|smartphones?|iPhone\s*\w*|Snapdragon\s*\w*|"
    r"laptops?)(?:\s+GPUs?)?)"
)
_LENGTH = regex.compile(
    r"(?i)\b(?:at|with|for|under|on)\s+(?P<c>(?:sequence|context)\s+lengths?\s+of\s+\d[\d.,]*\s?[kKM]?|"
    r"\d[\d.,]*\s?[kKM]?[\s-](?:token\s+)?(?:context|sequence|input)(?:[\s-]lengths?|[\s-]windows?)?|"
    r"(?:a\s+)?resolution\s+of\s+\d+\s?[x×]\s?\d+|\d+\s?[x×]\s?\d+\s+resolution|"
    r"\d+[\s-]shot(?:\s+settings?)?|batch\s+sizes?\s+of\s+\d+)"
)
_SHOT = regex.compile(
    r"(?i)\b(?P<c>\d+[\s-]shot|(?:zero|few|one)[\s-]shot(?=\s+(?:settings?|evaluation|performance|accuracy|transfer|"
    r"learning|regime|classification|generalization|tasks?)))\b"
)

# metric words per kind when no quality metric is named
_SPEED_METRIC = regex.compile(
    r"(?i)\b(?P<m>(?:end-to-end\s+|inference\s+|training\s+|decoding\s+|prefill\s+|attention\s+)?"
    r"(?:throughput|latency|inference(?:\s+(?:time|speed|latency))?|training(?:\s+(?:time|speed))?|"
    r"decoding(?:\s+speed)?|runtime|run-time|wall[\s-]?clock\s+time|execution(?:\s+time)?|"
    r"processing\s+time|generation(?:\s+speed)?|convergence|search\s+time|encoding\s+performance|"
    r"decoding\s+performance|speed))\b"
)
_RESOURCE_METRIC = regex.compile(
    r"(?i)\b(?P<m>(?:peak\s+|GPU\s+|on-chip\s+|memory\s+)?(?:memory(?:\s+(?:footprint|usage|consumption|cost))?|"
    r"energy(?:\s+(?:footprint|consumption))?|parameters|params|FLOPs|MACs|model\s+size|storage|"
    r"compression\s+ratio|operations?|operation\s+count|computation(?:al\s+cost)?|compute|cost|costs|"
    r"KV[\s-]cache|tokens|bandwidth|power(?:\s+consumption)?|latency|size|footprint))\b"
)
_EFF_METRIC = regex.compile(
    r"(?i)\b(?P<m>(?:peak\s+|GPU\s+)?memory|throughput|latency|inference\s+time|frame\s+rate|"
    r"frames\s+per\s+second|run(?:ning)?\s*time|time\s+per\s+\w+|power|energy|FLOPs|model\s+size|"
    r"update\s+rate|speed)\b"
)
_COST_METRIC = regex.compile(
    r"(?i)\b(?P<m>(?:training|search|pre-?training|fine-?tuning|annotation|labeling|inference)\s+(?:time|cost|budget)|"
    r"training|search|cost|budget)\b"
)
_ON_DATASET = regex.compile(r"\b(?:on)\s+(?:the\s+)?(?P<d>[A-Z][\w.+-]*(?:[\s-][A-Z0-9][\w.+-]*){0,3})")
_CLAUSE_BREAK = regex.compile(r";|,\s+(?:while|whereas|but|and\s+(?:it|we|our|the\s+\w+\s+(?:is|are)))\b")
_FILLER = {"the", "a", "an", "our", "their", "its"}
_RESPECTIVELY = regex.compile(r"(?i)\brespectively\b")
_LIST_SPLIT = regex.compile(r"\s*(?:,\s*(?:and|or)\s+|,\s*|\s+(?:and|or|&)\s+)")


def _trim(s: str) -> str:
    s = s.strip(" ,.;:()[]")
    words = s.split()
    while words and words[0].lower() in _FILLER:
        words = words[1:]
    while words and words[-1].lower() in _FILLER | {"and", "or"}:
        words = words[:-1]
    return " ".join(words)


def _split_list(s: str) -> list[str]:
    return [_trim(p) for p in _LIST_SPLIT.split(s) if _trim(p)]


def _clause(sentence: str, rel: int) -> tuple[int, int]:
    """Bounds (relative to the sentence) of the clause holding position ``rel``."""
    start, end = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= rel:
            start = m.end()
        elif m.start() >= rel:
            end = m.start()
            break
    return start, end


def _nearest(rx: regex.Pattern, text: str, lo: int, hi: int, pos: int, group: str, limit: int = 80) -> str | None:
    best = None
    for m in rx.finditer(text, lo, hi):
        d = min(abs(m.start() - pos), abs(m.end() - pos))
        if d <= limit and (best is None or d < best[0]):
            best = (d, m.group(group))
    return best[1] if best else None


def _group_index(d) -> tuple[int, int] | None:
    g = d.extra.get("group")
    return g if g else None


def attach_attributes(text: str, drafts, sents, patterns) -> None:
    """Fill dataset, baseline, metric and condition of numeric drafts in place."""
    benches = [d for d in drafts if d.kind == "benchmark"]
    for d in drafts:
        if d.kind in ("benchmark", "code_url") or "sent" not in d.extra:
            continue
        s0, s1 = d.extra["sent"]
        sentence = text[s0:s1]
        n0, n1 = d.extra.get("number", (d.start, d.end))
        rel = n0 - s0
        c0, c1 = _clause(sentence, rel)
        gi = _group_index(d)
        respectively = bool(_RESPECTIVELY.search(sentence))
        if d.kind in DATASET_KINDS:
            _link_dataset(text, d, benches, s0, s1, c0, c1, n0, n1, gi, respectively, sents)
        if d.kind in ("speedup", "reduction", "delta", "efficiency", "cost"):
            _link_baseline(sentence, d, rel, n1 - s0, c0, c1, gi, respectively)
        _link_condition(sentence, d, n1 - s0, [b for b in benches if s0 <= b.start < s1], s0, patterns.metric)
        _link_metric(text, sentence, d, rel, c0, c1, patterns)


def link_paper_context(rows: list[dict], title: str = "", abstract: str = "") -> None:
    """Paper-level linking (title and abstract together).

    A speed or cost number with no device in its sentence runs on the device the paper
    names ("Efficient CNNs on Raspberry Pi ..."), when it names exactly one; a data size or
    score in a sentence that names no benchmark, in a paper that introduces a dataset of
    its own ("we introduce MEMLENS, a benchmark ..."), is about that dataset."""
    need_device = any(r.get("kind") in HARDWARE_KINDS and not r.get("condition") for r in rows)
    devices = (
        {_trim(m.group("c")) for t in (title, abstract) for m in _HARDWARE.finditer(t or "")} if need_device else set()
    )
    devices = {d for d in devices if not _GENERIC_DEVICE.match(d)}  # "mobile devices" says little
    if len(devices) == 1:
        device = next(iter(devices))
        for r in rows:
            if r.get("kind") in HARDWARE_KINDS and not r.get("condition"):
                r["condition"] = device
    own = [
        r for r in rows if r.get("introduced")
    ]
    if not own:
        return
    first = own[0]
    for r in rows:
        if r.get("kind") in ("data_size", "score", "delta") and not r.get("dataset"):
            r["dataset"] = first.get("short") or first.get("dataset")
            r["canonical"] = first.get("canonical")


_ON_NAME = regex.compile(r"\s*(?:[\w@.-]+\s+){0,2}?on\s+(?:the\s+)?(?P<d>[A-Z][\w.+-]{2,})(?=[\s,.;)]|$)")
_ATTACHED_AFTER = regex.compile(
    r"(?i)^[^,;.]{0,40}?\b(?:on|in|for|of|across|over|using)\s+(?:the\s+|a\s+|our\s+)?(?:[a-z][\w-]*\s+){0,2}$"
)
_DETACHED = regex.compile(r"(?i)[,;]|\b(?:and|while|whereas|but|than|compared|respectively)\b")
# speed, parameter counts and costs are properties of a system, not of a benchmark
DATASET_KINDS = {"score", "delta", "data_size", "reduction"}


def _name_of(b) -> str:
    """How numbers refer to a benchmark: its defined short form for a long name."""
    if "alias_of" in b.extra:  # a later "FGVC" for "Fine-Grained Visual Classification (FGVC)"
        full = b.extra["alias_of"]
        return b.dataset if len(full.split()) >= 3 else full
    return b.extra.get("short") or b.dataset


def _link_dataset(text, d, benches, s0, s1, c0, c1, n0, n1, gi, respectively, sents) -> None:
    in_sent = [b for b in benches if s0 <= b.start < s1]
    if in_sent and gi is not None and respectively and len(in_sent) >= gi[1]:
        # "93.67% and 81.01% on CIFAR-10 and CIFAR-100, respectively"
        names = [b for b in in_sent if b.start > n1] or in_sent
        if len(names) == gi[1]:
            d.dataset = _name_of(names[gi[0]])
            return
    m = _ON_NAME.match(text, n1, min(s1, n1 + 50))
    if m and d.kind in ("score", "delta") and not any(b.start == m.start("d") for b in in_sent):
        name = m.group("d")
        # "0.488 on Juntendo": a name the paper uses more than once, right after the number
        if name.lower() not in _NOT_DATASETS and text.count(name) >= 2 and not _HARDWARE.match("on " + name):
            d.dataset = name
            return
    if in_sent:
        # a benchmark attached to the number: "81.5% on ImageNet", "ImageNet accuracy of 88.0%"
        after = [b for b in in_sent if b.start >= n1 and _ATTACHED_AFTER.match(text[n1 : b.start])]
        before = [b for b in in_sent if b.end <= n0 and n0 - b.end <= 40 and not _DETACHED.search(text[b.end : n0])]
        if after or before:
            d.dataset = _name_of(after[0] if after else before[-1])
            return
        in_clause = [b for b in in_sent if s0 + c0 <= b.start < s0 + c1] or in_sent

        def dist(b):
            gap = b.start - n1 if b.start >= n1 else n0 - b.end
            return gap + (0 if b.start >= n1 else 25)

        d.dataset = _name_of(min(in_clause, key=dist))
        return
    m = _ON_DATASET.search(text, n1, min(s1, n1 + 60))
    if m:
        name = _trim(m.group("d"))
        coined = any(c.isupper() or c.isdigit() for c in name[1:])
        if coined:  # "81.5% on XYZ-5k"
            d.dataset = name
            return
    if d.kind == "data_size":
        prev = [b for b in benches if b.end <= s0 and s0 - b.end < 300]
        if prev:
            d.dataset = _name_of(prev[-1])
            return
    names = {_name_of(b) for b in benches if not _PRETRAINING.search(text[max(0, b.start - 40) : b.end + 25])}
    if len(names) == 1 and d.kind in ("score", "delta"):
        # the abstract names one benchmark only: its results are on it
        d.dataset = next(iter(names))


def _core_name(np: str) -> str:
    """From "state-of-the-art semantic segmentation network PSPNet" keep the coined name
    ("PSPNet"); an NP without one ("conventional fine-tuned models") stays whole."""
    words = np.split()
    coined = [i for i, w in enumerate(words) if _COINED_TOKEN.match(w.strip(",.;()"))]
    if not coined or len(words) <= 2 or coined[-1] != len(words) - 1:
        return np  # "previous SOTA models": the name is a modifier, keep the phrase
    first = coined[-1]
    while first - 1 in coined:
        first -= 1
    return " ".join(words[first:])


def _link_baseline(sentence, d, rel, rel_end, c0, c1, gi, respectively) -> None:
    cands = []
    for lo, hi, weight in ((c0, c1, 0), (0, len(sentence), 150)):  # the clause first, then the sentence
        for m in _COMPARE_BEFORE.finditer(sentence, lo, hi):
            if m.start("b") >= rel_end and m.start() - rel_end > 60 and not (respectively and gi):
                continue
            if m.end() <= rel and rel - m.end() > 120 and weight == 0:
                continue
            dist = abs(m.start() - rel) if m.start() > rel else rel - m.end()
            cands.append((dist + weight, m.group("b")))
        if cands:
            break
    m = _COMPARE_AFTER.match(sentence[rel_end:c1])
    if m:  # "1.4x over CenterPoint": a comparison right after the number is its own
        cands.append((m.start("b") - 20, m.group("b")))
    if d.kind == "reduction":
        m = _RESOURCE_OF.match(sentence[rel_end:c1])
        if m:
            cands.append((-1, m.group("b")))
    if not cands:
        return
    cands.sort(key=lambda x: x[0])
    raw = cands[0][1]
    items = _split_list(raw)
    if gi is not None and respectively:
        names = [it for it in items if it[:1].isupper() or any(c.isdigit() for c in it)]
        for cand in (items, names):
            if len(cand) == gi[1]:
                d.baseline = _core_name(cand[gi[0]])
                return
    b = _trim(raw)
    if b and not _NOT_BASELINE.match(b):
        d.baseline = _core_name(b)


_ON_SETTING = regex.compile(
    r"^\s*(?:(?:points?|pp|percent|on\s+average|in\s+\w+|[\w@.-]+(?:\s+[\w@.-]+)?)\s+)?(?P<p>on|for|in)\s+(?:the\s+|a\s+)?"
    r"(?P<c>(?!(?:average|terms|total|addition|comparison|particular|general|all|both|each)\b)[\w-]+(?:\s+(?:and\s+)?[\w-]+){0,3}?)"
    r"(?=\s*(?:[,.;)(]|$|\s(?:while|with|compared|than|over|respectively|by|using|when|of|on|in|and\s+\d)\b))"
)
_ACROSS = regex.compile(
    r"(?i)\bacross\s+(?P<c>(?:all\s+|the\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|multiple|several|"
    r"various|different|many|diverse)?\s*(?:[\w-]+\s+){0,2}?(?:benchmarks|datasets|tasks|models|LLMs|languages|"
    r"domains|settings|ratios|pairs|architectures|scenarios|environments|backbones))\b"
)
_RESOLUTION = regex.compile(r"(?i)\b(?P<c>(?:(?:a\s+)?resolution\s+of\s+)?\d{2,4}\s?[x×]\s?\d{2,4}(?:\s+resolution)?)\b")
_PRETRAINING = regex.compile(r"(?i)pre-?train|initiali[sz]|transfer(?:red)?\s+from")
_NOT_DATASETS = {
    "average", "top", "par", "time", "demand", "device", "devices", "mobile", "edge", "cpu", "gpu", "both", "all",
    "each", "most", "many", "some", "several", "various", "different", "this", "these", "those", "our", "their",
    "raspberry pi", "iphone", "android", "linux", "windows",
}
_DATASET_WORD = regex.compile(r"(?i)\b(?:dataset|benchmark|corpus|database|task)s?$")
_GENERIC_DEVICE = regex.compile(
    r"(?i)^(?:[GCTN]PUs?|(?:mobile|edge|embedded)\s+\w+|smartphones?|laptops?|FPGAs?|consumer\s+\w+)$"
)
HARDWARE_KINDS = {"speedup", "efficiency", "cost"}


def _link_condition(sentence, d, rel_end: int = 0, benches=(), s0: int = 0, patterns_metric_rx=None) -> None:
    """Settings that qualify the number: hardware (for speed and cost), sequence length,
    resolution, shots, "across N benchmarks", and a non-benchmark "on X" right after it."""
    parts = []
    if d.kind in HARDWARE_KINDS:
        hw = list(_HARDWARE.finditer(sentence))
        if hw:  # the device nearest the number
            m = min(hw, key=lambda m: abs(m.start() - rel_end))
            parts.append(_trim(m.group("c")))
    m = _LENGTH.search(sentence)
    if m:
        parts.append(_trim(m.group("c")))
    else:
        m = _RESOLUTION.search(sentence)
        if m:
            parts.append(_trim(m.group("c")))
        elif d.kind in ("score", "delta"):
            m = _SHOT.search(sentence)
            if m:
                parts.append(m.group("c"))
    if d.kind == "params" and d.metric and d.metric.split()[0].lower() in ("active", "activated", "total", "trainable"):
        parts.append(d.metric.split()[0].lower())
    m = _ON_SETTING.match(sentence[rel_end : rel_end + 80])
    if m and m.group("p") == "in" and (d.kind != "score" or patterns_metric_rx.search(m.group("c"))):
        m = None  # "2% in accuracy" names the metric; for a score, "in phase recognition" is a setting
    if m and d.kind in ("score", "delta", "data_size"):
        c = m.group("c")
        bench_names = {b.dataset for b in benches}
        if not any(b and (b in c or c in b) for b in bench_names | {d.dataset}) and not _DATASET_WORD.search(c):
            parts.append(c)
    m = _ACROSS.search(sentence)
    if m and d.kind in ("delta", "reduction", "speedup"):
        parts.append("across " + m.group("c").strip())
    if parts:
        d.condition = ", ".join(dict.fromkeys(parts))


_METRIC_IN = regex.compile(
    r"(?i)^\s*(?:\)\s*)?(?:in|at|for)\s+(?:terms\s+of\s+)?(?:the\s+|its\s+|their\s+|our\s+|various\s+)?"
    r"(?P<m>(?:[\w@.-]+(?:\s+\([\w-]+\))?\s+){0,4}?[\w@.-]+(?:\s+\([A-Za-z-]+\))?)"
    r"(?=\s*(?:[,.;)]|$|\s(?:over|than|compared|against|relative|on|when|while|and\s+\d|with|across|respectively|for)\b))"
)
_METRIC_BY = regex.compile(
    r"(?i)\b(?:improv|boost|increas|rais|enhanc|reduc|lower|decreas|cut|shorten|accelerat|speed\w*\s+up|sav)\w*\s+"
    r"(?:the\s+|its\s+|their\s+|our\s+)?(?:[\w'’.-]+\s+){0,2}?(?P<m>(?:[\w'’-]+\s+){0,4}?[\w'’-]+)\s+by\s+"
    r"(?:up\s+to\s+|about\s+|approximately\s+|over\s+|nearly\s+|around\s+|more\s+than\s+|an\s+average\s+of\s+|a\s+factor\s+of\s+)?$"
)
_METRIC_COMPARATIVE = regex.compile(
    r"(?i)^\s*(?:times\s+|x\s+)?(?:fewer|less|smaller|lower|higher|better|greater|more|larger|reduction\s+in|"
    r"improvement\s+in|increase\s+in|gain\s+in|drop\s+in|decrease\s+in)\s+(?:the\s+)?"
    r"(?P<m>(?:[\w-]+\s+){0,3}?[\w-]+?)(?=\s*(?:[,.;]|$|\s(?:than|over|compared|on|while|and|with|at|for|per)\b))"
)
_DATA_HEAD_MODIFIERS = {
    "question", "answer", "image", "video", "text", "code", "audio", "speech", "bounding", "box", "qa", "caption",
    "training", "test", "evaluation", "multiple-choice", "labeled", "unlabeled", "annotated", "web", "synthetic",
    "human", "expert", "instruction", "preference", "dialogue", "conversation", "sentence", "document", "query",
}


def _expand_data_noun(sentence: str, rel_end: int, head: str) -> str:
    """The noun phrase a data size counts, from the number's right: "1,100 multiple-choice
    questions" -> "multiple-choice questions", "236k pairs of code components" -> "pairs of
    code components"; evaluative adjectives ("diverse", "high-quality") are left out."""
    tail = sentence[rel_end : rel_end + 120]
    m = regex.search(r"(?<![\w-])" + regex.escape(head) + r"(?![\w-])", tail)
    if not m:
        return head
    words = tail[: m.start()].split()
    keep: list[str] = []
    for w in reversed(words):
        bare = w.strip("(),")
        # hyphenated ("multiple-choice"), capitalised ("StackOverflow") or a data word ("question")
        if "-" in bare or bare.lower() in _DATA_HEAD_MODIFIERS or (bare[:1].isupper() and bare.lower() not in ("the", "a")):
            keep.insert(0, bare)
            if len(keep) == 2:
                break
        else:
            break
    phrase = " ".join(keep + [head])
    if head.lower() in ("pairs", "sets", "hours", "collections", "sequences", "sessions"):
        of = regex.match(r"\s+of\s+((?:[\w-]+\s+){0,2}?[\w-]+)(?=[\s,.;]|$)", tail[m.end() :])
        if of and of.group(1).split()[0].lower() not in ("the", "a", "an"):
            phrase += " of " + of.group(1)
    return phrase


def _link_metric(text, sentence, d, rel, c0, c1, patterns) -> None:
    n1 = d.extra.get("number", (d.start, d.end))[1] - d.extra["sent"][0]
    if d.kind == "params":
        d.metric = (d.metric or "parameters").strip()
        if d.metric.lower() in ("parameter", "param", "params"):
            d.metric = "parameters"
        elif not d.metric.lower().endswith(("parameters", "params", "weights")):
            d.metric = d.metric + " parameters"
        return
    if d.kind == "data_size" and d.metric:
        d.metric = _expand_data_noun(sentence, n1, d.metric)
        return
    if d.kind in ("delta", "speedup", "reduction", "score") and (not d.metric or d.metric.lower() in _GENERIC_METRICS):
        right = sentence[n1:c1]
        left = sentence[c0:rel]
        for rx, ctx in ((_METRIC_COMPARATIVE, right), (_METRIC_IN, right), (_METRIC_BY, left)):
            if d.kind == "score" and rx is not _METRIC_IN:
                continue
            m = rx.search(ctx) if rx is _METRIC_BY else rx.match(ctx)
            if m and not regex.match(r"(?i)^(?:the|a|an|all|average|total|terms|addition|comparison)$", m.group("m")):
                d.metric = _trim(m.group("m"))
                return
    if d.metric:
        return
    if d.kind in ("score", "delta"):
        d.metric = _nearest(patterns.metric, sentence, c0, c1, rel, 0, 80)
    elif d.kind == "speedup":
        d.metric = _nearest(_SPEED_METRIC, sentence, c0, c1, rel, "m", 80)
    elif d.kind == "reduction":
        d.metric = _nearest(_RESOURCE_METRIC, sentence, c0, c1, rel, "m", 60)
    elif d.kind == "efficiency":
        d.metric = _nearest(_EFF_METRIC, sentence, c0, c1, rel, "m", 60)
    elif d.kind == "cost":
        d.metric = _nearest(_COST_METRIC, sentence, c0, c1, rel, "m", 80)


_GENERIC_METRICS = {"performance", "performances", "score", "scores", "success", "loss", "error", "errors"}

# "FlatFormer: Flattened Window Attention ..." -> FlatFormer
_TITLE_NAME = regex.compile(r"^\s*(?P<m>[A-Z0-9][\w.+&'’-]*(?:[\s-][A-Z0-9][\w.+&'’-]*){0,2})\s*:\s")
_PROPOSE = regex.compile(
    r"\b(?:we|We)\s+(?:propose|present|introduce|develop|design|call|name|dub)\s+(?:a\s+|an\s+|the\s+)?"
    r"(?:new\s+|novel\s+|simple\s+)?(?:[a-z-]+\s+){0,4}?(?:called\s+|named\s+|dubbed\s+|termed\s+)?"
    r"(?:\\textbf\{|\\emph\{|\\textit\{)?(?P<m>[A-Z][\w.+-]*[A-Z0-9][\w.+-]*)"
)
_PROPOSE_ABBREV = regex.compile(
    r"\b(?:we|We)\s+(?:propose|present|introduce|develop|design)\s+(?:a\s+|an\s+|the\s+)?[^.()]{3,80}?\s"
    r"\((?P<m>[A-Z][\w.+-]*[A-Z0-9][\w.+-]*)\)"
)
_COINED = regex.compile(r"[A-Z].*[A-Z0-9]|^[A-Z][a-z]+[A-Z]")


def paper_method(title: str, abstract: str = "") -> str | None:
    """The paper's own method name: the coined name before a colon in the title, else the
    coined name the abstract proposes ("we propose FlatFormer, ..."); None when unnamed."""
    m = _TITLE_NAME.match(title or "")
    if m:
        name = m.group("m").strip()
        words = name.split()
        if len(words) == 1 or any(_COINED.search(w) for w in words):
            return name
    found = [m for m in (_PROPOSE.search(abstract or ""), _PROPOSE_ABBREV.search(abstract or "")) if m]
    if found:
        return min(found, key=lambda m: m.start()).group("m").rstrip(".,")
    return None
