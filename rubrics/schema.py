"""The rubric schema: an assessment table as data.

A rubric file (YAML, one per province/year/table) describes categories
(一级指标), groups (二级指标) and indicators (三级指标). Each indicator has a
maximum, a scoring `rule` and `match` rules that tell the extractors which
activities are evidence for it. The engine (`rubrics.engine`) interprets a
small set of rule kinds; adding a province is a new data file, not new code.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field


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


class Tier(RubricModel):
    points: float
    levels: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
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

    With `once_per_tier`, each tier scores at most once (被采纳4分，其他2分).
    """

    kind: Literal["tiered"] = "tiered"
    tiers: list[Tier]
    cap: float | None = None
    once_per_tier: bool = False
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

    The engine suggests the top of [min, max] when the work is evidenced (the
    range shows how far a reviewer may lower it) and 0 when nothing is found.
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


class PartsRule(RubricModel):
    """The indicator is the sum of named parts, each with its own rule and match."""

    kind: Literal["parts"] = "parts"
    parts: list["Part"]


Rule = Annotated[
    Union[
        PresenceRule,
        PerItemRule,
        TieredRule,
        CountBandsRule,
        OutcomeRule,
        DiscretionaryRule,
        DeductionRule,
        PartsRule,
    ],
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
    id: str
    name: str
    points: float
    groups: list[Group]


class GradeBand(RubricModel):
    grade: str
    min: float


class Grading(RubricModel):
    """How a total becomes a grade.

    `threshold`: the first band whose `min` the total reaches. `rank`: grades by
    position in a batch (`shares` per grade, in order); a single submission then
    falls back to the reference `bands`.
    """

    method: Literal["threshold", "rank"] = "threshold"
    bands: list[GradeBand] = Field(default_factory=list)
    shares: dict[str, float] = Field(default_factory=dict)
    veto_grade: str = "不合格"


class Rubric(RubricModel):
    id: str
    title: str
    year: int
    body: str
    source: str = ""
    max_total: float
    deadline: date | None = None
    # Jiangxi: work planned for December may be proven by contracts and notices.
    december_evidence: bool = False
    categories: list[Category]
    grading: Grading = Field(default_factory=Grading)

    def indicators(self) -> list[tuple[Category, Group, Indicator]]:
        return [(c, g, i) for c in self.categories for g in c.groups for i in g.indicators]

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


class IndicatorFacts(BaseModel):
    items: list[FactItem] = Field(default_factory=list)
    # A reviewer's score for a discretionary rule, or an override of any rule.
    value: float | None = None
    # For outcome rules: "合格", "不合格", "未年检" …
    outcome: str | None = None
    # For deduction rules: how many of the expected items are missing.
    missing: int | None = None
    parts: dict[str, "IndicatorFacts"] = Field(default_factory=dict)


IndicatorFacts.model_rebuild()


class IndicatorResult(BaseModel):
    indicator: str
    score: float
    score_range: tuple[float, float]
    max: float
    explanation: str
    vetoed: bool = False


class ScoreSheet(BaseModel):
    rubric: str
    rubric_sha256: str
    results: list[IndicatorResult]
    category_scores: dict[str, float]
    total: float
    total_range: tuple[float, float]
    grade: str | None
    vetoed: bool = False
    notes: list[str] = Field(default_factory=list)
