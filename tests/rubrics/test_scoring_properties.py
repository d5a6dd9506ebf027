"""Properties every score must have, whatever the facts (and whatever the rule's figures)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from rubrics.engine import score, score_indicator
from rubrics.explain import LEVEL_LABELS
from rubrics.loader import load_rubric
from rubrics.schema import (
    Band,
    CountBandsRule,
    DeductionRule,
    DiscretionaryRule,
    FactItem,
    Indicator,
    IndicatorFacts,
    OutcomeRule,
    Part,
    PartsRule,
    PerItemRule,
    PresenceRule,
    Tier,
    TieredRule,
)

RUBRIC = load_rubric("jiangxi-2021-society")
INDICATORS = [ind for _, _, ind in RUBRIC.indicators()]
LEVELS = [*LEVEL_LABELS, None]
TAGS = ["adopted", "consulting", "other", None]
OUTCOMES = sorted({o for i in INDICATORS if isinstance(i.rule, OutcomeRule) for o in i.rule.outcomes})

fact_items = st.lists(
    st.builds(
        FactItem,
        count=st.integers(0, 30),
        level=st.sampled_from(LEVELS),
        tag=st.sampled_from(TAGS),
    ),
    max_size=8,
)


def facts_strategy(outcomes=(), with_value=True):
    return st.builds(
        IndicatorFacts,
        items=fact_items,
        value=st.none() | st.floats(-50, 50, allow_nan=False) if with_value else st.none(),
        outcome=st.none() | st.sampled_from(list(outcomes)) if outcomes else st.none(),
        missing=st.none() | st.integers(0, 10),
        parts=st.fixed_dictionaries(
            {},
            optional={p: st.builds(IndicatorFacts, items=fact_items) for p in ("team", "events", "science_day", "ganpo", "a", "b")},
        ),
    )


def facts_for(indicator: Indicator, with_value=True):
    outcomes = indicator.rule.outcomes if isinstance(indicator.rule, OutcomeRule) else ()
    return facts_strategy(outcomes, with_value)


points = st.floats(0.5, 12, allow_nan=False).map(lambda x: round(x, 2))



def _monotone(pairs: list[tuple[int, float]]) -> list[Band]:
    # A valid rubric's bands never give less for more (the loader refuses that).
    total, result = 0.0, []
    for minimum, step in sorted(pairs):
        total = round(total + step, 2)
        result.append(Band(min=minimum, points=total))
    return result


bands = st.lists(st.tuples(st.integers(0, 10), points), min_size=1, max_size=4, unique_by=lambda p: p[0]).map(_monotone)

# Rules with arbitrary figures (caps below or above the max, floors, ranges):
# the engine's bounds must hold on their own, not only for validated rubrics.
simple_rules = st.one_of(
    st.builds(PresenceRule, points=points),
    st.builds(PerItemRule, points=points, cap=st.none() | points),
    st.builds(
        TieredRule,
        tiers=st.lists(
            st.builds(Tier, points=points, levels=st.lists(st.sampled_from(list(LEVEL_LABELS)), max_size=3), tags=st.just(["adopted"])),
            min_size=1,
            max_size=4,
        ),
        cap=st.none() | points,
        once_per_tier=st.booleans(),
    ),
    st.builds(CountBandsRule, bands=bands),
    st.builds(DiscretionaryRule, min=st.floats(0, 3).map(lambda x: round(x, 2)), max=st.none() | points),
    st.builds(DeductionRule, per_missing=points, expected=st.integers(1, 6), floor=st.floats(0, 2).map(lambda x: round(x, 2))),
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
indicators = st.builds(Indicator, id=st.just("x.any"), label=st.just("任意指标"), max=points, rule=rules)


def is_deduction(rule) -> bool:
    if isinstance(rule, PartsRule):
        return any(is_deduction(p.rule) for p in rule.parts)
    return isinstance(rule, DeductionRule)


@settings(max_examples=300)
@given(st.data())
def test_every_result_lies_between_0_and_its_max(data):
    ind = data.draw(st.sampled_from(INDICATORS) | indicators)
    r = score_indicator(ind, data.draw(facts_for(ind)))
    assert 0 <= r.score_range[0] <= r.score <= r.score_range[1] <= ind.max
    assert r.explanation and "分" in r.explanation
    assert r.score == round(r.score, 2)


@settings(max_examples=300)
@given(st.data())
def test_more_evidence_never_lowers_a_score(data):
    ind = data.draw(st.sampled_from(INDICATORS) | indicators)
    if is_deduction(ind.rule):
        return
    facts = data.draw(facts_for(ind, with_value=False))
    extra = data.draw(fact_items)
    more = facts.model_copy(
        update={
            "items": facts.items + extra,
            "parts": {k: IndicatorFacts(items=v.items + extra) for k, v in facts.parts.items()},
        }
    )
    assert score_indicator(ind, more).score >= score_indicator(ind, facts).score


@given(
    st.builds(DeductionRule, per_missing=points, expected=st.integers(1, 6), floor=st.floats(0, 4).map(lambda x: round(x, 2))),
    st.floats(5, 10).map(lambda x: round(x, 2)),
    st.integers(0, 20),
    st.none() | st.integers(0, 20),
)
def test_deduction_floor_holds(rule, max_, found, missing):
    ind = Indicator(id="x.d", label="扣分指标", max=max_, rule=rule)
    facts = IndicatorFacts(items=[FactItem(count=found)], missing=missing)
    r = score_indicator(ind, facts)
    assert min(rule.floor, max_) <= r.score <= max_


@settings(max_examples=100)
@given(st.data())
def test_sheet_total_is_the_sum_of_its_results(data):
    facts = {
        ind.id: data.draw(facts_for(ind))
        for ind in INDICATORS
        if data.draw(st.booleans())
    }
    sheet = score(RUBRIC, facts)
    assert Decimal(str(sheet.total)) == sum(Decimal(str(r.score)) for r in sheet.results)
    assert Decimal(str(sheet.total)) == sum(Decimal(str(v)) for v in sheet.category_scores.values())
    assert 0 <= sheet.total_range[0] <= sheet.total <= sheet.total_range[1] <= RUBRIC.max_total
    assert sheet.grade in {"优秀", "良好", "合格", "不合格"}
    assert sheet.vetoed == any(r.vetoed for r in sheet.results)
    if sheet.vetoed:
        assert sheet.grade == "不合格" and any("一票否决" in n for n in sheet.notes)
