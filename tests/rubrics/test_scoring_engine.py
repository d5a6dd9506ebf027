"""Rule kinds the Jiangxi table does not use, reviewer overrides, exact sums and batch grading."""

import pytest

from rubrics.engine import score, score_indicator
from rubrics.grading import grade_batch, grade_total
from rubrics.schema import (
    Category,
    DeductionRule,
    DiscretionaryRule,
    FactItem,
    GradeBand,
    Grading,
    Group,
    Indicator,
    IndicatorFacts,
    OutcomeRule,
    PerItemRule,
    PresenceRule,
    Rubric,
)


def items(n: int) -> IndicatorFacts:
    return IndicatorFacts(items=[FactItem() for _ in range(n)])


def indicator(rule, max_: float, id_: str = "x.one") -> Indicator:
    return Indicator(id=id_, label="测试指标", max=max_, rule=rule)


# 结合实际工作开展情况赋分 (e.g. several provinces' 特色工作 items)
DISCRETIONARY = indicator(DiscretionaryRule(min=1, max=4), 5)


def test_discretionary_without_material_scores_nothing():
    r = score_indicator(DISCRETIONARY, IndicatorFacts())
    assert (r.score, r.score_range) == (0, (0, 0))


def test_discretionary_with_material_suggests_the_middle_of_its_range_not_the_top():
    r = score_indicator(DISCRETIONARY, items(2))
    assert (r.score, r.score_range) == (2.5, (1, 4))
    assert "酌情赋分1–4分" in r.explanation


def test_discretionary_suggestion_follows_the_support_of_the_evidence_in_half_points():
    weak = score_indicator(DISCRETIONARY, IndicatorFacts(items=[FactItem()], support=0.3))
    strong = score_indicator(DISCRETIONARY, IndicatorFacts(items=[FactItem()], support=0.9))
    assert (weak.score, strong.score) == (2, 3.5)
    assert weak.score_range == strong.score_range == (1, 4)


def test_doubtful_items_widen_the_range_to_the_score_without_them():
    r = score_indicator(indicator(PerItemRule(points=2, cap=10), 10),
                        IndicatorFacts(items=[FactItem(count=2), FactItem(doubtful=True)]))
    assert (r.score, r.score_range) == (6, (4, 6))


def test_discretionary_reviewer_value_settles_it():
    r = score_indicator(DISCRETIONARY, IndicatorFacts(items=[FactItem()], value=2.5))
    assert (r.score, r.score_range) == (2.5, (2.5, 2.5))


def test_discretionary_without_max_ranges_to_the_indicator_max():
    r = score_indicator(indicator(DiscretionaryRule(), 3), items(1))
    assert r.score_range == (0, 3)


# 缺一项扣1分 (e.g. 换届、年报、审计 三项每缺一项扣2分，最低1分)
DEDUCTION = indicator(DeductionRule(per_missing=2, expected=3, floor=1), 5)


def test_deduction_counts_what_is_missing():
    assert score_indicator(DEDUCTION, items(3)).score == 5
    two = score_indicator(DEDUCTION, items(2))
    assert two.score == 3 and "缺1项" in two.explanation


def test_deduction_never_goes_below_its_floor():
    r = score_indicator(DEDUCTION, IndicatorFacts())
    assert r.score == 1 and "不低于1分" in r.explanation


def test_deduction_takes_the_reviewers_count_of_missing_items():
    assert score_indicator(DEDUCTION, IndicatorFacts(missing=1)).score == 3


def test_per_item_with_cap():
    rule = indicator(PerItemRule(points=1.5, cap=6, unit="篇"), 6)
    assert score_indicator(rule, items(3)).score == 4.5
    capped = score_indicator(rule, items(5))
    assert capped.score == 6 and "5篇×1.5 = 7.5" in capped.explanation and "封顶6分" in capped.explanation


