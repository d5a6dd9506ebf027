"""Score confirmed facts by a rubric: per indicator, per category, total, grade.

The facts (`IndicatorFacts`) are what the extractors proposed or a reviewer
confirmed; the engine only interprets the rubric's rule kinds, and says in
Chinese how each number came about, so a reviewer can redo the arithmetic.

Rules every result obeys: it lies in [0, indicator max]; a reviewer's
`facts.value` wins over the rule (clamped to [0, max]); scores carry 2
decimals and are summed as decimals, so a total equals the sum of the numbers
shown. `Rubric.deadline` and `december_evidence` are for the matching stage;
the engine does not use them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from rubrics.explain import NOTHING_FOUND, capped, earned, level_label, nothing_found, num
from rubrics.schema import (
    CountBandsRule,
    DeductionRule,
    DiscretionaryRule,
    FactItem,
    Indicator,
    IndicatorFacts,
    IndicatorResult,
    OutcomeRule,
    Part,
    PartsRule,
    PerItemRule,
    PresenceRule,
    Rubric,
    Rule,
    ScoreSheet,
    Tier,
    TieredRule,
)

NO_FACTS = IndicatorFacts()


@dataclass(frozen=True)
class _Scored:
    """A rule's verdict before it becomes an IndicatorResult."""

    score: float
    low: float
    high: float
    text: str
    vetoed: bool = False


def _fixed(score: float, text: str, vetoed: bool = False) -> _Scored:
    return _Scored(score, score, score, text, vetoed)


def _r(value: float) -> float:
    # `+ 0.0` turns -0.0 into 0.0 so that JSON never shows "-0.0".
    return round(value, 2) + 0.0


def _sum(values: Iterable[float]) -> float:
    """Exact sum of 2-decimal scores (floats would drift: 0.1 + 0.2)."""
    return _r(float(sum((Decimal(str(v)) for v in values), Decimal(0))))


def _count(items: list[FactItem]) -> int:
    return sum(item.count for item in items)


# ---- what a rule can give at most (also used by the loader's checks) -------


def rule_max(rule: Rule, limit: float = math.inf) -> float:
    """The most `rule` can give before capping at `limit` (the indicator's or part's max).

    Unbounded rules (per-item or tiered without a cap) give `math.inf`.
    """
    match rule:
        case PresenceRule():
            return rule.points
        case PerItemRule():
            return rule.cap if rule.cap is not None else math.inf
        case TieredRule():
            if rule.cap is not None:
                return rule.cap
            return _sum(t.points for t in rule.tiers) if rule.once_per_tier else math.inf
        case CountBandsRule():
            return max((b.points for b in rule.bands), default=0)
        case OutcomeRule():
            return max(rule.outcomes.values(), default=0)
        case DiscretionaryRule():
            return rule.max if rule.max is not None else limit
        case DeductionRule():
            return limit
        case PartsRule():
            return _sum(part_max(p) for p in rule.parts)
    raise TypeError(rule)


def part_max(part: Part) -> float:
    """A part's maximum: its own `max`, else what its rule can give."""
    return part.max if part.max is not None else rule_max(part.rule)


# ---- one rule kind each ----------------------------------------------------


def _presence(rule: PresenceRule, facts: IndicatorFacts) -> _Scored:
    n = _count(facts.items)
    if n < 1:
        return _fixed(0, earned(NOTHING_FOUND, 0))
    return _fixed(rule.points, earned(f"有相关材料（{n}项）", rule.points))


def _within_cap(raw: float, cap: float, text: str) -> _Scored:
    """`text` is the arithmetic ("… = 22"); say how it relates to the cap."""
    if raw > cap:
        return _fixed(cap, f"{text}，{capped(cap, raw)}")
    bound = f" ≤ {num(cap)}" if cap < math.inf else ""
    return _fixed(raw, f"{text}{bound}，得{num(raw)}分")


def _per_item(rule: PerItemRule, facts: IndicatorFacts, limit: float) -> _Scored:
    n = _count(facts.items)
    if n < 1:
        return _fixed(0, earned(NOTHING_FOUND, 0))
    raw = _r(n * rule.points)
    cap = min(rule.cap if rule.cap is not None else math.inf, limit)
    return _within_cap(raw, cap, f"{n}{rule.unit}×{num(rule.points)} = {num(raw)}")


