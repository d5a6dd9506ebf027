"""Score confirmed facts by a rubric: per indicator, per category, total, grade.

The facts (`IndicatorFacts`) are what the extractors proposed or a reviewer
confirmed; the engine only interprets the rubric's rule kinds, and says in
Chinese how each number came about, so a reviewer can redo the arithmetic.

Rules every result obeys: it lies in [0, indicator max]; a reviewer's
`facts.value` wins over the rule (clamped to [0, max]); scores carry 2
decimals and are summed as decimals, so a total equals the sum of the numbers
shown. 加分项/扣分项 categories add or deduct within their caps, a weighted
composition combines the table with scores people enter, and conditions
(有事法则, 出现扣分项不能评为特等) act on the grade (`rubrics.grading`).
`Rubric.deadline` and `december_evidence` are for the matching stage; the
engine uses the deadline only for a `late` condition.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from rubrics.explain import NOTHING_FOUND, capped, earned, level_label, nothing_found, num, tag_label
from rubrics.grading import settle_grade
from rubrics.schema import (
    Category,
    ComponentScore,
    Condition,
    CountBandsRule,
    DeductionRule,
    DiscretionaryRule,
    Entered,
    FactItem,
    Indicator,
    IndicatorFacts,
    IndicatorResult,
    OutcomeRule,
    Part,
    PartsRule,
    PenaltyRule,
    PerItemRule,
    PresenceRule,
    Rubric,
    Rule,
    ScoreSheet,
    Tier,
    TieredRule,
)

NO_FACTS = IndicatorFacts()
ROLE_WORDS = {"bonus": "加分", "deduction": "扣分"}


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


def _times(value: float, weight: float) -> float:
    """value × weight to 2 decimals, rounded half up as people do (0.7 × 83.45 = 58.42)."""
    exact = Decimal(str(value)) * Decimal(str(weight))
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) + 0.0


def _count(items: list[FactItem]) -> int:
    return sum(item.count for item in items)


# ---- what a rule can give at most (also used by the loader's checks) -------


def _tier_max(tier: Tier, cap_each: bool) -> float:
    """A tier's most: its cap, or its points when it scores once."""
    if cap_each:
        return tier.points if tier.cap is None else min(tier.points, tier.cap)
    return tier.cap if tier.cap is not None else math.inf


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
            once = rule.once_per_tier or rule.highest_only
            per_tier = [_tier_max(t, once) for t in rule.tiers]
            best = max(per_tier, default=0) if rule.highest_only else _sum(per_tier) if all(map(math.isfinite, per_tier)) else math.inf
            return min(best, rule.cap) if rule.cap is not None else best
        case CountBandsRule():
            return max((b.points for b in rule.bands), default=0)
        case OutcomeRule():
            return max(rule.outcomes.values(), default=0)
        case DiscretionaryRule():
            return rule.max if rule.max is not None else limit
        case DeductionRule() | PenaltyRule():
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
    """Index of the first tier that names the item's level or tag, or takes the rest."""
    for index, tier in enumerate(rule.tiers):
        if tier.rest:
            return index
        if (item.level is not None and item.level in tier.levels) or (item.tag is not None and item.tag in tier.tags):
            return index
    return None


def _tier_label(tier: Tier) -> str:
    return tier.label or "或".join([level_label(v) for v in tier.levels] + tier.tags) or "其他"


def _unscored_label(rule: TieredRule, item: FactItem) -> str:
    """What kept an item out of every tier: its tag for tag tiers, else its level."""
    if any(t.tags for t in rule.tiers) and not any(t.levels for t in rule.tiers):
        return tag_label(item.tag)
    return level_label(item.level)


