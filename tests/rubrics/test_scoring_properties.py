"""Properties every score must have, for every bundled rubric, whatever the facts (and whatever a rule's figures)."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from rubrics.engine import max_possible, score, score_indicator
from core.vocabulary import LEVEL_LABELS
from rubrics.grading import grade_order
from rubrics.loader import list_rubrics
from rubrics.schema import (
    Band,
    CountBandsRule,
    DeductionRule,
    DiscretionaryRule,
    Entered,
    FactItem,
    Indicator,
    IndicatorFacts,
    OutcomeRule,
    Part,
    PartsRule,
    PenaltyRule,
    PerItemRule,
    PresenceRule,
    Tier,
    TieredRule,
)

RUBRICS = list_rubrics()
INDICATORS = [(rubric, category, ind) for rubric in RUBRICS for category, _, ind in rubric.indicators()]
LEVELS = [*LEVEL_LABELS, None]


def _rule_tags(rule) -> set[str]:
    if isinstance(rule, TieredRule):
        return {tag for tier in rule.tiers for tag in tier.tags}
    if isinstance(rule, PartsRule):
        return set().union(*(_rule_tags(p.rule) for p in rule.parts))
    return set()


TAGS = sorted({"adopted", "consulting", "other"} | set().union(*(_rule_tags(i.rule) for _, _, i in INDICATORS))) + [None]

fact_items = st.lists(
    st.builds(FactItem, count=st.integers(0, 30), level=st.sampled_from(LEVELS), tag=st.sampled_from(TAGS)),
    max_size=8,
)


def facts_for(indicator: Indicator, with_value: bool = True):
    rule = indicator.rule
    outcomes = list(rule.outcomes) if isinstance(rule, OutcomeRule) else []
    part_ids = [p.id for p in rule.parts] if isinstance(rule, PartsRule) else ["a", "b"]
    return st.builds(
        IndicatorFacts,
        items=fact_items,
        value=st.none() | st.floats(-50, 50, allow_nan=False) if with_value else st.none(),
        outcome=st.none() | st.sampled_from(outcomes) if outcomes else st.none(),
        missing=st.none() | st.integers(0, 10),
        parts=st.fixed_dictionaries({}, optional={p: st.builds(IndicatorFacts, items=fact_items) for p in part_ids}),
    )


points = st.floats(0.5, 12, allow_nan=False).map(lambda x: round(x, 2))


def _monotone(pairs: list[tuple[int, float]]) -> list[Band]:
    # A valid rubric's bands never give less for more (the loader refuses that).
    total, result = 0.0, []
    for minimum, step in sorted(pairs):
        total = round(total + step, 2)
        result.append(Band(min=minimum, points=total))
    return result


bands = st.lists(st.tuples(st.integers(0, 10), points), min_size=1, max_size=4, unique_by=lambda p: p[0]).map(_monotone)
tiers = st.lists(
    st.builds(
        Tier,
        points=points,
        levels=st.lists(st.sampled_from(list(LEVEL_LABELS)), max_size=3),
        tags=st.just(["adopted"]),
        cap=st.none() | points,
    ),
    min_size=1,
    max_size=4,
)

# Rules with arbitrary figures (caps below or above the max, floors, ranges):
# the engine's bounds must hold on their own, not only for validated rubrics.
simple_rules = st.one_of(
    st.builds(PresenceRule, points=points),
    st.builds(PerItemRule, points=points, cap=st.none() | points),
    st.builds(
        TieredRule,
        tiers=st.tuples(tiers, st.booleans()).map(lambda t: t[0] + [Tier(points=1, rest=True)] if t[1] else t[0]),
        cap=st.none() | points,
        once_per_tier=st.booleans(),
    ),
    st.builds(TieredRule, tiers=tiers, cap=st.none() | points, highest_only=st.just(True)),
    st.builds(CountBandsRule, bands=bands),
    st.builds(DiscretionaryRule, min=st.floats(0, 3).map(lambda x: round(x, 2)), max=st.none() | points),
    st.builds(DeductionRule, per_missing=points, expected=st.integers(1, 6), floor=st.floats(0, 2).map(lambda x: round(x, 2))),
    st.builds(PenaltyRule, points=points, floor=st.floats(0, 2).map(lambda x: round(x, 2))),
)
rules = st.one_of(
    simple_rules,
    st.builds(
        PartsRule,
        parts=st.tuples(simple_rules, simple_rules).map(
            lambda rs: [Part(id="a", label="甲", rule=rs[0], max=10), Part(id="b", label="乙", rule=rs[1], max=10)]
        ),
    ),
)
made_up = st.builds(Indicator, id=st.just("x.any"), label=st.just("任意指标"), max=points, rule=rules)
bundled = st.sampled_from([ind for _, _, ind in INDICATORS])


def lowers_with_evidence(rule) -> bool:
    """Penalty rules deduct per incident found: there, more evidence means less."""
    if isinstance(rule, PartsRule):
        return any(lowers_with_evidence(p.rule) for p in rule.parts)
    return isinstance(rule, PenaltyRule)


def with_more(facts: IndicatorFacts, extra: list[FactItem]) -> IndicatorFacts:
    return facts.model_copy(
        update={
            "items": facts.items + extra,
            "parts": {k: IndicatorFacts(items=v.items + extra) for k, v in facts.parts.items()},
        }
    )


@settings(max_examples=300)
@given(st.data())
def test_no_indicator_score_leaves_0_to_its_max(data):
    ind = data.draw(bundled | made_up)
    r = score_indicator(ind, data.draw(facts_for(ind)))
    assert 0 <= r.score_range[0] <= r.score <= r.score_range[1] <= ind.max
    assert r.explanation and "分" in r.explanation
    assert r.score == round(r.score, 2)


@settings(max_examples=300)
@given(st.data())
def test_more_evidence_never_lowers_an_indicator_score(data):
    ind = data.draw(bundled | made_up)
    if lowers_with_evidence(ind.rule):
        return
    facts = data.draw(facts_for(ind, with_value=False))
    more = with_more(facts, data.draw(fact_items))
    assert score_indicator(ind, more).score >= score_indicator(ind, facts).score


@given(
    st.builds(DeductionRule, per_missing=points, expected=st.integers(1, 6), floor=st.floats(0, 4).map(lambda x: round(x, 2))),
    st.floats(5, 10).map(lambda x: round(x, 2)),
    st.integers(0, 20),
    st.none() | st.integers(0, 20),
)
def test_deduction_floor_holds(rule, max_, found, missing):
    ind = Indicator(id="x.d", label="扣分指标", max=max_, rule=rule)
    r = score_indicator(ind, IndicatorFacts(items=[FactItem(count=found)], missing=missing))
    assert min(rule.floor, max_) <= r.score <= max_


@given(
    st.builds(PenaltyRule, points=points, floor=st.floats(0, 4).map(lambda x: round(x, 2))),
    st.floats(5, 10).map(lambda x: round(x, 2)),
    st.integers(0, 20),
)
def test_penalty_floor_holds_and_no_incident_keeps_full_marks(rule, max_, incidents):
    ind = Indicator(id="x.p", label="事故扣分", max=max_, rule=rule)
    r = score_indicator(ind, IndicatorFacts(items=[FactItem(count=incidents)]))
    assert min(rule.floor, max_) <= r.score <= max_
    if incidents == 0:
        assert r.score == max_


def entered_for(rubric):
    entered_ids = [c.id for c in rubric.composition if c.source == "entered"]
    reviewer = [c.id for c in rubric.conditions if c.trigger == "reviewer"]
    return st.builds(
        Entered,
        components=st.fixed_dictionaries({}, optional={i: st.floats(-5, 40, allow_nan=False) for i in entered_ids}),
        conditions=st.lists(st.sampled_from(reviewer), unique=True) if reviewer else st.just([]),
        submitted=st.none() | st.dates(date(2020, 6, 1), date(2023, 3, 1)),
    )


def sheet_facts(data, rubric, with_value=True):
    return {
        ind.id: data.draw(facts_for(ind, with_value))
        for _, _, ind in rubric.indicators()
        if data.draw(st.booleans())
    }


def exact(values) -> Decimal:
    return sum((Decimal(str(v)) for v in values), Decimal(0))


@settings(max_examples=60)
@given(st.data())
def test_totals_are_the_sum_of_their_parts_within_every_cap(data):
    rubric = data.draw(st.sampled_from(RUBRICS))
    sheet = score(rubric, sheet_facts(data, rubric), entered=data.draw(entered_for(rubric)))
    by_id = {r.indicator: r for r in sheet.results}
    for category in rubric.categories:
        results = [by_id[i.id] for g in category.groups for i in g.indicators]
        summed = exact(r.score for r in results)
        got = Decimal(str(sheet.category_scores[category.id]))
        if category.role == "base":
            assert got == summed
        else:
            # Bonus adds and deductions subtract, each within the group's cap and each item within its own.
            capped = min(summed, Decimal(str(category.points)))
            assert got == (capped if category.role == "bonus" else -capped)
            if category.item_cap is not None:
                assert all(r.score <= category.item_cap for r in results)
    table = max(exact(sheet.category_scores.values()), Decimal(0))
    if rubric.composition:
        assert Decimal(str(sheet.total)) == exact(c.weighted for c in sheet.components)
        assert [c.id for c in sheet.components] == [c.id for c in rubric.composition]
        work = next(c for c in sheet.components if not c.entered)
        assert Decimal(str(work.score)) == table
        # Entered scores are kept within their range, whatever was typed.
        assert all(0 <= c.score <= t.points for c, t in zip(sheet.components, rubric.composition) if c.entered)
    else:
        assert Decimal(str(sheet.total)) == table
    assert 0 <= sheet.total_range[0] <= sheet.total <= sheet.total_range[1] <= max_possible(rubric)
    assert sheet.vetoed == any(r.vetoed for r in sheet.results)
    assert sheet.rubric_sha256 == rubric.content_sha256 and len(sheet.rubric_sha256) == 64


@settings(max_examples=60)
@given(st.data())
def test_grades_are_the_rubrics_own_and_conditions_hold(data):
    rubric = data.draw(st.sampled_from(RUBRICS))
    entered = data.draw(entered_for(rubric))
    sheet = score(rubric, sheet_facts(data, rubric), entered=entered)
    conditions = {c.id: c for c in rubric.conditions}
    assert set(entered.conditions) <= set(sheet.conditions) <= set(conditions)
    if sheet.excluded:
        assert sheet.grade is None and any(conditions[c].exclude for c in sheet.conditions)
        return
    assert sheet.grade is None or sheet.grade in grade_order(rubric)
    if sheet.vetoed:
        assert sheet.grade == rubric.grading.veto_grade and any("一票否决" in n for n in sheet.notes)
        return
    barred = {g for c in sheet.conditions for g in conditions[c].bar}
    assert sheet.grade not in barred
    forced = [conditions[c].grade for c in sheet.conditions if conditions[c].grade]
    if forced:
        assert sheet.grade in forced
    deducted = any(sheet.category_scores[c.id] < 0 for c in rubric.categories if c.role == "deduction")
    on_deduction = {c.id for c in rubric.conditions if c.trigger == "deductions"}
    assert (on_deduction <= set(sheet.conditions)) if deducted else not (on_deduction & set(sheet.conditions))


@settings(max_examples=60)
@given(st.data())
def test_more_evidence_never_lowers_a_total(data):
    rubric = data.draw(st.sampled_from(RUBRICS))
    facts = sheet_facts(data, rubric, with_value=False)
    extra = data.draw(fact_items)
    more = dict(facts)
    for category, _, ind in rubric.indicators():
        if category.role != "deduction" and not lowers_with_evidence(ind.rule):
            more[ind.id] = with_more(facts.get(ind.id, IndicatorFacts()), extra)
    entered = data.draw(entered_for(rubric))
    assert score(rubric, more, entered=entered).total >= score(rubric, facts, entered=entered).total