def _tier_of(rule: TieredRule, item: FactItem) -> int | None:
    """Index of the first tier that names the item's level or tag."""
    for index, tier in enumerate(rule.tiers):
        if (item.level is not None and item.level in tier.levels) or (item.tag is not None and item.tag in tier.tags):
            return index
    return None


def _tier_label(tier: Tier) -> str:
    return tier.label or "或".join([level_label(v) for v in tier.levels] + tier.tags)


def _unscored_label(rule: TieredRule, item: FactItem) -> str:
    """What kept an item out of every tier: its tag for tag tiers, else its level."""
    if any(t.tags for t in rule.tiers) and not any(t.levels for t in rule.tiers):
        return item.tag or "未分类"
    return level_label(item.level)


def _tiered(rule: TieredRule, facts: IndicatorFacts, limit: float) -> _Scored:
    per_tier: dict[int, int] = {}
    unscored: dict[str, int] = {}
    for item in facts.items:
        if item.count < 1:
            continue
        index = _tier_of(rule, item)
        if index is None:
            label = _unscored_label(rule, item)
            unscored[label] = unscored.get(label, 0) + item.count
        else:
            per_tier[index] = per_tier.get(index, 0) + item.count
    if not per_tier and not unscored:
        return _fixed(0, earned(NOTHING_FOUND, 0))
    unit = rule.unit
    leftover = "、".join(f"{n}{unit}（{label}）" for label, n in unscored.items())
    if not per_tier:
        return _fixed(0, earned(f"{leftover}不在计分范围", 0))
    terms, points = [], []
    for index in sorted(per_tier):
        tier, n = rule.tiers[index], per_tier[index]
        if rule.once_per_tier:
            terms.append(f"{_tier_label(tier)}{n}{unit}计{num(tier.points)}")
            points.append(tier.points)
        else:
            terms.append(f"{_tier_label(tier)}{n}{unit}×{num(tier.points)}")
            points.append(_r(n * tier.points))
    raw = _sum(points)
    once = "每档只计一次：" if rule.once_per_tier else ""
    cap = min(rule.cap if rule.cap is not None else math.inf, limit)
    scored = _within_cap(raw, cap, f"{once}{' + '.join(terms)} = {num(raw)}")
    if unscored:
        scored = replace(scored, text=f"{scored.text}；另有{leftover}不在计分范围")
    return scored


def _count_bands(rule: CountBandsRule, facts: IndicatorFacts) -> _Scored:
    n = _count(facts.items)
    bands = sorted(rule.bands, key=lambda b: b.min, reverse=True)
    band = next((b for b in bands if b.min <= n), None)
    if band is None:
        if n < 1:
            return _fixed(0, earned(NOTHING_FOUND, 0))
        return _fixed(0, earned(f"{n}{rule.unit}，未达到最低档（{bands[-1].min}{rule.unit}）", 0))
    label = band.label or f"{band.min}{rule.unit}及以上"
    return _fixed(band.points, earned(f"{label}（{n}{rule.unit}）", band.points))


def _outcome(rule: OutcomeRule, facts: IndicatorFacts) -> _Scored:
    """The stated outcome; else `evidenced` when the work is shown; else `absent`.

    With no `absent` outcome, silence scores 0 without a veto: a summary that
    does not mention 年检 does not prove the society skipped it.
    """
    subject = rule.subject
    if facts.outcome is not None:
        if facts.outcome not in rule.outcomes:
            known = "、".join(rule.outcomes)
            raise ValueError(f"结果“{facts.outcome}”不在评分标准中（可选：{known}）")
        outcome, how = facts.outcome, ""
    elif _count(facts.items) >= 1:
        if rule.evidenced is None:
            return _fixed(0, earned(f"材料提及{subject}但未写明结果", 0) + "（需评审核实）")
        outcome, how = rule.evidenced, f"材料提及{subject}但未写明结果，按“{rule.evidenced}”计："
    elif rule.absent is not None:
        outcome, how = rule.absent, f"{nothing_found(subject)}，按“{rule.absent}”计："
    else:
        return _fixed(0, earned(nothing_found(subject), 0) + "（不据此否决，需评审核实）")
    points = rule.outcomes[outcome]
    vetoed = outcome in rule.veto
    return _fixed(points, how + earned(f"{subject}{outcome}", points) + ("，一票否决" if vetoed else ""), vetoed)


