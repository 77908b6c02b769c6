"""Benchmark names: the lexicon in patterns/lexicons/benchmarks.toml plus open-vocabulary
patterns from patterns/kinds/benchmark.toml, with abbreviation resolution."""

from __future__ import annotations

import re
from functools import cache

import regex

from claimtab.rules.lexicon import load_lexicon
from claimtab.text import sentence_of

# Words that look like names but are not benchmarks on their own.
STOP = {
    "the", "a", "an", "our", "this", "these", "we", "new", "novel", "large", "existing", "public", "real",
    "llm", "llms", "mllm", "mllms", "vlm", "vlms", "lvlm", "lvlms", "lm", "lms", "ai", "ml", "nlp", "cv", "rl", "qa",
    "vqa", "cnn", "cnns", "rnn", "gnn", "gnns", "gpu", "gpus", "cpu", "api", "sota", "gpt", "bert", "vit", "mlp",
    "rgb", "3d", "2d", "id", "ood", "iid", "sft", "rlhf", "dpo", "ppo", "grpo", "cot", "rag", "moe", "lora",
    "code", "data", "benchmark", "dataset", "english", "chinese", "github", "arxiv", "transformer", "transformers",
    "large-scale", "multi-modal", "open-source", "state-of-the-art", "real-world", "in", "on", "of", "and",
    "x-ray", "ct", "mri", "eeg", "ecg", "fmri", "pet", "us", "uk", "eu", "i", "ii", "iii", "iv", "v",
}


# matched right to left: each attempt starts at a ")", so the scan is cheap
_TASK_ABBREV = regex.compile(
    r"\b([a-z][a-z-]+(?:\s+[a-z][a-z-]+){1,5})\s+\(([A-Z][A-Za-z0-9-]{1,10})\)", regex.REVERSE
)
_ABBREV_AFTER = regex.compile(r"\s*\(([A-Za-z][\w-]{1,15})\)")
_LIST_ITEM = regex.compile(r"(?:[^,;&\s]|\s(?!and\s|&|\\&))+")
# the name at the head of a list item: capitalised or coined tokens, up to four
_ITEM_NAME = regex.compile(
    r"^\s*(?:(?:and|or|the|\\textit\{i\.e\.\}|i\.e\.|e\.g\.)\s*)*(?P<n>(?:[A-Z0-9][\w.'’+-]*|[a-z]+-[A-Z][\w.+-]*)"
    r"(?:\s(?:[A-Z0-9][\w.'’+-]*|v\d[\w.]*)){0,3})"
)
# a coined name that may stand in a list beside a known benchmark ("Cityscapes, CamVid, and UAVid")
_COINED_NAME = r"(?:[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*|[A-Z][a-z]+(?:-[A-Za-z0-9]+)*-[A-Z0-9][A-Za-z0-9]*)"
_COORD_RIGHT = regex.compile(r"(?:,\s(?:and\s|or\s)?|\s(?:and|or|&|\\&)\s)(?P<n>" + _COINED_NAME + r")(?![\w-])")
_COORD_LEFT = regex.compile(
    r"(?<![\w-])(?P<n>" + _COINED_NAME + r")(?:,\s(?:and\s|or\s)?|\s(?:and|or|&|\\&)\s)$", regex.REVERSE
)
# model and method names that share lists with datasets but are not benchmarks
MODEL_NAMES = regex.compile(
    r"^(?:BERT|RoBERTa|ALBERT|XLNet|ELECTRA|DeBERTa(?:-v3)?|BART|T5|GPT(?:-[\w.]+)*|ChatGPT|SD[\d.]+|SDXL|LLaMA(?:-?\w+)?|Llama(?:-?\w+)?|"
    r"Qwen\w*(?:-\w+)?|Mistral\w*|Mixtral\w*|Gemini\w*|Claude\w*|PaLM\w*|OPT|BLOOM\w*|Vicuna\w*|Falcon\w*|"
    r"ViT(?:-\w+)?|DeiT\w*|Swin\w*|CLIP|BLIP\w*|ResNet\w*(?:-\d+)?|VGG\w*(?:-\d+)?|MobileNet\w*|EfficientNet\w*|"
    r"DenseNet\w*|YOLO\w*|DETR|SAM|U-Net|UNet|LSTM|CNN|RNN|GCN|GAT|SVM|XGBoost|LightGBM|DINO\w*|MAE|SimCLR|MoCo\w*|"
    r"[GTC]PUs?|NPUs?|FPGAs?|[AHVLBT]\d{2,3}s?|RTX\s?\w+|Jetson\w*|TPUv\d\w*|DGX\w*|MI\d{3}X?|A\d{4}|"
    r"LLMs?|VLMs?|MLLMs?|LVLMs?|LMs?|SLMs?|NLP|CV|AI|ML|RL|QA|VQA|OCR|ASR|TTS|MT|NER)$"
)
_SPLIT = regex.compile(r"[\s-]+")


