"""The rubric schema: an assessment table as data.

A rubric file (YAML, one per province/year/table) describes categories
(一级指标), groups (二级指标) and indicators (三级指标). Each indicator has a
maximum, a scoring `rule` and `match` rules that tell the extractors which
activities are evidence for it. The engine (`rubrics.engine`) interprets a
small set of rule kinds; adding a province is a new data file, not new code.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


class RubricModel(BaseModel):
    """Base of the rubric-definition models: an unknown key in a rubric file is
    an error (a misspelt `keyword:` would otherwise silently match nothing)."""

    model_config = ConfigDict(extra="forbid")


class Match(RubricModel):
    """How activities are recognised as evidence for an indicator.

    An activity matches when its type is one of `types` (if given) and its
    statement contains any of `keywords` (or fuzzily resembles `phrases`),
    and contains none of `exclude`. `levels` restricts the activity level.
    """

    types: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    levels: list[str] = Field(default_factory=list)
    # Some indicators are proven by a state of the society, not by activities
    # (e.g. "党员活动室基本制度上墙"): any sentence with a keyword is evidence.
    statements: bool = False
    # Entered by a reviewer, never proposed from the documents: summaries do not
    # confess 未完成市科协交办的工作, and guessing a deduction would be worse than none.
    manual: bool = False


class Tier(RubricModel):
    """One step of a tiered rule. An item falls in the first tier that names its
    level or tag; a `rest` tier ("其他…") takes whatever no earlier tier took."""

    points: float
    levels: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    # Words in an item's evidence that give it this tier's first tag (中国科协表彰 →
    # 2分, 市科协表彰 → 1分): the extractors know levels, not who awarded what.
    keywords: list[str] = Field(default_factory=list)
    rest: bool = False
    # This tier's own cap (承办国际性全国性学术交流活动 10分，5分/项).
    cap: float | None = None
    label: str = ""


class Band(RubricModel):
    min: int
    points: float
    # The table's wording for the band ("五次以上"), used in explanations.
    label: str = ""


class PresenceRule(RubricModel):
    """Full points when the work is evidenced at all."""

    kind: Literal["presence"] = "presence"
    points: float


class PerItemRule(RubricModel):
    """`points` for each item (event, project, report), capped."""

    kind: Literal["per_item"] = "per_item"
    points: float
    cap: float | None = None
    # What one item is called in explanations ("次", "项", "篇").
    unit: str = "项"


class TieredRule(RubricModel):
    """Points per item by its level or tag (国际性10/全国6/全省4 每次), capped.

    With `once_per_tier`, each tier scores at most once (被采纳4分，其他2分); with
    `highest_only`, only the best tier reached counts, once (获得自治区领导批示得3分；
    获得厅局批示得2分).
    """

    kind: Literal["tiered"] = "tiered"
    tiers: list[Tier]
    cap: float | None = None
    once_per_tier: bool = False
    highest_only: bool = False
    unit: str = "项"


class CountBandsRule(RubricModel):
    """Points by how many items there are (五次以上5分；五次以下2分). Highest band met wins."""

    kind: Literal["count_bands"] = "count_bands"
    bands: list[Band]
    unit: str = "项"


class OutcomeRule(RubricModel):
    """Points by a stated outcome (年检合格5分); some outcomes veto the whole assessment."""

    kind: Literal["outcome"] = "outcome"
    outcomes: dict[str, float]
    veto: list[str] = Field(default_factory=list)
    # Outcome assumed when the materials show the work but name no outcome.
    evidenced: str | None = None
    # Outcome when nothing at all is found (e.g. 不年检). None: 0 points and no
    # veto, because a summary that is silent about a matter does not prove it failed.
    absent: str | None = None
    # What the outcome is of, for explanations ("年检" → "年检合格 得5分").
    subject: str = ""


class DiscretionaryRule(RubricModel):
    """结合实际工作开展情况赋分: a reviewer gives a score within a range.

    The engine suggests a point of [min, max] as far up as the evidence's
    `support` reaches (the middle when nothing says how strong it is), never
    the top by default, and 0 when nothing is found; the range stays beside it.
    """

    kind: Literal["discretionary"] = "discretionary"
    min: float = 0
    max: float | None = None


class DeductionRule(RubricModel):
    """Start from the maximum and deduct per shortfall, never below `floor`."""

    kind: Literal["deduction"] = "deduction"
    per_missing: float
    expected: int = 1
    floor: float = 0


class PenaltyRule(RubricModel):
    """Start from the maximum and deduct `points` for each incident found (发生事故扣2分).

    Unlike `deduction`, more evidence means less: the evidence is of something
    that went wrong, so such indicators are usually `match.manual`.
    """

    kind: Literal["penalty"] = "penalty"
    points: float
    floor: float = 0
    unit: str = "次"


class PartsRule(RubricModel):
    """The indicator is the sum of named parts, each with its own rule and match."""

    kind: Literal["parts"] = "parts"
    parts: list[Part]


Rule = Annotated[
    PresenceRule
    | PerItemRule
    | TieredRule
    | CountBandsRule
    | OutcomeRule
    | DiscretionaryRule
    | DeductionRule
    | PenaltyRule
    | PartsRule,
    Field(discriminator="kind"),
]


class Part(RubricModel):
    id: str
    label: str
    rule: Rule
    match: Match = Field(default_factory=Match)
    # The part's own maximum; by default what its rule can give. Needed for
    # rules that start from or range up to a maximum (deduction, discretionary).
    max: float | None = None


class Indicator(RubricModel):
    id: str
    label: str
    max: float
    rule: Rule
    match: Match = Field(default_factory=Match)
    # The rule as a reviewer reads it, in Chinese ("国际性10/全国或区域性6/全省性4 每次，合计不超过20分").
    rule_text: str = ""


class Group(RubricModel):
    name: str
    indicators: list[Indicator]


class Category(RubricModel):
    """A 一级指标, or a group of 加分项/扣分项.

    For `role: bonus` or `deduction`, `points` is the group's overall cap (加减均不超过
    10分) and `item_cap` the cap on each item (每项加分不超过3分); indicator scores
    are then amounts added to or deducted from the table's total.
    """

    id: str
    name: str
    points: float
    groups: list[Group]
    role: Literal["base", "bonus", "deduction"] = "base"
    item_cap: float | None = None


class Condition(RubricModel):
    """A rule about the grade that no indicator scores.

    Examples: 不按时提供佐证材料的为不合格等次 (`grade`); 出现扣分项的单位不能评为特等奖
    (`bar`); 重大安全责任事故…不予考核 (`exclude`). `trigger` says what sets it:
    a reviewer (the default), any deduction scored, or materials submitted after
    the rubric's deadline.
    """

    id: str
    label: str
    trigger: Literal["reviewer", "deductions", "late"] = "reviewer"
    grade: str | None = None
    bar: list[str] = Field(default_factory=list)
    exclude: bool = False


class Component(RubricModel):
    """One term of a weighted total (区县科协：工作考核×70% + 服务对象评价20 + 市科协评价10).

    `source: assessment` is the table itself (its categories add up to `points`,
    plus bonus, minus deductions); `source: entered` is a score people give,
    in [0, `points`], not something read from the materials.
    """

    id: str
    label: str
    source: Literal["assessment", "entered"]
    points: float
    weight: float = 1


class GradeBand(RubricModel):
    grade: str
    min: float


class Grading(RubricModel):
    """How a total becomes a grade.

    `threshold`: the first band whose `min` the total reaches. `rank`: grades by
    position in a batch (`shares` or `counts` per grade, in order); a single
    submission then falls back to the reference `bands`. `none`: the notice sets
    no grades. `note` is said with every grade (e.g. that the bands are not the
    notice's own).
    """

    method: Literal["threshold", "rank", "none"] = "threshold"
    bands: list[GradeBand] = Field(default_factory=list)
    shares: dict[str, float] = Field(default_factory=dict)
    counts: dict[str, int] = Field(default_factory=dict)
    veto_grade: str | None = "不合格"
    note: str = ""


# What a notice can ask a society to send. 工作计划 (the next year's plan) is told
# apart by its file name only; the others also by their content.
Material = Literal["工作总结", "自评表", "汇总表", "佐证材料", "工作计划"]


class Rubric(RubricModel):
    id: str
    title: str
    year: int
    body: str
    source: str = ""
    max_total: float
    deadline: date | None = None
    # The materials the notice requires, in its own words: batch pre-screening and
    # a society's own completeness check (`kaohe check`) list the ones missing.
    materials: list[Material] = Field(default_factory=list)
    # Jiangxi: work planned for December may be proven by contracts and notices.
    december_evidence: bool = False
    categories: list[Category]
    composition: list[Component] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)
    grading: Grading = Field(default_factory=Grading)
    # sha256 of the file the rubric was read from (set by the loader): a score
    # sheet names the exact rubric version it used.
    _sha256: str = PrivateAttr(default="")

    @property
    def content_sha256(self) -> str:
        return self._sha256

    def indicators(self) -> list[tuple[Category, Group, Indicator]]:
        """Every indicator, 加分项 and 扣分项 included, in table order."""
        return [(c, g, i) for c in self.categories for g in c.groups for i in g.indicators]

    def base_points(self) -> float:
        """What the table's own indicators add up to (before bonus and deductions)."""
        return sum(c.points for c in self.categories if c.role == "base")

    def indicator(self, indicator_id: str) -> Indicator:
        for _, _, ind in self.indicators():
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


PartsRule.model_rebuild()
Part.model_rebuild()


# ---- facts and results: what the engine takes and gives -------------------


class FactItem(BaseModel):
    """One confirmed item behind an indicator: usually an activity."""

    # Never negative: an item that stands for nothing is left out, not subtracted.
    count: int = Field(default=1, ge=0)
    level: str | None = None
    tag: str | None = None
    activity: str | None = None
    # The evidence for this item is weak (a keyword outside an event statement,
    # an activity of another year): the indicator's range reaches the score without it.
    doubtful: bool = False


class IndicatorFacts(BaseModel):
    items: list[FactItem] = Field(default_factory=list)
    # A reviewer's score for a discretionary rule, or an override of any rule.
    value: float | None = None
    # For outcome rules: "合格", "不合格", "未年检" …
    outcome: str | None = None
    # For deduction rules: how many of the expected items are missing.
    missing: int | None = None
    parts: dict[str, IndicatorFacts] = Field(default_factory=dict)
    # For discretionary rules: how far up its range the evidence reaches (0–1),
    # measured by `assess.evidence` from how many activities, their level and how specific.
    support: float | None = Field(default=None, ge=0, le=1)


IndicatorFacts.model_rebuild()


class Entered(BaseModel):
    """What people enter beside the confirmed facts: scores of `entered`
    components, conditions a reviewer found (有事法则), the submission date."""

    components: dict[str, float] = Field(default_factory=dict)
    conditions: list[str] = Field(default_factory=list)
    submitted: date | None = None


class IndicatorResult(BaseModel):
    indicator: str
    score: float
    score_range: tuple[float, float]
    max: float
    explanation: str
    vetoed: bool = False
    # base: counts toward the table's total; bonus/deduction: added/deducted.
    role: str = "base"
    # Entered by a reviewer and not entered yet: scored 0, its range all it may come to.
    pending: bool = False


class ComponentScore(BaseModel):
    id: str
    label: str
    score: float
    score_range: tuple[float, float]
    weight: float
    weighted: float
    entered: bool
    explanation: str


class ScoreSheet(BaseModel):
    rubric: str
    rubric_sha256: str
    results: list[IndicatorResult]
    # Per category; 扣分项 categories are negative, so with no composition the
    # total is their sum (never below 0).
    category_scores: dict[str, float]
    total: float
    total_range: tuple[float, float]
    grade: str | None
    vetoed: bool = False
    notes: list[str] = Field(default_factory=list)
    # With a weighted composition: each term; the total is the sum of `weighted`.
    components: list[ComponentScore] = Field(default_factory=list)
    # Conditions in effect (ids), and whether one excludes the unit (不予考核).
    conditions: list[str] = Field(default_factory=list)
    excluded: bool = False
    # Indicators and components waiting for a reviewer's entry (ids), what they can
    # still add to `total` (negative: deductions), and the total the grade is given on
    # until they are entered: the least the known part guarantees.
    pending: list[str] = Field(default_factory=list)
    pending_range: tuple[float, float] = (0.0, 0.0)
    guaranteed_total: float = 0.0