def _tier_points(rule: TieredRule, tier: Tier, n: int) -> tuple[float, str]:
    """One tier's points for its n items, and the term that shows them."""
    label, unit = _tier_label(tier), rule.unit
    if rule.once_per_tier or rule.highest_only:
        points, term = tier.points, f"{label}{n}{unit}计{num(tier.points)}"
    else:
        points, term = _r(n * tier.points), f"{label}{n}{unit}×{num(tier.points)}"
    if tier.cap is not None and points > tier.cap:
        return tier.cap, f"{term}（{num(points)}，本档封顶{num(tier.cap)}）"
    return points, term


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
    scored = {index: _tier_points(rule, rule.tiers[index], n) for index, n in sorted(per_tier.items())}
    cap = min(rule.cap if rule.cap is not None else math.inf, limit)
    if rule.highest_only:
        # The first of the best tiers reached: tiers are written best first.
        best = max(scored, key=lambda i: (scored[i][0], -i))
        raw, term = scored[best]
        if len(scored) > 1:
            reached = "、".join(f"{_tier_label(rule.tiers[i])}{per_tier[i]}{unit}" for i in scored)
            term = f"{reached}，取最高一档：{term}"
        result = _within_cap(raw, cap, term)
    else:
        raw = _sum(points for points, _ in scored.values())
        once = "每档只计一次：" if rule.once_per_tier else ""
        result = _within_cap(raw, cap, f"{once}{' + '.join(t for _, t in scored.values())} = {num(raw)}")
    if unscored:
        result = replace(result, text=f"{result.text}；另有{leftover}不在计分范围")
    return result


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
    the suggestion sits as far up the range as the evidence's `support` reaches
    (the middle when unmeasured), in half points, never the top by default:
    a range a reviewer decides is no full marks for the mere mention of the work.
    """
    n = _count(facts.items)
    if n < 1:
        return _fixed(0, earned(NOTHING_FOUND, 0))
    high = min(rule.max if rule.max is not None else limit, limit)
    low = min(rule.min, high)
    support = 0.5 if facts.support is None else facts.support
    halves = (Decimal(str(low + support * (high - low))) * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    # In half points, but never outside a range whose bounds are not halves.
    point = _r(min(max(float(halves / 2), low), high))
    how = "按材料的充分程度" if facts.support is not None else "材料充分程度未评估，取中间值"
    text = f"有相关材料（{n}项），酌情赋分{num(low)}–{num(high)}分，{how}建议{num(point)}分（需评审确定）"
    return _Scored(point, low, high, text)


def _floored(limit: float, off: float, floor: float, text: str) -> _Scored:
    """`limit` − `off`, never below `floor`; `text` says what was deducted."""
    raw = _r(limit - off)
    text = f"{text}：{num(limit)} − {num(off)} = {num(raw)}"
    if raw < floor:
        return _fixed(floor, f"{text}，不低于{num(floor)}分，得{num(floor)}分")
    return _fixed(raw, f"{text}，得{num(raw)}分")


def _deduction(rule: DeductionRule, facts: IndicatorFacts, limit: float) -> _Scored:
    """From the maximum, `per_missing` off for each missing item, never below `floor`.

    `facts.missing` (a reviewer's count) wins over `expected` minus the items found.
    """
    per = num(rule.per_missing)
    if facts.missing is not None:
        missing = max(facts.missing, 0)
        found, short = "无缺项", f"缺{missing}项，每项扣{per}分"
    elif rule.expected == 1:
        # One expected thing (未开展扣2分): found or not, no count to show.
        missing = 0 if _count(facts.items) else 1
        found, short = f"有相关材料（{_count(facts.items)}项），不扣分", f"{NOTHING_FOUND}，扣{per}分"
    else:
        n = _count(facts.items)
        missing = max(rule.expected - n, 0)
        basis = f"应有{rule.expected}项，现有{n}项，"
        found, short = f"{basis}无缺项", f"{basis}缺{missing}项，每项扣{per}分"
    if missing == 0:
        return _fixed(limit, earned(found, limit))
    return _floored(limit, _r(missing * rule.per_missing), rule.floor, short)


def _penalty(rule: PenaltyRule, facts: IndicatorFacts, limit: float) -> _Scored:
    """From the maximum, `points` off for each incident, never below `floor`."""
    n = _count(facts.items)
    if n < 1:
        return _fixed(limit, earned("未发现应扣分的情形", limit))
    return _floored(limit, _r(n * rule.points), rule.floor, f"发生{n}{rule.unit}，每{rule.unit}扣{num(rule.points)}分")


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
        case PenaltyRule():
            return _penalty(rule, facts, limit)
        case PartsRule():
            return _parts(rule, facts)
    raise TypeError(rule)


def _score(rule: Rule, facts: IndicatorFacts, limit: float) -> _Scored:
    """The rule's verdict kept within [0, limit], then a reviewer's value over it.

    Doubtful items widen the range to what the rule gives without them. A
    reviewer's value settles the score (its range collapses to it) but keeps a
    veto: a veto is lifted by confirming another outcome, not by a number.
    """
    s = _by_rule(rule, facts, limit)
    if any(item.doubtful for item in facts.items):
        sure = _by_rule(rule, facts.model_copy(update={"items": [i for i in facts.items if not i.doubtful]}), limit)
        s = replace(s, low=min(s.low, sure.low), high=max(s.high, sure.high))

    def clamp(x: float) -> float:
        return _r(min(max(x, 0.0), limit))

    text = s.text if s.score <= limit else f"{s.text}，{capped(limit, s.score)}"
    s = _Scored(clamp(s.score), clamp(s.low), clamp(s.high), text, s.vetoed)
    if facts.value is None:
        return s
    value = clamp(facts.value)
    return _fixed(value, f"评审认定 得{num(value)}分（按规则计算{num(s.score)}分）", s.vetoed)


# ---- one indicator ---------------------------------------------------------


def score_indicator(indicator: Indicator, facts: IndicatorFacts) -> IndicatorResult:
    """Score one indicator from its facts, with a Chinese explanation of the arithmetic."""
    if indicator.match.manual and facts == NO_FACTS:
        # Pending, not full: 0 until entered, ranging over all the rule may give.
        most = _r(min(rule_max(indicator.rule, indicator.max), indicator.max))
        return IndicatorResult(
            indicator=indicator.id, score=0.0, score_range=(0.0, most), max=indicator.max, pending=True,
            explanation=f"由评审录入（材料中一般不载明），待录入（0–{num(most)}分），暂计0分",
        )
    s = _score(indicator.rule, facts, indicator.max)
    return IndicatorResult(
        indicator=indicator.id,
        score=s.score,
        score_range=(s.low, s.high),
        max=indicator.max,
        explanation=s.text,
        vetoed=s.vetoed,
    )


def _in_role(result: IndicatorResult, category: Category) -> IndicatorResult:
    """A 加分项/扣分项 result says which it is: its score is added or deducted."""
    if category.role == "base":
        return result
    return result.model_copy(update={"role": category.role, "explanation": f"{ROLE_WORDS[category.role]}项：{result.explanation}"})


# ---- the sheet -------------------------------------------------------------


@dataclass(frozen=True)
class _Subtotal:
    """A category's signed contribution to the table's total, with its range."""

    score: float
    low: float
    high: float
    note: str = ""


def _subtotal(category: Category, results: list[IndicatorResult]) -> _Subtotal:
    """Base: the sum. Bonus/deduction: the sum within the group's cap, signed."""
    raw, low, high = (_sum(r.score for r in results), _sum(r.score_range[0] for r in results), _sum(r.score_range[1] for r in results))
    if category.role == "base":
        return _Subtotal(raw, low, high)
    cap = category.points
    word = ROLE_WORDS[category.role]
    note = f"{category.name}：{word}合计{num(raw)}分，超过上限{num(cap)}分，按{num(cap)}分计" if raw > cap else ""
    score, low, high = min(raw, cap), min(low, cap), min(high, cap)
    if category.role == "deduction":
        return _Subtotal(_r(-score), _r(-high), _r(-low), note)
    return _Subtotal(score, low, high, note)


def _assessment(subtotals: list[_Subtotal]) -> tuple[float, float, float, list[str]]:
    """The table's total (base + bonus − deductions), never below 0, with its range."""
    raw = _sum(s.score for s in subtotals)
    low = max(_sum(s.low for s in subtotals), 0.0)
    high = max(_sum(s.high for s in subtotals), 0.0)
    notes = [s.note for s in subtotals if s.note]
    if raw < 0:
        notes.append(f"扣分后合计{num(raw)}分，不低于0分，按0分计")
    return max(raw, 0.0), low, high, notes


def _components(rubric: Rubric, assessment: tuple[float, float, float], entered: Entered) -> list[ComponentScore]:
    """Each term of the weighted total; an entered score not yet given counts 0, ranging to its maximum."""
    unknown = sorted(set(entered.components) - {c.id for c in rubric.composition if c.source == "entered"})
    if unknown:
        raise ValueError(f"评分表“{rubric.id}”没有可录入的分项：{'、'.join(unknown)}")
    result = []
    for c in rubric.composition:
        weight = f" × {num(c.weight * 100)}%" if c.weight != 1 else ""
        if c.source == "assessment":
            value, low, high = assessment
            text = f"{num(value)}分（满分{num(c.points)}分，含加、扣分）{weight}"
        elif c.id in entered.components:
            value = _r(min(max(entered.components[c.id], 0.0), c.points))
            low = high = value
            text = f"录入{num(value)}分（满分{num(c.points)}分）{weight}"
        else:
            value, low, high = 0.0, 0.0, c.points
            text = f"待录入（0–{num(c.points)}分），暂计0分{weight}"
        weighted = _times(value, c.weight)
        result.append(
            ComponentScore(
                id=c.id,
                label=c.label,
                score=value,
                score_range=(low, high),
                weight=c.weight,
                weighted=weighted,
                entered=c.source == "entered",
                explanation=f"{text} = {num(weighted)}分" if weight else text,
            )
        )
    return result


def _conditions(rubric: Rubric, entered: Entered, deducted: bool) -> list[str]:
    """Ids of the conditions in effect."""
    reviewer = {c.id for c in rubric.conditions if c.trigger == "reviewer"}
    unknown = sorted(set(entered.conditions) - reviewer)
    if unknown:
        raise ValueError(f"评分表“{rubric.id}”没有可由评审认定的情形：{'、'.join(unknown)}")
    late = entered.submitted is not None and rubric.deadline is not None and entered.submitted > rubric.deadline

    def fired(condition: Condition) -> bool:
        if condition.trigger == "reviewer":
            return condition.id in entered.conditions
        return deducted if condition.trigger == "deductions" else late

    return [c.id for c in rubric.conditions if fired(c)]


def score(
    rubric: Rubric, facts: dict[str, IndicatorFacts], *, sha256: str = "", entered: Entered | None = None
) -> ScoreSheet:
    """Score every indicator (an indicator without facts: nothing was found), total and grade.

    Bonus and deduction groups are applied within their caps; with a weighted
    composition the total is the sum of the weighted terms, entered scores
    included. A veto (e.g. 年检不合格) sets the grade to `grading.veto_grade`
    whatever the total; conditions then force, bar or withhold a grade. The
    notes say why. `sha256` defaults to the hash the loader recorded.
    """
    entered = entered or Entered()
    indicators = rubric.indicators()
    known = {ind.id for _, _, ind in indicators}
    unknown = sorted(set(facts) - known)
    if unknown:
        raise ValueError(f"评分事实中有评分表“{rubric.id}”没有的指标：{'、'.join(unknown)}")
    results = [_in_role(score_indicator(ind, facts.get(ind.id, NO_FACTS)), c) for c, _, ind in indicators]
    by_id = {r.indicator: r for r in results}
    subtotals, (value, low, high, notes) = _table(rubric, by_id)
    components = _components(rubric, (value, low, high), entered) if rubric.composition else []
    if components:
        total = _composed(components, value, best=False)
        total_range = (
            _sum(_times(c.score_range[0], c.weight) for c in components),
            _sum(_times(c.score_range[1], c.weight) for c in components),
        )
        notes += [f"{c.label}：{c.explanation}" for c in components]
    else:
        total, total_range = value, (low, high)
    waiting = [(r.indicator, rubric.indicator(r.indicator).label) for r in results if r.pending]
    waiting += [(c.id, c.label) for c in components if c.entered and c.id not in entered.components]
    worst, best = (_with_pending(rubric, by_id, components, worst=w) for w in (True, False))
    deducted = any(subtotals[c.id].score < 0 for c in rubric.categories if c.role == "deduction")
    in_effect = _conditions(rubric, entered, deducted)
    vetoed = [(ind, by_id[ind.id]) for _, _, ind in indicators if by_id[ind.id].vetoed]
    # Until the pending items are entered, no grade better than the least they can leave.
    grade, excluded, grade_notes = settle_grade(rubric, worst, in_effect, vetoed=bool(vetoed))
    if waiting:
        labels = "、".join(f"“{label.rstrip('。')}”" for _, label in waiting)
        notes.append(f"待评审录入：{labels}；录入前总分为材料支持的{num(total)}分，待录入项可使其变化"
                     f"{num(_r(worst - total))}至+{num(_r(best - total))}分，等次按已知部分可保证的{num(worst)}分给出")
    notes += [
        f"一票否决：“{ind.label}”——{result.explanation}；考核等次定为{rubric.grading.veto_grade}（总分{num(total)}分不改变等次）"
        for ind, result in vetoed
        if not excluded
    ]
    return ScoreSheet(
        rubric=rubric.id,
        rubric_sha256=sha256 or rubric.content_sha256,
        results=results,
        category_scores={cid: s.score for cid, s in subtotals.items()},
        total=total,
        total_range=total_range,
        grade=grade,
        vetoed=bool(vetoed),
        notes=notes + grade_notes,
        components=components,
        conditions=in_effect,
        excluded=excluded,
        pending=[i for i, _ in waiting],
        pending_range=(_r(worst - total), _r(best - total)),
        guaranteed_total=worst,
    )


def _table(rubric: Rubric, by_id: dict[str, IndicatorResult]) -> tuple[dict[str, _Subtotal], tuple[float, float, float, list[str]]]:
    """Each category's subtotal and the table's total (with its range and notes)."""
    subtotals = {
        c.id: _subtotal(c, [by_id[i.id] for g in c.groups for i in g.indicators]) for c in rubric.categories
    }
    return subtotals, _assessment(list(subtotals.values()))


def _composed(components: list[ComponentScore], assessment: float, best: bool) -> float:
    """The weighted total with the table at `assessment`; entered scores as given, or at their most (`best`)."""
    return _sum(_times(c.score_range[1] if best and c.entered else c.score if c.entered else assessment, c.weight)
                for c in components)


def _with_pending(rubric: Rubric, by_id: dict[str, IndicatorResult], components: list[ComponentScore], worst: bool) -> float:
    """The total once every pending item is entered at its least (`worst`) or most favourable value."""
    settled = dict(by_id)
    for category, _, ind in rubric.indicators():
        result = by_id[ind.id]
        if result.pending:
            low, high = result.score_range
            lowers = category.role == "deduction"
            settled[ind.id] = result.model_copy(update={"score": high if lowers == worst else low})
    value = _table(rubric, settled)[1][0]
    return _composed(components, value, best=not worst) if components else value


def max_possible(rubric: Rubric) -> float:
    """The highest total the rubric allows: full marks, full bonus, every entered score at its maximum."""
    bonus = [min(c.points, sum(i.max for g in c.groups for i in g.indicators)) for c in rubric.categories if c.role == "bonus"]
    table = rubric.base_points() + sum(bonus)
    if not rubric.composition:
        return _r(table)
    return _sum(_times(table if c.source == "assessment" else c.points, c.weight) for c in rubric.composition)