# sentence-initial or generic words a capitalised phrase may start with
LEADING = {
    "using", "on", "in", "the", "our", "for", "with", "from", "and", "a", "an", "this", "these", "both", "all",
    "standard", "public", "popular", "large", "new", "novel", "existing", "original", "challenging", "benchmark",
}
# proper adjectives and platforms: "the Danish dataset", "a Reddit dataset" name a source, not a benchmark
GENERIC = {
    "english", "chinese", "danish", "polish", "german", "french", "spanish", "japanese", "korean", "arabic", "hindi",
    "russian", "italian", "portuguese", "turkish", "vietnamese", "indian", "dutch", "swedish", "finnish", "greek",
    "persian", "urdu", "bengali", "thai", "indonesian", "african", "european", "american", "multilingual",
    "reddit", "twitter", "google", "youtube", "github", "facebook", "wikipedia", "amazon", "web", "internet",
    "training", "test", "testing", "validation", "evaluation", "unified", "modal", "multi-modal", "multimodal",
    "synthetic", "real", "comprehensive", "large-scale", "new", "novel", "public", "benchmark", "dataset", "image",
    "video", "text", "audio", "speech", "medical", "clinical", "object", "tracking", "detection", "remote",
    "sensing", "challenge", "open", "standard", "custom", "proposed", "collected", "curated", "annotated",
    "easy", "hard", "medium", "level", "easy-level", "hard-level", "database",
}



_INTRODUCES = regex.compile(
    r"(?i)\b(?:we|this\s+(?:paper|work))\s+(?:also\s+|further\s+|first\s+)?(?:introduce|present|propose|release|"
    r"construct|create|collect|build|curate|contribute|develop)[^.;]{0,120}?\b(?:dataset|benchmark|corpus|suite)"
)
_DESCRIPTIVE = regex.compile(r"^[A-Z][a-z]+-[a-z]+$")
# version or variant fragments and participles: "V2", "R2", "TCKR-generated", "BERT-based"
_FRAGMENT = regex.compile(r"^(?:[A-Za-z]\d{1,2}|\S+-(?:[a-z]+ed|based|like|style|only|free|aware|level|wise))$")
_KEYWORD_TAIL = regex.compile(r"\s(?:Dataset|Benchmark|Corpus|Suite|Bank|Database|Leaderboard)$")


def _keyword_policy(raw: str, s: int, e: int) -> tuple[str, int]:
    """Keep a capitalised "Dataset"/"Benchmark" only when the words before it are plain
    Titlecase words ("Waymo Open Dataset"); a coined name stands alone ("ZeroSense")."""
    m = _KEYWORD_TAIL.search(raw)
    if not m:
        return raw, e
    head = raw[: m.start()]
    coined = any(
        sum(c.isupper() for c in w) > 1 or any(c.isdigit() for c in w) for w in regex.split(r"[\s-]+", head) if w
    )
    if coined:
        return head, s + len(head)
    return raw, e


def _is_name(name: str, strong: bool = False) -> bool:
    """Could ``name`` be a benchmark's name? ``strong``: the text calls it a dataset or
    benchmark right there ("the M4 benchmark"), so short names are allowed."""
    n = name.strip()
    if len(n) < 2 or len(n) > 60 or not any(c.isalpha() for c in n):
        return False  # "2025" is a year, not a name
    if n.lower() in STOP:
        return False
    words = n.split()
    if len(words) > 6:
        return False
    if not any(c.isupper() for c in n) and not any(c.isdigit() for c in n):
        return False
    if all(w.lower() in STOP or w.lower() in GENERIC for w in _SPLIT.split(n) if w):
        return False
    if _DESCRIPTIVE.match(n) or _FRAGMENT.match(n) and not strong:  # "Polish-language", "TCKR-generated", "V2"
        return False
    return True


WINDOW_BEFORE, WINDOW_AFTER = 200, 260


def _expand_coordination(text: str, found: list, free, lex) -> None:
    """Coined names listed together with a found benchmark are benchmarks too:
    "on Cityscapes, CamVid, and UAVid" (Cityscapes known) gives CamVid and UAVid."""
    queue = list(found)
    while queue:
        s, e, *_ = queue.pop()
        for side in ("right", "left"):
            if side == "right":
                m = _COORD_RIGHT.match(text, e, min(len(text), e + 60))
                span = (m.start("n"), m.end("n")) if m else None
            else:
                m = _COORD_LEFT.search(text, max(0, s - 60), s)
                span = (m.start("n"), m.end("n")) if m else None
            if not span:
                continue
            raw = text[span[0] : span[1]]
            if MODEL_NAMES.match(raw) or not _is_name(raw) or not free(*span):
                continue
            ent = lex.lookup(raw)
            item = (span[0], span[1], raw, ent.canonical if ent else None, "coordination")
            found.append(item)
            queue.append(item)