def test_reviewer_value_wins_and_is_clamped_to_the_max():
    rule = indicator(PresenceRule(points=2), 2)
    assert score_indicator(rule, IndicatorFacts(value=1)).score == 1
    assert score_indicator(rule, IndicatorFacts(value=9)).score == 2
    assert score_indicator(rule, IndicatorFacts(value=-3)).score == 0
    assert "评审认定" in score_indicator(rule, IndicatorFacts(value=1)).explanation


def test_reviewer_value_does_not_lift_a_veto():
    rule = indicator(OutcomeRule(outcomes={"合格": 5, "不合格": 0}, veto=["不合格"], subject="年检"), 5)
    r = score_indicator(rule, IndicatorFacts(outcome="不合格", value=5))
    assert r.score == 5 and r.vetoed


def test_an_outcome_the_rubric_does_not_know_is_refused():
    rule = indicator(OutcomeRule(outcomes={"合格": 5, "不合格": 0}, subject="年检"), 5)
    with pytest.raises(ValueError, match="可选：合格、不合格"):
        score_indicator(rule, IndicatorFacts(outcome="优秀"))


def small_rubric(grading: Grading) -> Rubric:
    tenths = indicator(PerItemRule(points=0.1, cap=1), 1, "x.tenths")
    thirds = indicator(PerItemRule(points=0.33, cap=1), 1, "x.thirds")
    return Rubric(
        id="small",
        title="小表",
        year=2022,
        body="某科协",
        max_total=2,
        categories=[Category(id="c", name="类", points=2, groups=[Group(name="组", indicators=[tenths, thirds])])],
        grading=grading,
    )


BANDS = [GradeBand(grade="优秀", min=1.5), GradeBand(grade="合格", min=0.5), GradeBand(grade="不合格", min=0)]


def test_totals_add_up_exactly_to_the_numbers_shown():
    rubric = small_rubric(Grading(bands=BANDS))
    sheet = score(rubric, {"x.tenths": items(3), "x.thirds": items(3)})
    assert [r.score for r in sheet.results] == [0.3, 0.99]
    assert sheet.total == 1.29 and sheet.category_scores == {"c": 1.29}


def test_facts_for_an_indicator_the_rubric_lacks_are_refused():
    with pytest.raises(ValueError, match="x.missing"):
        score(small_rubric(Grading(bands=BANDS)), {"x.missing": items(1)})


def test_threshold_grades_by_the_first_band_reached():
    rubric = small_rubric(Grading(bands=BANDS))
    assert [grade_total(rubric, t) for t in (2, 1.5, 1.49, 0.5, 0)] == ["优秀", "优秀", "合格", "合格", "不合格"]
    assert grade_total(rubric, 2, vetoed=True) == "不合格"


def test_batch_by_shares_ranks_and_keeps_ties_together():
    grading = Grading(method="rank", bands=BANDS, shares={"优秀": 0.2, "良好": 0.5, "合格": 0.3})
    rubric = small_rubric(grading)
    totals = [95, 60, 88, 88, 70, 99, 40, 75, 82, 91, 30]
    vetoed = [False] * 10 + [True]
    grades = grade_batch(rubric, totals, vetoed)
    # 10 ranked: top 2 优秀 (99, 95), next 5 良好 (91, 88, 88, 82, 75), the rest 合格.
    assert grades == ["优秀", "合格", "良好", "良好", "合格", "优秀", "合格", "良好", "良好", "良好", "不合格"]
    tie = grade_batch(rubric, [90, 90, 80, 70, 60], [False] * 5)
    assert tie[:2] == ["优秀", "优秀"]


def test_batch_without_shares_uses_the_bands():
    rubric = small_rubric(Grading(method="rank", bands=BANDS))
    assert grade_batch(rubric, [1.6, 0.7, 0.2, 1.9], [False, False, False, True]) == ["优秀", "合格", "不合格", "不合格"]
    with pytest.raises(ValueError):
        grade_batch(rubric, [1.0], [])