def _discretionary(rule: DiscretionaryRule, facts: IndicatorFacts, limit: float) -> _Scored:
    """Nothing found: 0, no range. Work evidenced: the reviewer may give [min, max];
    the suggestion is the top of the range, as a presence rule would give full
    points, and the range in `score_range` shows how far a reviewer may lower it.
    """
    n = _count(facts.items)
    if n < 1:
        return _fixed(0, earned(NOTHING_FOUND, 0))
    high = min(rule.max if rule.max is not None else limit, limit)
    low = min(rule.min, high)
    text = f"有相关材料（{n}项），酌情赋分{num(low)}–{num(high)}分，建议{num(high)}分（需评审确定）"
    return _Scored(high, low, high, text)


def _deduction(rule: DeductionRule, facts: IndicatorFacts, limit: float) -> _Scored:
    """From the maximum, `per_missing` off for each missing item, never below `floor`.

    `facts.missing` (a reviewer's count) wins over `expected` minus the items found.
    """
    if facts.missing is not None:
        missing, basis = max(facts.missing, 0), ""
    else:
        n = _count(facts.items)
        missing, basis = max(rule.expected - n, 0), f"应有{rule.expected}项，现有{n}项，"
    if missing == 0:
        return _fixed(limit, earned(f"{basis}无缺项", limit))
    off = _r(missing * rule.per_missing)
    raw = _r(limit - off)
    text = f"{basis}缺{missing}项，每项扣{num(rule.per_missing)}分：{num(limit)} − {num(off)} = {num(raw)}"
    if raw < rule.floor:
        return _fixed(rule.floor, f"{text}，不低于{num(rule.floor)}分，得{num(rule.floor)}分")
    return _fixed(raw, f"{text}，得{num(raw)}分")


def _parts(rule: PartsRule, facts: IndicatorFacts) -> _Scored:
    """Each part by its own rule, with its own facts (`facts.parts[part.id]`)."""
    scored = [(p, _score(p.rule, facts.parts.get(p.id, NO_FACTS), part_max(p))) for p in rule.parts]
    total = _sum(s.score for _, s in scored)
    text = "；".join(f"{p.label}：{s.text}" for p, s in scored) + f"；合计{num(total)}分"
    return _Scored(
        total,
        _sum(s.low for _, s in scored),
        _sum(s.high for _, s in scored),
        text,
        any(s.vetoed for _, s in scored),
    )


def _by_rule(rule: Rule, facts: IndicatorFacts, limit: float) -> _Scored:
    match rule:
        case PresenceRule():
            return _presence(rule, facts)
        case PerItemRule():
            return _per_item(rule, facts, limit)
        case TieredRule():
            return _tiered(rule, facts, limit)
        case CountBandsRule():
            return _count_bands(rule, facts)
        case OutcomeRule():
            return _outcome(rule, facts)
        case DiscretionaryRule():
            return _discretionary(rule, facts, limit)
        case DeductionRule():
            return _deduction(rule, facts, limit)
        case PartsRule():
            return _parts(rule, facts)
    raise TypeError(rule)


def _score(rule: Rule, facts: IndicatorFacts, limit: float) -> _Scored:
    """The rule's verdict kept within [0, limit], then a reviewer's value over it.

    A reviewer's value settles the score (its range collapses to it) but keeps a
    veto: a veto is lifted by confirming another outcome, not by a number.
    """
    s = _by_rule(rule, facts, limit)

    def clamp(x: float) -> float:
        return _r(min(max(x, 0.0), limit))

    text = s.text if s.score <= limit else f"{s.text}，{capped(limit, s.score)}"
    s = _Scored(clamp(s.score), clamp(s.low), clamp(s.high), text, s.vetoed)
    if facts.value is None:
        return s
    value = clamp(facts.value)
    return _fixed(value, f"评审认定 得{num(value)}分（按规则计算{num(s.score)}分）", s.vetoed)


# ---- public -----------------------------------------------------------------


def score_indicator(indicator: Indicator, facts: IndicatorFacts) -> IndicatorResult:
    """Score one indicator from its facts, with a Chinese explanation of the arithmetic."""
    s = _score(indicator.rule, facts, indicator.max)
    return IndicatorResult(
        indicator=indicator.id,
        score=s.score,
        score_range=(s.low, s.high),
        max=indicator.max,
        explanation=s.text,
        vetoed=s.vetoed,
    )