@cache
def _keyword_rx(words: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _keyword_hits(low: str, words: frozenset[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of any pattern's required words, found in one scan."""
    return [(m.start(), m.end(), m.group()) for m in _keyword_rx(words).finditer(low)]


def _windows(hits: list[tuple[int, int, str]], words: tuple[str, ...], n: int) -> list[tuple[int, int]]:
    """Merged spans around each occurrence of the words a pattern requires: the pattern is
    only tried there (most of an abstract is far from any "dataset" or "benchmark")."""
    merged: list[tuple[int, int]] = []
    for s, e, w in hits:
        if not any(r in w or w in r for r in words):
            continue
        a, b = max(0, s - WINDOW_BEFORE), min(n, e + WINDOW_AFTER)
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def find_benchmarks(text: str, patterns, sents, blocked, field: str, kind: str):
    """Benchmark drafts: lexicon names first, then open-vocabulary patterns."""
    from claimtab.engine.engine import Draft

    lex = load_lexicon(patterns.root)
    found: list[tuple[int, int, str, str | None, str]] = []  # start, end, name, canonical, rule

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in blocked) and not any(a < e and s < b for a, b, *_ in found)

    for s_, e_, surface, ent in lex.find(text):
        if free(s_, e_):
            found.append((s_, e_, surface, ent.canonical, "lexicon"))
    low = text.lower()
    window_cache: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    all_words = frozenset(w for p in patterns.name_patterns for w in p.requires)
    hits = _keyword_hits(low, all_words) if all_words else []
    for pat in patterns.name_patterns:
        name, rx, is_list, requires, fields = pat.name, pat.rx, pat.is_list, pat.requires, pat.fields
        if fields and field not in fields:
            continue
        if requires:
            if requires not in window_cache:
                window_cache[requires] = _windows(hits, requires, len(low))
            spans = window_cache[requires]
            if not spans:
                continue
        else:
            spans = [(0, len(text))]
        seen_at: set[int] = set()
        for m in (m for a, b in spans for m in rx.finditer(text, a, b)):
            if m.start() in seen_at:
                continue
            seen_at.add(m.start())
            if is_list:
                base = m.start("list")
                for item in _LIST_ITEM.finditer(m.group("list")):
                    lead = _ITEM_NAME.match(item.group(0))
                    if not lead:
                        break  # the list ended: the next "item" is running text
                    raw = lead.group("n")
                    if not _is_name(raw) or len(raw.split()) > 4:
                        continue
                    s = base + item.start() + lead.start("n")
                    e = s + len(raw)
                    if free(s, e):
                        ent = lex.lookup(raw)
                        found.append((s, e, raw, ent.canonical if ent else None, name))
                continue
            s, e = m.span("name")
            raw = m.group("name")
            lead = raw.split(" ", 1)
            if len(lead) == 2 and lead[0].lower() in LEADING:  # "Using CIFAR-10 dataset"
                s += len(lead[0]) + 1
                raw = lead[1]
            raw, e = _keyword_policy(raw, s, e)
            if not _is_name(raw, strong=pat.strong) or not free(s, e) or MODEL_NAMES.match(raw):
                continue
            ent = lex.lookup(raw)
            found.append((s, e, raw, ent.canonical if ent else None, name))
    _expand_coordination(text, found, free, lex)
    # an abbreviation of a lower-case phrase names a task, not a benchmark:
    # "named entity recognition (NER) datasets"
    if found and "(" in text:
        tasks = {m.group(2) for m in _TASK_ABBREV.finditer(text)}
        found = [f for f in found if f[2] not in tasks or f[4] == "lexicon"]
    # abbreviations: "Long Range Arena (LRA)" -> LRA is the same benchmark
    abbrev: dict[str, tuple[str, str | None]] = {}
    for _s, e, name, canon, _ in found:
        m = _ABBREV_AFTER.match(text[e : e + 20])
        if m and len(m.group(1)) < len(name) and m.group(1) != name:
            abbrev[m.group(1)] = (name, canon)
    short_of = {full: ab for ab, (full, _canon) in abbrev.items()}
    for ab, (_full, canon) in abbrev.items():  # every later use of a defined short form
        for m in regex.finditer(r"(?<![\w-])" + regex.escape(ab) + r"(?![\w-])", text):
            if not any(a < m.end() and m.start() < b for a, b, *_ in found):
                found.append((m.start(), m.end(), ab, canon, "abbreviation"))
    out = []
    introducing = {p.name for p in patterns.name_patterns if p.introduces}
    for s, e, name, canon, rule in sorted(found):
        sent = sentence_of(sents, s)
        d = Draft(kind=kind, start=s, end=e, text=text[s:e], dataset=name, rule=rule, extra={"sent": sent})
        if name in abbrev and abbrev[name][0] != name:
            # a later "LRA" names the benchmark defined as "Long Range Arena (LRA)": a target
            # for linking numbers, not a claim of its own (the extractor drops it after linking)
            d.extra["alias_of"] = abbrev[name][0]
        if canon:
            d.extra["canonical"] = canon
        if name in short_of and len(name.split()) >= 3:
            # "Fine-Grained Visual Classification (FGVC)": numbers refer to it as FGVC
            d.extra["short"] = short_of[name]
        if rule in introducing or _INTRODUCES.search(text, sent[0], sent[1]):  # "we introduce JetClass, a new dataset"
            d.extra["introduced"] = True
        out.append(d)
    return out
