"""The shape of every file under ``patterns/``, as pydantic models.

Unknown keys are errors (``extra="forbid"``), so a misspelt field is caught on load instead of
silently ignored. ``patterns/README.md`` documents the same fields for people; the two are
kept together by a test that every field below is named there.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

KIND_NAME = re.compile(r"[a-z][a-z0-9_]*")
DETECTORS = ("numbers", "urls", "names")
# the claim fields a kind may link from the words around its number
LINKS = ("baseline", "metric", "dataset", "condition")
PAPER_LINKS = ("device", "own_dataset")
DATASET_CUES = ("bracket_owner", "own_reference", "across_list", "respectively", "on_name", "attached", "clause", "on_coined", "previous_sentence", "only_benchmark")
BASELINE_CUES = ("compare", "resource_of")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ----------------------------------------------------------------------------- kinds


class ValueSpec(Strict):
    """How a number of the kind is normalized."""

    bare_unit: str = Field("", description="the unit of a number written without one ('x' for a speedup)")
    unit_from_metric: bool = Field(False, description="a bare number takes its unit from the metric (units.toml [metric_units])")
    signed: bool = Field(False, description="the rule's sign and a written sign apply (a drop is negative)")
    share_percent: bool = Field(False, description="a plain value above 1 of a share metric may be a % the text dropped")
    from_start: bool = Field(False, description="in a change 'from A to B', A is a claim of the kind too")
    written_sign: bool = Field(False, description="a sign written on the number is the value's ('r = -0.94'), rules' signs aside")


class LinkSpec(Strict):
    """Which attributes the kind links, and with which cues of linking.toml."""

    baseline: list[Literal[BASELINE_CUES]] = []  # type: ignore[valid-type]
    dataset: list[Literal[DATASET_CUES]] = []  # type: ignore[valid-type]
    conditions: list[str] = Field([], description="names of [condition.*] cues in linking.toml")
    condition_from_metric: list[str] = Field([], description="metric words that are a setting ('active' parameters)")
    metric: list[str] = Field([], description="names of [metric_cue.*] entries in linking.toml, tried in order")
    metric_fallback: str | None = Field(None, description="a [metric_fallback.*] entry, or 'lexicon' (metrics.toml)")
    metric_default: str | None = None
    metric_aliases: list[str] = Field([], description="metrics that mean metric_default ('param' for 'parameters')")
    metric_heads: list[str] = Field([], description="a metric not ending in one of these gets metric_default appended")
    metric_expand: bool = Field(False, description="the metric is the noun phrase the number counts (data sizes)")
    paired_with: list[str] = Field(
        [], description="kinds whose value stated right 'at'/'with' a value of this kind is its condition, and back"
    )
    share_condition: bool = Field(
        False, description="a value of the kind shares the setting stated after the next value of its series"
    )
    share_baseline: bool = Field(
        False, description="a value of the kind shares the comparison stated after the next value of its sentence"
    )
    metric_of_unit: dict[str, str] = Field(
        {}, description="canonical unit -> the metric a number in it names when no metric is named (fps: frame rate)"
    )
    metric_of_dimension: dict[str, str] = Field(
        {}, description="unit dimension -> the metric when neither the words nor the unit name one (time: time)"
    )
    metric_from: list[str] = Field(
        [], description="kinds whose specific metric a claim naming none (or a generic one) takes from its sentence"
    )
    paper: list[Literal[PAPER_LINKS]] = []  # type: ignore[valid-type]


class SummarySpec(Strict):
    """What the papers view shows of the kind."""

    pick: Literal["largest", "counts", "best_per_metric", "list"]
    column: str
    units: list[str] = Field([], description="largest: preferred units in order; '*' any other")
    also: list[str] = Field([], description="largest: fields of the picked row shown as <column>_<field>")
    field: str = Field("value", description="list: the field listed")
    status_column: str | None = Field(None, description="list: a column giving the best status of the rows")
    statuses: list[str] = Field([], description="status_column: statuses, best first")


class NegativeSpec(Strict):
    code: str
    message: str


class LintSpec(Strict):
    """What ``claimtab lint`` holds impossible or suspicious for the kind."""

    max_percent: float | None = None
    max_percent_message: str = "{value} is more than {max}%"
    unbounded_metric_ok: bool = Field(False, description="metrics with unbounded words (relative, return) may exceed it")
    share_max: float | None = Field(None, description="a plain value of a share metric (accuracy) above this is impossible")
    negative: NegativeSpec | None = None
    factor_below_one: str | None = Field(None, description="message for a factor under 1x ('a slowdown')")
    conflicts: bool = Field(False, description="one metric on one dataset stated with two values is a conflict")
    percent_basis_against: str | None = Field(None, description="a % change of a metric the paper states in % of this kind")


class KindSpec(Strict):
    order: int = Field(100, description="where the kind stands in listings (then by name)")
    description: str
    detector: Literal[DETECTORS] = "numbers"  # type: ignore[valid-type]
    colour: tuple[str, str] = ("#f1f3f5", "#868e96")
    aliases: list[str] = Field([], description="what people type for the kind in a sheet")
    related: list[str] = Field([], description="kinds a sheet row of this kind may be confirmed by")
    leaderboard: bool = False
    value: ValueSpec = ValueSpec()
    link: LinkSpec = LinkSpec()
    summary: SummarySpec | None = None
    lint: LintSpec = LintSpec()

    @field_validator("colour")
    @classmethod
    def _hex(cls, v: tuple[str, str]) -> tuple[str, str]:
        for c in v:
            if not re.fullmatch(r"#[0-9a-fA-F]{6}", c):
                raise ValueError(f"colour {c!r} is not #rrggbb")
        return v


class RuleSpec(Strict):
    """One classification rule: when a mention of one of ``units`` is this kind."""

    name: str
    units: list[str]
    not_units: list[str] = []
    priority: float = 50
    sign: Literal[1, -1] = 1
    metric: str | None = None
    unit: str | None = Field(None, description="the unit of a bare number this rule classifies (a $ lost in conversion)")
    min_value: float | None = None
    weak: bool = Field(False, description="names the metric more than the kind: a coordinated value may override it")
    text: str | None = None
    left: str | None = None
    right: str | None = None
    near: str | None = None
    not_near: str | None = None
    not_left: str | None = None
    not_right: str | None = None


class NamePatternSpec(Strict):
    """An open-vocabulary pattern for names (benchmarks)."""

    name: str
    regex: str
    reverse: bool = False
    is_list: bool = Field(False, alias="list", description="the match is a list of names (group `list`)")
    requires: list[str] = []
    fields: list[str] = []
    anchor: str | None = None
    before: str | None = None
    strong: bool = Field(False, description="the text calls the name a dataset/benchmark right there")
    introduces: bool = Field(False, description="the paper introduces the named dataset")


class UrlSpec(Strict):
    """The links a urls-detector kind finds, and how their status is read."""

    href: str
    url: str
    not_code: str
    hints: list[str]
    trailing: str
    promised: str


class NameShapes(Strict):
    """How names look, for a names-detector kind (regexes; see kinds/benchmark.toml)."""

    task_abbrev: str
    abbrev_after: str
    list_item: str
    item_name: str
    coord_right: str
    coord_left: str
    introduces: str
    descriptive: str
    fragment: str
    keyword_tail: str
    dataset_title: str = Field("(?!)", description="a title about a dataset of its own (its coined name stays a benchmark)")
    coined_bench: str = Field("(?!)", description="a name coined as a benchmark, kept even when it is the paper's method")
    appositive_method: str = Field("(?!)", description="an appositive right after a name that makes it a method")
    used_as_method: str = Field("(?!)", description="words after a name that make it a method or task, not a dataset")
    edition_more: str = Field("(?!)", description="a further edition listed after a name's own (group `ed`)")
    edition: str = Field("(?!)", description="a year or version right after a name that belongs to it")


class KindFile(Strict):
    kind: KindSpec
    vocab: dict[str, str] = Field({}, description="regex fragments local to this file, referenced as {name}")
    rule: list[RuleSpec] = []
    pattern: list[NamePatternSpec] = []
    urls: UrlSpec | None = None
    names: NameShapes | None = None

    @model_validator(mode="after")
    def _detector_tables(self) -> KindFile:
        need = {"urls": "urls", "names": "names"}.get(self.kind.detector)
        if need and getattr(self, need) is None:
            raise ValueError(f"a {self.kind.detector} kind needs a [{need}] table")
        return self


# ----------------------------------------------------------------------------- shared files


class NumbersFile(Strict):
    regex: dict[str, str] = Field(description="named regexes of number surface forms, composed by {reference}")
    shape: dict[str, str] = Field(description="shapes that make a number something else (a size, a year)")
    hints: dict[str, list[str]] = Field(description="substrings that decide whether a scan is worth running")
    scales: dict[str, float]
    word_units: dict[str, float]
    word_tens: dict[str, float]
    word_multipliers: dict[str, float]
    factor_words: dict[str, float]


class UnitsFile(Strict):
    unit: dict[str, tuple[str, str]] = Field(description="physical unit surface -> [canonical unit, dimension]")
    metric_units: dict[str, str] = Field({}, description="a word of a metric -> the unit a bare number then has")
    written: dict[str, tuple[str, str]] = Field(description="unit after a number -> [canonical unit, mention class]")
    currencies: dict[str, str] = Field(description="currency symbol or word -> ISO code")
    classes: dict[str, list[str]] = Field(description="the spec's unit classes -> unit spellings")
    sheet: dict[str, list[str]] = Field(description="canonical unit -> how sheets write it")
    mention_classes: dict[str, str] = Field(description="mention class -> what it means")


class VocabFile(Strict):
    vocab: dict[str, str] = Field(description="word classes the kind rules reference as {name}")
    context: dict[str, str] = Field(description="what the engine reads around a number besides the rules")


class ExclusionSpec(Strict):
    name: str
    left: str | None = None
    right: str | None = None
    text: str | None = None


class ExclusionsFile(Strict):
    exclude: list[ExclusionSpec]


class ConditionCue(Strict):
    regex: str
    group: str | None = Field(None, description="of the cues in one group only the first that matches is kept")
    pick: Literal["first", "nearest"] = "first"
    after_number: bool = Field(False, description="must start right after the number")
    before_number: bool = Field(
        False, description="must end right before the number (or before the brackets that hold it)"
    )
    not_metric: bool = Field(False, description="a phrase that names a metric is not a setting")
    respective: bool = Field(False, description="of a list of settings for as many values, 'respectively', each takes its own")
    in_clause: bool = Field(False, description="only a match inside the number's clause counts")
    requires: list[str] = Field(
        [], description="lower-case substrings of which one must occur in what the cue reads for it to be tried"
    )
    shared: bool = Field(False, description="the setting holds for a series of values before the number (share_condition)")
    prefix: str = ""
    not_benchmark: bool = Field(False, description="a phrase that names a benchmark of the sentence is not a setting")
    metric_after_in: Literal["always", "if_named"] | None = Field(
        None, description="after 'in' the phrase names the metric: always, or only if it holds a metric name"
    )


class MetricCue(Strict):
    regex: str
    side: Literal["left", "right"]
    search: bool = Field(False, description="search the side instead of matching at the number")
    requires: list[str] = Field(
        [], description="lower-case substrings of which one must occur in the side read for the cue to be tried"
    )


class Fallback(Strict):
    regex: str
    limit: int = 80


class LinkingFile(Strict):
    regex: dict[str, str]
    words: dict[str, list[str]]
    condition: dict[str, ConditionCue]
    metric_cue: dict[str, MetricCue]
    metric_fallback: dict[str, Fallback]


class MetricEntry(Strict):
    name: str
    names: list[str] = []
    better: Literal["higher", "lower"] | None = None
    detect: bool = Field(True, description="false: known for direction only, never matched in text")
    tables: bool = Field(False, description="true: read in results-table headers and captions even when detect is false")
    share: bool = False


class MetricsFile(Strict):
    metric: list[MetricEntry]


class BenchmarkEntry(Strict):
    name: str
    aliases: list[str] = []
    task: str | None = None
    source: str | None = None
    case_sensitive: bool = False
    case_insensitive: bool = False


class BenchmarksFile(Strict):
    benchmark: list[BenchmarkEntry]


class NamesFile(Strict):
    """Words and names that look like benchmark names but are not."""

    stop: list[str]
    generic: list[str]
    leading: list[str]
    models: list[str]


class QualifierCues(Strict):
    before: list[str] = []
    after: list[str] = []


class QualifiersFile(Strict):
    """Cue words per qualifier (the qualifier names are the schema's)."""

    up_to: QualifierCues
    about: QualifierCues
    at_least: QualifierCues
    at_most: QualifierCues
    average: QualifierCues


class ExampleCase(Strict):
    text: str
    claims: list[dict] = []
    xfail: bool = Field(False, description="a known miss: the test fails when it starts to pass")
    note: str | None = None


class ExamplesFile(Strict):
    positive: list[ExampleCase] = []
    negative: list[ExampleCase] = []


class NounsFile(Strict):
    params: dict[str, list[str]]
    data_size: dict[str, list[str] | int]
    study: dict[str, list[str]]