def score(rubric: Rubric, facts: dict[str, IndicatorFacts], *, sha256: str = "") -> ScoreSheet:
    """Score every indicator (an indicator without facts: nothing was found), total and grade.

    A veto (e.g. 年检不合格) sets the grade to `grading.veto_grade` whatever the
    total, and the notes say which indicator caused it.
    """
    indicators = rubric.indicators()
    known = {ind.id for _, _, ind in indicators}
    unknown = sorted(set(facts) - known)
    if unknown:
        raise ValueError(f"评分事实中有评分表“{rubric.id}”没有的指标：{'、'.join(unknown)}")
    results = [score_indicator(ind, facts.get(ind.id, NO_FACTS)) for _, _, ind in indicators]
    by_id = {r.indicator: r for r in results}
    category_scores = {
        c.id: _sum(by_id[i.id].score for g in c.groups for i in g.indicators) for c in rubric.categories
    }
    total = _sum(r.score for r in results)
    total_range = (_sum(r.score_range[0] for r in results), _sum(r.score_range[1] for r in results))
    vetoed = [(ind, by_id[ind.id]) for _, _, ind in indicators if by_id[ind.id].vetoed]
    grading = rubric.grading
    notes = [
        f"一票否决：“{ind.label}”——{result.explanation}；考核等次定为{grading.veto_grade}（总分{num(total)}分不改变等次）"
        for ind, result in vetoed
    ]
    if grading.method == "rank" and not vetoed and grading.bands:
        bands = "、".join(f"{b.grade}≥{num(b.min)}" for b in _descending(rubric))
        notes.append(f"本评分表按综合得分排序确定等次；单份材料的等次按参考分数线（{bands}）给出，以全批排名为准")
    return ScoreSheet(
        rubric=rubric.id,
        rubric_sha256=sha256,
        results=results,
        category_scores=category_scores,
        total=total,
        total_range=total_range,
        grade=grade_total(rubric, total, vetoed=bool(vetoed)),
        vetoed=bool(vetoed),
        notes=notes,
    )


def _descending(rubric: Rubric):
    return sorted(rubric.grading.bands, key=lambda b: b.min, reverse=True)


def grade_total(rubric: Rubric, total: float, vetoed: bool = False) -> str | None:
    """One submission's grade: the first band (highest first) whose min the total reaches.

    For rank grading this is the fallback: a single submission has no batch to
    be ranked in. None when no band applies (a rubric without bands).
    """
    if vetoed:
        return rubric.grading.veto_grade
    return next((b.grade for b in _descending(rubric) if total >= b.min), None)


def grade_batch(rubric: Rubric, totals: list[float], vetoed: list[bool]) -> list[str | None]:
    """Grades for a batch of submissions, in the order given.

    With `grading.shares` ({优秀: 0.2, 良好: 0.5, 合格: 0.3}) grades go by rank
    among the non-vetoed submissions: the top floor(share × n) get the first
    grade, and so on cumulatively ("不超过20%"); whatever is left gets the last
    grade named. Equal totals always get the same (better) grade, so ties may
    exceed a share. Without shares each total is graded by the bands. Vetoed
    submissions get `veto_grade`.
    """
    if len(totals) != len(vetoed):
        raise ValueError("totals 与 vetoed 的长度不一致")
    grading = rubric.grading
    if not grading.shares:
        return [grade_total(rubric, t, v) for t, v in zip(totals, vetoed)]
    ranked = sorted((i for i, v in enumerate(vetoed) if not v), key=lambda i: -totals[i])
    grades = list(grading.shares)
    bounds, cumulative = [], 0.0
    for g in grades:
        cumulative += grading.shares[g]
        bounds.append(math.floor(cumulative * len(ranked) + 1e-9))
    result: list[str | None] = [grading.veto_grade] * len(totals)
    previous: int | None = None
    for position, i in enumerate(ranked):
        if previous is not None and totals[i] == totals[previous]:
            result[i] = result[previous]
        else:
            result[i] = next((g for g, b in zip(grades, bounds) if position < b), grades[-1])
        previous = i
    return result
